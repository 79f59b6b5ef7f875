package tot.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * The database runs are merged into, with what differs between SQLite and PostgreSQL there:
 * how row ids are had (SQLite: after the largest, under the write lock the transaction holds;
 * PostgreSQL: from the table's sequence, a block at a time) and how the shared rows, paths and
 * contents, are found or added. On PostgreSQL those go through connections of their own (one
 * for paths, one for contents, at the same time), each in a short transaction of its own
 * ({@link #shared}): added once however many writers race (a unique key and ON CONFLICT DO
 * NOTHING), never locked until a long transaction ends, and always locked in the same order, so
 * two writers cannot deadlock. A path or content added so and then not used (the merge failed)
 * is only an unused row, which {@link Forget} removes.
 */
final class MergeTarget implements AutoCloseable {
    /** The advisory lock merges hold shared (for their transaction) and {@link Forget} takes alone to remove unused rows. */
    static final long WRITERS_LOCK = 0x746f74_777269L;

    final Dialect dialect;
    final Connection db;
    /** SQLite: the store whose transaction and path/content lookups are used. */
    private final Store store;
    /** PostgreSQL: the autocommit connections for paths and for contents (found or added at the same time). */
    private final Connection pathsDb, contentsDb;
    private final Location at;
    private final Map<String, Long> nextIds = new HashMap<>();
    private final Map<String, Long> pathIds = new HashMap<>();
    private final Map<ContentKey, Long> contentIds = new HashMap<>();
    private PreparedStatement insertRun, findRun;
    /** The COPYs begun in this transaction: a rollback ends any still open. */
    private final List<CopyBatch> copies = new ArrayList<>();

    /** A content's unique key in the contents table, with what else its row holds. */
    record ContentKey(String sha1, long size, long dev, long ino, long mtimeNanos, Long ctimeNanos, String machineId) {
        ContentKey key() {
            return new ContentKey(sha1, size, dev, ino, mtimeNanos, null, null);
        }
    }

    /** Runs into the SQLite store {@code store}, inside its open transaction. */
    MergeTarget(Store store) {
        this.store = store;
        this.db = store.connection();
        this.dialect = Dialect.SQLITE;
        this.pathsDb = null;
        this.contentsDb = null;
        this.at = store.location();
    }

    /** Runs into the PostgreSQL database {@code at} (schema created or migrated), on connections {@code interrupt} can abort. */
    MergeTarget(Location.Postgres at, PgInterrupt interrupt) throws SQLException {
        this.at = at;
        this.store = null;
        this.dialect = Dialect.POSTGRES;
        Connection[] made = connections(at, interrupt);
        this.db = made[0];
        this.pathsDb = made[1];
        this.contentsDb = made[2];
    }

    /**
     * The transaction's connection (the schema created or migrated) and the two autocommit ones,
     * opened at the same time: each costs round trips and the password's hashing.
     */
    private static Connection[] connections(Location.Postgres at, PgInterrupt interrupt) throws SQLException {
        List<FutureTask<Connection>> opening = List.of(new FutureTask<>(() -> PgConnect.open(at, false, interrupt)),
                new FutureTask<>(() -> PgConnect.connect(at, interrupt)), new FutureTask<>(() -> PgConnect.connect(at, interrupt)));
        for (FutureTask<Connection> t : opening) Thread.ofPlatform().name("tot-connect").start(t);
        Connection[] made = new Connection[opening.size()];
        SQLException failed = null;
        for (int i = 0; i < made.length; i++) {
            try {
                made[i] = opening.get(i).get();
            } catch (ExecutionException e) {
                if (failed == null) failed = e.getCause() instanceof SQLException s ? s : new SQLException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                if (failed == null) failed = new SQLException("interrupted", e);
            }
        }
        if (failed == null) return made;
        for (Connection c : made) close(c);
        throw failed;
    }

    private static void close(Connection c) {
        if (c == null) return;
        try {
            c.close();
        } catch (SQLException ignored) {
            // closing: an open transaction rolls back
        }
    }

    Location location() {
        return at;
    }

    /** Starts the transaction (PostgreSQL; the SQLite store's is begun by its owner). */
    void begin() throws SQLException {
        if (dialect != Dialect.POSTGRES) return;
        db.setAutoCommit(false);
        try (Statement s = db.createStatement()) {
            s.execute(NEVER_IDLE);
            s.execute("SELECT pg_advisory_xact_lock_shared(" + WRITERS_LOCK + ")");
        }
    }

    /**
     * For the transaction it begins: a server's idle_in_transaction_session_timeout (set against
     * leaked sessions) must not end it. A merge's transaction is idle while its paths and contents
     * are added on the other connections, and those while the next rows are read from the source,
     * for as long as that takes (it grows with the run).
     */
    static final String NEVER_IDLE = "SET LOCAL idle_in_transaction_session_timeout = 0";

    /** Ends the transaction (PostgreSQL; the SQLite store's owner commits it). */
    void commit() throws SQLException {
        forget();
        if (dialect != Dialect.POSTGRES) return;
        db.commit();
        db.setAutoCommit(true);
    }

    /** The ids learnt are only sure inside the transaction (a rollback or a tot forget may remove their rows). */
    private void forget() {
        copies.clear();
        nextIds.clear();
        pathIds.clear();
        contentIds.clear();
    }

    void rollback() {
        copies.forEach(CopyBatch::cancel);
        forget();
        if (dialect != Dialect.POSTGRES) return;
        try {
            db.rollback();
            db.setAutoCommit(true);
        } catch (SQLException ignored) {
            // the connection is gone: so is the transaction
        }
    }

    /** A run already there under this key: its id and whether it is complete. */
    record Existing(long id, boolean complete) {}

    Existing find(String key) throws SQLException {
        if (findRun == null) findRun = db.prepareStatement("SELECT id, complete FROM runs WHERE key = ?");
        findRun.setString(1, key);
        try (ResultSet rs = findRun.executeQuery()) {
            return rs.next() ? new Existing(rs.getLong(1), rs.getInt(2) == 1) : null;
        }
    }

    /**
     * Adds a run row: {@code values} for {@link Merge#RUN_COLUMNS} ({@code cwd} as bytes). Returns
     * its id, or -1 when another writer has just added a run with this key.
     */
    long insertRun(Object[] values) throws SQLException {
        if (insertRun == null) {
            List<String> marks = new ArrayList<>();
            for (String c : Merge.RUN_COLUMNS) marks.add(c.equals("cwd") ? dialect.path : "?");
            String sql = "INSERT INTO runs(" + String.join(", ", Merge.RUN_COLUMNS).replace("user", "\"user\"") + ") VALUES ("
                    + String.join(", ", marks) + ")";
            insertRun = db.prepareStatement(dialect == Dialect.POSTGRES ? sql + " ON CONFLICT (key) DO NOTHING RETURNING id" : sql);
        }
        for (int i = 0; i < values.length; i++) insertRun.setObject(i + 1, values[i]);
        if (dialect == Dialect.POSTGRES) {
            try (ResultSet rs = insertRun.executeQuery()) {
                return rs.next() ? rs.getLong(1) : -1;
            }
        }
        insertRun.executeUpdate();
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT last_insert_rowid()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** {@code n} new ids for rows of {@code table}, in increasing order. */
    long[] newIds(String table, int n) throws SQLException {
        long[] ids = new long[n];
        if (n == 0) return ids;
        if (dialect == Dialect.SQLITE) {
            Long next = nextIds.get(table);
            if (next == null) {
                try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT coalesce(max(id), 0) + 1 FROM " + table)) {
                    rs.next();
                    next = rs.getLong(1);
                }
            }
            for (int i = 0; i < n; i++) ids[i] = next + i;
            nextIds.put(table, next + n);
            return ids;
        }
        try (PreparedStatement s = db.prepareStatement("SELECT nextval(pg_get_serial_sequence('" + table + "', 'id'))"
                + " FROM generate_series(1, ?) ORDER BY 1")) {
            s.setInt(1, n);
            try (ResultSet rs = s.executeQuery()) {
                for (int i = 0; i < n && rs.next(); i++) ids[i] = rs.getLong(1);
            }
        }
        return ids;
    }

    /** Rows into {@code table} (PostgreSQL: by COPY); {@code pathColumns} take a path's bytes. */
    Rows batch(String table, Set<String> pathColumns, String... columns) {
        if (dialect == Dialect.POSTGRES) {
            CopyBatch copy = new CopyBatch(db, table, columns);
            copies.add(copy);
            return copy;
        }
        return new RowBatch(db, dialect.batchRows, table, pathColumns, dialect, columns);
    }

    /** SQLite: the ids of these paths in the target, each added when missing. */
    Map<String, Long> paths(Collection<String> paths) throws SQLException {
        Map<String, Long> out = new HashMap<>();
        for (String p : paths) {
            Long id = pathIds.get(p);
            if (id == null) pathIds.put(p, id = store.pathId(p));
            out.put(p, id);
        }
        return out;
    }

    /** SQLite: the ids of these contents in the target (by their unique key), each added when missing. */
    Map<ContentKey, Long> contents(Collection<ContentKey> contents) throws SQLException {
        Map<ContentKey, Long> out = new HashMap<>();
        for (ContentKey c : contents) {
            Long id = contentIds.get(c.key());
            if (id == null) {
                id = store.contentId(new Store.Content(c.sha1(), c.size(), c.dev(), c.ino(), c.mtimeNanos(),
                        c.ctimeNanos() == null ? 0 : c.ctimeNanos()), c.ctimeNanos() != null, c.machineId());
                contentIds.put(c.key(), id);
            }
            out.put(c, id);
        }
        return out;
    }

    /** The tables of rows every run shares, found or added by value, with how a merge into PostgreSQL does it. */
    enum SharedTable {
        PATHS("tot_merge_paths", "id BIGINT NOT NULL, path BYTEA NOT NULL", "paths(path)", "path", "path",
                "p.path = m.path"),
        CONTENTS("tot_merge_contents", "id BIGINT NOT NULL, sha1 TEXT COLLATE \"C\" NOT NULL, size BIGINT NOT NULL, dev BIGINT NOT NULL,"
                + " ino BIGINT NOT NULL, mtime_ns BIGINT NOT NULL, ctime_ns BIGINT, machine_id TEXT COLLATE \"C\"",
                "contents(sha1, size, dev, ino, mtime_ns, ctime_ns, machine_id)", "sha1, size, dev, ino, mtime_ns, ctime_ns, machine_id",
                "sha1, size, dev, ino, mtime_ns", "p.sha1 = m.sha1 AND p.size = m.size AND p.dev = m.dev AND p.ino = m.ino AND p.mtime_ns = m.mtime_ns");

        private final String create, copy, insert, join;

        SharedTable(String temp, String columns, String target, String values, String key, String same) {
            String table = target.substring(0, target.indexOf('('));
            create = "CREATE TEMP TABLE IF NOT EXISTS " + temp + " (" + columns + ") ON COMMIT DELETE ROWS";
            copy = temp;
            insert = "INSERT INTO " + target + " SELECT " + values + " FROM " + temp + " ORDER BY " + key + " ON CONFLICT (" + key + ") DO NOTHING";
            join = "SELECT m.id, p.id FROM " + temp + " m JOIN " + table + " p ON " + same;
        }
    }

    /**
     * PostgreSQL: the target ids of the source's rows of {@code table}, each added when missing.
     * {@code lines} holds the rows as COPY text in its first column (the source id, then the
     * row's columns). In a short transaction of its own, on the table's connection: the rows go
     * into a temporary table; one INSERT adds those missing in key order (every writer takes new
     * keys in ascending order, so none waits for one that waits for it); a join then gives every
     * source id its target id, also for a row another writer added meanwhile (ON CONFLICT waited
     * for its commit, and the join's snapshot is newer).
     */
    IdMap shared(SharedTable table, ResultSet lines) throws SQLException {
        Connection c = table == SharedTable.PATHS ? pathsDb : contentsDb;
        IdMap ids = new IdMap();
        try (Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            CopyBatch copy = new CopyBatch(c, table.copy);
            try {
                s.execute(NEVER_IDLE);
                s.execute(table.create); // in the transaction: a pooler may give each transaction another session
                while (lines.next()) copy.line(lines.getBytes(1));
                copy.flush();
                s.executeUpdate(table.insert);
                try (ResultSet rs = s.executeQuery(table.join)) {
                    while (rs.next()) ids.put(rs.getLong(1), rs.getLong(2));
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                copy.cancel();
                try {
                    c.rollback();
                } catch (SQLException ignored) {
                    // the connection is gone: so is the transaction
                }
                throw e;
            } finally {
                try {
                    c.setAutoCommit(true);
                } catch (SQLException gone) {
                    // the connection is gone: what failed, if anything, is what the caller hears
                }
            }
        }
        return ids;
    }

    @Override
    public void close() {
        if (store != null) return; // the store's owner closes it
        for (Connection c : new Connection[] {db, pathsDb, contentsDb}) close(c);
    }
}
