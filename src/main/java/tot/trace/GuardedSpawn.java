package tot.trace;

import static tot.linux.Linux.EINTR;
import static tot.linux.Linux.ENOEXEC;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
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
 * pidfd signals wait for a {@link PidfdGuard}. The thread ends after the spawn, and the filter
 * with it: tot's own threads never carry it.
 */
final class GuardedSpawn {
    private GuardedSpawn() {}

    /** The command's pid; {@code unguarded}: why the guard could not be installed, else null. */
    record Started(int pid, String unguarded) {}

    /**
     * Spawns {@code path} with {@code args} in {@code dir} while the kernel side adds the spawning
     * thread's forks to the traced processes (config[0]); starts the guard's listener thread.
     */
    static Started start(BpfObject bpf, OwnIds tot, String path, List<byte[]> args, String dir) throws ErrnoException {
        List<int[]> guard = SeccompFilter.refusing(tot.forFilter());
        String[] unguarded = {null};
        int[] listener = {-1};
        FutureTask<Integer> spawning = new FutureTask<>(() -> {
            try (Kernel kernel = new Kernel()) {
                try {
                    listener[0] = kernel.filterThisThread(Kernel.encodeFilter(guard), guard.size());
                } catch (ErrnoException e) {
                    unguarded[0] = e.getMessage();
                }
                bpf.put("config", 0, Signals.gettid(), 4);
                try {
                    return spawn(kernel, path, args, dir);
                } finally {
                    bpf.put("config", 0, 0, 4);
                }
            }
        });
        Thread.ofPlatform().name("tot-spawn").start(spawning);
        int pid;
        try {
            pid = spawning.get();
        } catch (ExecutionException e) {
            if (listener[0] >= 0) new SeccompListener(listener[0]).close();
            if (e.getCause() instanceof ErrnoException errno) throw errno;
            throw new IllegalStateException(e.getCause()); // a bug: the trace reports it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ErrnoException("waiting for the spawn", EINTR);
        }
        // as long as a process holds the filter (one the command left behind too); when tot's JVM
        // ends first, the kernel fails their pidfd signals with ENOSYS
        if (listener[0] >= 0) Thread.ofPlatform().daemon().name("tot-guard").start(new PidfdGuard(listener[0], tot));
        return new Started(pid, unguarded[0]);
    }

    /**
     * posix_spawn(path, args) in {@code dir} with the signals tot was given ignored ignored again (tot handles
     * SIGINT, the JVM SIGQUIT: the child would get them back as SIG_DFL); a file without #!
     * (ENOEXEC) is run by /bin/sh, as a shell's exec does (and so the ptrace engine's stopper shell).
     */
    private static int spawn(Kernel kernel, String path, List<byte[]> args, String dir) throws ErrnoException {
        return Signals.ignoring(InheritedSignals.ignored(), () -> {
            try {
                return Launch.spawn(kernel, path, args, dir);
            } catch (ErrnoException e) {
                if (e.errno != ENOEXEC) throw e;
                List<byte[]> sh = new ArrayList<>(List.of(ByteStrings.encode("/bin/sh"), ByteStrings.encode(path)));
                sh.addAll(args.subList(Math.min(1, args.size()), args.size()));
                return Launch.spawn(kernel, "/bin/sh", sh, dir);
            }
        });
    }
}
