package tot.api;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import tot.model.Sink;
import tot.store.StoreSink;
import tot.trace.Engine;
import tot.trace.Tracer;
import tot.util.OutputFile;

/**
 * A trace under way: a command started by {@link Tot#start}, or processes attached by
 * {@link Tot#attach}.
 *
 * <p><b>Threads.</b> Each trace has a platform thread of its own (named {@code tot-trace}) that
 * makes every ptrace call: the kernel ties a tracee to the thread that attached it, so no other
 * thread (and no virtual thread, which may change carrier) could do it. {@link TraceListener}s
 * are called on it. The methods of this class may be called from any thread; from the listener
 * (the trace thread), {@link #await} and {@link #detach} throw {@link IllegalStateException}
 * (the trace waits for the listener) and {@link #close} only asks for the end. The thread is a
 * daemon: if the JVM exits first, a traced command is killed (ptrace's EXITKILL) and attached
 * processes are released, untraced; nothing is written then.
 *
 * <p><b>Blocking.</b> {@link #await} blocks until every traced process has exited (or, attached,
 * until they are detached) and every output is written. Interrupting the waiting thread ends
 * the wait with {@link InterruptedException}; the trace goes on and can be awaited again.
 *
 * <p><b>Closing.</b> {@link #close} ends a trace that is still running — a command's processes
 * are killed (SIGKILL), attached ones detached — and waits for the outputs; use it in
 * try-with-resources so that no trace outlives its caller.
 */
public final class Tracing implements AutoCloseable {
    /**
     * What the trace thread runs: chooses the engine (made and prepared on that thread: the eBPF
     * engine's memory belongs to it), hands it to {@link #use}, runs the command or the attach;
     * returns the command's status.
     */
    interface Body {
        int run(Tracing tracing) throws Tracer.StartFailed;
    }

    private volatile Engine tracer;
    /** The trace thread, where the listener runs: it cannot wait for its own end. */
    private volatile Thread thread;
    /** The store while the sinks are closed (the command has ended): an interrupt then cuts its hashing short. */
    private volatile StoreSink closing;
    private final boolean attached;
    private volatile String engineNote;
    private final CompletableFuture<Void> started = new CompletableFuture<>();
    private final CompletableFuture<TracedRun> done = new CompletableFuture<>();

    private Tracing(boolean attached) {
        this.attached = attached;
    }

    /** The engine that traces ({@code note}: what to say about the choice, or null); before it starts. */
    void use(Engine engine, String note) {
        engine.onStarted(() -> started.complete(null));
        engineNote = note;
        tracer = engine;
    }

    /**
     * Runs {@code body} on a new trace thread; returns once the command runs or the processes
     * are attached. The sinks are closed at the end, {@code store} (one of them, or null) told
     * the command's exit first; {@code inUse} (the database's use, or null) is ended once they are,
     * before the trace is done.
     */
    static Tracing start(boolean attached, Body body, List<String> command, Recorder recorder, List<Sink> sinks, StoreSink store,
                         String database, OutputFile.DatabaseUse inUse) throws TotException {
        Tracing t = new Tracing(attached);
        t.thread = Thread.ofPlatform().daemon().name(Tracer.THREAD_NAME).unstarted(() -> {
            try {
                t.trace(body, command, recorder, sinks, store, database, inUse);
            } finally {
                if (inUse != null) inUse.close(); // the end of a trace that failed in tot itself
            }
        });
        t.thread.start();
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    t.started.get(); // short (a spawn, or seizing threads): not interruptible, or the trace would be lost
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } catch (ExecutionException e) {
            throw rethrown(e.getCause());
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
        return t;
    }

    private void trace(Body body, List<String> command, Recorder recorder, List<Sink> sinks, StoreSink store, String database,
                       OutputFile.DatabaseUse inUse) {
        try {
            int status;
            try {
                status = body.run(this);
            } catch (Tracer.StartFailed e) {
                if (store != null) store.abandon(); // nothing ran: no run is stored
                if (inUse != null) inUse.close();
                TotException failure = new TotException(TotException.Reason.TRACING_REFUSED, e.getMessage(), e);
                started.completeExceptionally(failure);
                done.completeExceptionally(failure);
                return;
            }
            int rootExit = attached ? 0 : tracer.rootExit(); // < 0: killed by that signal
            if (store != null) store.exit(rootExit);
            closing = store;
            List<String> failures = Guarded.closeAll(sinks);
            if (inUse != null) inUse.close(); // before the caller learns of the end: its next trace may write there
            int killedBy = rootExit < 0 && status == 128 - rootExit ? -rootExit : 0;
            TracedRun run = new TracedRun(command, status, killedBy, recorder.executions(), store == null ? null : database);
            if (!failures.isEmpty()) done.completeExceptionally(new OutputsIncompleteException(run, failures));
            else if (recorder.listenerFailure() != null) done.completeExceptionally(Recorder.failed(recorder.listenerFailure()));
            else done.complete(run);
        } catch (RuntimeException | Error e) { // a bug in tot: the caller gets it rather than waiting forever
            started.completeExceptionally(e);
            done.completeExceptionally(e);
        }
    }

