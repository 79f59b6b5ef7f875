package tot.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tot.db that cannot be written, in a directory that can: the writer's check before the run refuses it. */
class ReadOnlyFileTest {
    @TempDir
    Path dir;

    @Test
    void aReadOnlyDatabaseFileFailsTheCheckBeforeTheRun() throws Exception {
        Path db = dir.resolve("t.db");
        Store.open(db).close();
        ReadOnly.make(db);
        try {
            Store.StoreException e = assertThrows(Store.StoreException.class, () -> {
                try (Store store = Store.open(db)) { // SQLite alone would open it, read-only
                    store.checkWritable();
                }
            });
            assertEquals(db + ": cannot write it (a read-only file)", e.getMessage());
            try (var files = Files.list(dir)) {
                assertEquals(java.util.List.of(db), files.toList(), "no -wal or -shm made beside it");
            }
        } finally {
            ReadOnly.undo(db);
        }
    }

    /** Making a file or directory unwritable also for root (whom modes do not stop): the immutable attribute. */
    static final class ReadOnly {
        private ReadOnly() {}

        static void make(Path file) throws Exception {
            if (root()) chattr("+i", file);
            else Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(Files.isDirectory(file) ? "r-xr-xr-x" : "r--r--r--"));
        }

        static void undo(Path file) throws Exception {
            if (root()) chattr("-i", file);
            else Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(Files.isDirectory(file) ? "rwx------" : "rw-------"));
        }

        private static boolean root() throws Exception {
            return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue() == 0;
        }

        private static void chattr(String how, Path file) throws Exception {
            Process p = new ProcessBuilder("chattr", how, file.toString()).inheritIO().start();
            assertEquals(0, p.waitFor(), "chattr " + how);
        }
    }
}
