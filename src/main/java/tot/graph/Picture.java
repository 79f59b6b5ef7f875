package tot.graph;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tot.store.Operation;
import tot.store.RunGraph;
import tot.store.StoredAccess;
import tot.store.StoredExecution;
import tot.store.StoredRun;

/**
 * What a picture of a run draws, whatever its format: the executions (each with the drawn one that
 * started it), the files they touched (those the options keep), the directories collapsed into
 * one node by the size guard, and one edge per execution, file and operation (successful
 * accesses only). {@code focus}: the files a --focus named.
 */
public record Picture(StoredRun run, List<Exec> executions, List<File> files, List<Group> groups, List<Edge> edges,
                      Set<Integer> focus) {
    /** A drawn execution; {@code parent}: the index of the drawn execution that started it, or -1. */
    public record Exec(int index, StoredExecution execution, int parent, int depth) {}

    /** A drawn file; {@code group}: the index of the collapsed directory holding it, or -1. */
    public record File(int index, String path, int group) {}

    /** A directory whose drawn files are shown as one node. */
    public record Group(int index, String directory, int size) {}

    /** What execution {@code execution} did to file {@code file}; {@code sha1} of the content (null: not hashed). */
    public record Edge(int execution, int file, Operation operation, String sha1) {}

    /** The picture of {@code graph} the options ask for ({@code slice}: the focus's lineage, or null). */
    static Picture of(RunGraph graph, GraphOptions options, RunGraph.Slice slice, Set<String> focusPaths) {
        tot.ci.PathFilter filter = options.files();
        List<Exec> execs = new ArrayList<>();
        Map<Integer, Exec> byExecId = new HashMap<>();
        for (StoredExecution x : graph.executions()) {
            if (slice != null && !slice.executions().contains(x)) continue;
            Exec parent = byExecId.get(x.parentExecId());
            Exec e = new Exec(execs.size(), x, parent == null ? -1 : parent.index(), parent == null ? 0 : parent.depth() + 1);
            execs.add(e);
            byExecId.put(x.execId(), e);
        }
        Map<String, Integer> fileIndex = new LinkedHashMap<>();
        Map<List<Object>, Edge> edges = new LinkedHashMap<>(); // one per execution, file and operation
        for (Exec e : execs) {
            for (StoredAccess a : graph.accessesOf(e.execution())) {
                if (a.errno() != 0 || a.operation() == null || !filter.accepts(a.path())) continue;
                if (slice != null && !slice.paths().contains(a.path())) continue;
                int f = fileIndex.computeIfAbsent(a.path(), p -> fileIndex.size());
                edges.putIfAbsent(List.of(e.index(), f, a.operation()), new Edge(e.index(), f, a.operation(), a.sha1()));
            }
        }
        List<String> paths = List.copyOf(fileIndex.keySet());
        Map<String, Integer> perDirectory = new HashMap<>();
        for (String p : paths) if (!focusPaths.contains(p)) perDirectory.merge(directory(p), 1, Integer::sum);
        Map<String, Group> groups = new LinkedHashMap<>();
        List<File> files = new ArrayList<>();
        Set<Integer> focus = new LinkedHashSet<>();
        for (String p : paths) {
            String dir = directory(p);
            Group g = null;
            if (!focusPaths.contains(p) && options.maxFiles() > 0 && perDirectory.get(dir) > options.maxFiles()) {
                g = groups.computeIfAbsent(dir, d -> new Group(groups.size(), d, perDirectory.get(d)));
            }
            if (focusPaths.contains(p)) focus.add(files.size());
            files.add(new File(files.size(), p, g == null ? -1 : g.index()));
        }
        return new Picture(graph.run(), List.copyOf(execs), List.copyOf(files), List.copyOf(groups.values()),
                List.copyOf(edges.values()), Set.copyOf(focus));
    }

    /** The directory of {@code path} ("/" for a file at the root). */
    static String directory(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }
}
