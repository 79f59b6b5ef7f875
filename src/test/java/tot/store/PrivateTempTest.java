package tot.store;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;

/** A database tot puts in the temporary directory lives in a directory of its own that only its user can enter. */
class PrivateTempTest {
    @Test
    void theDatabaseGetsAPrivateDirectoryWhichGoesWithIt() throws Exception {
        Path db = Store.inPrivateTemp("run.db");
        Path dir = db.getParent();
        assertEquals(Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath(), dir.getParent().toAbsolutePath());
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        assertFalse(Files.exists(db), "Store.open creates it");
        try (Store s = Store.open(db)) {
            s.begin();
            s.commit();
        }
        assertTrue(Files.exists(db));
        Store.removeWithPrivateTemp(db);
        assertFalse(Files.exists(dir), "removed with its database");
    }

    @Test
    void aDatabaseElsewhereKeepsItsDirectory() throws Exception {
        Path dir = Files.createTempDirectory("tot-kept");
        Path inside = Files.createDirectory(dir.resolve("tot-like"));
        Path db = inside.resolve("run.db");
        try (Store s = Store.open(db)) {
            s.begin();
            s.commit();
        }
        Store.removeWithPrivateTemp(db);
        assertFalse(Files.exists(db));
        assertTrue(Files.isDirectory(inside), "not a directory inPrivateTemp made: it stays");
        Files.delete(inside);
        Files.delete(dir);
    }
}
