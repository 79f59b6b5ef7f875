package tot.model;

/**
 * Paths that name a process's things, recorded as what they name: /dev/fd/N,
 * /dev/stdin|stdout|stderr and /proc/self/fd/N are the caller's fd's file, and so is
 * /proc/PID/fd/N of the caller's own process (also under task/TID/, and /proc/thread-self/fd/N:
 * another process's table may lack what it received or closed, and in a pid namespace of its
 * own a number is another process); /proc/self
 * and /proc/thread-self are /proc/PID and /proc/PID/task/TID (they stay as they are when the pid
 * is unknown: a strace log without pids). The tracer and the strace replay resolve them alike
 * (a pipe opened as /dev/fd/63 is that pipe in both).
 */
public final class ProcessPaths {
    private ProcessPaths() {}

    /** What fd {@code fd} of task {@code tid} is open on, or null when it is not known. */
    public interface FdPaths {
        String path(int tid, int fd);
    }

    /**
     * {@code p} (absolute, normal) as task {@code tid} of process {@code tgid} names it, as
     * recorded; {@code fds} gives an fd's path, or null when it is not known (the path then stays
     * as it is).
     */
    public static String resolve(String p, FdPaths fds, int tgid, int tid) {
        int fd = fdNamed(p);
        String target = fd >= 0 ? fds.path(tid, fd) : null;
        if (target != null || p.startsWith("/dev/")) return target != null ? target : p;
        if (!p.startsWith("/proc/")) return p;
        if (tgid <= 0) return p; // a log without pids: which process it is, is unknown
        String proc = p;
        if (p.equals("/proc/self") || p.startsWith("/proc/self/")) proc = "/proc/" + tgid + p.substring(10);
        else if (p.equals("/proc/thread-self") || p.startsWith("/proc/thread-self/")) {
            proc = "/proc/" + tgid + "/task/" + tid + p.substring(17);
        }
        int[] taskFd = procFd(proc);
        target = taskFd != null && taskFd[0] == tgid ? fds.path(taskFd[1], taskFd[2]) : null;
        return target != null ? target : proc;
    }

    /** {process, task, fd} of /proc/PID/fd/N or /proc/PID/task/TID/fd/N, else null. */
    private static int[] procFd(String p) {
        int end = p.indexOf('/', 6);
        int pid = end < 0 ? -1 : number(p.substring(0, end), 6);
        if (pid < 0) return null;
        int task = pid, at = end;
        if (p.startsWith("/task/", at)) {
            int taskEnd = p.indexOf('/', at + 6);
            task = taskEnd < 0 ? -1 : number(p.substring(0, taskEnd), at + 6);
            if (task < 0) return null;
            at = taskEnd;
        }
        int fd = p.startsWith("/fd/", at) ? number(p, at + 4) : -1;
        return fd < 0 ? null : new int[] {pid, task, fd};
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
