package tot.api;

/**
 * Receives a trace's events as they happen. Called on the trace's own thread, one event at a
 * time, in order; the traced processes wait while it runs, so it should return quickly (hand
 * slow work to another thread). If it throws, it gets no more events, the trace goes on, and
 * {@link Tracing#await} ends with a {@link TotException} ({@link TotException.Reason#LISTENER})
 * whose cause is what it threw.
 */
@FunctionalInterface
public interface TraceListener {
    /** One event; see the class comment for the thread it comes on. */
    void onEvent(TraceEvent event);

    /** A listener that ignores everything. */
    TraceListener NONE = event -> {};
}
