package tot.model;

/**
 * Paths that name a process's things, recorded as what they name: /dev/fd/N,
 * /dev/stdin|stdout|stderr and /proc/self/fd/N are the caller's fd's file, and so is
 * /proc/PID/fd/N of the caller's own process (also under task/TID/, and /proc/thread-self/fd/N:
 * another process's table may lack what it received or closed, and in a pid namespace of its
 * own a number is another process); a name below one (/proc/self/fd/3/out.txt, the kernel
 * following the link to fd 3's directory) is that name below the fd's directory, and a name below
 * the process's /proc/PID/cwd or /proc/PID/root one below its working or root directory; /proc/self
 * and /proc/thread-self are /proc/PID and /proc/PID/task/TID (they stay as they are when the pid
 * is unknown: a strace log without pids). The tracer and the strace replay resolve them alike
 * (a pipe opened as /dev/fd/63 is that pipe in both).
 */
public final class ProcessPaths {
    private ProcessPaths() {}

    /** What the model knows of a task's fds and directories; null where it does not. */
    public interface Places {
        /** What fd {@code fd} of task {@code tid} is open on. */
        String fdPath(int tid, int fd);

        /** Task {@code tid}'s working directory. */
        String cwd(int tid);

        /** Task {@code tid}'s root directory (chroot's). */
        String root(int tid);
    }

    /**
     * {@code p} (absolute, normal) as task {@code tid} of process {@code tgid} names it, as
     * recorded; what {@code places} does not know stays as it is.
     */
    public static String resolve(String p, Places places, int tgid, int tid) {
        int fd = fdNamed(p);
        if (fd >= 0) {
            String named = below(places.fdPath(tid, fd), p, p.indexOf('/', p.startsWith("/dev/") ? 8 : 14));
            if (named != null) return named;
        }
        if (!p.startsWith("/proc/")) return p;
        if (tgid <= 0) return p; // a log without pids: which process it is, is unknown
        String proc = p;
        if (p.equals("/proc/self") || p.startsWith("/proc/self/")) proc = "/proc/" + tgid + p.substring(10);
        else if (p.equals("/proc/thread-self") || p.startsWith("/proc/thread-self/")) {
            proc = "/proc/" + tgid + "/task/" + tid + p.substring(17);
        }
        return own(proc, places, tgid);
    }

    /**
     * {@code /proc/PID[/task/TID]/{fd/N,cwd,root}[/NAME]} of process {@code tgid} as what it
     * names, anything else as it is.
     */
    private static String own(String p, Places places, int tgid) {
        int end = p.indexOf('/', 6);
        if (end < 0 || number(p, 6, end) != tgid) return p;
        int task = tgid, at = end;
        if (p.startsWith("/task/", at)) {
            int taskEnd = p.indexOf('/', at + 6);
            task = taskEnd < 0 ? -1 : number(p, at + 6, taskEnd);
            if (task < 0) return p;
            at = taskEnd;
        }
        String named;
        int rest;
        if (p.startsWith("/fd/", at)) {
            rest = p.indexOf('/', at + 4);
            int fd = number(p, at + 4, rest < 0 ? p.length() : rest);
            named = fd < 0 ? null : places.fdPath(task, fd);
        } else if (p.startsWith("/cwd", at) && (p.length() == at + 4 || p.charAt(at + 4) == '/')) {
            rest = p.length() == at + 4 ? -1 : at + 4;
            named = places.cwd(task);
        } else if (p.startsWith("/root", at) && (p.length() == at + 5 || p.charAt(at + 5) == '/')) {
            rest = p.length() == at + 5 ? -1 : at + 5;
            named = places.root(task);
        } else {
            return p;
        }
        String out = below(named, p, rest);
        return out != null ? out : p;
    }

    /**
     * What {@code p} names when its part before {@code rest} (-1: all of it) names {@code named}:
     * {@code named} itself, or the rest below it when it is a directory's path; null when unknown.
     */
    private static String below(String named, String p, int rest) {
        if (named == null || rest < 0) return named;
        if (!named.startsWith("/")) return null; // a pipe, a socket: nothing below it
        return named.equals("/") ? p.substring(rest) : named + p.substring(rest);
    }

    /**
     * The calling process's fd that {@code p} names, or names a file below (/dev/stdin…,
     * /dev/fd/N[/NAME], /proc/self/fd/N[/NAME]), else -1.
     */
    public static int fdNamed(String p) {
        return switch (p) {
            case "/dev/stdin" -> 0;
            case "/dev/stdout" -> 1;
            case "/dev/stderr" -> 2;
            default -> p.startsWith("/dev/fd/") ? leadingNumber(p, 8) : p.startsWith("/proc/self/fd/") ? leadingNumber(p, 14) : -1;
        };
    }

    /** The number from {@code from} up to the next '/' or the end, or -1. */
    private static int leadingNumber(String p, int from) {
        int end = p.indexOf('/', from);
        return number(p, from, end < 0 ? p.length() : end);
    }

    /** {@code p}'s characters [from, to) as a non-negative int, or -1. */
    private static int number(String p, int from, int to) {
        if (from >= to || to - from > 9) return -1;
        int n = 0;
        for (int i = from; i < to; i++) {
            char c = p.charAt(i);
            if (c < '0' || c > '9') return -1;
            n = n * 10 + (c - '0');
        }
        return n;
    }
}
