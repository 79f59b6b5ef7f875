package tot.store;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One stored run as a graph: its executions (each with the one that started it) and the files
 * they read, wrote, removed and ran, with the content each access saw, in recording order
 * (directories left out, as everywhere). What CI answers and pictures are made from.
 */
public final class RunGraph {
    private final StoredRun run;
    private final List<StoredExecution> executions;
    private final Map<Long, StoredExecution> byRow = new HashMap<>();
    private final Map<Long, List<StoredAccess>> byExecution = new HashMap<>();
    private final Map<String, List<StoredAccess>> byPath = new LinkedHashMap<>();
    private final List<StoredAccess> accesses;

    private RunGraph(StoredRun run, List<StoredExecution> executions, List<StoredAccess> accesses) {
        this.run = run;
        this.executions = List.copyOf(executions);
        this.accesses = List.copyOf(accesses);
        for (StoredExecution x : executions) byRow.put(x.rowId(), x);
        for (StoredAccess a : accesses) {
            byExecution.computeIfAbsent(a.executionRow(), k -> new ArrayList<>()).add(a);
            byPath.computeIfAbsent(a.path(), k -> new ArrayList<>()).add(a);
        }
    }

    /** Loads run {@code run} (two queries). */
    public static RunGraph load(StoreReader store, StoredRun run) throws Store.StoreException {
        return new RunGraph(run, store.executions(run.id()), store.accessesOfRun(run.id()));
    }

    public StoredRun run() {
        return run;
    }

    /** The executions in the order they started. */
    public List<StoredExecution> executions() {
        return executions;
    }

    /** Every access in recording order. */
    public List<StoredAccess> accesses() {
        return accesses;
    }

    /** The execution that made access {@code a}. */
    public StoredExecution execution(StoredAccess a) {
        return byRow.get(a.executionRow());
    }

    /** What execution {@code x} did, in recording order. */
    public List<StoredAccess> accessesOf(StoredExecution x) {
        return byExecution.getOrDefault(x.rowId(), List.of());
    }

    /** The accesses of {@code path}, in recording order. */
    public List<StoredAccess> accessesOf(String path) {
        return byPath.getOrDefault(path, List.of());
    }

    /** Every path the run touched, in the order it first did. */
    public List<String> paths() {
        return Collections.unmodifiableList(new ArrayList<>(byPath.keySet()));
    }
}
