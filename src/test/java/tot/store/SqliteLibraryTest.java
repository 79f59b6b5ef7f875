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

    /**
     * A tot killed while it loaded or copied the library (SIGKILL, a cancelled CI job) left a
     * hard link or a 6 MB copy in the cache for good; a later tot that opens a database removes
     * those of processes that are gone, and keeps those of running ones.
     */
    @Test
    void whatAKilledTotLeftInTheCacheIsRemovedByTheNext() throws Exception {
        Path cache = Files.createDirectories(dir.resolve("home/.cache/tot"));
        Files.setPosixFilePermissions(cache, PosixFilePermissions.fromString("rwx------"));
        String lib = "libsqlitejdbc-" + org.sqlite.SQLiteJDBCLoader.getVersion() + "-x86_64.so";
        long gone = 4_000_000_000L; // above pid_max: no process has it
        long running = ProcessHandle.current().pid();
        Path staleLink = Files.writeString(cache.resolve(lib + ".load-" + gone + "-1f"), "x");
        Path staleCopy = Files.writeString(cache.resolve(lib + ".copy-" + gone + "-12345"), "x");
        Path liveLink = Files.writeString(cache.resolve(lib + ".load-" + running + "-2e"), "x");
        Path other = Files.writeString(cache.resolve(lib + ".notes"), "x");
        ProcessBuilder pb = new ProcessBuilder(tot.TotJvm.command(java.util.List.of("log", "--db", dir.resolve("t.db").toString(),
                "-d", "/dev/null", "--", "true"))).redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile());
        pb.environment().put("XDG_CACHE_HOME", dir.resolve("home/.cache").toString());
        Process p = pb.start();
        assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "tot log hung");
        assertTrue(p.exitValue() == 0, Files.readString(dir.resolve("out.txt")));
        assertFalse(Files.exists(staleLink), "a dead process's link");
        assertFalse(Files.exists(staleCopy), "a dead process's copy");
        assertTrue(Files.exists(liveLink), "a running process's link");
        assertTrue(Files.exists(other), "not tot's");
        assertTrue(Files.exists(cache.resolve(lib)), "the library itself");
    }
}
