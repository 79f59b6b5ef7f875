package tot.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import tot.util.ByteStrings;

/**
 * The database runs are merged into, with what differs between SQLite and PostgreSQL there:
 * how row ids are had (SQLite: after the largest, under the write lock the transaction holds;
 * PostgreSQL: from the table's sequence, a block at a time) and how the shared rows, paths and
 * contents, are found or added. On PostgreSQL those go through connections of their own (one
 * for paths, one for contents, at the same time), one autocommitted statement per block, in
 * sorted order: added once however many writers race (a unique key and ON CONFLICT DO NOTHING),
 * never locked until a long transaction ends, and always locked in the same order, so two
 * writers cannot deadlock. A path or content added so and then
 * not used (the merge failed) is only an unused row, which {@link Forget} removes.
 */
final class MergeTarget implements AutoCloseable {
    /** The advisory lock merges hold shared (for their transaction) and {@link Forget} takes alone to remove unused rows. */
    static final long WRITERS_LOCK = 0x746f74_777269L;
    private static final int BLOCK = 5_000;

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

    /** Runs into the PostgreSQL database {@code at} (schema created or migrated). */
    MergeTarget(Location.Postgres at) throws SQLException {
        this.at = at;
        this.store = null;
        this.dialect = Dialect.POSTGRES;
        Connection[] made = connections(at);
        this.db = made[0];
        this.pathsDb = made[1];
        this.contentsDb = made[2];
    }

