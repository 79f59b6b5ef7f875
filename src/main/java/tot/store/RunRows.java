package tot.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Collectors;

/** Removing whole runs (tot forget; an incomplete run a merge completes): children first, so no reference dangles. */
final class RunRows {
    private RunRows() {}

    /** Deletes runs {@code ids} and every row of theirs, inside the caller's transaction; the paths and contents stay. */
    static void delete(Connection db, List<Long> ids) throws SQLException {
        if (ids.isEmpty()) return;
        String in = ids.stream().map(String::valueOf).collect(Collectors.joining(","));
        String executions = "(SELECT id FROM executions WHERE run IN (" + in + "))";
        try (Statement s = db.createStatement()) {
            s.executeUpdate("DELETE FROM syscalls WHERE run IN (" + in + ")"); // a run's syscalls name only its executions
            s.executeUpdate("DELETE FROM accesses WHERE execution IN " + executions);
            s.executeUpdate("DELETE FROM executions WHERE run IN (" + in + ")");
            s.executeUpdate("DELETE FROM runs WHERE id IN (" + in + ")");
        }
    }

    /** Deletes the paths and contents no access refers to any more. */
    static void deleteUnused(Connection db) throws SQLException {
        try (Statement s = db.createStatement()) {
            s.executeUpdate("DELETE FROM paths WHERE NOT EXISTS (SELECT 1 FROM accesses a WHERE a.path = paths.id)");
            s.executeUpdate("DELETE FROM contents WHERE NOT EXISTS (SELECT 1 FROM accesses a WHERE a.content = contents.id)");
        }
    }
}
