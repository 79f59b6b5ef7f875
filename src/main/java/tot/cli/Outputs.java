package tot.cli;

import java.io.IOException;
import java.util.List;
import tot.record.Event;
import tot.record.Sink;
import tot.sys.Linux;
import tot.trace.Tracer;
import tot.util.SafeText;

/** What the tracing commands (log, attach, blackbox, deps) share around their sinks. */
final class Outputs {
    private Outputs() {}

    /** Prints the tracer's warnings on standard error, after {@code prefix} (e.g. the log's name). */
    static Sink warnings(String prefix) {
        return event -> {
            if (event instanceof Event.Warning w) System.err.println("tot: warning: " + SafeText.escape(prefix + w.message()));
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

    /** SIGINT, SIGTERM and SIGHUP to tot are handed to the tracer (a signal tot ignores stays ignored). */
    static void forwardInterrupts(Tracer tracer) {
        for (var entry : List.of(new Object[] {"INT", Linux.SIGINT}, new Object[] {"TERM", Linux.SIGTERM},
                new Object[] {"HUP", Linux.SIGHUP})) {
            sun.misc.Signal sig = new sun.misc.Signal((String) entry[0]);
            int number = (int) entry[1];
            sun.misc.SignalHandler previous = sun.misc.Signal.handle(sig, s -> tracer.interrupt(number));
            if (previous == sun.misc.SignalHandler.SIG_IGN) sun.misc.Signal.handle(sig, previous); // keep ignored
        }
    }
}
