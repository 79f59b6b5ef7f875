package tot.trace;

import static tot.linux.Linux.EINTR;
import static tot.linux.Linux.ENOEXEC;
import static tot.linux.Linux.SIGTRAP;
import static tot.linux.Linux.WUNTRACED;
import static tot.linux.Linux.__WALL;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntConsumer;
import tot.linux.BpfObject;
import tot.linux.ErrnoException;
import tot.linux.Kernel;
import tot.linux.SeccompListener;
import tot.linux.Signals;
import tot.syscalls.SeccompFilter;
import tot.util.ByteStrings;

/**
 * The eBPF engine's start of the command, under tot's guard: from a thread of its own that first
 * installs a seccomp filter the command inherits ({@link SeccompFilter#refusing}): a call of the
 * command's tree that names tot's process or one of its threads fails with EPERM, and its
 * pidfd signals and owners set in memory wait for a {@link CallGuard}. The thread ends after the spawn, and the filter
 * with it: tot's own threads never carry it.
 */
final class GuardedSpawn {
    private GuardedSpawn() {}

    /**
     * The command's pid; {@code tot}: the ids the guard protects; {@code unguarded}: why the guard
     * could not be installed, else null; {@code tracedTot}: set when the command made tot its
     * tracer (PTRACE_TRACEME) and was let go.
     */
    record Started(int pid, OwnIds tot, String unguarded, AtomicBoolean tracedTot) {}

    /** What the spawning thread is asked to start, or {@link #CANCELLED}. */
    private record Request(BpfObject bpf, String path, List<byte[]> args, String dir, IntConsumer spawned) {}

    private static final Request CANCELLED = new Request(null, null, null, null, null);

    /**
     * The spawning thread and the guard's listener thread, ready before the command is known to
     * run: the filter is built and installed while the BPF programs load (the trace waits for
     * those anyway). {@link #spawn} once, or {@link #close} to end both threads without a spawn.
     */
    static final class Pending implements AutoCloseable {
        private final CompletableFuture<Request> request = new CompletableFuture<>();
        private final CompletableFuture<Integer> listenerFd = new CompletableFuture<>();
        private final CompletableFuture<Integer> spawning = new CompletableFuture<>();
        private final AtomicBoolean tracedTot = new AtomicBoolean();
        /** Set by the spawning thread before it completes {@link #spawning}: the guard's listener fd (-1: none), or why there is none. */
        private int listener = -1;
        private String unguarded;
        private OwnIds tot;

        /**
         * Spawns {@code path} with {@code args} in {@code dir} while the kernel side adds the
         * spawning thread's forks to the traced processes (config[0]); {@code spawned} hears the
         * command's pid on the spawning thread as soon as it exists.
         */
        Started spawn(BpfObject bpf, String path, List<byte[]> args, String dir, IntConsumer spawned) throws ErrnoException {
            request.complete(new Request(bpf, path, args, dir, spawned));
            int pid;
            try {
                pid = spawning.get();
            } catch (ExecutionException e) {
                listenerFd.complete(-1);
                if (listener >= 0) new SeccompListener(listener).close();
                if (e.getCause() instanceof ErrnoException errno) throw errno;
                throw new IllegalStateException(e.getCause()); // a bug: the trace reports it
            } catch (InterruptedException e) {
                listenerFd.complete(-1);
                Thread.currentThread().interrupt();
                throw new ErrnoException("waiting for the spawn", EINTR);
            }
            listenerFd.complete(listener);
            return new Started(pid, tot, unguarded, tracedTot);
        }

        /** Without a spawn (the programs could not load): both threads end, the listener's fd is closed. */
        @Override
        public void close() {
            if (!request.complete(CANCELLED)) return; // spawned: the threads serve the command
            spawning.exceptionally(t -> -1).join(); // the filter's thread is done with the fd
            listenerFd.complete(-1);
            if (listener >= 0) new SeccompListener(listener).close();
        }
    }

