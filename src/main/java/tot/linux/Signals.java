package tot.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/** kill(2) from any thread (the tracer's {@link Kernel} is confined to its own thread). */
public final class Signals {
    private Signals() {}

    /** Sends {@code signal} to {@code pid}; false when it failed (e.g. the process is gone). */
    public static boolean kill(int pid, int signal) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment capture = arena.allocate(Libc.CAPTURE_LAYOUT);
            return Libc.syscall(capture, Linux.SYS_kill, pid, signal, 0, 0, 0, 0) == 0;
        }
    }

    /**
     * The signal {@link #wakeOnSignal} prepares: a real-time one that neither the JVM nor glibc
     * uses (glibc takes 32 and 33; SIGRTMIN is 34).
     */
    public static final int WAKE = 40;

    /**
     * Makes {@link #WAKE} interrupt a blocking system call of the thread it is sent to
     * ({@code wait4} returns EINTR): a handler without SA_RESTART (every handler the JVM installs
     * restarts). The handler is libc's getpid, an async-signal-safe no-op, never Java code.
     * Process-wide; call once.
     */
    public static void wakeOnSignal() throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment capture = arena.allocate(Libc.CAPTURE_LAYOUT);
            installNoOp(arena, capture, glibcRestorer(arena, capture), WAKE, 0);
        }
    }

    /**
     * Gives each signal of {@code signals} whose action is the default a handler that does
     * nothing (libc's getpid, as for {@link #WAKE}; SA_RESTART: no call is cut short): signals
     * whose default ends the process and that neither tot nor the JVM handles, which reach tot
     * when sent to its process group from outside. A handler,
     * unlike SIG_IGN, is reset at exec, so a spawned command still gets the default. Signals
     * ignored or handled already are left as they are, and so are glibc's own (32, 33) where
     * glibc's sigaction has to serve (it refuses them). {@link #WAKE} may be shielded first:
     * {@link #wakeOnSignal} replaces its handler.
     */
    public static void shield(int... signals) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment old = arena.allocate(KERNEL_SIGACTION, 8);
            MemorySegment capture = arena.allocate(Libc.CAPTURE_LAYOUT);
            long restorer = glibcRestorer(arena, capture);
            for (int signal : signals) {
                if (restorer == 0 && (signal == 32 || signal == 33)) continue; // glibc's sigaction refuses its own
                if (Libc.syscall(capture, Linux.SYS_rt_sigaction, signal, 0, old.address(), 8, 0, 0) != 0) {
                    throw new ErrnoException("rt_sigaction", Libc.errno(capture));
                }
                if (old.get(java.lang.foreign.ValueLayout.JAVA_LONG, 0) != Linux.SIG_DFL) continue;
                installNoOp(arena, capture, restorer, signal, SA_RESTART);
            }
        }
    }

    /**
     * Gives {@code signal} libc's getpid as its handler (an async-signal-safe no-op, never Java
     * code), with {@code flags}, through the system call tot links anyway: glibc's sigaction would
     * be one more downcall to link, on every start's critical path. A handler needs a restorer to
     * return through on x86-64, which glibc keeps to itself: the one in an action glibc installed
     * ({@link #glibcRestorer}) serves; without one (0), glibc's sigaction.
     */
    private static void installNoOp(Arena arena, MemorySegment capture, long restorer, int signal, int flags) throws ErrnoException {
        MemorySegment handler = Libc.findOrThrow("getpid");
        if (restorer == 0) {
            MemorySegment act = arena.allocate(Structs.sigaction.LAYOUT); // zeroed: empty mask
            act.set(java.lang.foreign.ValueLayout.ADDRESS, Structs.sigaction.sa_handler$offset, handler);
            act.set(java.lang.foreign.ValueLayout.JAVA_INT, Structs.sigaction.sa_flags$offset, flags);
            if (Libc.sigaction(capture, signal, act, MemorySegment.NULL) != 0) throw new ErrnoException("sigaction", Libc.errno(capture));
            return;
        }
        MemorySegment act = arena.allocate(KERNEL_SIGACTION, 8); // the mask zeroed: empty
        act.set(java.lang.foreign.ValueLayout.JAVA_LONG, 0, handler.address());
        act.set(java.lang.foreign.ValueLayout.JAVA_LONG, 8, Integer.toUnsignedLong(flags | SA_RESTORER));
        act.set(java.lang.foreign.ValueLayout.JAVA_LONG, 16, restorer);
        if (Libc.syscall(capture, Linux.SYS_rt_sigaction, signal, act.address(), 0, 8, 0, 0) != 0) {
            throw new ErrnoException("rt_sigaction", Libc.errno(capture));
        }
    }

    /** The restorer of the first fault handler glibc installed for the JVM, or 0. */
    private static long glibcRestorer(Arena arena, MemorySegment capture) {
        MemorySegment old = arena.allocate(KERNEL_SIGACTION, 8);
        for (int fault : new int[] {Linux.SIGSEGV, Linux.SIGBUS, Linux.SIGFPE, Linux.SIGILL}) {
            if (Libc.syscall(capture, Linux.SYS_rt_sigaction, fault, 0, old.address(), 8, 0, 0) != 0) continue;
            long flags = old.get(java.lang.foreign.ValueLayout.JAVA_LONG, 8), restorer = old.get(java.lang.foreign.ValueLayout.JAVA_LONG, 16);
            if ((flags & SA_RESTORER) != 0 && restorer != 0) return restorer;
        }
        return 0;
    }

    private static final int SA_RESTORER = 0x04000000;
    private static final int SA_RESTART = 0x10000000;

    /**
     * Sets {@code signal} back to its default action when it is ignored (SIG_IGN); otherwise
     * leaves it. The JVM will not install a handler on an ignored SIGINT, SIGTERM or SIGHUP
     * (sun.misc.Signal then keeps it ignored), so tot calls this first.
     */
    public static void unignore(int signal) throws ErrnoException {
        // the system call on the kernel's struct (the handler first), through the syscall downcall
        // tot links anyway: glibc's sigaction would be one more downcall to link at start
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment old = arena.allocate(KERNEL_SIGACTION, 8);
            MemorySegment capture = arena.allocate(Libc.CAPTURE_LAYOUT);
            if (Libc.syscall(capture, Linux.SYS_rt_sigaction, signal, 0, old.address(), 8, 0, 0) != 0) {
                throw new ErrnoException("rt_sigaction", Libc.errno(capture));
            }
            if (old.get(java.lang.foreign.ValueLayout.JAVA_LONG, 0) != Linux.SIG_IGN) return;
            MemorySegment dfl = arena.allocate(KERNEL_SIGACTION, 8); // zeroed: SIG_DFL, no flags, empty mask
            if (Libc.syscall(capture, Linux.SYS_rt_sigaction, signal, dfl.address(), 0, 8, 0, 0) != 0) {
                throw new ErrnoException("rt_sigaction", Libc.errno(capture));
            }
        }
    }

    /**
     * Runs {@code action} with this thread's signals blocked, all but those a fault raises
     * (SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP, SIGSYS): the JVM takes its own faults as signals
     * (the null checks and safepoint polls of compiled code), and the kernel ends a process
     * whose thread faults with that signal blocked — silently, exit 139, no hs_err.
     */
    public static <T> T blockingAsynchronous(Action<T> action) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment capture = arena.allocate(Libc.CAPTURE_LAYOUT);
            MemorySegment block = arena.allocate(8, 8), old = arena.allocate(8, 8);
            block.set(java.lang.foreign.ValueLayout.JAVA_LONG, 0, ASYNCHRONOUS);
            if (Libc.syscall(capture, Linux.SYS_rt_sigprocmask, Linux.SIG_SETMASK, block.address(), old.address(), 8, 0, 0) != 0) {
                throw new ErrnoException("rt_sigprocmask", Libc.errno(capture));
            }
            try {
                return action.run();
            } finally {
                Libc.syscall(capture, Linux.SYS_rt_sigprocmask, Linux.SIG_SETMASK, old.address(), 0, 8, 0, 0);
            }
        }
    }

    /** Every signal but those a fault raises (bit N-1: signal N); the kernel leaves SIGKILL and SIGSTOP out. */
    static final long ASYNCHRONOUS = ~(bit(Linux.SIGSEGV) | bit(Linux.SIGBUS) | bit(Linux.SIGILL) | bit(Linux.SIGFPE)
            | bit(Linux.SIGTRAP) | bit(Linux.SIGSYS));

    private static long bit(int signal) {
        return 1L << (signal - 1);
    }

    /** What runs while {@link #ignoring} holds signals ignored. */
    public interface Action<T> {
        T run() throws ErrnoException;
    }

    /**
     * Runs {@code action} with the signals of {@code mask} (bit N-1: signal N) ignored in this
     * process, then gives each its action back: a child spawned meanwhile keeps them ignored
     * across its exec, as a shell's {@code trap ''} would have it. Such a signal sent to tot in
     * that window is ignored too.
     */
    public static <T> T ignoring(long mask, Action<T> action) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment capture = arena.allocate(Libc.CAPTURE_LAYOUT);
            // the kernel's struct sigaction (handler, flags, restorer, mask), through the system
            // call: glibc refuses its own signals 32 and 33, and a saved action goes back exactly
            MemorySegment ign = arena.allocate(KERNEL_SIGACTION, 8);
            ign.set(java.lang.foreign.ValueLayout.JAVA_LONG, 0, Linux.SIG_IGN);
            MemorySegment[] old = new MemorySegment[65];
            try {
                for (int sig = 1; sig <= 64; sig++) {
                    if ((mask & (1L << (sig - 1))) == 0 || sig == Linux.SIGKILL || sig == Linux.SIGSTOP) continue;
                    MemorySegment saved = arena.allocate(KERNEL_SIGACTION, 8);
                    if (Libc.syscall(capture, Linux.SYS_rt_sigaction, sig, ign.address(), saved.address(), 8, 0, 0) != 0) {
                        throw new ErrnoException("rt_sigaction", Libc.errno(capture));
                    }
                    old[sig] = saved;
                }
                return action.run();
            } finally {
                for (int sig = 1; sig <= 64; sig++) {
                    if (old[sig] != null) Libc.syscall(capture, Linux.SYS_rt_sigaction, sig, old[sig].address(), 0, 8, 0, 0);
                }
            }
        }
    }

    private static final long KERNEL_SIGACTION = 32;

    /**
     * Ends this process by {@code signal} at its default action, with no core file (the core
     * size limit is set to 0 first, as strace does when it ends as its command did): a shell
     * tells a child killed by SIGINT from one that exited with 130 this way, and stops its
     * script only for the first. Returns only when the process survived it.
     */
    public static void dieBy(int signal) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment capture = arena.allocate(Libc.CAPTURE_LAYOUT);
            MemorySegment zeroed = arena.allocate(KERNEL_SIGACTION, 8); // SIG_DFL; a zero core limit; an empty mask
            Libc.syscall(capture, Linux.SYS_prlimit64, 0, RLIMIT_CORE, zeroed.address(), 0, 0, 0);
            if (signal != Linux.SIGKILL && signal != Linux.SIGSTOP) {
                Libc.syscall(capture, Linux.SYS_rt_sigaction, signal, zeroed.address(), 0, 8, 0, 0);
            }
            MemorySegment unblock = arena.allocate(8, 8);
            unblock.set(java.lang.foreign.ValueLayout.JAVA_LONG, 0, 1L << (signal - 1));
            Libc.syscall(capture, Linux.SYS_rt_sigprocmask, SIG_UNBLOCK, unblock.address(), 0, 8, 0, 0);
            tgkill((int) ProcessHandle.current().pid(), gettid(), signal);
        }
    }

    private static final int RLIMIT_CORE = 4;
    private static final int SIG_UNBLOCK = 1;

    /** Sends {@code signal} to thread {@code tid} of process {@code tgid}; false when it failed. */
    public static boolean tgkill(int tgid, int tid, int signal) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment capture = arena.allocate(Libc.CAPTURE_LAYOUT);
            return Libc.syscall(capture, Linux.SYS_tgkill, tgid, tid, signal, 0, 0, 0) == 0;
        }
    }

    /** The calling thread's kernel id. */
    public static int gettid() {
        try (Arena arena = Arena.ofConfined()) {
            return (int) Libc.syscall(arena.allocate(Libc.CAPTURE_LAYOUT), Linux.SYS_gettid, 0, 0, 0, 0, 0, 0);
        }
    }

    private static final String[] NAMES = {
        null, "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS", "SIGFPE", "SIGKILL",
        "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM", "SIGSTKFLT", "SIGCHLD", "SIGCONT",
        "SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU", "SIGXFSZ", "SIGVTALRM", "SIGPROF",
        "SIGWINCH", "SIGIO", "SIGPWR", "SIGSYS",
    };

    /**
     * The number of the signal named as tot writes it ({@link #name}'s inverse, strace's names),
     * or as event streams of earlier versions of tot did (glibc's {@code SIGRTMIN+n}, 34+n;
     * {@code SIGn}), or -1.
     */
    public static int number(String name) {
        int n = numberInStrace(name);
        if (n > 0) return n;
        String digits = name.startsWith("SIGRTMIN+") ? name.substring(9) : name.startsWith("SIG") ? name.substring(3) : "";
        if (digits.isEmpty() || digits.length() > 2 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) return -1;
        n = Integer.parseInt(digits) + (name.startsWith("SIGRTMIN+") ? 34 : 0);
        return n <= 64 ? n : -1;
    }

    /**
     * The number of a signal named as strace prints it, or -1. strace numbers the real-time
     * signals as the kernel does: SIGRTMIN is 32 and SIGRT_n is 32+n (checked against strace 6.1:
     * {@code kill -s 40} is SIGRT_8), while glibc's SIGRTMIN is 34.
     */
    public static int numberInStrace(String name) {
        if (name.equals("SIGRTMIN")) return 32;
        if (name.startsWith("SIGRT_")) {
            String digits = name.substring(6);
            if (digits.isEmpty() || digits.length() > 2 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) return -1;
            int n = 32 + Integer.parseInt(digits);
            return n <= 64 ? n : -1;
        }
        for (int i = 1; i < NAMES.length; i++) if (NAMES[i].equals(name)) return i;
        return -1;
    }

    /** The signal's name as strace prints it (SIGKILL; 32 SIGRTMIN, 32+n SIGRT_n: glibc's SIGRTMIN+2 is SIGRT_4). */
    public static String name(int signal) {
        if (signal > 0 && signal < NAMES.length) return NAMES[signal];
        if (signal >= 32 && signal <= 64) return signal == 32 ? "SIGRTMIN" : "SIGRT_" + (signal - 32);
        return "SIG" + signal;
    }
}
