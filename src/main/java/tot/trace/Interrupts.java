package tot.trace;

import static tot.linux.Linux.SIGINT;
import static tot.linux.Linux.SIGKILL;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import tot.linux.Signals;

/**
 * What tot does with the SIGINT, SIGTERM and SIGHUP it gets while it traces a command: the
 * traced processes react as they would untraced. A terminal's Ctrl-C reaches them directly, so
 * SIGINT is passed on only when none of them saw it; SIGTERM and SIGHUP go to the command. A
 * third interrupt kills every traced process. Called from any thread.
 */
final class Interrupts {
    /** Live thread-group leaders, for signals forwarded from other threads. */
    private final Set<Integer> processes = ConcurrentHashMap.newKeySet();
    private final AtomicInteger count = new AtomicInteger();
    private volatile long lastSigintSeen;

    void live(int pid) {
        processes.add(pid);
    }

    void gone(int pid) {
        processes.remove(pid);
    }

    /** A traced process was about to receive SIGINT (a terminal's Ctrl-C reaches them all). */
    void sigintSeen() {
        lastSigintSeen = System.nanoTime();
    }

    void killAll() {
        for (int pid : processes) Signals.kill(pid, SIGKILL);
    }

    void interrupt(int signal, int root) {
        if (count.incrementAndGet() >= 3) {
            System.err.println("tot: interrupted three times: killing the traced processes");
            killAll();
            return;
        }
        if (signal == SIGINT) {
            long sent = System.nanoTime();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            long seen = lastSigintSeen;
            if (seen != 0 && Math.abs(seen - sent) < 300_000_000L) return; // the terminal delivered it to them
            for (int pid : processes) Signals.kill(pid, SIGINT);
        } else if (root == 0 || !processes.contains(root) || !Signals.kill(root, signal)) {
            for (int pid : processes) Signals.kill(pid, signal);
        }
    }
}
