package tot.store;

import java.sql.SQLException;

/** Rows on their way into a table: {@link #add} them, {@link #flush} the rest before the table is read or the commit. */
interface Rows {
    /** Adds a row: one value per column, null for NULL. */
    void add(Object... row) throws SQLException;

    void flush() throws SQLException;
}
