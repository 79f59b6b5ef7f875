package tot.store;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import tot.util.ByteStrings;
import tot.util.Json;

/**
 * tot.db: the one narrow way runs, executions and file accesses get into SQLite. Statements are
 * prepared once; the caller brackets work with {@link #begin()} / {@link #commit()}. Not thread
 * safe: one thread writes (the store writer of `tot log`, or the importer).
 */
public final class Store implements AutoCloseable {
    /** The database could not be opened or written. */
    public static final class StoreException extends Exception {
        public StoreException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** A run as it starts. {@code key}: unique per run (an import's: the file's sha1). */
    public record Run(String key, String source, String sourceFile, List<String> command, String cwd,
                      String host, String user, long startNanos) {}

    /** An execution as it starts; {@code env} null when not recorded. */
    public record Execution(int execId, int parentExecId, int pid, int tid, String path, List<String> argv,
                            String cwd, List<String> env, long startNanos) {}

    /** What an access did to its path (the accesses.kind column). */
    public enum Kind {
        READ, WRITE, CREATE, DELETE, RENAME, EXEC;

        public String column() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A file's content as hashed: sha1 (hex), size, and the identity it had then. */
    public record Content(String sha1, long size, long dev, long ino, long mtimeNanos) {}

    private static final int ACCESS_BATCH = 1024;

    private final Path file;
    private final Connection db;
    private final PreparedStatement insertRun, finishRun, insertExecution, endExecution, insertPath, findPath,
            insertContent, findContent, insertAccess, findRun;
    /** Access rows added to {@link #insertAccess}'s batch and not yet executed. */
    private int batched;
    private final Map<String, Long> pathIds = new HashMap<>();
    private final Map<Content, Long> contentIds = new HashMap<>();
    private String runKey;

