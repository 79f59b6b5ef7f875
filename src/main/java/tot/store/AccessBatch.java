package tot.store;

import java.sql.Connection;
import java.sql.SQLException;

/** The accesses table's {@link RowBatch}. */
final class AccessBatch extends RowBatch {
    AccessBatch(Connection db, int rows) throws SQLException {
        super(db, rows, "accesses", java.util.Set.of("detail"), Dialect.SQLITE, "execution", "path", "kind", "syscall", "errno", "time_ns", "content", "detail");
    }

    /** Adds a row; {@code time}, {@code content}, {@code syscall} and {@code detail} (a path: stored as its bytes) may be null. */
    void add(long execution, long path, String kind, String syscall, int errno, Long time, Long content, String detail)
            throws SQLException {
        super.add(execution, path, kind, syscall, errno, time, content, detail == null ? null : tot.util.ByteStrings.encode(detail));
    }
}
