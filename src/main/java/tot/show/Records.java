package tot.show;

import java.util.List;

/** What `tot show` reads from tot.db. */
final class Records {
    private Records() {}

    /**
     * One execution; {@code parentShortId} null for a run's root; {@code pid} null when unknown
     * (fptrace's deps.json); {@code warnings}: what tot could not see or refused.
     */
    record Exec(long rowId, long run, int execId, int parentExecId, String shortId, String parentShortId, Integer pid,
                String path, List<String> argv, String cwd, Long startNanos, Long endNanos, Integer exit,
                List<String> warnings) {}

    /** One access to a file; {@code sha1} null when not hashed. */
    record FileAccess(long execRowId, String kind, String path, String sha1, int errno, Long timeNanos, String syscall) {}

    /** An access together with the execution that made it. */
    record ExecAccess(Exec exec, FileAccess access) {}

    /** A run as listed above its tree. */
    record Run(long id, String source, String sourceFile, List<String> command, String cwd, String host, String user,
               Long startNanos, Long endNanos, Integer exit, boolean complete) {}
}
