package tot.api;

/**
 * Receives a trace's events as they happen. Called on the trace's own thread (a
 * {@link TraceEvent.Notice} on the thread that met it), one event at a time, in order; the traced processes wait while it runs, so it should return quickly (hand
 * slow work to another thread). If it throws, it gets no more events, the trace goes on, and
 * {@link Tracing#await} ends with a {@link TotException} ({@link TotException.Reason#LISTENER})
 * whose cause is what it threw (an {@link Error} too, as a failed assertion). It may call tot:
 * trace another command, query a {@link RunStore}, {@link Tracing#interrupt} or
 * {@link Tracing#close} its own trace (which then ends once it returns); not wait for it
 * ({@link Tracing#await}, {@link Tracing#detach}: {@link IllegalStateException}).
 */
@FunctionalInterface
public interface TraceListener {
    /** One event; see the class comment for the thread it comes on. */
    void onEvent(TraceEvent event);

    /**
     * Whether this listener wants the events of {@code kind} (asked once per kind, before the
     * trace starts): tot makes only those, and an {@link TraceEvent.ExecutionEnded} carries the
     * execution's whole record, whose paths are looked up to build it. Every kind by default.
     * If it throws, nothing is traced: a {@link TotException} ({@link TotException.Reason#LISTENER}).
     */
    default boolean wants(Class<? extends TraceEvent> kind) {
        return true;
    }

    /** A listener that ignores everything. */
    TraceListener NONE = event -> {};
}
