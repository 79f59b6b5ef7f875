package tot.model;

import java.util.function.IntFunction;

/**
 * Paths that name the calling process's own things, recorded as what they name: /dev/fd/N,
 * /dev/stdin|stdout|stderr and /proc/self/fd/N are the fd's file; /proc/self and
 * /proc/thread-self are /proc/PID and /proc/PID/task/TID (they stay as they are when the pid
 * is unknown: a strace log without pids). The tracer and the strace replay resolve them alike
 * (a pipe opened as /dev/fd/63 is that pipe in both).
 */
public final class ProcessPaths {
    private ProcessPaths() {}

    /**
     * {@code p} (absolute, normal) as recorded; {@code fdPath} gives an fd's path, or null when
     * it is not known (the path then stays as it is).
     */
    public static String resolve(String p, IntFunction<String> fdPath, int tgid, int tid) {
        int fd = fdNamed(p);
        String target = fd >= 0 ? fdPath.apply(fd) : null;
        if (target != null || p.startsWith("/dev/")) return target != null ? target : p;
        if (!p.startsWith("/proc/")) return p;
        if (tgid <= 0) return p; // a log without pids: which process it is, is unknown
        if (p.equals("/proc/self") || p.startsWith("/proc/self/")) return "/proc/" + tgid + p.substring(10);
        if (p.equals("/proc/thread-self") || p.startsWith("/proc/thread-self/")) {
            return "/proc/" + tgid + "/task/" + tid + p.substring(17);
        }
        return p;
    }

    /** The calling process's fd that {@code p} names (/dev/stdin…, /dev/fd/N, /proc/self/fd/N), else -1. */
    public static int fdNamed(String p) {
        return switch (p) {
            case "/dev/stdin" -> 0;
            case "/dev/stdout" -> 1;
            case "/dev/stderr" -> 2;
            default -> p.startsWith("/dev/fd/") ? number(p, 8) : p.startsWith("/proc/self/fd/") ? number(p, 14) : -1;
        };
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
}
