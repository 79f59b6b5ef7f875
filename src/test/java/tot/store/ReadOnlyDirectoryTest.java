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

    @Test
    void aDatabaseInAReadOnlyDirectoryIsQueriedAndImported() throws Exception {
        Path media = Files.createDirectory(dir.resolve("media")), art = media.resolve("art.db"), mine = dir.resolve("mine.db");
        try (Store s = Store.open(art)) {
            s.begin();
            long run = s.addRun(new Store.Run("k", "log", null, List.of("true"), "/", "host", "me", 1L));
            s.finishRun(run, 2L, 0, true);
            s.commit();
        }
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
}
