package tot.trace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import tot.util.LexicalPath;

/**
 * Where a path with `..` leads when a symlink to a directory comes before it: the kernel takes
 * `..` physically (`link/../x` is `x` beside the link's target), the model lexically (`x` beside
 * the link). The part up to the last `..` is asked of the file system: when it names the same
 * directory as the lexical form, or the next component, a directory the walk goes through,
 * is the same directory under both (a merged /usr's `/lib/../lib/…`), the lexical name stays,
 * the common case; otherwise the directory's real path takes its place. A last component is
 * never compared so: it is an entry of its own (a hard link or a symlink beside the target's
 * is another entry, which an unlink or a rename would not touch).
 * The ptrace front-end asks while the task is stopped at the call; the eBPF front-end after the
 * fact (a symlink changed since is the one miss, as for a chdir). Answers are kept per prefix
 * until the trace changes the tree (a rename, a removal, a new link or directory).
 */
final class DotDotPaths {
    /** Prefixes kept at most: a program naming ever new ones costs a stat each, never memory. */
    private static final int KEPT = 4096;

    /**
     * Each prefix as given (absolute, up to its last `..`) with the directory the walk enters
     * after it → the directory the prefix names: its lexical form when that comes to the same.
     */
    private final Map<String, String> directories = new HashMap<>();

    /** Whether {@code name} (as a program gave it) has a `..` component: only those can differ. */
    static boolean climbs(String name) {
        int at = name.indexOf("..");
        while (at >= 0) {
            boolean starts = at == 0 || name.charAt(at - 1) == '/';
            boolean ends = at + 2 == name.length() || name.charAt(at + 2) == '/';
            if (starts && ends) return true;
            at = name.indexOf("..", at + 1);
        }
        return false;
    }

    /**
     * The path the kernel resolves {@code given} to (absolute, not normalized, with a `..`), when
     * it differs from {@code lexical} (the model's normal form of it); else {@code lexical}.
     */
    String resolve(String given, String lexical) {
        int last = given.lastIndexOf("/..");
        while (last >= 0 && !(last + 3 == given.length() || given.charAt(last + 3) == '/')) last = given.lastIndexOf("/..", last - 1);
        if (last < 0) return lexical;
        String head = given.substring(0, last + 3), rest = given.substring(Math.min(given.length(), last + 4));
        String next = rest.indexOf('/') < 0 ? "" : rest.substring(0, rest.indexOf('/')); // a directory walked through
        if (directories.size() >= KEPT) directories.clear();
        String lexicalHead = LexicalPath.normalize(head);
        String dir = directories.computeIfAbsent(head + "/" + next, k -> directory(head, lexicalHead, next));
        return dir.equals(lexicalHead) ? lexical : LexicalPath.resolve(dir, rest.isEmpty() ? "." : rest);
    }

    /** The trace changed the tree: what was asked may have changed. */
    void forget() {
        directories.clear();
    }

    private static String directory(String head, String lexicalHead, String next) {
        try {
            Path real = Path.of(head).toRealPath(), named = Path.of(lexicalHead);
            if (same(named, real) || (!next.isEmpty() && same(named.resolve(next), real.resolve(next)))) return lexicalHead;
            return real.toString();
        } catch (IOException | InvalidPathException e) {
            return lexicalHead; // not there (the call failed), or no name Java takes: as named
        }
    }

    private static boolean same(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return false; // one is not there: not the same
        }
    }
}
