package tot.linux;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The functions of native-headers/tot.h, in jextract's generated shape: one holder class per
 * symbol with DESC/ADDR/HANDLE, created lazily on first use (each handle costs start-up time).
 */
final class Libc {
    private Libc() {}

    static final Linker LINKER = Linker.nativeLinker();
    static final SymbolLookup LOOKUP = LINKER.defaultLookup();
    static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO =
            CAPTURE_LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    static MemorySegment findOrThrow(String symbol) {
        return LOOKUP.find(symbol).orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + symbol));
    }

    static int errno(MemorySegment capture) {
        return (int) ERRNO.get(capture, 0L);
    }

    /** {@code long syscall(long number, ...)} with six long arguments; errno captured. */
    private static final class syscall {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_LONG,
                JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG);
        static final MemorySegment ADDR = findOrThrow("syscall");
        static final MethodHandle HANDLE = LINKER.downcallHandle(ADDR, DESC,
                Linker.Option.firstVariadicArg(1), Linker.Option.captureCallState("errno"));
    }

    /**
     * A downcall to {@code fn} of the same shape as {@link #syscall}'s (seven longs in, a long out,
     * errno captured): the linker reuses that shape's stub, so linking it spins no classes. Only
     * for functions whose arguments are all integers or pointers (the unused ones are ignored by
     * the callee) and whose result is one (an int is the low half; void leaves garbage).
     */
    static MethodHandle syscallShaped(MemorySegment fn) {
        return LINKER.downcallHandle(fn, syscall.DESC, Linker.Option.firstVariadicArg(1), Linker.Option.captureCallState("errno"));
    }

    static long syscall(MemorySegment capture, long nr, long a, long b, long c, long d, long e, long f) {
        try {
            return (long) syscall.HANDLE.invokeExact(capture, nr, a, b, c, d, e, f);
        } catch (Throwable t) {
            throw new AssertionError("syscall downcall failed", t);
        }
    }

    /** {@code int posix_spawn(pid_t *, const char *, file_actions *, attr *, char *const argv[], char *const envp[])}. */
    private static final class posix_spawn {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT,
                ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS);
        static final MemorySegment ADDR = findOrThrow("posix_spawn");
        static final MethodHandle HANDLE = LINKER.downcallHandle(ADDR, DESC);
    }

    static int posix_spawn(MemorySegment pid, MemorySegment path, MemorySegment fileActions,
                           MemorySegment attr, MemorySegment argv, MemorySegment envp) {
        try {
            return (int) posix_spawn.HANDLE.invokeExact(pid, path, fileActions, attr, argv, envp);
        } catch (Throwable t) {
            throw new AssertionError("posix_spawn downcall failed", t);
        }
    }

    /**
     * posix_spawn's file actions, for a child that starts in another directory:
     * {@code posix_spawn_file_actions_init}, {@code _addchdir_np} (glibc 2.29) and {@code _destroy},
     * each an int-returning function of pointers, so called through {@link #syscallShaped}; and
     * {@code _addtcsetpgrp_np} (glibc 2.35, null before), for a child given the terminal.
     */
    private static final class fileActions {
        static final MethodHandle INIT = syscallShaped(findOrThrow("posix_spawn_file_actions_init"));
        static final MethodHandle ADDCHDIR = syscallShaped(findOrThrow("posix_spawn_file_actions_addchdir_np"));
        static final MethodHandle ADDTCSETPGRP = LOOKUP.find("posix_spawn_file_actions_addtcsetpgrp_np")
                .map(Libc::syscallShaped).orElse(null);
        static final MethodHandle DESTROY = syscallShaped(findOrThrow("posix_spawn_file_actions_destroy"));
        static final MethodHandle ADDDUP2 = syscallShaped(findOrThrow("posix_spawn_file_actions_adddup2"));
        static final MethodHandle ADDCLOSE = syscallShaped(findOrThrow("posix_spawn_file_actions_addclose"));
    }

    /**
     * posix_spawn's attributes, for the signals the child starts with at their default action:
     * {@code posix_spawnattr_init}, {@code _setsigdefault}, {@code _setflags} and {@code _destroy},
     * int-returning functions of pointers (and a short), called through {@link #syscallShaped}.
     */
    private static final class spawnAttr {
        static final MethodHandle INIT = syscallShaped(findOrThrow("posix_spawnattr_init"));
        static final MethodHandle SETSIGDEFAULT = syscallShaped(findOrThrow("posix_spawnattr_setsigdefault"));
        static final MethodHandle SETFLAGS = syscallShaped(findOrThrow("posix_spawnattr_setflags"));
        static final MethodHandle DESTROY = syscallShaped(findOrThrow("posix_spawnattr_destroy"));
    }

    /**
     * {@code posix_spawnattr_init(attr)}, then the signals of {@code sigset} at their default
     * action in the child and, with {@code ownGroup}, the child in a new process group of its own
     * (the attribute's group is 0 after init: the child's pid).
     */
    static int spawnAttr(MemorySegment capture, MemorySegment attr, MemorySegment sigset, boolean ownGroup) {
        int err = call(spawnAttr.INIT, capture, attr.address(), 0);
        if (err == 0) err = call(spawnAttr.SETSIGDEFAULT, capture, attr.address(), sigset.address());
        int flags = Linux.POSIX_SPAWN_SETSIGDEF | (ownGroup ? Linux.POSIX_SPAWN_SETPGROUP : 0);
        if (err == 0) err = call(spawnAttr.SETFLAGS, capture, attr.address(), flags);
        return err;
    }

    /** {@code posix_spawnattr_destroy(attr)}. */
    static void spawnAttrDestroy(MemorySegment capture, MemorySegment attr) {
        call(spawnAttr.DESTROY, capture, attr.address(), 0);
    }

    /** {@code posix_spawn_file_actions_init(actions)}: 0, or an error number. */
    static int fileActionsInit(MemorySegment capture, MemorySegment actions) {
        return call(fileActions.INIT, capture, actions.address(), 0);
    }

    /** {@code posix_spawn_file_actions_addchdir_np(actions, dir)}: 0, or an error number. */
    static int fileActionsAddChdir(MemorySegment capture, MemorySegment actions, MemorySegment dir) {
        return call(fileActions.ADDCHDIR, capture, actions.address(), dir.address());
    }

    /**
     * {@code posix_spawn_file_actions_addtcsetpgrp_np(actions, fd)}: the child makes its process
     * group the foreground of terminal {@code fd} before its exec. 0, an error number, or -1 when
     * this libc has no such action.
     */
    static int fileActionsAddTcsetpgrp(MemorySegment capture, MemorySegment actions, int fd) {
        return fileActions.ADDTCSETPGRP == null ? -1 : call(fileActions.ADDTCSETPGRP, capture, actions.address(), fd);
    }

    /** {@code posix_spawn_file_actions_adddup2(actions, fd, to)}: the child's fd {@code to} is {@code fd} (not close-on-exec). */
    static int fileActionsAddDup2(MemorySegment capture, MemorySegment actions, int fd, int to) {
        return call(fileActions.ADDDUP2, capture, actions.address(), fd, to);
    }

    /** {@code posix_spawn_file_actions_addclose(actions, fd)}. */
    static int fileActionsAddClose(MemorySegment capture, MemorySegment actions, int fd) {
        return call(fileActions.ADDCLOSE, capture, actions.address(), fd);
    }

    /** {@code posix_spawn_file_actions_destroy(actions)}. */
    static void fileActionsDestroy(MemorySegment capture, MemorySegment actions) {
        call(fileActions.DESTROY, capture, actions.address(), 0);
    }

    private static int call(MethodHandle fn, MemorySegment capture, long a, long b) {
        return call(fn, capture, a, b, 0);
    }

    private static int call(MethodHandle fn, MemorySegment capture, long a, long b, long c) {
        try {
            return (int) (long) fn.invokeExact(capture, a, b, c, 0L, 0L, 0L, 0L);
        } catch (Throwable t) {
            throw new AssertionError("posix_spawn_file_actions or attr downcall failed", t);
        }
    }

    /** {@code int sigaction(int, const struct sigaction *, struct sigaction *)}; errno captured. */
    private static final class sigaction {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS);
        static final MemorySegment ADDR = findOrThrow("sigaction");
        static final MethodHandle HANDLE = LINKER.downcallHandle(ADDR, DESC, Linker.Option.captureCallState("errno"));
    }

    static int sigaction(MemorySegment capture, int signal, MemorySegment act, MemorySegment old) {
        try {
            return (int) sigaction.HANDLE.invokeExact(capture, signal, act, old);
        } catch (Throwable t) {
            throw new AssertionError("sigaction downcall failed", t);
        }
    }

    /** Links the tracer's downcalls and makes one call through each path the tracer takes first. */
    static void link() {
        try (Arena arena = Arena.ofConfined()) {
            syscall(arena.allocate(CAPTURE_LAYOUT), Linux.SYS_gettid, 0, 0, 0, 0, 0, 0);
        }
        posix_spawn.HANDLE.type(); // initialises the holder: the handle is linked
    }

    /** The value of {@code extern char **environ}. */
    static MemorySegment environ() {
        return findOrThrow("environ").reinterpret(ADDRESS.byteSize()).get(ADDRESS, 0);
    }
}
