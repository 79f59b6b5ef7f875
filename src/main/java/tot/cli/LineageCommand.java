package tot.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tot.ci.Lineage;
import tot.ci.LineageView;
import tot.ci.Runs;
import tot.store.ExecutionAccess;
import tot.store.RunGraph;
import tot.store.StoreReader;
import tot.store.StoredRun;
import tot.util.LexicalPath;
import tot.util.SafeText;

/** `tot lineage PATH|HASH`: everything that went into a file, transitively, as a tree. */
@Command(name = "lineage", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Show everything that went into a file, as a tree: the executions that made it, what each read or ran, "
                + "what made those, and so on; a file made in an earlier run (the same sha1) goes on there.",
                "PATH: the file as the last complete run that made it left it (or --run N). HASH: a sha1 (prefix, 4 to 40 hex "
                        + "digits): where that content was last made."},
        footer = {"", "Examples:  tot lineage app --under .", "           tot lineage 4ae7372f --format json"})
final class LineageCommand implements Callable<Integer> {
    @Option(names = "--db", paramLabel = "FILE|URL", description = DbQueryOptions.DB_HELP)
    String db;

    @Option(names = "--run", paramLabel = "N|last|last~K", description = "The run whose file to follow (default: the last complete run that made it).")
    String run;

    @Mixin
    FileFilterOptions files;

    @Option(names = "--depth", paramLabel = "N", description = "Follow at most N files deep (default 1000).")
    int depth = 1000;

    @Option(names = "--format", paramLabel = "FORMAT", description = "table (default) or json.")
    String format = "table";

    @Parameters(paramLabel = "PATH|HASH", description = "A file (relative to the current directory) or a content's sha1 prefix.")
    String query;

    @Override
    public Integer call() throws Exception {
        boolean json = TableOrJson.json(format);
        if (depth < 1) throw new IllegalArgumentException("--depth: expected a positive number");
        if (run != null) Runs.check("--run", run);
        var filter = files.filter();
        try (StoreReader store = StoreReader.open(Databases.of(db))) {
            Lineage lineage = new Lineage(store, filter, depth);
            Lineage.FileNode root = null;
            if (query.matches("[0-9a-fA-F]{4,40}")) {
                String prefix = query.toLowerCase(Locale.ROOT);
                List<String> hashes = store.hashes(prefix, 21);
                if (hashes.size() > 1) {
                    System.err.println("tot: " + query + " is ambiguous; it begins " + hashes.size() + (hashes.size() > 20 ? "+" : "")
                            + " contents: " + String.join(" ", hashes.subList(0, Math.min(5, hashes.size()))) + (hashes.size() > 5 ? " …" : ""));
                    return 1;
                }
                if (hashes.size() == 1) {
                    root = ofContent(store, lineage, hashes.getFirst());
                    if (root == null) return 1;
                }
            }
            if (root == null) {
                String path = LexicalPath.resolve(files.cwd(), query);
                StoredRun chosen = run != null ? Runs.find(store, run) : lastMaker(store, path);
                if (chosen == null) {
                    System.err.println("tot: " + SafeText.escape(query) + ": no complete run read or made it (nor a content with this sha1)");
                    return 1;
                }
                if (lineage.graph(chosen).accessesOf(path).isEmpty()) {
                    System.err.println("tot: " + SafeText.escape(path) + ": run " + chosen.id() + " did not read or make it");
                    return 1;
                }
                root = lineage.of(chosen, path);
            }
            if (json) LineageView.json(System.out, root, files.paths());
            else LineageView.text(System.out, root, files.paths());
            return 0;
        } catch (Runs.NoSuchRun e) {
            System.err.println("tot: " + e.getMessage());
            return 1;
        }
    }

    /** Where content {@code sha1} was last made (in --run, when given). */
    private Lineage.FileNode ofContent(StoreReader store, Lineage lineage, String sha1) throws Exception {
        StoredRun only = run != null ? Runs.find(store, run) : null;
        ExecutionAccess last = null;
        for (ExecutionAccess ea : store.makersOfContent(sha1)) {
            if (only == null || ea.execution().run() == only.id()) last = ea;
        }
        if (last == null) {
            System.err.println("tot: content " + sha1 + ": no execution" + (only == null ? "" : " of run " + only.id())
                    + " made it (tot show " + sha1.substring(0, 8) + " lists who read it)");
            return null;
        }
        return lineage.of(last);
    }

    /** The last complete run that made {@code path}, else the last that read it, else null. */
    private static StoredRun lastMaker(StoreReader store, String path) throws Exception {
        List<ExecutionAccess> newestFirst = store.accessesOfPath(path);
        for (ExecutionAccess ea : newestFirst) {
            if (RunGraph.makes(ea.access())) return store.runs(String.valueOf(ea.execution().run())).getFirst();
        }
        return newestFirst.isEmpty() ? null : store.runs(String.valueOf(newestFirst.getFirst().execution().run())).getFirst();
    }
}
