package tot.store;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import tot.util.ByteStrings;
import tot.util.Json;
import tot.util.OutputFile;

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

    /**
     * A run as it starts. {@code key}: unique per run (an import's: the file's sha1); {@code host},
     * {@code user} and {@code machine}: where it was recorded. Null fields (here and in
     * {@link Execution}) are unknown: stored as NULL.
     */
    public record Run(String key, String source, String sourceFile, List<String> command, String cwd,
                      String host, String user, Long startNanos, Machine machine) {
        /** A run whose machine is unknown. */
        public Run(String key, String source, String sourceFile, List<String> command, String cwd, String host, String user,
                   Long startNanos) {
            this(key, source, sourceFile, command, cwd, host, user, startNanos, Machine.UNKNOWN);
        }
    }

    /** A file's content as hashed: sha1 (hex), size, and the identity it had then. */
    public record Content(String sha1, long size, long dev, long ino, long mtimeNanos, long ctimeNanos) {}

    private final Path file;
    private final Connection db;
    private final PreparedStatement insertRun, finishRun, insertExecution, endExecution, insertPath, findPath,
            insertContent, findContent, findRun, describeRun, lastRowId;
    private final RowBatch syscalls;
    private final AccessBatch accesses;
    private final Map<String, Long> pathIds = new HashMap<>();
    private final Map<Content, Long> contentIds = new HashMap<>();
    /** The CREATE INDEX statement {@link #commit} runs, after {@link #beginImport} dropped it. */
    private String deferredIndex;
    /** In a transaction {@link #beginImport} started. */
    private boolean importing;
    private String runKey;
    /** The machine of the run last added: that of the contents it hashes. */
    private String machineId;

    private Store(Path file, Connection db) throws SQLException {
        this.file = file;
        this.db = db;
        insertRun = db.prepareStatement("INSERT INTO runs(key, source, source_file, command, cwd, host, \"user\", start_ns,"
                + " machine_id, kernel, arch, tot_version) VALUES (?, ?, ?, ?, CAST(? AS TEXT), ?, ?, ?, ?, ?, ?, ?)");
        finishRun = db.prepareStatement("UPDATE runs SET end_ns = ?, exit = ?, complete = ? WHERE id = ?");
        findRun = db.prepareStatement("SELECT id FROM runs WHERE key = ?");
        describeRun = db.prepareStatement("UPDATE runs SET command = ?, cwd = CAST(? AS TEXT), start_ns = ? WHERE id = ?");
        insertExecution = db.prepareStatement("INSERT INTO executions(run, exec_id, parent_exec_id, short_id, pid, tid,"
                + " path, argv, cwd, env, start_ns, fds) VALUES (?, ?, ?, ?, ?, ?, CAST(? AS TEXT), ?, CAST(? AS TEXT), ?, ?, ?)");
        endExecution = db.prepareStatement("UPDATE executions SET end_ns = ?, exit = ?, warnings = ? WHERE id = ?");
        insertPath = db.prepareStatement("INSERT INTO paths(path) VALUES (CAST(? AS TEXT))");
        findPath = db.prepareStatement("SELECT id FROM paths WHERE path = CAST(? AS TEXT)");
        insertContent = db.prepareStatement("INSERT INTO contents(sha1, size, dev, ino, mtime_ns, ctime_ns, machine_id)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)");
        findContent = db.prepareStatement("SELECT id FROM contents WHERE sha1 = ? AND size = ? AND dev IS ? AND ino IS ?"
                + " AND mtime_ns IS ?");
        accesses = new AccessBatch(db, Dialect.SQLITE.batchRows);
        lastRowId = db.prepareStatement("SELECT last_insert_rowid()");
        syscalls = new RowBatch(db, Dialect.SQLITE.batchRows, "syscalls", "run", "execution", "time_ns", "pid", "tid", "name", "args", "paths", "result",
                "errno", "duration_ns");
    }

    /**
     * Opens (creating when absent or empty) and migrates the database at {@code file}; another
     * application's SQLite database is refused untouched. A wait for another process's lock is
     * told nobody ({@link #open(Path, java.util.function.Consumer)} says where).
     */
    public static Store open(Path file) throws StoreException {
        return open(file, tot.model.Notice.NOWHERE);
    }

    /** {@link #open(Path)}; {@code notices} is told when a write waits for another process's lock. */
    public static Store open(Path file, java.util.function.Consumer<tot.model.Notice> notices) throws StoreException {
        check(file);
        if (Files.exists(file) && !Files.isWritable(file)) { // SQLite would open it read-only, and leave -wal and -shm behind
            throw new StoreException(file + ": " + READ_ONLY_FILE, null);
        }
        Connection db = null;
        try {
            db = connect(file, false, notices);
            if (foreign(db)) throw new StoreException(file + ": " + FOREIGN, null);
            try (Statement s = db.createStatement()) {
                s.execute("PRAGMA journal_mode = WAL"); // only now: it would rewrite a foreign file's header
            }
            migrate(db, file);
            return new Store(file, db);
        } catch (SQLException e) {
            closeQuietly(db);
            throw new StoreException(file + ": " + message(e), e);
        } catch (StoreException e) {
            closeQuietly(db);
            throw e;
        }
    }

    /** Schema version 0 with tables, views or indexes: not tot's (a tot database is created with its version). */
    private static final String FOREIGN = "not a tot database (an SQLite database of something else)";

    /**
     * Schema version 0 with a schema, read in one statement: another tot creating the database
     * commits its tables and version at once, and two reads could see the version before and the
     * tables after.
     */
    private static boolean foreign(Connection db) throws SQLException {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT (SELECT user_version FROM pragma_user_version) = 0 AND (SELECT count(*) FROM sqlite_master) > 0")) {
            return rs.getBoolean(1);
        }
    }

    /** Whether the database holds any table, index, view or trigger. */
    private static boolean hasSchema(Connection db) throws SQLException {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM sqlite_master")) {
            return rs.getInt(1) > 0;
        }
    }

    private static void closeQuietly(Connection db) {
        if (db == null) return;
        try {
            db.close();
        } catch (SQLException ignored) {
            // the failure being reported is the one that matters
        }
    }

    /**
     * Loads SQLite's native library and driver, the SHA-1 digest and the run keys' random
     * generator on a thread of their own, so that a tracing command's start (picocli building its
     * model) overlaps them and opening the run's database waits less. Writes no database.
     */
    public static void warmUpInBackground() {
        Thread.ofPlatform().daemon().name("tot-warm").start(() -> {
            SqliteLibrary.prepare();
            try (Connection db = org.sqlite.JDBC.createConnection("jdbc:sqlite::memory:", new java.util.Properties());
                 Statement s = db.createStatement()) {
                s.execute("SELECT 1");
            } catch (SQLException e) {
                // the run's own open reports what is wrong
            }
            ContentHasher.warmUp();
            java.util.UUID.randomUUID();
        });
    }

    /**
     * Fails now, without writing anything, when {@code file} cannot become a tot database: its
     * directory is missing, {@link OutputFile}'s rules refuse it (a link planted in /tmp…), or it
     * exists and is not an SQLite file.
     */
    public static void check(Path file) throws StoreException {
        try {
            if (OutputFile.checkDatabase(file.toString()) instanceof OutputFile.InPlace) { // also: its directory takes new files (-wal, -shm)
                throw new StoreException(file + ": not a regular file", null);
            }
        } catch (java.nio.file.FileSystemException e) {
            throw new StoreException(e.getMessage(), e);
        }
        checkSqliteFile(file);
    }

    /** Fails when {@code file} exists and is neither empty nor an SQLite file (a database to read, or to write). */
    static void checkSqliteFile(Path file) throws StoreException {
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

    /** A connection for queries (StoreReader), after checking the schema is one this build knows. */
    static Connection openReadOnly(Path file, java.util.function.Consumer<tot.model.Notice> notices) throws StoreException {
        if (!Files.exists(file)) throw new StoreException(file + ": no such database (tot log writes one)", null);
        // the words tot log uses for the same file (SQLite's would be "unable to open" or "disk I/O error")
        if (Files.isDirectory(file)) throw new StoreException(file + ": Is a directory", null);
        if (!Files.isRegularFile(file)) throw new StoreException(file + ": not a regular file", null); // a FIFO would hang the read below
        if (isEmpty(file)) throw new StoreException(file + ": " + NONE, null);
        checkSqliteFile(file);
        Connection db = null;
        try {
            db = connect(file, true, notices);
            try (Statement s = db.createStatement()) {
                s.execute("PRAGMA query_only = 1");
            }
            int version = userVersion(db);
            if (version == 0) { // never made one: a query creates nothing
                throw new StoreException(file + ": " + (hasSchema(db) ? FOREIGN : NONE), null);
            }
            if (version < Schema.VERSION && Files.isWritable(file)) { // an older tot's: upgrade it, then read
                db.close();
                open(file, notices).close();
                return openReadOnly(file, notices);
            }
            if (version != Schema.VERSION) {
                throw new StoreException(file + ": schema version " + version + ", this tot reads version "
                        + Schema.VERSION + (version < Schema.VERSION ? " (any tot log or tot import upgrades it)" : ""), null);
            }
            return db;
        } catch (SQLException e) {
            closeQuietly(db);
            throw new StoreException(file + ": " + message(e), e);
        } catch (StoreException e) {
            closeQuietly(db);
            throw e;
        }
    }

    /** An SQLite file with nothing in it (a 0-byte file, or schema version 0 and no tables). */
    private static final String NONE = "no tot database in it (tot log writes one)";

    private static boolean isEmpty(Path file) throws StoreException {
        try {
            return Files.size(file) == 0;
        } catch (java.io.IOException e) {
            throw new StoreException(file + ": " + e.getMessage(), e);
        }
    }

    /** A query_only connection to {@code file}, its schema taken as it is (a merge's source). */
    static Connection connectForQueries(Path file) throws SQLException {
        Connection db = connect(file, true, tot.model.Notice.NOWHERE);
        try (Statement s = db.createStatement()) {
            s.execute("PRAGMA query_only = 1");
        }
        return db;
    }

    /**
     * {@code forQueries}: a connection that does not write (query_only), opened read-write when
     * the file and its directory allow it, so that the last one to close removes the -wal and
     * -shm files as a writer does.
     */
    private static Connection connect(Path file, boolean forQueries, java.util.function.Consumer<tot.model.Notice> notices)
            throws SQLException {
        SqliteLibrary.prepare();
        var config = new org.sqlite.SQLiteConfig();
        Path dir = file.toAbsolutePath().getParent();
        boolean readOnly = forQueries && !(Files.isWritable(file) && dir != null && Files.isWritable(dir));
        config.setReadOnly(readOnly);
        config.setGetGeneratedKeys(false); // else every INSERT prepares and runs a last_insert_rowid() query
        if (!forQueries) { // WAL once the file is known to be tot's (open)
            config.setSynchronous(org.sqlite.SQLiteConfig.SynchronousMode.NORMAL);
            config.enforceForeignKeys(true);
        }
        config.setOpenMode(org.sqlite.SQLiteOpenMode.OPEN_URI); // the name is a URI: exactly the file checked (SqliteUri)
        Connection db = connect(file, "", config, notices);
        if (!readOnly) return db;
        try (Statement s = db.createStatement()) {
            s.execute("PRAGMA schema_version"); // reads the file: a WAL database needs its -shm, made beside it
            return db;
        } catch (SQLException e) {
            closeQuietly(db);
            int code = e.getErrorCode() & 0xff; // read-only media: CANTOPEN; a directory not ours: READONLY_DIRECTORY
            if (code != SQLITE_CANTOPEN && code != SQLITE_READONLY) throw e;
            if (hasWal(file)) {
                throw new SQLException("cannot read it here: changes wait in " + file.getFileName() + "-wal, which SQLite reads only with a "
                        + file.getFileName() + "-shm file it can make beside them, in a directory it cannot write"
                        + " (copy the database and its -wal file somewhere writable)", e);
            }
        }
        // read-only media, another user's directory: no -shm can be made, and none is needed to
        // read a database whose every change is in the file (no -wal), taken as unchanging
        return connect(file, "immutable=1", config, notices);
    }

    private static Connection connect(Path file, String uriQuery, org.sqlite.SQLiteConfig config,
                                      java.util.function.Consumer<tot.model.Notice> notices) throws SQLException {
        // not DriverManager: its first use loads every JDBC driver on the class path
        Connection db = org.sqlite.JDBC.createConnection("jdbc:sqlite:" + SqliteUri.of(file, uriQuery), config.toProperties());
        org.sqlite.BusyHandler.setHandler(db, new LockWait(file, notices));
        return db;
    }

    private static final int SQLITE_CANTOPEN = 14;

    /** Whether changes of {@code file} wait in its -wal file (a writer has it open, or ended without a checkpoint). */
    private static boolean hasWal(Path file) {
        try {
            return Files.size(Path.of(file + "-wal")) > 0;
        } catch (java.io.IOException e) {
            return false; // none
        }
    }

    /** How long a write waits for another process's lock on the database (a test may shorten it). */
    static final long LOCK_WAIT_NANOS = Long.getLong("tot.lockWaitSeconds", 30) * 1_000_000_000L;

    /**
     * Waits for another process's lock on the database up to {@link #LOCK_WAIT_NANOS} (another
     * tot log holds it for 2 s at most), saying so ({@link tot.model.Notice.Kind#DATABASE_LOCKED})
     * once a wait passes a second.
     */
    private static final class LockWait extends org.sqlite.BusyHandler {
        private final Path file;
        private long since;
        private boolean said;
        private final java.util.function.Consumer<tot.model.Notice> notices;

        LockWait(Path file, java.util.function.Consumer<tot.model.Notice> notices) {
            this.file = file;
            this.notices = notices;
        }

        @Override
        protected int callback(int calls) {
            long now = System.nanoTime();
            if (calls == 0) {
                since = now;
                said = false;
            }
            if (now - since > LOCK_WAIT_NANOS) return 0;
            if (!said && now - since > 1_000_000_000L) {
                said = true;
                notices.accept(new tot.model.Notice(tot.model.Notice.Kind.DATABASE_LOCKED, file + ": locked by another process;"
                        + " waiting (up to " + LOCK_WAIT_NANOS / 1_000_000_000L + " s)"));
            }
            try {
                Thread.sleep(Math.min(1 + calls, 50));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 0;
            }
            return 1;
        }
    }

    /**
     * For the writer of a live run, whose rows go in long transactions of multi-row INSERTs:
     * SQLite keeps, per statement, the pages it changes (a statement journal, so that the
     * statement alone can be undone); past 64 KiB it spills them to a temporary file in /var/tmp,
     * and every later statement of the transaction then wrote that file again, two pwrites per
     * page. In memory instead: each statement is a bounded batch, so is the journal.
     */
    public void keepStatementJournalsInMemory() throws StoreException {
        run(() -> execute("PRAGMA temp_store = MEMORY"));
    }

    /**
     * Proves now that a run can be written: takes the write lock (waiting for another writer as
     * a transaction would), writes and lets it go. Fails on a read-only file system or file, or a
     * lock held too long.
     */
    public void checkWritable() throws StoreException {
        run(() -> execute("BEGIN IMMEDIATE"));
        try { // SQLite opens a file it may not write read-only, where BEGIN IMMEDIATE is a read: a write, undone, tells
            execute("PRAGMA user_version = " + Schema.VERSION);
        } catch (SQLException e) {
            if ((e.getErrorCode() & 0xff) != SQLITE_READONLY) throw new StoreException(file + ": " + message(e), e);
            throw new StoreException(file + ": " + READ_ONLY_FILE, e);
        } finally {
            rollback();
        }
    }

    private static final int SQLITE_READONLY = 8;

    /**
     * Commits a write that changes nothing (the schema version, set again), so that SQLite
     * writes the -wal file's header now: the first commit into a new or emptied -wal syncs that
     * header and, on the first sync of the file, its directory. The writer does this while the
     * command starts; otherwise a short run's only commits wait for both at its end.
     */
    public void startWal() throws StoreException {
        run(() -> {
            execute("BEGIN IMMEDIATE");
            try {
                execute("PRAGMA user_version = " + Schema.VERSION);
                execute("COMMIT");
            } catch (SQLException e) {
                execute("ROLLBACK");
                throw e;
            }
        });
    }

    /**
     * The byte of the database file that a tot writing run {@code run} holds a lock on
     * ({@link tot.linux.ByteLocks}) until it ends, so that `tot forget` leaves that run alone.
     * Far beyond the bytes SQLite locks (1 GiB and the 512 after it) and any file's size.
     */
    static long writingByte(long run) {
        return (1L << 62) + run;
    }

    private static final String READ_ONLY_FILE = "cannot write it (a read-only file)";

    /**
     * Copies run {@code run} of the database {@code from} (its rows committed so far, with their
     * ids) into this new database, so that a writer that could not go on in {@code from} goes on
     * here with the row ids it holds.
     */
    public void copyRun(Path from, long run) throws StoreException {
        String executions = "(SELECT id FROM src.executions WHERE run = " + run + ")";
        String accesses = "(SELECT * FROM src.accesses WHERE execution IN " + executions + ")";
        run(() -> {
            try (PreparedStatement attach = db.prepareStatement("ATTACH DATABASE ? AS src")) {
                attach.setString(1, SqliteUri.of(from, "")); // a URI, as the connection's own name
                attach.execute();
            }
            try {
                execute("BEGIN"); // deferred: IMMEDIATE would want src's write lock too
                execute("INSERT INTO runs SELECT * FROM src.runs WHERE id = " + run);
                execute("INSERT INTO executions SELECT * FROM src.executions WHERE run = " + run);
                execute("INSERT INTO paths SELECT * FROM src.paths WHERE id IN (SELECT path FROM " + accesses + ")");
                execute("INSERT INTO contents SELECT * FROM src.contents WHERE id IN (SELECT content FROM " + accesses + ")");
                execute("INSERT INTO accesses SELECT * FROM src.accesses WHERE execution IN " + executions);
                execute("INSERT INTO syscalls SELECT * FROM src.syscalls WHERE run = " + run);
                execute("COMMIT");
            } catch (SQLException e) {
                rollback();
                throw e;
            } finally {
                execute("DETACH DATABASE src");
            }
            try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("SELECT key FROM runs WHERE id = " + run)) {
                runKey = rs.next() ? rs.getString(1) : null; // the executions' short ids derive from it
            }
        });
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
            // off outside the transaction (a no-op inside one): schema 8 may make accesses again,
            // which must not depend on every old row's references (SQLite's own procedure for it)
            s.execute("PRAGMA foreign_keys = OFF");
            s.execute("BEGIN IMMEDIATE"); // another tot may be migrating the same file
            try {
                for (int v = userVersion(db); v < Schema.VERSION; v++) {
                    for (String sql : Schema.MIGRATIONS.get(v).split(";\\s*\n")) if (!sql.isBlank()) s.execute(sql);
                    if (v + 1 == 5) contentsOfThisMachine(db);
                    if (v + 1 == 8) kindsWithMkdir(db);
                }
                s.execute("PRAGMA user_version = " + Schema.VERSION);
                s.execute("COMMIT");
            } catch (SQLException e) {
                try {
                    s.execute("ROLLBACK");
                } catch (SQLException r) { // SQLite rolled back already (a full disk, a file size limit): the cause is e
                    e.addSuppressed(r);
                }
                throw e;
            } finally {
                try {
                    s.execute("PRAGMA foreign_keys = ON");
                } catch (SQLException broken) { // the connection failed: the migration's own error (or none) tells, the caller closes it
                }
            }
        }
    }

    /**
     * Schema 8: accesses.kind may be 'mkdir'. A CHECK that takes one more value leaves every row
     * valid and no page changed, so the table's definition is edited where SQLite keeps it, by
     * SQLite's documented procedure for dropping a constraint (writable_schema, then a new
     * schema_version so that every connection reads it again): instant at any size, where making
     * the table again took 20 s per 2 million accesses (2 busy CPUs), and a second copy's disk space. A
     * definition that is not tot's own (made by hand) is made again instead.
     */
    private static void kindsWithMkdir(Connection db) throws SQLException {
        String old = "'rename', 'exec'))", widened = "'rename', 'exec', 'mkdir'))";
        try (Statement s = db.createStatement()) {
            String sql;
            try (ResultSet rs = s.executeQuery("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'accesses'")) {
                sql = rs.next() ? rs.getString(1) : null;
            }
            if (sql == null || sql.indexOf(old) < 0 || sql.indexOf(old) != sql.lastIndexOf(old)) {
                for (String part : Schema.ACCESSES_WITH_MKDIR.split(";\\s*\n")) if (!part.isBlank()) s.execute(part);
                return;
            }
            int version;
            try (ResultSet rs = s.executeQuery("PRAGMA schema_version")) {
                version = rs.getInt(1);
            }
            s.execute("PRAGMA writable_schema = ON"); // (a failure rolls back, and the connection is closed)
            try (PreparedStatement u = db.prepareStatement("UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = 'accesses'")) {
                u.setString(1, sql.replace(old, widened));
                u.executeUpdate();
            }
            s.execute("PRAGMA schema_version = " + (version + 1));
            s.execute("PRAGMA writable_schema = OFF");
        }
    }

    /**
     * Schema 5: the contents stored before are taken to be this machine's (the database was
     * written where it is opened, most likely), so that their hashes are still reused here.
     */
    private static void contentsOfThisMachine(Connection db) throws SQLException {
        try (PreparedStatement s = db.prepareStatement("UPDATE contents SET machine_id = ?")) {
            s.setString(1, Machine.local().id());
            s.executeUpdate();
        }
    }

    /** What went wrong, in a line (without the driver's code prefix). */
    static String message(SQLException e) {
        if (e instanceof org.sqlite.SQLiteException s && s.getResultCode() == org.sqlite.SQLiteErrorCode.SQLITE_BUSY) {
            return "locked by another process (waited " + LOCK_WAIT_NANOS / 1_000_000_000L + " s)";
        }
        String m = e.getMessage();
        m = m == null ? e.toString() : m.replaceFirst("^\\[SQLITE_[A-Z_]+\\]\\s*", "");
        return lostServer(e.getSQLState()) ? "lost the connection to the server (" + m.strip() + ")" : m;
    }

    /**
     * Whether a PostgreSQL error says an open connection ended (the driver's own words, "This
     * connection has been closed.", "An I/O error occurred…", do not): 08003 and 08006, or the
     * server shut down or terminated the session (57P01–57P02). A connection never made (08001)
     * says so itself.
     */
    private static boolean lostServer(String state) {
        return state != null && (state.equals("08003") || state.equals("08006") || state.equals("57P01") || state.equals("57P02"));
    }

    /** Starts a write transaction (waits up to the busy timeout for another writer's to end). */
    public void begin() throws StoreException {
        run(() -> execute("BEGIN IMMEDIATE"));
    }

    /** Ends the transaction: the accesses still batched go in, an index an import dropped is built, then COMMIT. */
    public void commit() throws StoreException {
        run(() -> {
            accesses.flush();
            syscalls.flush();
            if (deferredIndex != null) execute(deferredIndex);
            deferredIndex = null;
            execute("COMMIT");
            endImport();
        });
    }

    private void endImport() throws SQLException {
        if (!importing) return;
        importing = false;
        execute("PRAGMA foreign_keys = ON");
        execute("PRAGMA cache_size = " + DEFAULT_CACHE);
    }

    /** Page cache sizes (negative: KiB): SQLite's default, and during an import. */
    private static final int DEFAULT_CACHE = -2000, IMPORT_CACHE = -65536;

    /**
     * Starts a transaction for a bulk import of about {@code accesses} accesses. Foreign keys are
     * not checked (the importer only refers to rows it has just added: saves 20 % of each row).
     * When the import is at least as large as the accesses table (a young database), the index on
     * accesses(path) is dropped and {@link #commit} builds it again: one sort instead of an index
     * update per row, which costs about as much as the rest of the row (1M rows: 2.7 s instead of
     * 5.8 s). A rollback brings the index back with the rest.
     */
    public void beginImport(long accesses) throws StoreException {
        run(() -> {
            execute("PRAGMA foreign_keys = OFF"); // only outside a transaction
            execute("PRAGMA cache_size = " + IMPORT_CACHE); // the path index, when kept, is updated all over
            importing = true;
            execute("BEGIN IMMEDIATE");
            long held;
            try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT ifnull(max(id), 0) FROM accesses")) {
                held = rs.getLong(1);
            }
            if (accesses < held) return;
            try (Statement s = db.createStatement();
                 ResultSet rs = s.executeQuery("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = 'accesses_path'")) {
                if (!rs.next()) return;
                deferredIndex = rs.getString(1);
            }
            execute("DROP INDEX accesses_path");
        });
    }

    /** Undoes the open transaction, if any. */
    public void rollback() {
        pathIds.clear(); // the ids cached since it began may be gone
        contentIds.clear();
        accesses.clear();
        syscalls.clear();
        deferredIndex = null;
        try {
            execute("ROLLBACK");
        } catch (SQLException ignored) {
            // no transaction was open
        }
        try {
            endImport();
        } catch (SQLException ignored) {
            // the connection is broken: nothing more will be written through it
        }
    }

    private void execute(String sql) throws SQLException {
        try (Statement s = db.createStatement()) {
            s.execute(sql);
        }
    }

    /** A copy of the whole database, as this connection sees it, into {@code to} (new or empty): VACUUM INTO. */
    public void copyTo(Path to) throws StoreException {
        run(() -> {
            try (PreparedStatement s = db.prepareStatement("VACUUM INTO ?")) {
                s.setString(1, SqliteUri.of(to, "")); // a URI, as the connection's own name
                s.execute();
            }
        });
    }

    /** The id of the run with this key, if there is one. */
    public OptionalLong findRun(String key) throws StoreException {
        return call(() -> {
            findRun.setString(1, key);
            try (ResultSet rs = findRun.executeQuery()) {
                return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
            }
        });
    }

    /** Adds a run, incomplete until {@link #finishRun}; returns its id. */
    public long addRun(Run r) throws StoreException {
        runKey = r.key();
        machineId = r.machine().id();
        return call(() -> {
            insertRun.setString(1, r.key());
            insertRun.setString(2, r.source());
            insertRun.setString(3, r.sourceFile());
            insertRun.setString(4, Json.array(new StringBuilder(), r.command()).toString());
            setPath(insertRun, 5, r.cwd());
            insertRun.setString(6, r.host());
            insertRun.setString(7, r.user());
            setLong(insertRun, 8, r.startNanos());
            insertRun.setString(9, r.machine().id());
            insertRun.setString(10, r.machine().kernel());
            insertRun.setString(11, r.machine().arch());
            insertRun.setString(12, r.machine().totVersion());
            insertRun.executeUpdate();
            return lastRowId();
        });
    }

    /** Sets what an import learns only at its end: the run's command, its cwd and when it started. */
    public void describeRun(long run, List<String> command, String cwd, Long startNanos) throws StoreException {
        run(() -> {
            describeRun.setString(1, Json.array(new StringBuilder(), command).toString());
            setPath(describeRun, 2, cwd);
            setLong(describeRun, 3, startNanos);
            describeRun.setLong(4, run);
            describeRun.executeUpdate();
        });
    }

    public void finishRun(long run, Long endNanos, Integer exit, boolean complete) throws StoreException {
        run(() -> {
            setLong(finishRun, 1, endNanos);
            setInteger(finishRun, 2, exit);
            finishRun.setInt(3, complete ? 1 : 0);
            finishRun.setLong(4, run);
            finishRun.executeUpdate();
        });
    }

    /** Adds execution {@code x} of the run last added ({@code tid}: the thread that exec'd, when known); returns its row id. */
    public long addExecution(long run, tot.model.Execution x, Integer tid) throws StoreException {
        return call(() -> {
            insertExecution.setLong(1, run);
            insertExecution.setInt(2, x.id);
            insertExecution.setInt(3, x.parentId);
            insertExecution.setString(4, shortId(runKey, x.id));
            setInteger(insertExecution, 5, x.pid > 0 ? x.pid : null);
            setInteger(insertExecution, 6, tid != null && tid > 0 ? tid : null);
            setPath(insertExecution, 7, x.path);
            insertExecution.setString(8, Json.array(new StringBuilder(), x.args).toString());
            setPath(insertExecution, 9, x.dir);
            insertExecution.setString(10, x.env == null ? null : Json.array(new StringBuilder(), x.env).toString());
            setLong(insertExecution, 11, x.startNanos >= 0 ? x.startNanos : null);
            insertExecution.setString(12, x.fds == null ? null : Json.fds(new StringBuilder(), x.fds, false).toString());
            insertExecution.executeUpdate();
            return lastRowId();
        });
    }

    /** Ends execution row {@code execution} as {@code x} ended: its end time and exit (null when unknown), its warnings. */
    public void endExecution(long execution, tot.model.Execution x) throws StoreException {
        run(() -> {
            setLong(endExecution, 1, x.endNanos() >= 0 ? x.endNanos() : null);
            setInteger(endExecution, 2, x.exit());
            endExecution.setString(3, x.warnings().isEmpty() ? null : Json.array(new StringBuilder(), x.warnings()).toString());
            endExecution.setLong(4, execution);
            endExecution.executeUpdate();
        });
    }

    /**
     * Adds one access by {@code execution} (a row id from {@link #addExecution}); {@code content}
     * null when not hashed, {@code detail} the old path of a directory's rename or the text a
     * symbolic link made holds (else null); {@code syscall} and
     * {@code timeNanos} null when unknown (deps.json has neither).
     */
    public void addAccess(long execution, String path, Operation op, String syscall, int errno, Long timeNanos,
                          Content content, String detail) throws StoreException {
        try {
            accesses.add(execution, pathId(path), op.column(), syscall, errno, timeNanos,
                    content == null ? null : contentId(content), detail);
        } catch (SQLException e) {
            throw new StoreException(file + ": " + message(e), e);
        }
    }

    /** Adds syscall event {@code c} of {@code run}; {@code execution} a row id, or null before the first exec. */
    public void addSyscall(long run, Long execution, tot.model.Event.Call c) throws StoreException {
        run(() -> syscalls.add(run, execution, c.time() >= 0 ? c.time() : null, c.pid() > 0 ? c.pid() : null,
                c.tid() > 0 ? c.tid() : null, c.name(), Json.array(new StringBuilder(), c.args()).toString(),
                c.paths() == null || c.paths().isEmpty() ? null : Json.array(new StringBuilder(), c.paths()).toString(),
                c.errno() == 0 ? c.result() : null, c.errno(), c.durationNanos() > 0 ? c.durationNanos() : null));
    }

    long pathId(String path) throws SQLException {
        Long id = pathIds.get(path);
        if (id != null) return id;
        setPath(findPath, 1, path);
        try (ResultSet rs = findPath.executeQuery()) {
            if (rs.next()) id = rs.getLong(1);
        }
        if (id == null) {
            setPath(insertPath, 1, path);
            insertPath.executeUpdate();
            id = lastRowId();
        }
        pathIds.put(path, id);
        return id;
    }

    private long contentId(Content c) throws SQLException {
        return contentId(c, true, machineId);
    }

    /**
     * The id of content {@code c} (looked up by its unique key), added when missing with its
     * ctime (unless {@code hasCtime} is false: unknown) and the machine its file identity is of.
     */
    long contentId(Content c, boolean hasCtime, String machine) throws SQLException {
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
            setLong(insertContent, 6, hasCtime ? c.ctimeNanos() : null);
            insertContent.setString(7, machine);
            insertContent.executeUpdate();
            id = lastRowId();
        }
        contentIds.put(c, id);
        return id;
    }

    /** The connection, for {@link MergeTarget}: inside the transaction this store's owner opened. */
    Connection connection() {
        return db;
    }

    Location location() {
        return new Location.SqliteFile(file);
    }

    /**
     * A new directory of its own in the temporary directory (mode 0700) for a database named
     * {@code name}: in a shared /tmp, anyone could otherwise plant links at the names SQLite
     * creates beside a database (-wal, -shm, -journal) once they see its name.
     */
    public static Path inPrivateTemp(String name) throws java.io.IOException {
        return Files.createTempDirectory(tot.util.UserDirs.temp(), PRIVATE_TEMP).resolve(name);
    }

    private static final String PRIVATE_TEMP = "tot-";

    /** {@link #removeFiles}, and the directory {@link #inPrivateTemp} made for it. */
    public static void removeWithPrivateTemp(Path file) {
        removeFiles(file);
        Path dir = file.toAbsolutePath().getParent();
        if (dir == null || !dir.getFileName().toString().startsWith(PRIVATE_TEMP)
                || !dir.getParent().equals(tot.util.UserDirs.temp().toAbsolutePath())) return;
        try {
            Files.deleteIfExists(dir);
        } catch (java.io.IOException e) {
            // not empty, or gone: left as it is
        }
    }

    /** Removes an SQLite database and what SQLite keeps beside it (a temporary database, a pushed spool). */
    public static void removeFiles(Path file) {
        for (String suffix : List.of("", "-wal", "-shm", "-journal")) {
            try {
                Files.deleteIfExists(Path.of(file + suffix));
            } catch (java.io.IOException e) {
                // left behind: harmless
            }
        }
    }

    /** Now, as epoch nanoseconds. */
    public static long nowNanos() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /** The execution's stable short id: 8 hex digits of sha1(run key "/" exec id). */
    public static String shortId(String runKey, int execId) {
        byte[] d = SHORT_ID_DIGEST.get().digest((runKey + "/" + execId).getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(d, 0, 4);
    }

    /** One SHA-1 per thread: looking the algorithm up cost more than the digest, once per stored execution. */
    private static final ThreadLocal<MessageDigest> SHORT_ID_DIGEST = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

    /** The row id the last INSERT gave (getGeneratedKeys is off: see {@link #connect}). */
    private long lastRowId() throws SQLException {
        try (ResultSet rs = lastRowId.executeQuery()) {
            rs.next();
            return rs.getLong(1);
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

    private static void setInteger(PreparedStatement s, int i, Integer v) throws SQLException {
        if (v == null) s.setNull(i, Types.INTEGER);
        else s.setInt(i, v);
    }

    private static void setLong(PreparedStatement s, int i, Long v) throws SQLException {
        if (v == null) s.setNull(i, Types.INTEGER);
        else s.setLong(i, v);
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
