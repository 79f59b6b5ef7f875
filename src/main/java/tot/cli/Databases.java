package tot.cli;

import java.nio.file.Path;

/** Which tot.db a command uses: --db, else $TOT_DB, else tot.db in the current directory. */
final class Databases {
    private Databases() {}

    static Path path(Path option) {
        return option != null ? option : Path.of(tot.api.Tot.defaultDatabase());
    }
}
