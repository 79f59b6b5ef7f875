package tot.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tot.model.Execution;

/**
 * A live run's writer keeps SQLite's statement journals in memory: in one long transaction of
 * multi-row INSERTs, SQLite otherwise spills them to a temporary file (`etilqs_…`, unlinked at
 * once but held open) and writes every later statement's journal there too.
 */
class StatementJournalTest {
    @TempDir Path dir;

    @Test
    void aLiveRunsWriterJournalsStatementsInMemory() throws Exception {
        assertTrue(writeRunAndSeeTempFile(dir.resolve("plain.db"), false),
                "without the setting, the statement journal spills to a temporary file (the premise)");
        assertFalse(writeRunAndSeeTempFile(dir.resolve("run.db"), true), "the writer held a temporary file open");
    }

    /** Writes a run of 20 000 accesses in one transaction; whether SQLite held a temporary file open meanwhile. */
    private static boolean writeRunAndSeeTempFile(Path db, boolean inMemory) throws Exception {
        try (Store store = Store.open(db)) {
            if (inMemory) store.keepStatementJournalsInMemory();
            store.begin();
            long run = store.addRun(new Store.Run("k" + inMemory, "log", null, List.of("make"), "/src", "host", "me", 0L));
            boolean seen = false;
            for (int e = 1; e <= 200; e++) {
                Execution x = new Execution(e, e == 1 ? 0 : 1, 100 + e, "/src", "/usr/bin/cc", List.of("cc"), null, new TreeMap<>(), e);
                long row = store.addExecution(run, x, 100 + e);
                for (int i = 0; i < 100; i++) {
                    // the same files again and again, as a build's headers and libraries: each
                    // statement's rows land all over the index on paths
                    String path = "/usr/include/h" + i + ".h";
                    store.addAccess(row, path, Operation.READ, "openat", 0, (long) e, null, null);
                }
                seen |= holdsSqliteTempFile();
            }
            store.finishRun(run, 1_000_000L, 0, true);
            store.commit();
            assertEquals(20_000, count(db), "every access stored");
            return seen;
        }
    }

    private static boolean holdsSqliteTempFile() throws IOException {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.anyMatch(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString().contains("etilqs_");
                } catch (IOException gone) {
                    return false;
                }
            });
        }
    }

    private static long count(Path db) throws Exception {
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db);
             var rs = c.createStatement().executeQuery("SELECT count(*) FROM accesses")) {
            return rs.getLong(1);
        }
    }
}
