package tot.api;

import java.util.ArrayList;
import java.util.List;
import tot.model.Event;
import tot.model.Sink;

/**
 * The sink behind the API: keeps each execution's record when it ends (the run {@link Tracing}
 * returns) and hands every event to the caller's listener. A listener that throws is dropped
 * and its exception kept for {@link Tracing#await}.
 */
final class Recorder implements Sink {
    private final TraceListener listener;
    private final boolean syscalls;
    private final List<ExecutionRecord> executions = new ArrayList<>();
    private volatile RuntimeException listenerFailure;

    /** {@code syscalls}: the listener gets syscall events (the tracer then makes them). */
    Recorder(TraceListener listener, boolean syscalls) {
        this.listener = listener;
        this.syscalls = syscalls && listener != TraceListener.NONE;
    }

    @Override
    public void accept(Event event) {
        ExecutionRecord ended = null;
        if (event instanceof Event.End end) {
            ended = Events.record(end.execution());
            executions.add(ended);
        }
        if (listener == TraceListener.NONE || listenerFailure != null) return;
        if (event instanceof Event.Call && !syscalls) return;
        try {
            listener.onEvent(Events.of(event, ended));
        } catch (RuntimeException e) {
            listenerFailure = e;
        }
    }

    @Override
    public boolean wantsSyscalls() {
        return syscalls;
    }

    /** The executions in the order they ended (read after the trace). */
    List<ExecutionRecord> executions() {
        return executions;
    }

    RuntimeException listenerFailure() {
        return listenerFailure;
    }
}
