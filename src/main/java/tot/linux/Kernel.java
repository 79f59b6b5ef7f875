package tot.linux;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static tot.linux.Linux.*;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import tot.linux.Structs.iovec;
import tot.linux.Structs.ptrace_syscall_info;
import tot.linux.Structs.user_regs_struct;

/**
 * The system calls tot makes, with Java types in and out. One instance per tracer thread: its
 * buffers live in a confined arena, so every call must come from the thread that created it
 * (which is also what ptrace requires). Failures throw {@link ErrnoException}.
 */
public final class Kernel implements AutoCloseable {
    /**
     * Links the downcalls on a thread of their own, so that it overlaps other start-up work:
     * linking spins method-handle classes no start-up cache holds (~30 ms of `tot log true`).
     * A call made meanwhile waits for the linking (class initialisation). Once per JVM.
     */
    public static void linkInBackground() {
        if (LINKING.compareAndSet(false, true)) Thread.ofPlatform().daemon().name("tot-link").start(Libc::link);
    }

    private static final AtomicBoolean LINKING = new AtomicBoolean();

    private final Arena arena = Arena.ofConfined();
    private final MemorySegment capture = arena.allocate(Libc.CAPTURE_LAYOUT);
    private final MemorySegment status = arena.allocate(JAVA_INT);
    private final MemorySegment siginfo = arena.allocate(128, 8);
    private final MemorySegment info = arena.allocate(ptrace_syscall_info.layout());
    private final MemorySegment regs = arena.allocate(user_regs_struct.layout());
    private final MemorySegment word = arena.allocate(JAVA_LONG);
    private final MemorySegment localIov = arena.allocate(iovec.sizeof(), 8);
    private final MemorySegment remoteIov = arena.allocate(iovec.sizeof(), 8);
    private final MemorySegment page = arena.allocate(PAGE_SIZE, PAGE_SIZE);

    @Override
    public void close() {
        arena.close();
    }

    private long sys(String op, long nr, long a, long b, long c, long d, long e, long f) throws ErrnoException {
        long r = Libc.syscall(capture, nr, a, b, c, d, e, f);
        if (r == -1) throw new ErrnoException(op, Libc.errno(capture));
        return r;
    }

    // ---- ptrace

    public long ptrace(int request, int tid, long addr, long data) throws ErrnoException {
        return sys("ptrace", SYS_ptrace, request, tid, addr, data, 0, 0);
    }

    public void seize(int pid, int options) throws ErrnoException { ptrace(PTRACE_SEIZE, pid, 0, options); }
    public void cont(int tid, int signal) throws ErrnoException { ptrace(PTRACE_CONT, tid, 0, signal); }
    public void syscall(int tid, int signal) throws ErrnoException { ptrace(PTRACE_SYSCALL, tid, 0, signal); }
    public void listen(int tid) throws ErrnoException { ptrace(PTRACE_LISTEN, tid, 0, 0); }
    public void interrupt(int tid) throws ErrnoException { ptrace(PTRACE_INTERRUPT, tid, 0, 0); }
    public void detach(int tid, int signal) throws ErrnoException { ptrace(PTRACE_DETACH, tid, 0, signal); }

    public long eventMessage(int tid) throws ErrnoException {
        ptrace(PTRACE_GETEVENTMSG, tid, 0, word.address());
        return word.get(JAVA_LONG, 0);
    }

    /** Fills {@code out} from PTRACE_GET_SYSCALL_INFO. */
    public void syscallInfo(int tid, SyscallInfo out) throws ErrnoException {
        ptrace(PTRACE_GET_SYSCALL_INFO, tid, ptrace_syscall_info.sizeof(), info.address());
        out.op = info.get(JAVA_BYTE, ptrace_syscall_info.op$offset);
        out.arch = info.get(JAVA_INT, ptrace_syscall_info.arch$offset);
        if (out.op == PTRACE_SYSCALL_INFO_EXIT) {
            out.rval = info.get(JAVA_LONG, ptrace_syscall_info.exit$rval$offset);
            out.isError = info.get(JAVA_BYTE, ptrace_syscall_info.exit$is_error$offset) != 0;
        } else if (out.op != PTRACE_SYSCALL_INFO_NONE) {
            out.nr = info.get(JAVA_LONG, ptrace_syscall_info.entry$nr$offset);
            for (int i = 0; i < 6; i++) out.args[i] = info.get(JAVA_LONG, ptrace_syscall_info.entry$args$offset + 8L * i);
            if (out.op == PTRACE_SYSCALL_INFO_SECCOMP) out.retData = info.get(JAVA_INT, ptrace_syscall_info.seccomp$ret_data$offset);
        }
    }

