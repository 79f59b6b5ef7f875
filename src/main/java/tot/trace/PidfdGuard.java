package tot.trace;

import static tot.linux.Linux.EPERM;

import tot.linux.ErrnoException;
import tot.linux.SeccompListener;

/**
 * The part of tot's guard a filter cannot decide alone (eBPF engine): a signal sent through a
 * pidfd or a /proc/PID directory fd names its process only through the fd. Each such call of the
 * command's tree waits for this thread, which looks the fd up in /proc and refuses (EPERM) the
 * calls aimed at tot; the kernel side records the refusal, as it does the filter's own. Ends when
 * no process holds the filter any more.
 */
final class PidfdGuard implements Runnable {
    private final int listenerFd;
    private final OwnIds tot;

    PidfdGuard(int listenerFd, OwnIds tot) {
        this.listenerFd = listenerFd;
        this.tot = tot;
    }

    @Override
    public void run() {
        try (SeccompListener calls = new SeccompListener(listenerFd)) {
            while (true) {
                SeccompListener.Call c = calls.next();
                if (c == null) continue;
                boolean aimedAtTot;
                try {
                    aimedAtTot = tot.contains(ProcFs.pidfdTarget(c.pid(), (int) c.args()[0]));
                } catch (RuntimeException e) { // whatever /proc says, the call must not wait forever
                    aimedAtTot = false;
                }
                if (!calls.waiting(c.id())) continue; // its caller died: what /proc said may be another's
                if (aimedAtTot) calls.refuse(c.id(), EPERM);
                else calls.allow(c.id());
            }
        } catch (ErrnoException e) {
            // every process that held the filter has exited (or the listener failed: calls then get ENOSYS)
        }
    }
}
