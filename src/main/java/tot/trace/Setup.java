package tot.trace;

import static tot.sys.Linux.*;
import static tot.sys.Structs.user_regs_struct.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import tot.sys.ErrnoException;
import tot.sys.Kernel;

/**
 * Runs syscalls inside the root tracee at its first syscall-entry stop, before the command is
 * exec'd: prctl(PR_SET_NO_NEW_PRIVS) and seccomp(SECCOMP_SET_MODE_FILTER), then restarts the
 * original syscall under the filter. Also rewrites argv[0] of the stopper's exec.
 */
final class Setup {
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
     * At an entry stop of {@code tid}: installs {@code filter} (sock_filter bytes of
     * {@code count} instructions). Leaves the task at the original syscall's entry, ready to
     * be resumed; signals that arrive meanwhile go to {@link #deferredSignals}.
     */
    void installFilter(int tid, byte[] filter, int count) throws ErrnoException, FilterRefused {
        long[] saved = kernel.getRegs(tid);
        long fprog = (saved[RSP] - 128 - filter.length - 32) & ~15L;
        byte[] block = ByteBuffer.allocate(16 + filter.length).order(ByteOrder.LITTLE_ENDIAN)
                .put(Kernel.encodeFprog(count, fprog + 16)).put(filter).array();
        kernel.write(tid, fprog, block);

        long[] r = saved.clone();
        r[ORIG_RAX] = SYS_prctl;
        setArgs(r, PR_SET_NO_NEW_PRIVS, 1, 0);
        kernel.setRegs(tid, r);
        long rax = step(tid, true);
        if (rax != 0) { restore(tid, saved); throw new FilterRefused("prctl(PR_SET_NO_NEW_PRIVS): " + tot.sys.Errno.name((int) -rax)); }

        r = kernel.getRegs(tid);
        r[RIP] -= 2;
        r[RAX] = SYS_seccomp;
        setArgs(r, SECCOMP_SET_MODE_FILTER, 0, fprog);
        kernel.setRegs(tid, r);
        step(tid, false);           // to the entry of seccomp()
        rax = step(tid, true);      // to its exit
        restore(tid, saved);
        if (rax != 0) throw new FilterRefused("seccomp(SECCOMP_SET_MODE_FILTER): " + tot.sys.Errno.name((int) -rax));
    }

    /** Puts back the registers of the original syscall so that resuming re-executes it. */
    private void restore(int tid, long[] saved) throws ErrnoException {
        long[] r = saved.clone();
        r[RIP] -= 2;
        r[RAX] = saved[ORIG_RAX];
        kernel.setRegs(tid, r);
    }

    private static void setArgs(long[] r, long a, long b, long c) {
        r[RDI] = a;
        r[RSI] = b;
        r[RDX] = c;
        r[R10] = 0;
        r[R8] = 0;
        r[R9] = 0;
    }

    /** PTRACE_SYSCALL to the next syscall stop of {@code tid}; returns rax there. */
    private long step(int tid, boolean toExit) throws ErrnoException {
        kernel.syscall(tid, 0);
        while (true) {
            Stop stop = Stop.decode(kernel.wait(tid, __WALL));
            switch (stop) {
                case Stop.Syscall s -> {
                    return kernel.getRegs(tid)[RAX];
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

    /** At the entry of execve(path, argv, …): points argv[0] at {@code argv0} written below the stack. */
    void patchArgv0(int tid, long argvAddr, byte[] argv0) throws ErrnoException {
        long[] r = kernel.getRegs(tid);
        long at = (r[RSP] - 128 - argv0.length - 64) & ~15L;
        byte[] s = java.util.Arrays.copyOf(argv0, argv0.length + 1);
        kernel.write(tid, at, s);
        kernel.write(tid, argvAddr, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(at).array());
    }

}
