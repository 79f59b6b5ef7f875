package tot.cli;

import java.util.List;
import java.util.function.IntConsumer;
import tot.api.OutputsIncompleteException;
import tot.api.TotException;
import tot.api.TraceEvent;
import tot.api.TraceListener;
import tot.api.TracedRun;
import tot.api.Tracing;
import tot.linux.ErrnoException;
import tot.linux.Linux;
import tot.linux.Signals;
import tot.util.SafeText;
import tot.util.Terminals;

/** What the tracing commands (log, attach, blackbox, deps) share around a trace: its messages, its signals. */
final class Outputs {
    private Outputs() {}

    /**
     * What the tracing commands show of a trace as it goes: each warning and notice on standard error
     * ({@code tot: warning: …}, {@code tot: …}), and the executions and files counted on the progress line, when there is one.
     */
    static TraceListener listener(Progress bar) {
        return new TraceListener() {
            @Override
            public void onEvent(TraceEvent event) {
                if (event instanceof TraceEvent.Warning w) warn(w.text());
                else if (event instanceof TraceEvent.Notice n) notice(n.kind() == TraceEvent.Notice.Kind.HASHES_DROPPED, n.text());
                else if (bar == null) return;
                else if (event instanceof TraceEvent.ExecutionStarted) bar.execution();
                else if (event instanceof TraceEvent.FileAccess a && a.errno() == 0 && a.kind() != TraceEvent.FileAccess.Kind.MKDIR) {
                    bar.access(a.path()); // files: a directory made is none
                }
            }

            @Override
            public boolean wants(Class<? extends TraceEvent> kind) {
                return kind == TraceEvent.Warning.class || kind == TraceEvent.Notice.class
                        || bar != null && (kind == TraceEvent.ExecutionStarted.class || kind == TraceEvent.FileAccess.class);
            }
        };
    }

    private static void warn(String text) {
        System.err.println("tot: warning: " + SafeText.escape(text));
    }

    private static void notice(boolean warning, String text) {
        System.err.println("tot: " + (warning ? "warning: " : "") + SafeText.escape(text));
    }

    /** What the commands that open a database without a trace (import, forget, the queries) say of what they meet: on standard error. */
    static final java.util.function.Consumer<tot.model.Notice> NOTICES =
            n -> notice(n.kind() == tot.model.Notice.Kind.HASHES_DROPPED, n.text());

    /** Starts a trace (tot.api). */
    interface Start {
        Tracing start() throws TotException;
    }

    /**
     * Runs a trace as the tracing commands do: SIGINT, SIGTERM, SIGHUP and SIGCONT handed to it, the
     * progress line (when {@code bar} is not null) erased at the end, before any message; returns
     * the exit status (the command's, or that of the failure).
     */
    static int trace(Start start, Progress bar) throws InterruptedException {
        int status;
        int signal = 0;
        TotException failure = null;
        Interrupted interrupted = new Interrupted(Thread.currentThread());
        forwardInterrupts(interrupted);
        // a SIGCONT for tot's group (timeout's after its SIGTERM, a shell's fg) is the command's group's too
        sun.misc.Signal.handle(new sun.misc.Signal("CONT"), s -> interrupted.accept(Linux.SIGCONT));
        try (Tracing tracing = start.start()) {
            interrupted.handTo(tracing::interrupt);
            if (tracing.engineNote() != null) System.err.println("tot: " + SafeText.escape(tracing.engineNote()));
            TracedRun run = tracing.await();
            status = run.exitStatus();
            signal = run.killedBy();
        } catch (TotException e) {
            failure = e;
            status = 0;
        } catch (InterruptedException e) {
            if (interrupted.beforeStart() == 0) throw e;
            status = 0; // a signal stopped the start: below
        } finally {
            if (bar != null) bar.close();
        }
        if (interrupted.beforeStart() != 0) { // stopped before the command ran: tot ends by the signal
            commandSignal = interrupted.beforeStart();
            return 128 + commandSignal;
        }
        if (failure instanceof OutputsIncompleteException e) return incomplete(e);
        if (failure != null) return failed(failure);
        commandSignal = signal;
        return status;
    }

    private static volatile int commandSignal;

    /**
     * The signal that ended the traced command, when tot's status is the command's (else 0):
     * the tot process ends by it too, as strace does, so that a shell running tot in a script
     * stops at a Ctrl-C as it would at the command's ({@link tot.linux.Signals#dieBy}).
     */
    static int commandSignal() {
        return commandSignal;
    }

