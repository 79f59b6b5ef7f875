package tot.store;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Directories are never inputs or outputs (as in deps.json). The model leaves out a directory
 * opened without O_DIRECTORY when the trace shows it is one (tot log); an import cannot always
 * tell, so tot.db may hold such a read, and the read side leaves those out. Whether a path is a
 * directory is not stored: it is looked up when the query runs, once per path, as deps.json does
 * after the run; a path gone by then is a directory when the database holds a successful access
 * below it (a temporary tree renamed away, then removed). A read follows symlinks; a
 * write or rename does not (a symlink to a directory is an output, a renamed directory is not).
 * Only accesses without a content hash are looked up: a hashed path was a regular file. A
 * directory made (mkdir, schema 8) is always left out: only RunGraph reads those.
 */
final class Directories {
    private final Map<String, Boolean> seen = new HashMap<>();
    private final Connection db;
    private final Dialect dialect;
    private PreparedStatement below;

    Directories(Connection db, Dialect dialect) {
        this.db = db;
        this.dialect = dialect;
    }

    /** Whether {@code a} is left out: a successful read or write of a directory, a directory made. */
    boolean leftOut(StoredAccess a) {
        return a.operation() != null && leftOut(a.operation().column(), a.errno(), a.sha1() != null, a.path());
    }

    private boolean leftOut(String kind, int errno, boolean hashed, String path) {
        if (errno != 0 || hashed) return false;
        return switch (kind) {
            case "read" -> isDirectory(path, true);
            case "write", "rename" -> isDirectory(path, false);
            case "mkdir" -> true;
            default -> false;
        };
    }

    private boolean isDirectory(String path, boolean follow) {
        return seen.computeIfAbsent((follow ? "F" : "N") + path, k -> {
            if (tot.util.ProcDirectories.is(path)) return true;
            try {
                Path p = Path.of(path);
                if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) return holdsAccesses(path);
                return follow ? Files.isDirectory(p) : Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
            } catch (InvalidPathException e) {
                return false; // a name Java cannot hold: not checked, as deps.json does not
            }
        });
    }

    /** Whether a successful access of a path below {@code path} is stored (by range on the paths index). */
    private boolean holdsAccesses(String path) {
        try {
            if (below == null) below = db.prepareStatement("SELECT 1 FROM paths p JOIN accesses a ON a.path = p.id WHERE p.path >= "
                    + dialect.path + " AND p.path < " + dialect.path + " AND a.errno = 0 LIMIT 1");
            Store.setPath(below, 1, path + "/");
            Store.setPath(below, 2, path + "0"); // '0' follows '/'
            try (ResultSet rs = below.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            return false; // unknown: counted as a file, as before the database could tell
        }
    }

    /**
     * An SQL condition (" AND …") on {@code a} (accesses) that leaves out the directory accesses
     * of the runs {@code runs} (an SQL list of run ids): the directories made, and the reads and
     * writes of paths that are directories.
     */
    String sqlCondition(Connection db, String runs) throws SQLException {
        StringJoiner ids = new StringJoiner(",");
        try (PreparedStatement s = db.prepareStatement("SELECT DISTINCT a.path, a.kind, p.path FROM accesses a"
                + " JOIN executions e ON e.id = a.execution JOIN paths p ON p.id = a.path WHERE e.run IN (" + runs + ")"
                + " AND a.errno = 0 AND a.content IS NULL AND a.kind IN ('read', 'write', 'rename')");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                if (leftOut(rs.getString(2), 0, false, StoreReader.path(rs, 3))) ids.add("(" + rs.getLong(1) + ",'" + rs.getString(2) + "')");
            }
        }
        String made = " AND a.kind != 'mkdir'";
        if (ids.length() == 0) return made;
        return made + " AND (a.errno != 0 OR a.content IS NOT NULL OR (a.path, a.kind) NOT IN (VALUES " + ids + "))";
    }
}
