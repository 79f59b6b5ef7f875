package tot.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;
import tot.util.ByteStrings;

/**
 * The read side of tot.db: every query the views, analyses and exports ask, answered as records
 * (no JDBC type leaves this package, so the schema is known here alone). Only complete runs are
 * seen unless a run is asked for by number. Directories are never inputs or outputs: their
 * successful reads and writes are left out of every answer ({@link Directories}). Not thread
 * safe; close it.
 */
public final class StoreReader implements AutoCloseable {
    /** What a streaming query hands each record to; it may stop the query by throwing. */
    public interface Each<T> {
        void accept(T t) throws IOException;
    }

    private static final JsonFactory JSON = new JsonFactory();
    private static final String EXEC_COLUMNS = "e.id, e.run, e.exec_id, e.parent_exec_id, e.short_id,"
            + " (SELECT p.short_id FROM executions p WHERE p.run = e.run AND p.exec_id = e.parent_exec_id),"
            + " e.pid, e.path, e.argv, e.cwd, e.start_ns, e.end_ns, e.exit, e.warnings, e.fds";
    private static final int EXEC_WIDTH = 15;
    private static final String ACCESS_COLUMNS = "a.execution, a.kind, p.path, c.sha1, c.size, a.errno, a.time_ns, a.syscall, a.detail";
    private static final String ACCESS_JOINS = " JOIN paths p ON p.id = a.path LEFT JOIN contents c ON c.id = a.content";
    private static final String DEVICE_FREE =
            " AND substr(p.path, 1, 5) NOT IN ('/dev/', '/sys/') AND substr(p.path, 1, 6) != '/proc/'";

    private final Location file;
    private final Connection db;
    private final Dialect dialect;
    private final Directories directories;
    private PreparedStatement accessesOf, storedSha1;
    /** The runs every answer is about: complete ones, of the machine asked for (SQL on runs r). */
    private String visible = "r.complete = 1";
    private String machine;

    private StoreReader(Location file, Connection db) {
        this.file = file;
        this.db = db;
        this.dialect = Dialect.of(file);
        this.directories = new Directories(db, dialect);
    }

    /** Opens tot.db for queries, after checking its schema is one this build knows (an older one is upgraded). */
    public static StoreReader open(Path file) throws Store.StoreException {
        return open(new Location.SqliteFile(file));
    }

    /** {@link #open(Path)}; {@code notices} is told when it waits for another process's lock. */
    public static StoreReader open(Path file, java.util.function.Consumer<tot.model.Notice> notices) throws Store.StoreException {
        return open(new Location.SqliteFile(file), notices);
    }

    /** Opens a tot database (SQLite or PostgreSQL) for queries; an older schema is upgraded. A wait for a lock is told nobody. */
    public static StoreReader open(Location at) throws Store.StoreException {
        return open(at, tot.model.Notice.NOWHERE);
    }

    /** {@link #open(Location)}; {@code notices} is told when it waits for another process's lock. */
    public static StoreReader open(Location at, java.util.function.Consumer<tot.model.Notice> notices) throws Store.StoreException {
        return switch (at) {
            case Location.SqliteFile f -> new StoreReader(at, Store.openReadOnly(f.file(), notices));
            case Location.Postgres p -> {
                try {
                    yield new StoreReader(at, PgConnect.open(p, true));
                } catch (SQLException e) {
                    throw new Store.StoreException(at + ": " + Store.message(e), e);
                }
            }
        };
    }

    /** As {@link #open(Location)}, for {@link #storedSha1} lookups: on PostgreSQL each gives up after a while ({@link PgConnect#lookupTimeout}). */
    static StoreReader openForLookups(Location at) throws Store.StoreException {
        if (!(at instanceof Location.Postgres p)) return open(at);
        try {
            return new StoreReader(at, PgConnect.openForLookups(p));
        } catch (SQLException e) {
            throw new Store.StoreException(at + ": " + Store.message(e), e);
        }
    }

    /**
     * Only runs recorded on {@code machine} from now on: a host name, or the beginning (4 hex
     * digits or more) of a machine id; null: every machine.
     */
    public StoreReader onMachine(String machine) {
        if (machine != null && !machine.matches("[A-Za-z0-9._-]{1,255}")) {
            throw new IllegalArgumentException("--machine: expected a host name or a machine id, not '" + machine + "'");
        }
        this.machine = machine;
        visible = "r.complete = 1" + machineCondition("r");
        return this;
    }