    /**
     * The transaction's connection (the schema created or migrated) and the two autocommit ones,
     * opened at the same time: each costs round trips and the password's hashing.
     */
    private static Connection[] connections(Location.Postgres at) throws SQLException {
        List<FutureTask<Connection>> opening = List.of(new FutureTask<>(() -> PgConnect.open(at, false)),
                new FutureTask<>(() -> PgConnect.connect(at)), new FutureTask<>(() -> PgConnect.connect(at)));
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
            s.execute("SELECT pg_advisory_xact_lock_shared(" + WRITERS_LOCK + ")");
        }
    }

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

    /** The ids of these paths in the target, each added when missing. */
    Map<String, Long> paths(Collection<String> paths) throws SQLException {
        List<String> missing = new ArrayList<>();
        for (String p : paths) if (!pathIds.containsKey(p)) missing.add(p);
        if (store != null) {
            for (String p : missing) pathIds.put(p, store.pathId(p));
        } else {
            missing.sort(Comparator.naturalOrder());
            for (int from = 0; from < missing.size(); from += BLOCK) {
                List<String> block = missing.subList(from, Math.min(missing.size(), from + BLOCK));
                byte[][] bytes = new byte[block.size()][];
                for (int i = 0; i < bytes.length; i++) bytes[i] = ByteStrings.encode(block.get(i));
                try (PreparedStatement add = pathsDb.prepareStatement("INSERT INTO paths(path) SELECT p FROM unnest(?::bytea[]) AS t(p)"
                        + " ORDER BY p ON CONFLICT (path) DO NOTHING RETURNING id, path")) {
                    add.setArray(1, pathsDb.createArrayOf("bytea", bytes));
                    try (ResultSet rs = add.executeQuery()) {
                        while (rs.next()) pathIds.put(ByteStrings.decode(rs.getBytes(2)), rs.getLong(1));
                    }
                }
                List<byte[]> there = new ArrayList<>(); // added before (or meanwhile, by another writer)
                for (int i = 0; i < bytes.length; i++) if (!pathIds.containsKey(block.get(i))) there.add(bytes[i]);
                if (there.isEmpty()) continue;
                try (PreparedStatement find = pathsDb.prepareStatement("SELECT p.id, p.path FROM unnest(?::bytea[]) AS t(path)"
                        + " JOIN paths p ON p.path = t.path")) {
                    find.setArray(1, pathsDb.createArrayOf("bytea", there.toArray(byte[][]::new)));
                    try (ResultSet rs = find.executeQuery()) {
                        while (rs.next()) pathIds.put(ByteStrings.decode(rs.getBytes(2)), rs.getLong(1));
                    }
                }
            }
        }
        Map<String, Long> out = new HashMap<>();
        for (String p : paths) out.put(p, pathIds.get(p));
        return out;
    }

    /** The ids of these contents in the target (by their unique key), each added when missing. */
    Map<ContentKey, Long> contents(Collection<ContentKey> contents) throws SQLException {
        List<ContentKey> missing = new ArrayList<>();
        for (ContentKey c : contents) if (!contentIds.containsKey(c.key())) missing.add(c);
        if (store != null) {
            for (ContentKey c : missing) {
                contentIds.put(c.key(), store.contentId(new Store.Content(c.sha1(), c.size(), c.dev(), c.ino(), c.mtimeNanos(),
                        c.ctimeNanos() == null ? 0 : c.ctimeNanos()), c.ctimeNanos() != null, c.machineId()));
            }
        } else {
            missing.sort(Comparator.comparing(ContentKey::sha1).thenComparingLong(ContentKey::size).thenComparingLong(ContentKey::dev)
                    .thenComparingLong(ContentKey::ino).thenComparingLong(ContentKey::mtimeNanos));
            for (int from = 0; from < missing.size(); from += BLOCK) {
                List<ContentKey> block = missing.subList(from, Math.min(missing.size(), from + BLOCK));
                try (PreparedStatement add = contentsDb.prepareStatement("INSERT INTO contents(sha1, size, dev, ino, mtime_ns, ctime_ns,"
                        + " machine_id) SELECT * FROM unnest(?::text[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[],"
                        + " ?::bigint[], ?::text[]) ORDER BY 1, 2, 3, 4, 5 ON CONFLICT (sha1, size, dev, ino, mtime_ns) DO NOTHING"
                        + " RETURNING id, sha1, size, dev, ino, mtime_ns")) {
                    bindContents(add, block, true);
                    readContents(add);
                }
                List<ContentKey> there = block.stream().filter(c -> !contentIds.containsKey(c.key())).toList();
                if (there.isEmpty()) continue;
                try (PreparedStatement find = contentsDb.prepareStatement("SELECT c.id, c.sha1, c.size, c.dev, c.ino, c.mtime_ns"
                        + " FROM contents c JOIN unnest(?::text[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[])"
                        + " AS k(sha1, size, dev, ino, mtime_ns) ON c.sha1 = k.sha1 AND c.size = k.size AND c.dev = k.dev"
                        + " AND c.ino = k.ino AND c.mtime_ns = k.mtime_ns")) {
                    bindContents(find, there, false);
                    readContents(find);
                }
            }
        }
        Map<ContentKey, Long> out = new HashMap<>();
        for (ContentKey c : contents) out.put(c, contentIds.get(c.key()));
        return out;
    }

    /** Binds the contents' key columns as arrays (and, {@code all}, their ctime and machine too). */
    private void bindContents(PreparedStatement s, List<ContentKey> contents, boolean all) throws SQLException {
        int n = contents.size();
        String[] sha1 = new String[n], machine = new String[n];
        Long[] size = new Long[n], dev = new Long[n], ino = new Long[n], mtime = new Long[n], ctime = new Long[n];
        for (int i = 0; i < n; i++) {
            ContentKey c = contents.get(i);
            sha1[i] = c.sha1();
            size[i] = c.size();
            dev[i] = c.dev();
            ino[i] = c.ino();
            mtime[i] = c.mtimeNanos();
            ctime[i] = c.ctimeNanos();
            machine[i] = c.machineId();
        }
        s.setArray(1, contentsDb.createArrayOf("text", sha1));
        s.setArray(2, contentsDb.createArrayOf("bigint", size));
        s.setArray(3, contentsDb.createArrayOf("bigint", dev));
        s.setArray(4, contentsDb.createArrayOf("bigint", ino));
        s.setArray(5, contentsDb.createArrayOf("bigint", mtime));
        if (!all) return;
        s.setArray(6, contentsDb.createArrayOf("bigint", ctime));
        s.setArray(7, contentsDb.createArrayOf("text", machine));
    }

    /** Learns the ids of the contents a query returns (id, then the key columns). */
    private void readContents(PreparedStatement s) throws SQLException {
        try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                contentIds.put(new ContentKey(rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6), null, null),
                        rs.getLong(1));
            }
        }
    }

    @Override
    public void close() {
        if (store != null) return; // the store's owner closes it
        for (Connection c : new Connection[] {db, pathsDb, contentsDb}) close(c);
    }
}
