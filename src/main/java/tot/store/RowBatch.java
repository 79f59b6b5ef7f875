package tot.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collections;

/**
 * Rows on their way into a table, {@link #ROWS} to an INSERT statement: one statement per row
 * costs about as much again as the row itself (sqlite-jdbc's per-call overhead and SQLite's
 * per-statement work). {@link #flush} before anything reads or changes the table, and before a
 * commit.
 */
class RowBatch {
    static final int ROWS = 64;

    private final Connection db;
    private final String insert, values1;
    /** Prepared when first needed (a short run never fills a batch). */
    private PreparedStatement one, all;
    final int columns;
    final Object[] values;
    int rows;

    RowBatch(Connection db, String table, String... columns) {
        this.columns = columns.length;
        values = new Object[ROWS * columns.length];
        this.db = db;
        insert = "INSERT INTO " + table + "(" + String.join(", ", columns) + ") VALUES ";
        values1 = "(" + String.join(", ", Collections.nCopies(columns.length, "?")) + ")";
    }

    /** Adds a row: one value per column, null for NULL. */
    void add(Object... row) throws SQLException {
        System.arraycopy(row, 0, values, rows * columns, columns);
        if (++rows == ROWS) {
            if (all == null) all = db.prepareStatement(insert + String.join(", ", Collections.nCopies(ROWS, values1)));
            bind(all, 0, ROWS);
            all.executeUpdate();
            rows = 0;
        }
    }

    /** Inserts the rows added since the last full statement. */
    void flush() throws SQLException {
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