    /** The tracee's registers, indexed as {@link user_regs_struct#FIELDS}. */
    public long[] getRegs(int tid) throws ErrnoException {
        ptrace(PTRACE_GETREGS, tid, 0, regs.address());
        return regs.toArray(JAVA_LONG);
    }

    public void setRegs(int tid, long[] values) throws ErrnoException {
        MemorySegment.copy(values, 0, regs, JAVA_LONG, 0, values.length);
        ptrace(PTRACE_SETREGS, tid, 0, regs.address());
    }

    // ---- wait, signals

    /**
     * wait4(pid, &status, options): returns {@code (tid << 32) | status}, or 0 with WNOHANG when
     * nothing is ready.
     */
    public long wait(int pid, int options) throws ErrnoException {
        long tid = sys("wait4", SYS_wait4, pid, status.address(), options, 0, 0, 0);
        if (tid == 0) return 0;
        return (tid << 32) | (status.get(JAVA_INT, 0) & 0xffffffffL);
    }

    /**
     * Waits until child {@code pid} stops or ends, without collecting it (waitid with WNOWAIT):
     * true when it has ended (a zombie now, for a later {@link #wait} to reap), false when it
     * stopped (that stop is still to be collected with {@link #wait}).
     */
    public boolean waitUntilStoppedOrEnded(int pid) throws ErrnoException {
        sys("waitid", SYS_waitid, P_PID, pid, siginfo.address(), WEXITED | WUNTRACED | WNOWAIT | __WALL, 0, 0);
        int code = siginfo.get(JAVA_INT, 8); // si_code: CLD_EXITED 1, CLD_KILLED 2, CLD_DUMPED 3, CLD_TRAPPED 4, CLD_STOPPED 5
        return code >= 1 && code <= 3;
    }

    private static final int P_PID = 1, WEXITED = 4, WNOWAIT = 0x01000000;

    public void kill(int pid, int signal) throws ErrnoException { sys("kill", SYS_kill, pid, signal, 0, 0, 0, 0); }

    public void tgkill(int tgid, int tid, int signal) throws ErrnoException {
        sys("tgkill", SYS_tgkill, tgid, tid, signal, 0, 0, 0);
    }

    /** Sets FD_CLOEXEC on one of tot's own fds, so that the traced command does not inherit it. */
    public void setCloexec(int fd) throws ErrnoException {
        long flags = sys("fcntl", SYS_fcntl, fd, F_GETFD, 0, 0, 0, 0);
        sys("fcntl", SYS_fcntl, fd, F_SETFD, flags | FD_CLOEXEC, 0, 0, 0);
    }

    /**
     * prctl(PR_SET_DUMPABLE): a process that is not dumpable cannot be ptraced or have its /proc
     * files (mem, fd, environ) opened by a process without CAP_SYS_PTRACE, even of the same user.
     */
    public void setDumpable(boolean dumpable) throws ErrnoException {
        sys("prctl", SYS_prctl, PR_SET_DUMPABLE, dumpable ? 1 : 0, 0, 0, 0, 0);
    }

