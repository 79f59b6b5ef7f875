package tot.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tot.ci.Lineage;
import tot.ci.LineageQuery;
import tot.ci.LineageView;
import tot.ci.Runs;
import tot.store.StoreReader;
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
        try (StoreReader store = StoreReader.open(Databases.of(db), Outputs.NOTICES)) {
            Lineage.FileNode root = LineageQuery.find(store, new Lineage(store, filter, depth), query, run, files.cwd());
            if (json) LineageView.json(System.out, root, files.paths());
            else LineageView.text(System.out, root, files.paths());
            return 0;
        } catch (Runs.NoSuchRun | LineageQuery.NotFound e) {
            System.err.println("tot: " + SafeText.escape(e.getMessage()));
            return 1;
        }
    }
}
