package tot.show;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import tot.linux.Errno;

/**
 * The stracepy-style analyses over the stored accesses: `tot summary`, `tot files`, `tot
 * accesses`. Device-like paths (/dev, /proc, /sys, and tot's pipe names under /dev) are left
 * out unless {@code devices}.
 */
public final class Analyses {
    private final Connection db;
    private final Format format;
    private final PrintStream out;
    private final String runs;
    private final boolean devices;
    private String noDirectories;

    /** {@code run}: null for every complete run, "last", or a run number. */
    public Analyses(Connection db, Format format, PrintStream out, String run, boolean devices) throws SQLException {
        this.db = db;
        this.format = format;
        this.out = out;
        this.devices = devices;
        this.runs = new Queries(db).runIds(run);
    }

    /** Whether the selection holds a run (else the caller says so). */
    public boolean hasRuns() {
        return !runs.isEmpty();
    }

    private static final String DEVICE_FREE = " AND substr(p.path, 1, 5) NOT IN ('/dev/', '/sys/') AND substr(p.path, 1, 6) != '/proc/'";

    private String where() {
        return " WHERE e.run IN (" + runs + ")" + (devices ? "" : DEVICE_FREE);
    }

    /** {@link #where()}, leaving out the reads and writes of directories (never inputs or outputs). */
    private String whereFiles() throws SQLException {
        if (noDirectories == null) noDirectories = new Directories().sqlCondition(db, runs);
        return where() + noDirectories;
    }

    /**
     * Programs executed (time, id, exit, path, arguments), then failed calls counted by executable,
     * syscall and errno: the stored syscall events of runs traced with --trace, else the failed
     * file accesses.
     */
    public void summary() throws SQLException {
        Table programs = new Table("time", "execution", "exit", "path", "args");
        query("SELECT e.start_ns, e.short_id, e.exit, e.path, e.argv FROM executions e WHERE e.run IN (" + runs
                + ") ORDER BY e.start_ns, e.id", rs -> {
            List<String> argv = Queries.strings(rs.getString(5));
            programs.add(time(rs.getObject(1)), rs.getString(2), rs.getObject(3), Queries.path(rs, 4), Text.args(argv));
        });
        Table failed = new Table("count", "executable", "syscall", "errno");
        // a run with syscall events (--trace): its failed calls; else its failed file accesses
        query("SELECT count(*), exe, sc, err FROM ("
                + "SELECT e.path AS exe, c.name AS sc, c.errno AS err FROM syscalls c LEFT JOIN executions e ON e.id = c.execution"
                + " WHERE c.run IN (" + runs + ") AND c.errno != 0"
                + " UNION ALL SELECT e.path, a.syscall, a.errno FROM accesses a JOIN executions e ON e.id = a.execution"
                + " JOIN paths p ON p.id = a.path" + where() + " AND a.errno != 0"
                + " AND e.run NOT IN (SELECT DISTINCT run FROM syscalls WHERE run IN (" + runs + ")))"
                + " GROUP BY exe, sc, err ORDER BY count(*) DESC, exe, sc", rs ->
                failed.add(rs.getInt(1), Queries.path(rs, 2), rs.getString(3), Errno.name(rs.getInt(4))));
        if (format == Format.TABLE) {
            out.println("Programs executed");
            programs.print(out, format);
            out.println();
            out.println("Failed calls");
            failed.print(out, format);
        } else if (format == Format.JSON) {
            out.print("{\"programs\":");
            programs.print(out, format);
            out.print(",\"failed\":");
            failed.print(out, format);
            out.println("}");
        } else {
            programs.print(out, format);
            out.println();
            failed.print(out, format);
        }
    }

    /** How often each executable accessed each path, most first. */
    public void files() throws SQLException {
        Table t = new Table("count", "executable", "path");
        query("SELECT count(*), e.path, p.path FROM accesses a JOIN executions e ON e.id = a.execution"
                + " JOIN paths p ON p.id = a.path" + whereFiles() + " AND a.kind != 'exec'"
                + " GROUP BY e.path, p.path ORDER BY count(*) DESC, e.path, p.path", rs ->
                t.add(rs.getInt(1), Queries.path(rs, 2), Queries.path(rs, 3)));
        t.print(out, format);
    }

    /** Every access, oldest first, with its result. */
    public void accesses() throws SQLException {
        Table t = new Table("time", "pid", "execution", "executable", "kind", "syscall", "path", "result");
        query("SELECT a.time_ns, e.pid, e.short_id, e.path, a.kind, a.syscall, p.path, a.errno FROM accesses a"
                + " JOIN executions e ON e.id = a.execution JOIN paths p ON p.id = a.path" + whereFiles()
                + " ORDER BY a.time_ns, a.id", rs -> t.add(time(rs.getObject(1)), rs.getObject(2), rs.getString(3),
                Queries.path(rs, 4), rs.getString(5), rs.getString(6), Queries.path(rs, 7),
                rs.getInt(8) == 0 ? "ok" : Errno.name(rs.getInt(8))));
        t.print(out, format);
    }

    private String time(Object nanos) {
        Long n = nanos == null ? null : ((Number) nanos).longValue();
        return format == Format.TABLE ? Text.localTime(n) : Text.isoTime(n);
    }

    private interface RowAction { void accept(ResultSet rs) throws SQLException; }

    private void query(String sql, RowAction action) throws SQLException {
        try (PreparedStatement s = db.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
            while (rs.next()) action.accept(rs);
        }
    }
}
