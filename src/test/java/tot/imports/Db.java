package tot.imports;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Plain JDBC queries on a tot.db, rows as lists of column values (integers as Long). */
final class Db {
    private Db() {}

    static List<List<Object>> query(Path db, String sql, Object... params) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) s.setObject(i + 1, params[i]);
            List<List<Object>> rows = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    Object[] row = new Object[n];
                    for (int i = 0; i < n; i++) row[i] = rs.getObject(i + 1) instanceof Integer v ? Long.valueOf(v) : rs.getObject(i + 1);
                    rows.add(Arrays.asList(row));
                }
            }
            return rows;
        }
    }

    /** The one column of each row. */
    static List<Object> column(Path db, String sql, Object... params) throws SQLException {
        return query(db, sql, params).stream().map(r -> r.get(0)).toList();
    }

    /** Fails naming the first row that differs (the lists are long: JUnit's message would print them whole). */
    static void assertSameRows(List<List<Object>> expected, List<List<Object>> actual) {
        for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
            if (!expected.get(i).equals(actual.get(i))) {
                throw new AssertionError("row " + i + " differs:\n expected " + expected.get(i) + "\n      got " + actual.get(i));
            }
        }
        if (expected.size() != actual.size()) {
            throw new AssertionError("expected " + expected.size() + " rows, got " + actual.size() + "; first extra: "
                    + (expected.size() > actual.size() ? expected : actual).get(Math.min(expected.size(), actual.size())));
        }
    }

    /** The schema and every row of every table, in id order: equal snapshots, equal databases. */
    static Map<String, List<List<Object>>> snapshot(Path db) throws SQLException {
        Map<String, List<List<Object>>> all = new LinkedHashMap<>();
        all.put("schema", query(db, "SELECT type, name, sql FROM sqlite_master ORDER BY name"));
        for (String table : List.of("runs", "executions", "paths", "contents", "accesses")) {
            all.put(table, query(db, "SELECT * FROM " + table + " ORDER BY id"));
        }
        return all;
    }
}
