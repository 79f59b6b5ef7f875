package tot.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tot.ci.FileListing;
import tot.ci.ListFormat;
import tot.ci.PathFilter;
import tot.ci.RunFiles;
import tot.ci.Runs;
import tot.store.RunGraph;
import tot.store.StoreReader;
import tot.util.SafeText;

/** `tot inputs`, `tot outputs`: the files a run took in or left behind, for CI scripts. */
final class FileListCommands {
    private FileListCommands() {}

    /** What both share: the run, the filters, the list formats. */
    abstract static class Base implements Callable<Integer> {
        @Mixin
        RunChoice run;

        @Mixin
        FileFilterOptions files;

        @Option(names = "--format", paramLabel = "FORMAT", description = "plain (default: one path per line), json or csv.",
                completionCandidates = Candidates.ListFormats.class)
        String format = "plain";

        @Option(names = {"-0", "--null"}, description = "Plain list ended by NUL bytes instead of newlines (for xargs -0).")
        boolean nul;

        abstract List<RunFiles.Entry> pick(RunFiles f, PathFilter filter);

        @Override
        public Integer call() throws Exception {
        String which = run.which();
            ListFormat listFormat = ListFormat.of(format, nul);
            var filter = files.filter();
            try (StoreReader store = StoreReader.open(run.file(), tot.cli.Outputs.NOTICES)) {
                RunFiles f = RunFiles.of(RunGraph.load(store, Runs.find(store, which)));
                int quoted = FileListing.write(System.out, pick(f, filter), listFormat, files.paths());
                if (quoted > 0) {
                    System.err.println("tot: warning: " + quoted + (quoted == 1 ? " path holds a control character or begins" : " paths hold a control character or begin")
                            + " with '\"': written as a C string in double quotes (-0 and --format json write paths as they are)");
                }
                return 0;
            } catch (Runs.NoSuchRun e) {
                System.err.println("tot: " + SafeText.escape(e.getMessage()));
                return 1;
            }
        }
    }

    @Command(name = "inputs", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"The files a run took in: read, ran or moved before it made them itself (its sources, tools and libraries).",
                    "Sorted by path; /dev, /proc, /sys, pipes and directories are never listed."},
            footer = {"", "Examples:  tot inputs --under . --relative > inputs.txt",
                    "           tot inputs --run 3 --exclude '/usr/**' --format json"})
    static final class Inputs extends Base {
        @Override
        List<RunFiles.Entry> pick(RunFiles f, PathFilter filter) {
            return f.inputs(filter);
        }
    }

    @Command(name = "outputs", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"The files a run made (wrote, linked, renamed into place) that still existed at its end, under their final names.",
                    "With --intermediates: those it made and removed or renamed away before its end (temporary files) instead."},
            footer = {"", "Examples:  tot outputs --under . --relative -0 | xargs -0 tar czf build.tgz",
                    "           tot outputs --intermediates"})
    static final class Outputs extends Base {
        @Option(names = "--intermediates", description = "List the intermediate files instead: made and gone by the end.")
        boolean intermediates;

        @Override
        List<RunFiles.Entry> pick(RunFiles f, PathFilter filter) {
            return intermediates ? f.intermediates(filter) : f.outputs(filter);
        }
    }
}
