package tot.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import tot.model.Event;
import tot.model.Sink;
import tot.store.Store;
import tot.store.StoreSink;
import tot.linux.ErrnoException;
import tot.linux.Linux;
import tot.linux.RawFiles;
import tot.linux.Signals;
import tot.trace.Engine;
import tot.util.SafeText;
import tot.util.Terminals;

/** What the tracing commands (log, attach, blackbox, deps) share around their sinks. */
final class Outputs {
    private Outputs() {}

    /** Prints the tracer's warnings on standard error, after {@code prefix} (e.g. the log's name). */
    static Sink warnings(String prefix) {
        return event -> {
            if (event instanceof Event.Warning w) System.err.println("tot: warning: " + SafeText.escape(prefix + w.describe()));
        };
    }

    /**
     * {@code sink}, whose first write error is kept instead of reaching the tracer (which would
     * drop the sink with a message naming no file): it gets no more events, and {@link #closeAll}
     * reports the error. A pipe whose reader went away (EPIPE) is no error: it is dropped quietly.
     */
    static Sink guarded(Sink sink) {
        return new Sink() {
            private IOException failure;
            /** Its reader went away (a pipe closed early, as by `| head`): dropped quietly, not an error. */
            private boolean readerGone;

            @Override
            public void accept(Event event) {
                if (failure != null || readerGone) return;
                try {
                    sink.accept(event);
                } catch (IOException e) {
                    if (Stdout.isBrokenPipe(e)) readerGone = true;
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
            public void close() throws IOException {
                if (failure == null) {
                    try {
                        sink.close();
                    } catch (IOException e) {
                        if (!readerGone && !Stdout.isBrokenPipe(e)) throw e;
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
        };
    }

    /**
     * Closes every sink (each writes what it collected). An output that could not be written
     * whole is named with the cause, one line each, and makes the status 2; the command's own
     * status, when not 0, is then reported too. Returns the status to exit with.
     */
    static int closeAll(List<Sink> sinks, int status) {
        boolean failed = false;
        for (Sink s : sinks) {
            try {
                s.close();
            } catch (IOException e) {
                System.err.println("tot: cannot write " + SafeText.escape(e.getMessage()));
                failed = true;
            }
        }
        if (!failed) return status;
        if (status != 0) System.err.println("tot: the command's exit status was " + status + " (tot's is 2: an output is incomplete)");
        return 2;
    }

    /**
     * The run's database, opened and proved writable before anything runs; null (after saying why
     * on stderr) when it cannot take the run.
     */
    static StoreSink store(String db, boolean hash, boolean syscalls, List<String> command) {
        StoreSink store = null;
        try {
            store = new StoreSink(Databases.forWriting(db), hash, syscalls, command, RawFiles.cwd());
            store.awaitReady();
            return store;
        } catch (IOException e) {
            System.err.println("tot: cannot create the database's directory: " + SafeText.escape(e.getMessage()) + " (--no-db to trace without it)");
            return null;
        } catch (Store.StoreException e) {
            if (store != null) store.abandon();
            System.err.println("tot: " + e.getMessage() + " (--no-db to trace without it)");
            return null;
        }
    }

    /**
     * Refuses, before anything runs, an output of `tot log` that is the traced command's standard
     * output too ("-" when that is not a terminal, /dev/stdout…): their output would be mixed.
     */
    static void notSharedWithCommand(String option, String target) {
        if (target == null || !Terminals.sharesStdout(target)) return;
        throw new IllegalArgumentException(option + " " + target + ": standard output is not a terminal and the command writes"
                + " there too, so its output would be mixed into the JSON; use " + option + " FILE, or " + option
                + " /dev/fd/3 3>&1 1>&2 (the JSON to this standard output, the command's to standard error)");
    }

    /**
     * SIGINT, SIGTERM and SIGHUP to tot are handed to the tracer, also when tot was started with
     * them ignored (a background job of a script gets SIGINT ignored, and `kill -INT $!` must still
     * stop `tot attach`); the traced command still gets them ignored (tot.trace.InheritedSignals).
     */
    static void forwardInterrupts(Engine tracer) {
        for (var entry : List.of(new Object[] {"INT", Linux.SIGINT}, new Object[] {"TERM", Linux.SIGTERM},
                new Object[] {"HUP", Linux.SIGHUP})) {
            int number = (int) entry[1];
            try {
                Signals.unignore(number);
            } catch (ErrnoException e) {
                continue; // cannot happen for these signals; without a handler tot just does not forward it
            }
            sun.misc.Signal.handle(new sun.misc.Signal((String) entry[0]), s -> tracer.interrupt(number));
        }
    }
}
