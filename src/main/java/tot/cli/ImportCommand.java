package tot.cli;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tot.imports.ImportException;
import tot.imports.Importer;
import tot.imports.Source;
import tot.store.Store;
import tot.util.SafeText;

/** `tot import`: deps.json files and event logs into the database, all or nothing. */
@Command(name = "import", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Import deps.json files, tot event logs and strace logs into the database.",
                "deps.json: tot's or fptrace's. Event logs: tot log -o. strace logs (also strace's stderr, and the "
                        + "files of strace -ff -o FILE as one):",
                "  strace -f -s 4096 [-tt|-ttt] [-T] [-y|-yy] -o FILE COMMAND",
                "All FILEs go in one transaction: when one cannot be imported, none is (exit 2). "
                        + "A file whose bytes were imported before (under any name) is skipped."},
        footer = {"", "Example:  tot import deps.json events.jsonl"})
final class ImportCommand implements Callable<Integer> {
    @Option(names = "--db", paramLabel = "FILE",
            description = "The SQLite database (default: $TOT_DB, else tot.db in the current directory).")
    Path db;

    @Option(names = "--cwd", paramLabel = "DIR",
            description = "strace logs: the directory the traced command started in (default: the current one).")
    java.nio.file.Path cwd;

    @Option(names = "--skip-bad", description = "strace logs: skip and count lines strace would not print, instead of failing.")
    boolean skipBad;

    @Option(names = "--date", paramLabel = "YYYY-MM-DD",
            description = "strace logs with times of day (-t, -tt): the day the log began (default: unknown; times are kept without a date).")
    LocalDate date;

    @Option(names = "--progress", negatable = true,
            description = "A progress line on stderr (executions, files, time); by default when stderr is a terminal.")
    Boolean progress;

    @Parameters(arity = "1..*", paramLabel = "FILE",
            description = "deps.json files, tot event logs and strace logs (told apart by how they begin).")
    List<String> files;

    @Override
    public Integer call() {
        try {
            List<Source> sources = new ArrayList<>();
            for (String f : files) sources.add(Source.read(f)); // unreadable files fail before the database is touched
            List<String> done = new ArrayList<>();
            int skipped;
            List<String> warnings;
            Progress bar = Progress.wanted(progress, true) ? new Progress("importing: ") : null;
            try (Store store = Store.open(Databases.path(db))) {
                Importer importer = new Importer(store, (cwd == null ? java.nio.file.Path.of("") : cwd).toAbsolutePath().toString(), skipBad, date);
                if (bar != null) importer.count(bar);
                importer.begin(sources);
                try {
                    for (Source s : sources) done.add(SafeText.escape(s.name()) + ": " + summary(importer.importFile(s)));
                    store.commit();
                    skipped = importer.skippedLines();
                    warnings = importer.warnings();
                } catch (ImportException | Store.StoreException | RuntimeException e) {
                    store.rollback();
                    throw e;
                }
            } finally {
                if (bar != null) bar.close();
            }
            for (String d : done) System.err.println("tot: " + d);
            for (String w : warnings) System.err.println("tot: warning: " + SafeText.escape(w));
            if (skipped > 0) System.err.println("tot: skipped " + skipped + " unparsable strace line(s)");
            return 0;
        } catch (ImportException | Store.StoreException e) {
            System.err.println("tot: " + e.getMessage());
            return 2;
        }
    }

    private static String summary(Importer.Outcome o) {
        return switch (o) {
            case Importer.Imported i -> "imported run " + i.run() + " (" + i.executions() + " executions, "
                    + i.accesses() + " accesses" + (i.syscalls() > 0 ? ", " + i.syscalls() + " syscalls)" : ")");
            case Importer.AlreadyImported a -> "already imported (run " + a.run() + ")";
        };
    }
}
