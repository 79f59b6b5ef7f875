package tot.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import tot.store.Location;
import tot.store.Merge;
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
        description = {"Import deps.json files, event logs, strace logs and other tot databases.",
                "deps.json: tot's or fptrace's. Event logs: tot log -o. strace logs (also strace's stderr, and the "
                        + "files of strace -ff -o FILE as one):",
                "  strace -f -s 4096 [-tt|-ttt] [-T] [-y|-yy] -o FILE COMMAND",
                "A tot database (another machine's tot.db, a spool) is merged: its runs are added, except those "
                        + "already there; a complete run replaces the incomplete one it completes.",
                "All FILEs go in one transaction: when one cannot be imported, none is (exit 2). "
                        + "A file whose bytes were imported before (under any name) is skipped."},
        footer = {"", "Examples:  tot import deps.json events.jsonl", "           tot import other-machine.db --db postgresql://tot@db.example:5432/tot"})
final class ImportCommand implements Callable<Integer> {
    @Option(names = "--db", paramLabel = "FILE|URL", description = DbQueryOptions.DB_HELP)
    String db;

    @Option(names = "--host", paramLabel = "NAME",
            description = "deps.json, event and strace logs: recorded on host NAME (default: this machine, its user and id).")
    String host;

    @Option(names = "--machine-id", paramLabel = "ID",
            description = "deps.json, event and strace logs: recorded on the machine with this id (its /etc/machine-id).")
    String machineId;

    @Option(names = "--cwd", paramLabel = "DIR",
            description = "strace logs: the directory the traced command started in (default: the one the log shows"
                    + " before the first chdir: strace -y's AT_FDCWD</dir>, a getcwd, -y's path of a relative open; else the"
                    + " current one).")
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
    public Integer call() throws IOException {
        if (host != null && !host.matches("[A-Za-z0-9._-]{1,255}")) throw new IllegalArgumentException("--host: not a host name: '" + host + "'");
        if (machineId != null && !machineId.matches("[0-9a-f]{32}")) {
            throw new IllegalArgumentException("--machine-id: expected 32 lower-case hex digits (as /etc/machine-id holds)");
        }
        List<Source> sources = new ArrayList<>();
        try {
            for (String f : files) sources.add(Source.read(f)); // unreadable files fail before the database is touched
            Location at = Databases.forWriting(db);
            Progress bar = Progress.wanted(progress, true) ? new Progress("importing: ") : null;
            Imported imported;
            try {
                imported = switch (at) {
                    case Location.SqliteFile f -> into(f.file(), sources, bar);
                    case Location.Postgres p -> into(p, sources, bar);
                };
            } finally {
                if (bar != null) bar.close();
            }
            for (String d : imported.done()) System.err.println("tot: " + SafeText.escape(d));
            for (String w : imported.warnings()) System.err.println("tot: warning: " + SafeText.escape(w));
            if (imported.skipped() > 0) System.err.println("tot: skipped " + imported.skipped() + " unparsable strace line(s)");
            return 0;
        } catch (ImportException | Store.StoreException e) {
            System.err.println("tot: " + SafeText.escape(e.getMessage()));
            return 2;
        } finally {
            sources.forEach(Source::removeCopy);
        }
    }

    /** What an import did: a line per file, the importer's warnings, the strace lines skipped. */
    private record Imported(List<String> done, List<String> warnings, int skipped) {}

    /**
     * Every source into the SQLite database {@code file}, in one transaction; when that fails, a
     * database the import created is removed (the database is as it was: none).
     */
    private Imported into(Path file, List<Source> sources, Progress bar) throws ImportException, Store.StoreException {
        boolean created = !Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        try {
            return intoOpened(file, sources, bar);
        } catch (ImportException | Store.StoreException | RuntimeException e) {
            if (created) Store.removeFiles(file);
            throw e;
        }
    }

    private Imported intoOpened(Path file, List<Source> sources, Progress bar) throws ImportException, Store.StoreException {
        try (Store store = Store.open(file, Outputs.NOTICES)) {
            Importer importer = importer(store, bar);
            importer.begin(sources);
            try {
                List<String> done = new ArrayList<>();
                for (Source s : sources) done.add(SafeText.escape(s.name()) + ": " + summary(importer.importFile(s)));
                store.commit();
                return new Imported(done, importer.warnings(), importer.skippedLines());
            } catch (ImportException | Store.StoreException | RuntimeException e) {
                store.rollback();
                throw e;
            }
        }
    }

