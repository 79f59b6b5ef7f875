package tot.record;

import java.io.IOException;

/** A consumer of trace events (deps.json, JSON Lines, …). Called on the tracer thread, in order. */
public interface Sink extends AutoCloseable {
    void accept(Event event) throws IOException;

    /** Called once after the last event; a sink writes what it collected here. */
    @Override
    default void close() throws IOException {}
}
