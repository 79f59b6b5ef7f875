package tot.store;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SQLite's native library is loaded from the user's cache only where no other user could have put it. */
class SqliteLibraryTest {
    @TempDir
    Path dir;

    @Test
    void onlyAFileNoOtherUserCouldWriteIsLoaded() throws Exception {
        Path mine = Files.createDirectory(dir.resolve("mine"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path lib = Files.writeString(mine.resolve("lib.so"), "x");
        Files.setPosixFilePermissions(lib, PosixFilePermissions.fromString("rw-r--r--"));
        assertTrue(SqliteLibrary.onlyOurs(lib));

        Files.setPosixFilePermissions(lib, PosixFilePermissions.fromString("rw-rw-rw-"));
        assertFalse(SqliteLibrary.onlyOurs(lib), "anyone may rewrite it");
        Files.setPosixFilePermissions(lib, PosixFilePermissions.fromString("rw-r--r--"));

        Path open = Files.createDirectory(dir.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path there = Files.copy(lib, open.resolve("lib.so"));
        assertFalse(SqliteLibrary.onlyOurs(there), "anyone may replace it in its directory");

        Path sticky = Files.createDirectory(dir.resolve("sticky"));
        Files.setAttribute(sticky, "unix:mode", 01777);
        Path home = Files.createDirectory(sticky.resolve("home"));
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
        assertTrue(SqliteLibrary.onlyOurs(Files.copy(lib, home.resolve("lib.so"))), "a directory of ours in a sticky one (/tmp)");

        if (((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue() == 0) {
            Path theirs = Files.createDirectory(sticky.resolve("theirs"));
            Path planted = Files.copy(lib, theirs.resolve("lib.so"));
            Files.setAttribute(theirs, "unix:uid", 65534);
            assertFalse(SqliteLibrary.onlyOurs(planted), "another user's directory (HOME=/tmp: their .cache)");
        }
    }
}
