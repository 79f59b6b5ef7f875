package tot.trace;

import static tot.linux.Linux.SIGCONT;
import static tot.linux.Linux.SIGTTIN;
import static tot.linux.Linux.SIGTTOU;

import tot.linux.ControllingTerminal;
import tot.linux.RawFiles;
import tot.linux.Signals;

/**
 * The command runs in a process group of its own, so that what it sends to its group
 * ({@code kill -KILL 0}, {@code kill -STOP 0}) does not reach tot. When tot is a job of a
 * job-control shell (it leads its process group and has a terminal), tot does for the command
 * what that shell does for a job: the command's group is given the terminal when tot has it (the
 * Ctrl-C, Ctrl-Z and reads are its); when the command's first process stops for job control,
 * tot takes the terminal back and stops its own group the same way, so that the shell sees the
 * job stop; once continued, it gives the terminal back (if it is in the foreground again:
 * {@code fg}, not {@code bg}) and continues the command's group. When tot is one process of a
 * bigger group (a script's, make's), the terminal stays with that group, whose Ctrl-C tot passes
 * on ({@link Interrupts}), until the command stops to read it: then it gets it. Without a
 * terminal nothing is handed or mirrored: a stopped command stays stopped, as it would untraced.
 */
final class JobControl implements AutoCloseable {
    /** The controlling terminal, -1 when tot has none. */
    private final int tty = ControllingTerminal.open();
    private final int totGroup = ControllingTerminal.processGroup();
    /** tot leads its group: a job-control shell made it a job. */
    private final boolean job = totGroup == ProcessHandle.current().pid();
    /** The command's process group (its first process's pid); 0 before the spawn. */
    private volatile int group;
    private boolean handed;
    /** Between tot's own stop and its continuing the command's group: a SIGCONT to tot then is this one's to pass on. */
    private volatile boolean mirroring;

    int group() {
        return group;
    }

    /**
     * The terminal the command is to be given at its spawn (it then makes its new group the
     * foreground before its exec, so that it never reads it from the background): tot's, when
     * tot is a job in its foreground; else -1.
     */
    int terminalToHand() {
        return job && tty >= 0 && ControllingTerminal.foreground(tty) == totGroup ? tty : -1;
    }

    /**
     * The command's first process {@code pid} exists, in a group of its own: the terminal is
     * given to it (if that did not happen at the spawn) when tot is a job that has it.
     */
    synchronized void started(int pid) {
        group = pid;
        if (tty < 0) return;
        int foreground = ControllingTerminal.foreground(tty);
        handed = foreground == pid || job && foreground == totGroup && ControllingTerminal.setForeground(tty, pid);
    }

    /**
     * The command's first process stopped with job-control signal {@code signal}; returns once
     * tot's group was continued (at once when the stop is not mirrored).
     */
    synchronized void stopped(int signal) {
        if (tty < 0 || group == 0) return;
        int foreground = ControllingTerminal.foreground(tty);
        if ((signal == SIGTTIN || signal == SIGTTOU) && (foreground == totGroup || foreground == group)) {
            // it wants the terminal tot's group holds (or held when it tried: given since)
            handed = ControllingTerminal.setForeground(tty, group);
            Signals.kill(-group, SIGCONT);
            return;
        }
        if (!job) return; // no shell above waits to see it stop: it stays stopped, as it would in a script
        if (foreground == group) ControllingTerminal.setForeground(tty, totGroup);
        mirroring = true;
        Signals.kill(0, signal); // the shell above sees its job stop; returns once continued
        if (ControllingTerminal.foreground(tty) == totGroup) handed = ControllingTerminal.setForeground(tty, group);
        Signals.kill(-group, SIGCONT);
        mirroring = false;
    }

    /** Whether a SIGCONT tot got now is its continuing after a mirrored stop, which {@link #stopped} passes on itself. */
    boolean continuing() {
        return mirroring;
    }

    /**
     * The trace is over: the terminal comes back to tot's group if the command's group holds it,
     * or a group of the command's that no process is left in (a shell does so when its job ends).
     */
    @Override
    public synchronized void close() {
        if (tty < 0) return;
        int foreground = ControllingTerminal.foreground(tty);
        if (handed && foreground != totGroup && (foreground == group || !Signals.kill(-foreground, 0))) {
            ControllingTerminal.setForeground(tty, totGroup);
        }
        RawFiles.close(tty);
    }
}
