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
        assertEquals(tot.util.UserDirs.temp().toAbsolutePath(), dir.getParent().toAbsolutePath());
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

    /** The private directory is made under $TMPDIR, as README says (the JVM itself reads only java.io.tmpdir). */
    @Test
    void itIsMadeUnderTmpdir(@org.junit.jupiter.api.io.TempDir Path tmpdir) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), InTemp.class.getName());
        pb.environment().put("TMPDIR", tmpdir.toString());
        Process p = pb.redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        assertEquals(0, p.waitFor(), out);
        assertEquals(tmpdir, Path.of(out).getParent().getParent(), out);
        try (var left = Files.list(tmpdir)) {
            assertEquals(0, left.count(), "removed with its database");
        }
    }

    /** Makes a database in a private temporary directory, prints its name and removes both. */
    static final class InTemp {
        public static void main(String[] args) throws Exception {
            Path db = Store.inPrivateTemp("run.db");
            Store.open(db).close();
            System.out.println(db);
            Store.removeWithPrivateTemp(db);
        }
    }
}
