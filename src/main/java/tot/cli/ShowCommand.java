package tot.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tot.show.Format;
import tot.show.Show;
import tot.store.Store;

/** `tot show`: what tot.db holds, as a process tree, a content's lineage, or a file's history. */
@Command(name = "show", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Show the stored runs: every execution with what it read and wrote (sha1 in brackets).",
                "With HASH (a sha1 or execution id prefix): who wrote, read or ran that content, or that execution.",
                "With PATH: who wrote that file, newest first, and who read each version."},
        footer = {"", "Examples:  tot show", "           tot show 5e3adc81", "           tot show build/out.o --format json"})
final class ShowCommand implements Callable<Integer> {
    @Option(names = "--db", paramLabel = "FILE", description = "The database (default: $TOT_DB, else tot.db).")
    Path db;

    @Option(names = "--run", paramLabel = "N|last", description = "Only run N, or the last complete run.")
    String run;

    @Option(names = "--limit", paramLabel = "N", description = "Show at most N executions (tree) or accesses.")
    int limit = Integer.MAX_VALUE;

    @Option(names = "--failed", description = "Tree: also show failed accesses (files looked for and not found…).")
    boolean failed;

    @Option(names = "--format", paramLabel = "FORMAT", description = "table (default), json or csv.")
    String format = "table";

    @Parameters(arity = "0..1", paramLabel = "HASH|PATH", description = "A sha1 prefix, an execution id prefix or a path.")
    String query;

    @Override
    public Integer call() throws Store.StoreException, SQLException {
        Format f = switch (format.toLowerCase(java.util.Locale.ROOT)) {
            case "table" -> Format.TABLE;
            case "json" -> Format.JSON;
            case "csv" -> Format.CSV;
            default -> throw new IllegalArgumentException("--format: expected table, json or csv, not '" + format + "'");
        };
        if (run != null && !run.equals("last") && !run.matches("[0-9]{1,18}")) {
            throw new IllegalArgumentException("--run: expected a run number or 'last', not '" + run + "'");
        }
        if (limit < 1) throw new IllegalArgumentException("--limit: expected a positive number");
        Path file = Databases.path(db);
        PrintStream out = System.out;
        try (Connection c = Store.openReadOnly(file)) {
            return new Show(c, f, out, limit).run(query, run, failed);
        }
    }
}
