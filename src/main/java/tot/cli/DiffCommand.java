package tot.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tot.ci.RunDiff;
import tot.ci.RunDiffView;
import tot.ci.RunFiles;
import tot.ci.Runs;
import tot.store.RunGraph;
import tot.store.StoreReader;
import tot.util.SafeText;

/** `tot diff A B`: what changed between two runs, and why an output changed. */
@Command(name = "diff", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Compare two runs: executions that appeared or vanished, inputs whose content changed, outputs that changed "
                + "and why (the inputs in their lineage that changed, appeared or vanished, the steps in it that ran in one run only, "
                + "or: not reproducible, the same inputs made another content).",
                "Exit status 0 when the runs are the same, 1 when they differ, 2 on trouble (as diff)."},
        footer = {"", "Examples:  tot diff last~1 last --under .", "           tot diff 3 7 --format json"})
final class DiffCommand implements Callable<Integer> {
    @Option(names = "--db", paramLabel = "FILE|URL", description = DbQueryOptions.DB_HELP)
    String db;

    @Mixin
    FileFilterOptions files;

    @Option(names = "--format", paramLabel = "FORMAT", description = "table (default) or json.")
    String format = "table";

    @Parameters(index = "0", paramLabel = "RUN_A", description = "The earlier run: N, last or last~K.")
    String a;

    @Parameters(index = "1", paramLabel = "RUN_B", description = "The later run.")
    String b;

    @Override
    public Integer call() throws Exception {
        boolean json = TableOrJson.json(format);
        Runs.check("RUN_A", a);
        Runs.check("RUN_B", b);
        var filter = files.filter();
        tot.store.Location file = Databases.of(db);
        try (StoreReader store = StoreReader.open(file, Outputs.NOTICES)) {
            var runA = Runs.find(store, a);
            var runB = Runs.find(store, b);
            // the two runs load at once, on two connections (most of the time is reading them)
            java.util.concurrent.FutureTask<RunFiles> loadA = new java.util.concurrent.FutureTask<>(() -> {
                try (StoreReader other = StoreReader.open(file, Outputs.NOTICES)) {
                    return RunFiles.of(RunGraph.load(other, runA));
                }
            });
            Thread.ofPlatform().name("tot-diff-load").daemon().start(loadA);
            RunFiles fb = RunFiles.of(RunGraph.load(store, runB));
            RunFiles fa;
            try {
                fa = loadA.get();
            } catch (java.util.concurrent.ExecutionException e) {
                throw e.getCause() instanceof Exception x ? x : e;
            }
            RunDiff.Result d = RunDiff.of(fa, fb, filter, files.cwd());
            Stdout.verdict(d.same() ? 0 : 1);
            if (json) RunDiffView.json(System.out, d);
            else RunDiffView.text(System.out, d);
            return d.same() ? 0 : 1;
        } catch (Runs.NoSuchRun e) {
            System.err.println("tot: " + SafeText.escape(e.getMessage()));
            return 2;
        }
    }
}
