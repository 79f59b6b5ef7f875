package tot.trace;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import tot.linux.BpfObject;

/**
 * Loading and attaching the eBPF engine's programs, started before `tot log` has parsed its
 * options: the kernel's verifier, the maps and libbpf's linking then overlap the JVM's own
 * start-up instead of delaying the command. What is attached records nothing until tot puts the
 * command's process into the traced set, so starting early misses nothing and records nothing
 * else. {@link EbpfTracer#prepare} takes the result; an engine that turns out not to be eBPF
 * {@link #discard}s it.
 */
public final class EbpfPreload {
    private EbpfPreload() {}

    /** The load under way or done: a {@link BpfObject}, or the {@link Tracer.StartFailed} that refused it. */
    private static FutureTask<Object> pending;

    /** Starts loading on a thread of its own (once). */
    public static synchronized void start() {
        if (pending != null) return;
        pending = new FutureTask<>(() -> {
            try {
                return EbpfTracer.loadAndAttach();
            } catch (Tracer.StartFailed e) {
                return e;
            }
        });
        Thread.ofPlatform().daemon().name("tot-ebpf-load").start(pending);
    }

    /** The preloaded object (waiting for it), or null when none was started; the caller owns it. */
    static BpfObject take() throws Tracer.StartFailed {
        FutureTask<Object> task;
        synchronized (EbpfPreload.class) {
            task = pending;
            pending = null;
        }
        if (task == null) return null;
        Object done = outcome(task);
        if (done instanceof Tracer.StartFailed e) throw e;
        return (BpfObject) done;
    }

    /** Detaches and frees what was preloaded, if anything: the trace uses ptrace. */
    public static void discard() {
        try {
            BpfObject b = take();
            if (b != null) b.close();
        } catch (Tracer.StartFailed e) {
            // nothing was loaded
        }
    }

    private static Object outcome(FutureTask<Object> task) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return task.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException r) throw r;
                    if (e.getCause() instanceof Error err) throw err;
                    throw new IllegalStateException(e.getCause());
                }
            }
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }
}
