package tot.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collections;

/**
 * Rows on their way into a table, many to an INSERT statement: one statement per row costs
 * about as much again as the row itself in SQLite (sqlite-jdbc's per-call overhead and SQLite's
 * per-statement work), and a network round trip in PostgreSQL ({@link Dialect#batchRows}).
 * {@link #flush} before anything reads or changes the table, and before a commit.
 */
class RowBatch implements Rows {
    /** Rows to a full statement. */
    private final int perStatement;
    private final Connection db;
    private final String insert, values1;
    /** Prepared when first needed (a short run never fills a batch). */
    private PreparedStatement one, all;
    final int columns;
    final Object[] values;
    int rows;

    RowBatch(Connection db, int rows, String table, String... columns) {
        this(db, rows, table, java.util.Set.of(), Dialect.SQLITE, columns);
    }

    /** {@code pathColumns}: columns whose values are a path's bytes, bound as {@code dialect} binds a path. */
    RowBatch(Connection db, int rows, String table, java.util.Set<String> pathColumns, Dialect dialect, String... columns) {
        perStatement = rows;
        this.columns = columns.length;
        values = new Object[perStatement * columns.length];
        this.db = db;
        insert = "INSERT INTO " + table + "(" + String.join(", ", columns) + ") VALUES ";
        java.util.List<String> marks = new java.util.ArrayList<>();
        for (String c : columns) marks.add(pathColumns.contains(c) ? dialect.path : "?");
        values1 = "(" + String.join(", ", marks) + ")";
    }

    @Override
    public void add(Object... row) throws SQLException {
        System.arraycopy(row, 0, values, rows * columns, columns);
        if (++rows == perStatement) {
            if (all == null) all = db.prepareStatement(insert + String.join(", ", Collections.nCopies(perStatement, values1)));
            bind(all, 0, perStatement);
            all.executeUpdate();
            rows = 0;
        }
    }

    /** Inserts the rows added since the last full statement (in one statement when more than a few). */
    @Override
    public void flush() throws SQLException {
        if (rows > 8) {
            try (PreparedStatement some = db.prepareStatement(insert + String.join(", ", Collections.nCopies(rows, values1)))) {
                bind(some, 0, rows);
                some.executeUpdate();
            }
            rows = 0;
            return;
        }
        if (rows > 0 && one == null) one = db.prepareStatement(insert + values1);
        for (int r = 0; r < rows; r++) {
            bind(one, r, 1);
            one.executeUpdate();
        }
        rows = 0;
    }

    /** Forgets the rows not inserted yet (the transaction is rolled back). */
    void clear() {
        rows = 0;
    }

    private void bind(PreparedStatement s, int firstRow, int count) throws SQLException {
        for (int i = 0; i < count * columns; i++) s.setObject(i + 1, values[firstRow * columns + i]);
    }
}
