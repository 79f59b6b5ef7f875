package tot.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Lets another thread end PostgreSQL work that waits for the server: tot is interrupted (Ctrl-C,
 * SIGTERM, SIGHUP) while the check before a run, or the push after it, waits for a lock another
 * session holds or for a server that stopped answering mid-statement. A JDBC call blocked on its
 * socket does not see {@link Thread#interrupt}; aborting its connection (closing the socket) ends
 * it at once, and the server rolls the transaction back when it sees the connection gone.
 */
final class PgInterrupt {
    private final List<Connection> open = new ArrayList<>();
    private boolean interrupted;

    /** {@code c}, just opened for this work; aborted and refused when the work was interrupted already. */
    Connection watch(Connection c) throws SQLException {
        synchronized (this) {
            if (!interrupted) {
                open.add(c);
                return c;
            }
        }
        abort(c);
        throw new SQLException("interrupted");
    }

    /** Aborts every connection the work opened; any it opens from now on is refused. */
    void interrupt() {
        List<Connection> now;
        synchronized (this) {
            interrupted = true;
            now = List.copyOf(open);
            open.clear();
        }
        for (Connection c : now) abort(c);
    }

    synchronized boolean interrupted() {
        return interrupted;
    }

    private static void abort(Connection c) {
        try {
            c.abort(Runnable::run); // closes the socket now, on this thread
        } catch (SQLException ignored) {
            // closed already
        }
    }
}
