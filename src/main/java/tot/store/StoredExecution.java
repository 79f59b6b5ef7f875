package tot.store;

import java.util.List;
import java.util.SortedMap;

/**
 * An execution as tot.db holds it: {@code rowId} its row, {@code execId} deps.json's ID within
 * the run, {@code shortId} its stable 8 hex digits (null parent's for a run's root); null fields
 * are unknown; {@code warnings}: what tot could not see or refused in it; {@code fds}: fd → the
 * path it held at exec (deps.json's FDs; null in a run stored before tot kept them).
 */
public record StoredExecution(long rowId, long run, int execId, int parentExecId, String shortId, String parentShortId,
                              Integer pid, String path, List<String> argv, String cwd, Long startNanos, Long endNanos,
                              Integer exit, List<String> warnings, SortedMap<Integer, String> fds) {
    /** One row, one execution: compared by its row (the generated hashCode would hash argv at every set insertion). */
    @Override
    public boolean equals(Object o) {
        return o instanceof StoredExecution x && x.rowId == rowId;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(rowId);
    }
}
