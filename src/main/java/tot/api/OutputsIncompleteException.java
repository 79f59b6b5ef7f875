package tot.api;

import java.util.List;

/**
 * The command ran (or the processes were attached and detached) and its run is complete, but an
 * output could not be written whole (a full disk, a directory removed meanwhile, a database
 * that went away): {@link #failures} names each, one line each, as {@code tot} prints them after
 * {@code tot: cannot write }. {@link #run} is what was recorded.
 */
public final class OutputsIncompleteException extends TotException {
    private static final long serialVersionUID = 1L;
    private final transient TracedRun run;
    private final List<String> failures;

    OutputsIncompleteException(TracedRun run, List<String> failures) {
        super(Reason.OUTPUT, "cannot write " + String.join("; cannot write ", failures));
        this.run = run;
        this.failures = List.copyOf(failures);
    }

    /** The run, complete in memory (executions, exit status) although an output is not. */
    public TracedRun run() {
        return run;
    }

    /** Each output that is incomplete, with the cause ({@code ev.jsonl: No space left on device}). */
    public List<String> failures() {
        return failures;
    }
}
