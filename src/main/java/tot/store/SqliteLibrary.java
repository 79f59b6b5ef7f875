package tot.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Points sqlite-jdbc at its native library, extracted once per version into the user's cache
 * directory. Left to itself, sqlite-jdbc extracts a copy into /tmp on every start and, to
 * choose it, runs {@code uname -o} as a child of the JVM — a child tot's tracer, which waits for
 * any child, could reap. Falls back to sqlite-jdbc's own way when anything here fails, or when
 * another user could have written the cached copy.
 */
final class SqliteLibrary {
    private SqliteLibrary() {}

    private static boolean done;

    /**
     * What a tot process leaves beside the library while it loads or copies it, named with its
     * pid: a tot killed in between (SIGKILL, a CI job cancelled) leaves it behind, a 6 MB copy or
     * a hard link, and the next tot removes those of processes that are gone ({@link #sweep}).
     */
    private static final String LOADING = ".load-", COPYING = ".copy-";
    private static final long PID = ProcessHandle.current().pid();

    static synchronized void prepare() {
        if (done || System.getProperty("org.sqlite.lib.path") != null) return;
        done = true;
        String arch = switch (System.getProperty("os.arch")) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64" -> "aarch64";
            default -> null;
        };
        Path cache = tot.util.UserDirs.cache();
        if (arch == null || cache == null) return;
        String name = "libsqlitejdbc-" + org.sqlite.SQLiteJDBCLoader.getVersion() + "-" + arch + ".so";
        Path lib = cache.resolve(name);
        try {
            if (Files.isDirectory(cache) && onlyOurs(cache)) sweep(cache, name);
            if (!Files.isRegularFile(lib) && !extract("/org/sqlite/native/Linux/" + arch + "/libsqlitejdbc.so", cache, lib)) return;
            if (!onlyOurs(lib)) return; // a HOME others can write into (HOME=/tmp in a CI container): code they put there would run in tot
            load(cache, name);
        } catch (IOException | SecurityException e) {
            // sqlite-jdbc finds its library itself
        }
    }

    /**
     * Has sqlite-jdbc load the library now, through a hard link of its own, removed once loaded:
     * the JVM refuses a library file another class loader has loaded (tot.jar loaded again in
     * one JVM: a plugin reloaded, two embedders), even one that is closed. sqlite-jdbc reads
     * where the library is from system properties, which are every class loader's: they are set
     * only while it loads, and left as they were for the embedding program's own sqlite-jdbc.
     */
    private static void load(Path cache, String name) throws IOException {
        String link = name + LOADING + PID + "-" + Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong());
        Files.createLink(cache.resolve(link), cache.resolve(name));
        String path = System.getProperty("org.sqlite.lib.path"), oldName = System.getProperty("org.sqlite.lib.name");
        try {
            System.setProperty("org.sqlite.lib.path", cache.toString());
            System.setProperty("org.sqlite.lib.name", link);
            org.sqlite.SQLiteJDBCLoader.initialize();
        } catch (Exception e) {
            // sqlite-jdbc finds its library itself when a connection is opened
        } finally {
            restore("org.sqlite.lib.path", path);
            restore("org.sqlite.lib.name", oldName);
            Files.deleteIfExists(cache.resolve(link)); // mapped by now
        }
    }

    /**
     * Removes the links and copies of {@code name} that processes no longer running left in
     * {@code cache}. A tot in another pid namespace sharing this cache may lose its own in the
     * instant it uses it: it then loads the library sqlite-jdbc's own way.
     */
    static void sweep(Path cache, String name) throws IOException {
        try (var entries = Files.newDirectoryStream(cache, name + ".*")) {
            for (Path p : entries) {
                String rest = p.getFileName().toString().substring(name.length());
                String pid = rest.startsWith(LOADING) ? rest.substring(LOADING.length())
                        : rest.startsWith(COPYING) ? rest.substring(COPYING.length()) : null;
                if (pid == null || pid.indexOf('-') <= 0) continue;
                pid = pid.substring(0, pid.indexOf('-'));
                if (pid.chars().allMatch(Character::isDigit) && !Files.exists(Path.of("/proc", pid))) Files.deleteIfExists(p);
            }
        }
    }

    private static void restore(String property, String value) {
        if (value == null) System.clearProperty(property);
        else System.setProperty(property, value);
    }

    /**
     * Whether no other user could have put or changed {@code file}: it and every directory above
     * it belong to tot's user or root, and none is writable by others, but for a sticky
     * directory (whose entries only their owners may replace: /tmp) owned by tot's user or root.
     */
    static boolean onlyOurs(Path file) throws IOException {
        int me = tot.util.Fsuid.VALUE;
        Path real = file.toRealPath();
        for (Path p = real; p != null; p = p.getParent()) {
            int owner = (int) Files.getAttribute(p, "unix:uid"), mode = (int) Files.getAttribute(p, "unix:mode");
            if (owner != me && owner != 0) return false;
            boolean sticky = (mode & 01000) != 0 && p != real;
            if ((mode & 022) != 0 && !sticky) return false;
        }
        return true;
    }

    /** Copies the jar's library to {@code lib} (atomically); false when the jar has none for this machine. */
    private static boolean extract(String resource, Path cache, Path lib) throws IOException {
        try (InputStream in = SqliteLibrary.class.getResourceAsStream(resource)) {
            if (in == null) return false;
            Files.createDirectories(cache);
            Path tmp = Files.createTempFile(cache, lib.getFileName() + COPYING + PID + "-", "");
            try {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                Files.move(tmp, lib, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
            return true;
        }
    }
}