    /**
     * The signals tot gets, handed to a trace once it has started; those that came while it
     * started are handed over then (the handlers are in place before the command runs: a Ctrl-C
     * meanwhile would otherwise end the JVM, and with it the command).
     */
    static final class Interrupted implements IntConsumer {
        private IntConsumer target;
        private final List<Integer> early = new java.util.ArrayList<>();
        /** The thread starting the trace: a signal interrupts what it waits for (tot.db's lock: up to 30 s); null: none. */
        private final Thread starting;

        /** Signals are only kept until the trace runs. */
        Interrupted() {
            this(null);
        }

        Interrupted(Thread starting) {
            this.starting = starting;
        }

        @Override
        public synchronized void accept(int signal) {
            if (target != null) {
                target.accept(signal);
                return;
            }
            early.add(signal);
            if (starting != null) starting.interrupt();
        }

        /** Called by the starting thread once the trace runs: the signals so far go to it, the interrupt is spent. */
        synchronized void handTo(IntConsumer t) {
            target = t;
            Thread.interrupted();
            for (int signal : early) t.accept(signal);
            early.clear();
        }

        /** The first signal that came while the trace started (0: none): when the start then failed, tot ends by it. */
        synchronized int beforeStart() {
            return target == null && !early.isEmpty() ? early.getFirst() : 0;
        }
    }

    /**
     * Reports why a trace could not start or finish, in one line, and returns the exit status:
     * a wrong option is a usage error (picocli's handler prints it, status 2), a database that
     * cannot take the run says how to go without one.
     */
    private static int failed(TotException e) {
        if (e.reason() == TotException.Reason.BAD_OPTION) throw new IllegalArgumentException(e.getMessage());
        System.err.println("tot: " + SafeText.escape(e.getMessage() + (e.reason() == TotException.Reason.STORE ? " (--no-db to trace without it)" : "")));
        return e.exitStatus();
    }

    /**
     * The run happened but an output could not be written whole: each is named with the cause,
     * one line each, and the status is 2; the command's own status, when not 0, is reported too.
     */
    private static int incomplete(OutputsIncompleteException e) {
        for (String f : e.failures()) System.err.println("tot: cannot write " + SafeText.escape(f));
        int status = e.run().exitStatus();
        if (status != 0) System.err.println("tot: the command's exit status was " + status + " (tot's is 2: an output is incomplete)");
        return 2;
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
    static void forwardInterrupts(IntConsumer tracer) {
        for (var entry : List.of(new Object[] {"INT", Linux.SIGINT}, new Object[] {"TERM", Linux.SIGTERM},
                new Object[] {"HUP", Linux.SIGHUP})) {
            int number = (int) entry[1];
            try {
                Signals.unignore(number);
            } catch (ErrnoException e) {
                continue; // cannot happen for these signals; without a handler tot just does not forward it
            }
            sun.misc.Signal.handle(new sun.misc.Signal((String) entry[0]), s -> tracer.accept(number));
        }
        try {
            Signals.shield(FATAL_UNHANDLED);
        } catch (ErrnoException e) {
            // cannot happen for these signals; tot is then only less sheltered
        }
    }

    /**
     * The signals that would end tot by default and that neither it nor the JVM handles: the
     * command runs in a group of its own (and may not join tot's), but whoever runs tot may
     * signal tot's group (SIGKILL, SIGSTOP and the JVM's own SIGSEGV, SIGBUS, SIGFPE and SIGILL
     * cannot be sheltered: README).
     */
    private static final int[] FATAL_UNHANDLED = fatalUnhandled();

    private static int[] fatalUnhandled() {
        int[] named = {Linux.SIGTRAP, Linux.SIGABRT, Linux.SIGUSR1, Linux.SIGALRM, Linux.SIGSTKFLT, Linux.SIGXCPU,
                Linux.SIGVTALRM, Linux.SIGPROF, Linux.SIGIO, Linux.SIGPWR, Linux.SIGSYS};
        int[] all = java.util.Arrays.copyOf(named, named.length + 33);
        // real-time signals: their default ends the process (glibc's 32 too, until a pthread_cancel
        // installs its handler; tot's WAKE too, which only `tot attach` prepares)
        for (int rt = 32; rt <= 64; rt++) all[named.length + rt - 32] = rt;
        return all;
    }
}
