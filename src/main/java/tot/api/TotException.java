package tot.api;

/**
 * Why tot could not do what was asked: the same causes, in the same one-line words, that the
 * {@code tot} command prints after {@code tot: } (its exit status for each is {@link #exitStatus}).
 */
public class TotException extends Exception {
    private static final long serialVersionUID = 1L;

    /** The kind of failure, with the exit status {@code tot} gives it. */
    public enum Reason {
        /** The command is not in PATH, or the file does not exist (status 127). */
        COMMAND_NOT_FOUND(127),
        /** The command is a directory or not executable (status 126). */
        NOT_EXECUTABLE(126),
        /** Tracing is not possible: ptrace refused (Yama, a container without CAP_SYS_PTRACE), no such process, a process another tracer holds (status 1). */
        TRACING_REFUSED(1),
        /** An option is wrong or two contradict each other (status 2). */
        BAD_OPTION(2),
        /** An output (deps.json, the event stream, scripts, a dump) cannot be written (status 2). */
        OUTPUT(2),
        /** The database cannot be opened, read or written (status 2). */
        STORE(2),
        /** The database holds no such run, path or content (status 1). */
        NOT_FOUND(1),
        /** The listener threw: the trace went on without it (status 2). */
        LISTENER(2);

        private final int exitStatus;

        Reason(int exitStatus) {
            this.exitStatus = exitStatus;
        }
    }

    private final Reason reason;

    TotException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    TotException(Reason reason, String message) {
        this(reason, message, null);
    }

    /** What went wrong, by kind. */
    public Reason reason() {
        return reason;
    }

    /** The exit status {@code tot} gives this failure. */
    public int exitStatus() {
        return reason.exitStatus;
    }
}
