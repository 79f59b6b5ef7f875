package tot.util;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The user's directories of the XDG base directory specification (a relative XDG_* value is
 * ignored, as it says), and the temporary directory.
 */
public final class UserDirs {
    private UserDirs() {}

    /** $XDG_DATA_HOME/tot, else ~/.local/share/tot; null when there is no home. */
    public static Path data() {
        return dir("XDG_DATA_HOME", ".local/share");
    }

    /** $XDG_CACHE_HOME/tot, else ~/.cache/tot; null when there is no home. */
    public static Path cache() {
        return dir("XDG_CACHE_HOME", ".cache");
    }

    /**
     * $TMPDIR when it names a directory, else Java's temporary directory (/tmp): the JVM does not
     * read $TMPDIR, which every other program (and SQLite) takes its temporary files' place from.
     */
    public static Path temp() {
        String tmpdir = System.getenv("TMPDIR");
        if (tmpdir != null && tmpdir.startsWith("/") && Files.isDirectory(Path.of(tmpdir))) return Path.of(tmpdir);
        return Path.of(System.getProperty("java.io.tmpdir"));
    }

    private static Path dir(String variable, String underHome) {
        String xdg = System.getenv(variable);
        if (xdg != null && xdg.startsWith("/")) return Path.of(xdg, "tot");
        String home = System.getenv("HOME"); // Java's user.home is the passwd entry's, which $HOME overrides for every other program
        if (home == null || !home.startsWith("/")) home = System.getProperty("user.home");
        return home == null || home.isEmpty() || home.equals("?") ? null : Path.of(home, underHome, "tot");
    }
}
