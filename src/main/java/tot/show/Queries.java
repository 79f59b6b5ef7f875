package tot.show;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import tot.show.Records.Exec;
import tot.show.Records.ExecAccess;
import tot.show.Records.FileAccess;
import tot.show.Records.Run;
import tot.store.Store;
import tot.util.ByteStrings;

/** The SQL behind `tot show`. Only complete runs are seen, unless a run is asked for by number. */
final class Queries {
    private static final JsonFactory JSON = new JsonFactory();
    private static final String EXEC_COLUMNS = "e.id, e.run, e.exec_id, e.parent_exec_id, e.short_id,"
            + " (SELECT p.short_id FROM executions p WHERE p.run = e.run AND p.exec_id = e.parent_exec_id),"
            + " e.pid, e.path, e.argv, e.cwd, e.start_ns, e.end_ns, e.exit, e.warnings";
    private static final String ACCESS_COLUMNS = "a.execution, a.kind, p.path, c.sha1, a.errno, a.time_ns, a.syscall";
    private static final String ACCESS_JOINS = " JOIN paths p ON p.id = a.path LEFT JOIN contents c ON c.id = a.content";

    private final Connection db;
    private PreparedStatement accessesOf;
    /** What the views leave out: directories. */
    final Directories directories = new Directories();

    Queries(Connection db) {
        this.db = db;
    }

