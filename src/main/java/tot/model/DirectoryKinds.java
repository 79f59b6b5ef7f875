package tot.model;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import tot.util.LexicalPath;

/**
 * Which paths are directories, as far as the trace shows and until it shows a change: made by
 * mkdir, opened with O_DIRECTORY, a working directory, or a front-end saw the opened file's type
 * (ptrace: /proc at the exit stop; eBPF: the inode at the exit). A directory is never an input,
 * and a record written after the run cannot look one up that the run removed (a temp directory
 * Python's shutil.rmtree opened without O_DIRECTORY). What the trace does not show (another
 * program replacing a file by a directory) is missed; such a path is then looked up when the
 * record is written, as an unknown one is.
 */
final class DirectoryKinds {
    /**
     * Path → whether it is a directory; absent: unknown. Every path above a known one is known to
     * be a directory (it had that path below it), so a path with nothing known below it holds
     * nothing the trace saw.
     */
    private final Map<String, Boolean> kinds = new HashMap<>();
    /** Symlinks the trace saw made: not directories themselves (a renamed one is an output), whatever is read through them. */
    private final Set<String> links = new HashSet<>();

    /** Whether {@code path} is a directory: true, false, or null when the trace has not shown it. */
    Boolean isDirectory(String path) {
        return kinds.get(path);
    }

    /** What an open of {@code path} opened; a symlink's is its target's, not kept (the link itself is no directory). */
    void saw(String path, boolean directory) {
        if (!links.contains(path)) kinds.put(path, directory);
        parentsOf(path);
    }

    /** The paths above {@code path} are directories: it is (or was just made) in them. */
    void parentsOf(String path) {
        for (int i = path.lastIndexOf('/'); i > 0; i = path.lastIndexOf('/', i - 1)) {
            String parent = path.substring(0, i);
            if (links.contains(parent)) continue; // reached through a symlink: the link stays one
            if (Boolean.TRUE.equals(kinds.put(parent, true))) return; // known above: its parents are too
        }
    }

    /** {@code path} was removed (unlink, rmdir): nothing is known of it. */
    void forget(String path) {
        kinds.remove(path);
        links.remove(path);
    }

    /** symlink made {@code path}: what it is read as is its target's, unknown here; it is no directory itself. */
    void link(String path) {
        kinds.remove(path);
        links.add(path);
        parentsOf(path);
    }

    /**
     * rename(from, to): {@code to} is what {@code from} was, in directories, and what a renamed
     * directory holds moved with it. What {@code to} held, if it was an empty directory, held nothing.
     */
    void renamed(String from, String to) {
        Boolean kind = kinds.remove(from);
        if (kind == null) kinds.remove(to);
        else kinds.put(to, kind);
        if (links.remove(from)) links.add(to);
        else links.remove(to);
        parentsOf(to);
        if (Boolean.TRUE.equals(kind)) swap(from, to, false);
    }

    /** RENAME_EXCHANGE: the two paths swap what they are, and what they hold. */
    void exchanged(String a, String b) {
        Boolean kindA = kinds.remove(a), kindB = kinds.remove(b);
        if (kindA != null) kinds.put(b, kindA);
        if (kindB != null) kinds.put(a, kindB);
        if (Boolean.TRUE.equals(kindA) || Boolean.TRUE.equals(kindB)) swap(a, b, true);
    }

    /** What is below {@code a} goes below {@code b}; and what is below {@code b} below {@code a} when {@code both}, else it is gone. */
    private void swap(String a, String b, boolean both) {
        Map<String, Boolean> moved = new HashMap<>();
        for (var it = kinds.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            String path = e.getKey(), toB = LexicalPath.moved(path, a, b), toA = LexicalPath.moved(path, b, a);
            if (path.equals(a) || path.equals(b) || (toB == null && toA == null)) continue;
            it.remove();
            if (toB != null) moved.put(toB, e.getValue());
            else if (both) moved.put(toA, e.getValue());
        }
        kinds.putAll(moved);
    }
}
