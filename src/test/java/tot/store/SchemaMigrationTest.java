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
}
