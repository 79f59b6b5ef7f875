package tot.api;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import tot.model.Event;
import tot.model.Sink;
import tot.util.OutputFile;

/**
 * A sink whose first write error is kept instead of reaching the tracer (which would drop the
 * sink with a message naming no file): it gets no more events, and {@link #closeAll} reports the
 * error. A pipe whose reader went away (EPIPE) is no error: it is dropped quietly.
 */
final class Guarded implements Sink {
    private final Sink sink;
    private IOException failure;
    /** Its reader went away (a pipe closed early, as by `| head`): dropped quietly, not an error. */
    private boolean readerGone;

    Guarded(Sink sink) {
        this.sink = sink;
    }

    @Override
    public void accept(Event event) {
        if (failure != null || readerGone) return;
        try {
            sink.accept(event);
        } catch (IOException e) {
            if (OutputFile.isBrokenPipe(e)) readerGone = true;
            else failure = e;
        }
    }

    @Override
    public boolean wantsSyscalls() {
        return sink.wantsSyscalls();
    }

    @Override
    public void beforeChange(String path) {
        if (failure == null) sink.beforeChange(path);
    }

    @Override
    public void finishing() {
        if (failure == null) sink.finishing();
    }

    @Override
    public void close() throws IOException {
        if (failure == null) {
            try {
                sink.close();
            } catch (IOException e) {
                if (!readerGone && !OutputFile.isBrokenPipe(e)) throw e;
            }
            return;
        }
        try {
            sink.close();
        } catch (IOException e) {
            // the first error is the one to report
        }
        throw failure;
    }

    /**
     * Closes every sink (each writes what it collected); returns, for each output that could not
     * be written whole, its name and the cause (an IOException's message names the file).
     */
    static List<String> closeAll(List<Sink> sinks) {
        List<String> failures = new ArrayList<>();
        for (Sink s : sinks) s.finishing();
        for (Sink s : sinks) {
            try {
                s.close();
            } catch (IOException e) {
                failures.add(e.getMessage());
            }
        }
        return failures;
    }
}
