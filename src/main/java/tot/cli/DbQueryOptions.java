package tot.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;
import tot.show.Format;

/** The options every command that reads tot.db shares: --db, --run, --format. */
final class DbQueryOptions {
    @Option(names = "--db", paramLabel = "FILE", description = "The database (default: $TOT_DB, else tot.db).")
    Path db;

    @Option(names = "--run", paramLabel = "N|last", description = "Only run N, or the last complete run (default: every complete run).")
    String run;

    @Option(names = "--format", paramLabel = "FORMAT", description = "table (default), json or csv.",
            completionCandidates = Candidates.Formats.class)
    String format = "table";

    Format format() {
        return switch (format.toLowerCase(java.util.Locale.ROOT)) {
            case "table" -> Format.TABLE;
            case "json" -> Format.JSON;
            case "csv" -> Format.CSV;
            default -> throw new IllegalArgumentException("--format: expected table, json or csv, not '" + format + "'");
        };
    }

    /** The --run value, checked. */
    String run() {
        return checkRun(run);
    }

    /** {@code run} when it is null, "last" or a run number; else a usage error. */
    static String checkRun(String run) {
        if (run != null && !run.equals("last") && !run.matches("[0-9]{1,18}")) {
            throw new IllegalArgumentException("--run: expected a run number or 'last', not '" + run + "'");
        }
        return run;
    }

    Path file() {
        return Databases.path(db);
    }
}