    /**
     * With {@link TraceOptions.Engine#AUTO}, which engine traces the command and why, as
     * {@code tot log --engine auto} says it ({@code tracing with eBPF}, {@code tracing with ptrace:
     * CAUSE}); null otherwise.
     */
    public String engineNote() {
        return engineNote;
    }

    /**
     * Waits until the trace is over and its outputs are written; returns the run.
     *
     * @throws OutputsIncompleteException an output could not be written whole (the run is in it)
     * @throws TotException               the listener threw ({@link TotException.Reason#LISTENER})
     * @throws InterruptedException       this thread was interrupted: the trace goes on
     * @throws IllegalStateException      called from the listener
     */
    public TracedRun await() throws TotException, InterruptedException {
        notFromTheListener("await");
        try {
            return done.get();
        } catch (ExecutionException e) {
            throw rethrown(e.getCause());
        }
    }

    /** As {@link #await()}, waiting at most {@code timeout}: {@link TimeoutException} when the trace is still running. */
    public TracedRun await(Duration timeout) throws TotException, InterruptedException, TimeoutException {
        notFromTheListener("await");
        try {
            return done.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw rethrown(e.getCause());
        }
    }

    /** Whether the trace is over (its outputs written). Does not block. */
    public boolean isDone() {
        return done.isDone();
    }

    /**
     * Does what {@code tot} does when it receives {@code signal} (SIGINT 2, SIGTERM 15 or SIGHUP
     * 1): a traced command reacts as it would untraced (SIGINT is passed on to every traced
     * process unless they saw it already, SIGTERM and SIGHUP go to the command; a third interrupt
     * kills them all); attached processes are detached. Once the command has ended, while the
     * run is written, tot.db's files not yet hashed are stored unhashed, and a push to
     * PostgreSQL is ended (the run stays in its spool). Does not block.
     */
    public void interrupt(int signal) {
        tracer.interrupt(signal); // set before start returned
        StoreSink s = closing;
        if (s != null && signal != tot.linux.Linux.SIGCONT) s.cutShort(); // the command has ended: tot is told to end now
    }

    /**
     * Attached processes: detaches every thread (they go on untraced, {@code TracerPid: 0}) and
     * waits for the run, as {@link #await()}.
     *
     * @throws IllegalStateException for a traced command (it cannot run on without its tracer:
     *                               {@link #close} kills it); called from the listener
     */
    public TracedRun detach() throws TotException, InterruptedException {
        if (!attached) throw new IllegalStateException("a traced command cannot be detached; close() kills it");
        notFromTheListener("detach");
        if (!done.isDone()) tracer.kill();
        return await();
    }

    /**
     * Ends the trace if it is still running (a command's processes killed with SIGKILL, attached
     * ones detached) and waits, not interruptibly, until the outputs are written; from the
     * listener, returns at once (the trace ends once the listener returns). Failures are left to
     * {@link #await}. Idempotent.
     */
    @Override
    public void close() {
        if (!done.isDone()) tracer.kill();
        if (Thread.currentThread() == thread) return; // the listener: the trace ends once it returns
        boolean interrupted = false;
        while (!done.isDone()) {
            try {
                done.get();
            } catch (InterruptedException e) {
                interrupted = true;
            } catch (ExecutionException e) {
                break;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    /** The listener (on the trace thread) cannot wait for the trace: it holds it. */
    private void notFromTheListener(String method) {
        if (Thread.currentThread() == thread) {
            throw new IllegalStateException(method + "() from the listener would wait for the trace, which waits for the listener");
        }
    }

    private static TotException rethrown(Throwable cause) {
        if (cause instanceof TotException t) return t;
        if (cause instanceof RuntimeException r) throw r;
        if (cause instanceof Error e) throw e;
        return new TotException(TotException.Reason.TRACING_REFUSED, String.valueOf(cause), cause);
    }
}
