package tot.api;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tot.model.Event;
import tot.model.Execution;
import tot.model.Notice;
import tot.model.Sink;
import tot.sinks.DirectoryCache;
import tot.sinks.RecordedPaths;

/**
 * The sink behind the API: keeps each execution when it ends (the run {@link Tracing}
 * returns) and hands every event to the caller's listener. A listener that throws (anything:
 * a test's AssertionError, a checked exception thrown sneakily, as Kotlin may) is dropped and
 * what it threw kept for {@link Tracing#await}.
 */
final class Recorder implements Sink {
    private final TraceListener listener;
    private final boolean syscalls;
    private final List<Execution> ended = new ArrayList<>();
    private final DirectoryCache directories;
    /** The kinds of event the listener wants ({@link TraceListener#wants}). */
    private final Set<Class<? extends TraceEvent>> wanted = new HashSet<>();
    private volatile Throwable listenerFailure;

    /**
     * {@code syscalls}: the listener gets syscall events (the tracer then makes them);
     * {@code directories}: shared with deps.json's writer, which asks about the same paths.
     * Made before anything of the trace is opened: a {@code wants} that throws then leaves
     * nothing behind (a database's writer thread would keep the JVM from exiting).
     *
     * @throws TotException {@link TotException.Reason#LISTENER}: the listener's {@code wants} threw
     */
    Recorder(TraceListener listener, boolean syscalls, DirectoryCache directories) throws TotException {
        this.listener = listener;
        this.directories = directories;
        try {
            for (Class<? extends TraceEvent> kind : Events.KINDS) if (listener != TraceListener.NONE && listener.wants(kind)) wanted.add(kind);
        } catch (Throwable e) {
            throw failed(e);
        }
        this.syscalls = syscalls && wanted.contains(SyscallRecord.class);
    }

    /** What {@link Tracing#await} throws when the listener threw {@code e}. */
    static TotException failed(Throwable e) {
        return new TotException(TotException.Reason.LISTENER, "the listener failed: " + e, e);
    }

    @Override
    public void accept(Event event) {
        if (event instanceof Event.End end) this.ended.add(end.execution());
        if (listenerFailure != null || !wanted.contains(Events.kind(event))) return;
        if (event instanceof Event.Call && !syscalls) return;
        tell(Events.of(event, event instanceof Event.End end
                ? Events.record(end.execution(), directories, DirectoryCache.NOTHING_HELD_YET) : null));
    }

    /** From the trace thread, the database's writer, or a thread that interrupts the trace. */
    @Override
    public void notice(Notice notice) {
        if (listenerFailure != null || !wanted.contains(TraceEvent.Notice.class)) return;
        tell(Events.notice(notice));
    }

    /** One event to the listener; locked: a notice may come from another thread, and the listener is called once at a time. */
    private synchronized void tell(TraceEvent event) {
        if (listenerFailure != null) return;
        try {
            listener.onEvent(event);
        } catch (Throwable e) {
            listenerFailure = e;
        }
    }

    @Override
    public boolean wantsSyscalls() {
        return syscalls;
    }

    /**
     * The executions in the order they ended, built when first read (after the trace:
     * directories are looked up then, as deps.json's).
     */
    List<ExecutionRecord> executions() {
        return new LazyRecords(() -> {
            RecordedPaths held = new RecordedPaths(ended);
            return ended.stream().map(x -> Events.record(x, directories, held)).toList();
        });
    }

    Throwable listenerFailure() {
        return listenerFailure;
    }
}
