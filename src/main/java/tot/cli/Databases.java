package tot.cli;

import java.nio.file.Path;

/** Which tot.db a command uses: --db, else $TOT_DB, else tot.db in the current directory. */
final class Databases {
    private Databases() {}

    static Path path(Path option) {
        if (option != null) return option;
        String env = System.getenv("TOT_DB");
        return Path.of(env != null && !env.isEmpty() ? env : "tot.db");
    }
}
