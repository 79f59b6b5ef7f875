package tot.model;

/**
 * What tot itself met while it traced (its outputs, its database, the signals it got), not what
 * the traced programs did: sent to the sinks ({@link Sink#notice}); the library hands it to the
 * listener and only the command prints it. Its own words, {@code text}, as tot says them after
 * {@code "tot: "}.
 */
public record Notice(Kind kind, String text) {
    /** Which thing happened. */
    public enum Kind {
        /** Another process holds the database's lock: tot waits for it, up to a limit. */
        DATABASE_LOCKED,
        /** An output failed during the run and stops there; the others go on. */
        OUTPUT_FAILED,
        /** Interrupted while the run was written: some files are stored without a sha1. */
        HASHES_DROPPED,
        /** A third interrupt: every traced process is killed. */
        KILLING_ALL
    }

    /** Where notices go when nobody takes them. */
    public static final java.util.function.Consumer<Notice> NOWHERE = n -> {};
}
