package tot.store;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tot.OldSchemas;

/**
 * A database of schema 4 (before machines were recorded) is upgraded when opened, its contents
 * taken as this machine's, its executions' fds unknown (schema 6).
 */
class SchemaMigrationTest {
    @TempDir
    Path dir;

    @Test
    void version4GetsMachineColumnsAndItsContentsStayReusableHere() throws Exception {
        Path db = dir.resolve("tot.db");
        Store.Content c = new Store.Content("ab".repeat(20), 3, 7, 8, 9, 10);
        try (Store s = Store.open(db)) {
            s.begin();
            long run = s.addRun(new Store.Run("old", "log", null, List.of("cat"), "/", "host", "me", 1L));
            long x = s.addExecution(run, new tot.model.Execution(1, 0, 1, "/", "/usr/bin/cat", List.of("cat"), null,
                    new TreeMap<>(), 1L), 1);
            s.addAccess(x, "/f", Operation.READ, "openat", 0, 2L, c, null);
            s.finishRun(run, 3L, 0, true);
            s.commit();
        }
        OldSchemas.downgrade(db, 4);
        try (StoreReader r = StoreReader.open(db)) {
            StoredRun run = r.runs(null).getFirst();
            assertEquals(Machine.UNKNOWN, run.machine(), "the machine of an old run is unknown");
            assertEquals("host", run.host());
            assertEquals(c.sha1(), r.storedSha1(Machine.local().id(), 7, 8, 3, 9, 10), "its contents are this machine's");
            assertNull(r.storedSha1("0".repeat(32), 7, 8, 3, 9, 10), "not another machine's");
        }
        try (Connection conn = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = conn.createStatement();
             ResultSet rs = s.executeQuery("PRAGMA user_version")) {
            assertEquals(Schema.VERSION, rs.getInt(1));
        }
        try (Connection conn = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = conn.createStatement();
             ResultSet rs = s.executeQuery("SELECT fds FROM executions")) {
            assertTrue(rs.next());
            assertNull(rs.getString(1), "the fds of an execution stored before schema 6 are unknown, not none");
        }
    }

    /**
     * Schema 8 lets accesses.kind be 'mkdir': a database of schema 7 (whose check refuses it) is
     * upgraded when opened, every access kept with its id, its indexes there, and its runs
     * answer as before (they hold no directory made: their lookups stay lookups). The check tot
     * wrote is widened in place; one spelled otherwise (a table made by hand) is made again.
     */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void version7TakesDirectoriesMadeAndKeepsItsAccesses(boolean totsOwnDefinition) throws Exception {
        Path db = dir.resolve("tot.db");
        long run, x;
        try (Store s = Store.open(db)) {
            s.begin();
            run = s.addRun(new Store.Run("old", "log", null, List.of("cc"), "/w", "host", "me", 1L));
            x = s.addExecution(run, new tot.model.Execution(1, 0, 1, "/w", "/usr/bin/cc", List.of("cc"), null, new TreeMap<>(), 1L), 1);
            s.addAccess(x, "/w/a.c", Operation.READ, "openat", 0, 2L, new Store.Content("ab".repeat(20), 3, 7, 8, 9, 10), null);
            s.addAccess(x, "/w/tmp", Operation.MKDIR, "mkdir", 0, 3L, null, null);
            s.addAccess(x, "/w/tmp/x.h", Operation.READ, "openat", 2, 4L, null, null);
            s.finishRun(run, 5L, 0, true);
            s.commit();
        }
        OldSchemas.downgrade(db, 7);
        try (Connection conn = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = conn.createStatement()) {
            if (!totsOwnDefinition) { // the same table, its check spelled without blanks
                s.execute("CREATE TABLE a7 (id INTEGER PRIMARY KEY, execution INTEGER NOT NULL REFERENCES executions(id),"
                        + " path INTEGER NOT NULL REFERENCES paths(id), kind TEXT NOT NULL"
                        + " CHECK (kind IN ('read','write','create','delete','rename','exec')), syscall TEXT,"
                        + " errno INTEGER NOT NULL DEFAULT 0, time_ns INTEGER, content INTEGER REFERENCES contents(id), detail TEXT)");
                s.execute("INSERT INTO a7 SELECT * FROM accesses");
                s.execute("DROP TABLE accesses");
                s.execute("ALTER TABLE a7 RENAME TO accesses");
            }
            assertThrows(java.sql.SQLException.class, () -> s.execute("INSERT INTO accesses(execution, path, kind) VALUES (" + x
                    + ", 1, 'mkdir')"), "schema 7's check refuses the kind");
        }
        try (StoreReader r = StoreReader.open(db)) { // a query upgrades a writable database
            RunGraph g = RunGraph.load(r, r.runs("last").getFirst());
            assertEquals(List.of("/w/a.c:read", "/w/tmp/x.h:read"),
                    g.accesses().stream().map(a -> a.path() + ":" + a.operation().column()).toList());
            assertEquals(List.of("/w/tmp/x.h"), tot.ci.RunFiles.of(g).lookups(tot.ci.PathFilter.ALL).stream().map(tot.ci.RunFiles.Lookup::path).toList(), "a run stored before: its lookup stays one");
        }
        try (Connection conn = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = conn.createStatement()) {
            try (ResultSet rs = s.executeQuery("PRAGMA user_version")) {
                assertEquals(Schema.VERSION, rs.getInt(1));
            }
            try (ResultSet rs = s.executeQuery("SELECT group_concat(name, ' ') FROM (SELECT name FROM sqlite_master"
                    + " WHERE type = 'index' AND tbl_name = 'accesses' ORDER BY name)")) {
                assertEquals("accesses_content accesses_execution accesses_path", rs.getString(1), "also when the table was made again");
            }
            try (ResultSet rs = s.executeQuery("SELECT group_concat(id || kind, ' ') FROM (SELECT id, kind FROM accesses ORDER BY id)")) {
                assertEquals("1read 3read", rs.getString(1), "every access kept with its id");
            }
            try (ResultSet rs = s.executeQuery("PRAGMA foreign_key_check")) {
                assertFalse(rs.next(), "references intact");
            }
            try (ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
                assertEquals("ok", rs.getString(1));
            }
        }
        try (Store s = Store.open(db)) {
            s.begin();
            s.addAccess(x, "/w/tmp2", Operation.MKDIR, "mkdirat", 0, 6L, null, null);
            s.commit();
        }
    }
}
