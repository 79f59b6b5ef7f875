package tot.ci;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import tot.util.LexicalPath;

/**
 * A shell-style pattern for paths, as .gitignore reads them: one without a slash matches a file
 * name in any directory ({@code *.o}); one with a slash matches the whole path, relative to the
 * current directory unless it begins with one ({@code build/**}, {@code /usr/**}). A pattern
 * that matches a directory above a path matches the path (what is below {@code vendor} or
 * {@code /abs/vendor}); one ending in a slash matches directories only ({@code vendor/}: a
 * name in any directory, as the slash at the end does not count), so only what is below them. {@code *}
 * and {@code ?} stay within a name, {@code **} crosses directories ({@code a/**}{@code /b}: also
 * a/b), {@code [abc]}, {@code [a-z]} and {@code [!a]} match one character, a backslash quotes
 * the next one. Matched against paths as Java strings (bytes that are not UTF-8 are the lone
 * surrogates of ByteStrings: a pattern can match them only with ? or *).
 */
public final class Glob {
    private final String text;
    private final boolean nameOnly;
    /** Ending in a slash: it matches directories, so only paths below one. */
    private final boolean directoriesOnly;
    private final Pattern pattern;
    /** The pattern with the directories it names literally at its start taken by their real path (null: the same). */
    private final Pattern realPattern;

    private Glob(String text, boolean nameOnly, boolean directoriesOnly, Pattern pattern, Pattern realPattern) {
        this.text = text;
        this.nameOnly = nameOnly;
        this.directoriesOnly = directoriesOnly;
        this.pattern = pattern;
        this.realPattern = realPattern;
    }

    /** {@code glob} read against the directory {@code cwd}; a usage error when it is malformed. */
    public static Glob of(String glob, String cwd) {
        if (glob.isEmpty()) throw new IllegalArgumentException("an empty pattern");
        String body = glob;
        while (body.length() > 1 && body.endsWith("/")) body = body.substring(0, body.length() - 1);
        boolean directoriesOnly = body.length() < glob.length();
        boolean nameOnly = body.indexOf('/') < 0;
        String whole = nameOnly || body.startsWith("/") ? body : cwd + "/" + body;
        if (!nameOnly) whole = LexicalPath.normalize(whole);
        String real = nameOnly ? null : literalPrefixViaRealPath(whole);
        try {
            return new Glob(glob, nameOnly, directoriesOnly, Pattern.compile(regex(whole), Pattern.DOTALL),
                    real == null ? null : Pattern.compile(regex(real), Pattern.DOTALL));
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("pattern '" + glob + "': " + e.getDescription());
        }
    }

    /** Whether the absolute path {@code path} matches: itself (unless directories only) or a directory above it. */
    public boolean matches(String path) {
        if (!directoriesOnly && matchesItself(path)) return true;
        for (int end = path.lastIndexOf('/'); end > 0; end = path.lastIndexOf('/', end - 1)) {
            if (matchesItself(path.substring(0, end))) return true;
        }
        return false;
    }

    private boolean matchesItself(String path) {
        String subject = nameOnly ? path.substring(path.lastIndexOf('/') + 1) : path;
        return pattern.matcher(subject).matches() || realPattern != null && realPattern.matcher(subject).matches();
    }

    /**
     * {@code whole} (absolute) with the directory it names literally before its first wildcard or
     * quote (or the nearest one above it that exists) taken by its real path, as recorded paths
     * have it (`$PWD/src/**` in a symlinked checkout); null when that is the same or none exists.
     */
    private static String literalPrefixViaRealPath(String whole) {
        int special = whole.length();
        for (char c : new char[] {'*', '?', '[', '\\'}) {
            int i = whole.indexOf(c);
            if (i >= 0 && i < special) special = i;
        }
        int slash = whole.lastIndexOf('/', special == whole.length() ? whole.length() - 1 : special);
        String real = null;
        while (slash > 0 && (real = PathFilter.realPath(whole.substring(0, slash))) == null) { // the nearest that exists
            slash = whole.lastIndexOf('/', slash - 1);
        }
        if (real == null || real.equals(whole.substring(0, slash))) return null;
        StringBuilder quoted = new StringBuilder(); // the real name read literally, whatever it holds
        for (char c : real.toCharArray()) quoted.append("*?[\\".indexOf(c) >= 0 ? "\\" : "").append(c);
        return quoted + whole.substring(slash);
    }

    @Override
    public String toString() {
        return text;
    }

    private static String regex(String glob) {
        StringBuilder sb = new StringBuilder();
        int n = glob.length();
        for (int i = 0; i < n; i++) {
            char c = glob.charAt(i);
            switch (c) {
                case '*' -> {
                    if (i + 1 < n && glob.charAt(i + 1) == '*') {
                        i++;
                        if (i + 1 < n && glob.charAt(i + 1) == '/') { // **/ : any directories, or none
                            i++;
                            sb.append("(?:.*/)?");
                        } else {
                            sb.append(".*");
                        }
                    } else {
                        sb.append("[^/]*");
                    }
                }
                case '?' -> sb.append("[^/]");
                case '[' -> {
                    int first = i + 1 < n && (glob.charAt(i + 1) == '!' || glob.charAt(i + 1) == '^') ? i + 2 : i + 1;
                    int close = glob.indexOf(']', first + 1); // a ] first in the class is a member
                    if (first >= n || close < 0) {
                        sb.append("\\[");
                        break;
                    }
                    sb.append(first == i + 2 ? "[^/" : "[");
                    for (int k = first; k < close; k++) {
                        char m = glob.charAt(k);
                        sb.append(m == '-' || Character.isLetterOrDigit(m) ? String.valueOf(m) : "\\" + m);
                    }
                    sb.append(']');
                    i = close;
                }
                case '\\' -> {
                    if (i + 1 < n) sb.append(Pattern.quote(String.valueOf(glob.charAt(++i))));
                    else sb.append("\\\\");
                }
                default -> sb.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return sb.toString();
    }
}
