package tot.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import tot.util.UserDirs;

/**
 * Which database a command (or tot.api) uses: --db, else $TOT_DB, else the user's one store,
 * $XDG_DATA_HOME/tot/tot.db (~/.local/share/tot/tot.db): the same from every directory, and never
 * inside the traced workspace. A name is a file, or a PostgreSQL URL (postgresql://…).
 */
public final class StoreLocations {
    private StoreLocations() {}

    /** The database to read. */
    public static Location of(String option) {
        String name = option != null ? option : System.getenv("TOT_DB");
        if (option != null && (name == null || name.isEmpty())) throw new IllegalArgumentException("--db: an empty name");
        Location at = name != null && !name.isEmpty() ? Location.parse(name) : new Location.SqliteFile(defaultFile());
        return at;
    }

    /**
     * {@code at} is in use until the use is closed: no output may replace it meanwhile
     * ({@link tot.util.OutputFile#databaseInUse}); a server's database is no file to guard.
     */
    public static tot.util.OutputFile.DatabaseUse use(Location at) {
        return tot.util.OutputFile.databaseInUse(at instanceof Location.SqliteFile f ? f.file() : null);
    }

    /** The database to write: the default one's directories are created when missing (with the umask's modes). */
    public static Location forWriting(String option) throws IOException {
        Location at = of(option);
        if (at instanceof Location.SqliteFile f && f.file().equals(defaultFile())) Files.createDirectories(f.file().getParent());
        return at;
    }

    private static Path defaultFile() {
        Path data = UserDirs.data();
        if (data == null) throw new IllegalArgumentException("no home directory for the default database: give --db FILE or set TOT_DB");
        return data.resolve("tot.db");
    }
}
