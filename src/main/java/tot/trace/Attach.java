package tot.trace;

import static tot.linux.Linux.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import tot.linux.ErrnoException;
import tot.linux.Kernel;

/**
 * Seizing every thread of a running process (`tot attach`): /proc/PID/task is listed again
 * until no new thread shows up, and each thread is interrupted so that it stops at its syscalls
 * from then on. Refusals name their cause.
 */
final class Attach {
    private Attach() {}

    /** Threads, exec, and (with -f) forks; never EXITKILL (the processes outlive tot), never seccomp. */
    static int options(boolean follow) {
        return PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACEEXEC | PTRACE_O_TRACECLONE
                | (follow ? PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK : 0);
    }

    static void seize(Kernel k, int pid, boolean follow, BiConsumer<Integer, Integer> adopt) throws Tracer.StartFailed {
        Path proc = Path.of("/proc", Integer.toString(pid));
        if (pid <= 0 || !Files.isDirectory(proc)) throw new Tracer.StartFailed("no such process: " + pid);
        String why = unattachable(pid);
        if (why != null) throw new Tracer.StartFailed("cannot attach to process " + pid + ": " + why);
        String tracer = tracedBy(pid);
        if (tracer != null) {
            throw new Tracer.StartFailed("process " + pid + " is already traced by " + tracer + "; a process has one tracer at a time");
        }
        Set<Integer> seized = new HashSet<>();
        boolean any = false;
        while (true) {
            List<Integer> threads = threads(pid);
            if (threads.isEmpty() && !any) throw new Tracer.StartFailed("no such process: " + pid);
            boolean added = false;
            for (int tid : threads) {
                if (!seized.add(tid)) continue;
                added = true;
                try {
                    k.seize(tid, options(follow));
                } catch (ErrnoException e) {
                    if (e.errno == ESRCH) continue; // the thread ended meanwhile
                    // ours already: a thread created since, which its creator's clone event brings
                    if (e.errno == EPERM && ours(tracerPid(pid + "/task/" + tid))) continue;
                    // exited, not reaped (the kernel refuses it): a main thread that called pthread_exit
                    if (e.errno == EPERM && ended(pid + "/task/" + tid)) continue;
                    throw new Tracer.StartFailed(refusal(pid, e));
                }
                any = true;
                try { // at once: until it stops, the thread runs under none of tot's rules (adopt reads /proc: milliseconds)
                    k.interrupt(tid);
                } catch (ErrnoException e) {
                    // it ended: waitpid says so
                }
                adopt.accept(pid, tid);
            }
            if (!added) break;
        }
        if (!any) throw new Tracer.StartFailed("cannot attach to process " + pid + ": it ended as tot attached");
    }

    /** Why {@code pid} cannot be traced whoever asks (null: it may be): tot itself, a kernel thread, a zombie. */
    private static String unattachable(int pid) {
        String[] stat = ProcFs.stat(Integer.toString(pid)); // state ppid pgrp session tty tpgid flags …
        if (stat == null) return null; // gone: the attempt says so
        if (Long.toString(ProcessHandle.current().pid()).equals(statusField(Integer.toString(pid), "Tgid:"))) return "it is tot itself"; // or a thread of it
        if (stat.length > 6 && (Long.parseLong(stat[6]) & PF_KTHREAD) != 0) {
            return "it is a kernel thread (" + comm(Integer.toString(pid)) + "), which no one can trace";
        }
        if (stat[0].equals("Z") && threads(pid).size() <= 1) return "it has ended (a zombie: its parent has not reaped it yet)";
        return null;
    }

    /**
     * Whether the tracer thread {@code tid} (TracerPid names the thread that attached, not its
     * process) is a thread of tot.
     */
    private static boolean ours(int tid) {
        return tid > 0 && Long.toString(ProcessHandle.current().pid()).equals(statusField(Integer.toString(tid), "Tgid:"));
    }

    /** The kernel's flag for its own threads, in /proc/PID/stat's flags field. */
    private static final long PF_KTHREAD = 0x00200000;

    /** Whether the task at /proc/{@code procPath} has exited (a zombie or dead, or gone). */
    private static boolean ended(String procPath) {
        String[] stat = ProcFs.stat(procPath);
        return stat == null || stat[0].equals("Z") || stat[0].equals("X");
    }

    private static String refusal(int pid, ErrnoException e) {
        if (e.errno != EPERM) return "cannot attach to process " + pid + ": " + e.getMessage();
        if (isTotTracingUs(pid)) {
            return "cannot attach to process " + pid + ": it is a tot (its thread " + Tracer.THREAD_NAME + ") and this tot runs"
                    + " under a tracer's seccomp filter: a tot refuses ptrace aimed at itself by the programs it traces";
        }
        // the kernel's rule without CAP_SYS_PTRACE: tot's real uid and gid are the process's real,
        // effective and saved ones, and it is dumpable; then Yama and other security modules
        String scope = read("/proc/sys/kernel/yama/ptrace_scope");
        String uid = otherId(pid, "Uid:"), gid = otherId(pid, "Gid:");
        String why;
        if (uid != null) why = "it runs as another user (uid " + uid + ") and tot lacks CAP_SYS_PTRACE";
        else if (gid != null) why = "it runs as another group (gid " + gid + ") and tot lacks CAP_SYS_PTRACE";
        else if (!capabilitiesWithin(pid)) why = "it has capabilities tot lacks, CAP_SYS_PTRACE among them";
        else {
            String dumpable = "it is not dumpable (a set-user-ID or set-group-ID program, or one that called"
                    + " prctl(PR_SET_DUMPABLE, 0)) and tot lacks CAP_SYS_PTRACE";
            String yama = scope != null && !scope.equals("0")
                    ? "Yama ptrace_scope is " + scope + " (0 lets a user attach to its own processes; 3 forbids attaching)"
                    : "a security module (SELinux, AppArmor…) refused it";
            // a process that is not dumpable shows root as the owner of its /proc files; root's own always does
            why = !ownOwner(pid) ? dumpable : tot.util.Fsuid.VALUE == 0 ? dumpable + ", or " + yama : yama;
        }
        return "cannot attach to process " + pid + ": ptrace not permitted: " + why;
    }