    /**
     * Starts the spawning thread, which installs tot's guard on itself and waits for
     * {@link Pending#spawn}, and the guard's listener thread; {@code helper} (0: none), tot's
     * {@link Watchdog}, is guarded as tot is. Both threads exist before tot's ids are taken: a
     * thread of tot the filter does not name could be signalled (a SIGKILL to any thread ends the JVM).
     */
    static Pending prepare(JobControl jobs, int helper) {
        Pending p = new Pending();
        CompletableFuture<List<int[]>> filter = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("tot-spawn").start(() -> {
            try (Kernel kernel = new Kernel()) {
                List<int[]> guard = filter.join();
                try {
                    p.listener = kernel.filterThisThread(Kernel.encodeFilter(guard), guard.size());
                } catch (ErrnoException e) {
                    p.unguarded = e.getMessage();
                }
                Request r = p.request.join();
                if (r == CANCELLED) {
                    p.spawning.complete(-1);
                    return;
                }
                int pid;
                r.bpf().put("config", 0, Signals.gettid());
                try {
                    pid = spawn(kernel, r.path(), r.args(), r.dir(), jobs, r.spawned());
                } finally {
                    r.bpf().put("config", 0, 0);
                }
                jobs.started(pid);
                p.spawning.complete(pid);
                parent(kernel, pid, p.tracedTot, jobs);
            } catch (Throwable t) {
                p.spawning.completeExceptionally(t);
            }
        });
        // as long as a process holds the filter (one the command left behind too); when tot's JVM
        // ends first, the kernel fails their pidfd signals with ENOSYS
        Thread.ofPlatform().daemon().name("tot-guard").start(() -> {
            int fd = p.listenerFd.join();
            if (fd >= 0) new CallGuard(fd, p.tot).run();
        });
        p.tot = OwnIds.now().withHelper(helper); // seen by both threads through the futures they wait for
        filter.complete(SeccompFilter.refusing(p.tot.forFilter()));
        return p;
    }

    /**
     * The spawning thread stays the command's parent while it runs: a command that calls
     * PTRACE_TRACEME makes its parent thread its tracer, and stops at its next exec for it; tot
     * lets it go (PTRACE_DETACH, which only the tracer thread may do) instead of leaving it
     * stopped; its job-control stops are mirrored ({@link JobControl#stopped}). Ends when the
     * command has ended, leaving it a zombie for the trace's end to reap: its number is the
     * process group's, which the {@link Watchdog} kills, and must not be another's while tot lives.
     */
    private static void parent(Kernel kernel, int pid, AtomicBoolean tracedTot, JobControl jobs) {
        while (true) {
            int status;
            try {
                if (kernel.waitUntilStoppedOrEnded(pid)) return;
                status = (int) kernel.wait(pid, WUNTRACED | __WALL); // the stop
            } catch (ErrnoException e) {
                return; // reaped
            }
            if ((status & 0xff) != 0x7f) return; // exited or killed, and reaped
            int signal = (status >> 8) & 0xff;
            if (!ProcFs.tracedByProcess(pid, (int) ProcessHandle.current().pid())) {
                jobs.stopped(signal); // a job-control stop
                continue;
            }
            tracedTot.set(true);
            try {
                kernel.detach(pid, signal == SIGTRAP ? 0 : signal); // the exec's SIGTRAP is ptrace's own
            } catch (ErrnoException e) {
                return;
            }
        }
    }

    /**
     * posix_spawn(path, args) in {@code dir} with the signals tot was given ignored ignored again (tot handles
     * SIGINT, the JVM SIGQUIT: the child would get them back as SIG_DFL); a file without #!
     * (ENOEXEC) is run by /bin/sh, as a shell's exec does (and so the ptrace engine's stopper shell).
     * {@code spawned} hears the child's pid the moment the spawn returns.
     */
    private static int spawn(Kernel kernel, String path, List<byte[]> args, String dir, JobControl jobs,
                             IntConsumer spawned) throws ErrnoException {
        return Signals.ignoring(InheritedSignals.ignored(), () -> {
            int pid;
            try {
                pid = Launch.spawn(kernel, path, args, dir, jobs);
            } catch (ErrnoException e) {
                if (e.errno != ENOEXEC) throw e;
                List<byte[]> sh = new ArrayList<>(List.of(ByteStrings.encode("/bin/sh"), ByteStrings.encode(path)));
                sh.addAll(args.subList(Math.min(1, args.size()), args.size()));
                pid = Launch.spawn(kernel, "/bin/sh", sh, dir, jobs);
            }
            spawned.accept(pid); // at once: the command runs already
            return pid;
        });
    }
}
