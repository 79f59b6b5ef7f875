package tot.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tot.model.Execution;

/**
 * tot log reuses a stored sha1 for a file whose identity (device, inode, size, times) and
 * machine match: only for what this machine hashed itself. A tot.db imported from elsewhere may
 * claim this machine with a forged sha1; its contents vouch for nothing here. tot's own spool,
 * pushed to PostgreSQL, keeps its machine.
 */
class ImportedContentsTest {
    @TempDir
    Path dir;

    private static final String FORGED = "0".repeat(37) + "bad";

    @Test
    void anImportedDatabaseCannotVouchForAFilesContent() throws Exception {
        Path forged = dir.resolve("forged.db"), mine = dir.resolve("mine.db"), spool = dir.resolve("spool.db");
        for (Path db : List.of(forged, spool)) {
            try (Store s = Store.open(db)) {
                s.begin();
                long run = s.addRun(new Store.Run("k-" + db.getFileName(), "log", null, List.of("cat", "src.c"), "/w", "host", "me", 1L,
                        Machine.local()));
                Execution x = new Execution(1, 0, 100, "/w", "/usr/bin/cat", List.of("cat", "src.c"), null, new TreeMap<>(), 1L);
                long row = s.addExecution(run, x, 100);
                long ino = db.equals(forged) ? 4242 : 4343;
                s.addAccess(row, "/w/src.c", Operation.READ, "openat", 0, 2L, new Store.Content(FORGED, 13, 2049, ino, 5, 6), null);
                s.finishRun(run, 3L, 0, true);
                s.commit();
            }
        }
        try (Store s = Store.open(mine); Merge m = Merge.into(s)) {
            m.begin();
            m.add(forged);
            m.commit();
        }
        String machine = Machine.local().id();
        try (StoreReader r = StoreReader.open(mine)) {
            assertEquals(1, r.runs(null).size(), "the run is imported");
            assertNull(r.storedSha1(machine, 2049, 4242, 13, 5, 6), "but its hashes are not reused for files here");
        }
        try (Store s = Store.open(mine); Merge m = Merge.into(s).ownSpool()) {
            m.begin();
            m.add(spool);
            m.commit();
        }
        try (StoreReader r = StoreReader.open(mine)) {
            assertEquals(FORGED, r.storedSha1(machine, 2049, 4343, 13, 5, 6), "tot's own spool keeps its machine");
        }
    }
}
