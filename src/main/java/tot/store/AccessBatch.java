package tot.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;

/** The accesses table's {@link RowBatch}, which can also rename the outputs it holds. */
final class AccessBatch extends RowBatch {
    AccessBatch(Connection db) throws SQLException {
        super(db, "accesses", "execution", "path", "kind", "syscall", "errno", "time_ns", "content", "detail");
    }

    /** Adds a row; {@code time}, {@code content}, {@code syscall} and {@code detail} may be null. */
    void add(long execution, long path, String kind, String syscall, int errno, Long time, Long content, String detail)
            throws SQLException {
        super.add(execution, path, kind, syscall, errno, time, content, detail);
    }

    /**
     * The successful writes of path {@code from} by {@code execution} among the rows not
     * inserted yet become writes of {@code to} (Store.renameOutputs updates the inserted ones).
     */
    void renameOutputs(long execution, long from, long to) {
        for (int o = 0; o < rows * columns; o += columns) {
            if ((Long) values[o] == execution && (Long) values[o + 1] == from && (Integer) values[o + 4] == 0
                    && OUTPUTS.contains((String) values[o + 2])) {
                values[o + 1] = to;
            }
        }
    }

    private static final Set<String> OUTPUTS = Set.of("write", "create", "rename");
}
