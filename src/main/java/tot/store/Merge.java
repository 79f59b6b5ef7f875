package tot.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.FutureTask;
import tot.util.ByteStrings;

/**
 * `tot import OTHER.db`: the runs of another tot database (an SQLite file of any schema version,
 * read without being changed) added to this one, SQLite or PostgreSQL. Runs are known by their
 * key: a run already there is left as it is, except that a complete run replaces an incomplete
 * one (a spool completes the run its writer could not finish). Paths and contents are shared by
 * value (a content by sha1, size and file identity), so lineage crosses the databases. Rows get
 * new ids; executions keep their short ids (made from the run's key). Everything goes in the
 * target's one transaction: a failure leaves it as it was.
 */
public final class Merge implements AutoCloseable {
    /** What merging one run did: {@code added} false when the run was there already (as {@code run}). */
    public record Outcome(String key, long run, boolean added, int executions, long accesses, long syscalls) {}

    static final List<String> RUN_COLUMNS = List.of("key", "source", "source_file", "command", "cwd", "host", "user",
            "start_ns", "end_ns", "exit", "complete", "machine_id", "kernel", "arch", "tot_version");
    private static final String[] EXECUTION_COLUMNS = {"id", "run", "exec_id", "parent_exec_id", "short_id", "pid", "tid",
            "path", "argv", "cwd", "env", "start_ns", "end_ns", "exit", "warnings", "fds"};
    private static final String[] ACCESS_COLUMNS = {"execution", "path", "kind", "syscall", "errno", "time_ns", "content", "detail"};
    private static final String[] SYSCALL_COLUMNS = {"run", "execution", "time_ns", "pid", "tid", "name", "args", "paths",
            "result", "errno", "duration_ns"};

    private final MergeTarget target;
    /**
     * Whether contents keep the machine they were hashed on. Only for tot's own spool: a tot.db
     * from elsewhere could claim this machine and a local file's identity with another sha1,
     * which tot log would then reuse for that file without reading it.
     */
    private boolean ownSpool;

    private Merge(MergeTarget target) {
        this.target = target;
    }

    /** The source is a spool this tot wrote: its contents' machine ids are kept (their hashes are reused here). */
    public Merge ownSpool() {
        ownSpool = true;
        return this;
    }

    /** Merges into the SQLite {@code store}, inside the transaction its owner began (and commits). */
    public static Merge into(Store store) {
        return new Merge(new MergeTarget(store));
    }

    /** Merges into a PostgreSQL database, in a transaction of its own ({@link #begin}, {@link #commit}). */
    public static Merge into(Location.Postgres at) throws Store.StoreException {
        return into(at, new PgInterrupt());
    }

    /** As {@link #into(Location.Postgres)}, on connections {@code interrupt} can abort. */
    static Merge into(Location.Postgres at, PgInterrupt interrupt) throws Store.StoreException {
        try {
            return new Merge(new MergeTarget(at, interrupt));
        } catch (SQLException e) {
            throw new Store.StoreException(at + ": " + Store.message(e), e);
        }
    }

    public void begin() throws Store.StoreException {
        targetCall(() -> {
            target.begin();
            return null;
        });
    }

    public void commit() throws Store.StoreException {
        targetCall(() -> {
            target.commit();
            return null;
        });
    }

    public void rollback() {
        target.rollback();
    }

