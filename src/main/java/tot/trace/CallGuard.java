package tot.trace;

import static tot.linux.Linux.EPERM;

import tot.linux.ErrnoException;
import tot.linux.Kernel;
import tot.linux.SeccompListener;
import tot.syscalls.Handler;
import tot.syscalls.Syscall;
import tot.syscalls.SyscallTable;

/**
 * The part of tot's guard a filter cannot decide alone (eBPF engine): a signal sent through a
 * pidfd or a /proc/PID directory fd names its process only through the fd, and fcntl's
 * F_SETOWN_EX and ioctl's FIOSETOWN and SIOCSPGRP name the fd's owner in memory
 * ({@link Decoder#owner}). Each such call of the command's tree waits for this thread, which looks
 * the fd up in /proc or reads the caller's memory and refuses (EPERM) the calls aimed at tot; the
 * kernel side records the refusal, as it does the filter's own. Ends when no process holds the
 * filter any more.
 */
final class CallGuard implements Runnable {
    private final int listenerFd;
    private final OwnIds tot;

    CallGuard(int listenerFd, OwnIds tot) {
        this.listenerFd = listenerFd;
        this.tot = tot;
    }

    @Override
    public void run() {
        try (SeccompListener calls = new SeccompListener(listenerFd); Kernel kernel = new Kernel()) {
            Decoder memory = new Decoder(kernel);
            while (true) {
                SeccompListener.Call c = calls.next();
                if (c == null) continue;
                boolean aimedAtTot;
                try {
                    aimedAtTot = tot.contains(target(memory, c));
                } catch (RuntimeException e) { // whatever /proc says, the call must not wait forever
                    aimedAtTot = false;
                }
                if (!calls.waiting(c.id())) continue; // its caller died: what was read may be another's
                if (aimedAtTot) calls.refuse(c.id(), EPERM);
                else calls.allow(c.id());
            }
        } catch (ErrnoException e) {
            // every process that held the filter has exited (or the listener failed: calls then get ENOSYS)
        }
    }

    /** The process the waiting call names (a group negated); 0 when none. */
    private static int target(Decoder memory, SeccompListener.Call c) {
        SyscallTable.Arch arch = SyscallTable.byAuditArch(c.auditArch());
        Syscall s = arch == null ? null : arch.byNumber(c.nr());
        if (s == null) return 0;
        if (s.handler() == Handler.PIDFD_SIGNAL) return ProcFs.pidfdTarget(c.pid(), (int) c.args()[0]);
        return memory.owner(c.pid(), s, c.args());
    }
}
