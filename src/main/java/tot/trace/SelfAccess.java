package tot.trace;

import java.util.Set;
import tot.model.OpenFlags;

/**
 * Which opens of /proc would let a traced program read or change tot itself (tot's process is
 * not dumpable, which stops a program without CAP_SYS_PTRACE; this also stops root's): tot's
 * memory, its open files (fd/, map_files/) and any /proc file of tot opened for writing. Reading
 * tot's status, stat or cmdline (ps, psutil) stays allowed. Paths are compared as resolved
 * lexically, so a symlink into /proc is not caught: README says so.
 */
final class SelfAccess {
    private SelfAccess() {}

    static boolean forbids(String path, OpenFlags flags, Set<Integer> totIds) {
        ProcPath p = ProcPath.of(path);
        if (p == null || !totIds.contains(p.id())) return false;
        if (flags.accessMode() != OpenFlags.O_RDONLY) return true;
        return p.rest().equals("mem") || p.rest().startsWith("fd/") || p.rest().startsWith("map_files/");
    }

    /** A path below /proc/ID/ (ID a number, not self): the process and what of it, /proc/ID/task/TID/ taken as /proc/ID/. */
    record ProcPath(int id, String rest) {
        static ProcPath of(String path) {
            if (!path.startsWith("/proc/")) return null;
            int slash = path.indexOf('/', 6);
            int id = number(slash < 0 ? path.substring(6) : path.substring(6, slash));
            if (id < 0) return null;
            String rest = slash < 0 ? "" : path.substring(slash + 1);
            if (rest.startsWith("task/")) { // /proc/ID/task/TID/…: the same process seen from one thread
                int next = rest.indexOf('/', 5);
                rest = next < 0 ? "" : rest.substring(next + 1);
            }
            return new ProcPath(id, rest);
        }
    }

    private static int number(String s) {
        if (s.isEmpty() || s.length() > 9) return -1;
        for (int i = 0; i < s.length(); i++) if (s.charAt(i) < '0' || s.charAt(i) > '9') return -1;
        return Integer.parseInt(s);
    }
}
