package tot.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongPredicate;
import tot.linux.ByteLocks;

/**
 * `tot forget`: removes whole runs (by number, by age, or the oldest until the store fits a
 * size) in one transaction, with the paths and contents no run uses any more, then VACUUMs.
 * A size is the database file's (SQLite) or its tables' (PostgreSQL, where a plain VACUUM makes
 * the space reusable without giving it back to the file system).
 */
public final class Forget {
    private Forget() {}

    /**
     * What to forget: {@code runs} by number; runs that started (else ended) before
     * {@code beforeNanos} (null: none by age); then the oldest complete runs until the store is at
     * most {@code maxBytes} (null: no size).
     */
    public record Request(List<Long> runs, Long beforeNanos, Long maxBytes, boolean dryRun) {}

    /**
     * The runs forgotten (or to be, in a dry run), their rows, the store's size before and after
     * (bytes); {@code writing}: runs old enough that were kept because a tot is writing them.
     */
    public record Result(List<Long> runs, long executions, long accesses, long sizeBefore, long sizeAfter, boolean unusedKept,
            List<Long> writing) {}

    /** A run asked for by number does not exist, or a tot is still writing it. */
    public static final class Refused extends Exception {
        public Refused(String message) {
            super(message);
        }
    }

    /** The advisory lock a forget on PostgreSQL holds for its transaction ("tot forget"). */
    private static final long FORGET_LOCK = 0x746f74_666f72L;

    /** {@code notices}: told when it waits for another process's lock. */
    public static Result forget(Location at, Request r, java.util.function.Consumer<tot.model.Notice> notices)
            throws Store.StoreException, Refused {
        try {
            return switch (at) {
                case Location.SqliteFile f -> {
                    try (Store store = Store.open(f.file(), notices)) {
                        String file = f.file().toString();
                        yield forget(store.connection(), Dialect.SQLITE, r, "BEGIN IMMEDIATE",
                                run -> ByteLocks.held(file, Store.writingByte(run)));
                    }
                }
                case Location.Postgres p -> {
                    try (Connection db = PgConnect.open(p, false)) {
                        yield forget(db, Dialect.POSTGRES, r, "BEGIN", run -> false); // a run arrives whole, in one transaction
                    }
                }
            };
        } catch (SQLException e) {
            throw new Store.StoreException(at + ": " + Store.message(e), e);
        }
    }

    /** The executions and accesses of the runs chosen, counted before they go. */
    private static final class Tally {
        long executions, accesses;

        void add(Connection db, List<Long> runs) throws SQLException {
            executions += count(db, "SELECT count(*) FROM executions WHERE run IN (" + in(runs) + ")");
            accesses += count(db, "SELECT count(*) FROM accesses WHERE execution IN (SELECT id FROM executions WHERE run IN ("
                    + in(runs) + "))");
        }
    }

    /**
     * {@code begin}: the statement that starts a write transaction (SQLite's takes the write lock
     * at once, so no run becomes visible meanwhile: a writer marks its run before committing it);
     * {@code writing}: whether a tot is writing run N now.
     */
    private static Result forget(Connection db, Dialect dialect, Request r, String begin, LongPredicate writing) throws SQLException, Refused {
        long before = size(db, dialect);
        execute(db, begin);
        // PostgreSQL: one forget at a time, as SQLite's write lock makes it: two at once would each see the
        // same runs, each say it forgot them, and delete each other's rows in whatever order their plans take
        if (dialect == Dialect.POSTGRES) execute(db, "SELECT pg_advisory_xact_lock(" + FORGET_LOCK + ")");
        boolean unusedKept;
        Set<Long> chosen = new LinkedHashSet<>();
        Tally tally = new Tally();
        List<Long> kept = new ArrayList<>();
        try {
            for (long run : r.runs()) {
                if (!exists(db, run)) throw new Refused("no run " + run);
                if (writing.test(run)) throw new Refused("run " + run + " is being written by a tot still running");
                chosen.add(run);
            }
            if (r.beforeNanos() != null) {
                for (long run : ids(db, "SELECT id FROM runs WHERE coalesce(start_ns, end_ns) < " + r.beforeNanos() + " ORDER BY id")) {
                    if (chosen.contains(run)) continue;
                    if (writing.test(run)) kept.add(run);
                    else chosen.add(run);
                }
            }
            tally.add(db, new ArrayList<>(chosen));
            if (r.maxBytes() != null) chosen.addAll(toFit(db, dialect, r.maxBytes(), chosen, before, tally));
            if (r.dryRun() || chosen.isEmpty()) { // nothing to remove: no VACUUM either (it would wait for every writer)
                execute(db, "ROLLBACK");
                return new Result(new ArrayList<>(chosen), tally.executions, tally.accesses, before, before, false, kept);
            }
            RunRows.delete(db, new ArrayList<>(chosen));
            unusedKept = !deleteUnused(db, dialect);
            execute(db, "COMMIT");
        } catch (SQLException | Refused | RuntimeException e) {
            try {
                execute(db, "ROLLBACK");
            } catch (SQLException ignored) {
                // the connection is gone, and the transaction with it
            }
            throw e;
        }
        vacuum(db, dialect);
        return new Result(new ArrayList<>(chosen), tally.executions, tally.accesses, before, size(db, dialect), unusedKept, kept);
    }