    /**
     * Every source into PostgreSQL, in one transaction there: the logs and deps.json files are
     * imported into a local temporary database first (the import's own checks and rows), which
     * is then merged with the other databases; a run whose key is there already is not added.
     */
    private Imported into(Location.Postgres at, List<Source> sources, Progress bar) throws ImportException, Store.StoreException,
            IOException {
        Path temp = tot.store.Store.inPrivateTemp("import.db"); // Store.open creates it
        try {
            List<Source> files = sources.stream().filter(s -> s.format() != Source.Format.DATABASE).toList();
            Imported done = new Imported(List.of(), List.of(), 0);
            if (!files.isEmpty()) {
                try (Store store = Store.open(temp)) {
                    Importer importer = importer(store, bar);
                    importer.begin(files);
                    for (Source s : files) importer.importFile(s);
                    store.commit();
                    done = new Imported(List.of(), importer.warnings(), importer.skippedLines());
                }
            }
            List<String> lines = new ArrayList<>();
            try (Merge merge = Merge.into(at)) {
                merge.begin();
                try {
                    Map<String, Merge.Outcome> byKey = new HashMap<>();
                    if (!files.isEmpty()) for (Merge.Outcome o : merge.add(temp)) byKey.put(o.key(), o);
                    for (Source s : sources) {
                        Importer.Outcome o;
                        if (s.format() == Source.Format.DATABASE) {
                            o = new Importer.Merged(merge.add(s.path()));
                        } else {
                            Merge.Outcome m = byKey.get(s.sha1());
                            o = m.added() ? new Importer.Imported(m.run(), m.executions(), m.accesses(), m.syscalls())
                                    : new Importer.AlreadyImported(m.run());
                            // the same bytes again in this command: imported once
                            byKey.put(s.sha1(), new Merge.Outcome(m.key(), m.run(), false, 0, 0, 0));
                        }
                        lines.add(SafeText.escape(s.name()) + ": " + summary(o));
                    }
                    merge.commit();
                } catch (Store.StoreException | RuntimeException e) {
                    merge.rollback();
                    throw e;
                }
            }
            return new Imported(lines, done.warnings(), done.skipped());
        } finally {
            tot.store.Store.removeWithPrivateTemp(temp);
        }
    }

    private Importer importer(Store store, Progress bar) {
        Importer importer = new Importer(store, cwd == null ? null : cwd.toAbsolutePath().toString(), skipBad, date);
        if (host != null || machineId != null) importer.recordedOn(host, machineId);
        if (bar != null) importer.count(bar);
        return importer;
    }

    private static String summary(Importer.Outcome o) {
        return switch (o) {
            case Importer.Imported i -> "imported run " + i.run() + " (" + i.executions() + " executions, "
                    + i.accesses() + " accesses" + (i.syscalls() > 0 ? ", " + i.syscalls() + " syscalls)" : ")");
            case Importer.AlreadyImported a -> "already imported (run " + a.run() + ")";
            case Importer.Merged m -> merged(m.runs());
        };
    }

    /** A merge in a line: the runs added (one: as an import says it), then those that were there already. */
    private static String merged(List<Merge.Outcome> runs) {
        List<Merge.Outcome> added = runs.stream().filter(Merge.Outcome::added).toList();
        List<Merge.Outcome> there = runs.stream().filter(o -> !o.added()).toList();
        if (runs.isEmpty()) return "no runs";
        String already = there.stream().map(o -> Long.toString(o.run())).collect(java.util.stream.Collectors.joining(", "));
        if (added.isEmpty()) return "already imported (run" + (there.size() > 1 ? "s " : " ") + already + ")";
        long executions = added.stream().mapToLong(Merge.Outcome::executions).sum();
        long accesses = added.stream().mapToLong(Merge.Outcome::accesses).sum();
        long syscalls = added.stream().mapToLong(Merge.Outcome::syscalls).sum();
        String ids = added.stream().map(o -> Long.toString(o.run())).collect(java.util.stream.Collectors.joining(", "));
        return "imported run" + (added.size() > 1 ? "s " : " ") + ids + " (" + executions + " executions, " + accesses + " accesses"
                + (syscalls > 0 ? ", " + syscalls + " syscalls)" : ")") + (there.isEmpty() ? "" : "; already imported: run"
                + (there.size() > 1 ? "s " : " ") + already);
    }
}
