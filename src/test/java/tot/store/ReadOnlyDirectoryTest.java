package tot.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tot database in a directory tot cannot write (read-only media, a colleague's directory) is
 * read as it is, by queries and as an import's source: SQLite cannot make its -shm there.
 */
class ReadOnlyDirectoryTest {
    @TempDir
    Path dir;

    /** A tot database at {@code file} holding one complete run. */
    private static void oneRun(Path file) throws Exception {
        try (Store s = Store.open(file)) {
            s.begin();
            long run = s.addRun(new Store.Run("k", "log", null, List.of("true"), "/", "host", "me", 1L));
            s.finishRun(run, 2L, 0, true);
            s.commit();
        }
    }

    @Test
    void aDatabaseInAReadOnlyDirectoryIsQueriedAndImported() throws Exception {
        Path media = Files.createDirectory(dir.resolve("media")), art = media.resolve("art.db"), mine = dir.resolve("mine.db");
        oneRun(art);
        byte[] before = Files.readAllBytes(art);
        ReadOnlyFileTest.ReadOnly.make(media);
        try {
            try (StoreReader r = StoreReader.open(art)) {
                assertEquals(1, r.runs(null).size());
            }
            try (Store store = Store.open(mine); Merge merge = Merge.into(store)) {
                merge.begin();
                assertEquals(1, merge.add(art).size());
                merge.commit();
            }
            try (StoreReader r = StoreReader.open(mine)) {
                assertEquals(1, r.runs(null).size());
            }
            try (var files = Files.list(media)) {
                assertEquals(List.of(art), files.toList());
            }
            assertArrayEquals(before, Files.readAllBytes(art));
        } finally {
            ReadOnlyFileTest.ReadOnly.undo(media);
        }
    }

    /** One whose changes still wait in its -wal cannot be read there (SQLite would need a -shm beside it): said so, nothing made. */
    @Test
    void oneWithChangesInItsWalIsRefusedInWords() throws Exception {
        Path media = Files.createDirectory(dir.resolve("media")), src = dir.resolve("src.db"), art = media.resolve("art.db");
        oneRun(src);
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + src); var st = c.createStatement()) {
            st.execute("PRAGMA wal_autocheckpoint = 0");
            st.execute("UPDATE runs SET host = 'other'");
            Files.copy(src, art); // while the connection is open: its close would move the change into the file
            Files.copy(Path.of(src + "-wal"), Path.of(art + "-wal"));
        }
        ReadOnlyFileTest.ReadOnly.make(media);
        try {
            Store.StoreException e = org.junit.jupiter.api.Assertions.assertThrows(Store.StoreException.class, () -> StoreReader.open(art).close());
            org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("changes wait in art.db-wal"), e.getMessage());
            try (var files = Files.list(media)) {
                assertEquals(List.of(art, Path.of(art + "-wal")), files.sorted().toList());
            }
        } finally {
            ReadOnlyFileTest.ReadOnly.undo(media);
        }
    }
}
