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

    /**
     * tot loaded by one class loader after another (a plugin reloaded, two embedders in one JVM)
     * opens a database in each: the JVM refused the second the library file the first had
     * loaded (UnsatisfiedLinkError: already loaded in another classloader), and the properties
     * that point sqlite-jdbc at it, every class loader's, are left as they were.
     */
    @Test
    void eachClassLoaderOfTotOpensADatabase() throws Exception {
        String before = System.getProperty("org.sqlite.lib.path");
        java.util.List<java.net.URL> urls = new java.util.ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (entry.endsWith("classes") && !entry.endsWith("test-classes") || entry.contains("sqlite-jdbc")) {
                urls.add(Path.of(entry).toUri().toURL());
            }
        }
        for (int round = 1; round <= 2; round++) {
            try (var loader = new java.net.URLClassLoader(urls.toArray(java.net.URL[]::new), ClassLoader.getPlatformClassLoader())) {
                Class<?> store = Class.forName("tot.store.Store", true, loader);
                assertTrue(store.getClassLoader() == loader, "tot's own copy");
                ((AutoCloseable) store.getMethod("open", Path.class).invoke(null, dir.resolve("t" + round + ".db"))).close();
            }
            assertTrue(java.util.Objects.equals(before, System.getProperty("org.sqlite.lib.path")), "left as it was");
        }
    }
}
