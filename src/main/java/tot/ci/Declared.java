package tot.ci;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tot.util.ByteStrings;
import tot.util.LexicalPath;

/**
 * The inputs a build declares, for `tot check`: files named in lists (one path per line, or
 * NUL-separated when the list holds a NUL byte; a line ending in CR loses it; a line in double
 * quotes is a C string, as `tot inputs` writes unusual names), patterns (Glob) and depfiles
 * (every target and prerequisite). Relative names are read against the current directory.
 */
public final class Declared {
    private final String cwd;
    private final Set<String> files = new HashSet<>();
    private final List<Glob> globs = new ArrayList<>();

    public Declared(String cwd) {
        this.cwd = cwd;
    }

    /** Adds the paths of a list file's bytes. */
    public Declared list(byte[] content) {
        boolean nul = false;
        for (byte b : content) if (b == 0) nul = true;
        int start = 0;
        for (int i = 0; i <= content.length; i++) {
            if (i == content.length || content[i] == (nul ? 0 : '\n')) {
                int end = i;
                if (!nul && end > start && content[end - 1] == '\r') end--;
                if (end > start) add(unquote(ByteStrings.decode(java.util.Arrays.copyOfRange(content, start, end))));
                start = i + 1;
            }
        }
        return this;
    }

    public Declared glob(String pattern) {
        globs.add(Glob.of(pattern, cwd));
        return this;
    }

    /** Adds every name in a depfile's bytes (targets and prerequisites). */
    public Declared depfile(byte[] content) {
        for (MakeDeps.Rule r : MakeDeps.parse(content)) {
            add(r.target());
            r.prerequisites().forEach(this::add);
        }
        return this;
    }

    /** Adds {@code name}, also as named through its directory's real path (a symlinked checkout: `$PWD/src/a.c`). */
    private void add(String name) {
        String path = LexicalPath.resolve(cwd, name);
        files.add(path);
        String real = PathFilter.viaRealDirectory(path);
        if (real != null) files.add(real);
    }

    /** Whether the declarations name {@code path} (absolute). */
    public boolean covers(String path) {
        if (files.contains(path)) return true;
        for (Glob g : globs) if (g.matches(path)) return true;
        return false;
    }

    /** How many files and patterns were declared. */
    public int size() {
        return files.size() + globs.size();
    }

    /** A C string in double quotes back to its text (\\, \", \n, \t, \r, \NNN octal); anything else as it is. */
    static String unquote(String line) {
        if (line.length() < 2 || !line.startsWith("\"") || !line.endsWith("\"")) return line;
        StringBuilder sb = new StringBuilder();
        String body = line.substring(1, line.length() - 1);
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c != '\\' || i + 1 >= body.length()) {
                sb.append(c);
                continue;
            }
            char e = body.charAt(++i);
            switch (e) {
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case 'r' -> sb.append('\r');
                default -> {
                    if (e >= '0' && e <= '3' && i + 2 < body.length() && body.substring(i, i + 3).matches("[0-7]{3}")) {
                        int b = Integer.parseInt(body.substring(i, i + 3), 8);
                        sb.append(b < 0x80 ? (char) b : (char) (0xdc00 | b)); // a byte that is not UTF-8, as ByteStrings holds it
                        i += 2;
                    } else {
                        sb.append(e);
                    }
                }
            }
        }
        // as bytes and back: octal bytes that form UTF-8 (\302\233, as FileListing.plain writes U+009B) are that character
        return ByteStrings.decode(ByteStrings.encode(sb.toString()));
    }
}
