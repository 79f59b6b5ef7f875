package tot.model;

import java.io.IOException;

/** A consumer of trace events (deps.json, JSON Lines, …). Called on the tracer thread, in order. */
public interface Sink extends AutoCloseable {
    void accept(Event event) throws IOException;

    /** Whether this sink uses {@link Event.Call} events (else the tracer need not make them). */
    default boolean wantsSyscalls() {
        return false;
    }

    /**
     * A tracee is about to modify, replace or remove {@code path} (at the entry of the syscall,
     * before it runs): a sink that still has to read the file must do it now.
     */
    default void beforeChange(String path) {}

    /**
     * Called once after the last event, before any sink is closed: a sink whose {@link #close}
     * waits for a thread of its own (the store's last transaction) sets it finishing now, so that
     * it works while the other sinks write their outputs.
     */
    default void finishing() {}

    /** Something tot met ({@link Notice}); called on any thread, while events flow too. */
    default void notice(Notice notice) {}

    /** Called once after the last event; a sink writes what it collected here. */
    @Override
    default void close() throws IOException {}
}
