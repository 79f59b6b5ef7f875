package tot.cli;

import java.io.IOException;
import tot.store.Location;
import tot.store.StoreLocations;

/** Which database a command uses: --db, else $TOT_DB, else the user's one store (tot.store.StoreLocations). */
final class Databases {
    private Databases() {}

    /**
     * The database to read; in use until tot exits (one command, one database): no output of
     * the command may replace it.
     */
    static Location of(String option) {
        Location at = StoreLocations.of(option);
        StoreLocations.use(at); // never closed: the process ends with the command
        return at;
    }

    /** The database to write, as {@link #of}: the default one's directories are created when missing (with the umask's modes). */
    static Location forWriting(String option) throws IOException {
        Location at = StoreLocations.forWriting(option);
        StoreLocations.use(at);
        return at;
    }
}