    private Store(Path file, Connection db) throws SQLException {
        this.file = file;
        this.db = db;
        insertRun = db.prepareStatement("INSERT INTO runs(key, source, source_file, command, cwd, host, user, start_ns)"
                + " VALUES (?, ?, ?, ?, CAST(? AS TEXT), ?, ?, ?)", Statement.RETURN_GENERATED_KEYS);
        finishRun = db.prepareStatement("UPDATE runs SET end_ns = ?, exit = ?, complete = ? WHERE id = ?");
        findRun = db.prepareStatement("SELECT id FROM runs WHERE key = ?");
        insertExecution = db.prepareStatement("INSERT INTO executions(run, exec_id, parent_exec_id, short_id, pid, tid,"
                + " path, argv, cwd, env, start_ns) VALUES (?, ?, ?, ?, ?, ?, CAST(? AS TEXT), ?, CAST(? AS TEXT), ?, ?)", Statement.RETURN_GENERATED_KEYS);
        endExecution = db.prepareStatement("UPDATE executions SET end_ns = ?, exit = ? WHERE id = ?");
        insertPath = db.prepareStatement("INSERT INTO paths(path) VALUES (CAST(? AS TEXT))", Statement.RETURN_GENERATED_KEYS);
        findPath = db.prepareStatement("SELECT id FROM paths WHERE path = CAST(? AS TEXT)");
        insertContent = db.prepareStatement("INSERT INTO contents(sha1, size, dev, ino, mtime_ns) VALUES (?, ?, ?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS);
        findContent = db.prepareStatement("SELECT id FROM contents WHERE sha1 = ? AND size = ? AND dev IS ? AND ino IS ?"
                + " AND mtime_ns IS ?");
        insertAccess = db.prepareStatement("INSERT INTO accesses(execution, path, kind, syscall, errno, time_ns, content, detail)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    }

    /** Opens (creating when absent) and migrates the database at {@code file}. */
    public static Store open(Path file) throws StoreException {
        try {
            Connection db = connect(file, false);
            migrate(db, file);
            return new Store(file, db);
        } catch (SQLException e) {
            throw new StoreException(file + ": " + message(e), e);
        }
    }

    /**
     * Fails now, without writing anything, when {@code file} cannot become a tot database: its
     * directory is missing, or it exists and is not an SQLite file.
     */
    public static void check(Path file) throws StoreException {
        Path dir = file.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) throw new StoreException(file + ": directory " + dir + " does not exist", null);
        if (!Files.exists(file)) return;
        byte[] head = new byte[SQLITE_MAGIC.length];
        int n;
        try (var in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        } catch (java.io.IOException e) {
            throw new StoreException(file + ": " + e.getMessage(), e);
        }
        if (n > 0 && !java.util.Arrays.equals(head, SQLITE_MAGIC)) {
            throw new StoreException(file + ": not a tot database (not an SQLite file)", null);
        }
    }

    private static final byte[] SQLITE_MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

    /** A connection for queries, after checking the schema is one this build knows. */
    public static Connection openReadOnly(Path file) throws StoreException {
        if (!Files.exists(file)) throw new StoreException(file + ": no such database (tot log writes one)", null);
        try {
            Connection db = connect(file, true);
            try (Statement s = db.createStatement()) {
                s.execute("PRAGMA query_only = 1");
            }
            int version = userVersion(db);
            if (version != Schema.VERSION) {
                db.close();
                throw new StoreException(file + ": schema version " + version + ", this tot reads version "
                        + Schema.VERSION + (version < Schema.VERSION ? " (any tot log or tot import upgrades it)" : ""), null);
            }
            return db;
        } catch (SQLException e) {
            throw new StoreException(file + ": " + message(e), e);
        }
    }

    /**
     * {@code forQueries}: a connection that does not write (query_only), opened read-write when
     * the file and its directory allow it, so that the last one to close removes the -wal and
     * -shm files as a writer does.
     */
    private static Connection connect(Path file, boolean forQueries) throws SQLException {
        SqliteLibrary.prepare();
        var config = new org.sqlite.SQLiteConfig();
        Path dir = file.toAbsolutePath().getParent();
        config.setReadOnly(forQueries && !(Files.isWritable(file) && dir != null && Files.isWritable(dir)));
        config.setBusyTimeout(30_000);
        if (!forQueries) {
            config.setJournalMode(org.sqlite.SQLiteConfig.JournalMode.WAL);
            config.setSynchronous(org.sqlite.SQLiteConfig.SynchronousMode.NORMAL);
            config.enforceForeignKeys(true);
        }
        return DriverManager.getConnection("jdbc:sqlite:" + file, config.toProperties());
    }

    private static int userVersion(Connection db) throws SQLException {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("PRAGMA user_version")) {
            return rs.getInt(1);
        }
    }

    private static void migrate(Connection db, Path file) throws SQLException {
        int version = userVersion(db);
        if (version > Schema.VERSION) {
            throw new SQLException("schema version " + version + " is newer than this tot knows (" + Schema.VERSION + ")");
        }
        if (version == Schema.VERSION) return;
        try (Statement s = db.createStatement()) {
            s.execute("BEGIN IMMEDIATE"); // another tot may be migrating the same file
            try {
                for (int v = userVersion(db); v < Schema.VERSION; v++) {
                    for (String sql : Schema.MIGRATIONS.get(v).split(";\\s*\n")) if (!sql.isBlank()) s.execute(sql);
                }
                s.execute("PRAGMA user_version = " + Schema.VERSION);
                s.execute("COMMIT");
            } catch (SQLException e) {
                s.execute("ROLLBACK");
                throw e;
            }
        }
    }

    private static String message(SQLException e) {
        String m = e.getMessage();
        return m == null ? e.toString() : m.replaceFirst("^\\[SQLITE_[A-Z_]+\\]\\s*", "");
    }

    public Path file() {
        return file;
    }

    /** Starts a write transaction (waits up to the busy timeout for another writer's to end). */
    public void begin() throws StoreException {
        run(() -> execute("BEGIN IMMEDIATE"));
    }

    public void commit() throws StoreException {
        run(() -> {
            flush();
            execute("COMMIT");
        });
    }

    /** Inserts the batched access rows (one native call for many rows). */
    private void flush() throws SQLException {
        if (batched == 0) return;
        batched = 0;
        insertAccess.executeBatch();
    }

    /** Undoes the open transaction, if any. */
    public void rollback() {
        try {
            batched = 0;
            insertAccess.clearBatch();
            execute("ROLLBACK");
        } catch (SQLException ignored) {
            // no transaction was open
        }
    }

    private void execute(String sql) throws SQLException {
        try (Statement s = db.createStatement()) {
            s.execute(sql);
        }
    }

    /** Whether a run with this key exists (an import already done). */
    public boolean hasRun(String key) throws StoreException {
        return call(() -> {
            findRun.setString(1, key);
            try (ResultSet rs = findRun.executeQuery()) {
                return rs.next();
            }
        });
    }

    /** Adds a run, incomplete until {@link #finishRun}; returns its id. */
    public long addRun(Run r) throws StoreException {
        runKey = r.key();
        return call(() -> {
            insertRun.setString(1, r.key());
            insertRun.setString(2, r.source());
            insertRun.setString(3, r.sourceFile());
            insertRun.setString(4, Json.array(new StringBuilder(), r.command()).toString());
            setPath(insertRun, 5, r.cwd());
            insertRun.setString(6, r.host());
            insertRun.setString(7, r.user());
            insertRun.setLong(8, r.startNanos());
            insertRun.executeUpdate();
            return generatedKey(insertRun);
        });
    }

    public void finishRun(long run, long endNanos, Integer exit, boolean complete) throws StoreException {
        run(() -> {
            finishRun.setLong(1, endNanos);
            setInteger(finishRun, 2, exit);
            finishRun.setInt(3, complete ? 1 : 0);
            finishRun.setLong(4, run);
            finishRun.executeUpdate();
        });
    }

    /** Adds an execution of the run last added; returns its row id. */
    public long addExecution(long run, Execution x) throws StoreException {
        return call(() -> {
            insertExecution.setLong(1, run);
            insertExecution.setInt(2, x.execId());
            insertExecution.setInt(3, x.parentExecId());
            insertExecution.setString(4, shortId(runKey, x.execId()));
            insertExecution.setInt(5, x.pid());
            insertExecution.setInt(6, x.tid());
            setPath(insertExecution, 7, x.path());
            insertExecution.setString(8, Json.array(new StringBuilder(), x.argv()).toString());
            setPath(insertExecution, 9, x.cwd());
            insertExecution.setString(10, x.env() == null ? null : Json.array(new StringBuilder(), x.env()).toString());
            insertExecution.setLong(11, x.startNanos());
            insertExecution.executeUpdate();
            return generatedKey(insertExecution);
        });
    }

    public void endExecution(long execution, long endNanos, Integer exit) throws StoreException {
        run(() -> {
            endExecution.setLong(1, endNanos);
            setInteger(endExecution, 2, exit);
            endExecution.setLong(3, execution);
            endExecution.executeUpdate();
        });
    }

    /**
     * Adds one access by {@code execution} (a row id from {@link #addExecution}); {@code content}
     * null when not hashed, {@code detail} the old path of a rename. Rows are inserted in
     * batches, all of them by the next {@link #commit}.
     */
    public void addAccess(long execution, String path, Kind kind, String syscall, int errno, long timeNanos,
                          Content content, String detail) throws StoreException {
        run(() -> {
            insertAccess.setLong(1, execution);
            insertAccess.setLong(2, pathId(path));
            insertAccess.setString(3, kind.column());
            insertAccess.setString(4, syscall);
            insertAccess.setInt(5, errno);
            insertAccess.setLong(6, timeNanos);
            if (content == null) insertAccess.setNull(7, Types.INTEGER);
            else insertAccess.setLong(7, contentId(content));
            insertAccess.setString(8, detail);
            insertAccess.addBatch();
            if (++batched >= ACCESS_BATCH) flush();
        });
    }

    private long pathId(String path) throws SQLException {
        Long id = pathIds.get(path);
        if (id != null) return id;
        setPath(findPath, 1, path);
        try (ResultSet rs = findPath.executeQuery()) {
            if (rs.next()) id = rs.getLong(1);
        }
        if (id == null) {
            setPath(insertPath, 1, path);
            insertPath.executeUpdate();
            id = generatedKey(insertPath);
        }
        pathIds.put(path, id);
        return id;
    }

    private long contentId(Content c) throws SQLException {
        Long id = contentIds.get(c);
        if (id != null) return id;
        findContent.setString(1, c.sha1());
        findContent.setLong(2, c.size());
        findContent.setLong(3, c.dev());
        findContent.setLong(4, c.ino());
        findContent.setLong(5, c.mtimeNanos());
        try (ResultSet rs = findContent.executeQuery()) {
            if (rs.next()) id = rs.getLong(1);
        }
        if (id == null) {
            insertContent.setString(1, c.sha1());
            insertContent.setLong(2, c.size());
            insertContent.setLong(3, c.dev());
            insertContent.setLong(4, c.ino());
            insertContent.setLong(5, c.mtimeNanos());
            insertContent.executeUpdate();
            id = generatedKey(insertContent);
        }
        contentIds.put(c, id);
        return id;
    }

    /** Now, as epoch nanoseconds. */
    public static long nowNanos() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /** The execution's stable short id: 8 hex digits of sha1(run key "/" exec id). */
    public static String shortId(String runKey, int execId) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-1").digest((runKey + "/" + execId).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Binds a path as its bytes (the statement casts them to TEXT): a name that is not UTF-8 keeps
     * every byte, where a Java string would lose them.
     */
    public static void setPath(PreparedStatement s, int i, String path) throws SQLException {
        if (path == null) s.setNull(i, Types.VARCHAR);
        else s.setBytes(i, ByteStrings.encode(path));
    }

    private static long generatedKey(PreparedStatement s) throws SQLException {
        try (ResultSet rs = s.getGeneratedKeys()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void setInteger(PreparedStatement s, int i, Integer v) throws SQLException {
        if (v == null) s.setNull(i, Types.INTEGER);
        else s.setInt(i, v);
    }

    @Override
    public void close() {
        try {
            db.close();
        } catch (SQLException ignored) {
            // closing: nothing left to save (an open transaction rolls back)
        }
    }

    private interface SqlAction { void run() throws SQLException; }
    private interface SqlCall<T> { T call() throws SQLException; }

    private void run(SqlAction a) throws StoreException {
        call(() -> {
            a.run();
            return null;
        });
    }

    private <T> T call(SqlCall<T> c) throws StoreException {
        try {
            return c.call();
        } catch (SQLException e) {
            throw new StoreException(file + ": " + message(e), e);
        }
    }
}