    /**
     * Installs seccomp filter {@code filter} ({@code count} sock_filter instructions) on the
     * calling thread, and so on what it spawns from then on; returns the fd of its listener
     * (close-on-exec), which its SECCOMP_RET_USER_NOTIF calls wait on ({@link SeccompListener}).
     * Without CAP_SYS_ADMIN the kernel wants PR_SET_NO_NEW_PRIVS first (the ptrace engine sets it
     * in every command).
     */
    public int filterThisThread(byte[] filter, int count) throws ErrnoException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment program = a.allocate(filter.length, 8).copyFrom(MemorySegment.ofArray(filter));
            MemorySegment fprog = a.allocate(Structs.sock_fprog.sizeof(), 8)
                    .copyFrom(MemorySegment.ofArray(encodeFprog(count, program.address())));
            try {
                return (int) sys("seccomp", SYS_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_NEW_LISTENER, fprog.address(), 0, 0, 0);
            } catch (ErrnoException e) {
                if (e.errno != EACCES) throw e;
                sys("prctl", SYS_prctl, PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0, 0);
                return (int) sys("seccomp", SYS_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_NEW_LISTENER, fprog.address(), 0, 0, 0);
            }
        }
    }

    /** Sets this thread's blocked-signal mask; returns the previous one. */
    public long setSignalMask(long mask) throws ErrnoException {
        word.set(JAVA_LONG, 0, mask);
        MemorySegment old = page.asSlice(0, 8);
        sys("rt_sigprocmask", SYS_rt_sigprocmask, SIG_SETMASK, word.address(), old.address(), 8, 0, 0);
        return old.get(JAVA_LONG, 0);
    }

    // ---- tracee memory

    /**
     * Whether tracee memory is read with process_vm_readv (one syscall per page) or with
     * PTRACE_PEEKDATA (one per 8 bytes; the tracee must be in a ptrace stop, as it is when tot
     * reads). process_vm_readv is the default; a sandbox that refuses it (ENOSYS, or EPERM from
     * a seccomp profile such as Docker's default without CAP_SYS_PTRACE) switches to PEEKDATA.
     */
    public enum MemoryReads { VM_READV, PEEKDATA }

    private MemoryReads memoryReads = MemoryReads.VM_READV;

    public MemoryReads memoryReads() { return memoryReads; }

    public void memoryReads(MemoryReads how) { memoryReads = how; }

    /** {@code length} bytes at {@code addr} (not crossing a page) into the page buffer; returns how many. */
    private long readIntoPage(int pid, long addr, long length) throws ErrnoException {
        if (memoryReads == MemoryReads.VM_READV) {
            try {
                return vmReadv(pid, addr, length);
            } catch (ErrnoException e) {
                if (e.errno != ENOSYS && e.errno != EPERM) throw e;
                // EPERM is also one process closed to tot (not dumpable, tot without CAP_SYS_PTRACE), which
                // PEEKDATA cannot read either: only a sandbox that refuses the call itself switches the method
                long read = peek(pid, addr, length);
                memoryReads = MemoryReads.PEEKDATA;
                return read;
            }
        }
        return peek(pid, addr, length);
    }

    /** PTRACE_PEEKDATA of the aligned words covering [addr, addr+length) into the page buffer. */
    private long peek(int pid, long addr, long length) throws ErrnoException {
        long first = addr & ~7L;
        for (long at = first; at < addr + length; at += 8) {
            ptrace(PTRACE_PEEKDATA, pid, at, word.address()); // the raw syscall stores the word at data
            long value = word.get(JAVA_LONG, 0);
            for (int i = 0; i < 8; i++) {
                long byteAt = at + i;
                if (byteAt >= addr && byteAt < addr + length) page.set(JAVA_BYTE, byteAt - addr, (byte) (value >>> (8 * i)));
            }
        }
        return length;
    }

    private long vmReadv(int pid, long addr, long length) throws ErrnoException {
        localIov.set(JAVA_LONG, iovec.iov_base$offset, page.address());
        localIov.set(JAVA_LONG, iovec.iov_len$offset, length);
        remoteIov.set(JAVA_LONG, iovec.iov_base$offset, addr);
        remoteIov.set(JAVA_LONG, iovec.iov_len$offset, length);
        return sys("process_vm_readv", SYS_process_vm_readv, pid, localIov.address(), 1, remoteIov.address(), 1, 0);
    }

    private static long toPageEnd(long addr) {
        return PAGE_SIZE - (addr & (PAGE_SIZE - 1));
    }

    /**
     * The NUL-terminated string at {@code addr}, read a page at a time; at most {@code max}
     * bytes. Throws EFAULT for a bad pointer, ESRCH when the tracee is gone.
     */
    public byte[] readCString(int pid, long addr, int max) throws ErrnoException {
        if (addr == 0) throw new ErrnoException("process_vm_readv", EFAULT);
        if (memoryReads == MemoryReads.PEEKDATA) return peekCString(pid, addr, max);
        byte[] out = null;
        int have = 0;
        while (have < max) {
            long n = readIntoPage(pid, addr, Math.min(toPageEnd(addr), max - have));
            int nul = -1;
            for (int i = 0; i < n; i++) {
                if (page.get(JAVA_BYTE, i) == 0) { nul = i; break; }
            }
            int take = nul >= 0 ? nul : (int) n;
            if (out == null && nul >= 0) return page.asSlice(0, take).toArray(JAVA_BYTE);
            out = out == null ? new byte[take] : Arrays.copyOf(out, have + take);
            MemorySegment.copy(page, JAVA_BYTE, 0, out, have, take);
            have += take;
            if (nul >= 0) return out;
            addr += n;
        }
        return out;
    }

    /** readCString with PTRACE_PEEKDATA: aligned words until one holds the NUL. */
    private byte[] peekCString(int pid, long addr, int max) throws ErrnoException {
        byte[] out = new byte[Math.min(max, 256)];
        int have = 0;
        for (long at = addr & ~7L; have < max; at += 8) {
            ptrace(PTRACE_PEEKDATA, pid, at, word.address());
            long value = word.get(JAVA_LONG, 0);
            for (int i = (at < addr ? (int) (addr - at) : 0); i < 8 && have < max; i++) {
                byte b = (byte) (value >>> (8 * i));
                if (b == 0) return Arrays.copyOf(out, have);
                if (have == out.length) out = Arrays.copyOf(out, Math.min(max, have * 2));
                out[have++] = b;
            }
        }
        return out;
    }

    /** {@code length} bytes at {@code addr} (length at most a page). */
    public byte[] readBytes(int pid, long addr, int length) throws ErrnoException {
        if (length > PAGE_SIZE) throw new IllegalArgumentException("read larger than a page");
        byte[] out = new byte[length];
        int have = 0;
        while (have < length) {
            long n = readIntoPage(pid, addr + have, Math.min(toPageEnd(addr + have), length - have));
            MemorySegment.copy(page, JAVA_BYTE, 0, out, have, (int) n);
            have += (int) n;
        }
        return out;
    }

    public long readLong(int pid, long addr) throws ErrnoException {
        readIntoPage(pid, addr, 8);
        return page.get(JAVA_LONG, 0);
    }

    /**
     * The NULL-terminated pointer array at {@code addr} (argv, envp) of {@code pointerSize}-byte
     * pointers (8, or 4 for an i386 tracee), at most {@code max} entries.
     */
    public long[] readPointerArray(int pid, long addr, int pointerSize, int max) throws ErrnoException {
        long[] out = new long[16];
        int count = 0;
        while (count < max) {
            long n;
            if ((addr & (pointerSize - 1)) == 0) {
                n = readIntoPage(pid, addr, Math.min(toPageEnd(addr), (long) pointerSize * (max - count)));
            } else { // an unaligned array may straddle pages: one pointer at a time
                MemorySegment.copy(readBytes(pid, addr, pointerSize), 0, page, JAVA_BYTE, 0, pointerSize);
                n = pointerSize;
            }
            for (int off = 0; off + pointerSize <= n && count < max; off += pointerSize) {
                long p = pointerSize == 8 ? page.get(JAVA_LONG, off) : page.get(JAVA_INT, off) & 0xffffffffL;
                if (p == 0) return Arrays.copyOf(out, count);
                if (count == out.length) out = Arrays.copyOf(out, count * 2);
                out[count++] = p;
            }
            addr += n;
        }
        return Arrays.copyOf(out, count);
    }

    /** {@code count} unsigned 32-bit words at {@code addr} (i386's socketcall argument block). */
    public long[] readWords(int pid, long addr, int count) throws ErrnoException {
        byte[] b = readBytes(pid, addr, 4 * count);
        long[] out = new long[count];
        MemorySegment m = MemorySegment.ofArray(b);
        for (int i = 0; i < count; i++) out[i] = m.get(ValueLayouts.INT_LE, 4L * i) & 0xffffffffL;
        return out;
    }

    /** process_vm_writev of {@code data} to {@code addr}. */
    public void write(int pid, long addr, byte[] data) throws ErrnoException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment src = a.allocate(data.length);
            MemorySegment.copy(data, 0, src, JAVA_BYTE, 0, data.length);
            localIov.set(JAVA_LONG, iovec.iov_base$offset, src.address());
            localIov.set(JAVA_LONG, iovec.iov_len$offset, data.length);
            remoteIov.set(JAVA_LONG, iovec.iov_base$offset, addr);
            remoteIov.set(JAVA_LONG, iovec.iov_len$offset, data.length);
            long n = sys("process_vm_writev", SYS_process_vm_writev, pid, localIov.address(), 1, remoteIov.address(), 1, 0);
            if (n != data.length) throw new ErrnoException("process_vm_writev (short)", EFAULT);
        }
    }

    // ---- spawning

    /**
     * posix_spawn(path, argv) with this process's environment and the calling thread's signal
     * mask; returns the child's pid.
     */
    public int spawn(byte[] path, List<byte[]> argv) throws ErrnoException {
        return spawn(path, argv, null, null);
    }

    /**
     * posix_spawn(path, argv) started in directory {@code dir} (null: this process's) with
     * environment {@code env} (null: this process's) and the calling thread's signal mask;
     * returns the child's pid. A directory it cannot enter fails the spawn with that errno.
     */
    public int spawn(byte[] path, List<byte[]> argv, byte[] dir, List<byte[]> env) throws ErrnoException {
        return spawn(path, argv, dir, env, 0, false, -1, -1);
    }

    /**
     * {@link #spawn(byte[], List, byte[], List)} with the signals of {@code defaultSignals} (bit
     * N-1: signal N) at their default action in the child (glibc leaves its own signals, 32 and
     * 33, ignored in a child it spawns, and an ignored signal stays ignored across exec), and the
     * child the first of a new process group, made the foreground of terminal {@code terminal}
     * before its exec when that is not -1 (and this libc can: glibc 2.35; else, or when the
     * terminal refuses, the caller is left to do it).
     */
    public int spawnInOwnGroup(byte[] path, List<byte[]> argv, byte[] dir, List<byte[]> env, long defaultSignals, int terminal)
            throws ErrnoException {
        if (terminal >= 0) {
            try {
                return spawn(path, argv, dir, env, defaultSignals, true, terminal, -1);
            } catch (ErrnoException e) {
                if (e.errno != ENOTTY && e.errno != EPERM && e.errno != EIO && e.errno != ENOSYS) throw e;
            }
        }
        return spawn(path, argv, dir, env, defaultSignals, true, -1, -1);
    }

    private int spawn(byte[] path, List<byte[]> argv, byte[] dir, List<byte[]> env, long defaultSignals, boolean ownGroup,
                      int terminal, int stdin) throws ErrnoException {
        boolean attributes = defaultSignals != 0 || ownGroup;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment envp = env == null ? Libc.environ() : cStrings(a, env);
            MemorySegment actions = dir == null && terminal < 0 && stdin < 0 ? MemorySegment.NULL : fileActions(a, dir, terminal, stdin);
            MemorySegment attr = attributes ? a.allocate(POSIX_SPAWNATTR_SIZE, 16) : MemorySegment.NULL;
            try {
                if (attributes) {
                    MemorySegment set = a.allocate(SIGSET_SIZE, 8);
                    set.set(JAVA_LONG, 0, defaultSignals);
                    int err = Libc.spawnAttr(capture, attr, set, ownGroup);
                    if (err != 0) throw new ErrnoException("posix_spawnattr", err);
                }
                MemorySegment pid = a.allocate(JAVA_INT);
                int err = Libc.posix_spawn(pid, cString(a, path), actions, attr, cStrings(a, argv), envp);
                if (err != 0) throw new ErrnoException("posix_spawn", err);
                return pid.get(JAVA_INT, 0);
            } finally {
                if (actions != MemorySegment.NULL) Libc.fileActionsDestroy(capture, actions);
                if (attributes) Libc.spawnAttrDestroy(capture, attr);
            }
        }
    }

    /**
     * posix_spawn file actions (destroyed by the caller): change into {@code dir} (unless null),
     * make the child's group the foreground of terminal {@code terminal} (unless -1; ENOSYS when
     * this libc cannot), make fd {@code stdin} its standard input and close its standard output
     * and error (unless -1).
     */
    private MemorySegment fileActions(Arena a, byte[] dir, int terminal, int stdin) throws ErrnoException {
        MemorySegment actions = a.allocate(POSIX_SPAWN_FILE_ACTIONS_SIZE, 16);
        int err = Libc.fileActionsInit(capture, actions);
        if (err != 0) throw new ErrnoException("posix_spawn_file_actions_init", err);
        String op = "posix_spawn_file_actions_addchdir_np";
        if (dir != null) err = Libc.fileActionsAddChdir(capture, actions, cString(a, dir));
        if (err == 0 && terminal >= 0) {
            op = "posix_spawn_file_actions_addtcsetpgrp_np";
            err = Libc.fileActionsAddTcsetpgrp(capture, actions, terminal);
            if (err < 0) err = ENOSYS;
        }
        if (err == 0 && stdin >= 0) {
            op = "posix_spawn_file_actions_adddup2";
            err = Libc.fileActionsAddDup2(capture, actions, stdin, 0);
            if (err == 0) err = Libc.fileActionsAddClose(capture, actions, 1);
            if (err == 0) err = Libc.fileActionsAddClose(capture, actions, 2);
        }
        if (err == 0) return actions;
        Libc.fileActionsDestroy(capture, actions);
        throw new ErrnoException(op, err);
    }

    /**
     * posix_spawn(path, argv) in a process group of its own, every signal at its default action,
     * with fd {@code stdin} as its standard input and no standard output or error: a helper that
     * outlives nothing of tot's but what it is given.
     */
    public int spawnHelper(byte[] path, List<byte[]> argv, int stdin) throws ErrnoException {
        long every = -1L & ~(1L << (SIGKILL - 1)) & ~(1L << (SIGSTOP - 1));
        return spawn(path, argv, null, null, every, true, -1, stdin);
    }

    /** pipe2(O_CLOEXEC): {read end, write end}. */
    public int[] pipe() throws ErrnoException {
        sys("pipe2", SYS_pipe2, word.address(), O_CLOEXEC, 0, 0, 0, 0);
        return new int[] {word.get(JAVA_INT, 0), word.get(JAVA_INT, 4)};
    }

    /** This process's environment, each entry's bytes ({@code NAME=value}) as they are. */
    public static List<byte[]> environment() {
        MemorySegment envp = Libc.environ().reinterpret(Long.MAX_VALUE);
        List<byte[]> out = new ArrayList<>();
        for (long i = 0; ; i++) {
            MemorySegment entry = envp.getAtIndex(ADDRESS, i);
            if (entry.address() == 0) return out;
            MemorySegment s = entry.reinterpret(Long.MAX_VALUE);
            long n = 0;
            while (s.get(JAVA_BYTE, n) != 0) n++;
            out.add(s.asSlice(0, n).toArray(JAVA_BYTE));
        }
    }

    /** A NULL-terminated array of C strings. */
    private static MemorySegment cStrings(Arena a, List<byte[]> strings) {
        MemorySegment array = a.allocate(ADDRESS, strings.size() + 1L);
        for (int i = 0; i < strings.size(); i++) array.setAtIndex(ADDRESS, i, cString(a, strings.get(i)));
        array.setAtIndex(ADDRESS, strings.size(), MemorySegment.NULL);
        return array;
    }

    private static MemorySegment cString(Arena a, byte[] s) {
        MemorySegment m = a.allocate(s.length + 1L);
        MemorySegment.copy(s, 0, m, JAVA_BYTE, 0, s.length);
        return m;
    }

    /** Encodes a BPF program as the bytes of a sock_filter array. */
    public static byte[] encodeFilter(List<int[]> program) {
        byte[] out = new byte[program.size() * (int) Structs.sock_filter.sizeof()];
        MemorySegment m = MemorySegment.ofArray(out);
        for (int i = 0; i < program.size(); i++) {
            int[] insn = program.get(i);
            long base = i * Structs.sock_filter.sizeof();
            m.set(ValueLayouts.SHORT_LE, base + Structs.sock_filter.code$offset, (short) insn[0]);
            m.set(JAVA_BYTE, base + Structs.sock_filter.jt$offset, (byte) insn[1]);
            m.set(JAVA_BYTE, base + Structs.sock_filter.jf$offset, (byte) insn[2]);
            m.set(ValueLayouts.INT_LE, base + Structs.sock_filter.k$offset, insn[3]);
        }
        return out;
    }

    /** A struct sock_fprog pointing at {@code filterAddr}. */
    public static byte[] encodeFprog(int length, long filterAddr) {
        byte[] out = new byte[(int) Structs.sock_fprog.sizeof()];
        MemorySegment m = MemorySegment.ofArray(out);
        m.set(ValueLayouts.SHORT_LE, Structs.sock_fprog.len$offset, (short) length);
        m.set(ValueLayouts.LONG_LE, Structs.sock_fprog.filter$offset, filterAddr);
        return out;
    }

    /** Little-endian unaligned layouts for heap byte arrays. */
    private static final class ValueLayouts {
        static final java.lang.foreign.ValueLayout.OfShort SHORT_LE = java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;
        static final java.lang.foreign.ValueLayout.OfInt INT_LE = java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
        static final java.lang.foreign.ValueLayout.OfLong LONG_LE = java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;
    }
}
