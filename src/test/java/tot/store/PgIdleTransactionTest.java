package tot.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tot.TestPostgres;
import tot.model.Execution;

/**
 * A server that ends transactions idle for a while (idle_in_transaction_session_timeout, which
 * administrators set against leaked sessions) does not end a push: its transaction waits, idle,
 * while its own paths and contents are added on two other connections, however long that takes;
 * nor the creation of the schema, idle between its statements.
 */
class PgIdleTransactionTest {
    @TempDir
    Path dir;

    @Test
    void aPushIsNotEndedAsAnIdleTransaction() throws Exception {
        String url = TestPostgres.newDatabase();
        Path file = dir.resolve("run.db");
        int files = 20_000; // adding their paths takes far longer than the limit below
        try (Store s = Store.open(file)) {
            s.begin();
            long run = s.addRun(new Store.Run("idle", "log", null, List.of("gen"), "/w", "host", "me", 1L));
            Execution x = new Execution(1, 0, 100, "/w", "/usr/bin/gen", List.of("gen"), null, new TreeMap<>(), 1L);
            long row = s.addExecution(run, x, 100);
            for (int f = 0; f < files; f++) s.addAccess(row, "/w/out-" + f, Operation.WRITE, "openat", 0, 2L, null, null);
            x.exit(0);
            x.end(3L);
            s.endExecution(row, x);
            s.finishRun(run, 3L, 0, true);
            s.commit();
        }
        Location.Postgres at = (Location.Postgres) Location.parse(url);
        try (var c = TestPostgres.connect(url); var s = c.createStatement()) {
            // far below a push's idle time (seconds here), far above a round trip on a busy machine (1 ms failed in a CI run)
            s.execute("ALTER DATABASE " + url.substring(url.lastIndexOf('/') + 1) + " SET idle_in_transaction_session_timeout = '50ms'");
        }
        try (Merge merge = Merge.into(at)) { // creates the schema, under the limit too
            merge.begin();
            List<Merge.Outcome> outcomes = merge.add(file);
            merge.commit();
            assertEquals(1, outcomes.size());
            assertTrue(outcomes.getFirst().added());
            assertEquals(files, outcomes.getFirst().accesses());
        }
        try (var c = TestPostgres.connect(url); var s = c.createStatement();
             var rs = s.executeQuery("SELECT (SELECT count(*) FROM runs WHERE complete = 1), (SELECT count(*) FROM accesses)")) {
            rs.next();
            assertEquals(1, rs.getInt(1));
            assertEquals(files, rs.getInt(2));
        }
    }
}
