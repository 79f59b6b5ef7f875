package tot.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Rows on their way into the accesses table, {@link #ROWS} to an INSERT statement: one
 * statement per row costs about as much again as the row itself (sqlite-jdbc's per-call
 * overhead and SQLite's per-statement work). {@link #flush} before anything reads or changes
 * accesses, and before a commit.
 */
final class AccessBatch {
    static final int ROWS = 64;
    private static final int COLUMNS = 8;
    private static final String INSERT = "INSERT INTO accesses(execution, path, kind, syscall, errno, time_ns, content, detail) VALUES ";
    private static final String ROW = "(?, ?, ?, ?, ?, ?, ?, ?)";

    private final PreparedStatement one, all;
    private final Object[] values = new Object[ROWS * COLUMNS];
    private int rows;

    AccessBatch(Connection db) throws SQLException {
        one = db.prepareStatement(INSERT + ROW);
        all = db.prepareStatement(INSERT + String.join(", ", java.util.Collections.nCopies(ROWS, ROW)));
    }

    /** Adds a row; {@code time}, {@code content}, {@code syscall} and {@code detail} may be null. */
    void add(long execution, long path, String kind, String syscall, int errno, Long time, Long content, String detail)
            throws SQLException {
        int o = rows * COLUMNS;
        values[o] = execution;
        values[o + 1] = path;
        values[o + 2] = kind;
        values[o + 3] = syscall;
        values[o + 4] = errno;
        values[o + 5] = time;
        values[o + 6] = content;
        values[o + 7] = detail;
        if (++rows == ROWS) {
            bind(all, 0, ROWS);
            all.executeUpdate();
            rows = 0;
        }
    }

    /** Inserts the rows added since the last full statement. */
    void flush() throws SQLException {
        for (int r = 0; r < rows; r++) {
            bind(one, r, 1);
            one.executeUpdate();
        }
        rows = 0;
    }

    /**
     * The successful writes of path {@code from} by {@code execution} among the rows not
     * inserted yet become writes of {@code to} (Store.renameOutputs updates the inserted ones).
     */
    void renameOutputs(long execution, long from, long to) {
        for (int o = 0; o < rows * COLUMNS; o += COLUMNS) {
            if ((Long) values[o] == execution && (Long) values[o + 1] == from && (Integer) values[o + 4] == 0
                    && OUTPUTS.contains((String) values[o + 2])) {
                values[o + 1] = to;
            }
        }
    }

    private static final java.util.Set<String> OUTPUTS = java.util.Set.of("write", "create", "rename");

    /** Forgets the rows not inserted yet (the transaction is rolled back). */
    void clear() {
        rows = 0;
    }

    private void bind(PreparedStatement s, int firstRow, int count) throws SQLException {
        for (int i = 0; i < count * COLUMNS; i++) s.setObject(i + 1, values[firstRow * COLUMNS + i]);
    }
}
