package tot.trace;

import static tot.linux.Linux.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import tot.linux.ErrnoException;
import tot.linux.Kernel;

/**
 * Runs syscalls inside the root tracee at its first syscall-entry stop, before the command is
 * exec'd: rt_sigaction to the dispositions tot was given, prctl(PR_SET_NO_NEW_PRIVS) and seccomp(SECCOMP_SET_MODE_FILTER),
 * then restarts the original syscall under the filter. Also sets argv[0] and the environment of
 * the stopper's exec of the command.
 */
final class Setup {
    /** The root task runs tot's stopper shell, a native program. */
    private static final Abi ABI = Abi.X86_64;
    private final Kernel kernel;
    /** Signals that arrived during setup: the tracer sends them again once the task runs. */
    final List<Integer> deferredSignals = new java.util.ArrayList<>();

    Setup(Kernel kernel) {
        this.kernel = kernel;
    }

    /** Why the filter could not be installed. */
    static final class FilterRefused extends Exception {
        private static final long serialVersionUID = 1L;
        FilterRefused(String message) { super(message, null, false, false); }
    }

    /**
     * At an entry stop of {@code tid}: sets to SIG_DFL the signals in {@code defaultMask} and to
     * SIG_IGN those in {@code ignoreMask} (bit N-1 = signal N), then, when {@code filter} is not
     * null, installs it (sock_filter bytes of {@code count} instructions). Leaves the task at
     * the original syscall's entry, ready to be resumed; signals that arrive meanwhile go to
     * {@link #deferredSignals}.
     */
    void run(int tid, long defaultMask, long ignoreMask, byte[] filter, int count) throws ErrnoException, FilterRefused {
        long[] saved = kernel.getRegs(tid);
        long scratch = (saved[Abi.STACK_POINTER] - ABI.redZone() - (filter == null ? 0 : filter.length) - 64) & ~15L;
        boolean[] first = {true};
        try {
            for (long handler : new long[] {SIG_DFL, SIG_IGN}) {
                long mask = handler == SIG_DFL ? defaultMask : ignoreMask;
                if (mask == 0) continue;
                // struct k_sigaction { handler, flags, restorer, mask }
                kernel.write(tid, scratch, ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN).putLong(handler).array());
                for (int sig = 1; sig <= 64; sig++) {
                    if ((mask & (1L << (sig - 1))) != 0) call(tid, saved, first, SYS_rt_sigaction, sig, scratch, 0, 8);
                }
            }
            if (filter == null) return;
            byte[] block = ByteBuffer.allocate(16 + filter.length).order(ByteOrder.LITTLE_ENDIAN)
                    .put(Kernel.encodeFprog(count, scratch + 16)).put(filter).array();
            kernel.write(tid, scratch, block);
            long rax = call(tid, saved, first, SYS_prctl, PR_SET_NO_NEW_PRIVS, 1, 0, 0);
            if (rax != 0) throw new FilterRefused("prctl(PR_SET_NO_NEW_PRIVS): " + tot.linux.Errno.name((int) -rax));
            rax = call(tid, saved, first, SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, scratch, 0);
            if (rax != 0) throw new FilterRefused("seccomp(SECCOMP_SET_MODE_FILTER): " + tot.linux.Errno.name((int) -rax));
        } finally {
            if (!first[0]) restore(tid, saved);
        }
    }

    /**
     * Runs one syscall in the tracee: the first one replaces the syscall at the current entry
     * stop; later ones re-execute the syscall instruction (rip - 2) from the exit stop.
     */
    private long call(int tid, long[] saved, boolean[] first, long nr, long a, long b, long c, long d)
            throws ErrnoException {
        long[] r = first[0] ? saved.clone() : kernel.getRegs(tid);
        if (first[0]) r[Abi.NUMBER] = nr;
        else {
            r[Abi.INSTRUCTION_POINTER] -= Abi.SYSCALL_INSN_LENGTH;
            r[Abi.RESULT] = nr;
        }
        long[] args = {a, b, c, d, 0, 0};
        for (int i = 0; i < args.length; i++) ABI.setArg(r, i, args[i]);
        kernel.setRegs(tid, r);
        if (!first[0]) step(tid); // to the entry
        first[0] = false;
        return step(tid);         // to the exit
    }

    /** Puts back the registers of the original syscall so that resuming re-executes it. */
    private void restore(int tid, long[] saved) throws ErrnoException {
        long[] r = saved.clone();
        r[Abi.INSTRUCTION_POINTER] -= Abi.SYSCALL_INSN_LENGTH;
        r[Abi.RESULT] = saved[Abi.NUMBER];
        kernel.setRegs(tid, r);
    }

    /** PTRACE_SYSCALL to the next syscall stop of {@code tid}; returns rax there. */
    private long step(int tid) throws ErrnoException {
        kernel.syscall(tid, 0);
        while (true) {
            Stop stop = Stop.decode(kernel.wait(tid, __WALL));
            switch (stop) {
                case Stop.Syscall s -> {
                    return kernel.getRegs(tid)[Abi.RESULT];
                }
                case Stop.Exited x -> throw new ErrnoException("tracee exited during setup", ESRCH);
                case Stop.Killed k -> throw new ErrnoException("tracee killed during setup", ESRCH);
                case Stop.Signal s -> {
                    if (s.signal() != SIGCONT) deferredSignals.add(s.signal());
                    kernel.syscall(tid, 0);
                }
                case Stop.Seccomp s -> kernel.syscall(tid, 0);
                case Stop.NewChild n -> kernel.syscall(tid, 0);
                case Stop.Exec e -> kernel.syscall(tid, 0);
                case Stop.Group g -> kernel.syscall(tid, 0);
                case Stop.Event e -> kernel.syscall(tid, 0);
            }
        }
    }

    /**
     * The environment array the stopper shell {@code tid} was started with, still on its initial
     * stack (argc, argv, NULL, envp, NULL), if it is whole: {@code count} pointers, each into
     * the environment strings the kernel copied there; else 0. The shell execs the command with
     * its own, rebuilt from its variables: sorted, without the entries whose names a shell cannot
     * hold (GitHub Actions' {@code INPUT_MY-INPUT}), with PWD set. Its first array is exactly
     * what tot gave it.
     */
    long originalEnvp(int tid, int count) throws ErrnoException {
        long[] stack = ProcFs.stackAndEnvironment(tid);
        if (stack == null || stack[0] == 0) return 0;
        long argc = kernel.readLong(tid, stack[0]);
        if (argc < 0 || argc > 1 << 20) return 0;
        long envp = stack[0] + 8 * (argc + 2);
        long[] env = kernel.readPointerArray(tid, envp, 8, count + 1);
        if (env.length != count) return 0;
        for (long p : env) if (p < stack[1] || p >= stack[2]) return 0;
        return envp;
    }

    /** At a syscall entry of {@code tid}: sets argument {@code index} of the call to {@code value}. */
    void setArg(int tid, int index, long value) throws ErrnoException {
        long[] r = kernel.getRegs(tid);
        ABI.setArg(r, index, value);
        kernel.setRegs(tid, r);
    }

    /**
     * At the entry of execve(path, argv, …): points argv[0] at {@code argv0} written below the
     * stack; returns the pointer it held, for {@link #restoreArgv0} if the exec fails.
     */
    long patchArgv0(int tid, long argvAddr, byte[] argv0) throws ErrnoException {
        long old = kernel.readLong(tid, argvAddr);
        long[] r = kernel.getRegs(tid);
        long at = (r[Abi.STACK_POINTER] - ABI.redZone() - argv0.length - 64) & ~15L;
        byte[] s = java.util.Arrays.copyOf(argv0, argv0.length + 1);
        kernel.write(tid, at, s);
        kernel.write(tid, argvAddr, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(at).array());
        return old;
    }

    /**
     * After a failed execve whose argv[0] {@link #patchArgv0} changed: the shell goes on and
     * names the command by its argv[0] in its message, which pointed below the stack, into
     * whatever was written there since (a line of garbage on the user's terminal).
     */
    void restoreArgv0(int tid, long argvAddr, long pointer) throws ErrnoException {
        kernel.write(tid, argvAddr, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(pointer).array());
    }

}
