package tot.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import tot.util.UserDirs;

/**
 * A run for a PostgreSQL store is written into a local tot.db first, the spool, and pushed to the
 * server when it ends ({@link Merge}: one transaction, rows in bulk). So the trace never waits for
 * the network, and a server that goes away mid-run loses nothing: the spool stays, and `tot import
 * SPOOL --db URL` pushes it later. The server is checked before the command runs.
 */
final class PostgresSpool {
    private PostgresSpool() {}

    /** A new spool file's name for run {@code key}: in the user's data directory (else the temporary one). */
    static Path newFile(String key) throws Store.StoreException {
        String name = "run-" + key.substring(0, 8) + ".db";
        Path data = UserDirs.data();
        if (data != null) {
            try {
                Path dir = Files.createDirectories(data.resolve("spool")); // the umask applies
                if (Files.isWritable(dir)) return dir.resolve(name);
            } catch (IOException e) {
                // the temporary directory then
            }
        }
        try {
            return Store.inPrivateTemp(name);
        } catch (IOException e) {
            throw new Store.StoreException("no directory for the local copy of the run (" + data + "/spool, " + tmp() + ")", null);
        }
    }

    private static Path tmp() {
        return UserDirs.temp();
    }

    /**
     * Proves now that runs can be pushed to {@code at}: it answers, its schema is created or
     * migrated, it is not read-only and the user may add rows (and take ids) in every table, and
     * make the temporary tables a push uses.
     */
    static void check(Location.Postgres at) throws Store.StoreException {
        check(at, new PgInterrupt());
    }

    /** As {@link #check(Location.Postgres)}, on a connection {@code interrupt} can abort. */
    static void check(Location.Postgres at, PgInterrupt interrupt) throws Store.StoreException {
        try (Connection db = PgConnect.open(at, false, interrupt); Statement s = db.createStatement();
             ResultSet rs = s.executeQuery("SELECT current_setting('transaction_read_only') = 'on',"
                     + " has_table_privilege('runs', 'INSERT') AND has_table_privilege('executions', 'INSERT')"
                     + " AND has_table_privilege('accesses', 'INSERT') AND has_table_privilege('syscalls', 'INSERT')"
                     + " AND has_table_privilege('paths', 'INSERT') AND has_table_privilege('contents', 'INSERT')"
                     + " AND has_sequence_privilege(pg_get_serial_sequence('executions', 'id'), 'USAGE')"
                     + " AND has_database_privilege(current_database(), 'TEMP')")) {
            rs.next();
            if (rs.getBoolean(1)) throw new Store.StoreException(at + ": the server is read-only", null);
            if (!rs.getBoolean(2)) {
                throw new Store.StoreException(at + ": user " + at.user() + " may not add rows to tot's tables (or make temporary tables)", null);
            }
        } catch (SQLException e) {
            throw new Store.StoreException(at + ": " + (interrupt.interrupted() ? "interrupted" : Store.message(e)), e);
        }
    }

    /** Pushes the runs of {@code spool} to {@code at} and removes the spool; on failure it stays, and the message says how to push it. */
    static void push(Path spool, Location.Postgres at) throws Store.StoreException {
        push(spool, at, new PgInterrupt());
    }

    /**
     * As {@link #push(Path, Location.Postgres)}, on connections {@code interrupt} can abort: the
     * push then ends at once, rolled back, and the spool stays.
     */
    static void push(Path spool, Location.Postgres at, PgInterrupt interrupt) throws Store.StoreException {
        try (Merge merge = Merge.into(at, interrupt).ownSpool()) {
            merge.begin();
            try {
                merge.add(spool);
                merge.commit();
            } catch (Store.StoreException | RuntimeException e) {
                merge.rollback();
                throw e;
            }
        } catch (Store.StoreException e) {
            String cause = interrupt.interrupted() ? at + ": interrupted" : e.getMessage(); // not the aborted socket's error
            throw new Store.StoreException(cause + "; the run is kept in " + spool + " (push it later with: tot import "
                    + spool + " --db " + at + ")", e);
        }
        Store.removeWithPrivateTemp(spool);
    }
}
