package tot.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tot.show.Show;
import tot.store.Store;
import tot.store.StoreReader;

/** `tot show`: what tot.db holds, as a process tree, a content's lineage, or a file's history. */
@Command(name = "show", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Show the stored runs: every execution with what it read and wrote (sha1 in brackets).",
                "With HASH (a sha1 or execution id prefix): who wrote, read or ran that content, or that execution.",
                "With PATH: who wrote that file, newest first, and who read each version."},
        footer = {"", "Examples:  tot show", "           tot show 5e3adc81", "           tot show build/out.o --format json"})
final class ShowCommand implements Callable<Integer> {
    @Mixin
    DbQueryOptions options;

    @Option(names = "--limit", paramLabel = "N", description = "Show at most N executions (tree) or accesses.")
    int limit = Integer.MAX_VALUE;

    @Option(names = "--failed", description = "Tree: also show failed accesses (files looked for and not found…).")
    boolean failed;

    @Parameters(arity = "0..1", paramLabel = "HASH|PATH", description = "A sha1 prefix, an execution id prefix or a path.")
    String query;

    @Override
    public Integer call() throws Store.StoreException {
        var format = options.format();
        String run = options.run();
        if (limit < 1) throw new IllegalArgumentException("--limit: expected a positive number");
        try (StoreReader store = StoreReader.open(options.file(), Outputs.NOTICES).onMachine(options.machine)) {
            return new Show(store, format, System.out, limit).run(query, run, failed);
        }
    }
}