    /** " AND (run {@code r} is on the machine asked for)", or "" (checked: only [A-Za-z0-9._-]). */
    private String machineCondition(String r) {
        if (machine == null) return "";
        String quoted = "'" + machine + "'";
        String id = machine.matches("[0-9a-fA-F]{4,32}")
                ? " OR substr(" + r + ".machine_id, 1, " + machine.length() + ") = '" + machine.toLowerCase(java.util.Locale.ROOT) + "'" : "";
        return " AND (" + r + ".host = " + quoted + id + ")";
    }

    private interface Streaming<T> { T run() throws SQLException, IOException; }

    /** A query whose rows go to a consumer that may fail with IOException (an output). */
    private <T> T streamed(Streaming<T> q) throws Store.StoreException, IOException {
        try {
            return q.run();
        } catch (SQLException e) {
            throw new Store.StoreException(file + ": " + Store.message(e), e);
        }
    }

    /** The runs asked for: {@code which} null for every complete run, "last" (the last complete one), or a run number. */
    public List<StoredRun> runs(String which) throws Store.StoreException {
        String where = which == null ? visible
                : which.equals("last") ? "r.id = (SELECT max(r.id) FROM runs r WHERE " + visible + ")"
                : "r.id = ?" + machineCondition("r");
        return sql(() -> {
            try (PreparedStatement s = db.prepareStatement("SELECT r.id, r.source, r.source_file, r.command, r.cwd, r.host,"
                    + " r.\"user\", r.start_ns, r.end_ns, r.exit, r.complete, r.machine_id, r.kernel, r.arch, r.tot_version"
                    + " FROM runs r WHERE " + where + " ORDER BY r.id")) {
                if (which != null && !which.equals("last")) s.setLong(1, Long.parseLong(which));
                List<StoredRun> runs = new ArrayList<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        runs.add(new StoredRun(rs.getLong(1), rs.getString(2), rs.getString(3), strings(rs.getString(4)),
                                path(rs, 5), rs.getString(6), rs.getString(7), longOrNull(rs, 8), longOrNull(rs, 9),
                                intOrNull(rs, 10), rs.getInt(11) == 1,
                                new Machine(rs.getString(12), rs.getString(13), rs.getString(14), rs.getString(15))));
                    }
                }
                return runs;
            }
        });
    }

    /** A run's executions in the order they started. */
    public List<StoredExecution> executions(long run) throws Store.StoreException {
        return sql(() -> executions("SELECT " + EXEC_COLUMNS + " FROM executions e WHERE e.run = ?"
                + " ORDER BY e.start_ns NULLS FIRST, e.exec_id", run));
    }

    /** The executions of {@code runs}, in the order they started. */
    public List<StoredExecution> executions(List<StoredRun> runs) throws Store.StoreException {
        return sql(() -> executions("SELECT " + EXEC_COLUMNS + " FROM executions e WHERE e.run IN (" + ids(runs) + ")"
                + " ORDER BY e.start_ns NULLS FIRST, e.id"));
    }

    /** Executions of complete runs whose short id starts with {@code prefix} (at most 50). */
    public List<StoredExecution> executionsByShortId(String prefix) throws Store.StoreException {
        return sql(() -> executions("SELECT " + EXEC_COLUMNS + " FROM executions e JOIN runs r ON r.id = e.run"
                + " WHERE e.short_id >= ? AND e.short_id < ? AND " + visible + " ORDER BY e.id LIMIT 50", prefix, prefix + "g"));
    }

    /** An execution's accesses in the order they were recorded. */
    public List<StoredAccess> accesses(long executionRow) throws Store.StoreException {
        return sql(() -> {
            if (accessesOf == null) accessesOf = db.prepareStatement("SELECT " + ACCESS_COLUMNS + " FROM accesses a"
                    + ACCESS_JOINS + " WHERE a.execution = ? ORDER BY a.id");
            accessesOf.setLong(1, executionRow);
            List<StoredAccess> found = new ArrayList<>();
            try (ResultSet rs = accessesOf.executeQuery()) {
                while (rs.next()) {
                    StoredAccess a = access(rs, 1);
                    if (!directories.leftOut(a)) found.add(a);
                }
            }
            return found;
        });
    }

    /**
     * Every access of run {@code run} (directories left out, but for the directories it made and
     * renamed: RunGraph follows them), in the order they were recorded.
     * The accesses are read first, without joins and in index order; then the paths and contents
     * they name, each once (one String each); then sorted by id.
     */
    public List<StoredAccess> accessesOfRun(long run) throws Store.StoreException {
        return sql(() -> {
            Operation[] kinds = Operation.values();
            StringBuilder kind = new StringBuilder("CASE kind");
            for (Operation o : kinds) kind.append(" WHEN '").append(o.column()).append("' THEN ").append(o.ordinal());
            int n = 0;
            long[] id = new long[1024], execution = new long[1024], path = new long[1024], content = new long[1024], time = new long[1024];
            int[] op = new int[1024], errno = new int[1024];
            String[] syscall = new String[1024], detail = new String[1024];
            Map<String, String> names = new HashMap<>();
            long minPath = Long.MAX_VALUE, maxPath = Long.MIN_VALUE, minContent = Long.MAX_VALUE, maxContent = Long.MIN_VALUE;
            try (PreparedStatement s = db.prepareStatement("SELECT id, execution, " + kind + " END, path, COALESCE(content, 0), errno,"
                    + " COALESCE(time_ns, " + Long.MIN_VALUE + "), syscall, detail FROM accesses"
                    + " WHERE execution IN (SELECT id FROM executions WHERE run = ?)")) { // numbers: fewer calls per row
                s.setLong(1, run);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        if (n == id.length) {
                            int m = n * 2;
                            id = java.util.Arrays.copyOf(id, m);
                            execution = java.util.Arrays.copyOf(execution, m);
                            path = java.util.Arrays.copyOf(path, m);
                            content = java.util.Arrays.copyOf(content, m);
                            time = java.util.Arrays.copyOf(time, m);
                            op = java.util.Arrays.copyOf(op, m);
                            errno = java.util.Arrays.copyOf(errno, m);
                            syscall = java.util.Arrays.copyOf(syscall, m);
                            detail = java.util.Arrays.copyOf(detail, m);
                        }
                        id[n] = rs.getLong(1);
                        execution[n] = rs.getLong(2);
                        op[n] = rs.getInt(3);
                        path[n] = rs.getLong(4);
                        content[n] = rs.getLong(5);
                        errno[n] = rs.getInt(6);
                        time[n] = rs.getLong(7);
                        String call = rs.getString(8);
                        syscall[n] = call == null ? null : names.computeIfAbsent(call, k -> k);
                        detail[n] = path(rs, 9);
                        minPath = Math.min(minPath, path[n]);
                        maxPath = Math.max(maxPath, path[n]);
                        if (content[n] != 0) {
                            minContent = Math.min(minContent, content[n]);
                            maxContent = Math.max(maxContent, content[n]);
                        }
                        n++;
                    }
                }
            }
            Map<Long, String> paths = new HashMap<>(), sha1s = new HashMap<>();
            Map<Long, Long> sizes = new HashMap<>();
            // a range of ids no longer than the run's accesses costs less than finding the distinct ones;
            // a run whose names lie far apart among other runs' asks for exactly its own
            String ofRun = " IN (SELECT DISTINCT %s FROM accesses WHERE execution IN (SELECT id FROM executions WHERE run = ?))";
            boolean pathRange = maxPath - minPath <= n, contentRange = maxContent - minContent <= n;
            if (n > 0) {
                try (PreparedStatement s = db.prepareStatement("SELECT id, path FROM paths WHERE id"
                        + (pathRange ? " BETWEEN ? AND ?" : ofRun.formatted("path")))) {
                    s.setLong(1, pathRange ? minPath : run);
                    if (pathRange) s.setLong(2, maxPath);
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) paths.put(rs.getLong(1), path(rs, 2));
                    }
                }
            }
            if (minContent <= maxContent) {
                try (PreparedStatement s = db.prepareStatement("SELECT id, sha1, size FROM contents WHERE id"
                        + (contentRange ? " BETWEEN ? AND ?" : ofRun.formatted("content")))) {
                    s.setLong(1, contentRange ? minContent : run);
                    if (contentRange) s.setLong(2, maxContent);
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            sha1s.put(rs.getLong(1), rs.getString(2));
                            sizes.put(rs.getLong(1), longOrNull(rs, 3));
                        }
                    }
                }
            }
            Integer[] order = new Integer[n];
            for (int i = 0; i < n; i++) order[i] = i;
            long[] ids = id;
            java.util.Arrays.sort(order, (x, y) -> Long.compare(ids[x], ids[y]));
            List<StoredAccess> found = new ArrayList<>(n);
            for (int i : order) {
                long c = content[i];
                StoredAccess a = new StoredAccess(execution[i], kinds[op[i]], paths.get(path[i]), c != 0 ? sha1s.get(c) : null,
                        c != 0 ? sizes.get(c) : null, errno[i], time[i] == Long.MIN_VALUE ? null : time[i], syscall[i], detail[i]);
                // a directory's move, and its making, are kept for RunGraph (what was below it)
                if (a.movedFrom() != null || a.operation() == Operation.MKDIR || !directories.leftOut(a)) found.add(a);
            }
            return found;
        });
    }

    /** The distinct sha1s starting with {@code prefix}, at most {@code limit} (with --machine: those its runs accessed). */
    public List<String> hashes(String prefix, int limit) throws Store.StoreException {
        String mine = machine == null ? "" : " AND EXISTS (SELECT 1 FROM accesses a JOIN executions e ON e.id = a.execution"
                + " JOIN runs r ON r.id = e.run WHERE a.content = c.id" + machineCondition("r") + ")";
        return sql(() -> {
            try (PreparedStatement s = db.prepareStatement(
                    "SELECT DISTINCT sha1 FROM contents c WHERE sha1 >= ? AND sha1 < ?" + mine + " ORDER BY sha1 LIMIT ?")) {
                s.setString(1, prefix);
                s.setString(2, prefix + "g"); // hex digits sort below 'g'
                s.setInt(3, limit);
                List<String> found = new ArrayList<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) found.add(rs.getString(1));
                }
                return found;
            }
        });
    }

    /** Every successful access of complete runs to content {@code sha1}, oldest first. */
    public List<ExecutionAccess> accessesOfContent(String sha1) throws Store.StoreException {
        return sql(() -> executionAccesses("FROM contents c JOIN accesses a ON a.content = c.id JOIN paths p ON p.id = a.path"
                + " JOIN executions e ON e.id = a.execution JOIN runs r ON r.id = e.run"
                + " WHERE c.sha1 = ? AND a.errno = 0 AND " + visible + " ORDER BY a.time_ns NULLS FIRST, a.id", sha1, false));
    }

    /** The successful writes, links and renames of complete runs that made content {@code sha1}, oldest first. */
    public List<ExecutionAccess> makersOfContent(String sha1) throws Store.StoreException {
        return sql(() -> executionAccesses("FROM contents c JOIN accesses a ON a.content = c.id JOIN paths p ON p.id = a.path"
                + " JOIN executions e ON e.id = a.execution JOIN runs r ON r.id = e.run"
                + " WHERE c.sha1 = ? AND a.errno = 0 AND a.kind IN ('write', 'create', 'rename') AND " + visible
                + " ORDER BY a.time_ns NULLS FIRST, a.id", sha1, false));
    }

    /** Every successful access of complete runs to {@code path}, newest first. */
    public List<ExecutionAccess> accessesOfPath(String path) throws Store.StoreException {
        return sql(() -> executionAccesses("FROM paths p JOIN accesses a ON a.path = p.id LEFT JOIN contents c ON c.id = a.content"
                + " JOIN executions e ON e.id = a.execution JOIN runs r ON r.id = e.run"
                + " WHERE p.path = " + dialect.path + " AND a.errno = 0 AND " + visible
                + " ORDER BY a.time_ns DESC NULLS LAST, a.id DESC", path, true));
    }

    /**
     * Failed calls counted by program, syscall and errno, most first: the stored syscall events
     * of runs traced with --trace, else their failed file accesses ({@code devices}: also of /dev,
     * /proc, /sys).
     */
    public List<Counted> failures(List<StoredRun> runs, boolean devices) throws Store.StoreException {
        String ids = ids(runs);
        return sql(() -> counted("SELECT count(*), exe, sc, NULL, err FROM ("
                + "SELECT e.path AS exe, c.name AS sc, c.errno AS err FROM syscalls c LEFT JOIN executions e ON e.id = c.execution"
                + " WHERE c.run IN (" + ids + ") AND c.errno != 0"
                + " UNION ALL SELECT e.path, a.syscall, a.errno FROM accesses a JOIN executions e ON e.id = a.execution"
                + " JOIN paths p ON p.id = a.path" + where(ids, devices) + " AND a.errno != 0"
                + " AND e.run NOT IN (SELECT DISTINCT run FROM syscalls WHERE run IN (" + ids + "))) f"
                + " GROUP BY exe, sc, err ORDER BY count(*) DESC, exe NULLS FIRST, sc NULLS FIRST, err"));
    }

    /** How often each program accessed each path (directories and exec accesses left out), most first. */
    public List<Counted> fileCounts(List<StoredRun> runs, boolean devices) throws Store.StoreException {
        String ids = ids(runs);
        return sql(() -> counted("SELECT count(*), e.path, NULL, p.path, 0 FROM accesses a JOIN executions e ON e.id = a.execution"
                + " JOIN paths p ON p.id = a.path" + where(ids, devices) + directories.sqlCondition(db, ids) + " AND a.kind != 'exec'"
                + " GROUP BY e.path, p.path ORDER BY count(*) DESC, e.path, p.path"));
    }

    /** Every access of {@code runs} (directories left out), oldest first, each with its execution. */
    public void accesses(List<StoredRun> runs, boolean devices, Each<ExecutionAccess> each) throws Store.StoreException, IOException {
        String ids = ids(runs);
        streamed(() -> {
            try (PreparedStatement s = db.prepareStatement("SELECT " + EXEC_COLUMNS + ", " + ACCESS_COLUMNS + " FROM accesses a"
                    + ACCESS_JOINS + " JOIN executions e ON e.id = a.execution" + where(ids, devices)
                    + directories.sqlCondition(db, ids) + " ORDER BY a.time_ns NULLS FIRST, a.id");
                 ResultSet rs = s.executeQuery()) {
                while (rs.next()) each.accept(new ExecutionAccess(execution(rs), access(rs, EXEC_WIDTH + 1)));
            }
            return null;
        });
    }

    /** How many syscall events {@code runs} hold (none: they were traced without --trace). */
    public long callCount(List<StoredRun> runs) throws Store.StoreException {
        if (runs.isEmpty()) return 0;
        return sql(() -> {
            try (PreparedStatement s = db.prepareStatement("SELECT count(*) FROM syscalls WHERE run IN (" + ids(runs) + ")");
                 ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /** The syscall events of {@code runs}, oldest first. */
    public void calls(List<StoredRun> runs, Each<StoredCall> each) throws Store.StoreException, IOException {
        streamed(() -> {
            try (PreparedStatement s = db.prepareStatement("SELECT c.time_ns, c.pid, e.path, c.name, c.paths, c.result, c.errno"
                    + " FROM syscalls c LEFT JOIN executions e ON e.id = c.execution WHERE c.run IN (" + ids(runs) + ")"
                    + " ORDER BY c.time_ns NULLS FIRST, c.id");
                 ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    each.accept(new StoredCall(longOrNull(rs, 1), intOrNull(rs, 2), path(rs, 3), rs.getString(4),
                            rs.getString(5) == null ? List.of() : strings(rs.getString(5)), longOrNull(rs, 6), rs.getInt(7)));
                }
            }
            return null;
        });
    }

    /**
     * The sha1 an earlier run on machine {@code machineId} stored for a file with this identity
     * (device, inode, size, mtime, ctime: a program can set mtime, not ctime), or null. Only this
     * machine's: another's (dev, ino) name other files.
     */
    public String storedSha1(String machineId, long dev, long ino, long size, long mtimeNanos, long ctimeNanos)
            throws Store.StoreException {
        return sql(() -> {
            if (storedSha1 == null) storedSha1 = db.prepareStatement("SELECT sha1 FROM contents WHERE dev = ? AND ino = ?"
                    + " AND size = ? AND mtime_ns = ? AND ctime_ns = ? AND machine_id = ? LIMIT 1");
            storedSha1.setLong(1, dev);
            storedSha1.setLong(2, ino);
            storedSha1.setLong(3, size);
            storedSha1.setLong(4, mtimeNanos);
            storedSha1.setLong(5, ctimeNanos);
            storedSha1.setString(6, machineId);
            try (ResultSet rs = storedSha1.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        });
    }

    private interface Query<T> { T run() throws SQLException; }

    private <T> T sql(Query<T> q) throws Store.StoreException {
        try {
            return q.run();
        } catch (SQLException e) {
            throw new Store.StoreException(file + ": " + Store.message(e), e);
        }
    }

    /** The {@link Dialect} of the database: what tot.store's other readers (forget, merge) need to know. */
    Dialect dialect() {
        return dialect;
    }

    private static String where(String ids, boolean devices) {
        return " WHERE e.run IN (" + ids + ")" + (devices ? "" : DEVICE_FREE);
    }

    /** An SQL list of the runs' ids ("NULL" for none, which matches nothing: PostgreSQL refuses "IN ()"). */
    private static String ids(List<StoredRun> runs) {
        if (runs.isEmpty()) return "NULL";
        return runs.stream().map(r -> Long.toString(r.id())).collect(Collectors.joining(","));
    }

    private List<ExecutionAccess> executionAccesses(String from, String arg, boolean pathArg) throws SQLException {
        try (PreparedStatement s = db.prepareStatement("SELECT " + EXEC_COLUMNS + ", " + ACCESS_COLUMNS + " " + from)) {
            if (pathArg) Store.setPath(s, 1, arg);
            else s.setString(1, arg);
            List<ExecutionAccess> found = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    ExecutionAccess ea = new ExecutionAccess(execution(rs), access(rs, EXEC_WIDTH + 1));
                    if (!directories.leftOut(ea.access())) found.add(ea);
                }
            }
            return found;
        }
    }

    private List<StoredExecution> executions(String sql, Object... args) throws SQLException {
        try (PreparedStatement s = db.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) s.setObject(i + 1, args[i]);
            List<StoredExecution> found = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) found.add(execution(rs));
            }
            return found;
        }
    }

    private List<Counted> counted(String sql) throws SQLException {
        try (PreparedStatement s = db.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
            List<Counted> found = new ArrayList<>();
            while (rs.next()) found.add(new Counted(rs.getLong(1), path(rs, 2), rs.getString(3), path(rs, 4), rs.getInt(5)));
            return found;
        }
    }

    private static StoredExecution execution(ResultSet rs) throws SQLException {
        return new StoredExecution(rs.getLong(1), rs.getLong(2), rs.getInt(3), rs.getInt(4), rs.getString(5), rs.getString(6),
                intOrNull(rs, 7), path(rs, 8), strings(rs.getString(9)), path(rs, 10), longOrNull(rs, 11),
                longOrNull(rs, 12), intOrNull(rs, 13), rs.getString(14) == null ? List.of() : strings(rs.getString(14)),
                fds(rs.getString(15)));
    }

    private static StoredAccess access(ResultSet rs, int at) throws SQLException {
        return new StoredAccess(rs.getLong(at), Operation.ofColumn(rs.getString(at + 1)), path(rs, at + 2), rs.getString(at + 3),
                longOrNull(rs, at + 4), rs.getInt(at + 5), longOrNull(rs, at + 6), rs.getString(at + 7), path(rs, at + 8));
    }

    /** A path column: its bytes, so that a name that is not UTF-8 comes back as it was stored. */
    static String path(ResultSet rs, int i) throws SQLException {
        byte[] b = rs.getBytes(i);
        return b == null ? null : ByteStrings.decode(b);
    }

    private static Long longOrNull(ResultSet rs, int i) throws SQLException {
        long v = rs.getLong(i);
        return rs.wasNull() ? null : v;
    }

    private static Integer intOrNull(ResultSet rs, int i) throws SQLException {
        int v = rs.getInt(i);
        return rs.wasNull() ? null : v;
    }

    /** A JSON array of strings as stored in argv, command, env and paths (null entries kept). */
    static List<String> strings(String json) throws SQLException {
        if (json == null) return List.of();
        List<String> out = new ArrayList<>();
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_ARRAY) throw new SQLException("not a JSON array: " + json);
            for (JsonToken t; (t = p.nextToken()) != JsonToken.END_ARRAY; ) out.add(t == JsonToken.VALUE_NULL ? null : p.getText());
        } catch (IOException e) {
            throw new SQLException("bad JSON in the database: " + e.getMessage(), e);
        }
        return out;
    }

    /** An fd table stored as a JSON object ({@code {"0":"/dev/null"}}); null stays null (unknown). */
    static SortedMap<Integer, String> fds(String json) throws SQLException {
        if (json == null) return null;
        SortedMap<Integer, String> out = new TreeMap<>();
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw new SQLException("not a JSON object: " + json);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                int fd = Integer.parseInt(p.currentName());
                p.nextToken();
                out.put(fd, p.getText());
            }
        } catch (IOException | NumberFormatException e) {
            throw new SQLException("bad JSON in the database: " + e.getMessage(), e);
        }
        return Collections.unmodifiableSortedMap(out);
    }

    @Override
    public void close() {
        try {
            db.close();
        } catch (SQLException e) {
            // read-only: nothing to lose
        }
    }
}
