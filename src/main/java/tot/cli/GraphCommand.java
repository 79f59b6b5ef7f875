package tot.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tot.ci.PathFilter;
import tot.graph.Graph;
import tot.graph.GraphFormat;
import tot.graph.GraphOptions;
import tot.linux.RawFiles;
import tot.store.StoreReader;
import tot.util.SafeText;

/** `tot graph`: a picture of one stored run (DOT, a web page, or a Perfetto trace). */
@Command(name = "graph", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Draw one stored run: its executions and the files they read and wrote.",
                "dot: a Graphviz graph (dot -Tsvg). html: one self-contained page (pan, zoom, click for details, "
                        + "search, a timeline; nothing loaded from the network). perfetto: Chrome trace-event JSON "
                        + "for ui.perfetto.dev or chrome://tracing, one slice per execution on its process's track."},
        footer = {"", "Examples:  tot graph --format html -o run.html",
                "           tot graph --under . --exclude '*.d' | dot -Tsvg > run.svg",
                "           tot graph --focus build/app --format dot -o app.dot",
                "           tot graph --format perfetto -o trace.json"})
final class GraphCommand implements Callable<Integer> {
    @Option(names = "--db", paramLabel = "FILE|URL", description = DbQueryOptions.DB_HELP)
    String db;

    @Option(names = "--run", paramLabel = "N|last", description = "The run to draw: N, or the last complete run (the default).")
    String run = "last";

    @Option(names = "--format", paramLabel = "FORMAT", description = "dot (default), html or perfetto.",
            completionCandidates = Candidates.GraphFormats.class)
    String format = "dot";

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE, atomically ('-', the default: standard output).")
    String output = "-";

    @Option(names = "--under", paramLabel = "DIR", description = "Only files under DIR (executions are all drawn).")
    String under;

    @Option(names = "--exclude", paramLabel = "GLOB", description = "Leave out files matching GLOB, read as .gitignore reads patterns (as tot inputs --exclude): "
            + "a name ('*.so*') or, with a slash, a whole path ('/usr/**'); repeatable.")
    List<String> excludes = new ArrayList<>();

    @Option(names = "--focus", paramLabel = "PATH|HASH", description = "Only the lineage of one file: what it was made from and what was made from it "
            + "(a path, or a sha1 prefix of a content the run read or wrote).")
    String focus;

    @Option(names = "--max-files", paramLabel = "N", description = "Draw a directory with more than N files as one node (default "
            + GraphOptions.DEFAULT_MAX_FILES + "; 0: never).")
    int maxFiles = GraphOptions.DEFAULT_MAX_FILES;

    @Option(names = "--devices", description = "Also draw /dev, /proc and /sys paths (pipes included).")
    boolean devices;

    @Override
    public Integer call() throws Exception {
        GraphFormat chosen = GraphFormat.of(format);
        String which = DbQueryOptions.checkRun(run);
        PathFilter files = PathFilter.of(under == null ? List.of() : List.of(under), excludes, RawFiles.cwd());
        GraphOptions options = new GraphOptions(devices ? files.withDevices() : files, focus, maxFiles);
        try (StoreReader store = StoreReader.open(Databases.of(db), Outputs.NOTICES)) {
            Graph.write(store, which, options, chosen, output);
            return 0;
        } catch (Graph.NothingToDraw e) {
            System.err.println("tot: " + SafeText.escape(e.getMessage()));
            return 1;
        }
    }
}
