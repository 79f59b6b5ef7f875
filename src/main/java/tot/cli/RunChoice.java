package tot.cli;

import picocli.CommandLine.Option;

/** The database and the one run a CI command answers about: --db, --run N|last|last~K (default last). */
final class RunChoice {
    @Option(names = "--db", paramLabel = "FILE|URL", description = DbQueryOptions.DB_HELP)
    String db;

    @Option(names = "--run", paramLabel = "N|last|last~K",
            description = "Run N, the last complete run (default), or the K-th complete run before it.")
    String run = "last";

    /** The --run value, checked before the database is opened. */
    String which() {
        return tot.ci.Runs.check("--run", run);
    }

    tot.store.Location file() {
        return Databases.of(db);
    }
}
