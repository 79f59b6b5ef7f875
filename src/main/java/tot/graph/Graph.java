package tot.graph;

import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import tot.store.RunGraph;
import tot.store.Store;
import tot.store.StoreReader;
import tot.store.StoredRun;
import tot.util.AtomicOutput;
import tot.util.SafeText;

/** `tot graph`: one stored run drawn as DOT, an HTML page or a trace; returns the exit status. */
public final class Graph {
    private Graph() {}

    /** Why there is nothing to draw (exit status 1, the message on stderr). */
    public static final class NothingToDraw extends Exception {
        NothingToDraw(String message) {
            super(message);
        }
    }

    /** Draws run {@code which} ("last" or N) into {@code target} ("-": standard output), written whole or not at all. */
    public static void write(StoreReader store, String which, GraphOptions options, GraphFormat format, String target)
            throws Store.StoreException, IOException, NothingToDraw {
        List<StoredRun> runs = store.runs(which);
        if (runs.isEmpty()) throw new NothingToDraw(which.equals("last") ? "no complete run is stored" : "no run " + which);
        RunGraph graph = RunGraph.load(store, runs.getFirst());
        Picture picture = picture(graph, options);
        if (format == GraphFormat.PERFETTO && !TraceEvents.hasTimes(picture)) { // said before the file is touched
            throw new NothingToDraw("run " + graph.run().id() + " has no execution times (imported from deps.json?): no timeline to draw");
        }
        AtomicOutput.write(target, out -> {
            switch (format) {
                case DOT -> Dot.write(picture, out);
                case HTML -> HtmlPage.write(picture, out);
                case PERFETTO -> TraceEvents.write(picture, out);
            }
        });
    }

    /** The picture the options ask for: with a focus, the lineage of the file (or content) it names. */
    static Picture picture(RunGraph graph, GraphOptions options) throws NothingToDraw {
        if (options.focus() == null) return Picture.of(graph, options, null, Set.of());
        Set<String> paths = focusPaths(graph, options.focus());
        RunGraph.Slice slice = null;
        for (String p : paths) slice = slice == null ? graph.lineage(p) : slice.and(graph.lineage(p));
        return Picture.of(graph, options, slice, paths);
    }

    /** The paths --focus names: a path the run touched, else the paths that held a content of that sha1 prefix. */
    private static Set<String> focusPaths(RunGraph graph, String focus) throws NothingToDraw {
        Set<String> paths = new LinkedHashSet<>();
        try {
            String path = Path.of(focus).toAbsolutePath().normalize().toString();
            if (!graph.accessesOf(path).isEmpty()) paths.add(path);
        } catch (InvalidPathException e) {
            // not a path: perhaps a hash
        }
        if (paths.isEmpty() && focus.matches("[0-9a-fA-F]{4,40}")) paths.addAll(graph.pathsOfContent(focus.toLowerCase(Locale.ROOT)));
        if (paths.isEmpty()) {
            throw new NothingToDraw("--focus " + SafeText.quote(focus) + ": no path or content hash of run " + graph.run().id() + " matches");
        }
        return paths;
    }
}
