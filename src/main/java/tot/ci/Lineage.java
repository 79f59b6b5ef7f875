package tot.ci;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tot.store.ExecutionAccess;
import tot.store.Operation;
import tot.store.RunGraph;
import tot.store.Store;
import tot.store.StoreReader;
import tot.store.StoredAccess;
import tot.store.StoredExecution;
import tot.store.StoredRun;

/**
 * `tot lineage`: everything that went into a file, as a tree — the executions that made it, what
 * each took in (read, ran, renamed into it), what made those, and so on ({@link RunGraph}'s
 * steps, the time of each read bounding what could have made it). A file no execution of its run
 * made, whose content (sha1) an earlier run made, goes on in that run. An execution is expanded
 * once; later it is marked as shown above. Files no recorded execution made (the sources) are
 * kept only when {@code leaves} accepts them; files that lead on are always kept.
 */
public final class Lineage {
    /**
     * A file as it was taken in: {@code how} made (the file asked about), read, ran or moved (renamed into
     * what was made); {@code gone}: not there at its run's end; {@code madeBy} empty for a source;
     * {@code cut}: made by executions the depth limit left out.
     */
    public record FileNode(String path, String sha1, String how, boolean gone, List<Step> madeBy, boolean cut) {}

    /** An execution that made a file, in run {@code run}; {@code repeated}: expanded higher up already. */
    public record Step(StoredExecution execution, StoredRun run, boolean repeated, List<FileNode> inputs) {}

    private final StoreReader store;
    private final PathFilter leaves;
    private final int maxDepth;
    private final Map<Long, RunGraph> graphs = new HashMap<>();
    private final Set<Long> expanded = new HashSet<>(); // execution rows
    private final Map<String, ExecutionAccess> earlierMakers = new HashMap<>();
    private Long firstComplete;

    public Lineage(StoreReader store, PathFilter leaves, int maxDepth) {
        this.store = store;
        this.leaves = leaves;
        this.maxDepth = maxDepth;
    }

    /** Run {@code run} as a graph (loaded once per Lineage). */
    public RunGraph graph(StoredRun run) throws Store.StoreException {
        RunGraph g = graphs.get(run.id());
        if (g == null) {
            g = RunGraph.load(store, run);
            graphs.put(run.id(), g);
        }
        return g;
    }

    /** The lineage of {@code path} as run {@code run} left it (made by its end). */
    public FileNode of(StoredRun run, String path) throws Store.StoreException {
        RunGraph g = graph(run);
        List<StoredAccess> made = g.makersOf(path, null);
        String sha1 = made.isEmpty() ? firstSha1(g.accessesOf(path)) : made.getLast().sha1();
        return node(g, path, sha1, "made", null, 0);
    }

    /** The lineage of the content {@code sha1} from where it was made: {@code maker} (a write of it). */
    public FileNode of(ExecutionAccess maker) throws Store.StoreException {
        RunGraph g = graph(run(maker.execution().run()));
        StoredAccess use = g.accessesOf(maker.access().path()).stream()
                .filter(a -> a.executionRow() == maker.access().executionRow() && RunGraph.makes(a)).findFirst().orElse(null);
        return node(g, maker.access().path(), maker.access().sha1(), "made", use, 0);
    }

    private FileNode node(RunGraph g, String path, String sha1, String how, StoredAccess use, int depth) throws Store.StoreException {
        List<Step> steps = new ArrayList<>();
        List<StoredAccess> makers = g.makersOf(path, use);
        if (makers.isEmpty() && !leaves.accepts(path)) return new FileNode(path, sha1, how, false, steps, false); // left out
        boolean gone = g.removedByEnd(path);
        if (depth >= maxDepth) return new FileNode(path, sha1, how, gone, steps, !makers.isEmpty());
        if (makers.isEmpty() && sha1 != null && leaves.accepts(path)) {
            ExecutionAccess earlier = earlierMaker(sha1, g.run());
            if (earlier != null) {
                RunGraph other = graph(run(earlier.execution().run()));
                StoredAccess made = other.makersOf(earlier.access().path(), null).stream()
                        .filter(a -> a.executionRow() == earlier.access().executionRow()).findFirst().orElse(null);
                if (made != null) {
                    steps.add(step(other, other.execution(made), depth));
                    return new FileNode(path, sha1, how, gone, steps, false);
                }
            }
        }
        Set<Long> seen = new HashSet<>();
        for (StoredAccess m : makers) {
            StoredExecution x = g.execution(m);
            if (x != null && seen.add(x.rowId())) steps.add(step(g, x, depth));
        }
        return new FileNode(path, sha1, how, gone, steps, false);
    }

    private Step step(RunGraph g, StoredExecution x, int depth) throws Store.StoreException {
        if (!expanded.add(x.rowId())) return new Step(x, g.run(), true, List.of());
        List<FileNode> inputs = new ArrayList<>();
        Set<String> listed = new HashSet<>();
        for (StoredAccess s : g.sourcesOf(x)) {
            // a pipe is no file, but leads on to what its writers took in (`cat VERSION | sed … > v.h`)
            if (!PathFilter.isFile(s.path()) && !RunGraph.isPipe(s.path()) || !listed.add(s.path())) continue;
            String how = s.operation() == Operation.EXEC ? "ran" : s.operation() == Operation.DELETE ? "moved" : "read";
            String sha1 = s.sha1() != null ? s.sha1() : how.equals("moved") ? movedSha1(g, s) : null;
            FileNode n = node(g, s.path(), sha1, how, s, depth + 1);
            if (n.madeBy().isEmpty() && !leaves.accepts(n.path())) continue;
            inputs.add(n);
        }
        return new Step(x, g.run(), false, inputs);
    }

    /** The content a rename moved: that of its new name. */
    private static String movedSha1(RunGraph g, StoredAccess removal) {
        for (StoredAccess a : g.accessesOf(g.execution(removal))) if (g.renamedFrom(a) == removal) return a.sha1();
        return null;
    }

    /** The last making of {@code sha1} in a complete run other than {@code run} and before it. */
    private ExecutionAccess earlierMaker(String sha1, StoredRun run) throws Store.StoreException {
        if (firstComplete == null) firstComplete = store.runs(null).stream().mapToLong(StoredRun::id).min().orElse(Long.MAX_VALUE);
        if (run.id() <= firstComplete) return null; // no run before it to look in
        String key = sha1 + "/" + run.id();
        if (earlierMakers.containsKey(key)) return earlierMakers.get(key);
        ExecutionAccess found = null;
        for (ExecutionAccess ea : store.makersOfContent(sha1)) {
            if (ea.execution().run() < run.id()) found = ea;
        }
        earlierMakers.put(key, found);
        return found;
    }

    private static String firstSha1(List<StoredAccess> accesses) {
        for (StoredAccess a : accesses) if (a.errno() == 0 && a.sha1() != null) return a.sha1();
        return null;
    }

    private StoredRun run(long id) throws Store.StoreException {
        return store.runs(String.valueOf(id)).getFirst();
    }
}
