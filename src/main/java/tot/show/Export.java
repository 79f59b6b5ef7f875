package tot.show;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Collectors;
import tot.linux.Errno;

/**
 * `tot export --csv`: one row per stored syscall event, with strace2csv's columns: timestamp,
 * pid, executable, syscall, filepath (the first path), all_filepaths (every path, `;`-separated),
 * ret_int (the result, or -errno), ret_str (the result, or the errno name).
 */
public final class Export {
    private final Connection db;
    private final String runs;

    /** {@code run}: null for every complete run, "last", or a run number. */
    public Export(Connection db, String run) throws SQLException {
        this.db = db;
        runs = new Queries(db).runIds(run);
    }

    /** How many syscall events the chosen runs hold (none: the runs were traced without --trace). */
    public long count() throws SQLException {
        if (runs.isEmpty()) return 0;
        try (PreparedStatement s = db.prepareStatement("SELECT count(*) FROM syscalls WHERE run IN (" + runs + ")");
             ResultSet rs = s.executeQuery()) {
            return rs.getLong(1);
        }
    }

    public void csv(OutputStream target) throws IOException {
        PrintStream out = new PrintStream(new java.io.BufferedOutputStream(target, 1 << 16), false, StandardCharsets.UTF_8);
        Format.csv(out, List.of("timestamp", "pid", "executable", "syscall", "filepath", "all_filepaths", "ret_int", "ret_str"));
        try (PreparedStatement s = db.prepareStatement("SELECT c.time_ns, c.pid, e.path, c.name, c.paths, c.result, c.errno"
                + " FROM syscalls c LEFT JOIN executions e ON e.id = c.execution WHERE c.run IN (" + runs + ")"
                + " ORDER BY c.time_ns, c.id");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                List<String> paths = Queries.strings(rs.getString(5));
                String first = paths.isEmpty() ? "" : String.valueOf(paths.get(0));
                int errno = rs.getInt(7);
                Object result = rs.getObject(6);
                Format.csv(out, List.of(Text.isoTimeOrEmpty(Queries.longOrNull(rs, 1)), rs.getInt(2),
                        rs.getString(3) == null ? "" : Queries.path(rs, 3), rs.getString(4), first,
                        paths.stream().map(String::valueOf).collect(Collectors.joining(";")),
                        errno != 0 ? -errno : result == null ? "" : result,
                        errno != 0 ? Errno.name(errno) : result == null ? "?" : result.toString()));
            }
        } catch (SQLException e) {
            throw new UncheckedIOException(new IOException(e.getMessage(), e));
        }
        out.flush();
        if (out.checkError()) throw new IOException("write error");
    }
}
