package tot.cli;

import picocli.CommandLine.Option;
import tot.show.Format;

/** The options every command that reads tot.db shares: --db, --run, --machine, --format. */
final class DbQueryOptions {
    @Option(names = "--db", paramLabel = "FILE|URL", description = DB_HELP)
    String db;

    static final String DB_HELP = "The database: a file, or postgresql://USER@HOST:PORT/DB (default: $TOT_DB, else "
            + "~/.local/share/tot/tot.db).";

    @Option(names = "--machine", paramLabel = "HOST|ID", description = "Only runs recorded on this machine: its host name, or "
            + "the beginning of its machine id (4 hex digits or more).")
    String machine;

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

    tot.store.Location file() {
        return Databases.of(db);
    }
}