    /** The runs to show: {@code which} null for every complete run, "last", or a run number. */
    List<Run> runs(String which) throws SQLException {
        String where = which == null ? "complete = 1"
                : which.equals("last") ? "id = (SELECT max(id) FROM runs WHERE complete = 1)" : "id = ?";
        try (PreparedStatement s = db.prepareStatement("SELECT id, source, source_file, command, cwd, host, user,"
                + " start_ns, end_ns, exit, complete FROM runs WHERE " + where + " ORDER BY id")) {
            if (which != null && !which.equals("last")) s.setLong(1, Long.parseLong(which));
            List<Run> runs = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    runs.add(new Run(rs.getLong(1), rs.getString(2), rs.getString(3), strings(rs.getString(4)),
                            rs.getString(5), rs.getString(6), rs.getString(7), longOrNull(rs, 8), longOrNull(rs, 9),
                            intOrNull(rs, 10), rs.getInt(11) == 1));
                }
            }
            return runs;
        }
    }

    /** The ids of {@link #runs}'s runs as an SQL list ("1,2,5"; empty when none). */
    String runIds(String which) throws SQLException {
        return runs(which).stream().map(r -> Long.toString(r.id())).collect(java.util.stream.Collectors.joining(","));
    }

    /** A run's executions in the order they started. */
    List<Exec> executions(long run) throws SQLException {
        return execs("SELECT " + EXEC_COLUMNS + " FROM executions e WHERE e.run = ? ORDER BY e.start_ns, e.exec_id", run);
    }

    /** Executions whose short id starts with {@code prefix} (complete runs). */
    List<Exec> executionsByShortId(String prefix) throws SQLException {
        return execs("SELECT " + EXEC_COLUMNS + " FROM executions e JOIN runs r ON r.id = e.run"
                + " WHERE e.short_id >= ? AND e.short_id < ? AND r.complete = 1 ORDER BY e.id LIMIT 50",
                prefix, prefix + "g");
    }

    /** An execution's accesses in the order they were recorded. */
    List<FileAccess> accesses(long execRowId) throws SQLException {
        if (accessesOf == null) accessesOf = db.prepareStatement("SELECT " + ACCESS_COLUMNS + " FROM accesses a"
                + ACCESS_JOINS + " WHERE a.execution = ? ORDER BY a.id");
        accessesOf.setLong(1, execRowId);
        List<FileAccess> found = new ArrayList<>();
        try (ResultSet rs = accessesOf.executeQuery()) {
            while (rs.next()) found.add(access(rs, 1));
        }
        return found;
    }

    /** The distinct sha1s starting with {@code prefix}, at most {@code limit}. */
    List<String> hashes(String prefix, int limit) throws SQLException {
        try (PreparedStatement s = db.prepareStatement(
                "SELECT DISTINCT sha1 FROM contents WHERE sha1 >= ? AND sha1 < ? ORDER BY sha1 LIMIT ?")) {
            s.setString(1, prefix);
            s.setString(2, prefix + "g"); // hex digits sort below 'g'
            s.setInt(3, limit);
            List<String> found = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) found.add(rs.getString(1));
            }
            return found;
        }
    }

    /** Every successful access to content {@code sha1}, oldest first. */
    List<ExecAccess> accessesOfContent(String sha1) throws SQLException {
        return execAccesses("FROM contents c JOIN accesses a ON a.content = c.id JOIN paths p ON p.id = a.path"
                + " JOIN executions e ON e.id = a.execution JOIN runs r ON r.id = e.run"
                + " WHERE c.sha1 = ? AND a.errno = 0 AND r.complete = 1 ORDER BY a.time_ns, a.id", sha1);
    }

    /** Every successful access to {@code path}, newest first. */
    List<ExecAccess> accessesOfPath(String path) throws SQLException {
        return execAccesses("FROM paths p JOIN accesses a ON a.path = p.id LEFT JOIN contents c ON c.id = a.content"
                + " JOIN executions e ON e.id = a.execution JOIN runs r ON r.id = e.run"
                + " WHERE p.path = CAST(? AS TEXT) AND a.errno = 0 AND r.complete = 1 ORDER BY a.time_ns DESC, a.id DESC", path);
    }

    private List<ExecAccess> execAccesses(String from, String arg) throws SQLException {
        try (PreparedStatement s = db.prepareStatement("SELECT " + EXEC_COLUMNS + ", " + ACCESS_COLUMNS + " " + from)) {
            if (from.contains("CAST(?")) Store.setPath(s, 1, arg);
            else s.setString(1, arg);
            List<ExecAccess> found = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) found.add(new ExecAccess(exec(rs), access(rs, 15)));
            }
            return found;
        }
    }

    private List<Exec> execs(String sql, Object... args) throws SQLException {
        try (PreparedStatement s = db.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) s.setObject(i + 1, args[i]);
            List<Exec> found = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) found.add(exec(rs));
            }
            return found;
        }
    }

    private static Exec exec(ResultSet rs) throws SQLException {
        return new Exec(rs.getLong(1), rs.getLong(2), rs.getInt(3), rs.getInt(4), rs.getString(5), rs.getString(6),
                intOrNull(rs, 7), path(rs, 8), strings(rs.getString(9)), path(rs, 10), longOrNull(rs, 11),
                longOrNull(rs, 12), intOrNull(rs, 13), rs.getString(14) == null ? List.of() : strings(rs.getString(14)));
    }

    private static FileAccess access(ResultSet rs, int at) throws SQLException {
        return new FileAccess(rs.getLong(at), rs.getString(at + 1), path(rs, at + 2), rs.getString(at + 3),
                rs.getInt(at + 4), longOrNull(rs, at + 5), rs.getString(at + 6));
    }

    /** A path column: its bytes, so that a name that is not UTF-8 comes back as it was stored. */
    static String path(ResultSet rs, int i) throws SQLException {
        byte[] b = rs.getBytes(i);
        return b == null ? null : ByteStrings.decode(b);
    }

    static Long longOrNull(ResultSet rs, int i) throws SQLException {
        long v = rs.getLong(i);
        return rs.wasNull() ? null : v;
    }

    private static Integer intOrNull(ResultSet rs, int i) throws SQLException {
        int v = rs.getInt(i);
        return rs.wasNull() ? null : v;
    }

    /** A JSON array of strings as stored in argv, command and env. */
    static List<String> strings(String json) throws SQLException {
        if (json == null) return List.of();
        List<String> out = new ArrayList<>();
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_ARRAY) throw new SQLException("not a JSON array: " + json);
            while (p.nextToken() == JsonToken.VALUE_STRING) out.add(p.getText());
        } catch (IOException e) {
            throw new SQLException("bad JSON in the database: " + e.getMessage(), e);
        }
        return out;
    }
}
