package tot.trace;

import static tot.sys.Linux.AT_FDCWD;

import tot.record.ProcessPaths;
import tot.util.LexicalPath;

/** Makes a syscall's path absolute and normal, as the calling task sees it (lexically, like fptrace). */
final class PathResolver {
    private PathResolver() {}

    /**
     * {@code path} relative to {@code dirfd} (AT_FDCWD: cwd) of task {@code t}; the fd's own
     * path when {@code path} is empty and {@code emptyPath} (AT_EMPTY_PATH); null when it cannot
     * be known (bad pointer, unknown dirfd).
     */
    static String resolve(Task t, FdLookup fds, int dirfd, String path, boolean emptyPath) {
        if (path == null) return null;
        String base;
        if (path.isEmpty()) {
            if (!emptyPath) return null;
            return dirfd == AT_FDCWD ? t.fs.cwd : fds.path(t, dirfd);
        }
        if (path.charAt(0) == '/') base = null;
        else if (dirfd == AT_FDCWD) base = t.fs.cwd;
        else {
            base = fds.path(t, dirfd);
            if (base == null) return null;
        }
        String abs = base == null ? normalize(path) : LexicalPath.resolve(base, path);
        return processRelative(t, fds, abs);
    }

    /** /dev/fd/N, /dev/std*, /proc/self/fd/N → the fd's path; /proc/self → /proc/PID (see ProcessPaths). */
    private static String processRelative(Task t, FdLookup fds, String p) {
        if (!p.startsWith("/dev/") && !p.startsWith("/proc/")) return p; // most paths: no lambda made per stop
        return ProcessPaths.resolve(p, fd -> fds.path(t, fd), t.proc.tgid, t.tid);
    }

    /** Removes ".", "..", repeated and trailing slashes from an absolute path. */
    static String normalize(String p) {
        return LexicalPath.normalize(p);
    }

    /** How the resolver learns an fd's path (the tracer's table, falling back to /proc). */
    interface FdLookup {
        String path(Task t, int fd);
    }
}
