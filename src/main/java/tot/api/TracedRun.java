package tot.api;

import java.util.List;

/**
 * What a trace recorded: every execution, ordered by the time it ended (as in deps.json).
 * Immutable.
 *
 * @param command     the command traced, or {@code attach:PID} per attached process
 * @param exitStatus  the command's status (128+N when signal N killed it); 0 for an attach
 * @param killedBy    the signal that killed the command's first process (its last execution),
 *                    or 0 when it exited, or for an attach: what tells an end by a signal from
 *                    an exit with 128+N
 * @param executions  the executions, in the order they ended (a trace's are built when first
 *                    read: whether a path is a directory is looked up then)
 * @param database    where the run was stored (an SQLite file or a PostgreSQL URL without its
 *                    password), or null when it was not
 */
public record TracedRun(List<String> command, int exitStatus, int killedBy, List<ExecutionRecord> executions, String database) {
    /** Copies the lists (a trace's own, built when first read, is kept as it is). */
    public TracedRun {
        command = List.copyOf(command);
        if (!(executions instanceof LazyRecords)) executions = List.copyOf(executions);
    }

    /** A run whose {@code killedBy} is read from its executions: the first process's last one. */
    public TracedRun(List<String> command, int exitStatus, List<ExecutionRecord> executions, String database) {
        this(command, exitStatus, killedBy(exitStatus, executions), executions, database);
    }

    private static int killedBy(int exitStatus, List<ExecutionRecord> executions) {
        ExecutionRecord x = executions.stream().filter(e -> e.parentId() == 0).findFirst().orElse(null);
        while (x != null && x.nextId() != 0) x = find(executions, x.nextId());
        return x != null && x.exitStatus() != null && x.exitStatus() < 0 && exitStatus == 128 - x.exitStatus() ? -x.exitStatus() : 0;
    }

    /** The execution with number {@code id}, or null. */
    public ExecutionRecord execution(int id) {
        return find(executions, id);
    }

    private static ExecutionRecord find(List<ExecutionRecord> executions, int id) {
        for (ExecutionRecord x : executions) if (x.id() == id) return x;
        return null;
    }
}
