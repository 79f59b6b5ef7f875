package tot.trace;

import static tot.sys.Linux.AT_FDCWD;

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

    /** /dev/fd/N, /dev/std*, /proc/self/fd/N → the fd's path; /proc/self → /proc/PID. */
    private static String processRelative(Task t, FdLookup fds, String p) {
        if (p.startsWith("/dev/")) {
            int fd = switch (p) {
                case "/dev/stdin" -> 0;
                case "/dev/stdout" -> 1;
                case "/dev/stderr" -> 2;
                default -> p.startsWith("/dev/fd/") ? number(p, 8) : -1;
            };
            if (fd >= 0) {
                String target = fds.path(t, fd);
                return target != null ? target : p;
            }
            return p;
        }
        if (p.startsWith("/proc/self/fd/")) {
            int fd = number(p, 14);
            String target = fd >= 0 ? fds.path(t, fd) : null;
            if (target != null) return target;
        }
        if (p.equals("/proc/self") || p.startsWith("/proc/self/")) return "/proc/" + t.proc.tgid + p.substring(10);
        if (p.equals("/proc/thread-self") || p.startsWith("/proc/thread-self/")) {
            return "/proc/" + t.proc.tgid + "/task/" + t.tid + p.substring(17);
        }
        return p;
    }

    /** The whole rest of {@code p} from {@code from} as a non-negative int, or -1. */
    private static int number(String p, int from) {
        if (from >= p.length() || p.length() - from > 9) return -1;
        int n = 0;
        for (int i = from; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c < '0' || c > '9') return -1;
            n = n * 10 + (c - '0');
        }
        return n;
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
