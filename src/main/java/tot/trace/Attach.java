package tot.trace;

import static tot.linux.Linux.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
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
        int tracer = tracerPid(pid);
        if (tracer > 0) {
            throw new Tracer.StartFailed("process " + pid + " is already traced by process " + tracer + " (" + comm(tracer)
                    + "); a process has one tracer at a time");
        }
        Set<Integer> seized = new HashSet<>();
        while (true) {
            List<Integer> threads = threads(pid);
            if (threads.isEmpty() && seized.isEmpty()) throw new Tracer.StartFailed("no such process: " + pid);
            boolean added = false;
            for (int tid : threads) {
                if (!seized.add(tid)) continue;
                added = true;
                try {
                    k.seize(tid, options(follow));
                } catch (ErrnoException e) {
                    if (e.errno == ESRCH) continue; // the thread ended meanwhile
                    if (e.errno == EPERM && tracerPid(pid + "/task/" + tid) == ProcessHandle.current().pid()) continue; // ours already (a new thread)
                    throw new Tracer.StartFailed(refusal(pid, tid, e));
                }
                adopt.accept(pid, tid);
                try {
                    k.interrupt(tid);
                } catch (ErrnoException e) {
                    // it ended: waitpid says so
                }
            }
            if (!added) return;
        }
    }

    private static String refusal(int pid, int tid, ErrnoException e) {
        if (e.errno != EPERM) return "cannot attach to process " + pid + ": " + e.getMessage();
        String[] stat = ProcFs.stat(pid + "/task/" + tid); // state ppid …
        if (stat != null && stat[0].equals("Z")) { // the kernel's EPERM for a task that has exited
            return tid == pid && threads(pid).size() == 1
                    ? "cannot attach to process " + pid + ": it has exited (a zombie its parent has not reaped)"
                    : "cannot attach to process " + pid + ": its thread " + tid + " has exited (a zombie), which ptrace cannot seize";
        }
        String scope = read("/proc/sys/kernel/yama/ptrace_scope");
        String why = scope != null && !scope.equals("0")
                ? "Yama ptrace_scope is " + scope + " (0 lets a user attach to its own processes; 3 forbids attaching)"
                : "it belongs to another user or tot lacks CAP_SYS_PTRACE";
        return "cannot attach to process " + pid + ": ptrace not permitted: " + why;
    }

    private static List<Integer> threads(int pid) {
        try (Stream<Path> s = Files.list(Path.of("/proc", Integer.toString(pid), "task"))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.chars().allMatch(Character::isDigit))
                    .map(Integer::valueOf).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The TracerPid line of /proc/PID/status (0: not traced). */
    static int tracerPid(int pid) {
        return tracerPid(Integer.toString(pid));
    }

    private static int tracerPid(String procPath) {
        String status = read("/proc/" + procPath + "/status");
        if (status == null) return 0;
        for (String line : status.split("\n")) {
            if (line.startsWith("TracerPid:")) return Integer.parseInt(line.substring(10).strip());
        }
        return 0;
    }

    private static String comm(int pid) {
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
