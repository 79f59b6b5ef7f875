package tot.cli;

import java.io.IOException;
import tot.store.Location;
import tot.store.StoreLocations;

/** Which database a command uses: --db, else $TOT_DB, else the user's one store (tot.store.StoreLocations). */
final class Databases {
    private Databases() {}

    /** The database to read. */
    static Location of(String option) {
        return StoreLocations.of(option);
    }

    /** The database to write: the default one's directories are created when missing (with the umask's modes). */
    static Location forWriting(String option) throws IOException {
        return StoreLocations.forWriting(option);
    }
}
