package tot.api;

import java.util.List;

/**
 * A run as a tot database holds it. Immutable; a null field is unknown.
 *
 * @param id          its number in the database ({@code tot show --run N})
 * @param source      {@code log} (traced), or what was imported ({@code deps.json}, {@code events}, {@code strace})
 * @param command     the command line traced
 * @param cwd         where it ran
 * @param host        the machine's host name
 * @param user        the user who ran it
 * @param startNanos  when it began (epoch nanoseconds)
 * @param endNanos    when it ended
 * @param exitStatus  the command's status, -N when signal N killed it
 * @param complete    whether the run was stored to its end (only complete runs are answered
 *                    about unless asked for by number)
 */
public record RecordedRun(long id, String source, List<String> command, String cwd, String host, String user, Long startNanos,
                          Long endNanos, Integer exitStatus, boolean complete) {
    /** Copies the command line. */
    public RecordedRun {
        command = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(command)); // an import may hold nulls
    }
}
