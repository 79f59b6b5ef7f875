package tot.trace;

import static tot.linux.Linux.SIGCONT;
import static tot.linux.Linux.SIGKILL;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import tot.linux.Signals;
import tot.model.Notice;

/**
 * What tot does with the SIGINT, SIGTERM and SIGHUP it gets while it traces a command: the
 * traced processes react as they would untraced. The command runs in a process group of its own
 * ({@link JobControl}), which gets each of them as the group of tot's job would have; what
 * left that group is not signalled, as a terminal would not. A third interrupt kills every
 * traced process. Called from any thread.
 */
final class Interrupts {
    /** Live thread-group leaders, for signals forwarded from other threads. */
    private final Set<Integer> processes = ConcurrentHashMap.newKeySet();
    private final AtomicInteger count = new AtomicInteger();
    /** {@link #killAll} was asked: a process that appears from now on is killed as it does. */
    private volatile boolean killing;
    /** Where the third interrupt is told. */
    private final Consumer<Notice> notices;

    Interrupts(Consumer<Notice> notices) {
        this.notices = notices;
    }

    /**
     * A traced process from now on. After {@link #killAll}, killed: a child forked while the
     * others were killed one by one (its parent's fork event not handled yet) was missed by that
     * round and would run on, untouched, until it ended by itself.
     */
    void live(int pid) {
        processes.add(pid);
        if (killing) Signals.kill(pid, SIGKILL); // after the add: killAll's round or this sees it
    }

    void gone(int pid) {
        processes.remove(pid);
    }

    /**
     * Kills every traced process, and every one that appears later ({@link #live}). The
     * command's process group {@code group} (0: none yet) first, in one call: killed one by one,
     * a parent woken by its child's death (a shell's wait) would run on until its own turn.
     */
    void killAll(int group) {
        killing = true;
        if (group != 0 && ours(group)) Signals.kill(-group, SIGKILL);
        for (int pid : processes) Signals.kill(pid, SIGKILL);
    }

    /**
     * {@code group}: the command's process group (0 before it exists). SIGCONT (a `timeout` or a
     * shell continuing tot's group after its SIGTERM) is passed on too, and is no interrupt.
     */
    void interrupt(int signal, int group) {
        int interrupts = signal == SIGCONT ? 0 : count.incrementAndGet();
        if (interrupts >= 3) { // each later one kills again (what was forked meanwhile), said once
            if (interrupts == 3) notices.accept(new Notice(Notice.Kind.KILLING_ALL, "interrupted three times: killing the traced processes"));
            killAll(group);
            return;
        }
        if (group != 0 && ours(group) && Signals.kill(-group, signal)) return;
        for (int pid : processes) Signals.kill(pid, signal); // the group is gone: its processes left it
    }

    /**
     * Whether a live traced process is in process group {@code group}: a group's number may be
     * another's once its last member is gone, and this one would not be tot's to signal.
     */
    private boolean ours(int group) {
        for (int pid : processes) {
            String[] stat = ProcFs.stat(Integer.toString(pid)); // state ppid pgrp …
            if (stat != null && stat.length > 2 && stat[2].equals(Integer.toString(group))) return true;
        }
        return false;
    }
}
