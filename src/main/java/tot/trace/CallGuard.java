package tot.trace;

import static tot.linux.Linux.EPERM;

import tot.linux.ErrnoException;
import tot.linux.Kernel;
import tot.linux.SeccompListener;
import tot.syscalls.Syscall;
import tot.syscalls.SyscallTable;

/**
 * What tot's guard filter cannot decide alone (eBPF engine): a signal sent through a pidfd or a
 * /proc/PID directory fd names its process only through the fd; fcntl's F_SETOWN_EX and ioctl's
 * FIOSETOWN and SIOCSPGRP name the fd's owner in memory ({@link Decoder#owner}); and a number
 * equal to one of tot's ids is tot's only in tot's pid namespace. Each such call of the command's
 * tree waits for this thread, which applies the guard's rule ({@link OwnIds#aimedAtBy}) and
 * refuses (EPERM) the calls aimed at tot; the kernel side records the refusal. Ends when no
 * process holds the filter any more.
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
                    SyscallTable.Arch arch = SyscallTable.byAuditArch(c.auditArch());
                    Syscall s = arch == null ? null : arch.byNumber(c.nr());
                    aimedAtTot = s != null && tot.aimedAtBy(s, c.args(), c.pid(), memory);
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
}