    /**
     * Whether {@code pid} is a tot (a thread of it has tot's tracing thread's name) while this tot
     * runs under a tracer (TracerPid: a tot's ptrace engine) or a seccomp filter (a tot's eBPF
     * guard, which leaves no TracerPid): then the EPERM is that tot's guard refusing ptrace aimed
     * at itself, not the kernel's rules (a tot run by a tot's traced program, `tot attach -p $PPID`).
     */
    private static boolean isTotTracingUs(int pid) {
        String tracer = statusField("self", "TracerPid:"), seccomp = statusField("self", "Seccomp:");
        if ((tracer == null || tracer.equals("0")) && !"2".equals(seccomp)) return false;
        return threads(pid).stream().anyMatch(tid -> Tracer.THREAD_NAME.equals(comm(pid + "/task/" + tid)));
    }

    /**
     * Of the real, effective and saved ids on {@code key}'s line of the process's status, the
     * first that is not tot's real one (null: all are).
     */
    private static String otherId(int pid, String key) {
        String ours = statusField("self", key), theirs = statusField(Integer.toString(pid), key);
        if (ours == null || theirs == null) return null;
        String real = ours.split("\\s+")[0];
        String[] ids = theirs.split("\\s+");
        for (int i = 0; i < 3 && i < ids.length; i++) if (!ids[i].equals(real)) return ids[i];
        return null;
    }

    /** Whether the process's permitted capabilities are among tot's (the kernel's rule for a tracer without CAP_SYS_PTRACE). */
    private static boolean capabilitiesWithin(int pid) {
        String ours = statusField("self", "CapPrm:"), theirs = statusField(Integer.toString(pid), "CapPrm:");
        if (ours == null || theirs == null) return true;
        return (Long.parseUnsignedLong(theirs, 16) & ~Long.parseUnsignedLong(ours, 16)) == 0;
    }

    /** Whether /proc/PID/fd is owned by tot's user: the kernel makes a process that is not dumpable root's there. */
    private static boolean ownOwner(int pid) {
        try {
            return Files.getAttribute(Path.of("/proc", Integer.toString(pid), "fd"), "unix:uid").equals(tot.util.Fsuid.VALUE);
        } catch (IOException | RuntimeException e) {
            return true; // gone: not a matter of dumpability
        }
    }

    private static List<Integer> threads(int pid) {
        try (Stream<Path> s = Files.list(Path.of("/proc", Integer.toString(pid), "task"))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.chars().allMatch(Character::isDigit))
                    .map(Integer::valueOf).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** "process N (COMM)" of the process whose thread traces {@code pid}, or null when none does. */
    static String tracedBy(int pid) {
        int tracer = tracerPid(pid);
        if (tracer <= 0) return null;
        // TracerPid is the thread that attached (tot's is not its main thread): name its process
        String process = Objects.requireNonNullElse(statusField(Integer.toString(tracer), "Tgid:"), Integer.toString(tracer));
        return "process " + process + " (" + comm(process) + ")";
    }

    /** The TracerPid line of /proc/PID/status (0: not traced). */
    static int tracerPid(int pid) {
        return tracerPid(Integer.toString(pid));
    }

    private static int tracerPid(String procPath) {
        String v = statusField(procPath, "TracerPid:");
        return v == null ? 0 : Integer.parseInt(v);
    }

    /** The value of a line of /proc/PROC/status ({@code key} with its colon), or null. */
    private static String statusField(String procPath, String key) {
        String status = read("/proc/" + procPath + "/status");
        if (status == null) return null;
        for (String line : status.split("\n")) {
            if (line.startsWith(key)) return line.substring(key.length()).strip();
        }
        return null;
    }

    private static String comm(String pid) {
        String c = read("/proc/" + pid + "/comm");
        return c == null ? "?" : c;
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file)).strip();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Stops every thread of {@code tids} (PTRACE_INTERRUPT) and detaches it, passing on a signal
     * it was about to receive; {@code detached} is told of each, {@code exited} of one that ended
     * first (with its status: code, or -signal).
     */
    static void detachAll(Kernel k, Set<Integer> tids, java.util.function.IntConsumer detached,
                          java.util.function.BiConsumer<Integer, Integer> exited) {
        for (int tid : tids) {
            try {
                k.interrupt(tid);
            } catch (ErrnoException e) {
                // gone: its exit is reported
            }
        }
        while (!tids.isEmpty()) {
            Stop stop;
            try {
                stop = Stop.decode(k.wait(-1, __WALL | __WNOTHREAD));
            } catch (ErrnoException e) {
                if (e.errno == EINTR) continue;
                return;
            }
            if (!tids.contains(stop.tid())) continue;
            switch (stop) {
                case Stop.Exited x -> exited.accept(x.tid(), x.code());
                case Stop.Killed x -> exited.accept(x.tid(), -x.signal());
                default -> {
                    try {
                        k.detach(stop.tid(), stop instanceof Stop.Signal s ? s.signal() : 0);
                    } catch (ErrnoException e) {
                        // it died meanwhile
                    }
                    detached.accept(stop.tid());
                }
            }
        }
    }
}
