package tot.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A --db that is no tot database: another application's SQLite file is refused by writers and
 * readers alike and stays as it was; an empty one is no database to a query, which creates none.
 */
class ForeignDatabaseTest {
    @TempDir
    Path dir;

    @Test
    void anotherApplicationsDatabaseIsRefusedUntouched() throws Exception {
        Path app = dir.resolve("app.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + app); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE foo(x)"); // user_version stays 0
            s.execute("INSERT INTO foo VALUES (1)");
        }
        byte[] before = Files.readAllBytes(app);
        Store.StoreException read = assertThrows(Store.StoreException.class, () -> StoreReader.open(app).close());
        assertEquals(app + ": not a tot database (an SQLite database of something else)", read.getMessage());
        Store.StoreException write = assertThrows(Store.StoreException.class, () -> Store.open(app).close());
        assertEquals(read.getMessage(), write.getMessage());
        assertArrayEquals(before, Files.readAllBytes(app), "not migrated, not even switched to WAL");
        assertEquals(java.util.List.of("app.db"), names());
    }

    @Test
    void aQueryOfAnEmptyFileCreatesNoDatabase() throws Exception {
        Path empty = Files.createFile(dir.resolve("empty.db"));
        Store.StoreException e = assertThrows(Store.StoreException.class, () -> StoreReader.open(empty).close());
        assertEquals(empty + ": no tot database in it (tot log writes one)", e.getMessage());
        assertEquals(0, Files.size(empty));
        assertEquals(java.util.List.of("empty.db"), names());
        Store.open(empty).close(); // a writer makes one there, as in a missing file
        StoreReader.open(empty).close();
    }

    /** A malformed database is one line of error, and the open that failed leaves no -wal or -shm beside it. */
    @Test
    void aMalformedDatabaseLeavesNoFilesBeside() throws Exception {
        Path good = dir.resolve("good.db"), cut = dir.resolve("cut.db");
        try (Store s = Store.open(good)) {
            s.begin();
            s.addRun(new Store.Run("k", "log", null, java.util.List.of("true"), "/", "host", "me", 1L));
            s.commit();
        }
        byte[] head = java.util.Arrays.copyOf(Files.readAllBytes(good), 5000); // a WAL database cut short
        Files.delete(good);
        Files.write(cut, head);
        Store.StoreException read = assertThrows(Store.StoreException.class, () -> StoreReader.open(cut).close());
        assertEquals(cut + ": The database disk image is malformed (database disk image is malformed)", read.getMessage());
        assertEquals(java.util.List.of("cut.db"), names());
        assertThrows(Store.StoreException.class, () -> Store.open(cut).close());
        assertEquals(java.util.List.of("cut.db"), names());
        assertArrayEquals(head, Files.readAllBytes(cut));
    }

    private java.util.List<String> names() throws Exception {
        try (var files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