    private static void execute(Connection db, String sql) throws SQLException {
        try (Statement s = db.createStatement()) {
            s.execute(sql);
        }
    }

    /**
     * The oldest complete runs, besides {@code chosen}, to remove so that the store fits
     * {@code maxBytes}. SQLite: they are deleted one by one inside the transaction until the
     * pages in use fit (so the file fits after VACUUM); PostgreSQL: a run's share of the tables'
     * size is estimated from its share of the rows.
     */
    private static List<Long> toFit(Connection db, Dialect dialect, long maxBytes, Set<Long> chosen, long size, Tally tally)
            throws SQLException {
        List<Long> oldest = ids(db, "SELECT id FROM runs WHERE complete = 1 ORDER BY id");
        oldest.removeAll(chosen);
        List<Long> more = new ArrayList<>();
        if (dialect == Dialect.SQLITE) {
            RunRows.delete(db, new ArrayList<>(chosen)); // the rest is measured without them
            deleteUnused(db, dialect);
            for (long run : oldest) {
                if (size(db, dialect) <= maxBytes) break;
                tally.add(db, List.of(run));
                RunRows.delete(db, List.of(run));
                deleteUnused(db, dialect);
                more.add(run);
            }
            return more;
        }
        long rows = count(db, "SELECT (SELECT count(*) FROM accesses) + (SELECT count(*) FROM executions)"
                + " + (SELECT count(*) FROM syscalls) + (SELECT count(*) FROM runs)");
        if (rows == 0) return more;
        double perRow = (double) size / rows;
        double left = size - perRow * rowsOf(db, new ArrayList<>(chosen));
        for (long run : oldest) {
            if (left <= maxBytes) break;
            left -= perRow * rowsOf(db, List.of(run));
            tally.add(db, List.of(run));
            more.add(run);
        }
        return more;
    }

    private static long rowsOf(Connection db, List<Long> runs) throws SQLException {
        if (runs.isEmpty()) return 0;
        String in = in(runs);
        return count(db, "SELECT (SELECT count(*) FROM accesses WHERE execution IN (SELECT id FROM executions WHERE run IN (" + in
                + "))) + (SELECT count(*) FROM executions WHERE run IN (" + in + ")) + (SELECT count(*) FROM syscalls WHERE run IN ("
                + in + ")) + " + runs.size());
    }

    /**
     * Removes unused paths and contents. On PostgreSQL only when no merge is writing (one may
     * have just added a path it has not yet used); false when they were left for next time.
     */
    private static boolean deleteUnused(Connection db, Dialect dialect) throws SQLException {
        if (dialect == Dialect.POSTGRES) {
            try (Statement s = db.createStatement();
                 ResultSet rs = s.executeQuery("SELECT pg_try_advisory_xact_lock(" + MergeTarget.WRITERS_LOCK + ")")) {
                rs.next();
                if (!rs.getBoolean(1)) return false;
            }
        }
        RunRows.deleteUnused(db);
        return true;
    }

    /** SQLite: the pages in use (what VACUUM leaves); PostgreSQL: tot's tables with their indexes. */
    static long size(Connection db, Dialect dialect) throws SQLException {
        if (dialect == Dialect.SQLITE) {
            return count(db, "SELECT (SELECT page_count FROM pragma_page_count()) - (SELECT freelist_count FROM pragma_freelist_count())")
                    * count(db, "SELECT page_size FROM pragma_page_size()");
        }
        return count(db, "SELECT sum(pg_total_relation_size(t)) FROM unnest(ARRAY['runs', 'executions', 'accesses', 'paths',"
                + " 'contents', 'syscalls']) AS t");
    }

    private static void vacuum(Connection db, Dialect dialect) throws SQLException {
        try (Statement s = db.createStatement()) {
            if (dialect == Dialect.SQLITE) s.execute("VACUUM");
            else for (String t : List.of("runs", "executions", "accesses", "paths", "contents", "syscalls")) s.execute("VACUUM ANALYZE " + t);
        }
    }

    private static boolean exists(Connection db, long run) throws SQLException {
        try (PreparedStatement s = db.prepareStatement("SELECT 1 FROM runs WHERE id = ?")) {
            s.setLong(1, run);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static List<Long> ids(Connection db, String sql) throws SQLException {
        List<Long> out = new ArrayList<>();
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) out.add(rs.getLong(1));
        }
        return out;
    }

    private static long count(Connection db, String sql) throws SQLException {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    private static String in(List<Long> runs) {
        if (runs.isEmpty()) return "NULL";
        StringBuilder sb = new StringBuilder();
        for (long r : runs) sb.append(sb.isEmpty() ? "" : ",").append(r);
        return sb.toString();
    }
}
