package tot.store;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

    /** A part of the run: executions and the paths they read, ran or wrote, in the order found. */
    public record Slice(Set<StoredExecution> executions, Set<String> paths) {
        /** This slice and {@code other} together. */
        public Slice and(Slice other) {
            Set<StoredExecution> xs = new LinkedHashSet<>(executions);
            xs.addAll(other.executions);
            Set<String> ps = new LinkedHashSet<>(paths);
            ps.addAll(other.paths);
            return new Slice(Collections.unmodifiableSet(xs), Collections.unmodifiableSet(ps));
        }
    }

    /**
     * Where {@code path} came from: the executions that wrote it, the files they read or ran, the
     * executions that wrote those before they were read, and so on. Failed accesses lead nowhere;
     * an access of unknown time (an imported deps.json) counts as before every other.
     */
    public Slice upstream(String path) {
        return follow(path, true);
    }

    /**
     * What came out of {@code path}: the executions that read or ran it, what they wrote, the
     * executions that read those after they were written, and so on.
     */
    public Slice downstream(String path) {
        return follow(path, false);
    }

    /** Both ways at once: what {@code path} was made from and what was made from it. */
    public Slice lineage(String path) {
        return upstream(path).and(downstream(path));
    }

    /** The paths whose successful accesses saw a content whose sha1 begins with {@code prefix}, in the order first seen. */
    public List<String> pathsOfContent(String prefix) {
        Set<String> found = new LinkedHashSet<>();
        for (StoredAccess a : accesses) {
            if (a.errno() == 0 && a.sha1() != null && a.sha1().startsWith(prefix)) found.add(a.path());
        }
        return List.copyOf(found);
    }

    private Slice follow(String start, boolean up) {
        Set<StoredExecution> executions = new LinkedHashSet<>();
        Set<String> paths = new LinkedHashSet<>();
        Deque<StoredAccess> pending = new ArrayDeque<>(); // the access that led to a path: its time bounds the next step
        paths.add(start);
        pending.add(new StoredAccess(-1, up ? Operation.READ : Operation.WRITE, start, null, null, 0, null, null));
        while (!pending.isEmpty()) {
            StoredAccess via = pending.poll();
            for (StoredAccess a : accessesOf(via.path())) {
                if (a.errno() != 0 || isRead(a) == up || !inOrder(up ? a : via, up ? via : a)) continue;
                StoredExecution x = execution(a);
                if (x == null || !executions.add(x)) continue;
                for (StoredAccess b : accessesOf(x)) {
                    if (b.errno() != 0 || isRead(b) != up || b.operation() == Operation.DELETE) continue;
                    paths.add(b.path());
                    pending.add(b);
                }
            }
        }
        return new Slice(Collections.unmodifiableSet(executions), Collections.unmodifiableSet(paths));
    }

    private static boolean isRead(StoredAccess a) {
        return a.operation() == Operation.READ || a.operation() == Operation.EXEC;
    }

    /** Whether {@code earlier} can have come before {@code later} (unknown times can). */
    private static boolean inOrder(StoredAccess earlier, StoredAccess later) {
        return earlier.timeNanos() == null || later.timeNanos() == null || earlier.timeNanos() <= later.timeNanos();
    }
}
