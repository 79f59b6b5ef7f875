package tot.cli;

import java.io.IOException;
import java.util.List;
import tot.model.Event;
import tot.model.Sink;
import tot.sys.ErrnoException;
import tot.sys.Linux;
import tot.sys.Signals;
import tot.trace.Tracer;
import tot.util.SafeText;

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
     * Closes every sink (each writes what it collected); a failure is reported and turns a
     * {@code status} of 0 into 2. Returns the status to exit with.
     */
    static int closeAll(List<Sink> sinks, int status) {
        int failed = 0;
        for (Sink s : sinks) {
            try {
                s.close();
            } catch (IOException e) {
                System.err.println("tot: cannot write output: " + e.getMessage());
                failed = 2;
            }
        }
        return failed != 0 && status == 0 ? failed : status;
    }

    /**
     * SIGINT, SIGTERM and SIGHUP to tot are handed to the tracer, also when tot was started with
     * them ignored (a background job of a script gets SIGINT ignored, and `kill -INT $!` must still
     * stop `tot attach`); the traced command still gets them ignored (tot.trace.InheritedSignals).
     */
    static void forwardInterrupts(Tracer tracer) {
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