    /**
     * Adds the runs of the tot database {@code file} (in the order they were stored); returns what
     * became of each. Fails, changing nothing the caller cannot roll back, when {@code file} is not
     * a tot database or the target cannot take the rows.
     */
    public List<Outcome> add(Path file) throws Store.StoreException {
        try (Connection src = openSource(file)) {
            int version = sourceVersion(src, file);
            List<Outcome> outcomes = new ArrayList<>();
            List<Object[]> runs = new ArrayList<>();
            List<Long> ids = new ArrayList<>();
            try (Statement s = src.createStatement(); ResultSet rs = s.executeQuery("SELECT id, key, source, source_file, command,"
                    + " cwd, host, \"user\", start_ns, end_ns, exit, complete, "
                    + (version >= 5 ? "machine_id, kernel, arch, tot_version" : "NULL, NULL, NULL, NULL") + " FROM runs ORDER BY id")) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                    Object[] row = new Object[RUN_COLUMNS.size()];
                    for (int i = 0; i < row.length; i++) row[i] = RUN_COLUMNS.get(i).equals("cwd") ? rs.getBytes(i + 2) : value(rs, i + 2);
                    runs.add(row);
                }
            }
            boolean only = runs.size() == 1;
            for (int i = 0; i < runs.size(); i++) outcomes.add(run(file, src, version, new SourceRun(ids.get(i), only), runs.get(i)));
            return outcomes;
        } catch (SQLException e) {
            throw new Store.StoreException(file + ": " + Store.message(e), e);
        }
    }

    /** Run {@code id} of the source; {@code only}: the source holds no other (a spool, a run's own tot.db). */
    private record SourceRun(long id, boolean only) {
        /**
         * A WHERE clause for its accesses. The only run's are read in id order, the table's (the
         * unary + keeps SQLite from taking them by the execution index and then sorting them all
         * before the first row); another's by that index (not the whole table once per run).
         */
        String accesses() {
            return " WHERE " + (only ? "+" : "") + "execution IN (SELECT id FROM executions WHERE run = " + id + ")";
        }
    }

    private Outcome run(Path file, Connection src, int version, SourceRun srcRun, Object[] row) throws Store.StoreException, SQLException {
        String key = (String) row[0];
        boolean complete = ((Number) row[10]).intValue() == 1;
        return targetCall(() -> {
            MergeTarget.Existing there = target.find(key);
            if (there != null && (there.complete() || !complete)) return new Outcome(key, there.id(), false, 0, 0, 0);
            if (there != null) RunRows.delete(target.db, List.of(there.id()));
            long run = target.insertRun(row);
            if (run < 0) { // another writer added it meanwhile
                MergeTarget.Existing now = target.find(key);
                return new Outcome(key, now == null ? -1 : now.id(), false, 0, 0, 0);
            }
            IdMap executions;
            Shared shared;
            if (target.dialect == Dialect.POSTGRES) { // paths and contents each on a connection of their own while the executions are copied
                FutureTask<IdMap> paths = inBackground("tot-merge-paths", file, other -> paths(other, srcRun));
                FutureTask<IdMap> contents = inBackground("tot-merge-contents", file, other -> contents(other, srcRun));
                try {
                    executions = executions(src, version, srcRun.id(), run);
                    shared = new Shared(await(paths), await(contents));
                } finally { // both are done with their connections before the caller rolls back and closes them
                    awaitAll(paths, contents);
                }
            } else {
                executions = executions(src, version, srcRun.id(), run);
                shared = new Shared(paths(src, srcRun), contents(src, srcRun));
            }
            long accesses = accesses(src, srcRun, executions, shared);
            long syscalls = version >= 2 ? syscalls(src, srcRun.id(), run, executions) : 0;
            return new Outcome(key, run, true, executions.size(), accesses, syscalls);
        });
    }

    /** Copies the run's executions under new ids; returns old id → new id. */
    private IdMap executions(Connection src, int version, long srcRun, long run) throws SQLException {
        if (target.dialect == Dialect.POSTGRES) return copyExecutions(src, version, srcRun, run);
        List<Object[]> rows = new ArrayList<>();
        try (PreparedStatement s = src.prepareStatement("SELECT id, exec_id, parent_exec_id, short_id, pid, tid, path, argv,"
                + " cwd, env, start_ns, end_ns, exit, " + (version >= 4 ? "warnings" : "NULL") + ", " + (version >= 6 ? "fds" : "NULL")
                + " FROM executions WHERE run = ?"
                + " ORDER BY id")) {
            s.setLong(1, srcRun);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Object[] r = new Object[EXECUTION_COLUMNS.length];
                    r[0] = rs.getLong(1);
                    r[1] = run;
                    for (int i = 2; i < r.length; i++) {
                        String column = EXECUTION_COLUMNS[i];
                        r[i] = column.equals("path") || column.equals("cwd") ? rs.getBytes(i) : value(rs, i);
                    }
                    rows.add(r);
                }
            }
        }
        long[] ids = target.newIds("executions", rows.size());
        IdMap map = new IdMap();
        Rows batch = target.batch("executions", Set.of("path", "cwd"), EXECUTION_COLUMNS);
        for (int i = 0; i < rows.size(); i++) {
            Object[] r = rows.get(i);
            map.put((Long) r[0], ids[i]);
            r[0] = ids[i];
            batch.add(r);
        }
        batch.flush();
        return map;
    }

    /** PostgreSQL: the executions as COPY text, all but their id and run made by SQLite (as the accesses). */
    private IdMap copyExecutions(Connection src, int version, long srcRun, long run) throws SQLException {
        List<byte[]> tails = new ArrayList<>();
        long[] from = new long[64];
        try (PreparedStatement s = src.prepareStatement("SELECT id, CAST(" + String.join(" || char(9) || ", number("exec_id", null),
                number("parent_exec_id", null), copyText("short_id"), number("pid", "'\\N'"), number("tid", "'\\N'"), bytea("path"),
                copyText("argv"), bytea("cwd"), copyText("env"), number("start_ns", "'\\N'"), number("end_ns", "'\\N'"),
                number("exit", "'\\N'"), version >= 4 ? copyText("warnings") : "'\\N'", version >= 6 ? copyText("fds") : "'\\N'")
                + " AS BLOB) FROM executions WHERE run = ? ORDER BY id")) {
            s.setLong(1, srcRun);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    if (tails.size() == from.length) from = java.util.Arrays.copyOf(from, from.length * 2);
                    from[tails.size()] = rs.getLong(1);
                    tails.add(rs.getBytes(2));
                }
            }
        }
        long[] ids = target.newIds("executions", tails.size());
        IdMap map = new IdMap();
        CopyBatch batch = (CopyBatch) target.batch("executions", Set.of(), EXECUTION_COLUMNS);
        for (int i = 0; i < tails.size(); i++) {
            map.put(from[i], ids[i]);
            batch.add(ids[i], run, tails.get(i));
        }
        batch.flush();
        return map;
    }

    /** A path column as COPY text, made by SQLite: bytea's hex form, NULL as \N. */
    private static String bytea(String column) {
        return "CASE WHEN " + column + " IS NULL THEN '\\N' ELSE '\\\\x' || hex(" + column + ") END";
    }

    /** The ids in the target of the paths and contents a run's accesses name (found, or added). */
    private record Shared(IdMap paths, IdMap contents) {}

    /** The condition on a source row's id that chooses those of the run's accesses' {@code column} (path or content). */
    private static String ofRun(SourceRun srcRun, String column) {
        // a spool, a run's own tot.db: every path and content is the run's
        return srcRun.only() ? " IS NOT NULL" : " IN (SELECT " + column + " FROM accesses" + srcRun.accesses() + ")";
    }

    private IdMap paths(Connection src, SourceRun srcRun) throws SQLException {
        if (target.dialect == Dialect.POSTGRES) { // as COPY text made by SQLite: the source id, the bytes in bytea's hex form
            try (Statement s = src.createStatement(); ResultSet rs = s.executeQuery("SELECT CAST(id || char(9) || '\\\\x' || hex(path)"
                    + " AS BLOB) FROM paths WHERE id" + ofRun(srcRun, "path"))) {
                return target.shared(MergeTarget.SharedTable.PATHS, rs);
            }
        }
        Map<Long, String> pathsById = new HashMap<>();
        try (Statement s = src.createStatement(); ResultSet rs = s.executeQuery("SELECT id, path FROM paths WHERE id"
                + ofRun(srcRun, "path"))) {
            while (rs.next()) pathsById.put(rs.getLong(1), ByteStrings.decode(rs.getBytes(2)));
        }
        Map<String, Long> pathIds = target.paths(new LinkedHashSet<>(pathsById.values()));
        IdMap paths = new IdMap();
        pathsById.forEach((from, path) -> paths.put(from, pathIds.get(path)));
        return paths;
    }

    private IdMap contents(Connection src, SourceRun srcRun) throws SQLException {
        Map<Long, MergeTarget.ContentKey> contentsById = new HashMap<>();
        boolean ctime = hasColumn(src, "contents", "ctime_ns"), machine = ownSpool && hasColumn(src, "contents", "machine_id");
        if (target.dialect == Dialect.POSTGRES) { // as COPY text made by SQLite (a missing number read as 0, as getLong reads it)
            try (Statement s = src.createStatement(); ResultSet rs = s.executeQuery("SELECT CAST(id || char(9) || " + copyText("sha1")
                    + " || char(9) || " + number("size") + " || char(9) || " + number("dev") + " || char(9) || " + number("ino")
                    + " || char(9) || " + number("mtime_ns") + " || char(9) || "
                    + (ctime ? "ifnull(CAST(ctime_ns AS INTEGER), '\\N')" : "'\\N'") + " || char(9) || "
                    + (machine ? copyText("machine_id") : "'\\N'") + " AS BLOB) FROM contents WHERE id" + ofRun(srcRun, "content"))) {
                return target.shared(MergeTarget.SharedTable.CONTENTS, rs);
            }
        }
        try (Statement s = src.createStatement(); ResultSet rs = s.executeQuery("SELECT id, sha1, size, dev, ino, mtime_ns, "
                + (ctime ? "ctime_ns" : "NULL") + ", " + (machine ? "machine_id" : "NULL") + " FROM contents WHERE id"
                + ofRun(srcRun, "content"))) {
            while (rs.next()) {
                contentsById.put(rs.getLong(1), new MergeTarget.ContentKey(rs.getString(2), rs.getLong(3), rs.getLong(4),
                        rs.getLong(5), rs.getLong(6), longOrNull(rs, 7), rs.getString(8)));
            }
        }
        Map<MergeTarget.ContentKey, Long> contentIds = target.contents(new LinkedHashSet<>(contentsById.values()));
        IdMap contents = new IdMap();
        contentsById.forEach((from, content) -> contents.put(from, contentIds.get(content)));
        return contents;
    }

    private interface SourceWork<T> { T on(Connection src) throws SQLException; }

    /** {@code work} on a thread of its own, with a connection of its own to the source database {@code file}. */
    private static <T> FutureTask<T> inBackground(String name, Path file, SourceWork<T> work) {
        FutureTask<T> task = new FutureTask<>(() -> {
            try (Connection src = Store.connectForQueries(file)) {
                return work.on(src);
            }
        });
        Thread.ofPlatform().name(name).start(task);
        return task;
    }

    /** Waits for every task to end, whatever it did. */
    private static void awaitAll(FutureTask<?>... tasks) {
        for (FutureTask<?> t : tasks) {
            try {
                t.get();
            } catch (java.util.concurrent.ExecutionException ignored) {
                // its failure is reported by whoever awaits its result
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static <T> T await(FutureTask<T> task) throws SQLException {
        try {
            return task.get();
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof SQLException s) throw s;
            throw new SQLException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted", e);
        }
    }

    /** Copies the run's accesses, with the target's ids of their executions, paths and contents; returns how many. */
    private long accesses(Connection src, SourceRun srcRun, IdMap executions, Shared shared) throws SQLException {
        IdMap paths = shared.paths(), contents = shared.contents();
        if (target.dialect == Dialect.POSTGRES) return copyAccesses(src, srcRun, executions, paths, contents);
        Rows batch = target.batch("accesses", Set.of("detail"), ACCESS_COLUMNS);
        long n = 0;
        try (PreparedStatement s = src.prepareStatement("SELECT execution, path, kind, syscall, errno, time_ns, content, detail"
                + " FROM accesses" + srcRun.accesses() + " ORDER BY id")) {
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    long content = rs.getLong(7);
                    Long to = rs.wasNull() ? null : contents.get(content);
                    batch.add(executions.get(rs.getLong(1)), paths.get(rs.getLong(2)), rs.getString(3), rs.getString(4),
                            rs.getInt(5), longOrNull(rs, 6), to, rs.getBytes(8));
                    n++;
                }
            }
        }
        batch.flush();
        return n;
    }

    /** An integer column as COPY text, made by SQLite: NULL as 0. */
    private static String number(String column) {
        return number(column, "0");
    }

    /** An integer column as COPY text, made by SQLite: NULL as {@code ifNull} (SQL; null: the column is NOT NULL). */
    private static String number(String column, String ifNull) {
        return ifNull == null ? "CAST(" + column + " AS INTEGER)" : "ifnull(CAST(" + column + " AS INTEGER), " + ifNull + ")";
    }

    /** A text column as COPY text, made by SQLite: escaped, NULL as \N. */
    private static String copyText(String column) {
        return "ifnull(replace(replace(replace(replace(" + column + ", '\\', '\\\\'), char(9), '\\t'), char(10), '\\n'),"
                + " char(13), '\\r'), '\\N')";
    }

    /**
     * PostgreSQL: the accesses as COPY text, most of each line made by SQLite (one column read
     * instead of five: reading a column costs a call into SQLite, the most of a merge's time).
     */
    private long copyAccesses(Connection src, SourceRun srcRun, IdMap executions, IdMap paths, IdMap contents) throws SQLException {
        CopyBatch batch = (CopyBatch) target.batch("accesses", Set.of(), "execution", "path", "content", "kind", "syscall", "errno",
                "time_ns", "detail");
        long n = 0;
        try (PreparedStatement s = src.prepareStatement("SELECT execution, path, content, CAST(" + copyText("kind") + " || char(9) || "
                + copyText("syscall") + " || char(9) || errno || char(9) || ifnull(time_ns, '\\N') || char(9) || " + bytea("detail")
                + " AS BLOB) FROM accesses" + srcRun.accesses() + " ORDER BY id")) {
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    long content = rs.getLong(3);
                    Long to = rs.wasNull() ? null : contents.get(content);
                    batch.add(executions.get(rs.getLong(1)), paths.get(rs.getLong(2)), to, rs.getBytes(4));
                    n++;
                }
            }
        }
        batch.flush();
        return n;
    }

    private long syscalls(Connection src, long srcRun, long run, IdMap executions) throws SQLException {
        Rows batch = target.batch("syscalls", Set.of(), SYSCALL_COLUMNS);
        long n = 0;
        try (PreparedStatement s = src.prepareStatement("SELECT execution, time_ns, pid, tid, name, args, paths, result, errno,"
                + " duration_ns FROM syscalls WHERE run = ? ORDER BY id")) {
            s.setLong(1, srcRun);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Long execution = longOrNull(rs, 1);
                    Object[] r = new Object[SYSCALL_COLUMNS.length];
                    r[0] = run;
                    r[1] = execution == null ? null : executions.get(execution);
                    for (int i = 2; i < r.length; i++) r[i] = value(rs, i);
                    batch.add(r);
                    n++;
                }
            }
        }
        batch.flush();
        return n;
    }

    /** The source database, for queries only (its schema is read as it is, never upgraded). */
    private static Connection openSource(Path file) throws Store.StoreException, SQLException {
        if (!Files.isRegularFile(file)) throw new Store.StoreException(file + ": no such database", null);
        Store.checkSqliteFile(file); // read only: its directory may be read-only media, or another user's
        return Store.connectForQueries(file);
    }

    private static int sourceVersion(Connection src, Path file) throws Store.StoreException, SQLException {
        int version;
        try (Statement s = src.createStatement(); ResultSet rs = s.executeQuery("PRAGMA user_version")) {
            rs.next();
            version = rs.getInt(1);
        }
        if (version > Schema.VERSION) {
            throw new Store.StoreException(file + ": schema version " + version + " is newer than this tot knows ("
                    + Schema.VERSION + ")", null);
        }
        if (version < 1 || !hasColumn(src, "runs", "key")) throw new Store.StoreException(file + ": not a tot database", null);
        for (String table : version >= 2 ? List.of("executions", "paths", "contents", "accesses", "syscalls")
                : List.of("executions", "paths", "contents", "accesses")) {
            if (!hasColumn(src, table, "id")) {
                throw new Store.StoreException(file + ": not a whole tot database (no table " + table + ")", null);
            }
        }
        return version;
    }

    private static boolean hasColumn(Connection src, String table, String column) throws SQLException {
        try (PreparedStatement s = src.prepareStatement("SELECT 1 FROM pragma_table_info(?) WHERE name = ?")) {
            s.setString(1, table);
            s.setString(2, column);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** A column's value as the target is to get it: integers as Long, text as String, NULL as null. */
    private static Object value(ResultSet rs, int i) throws SQLException {
        Object v = rs.getObject(i);
        return v instanceof Integer n ? Long.valueOf(n) : v;
    }

    private static Long longOrNull(ResultSet rs, int i) throws SQLException {
        long v = rs.getLong(i);
        return rs.wasNull() ? null : v;
    }

    private interface TargetCall<T> { T call() throws SQLException; }

    private <T> T targetCall(TargetCall<T> c) throws Store.StoreException {
        try {
            return c.call();
        } catch (SQLException e) {
            throw new Store.StoreException(target.location() + ": " + Store.message(e), e);
        }
    }

    @Override
    public void close() {
        target.close();
    }
}
