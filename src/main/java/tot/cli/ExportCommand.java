package tot.cli;

import java.io.UncheckedIOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tot.show.Export;
import tot.store.StoreReader;
import tot.util.AtomicOutput;

/** `tot export --csv FILE`: the stored syscall events as CSV (strace2csv's columns). */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write the stored syscall events as CSV, one row per call.",
                "The events of runs traced with tot log --trace=EXPR and of imported logs; columns: timestamp, pid, "
                        + "executable, syscall, filepath, all_filepaths, ret_int, ret_str."},
        footer = {"", "Example:  tot log --trace=%%file -- make", "          tot export --csv calls.csv"})
final class ExportCommand implements Callable<Integer> {
    @Option(names = "--csv", required = true, paramLabel = "FILE", description = "The CSV file ('-': standard output); written atomically.")
    String csv;

    @Option(names = "--db", paramLabel = "FILE|URL", description = DbQueryOptions.DB_HELP)
    String db;

    @Option(names = "--machine", paramLabel = "HOST|ID", description = "Only runs recorded on this machine (host name or machine id prefix).")
    String machine;

    @Option(names = "--run", paramLabel = "N|last", description = "Only run N, or the last complete run (default: every complete run).")
    String run;

    @Override
    public Integer call() throws Exception {
        String which = DbQueryOptions.checkRun(run);
        try (StoreReader store = StoreReader.open(Databases.of(db), Outputs.NOTICES).onMachine(machine)) {
            Export export = new Export(store, which);
            if (export.count() == 0) {
                System.err.println("tot: no syscall events stored" + (which == null ? "" : " for run " + which)
                        + " (tot log records them with --trace=EXPR)");
                return 1;
            }
            try {
                AtomicOutput.write(csv, export::csv);
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            return 0;
        }
    }
}
