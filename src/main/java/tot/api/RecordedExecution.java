package tot.api;

import java.util.List;
import java.util.SortedMap;

/**
 * An execution as a tot database holds it. Immutable; a null field is unknown.
 *
 * @param run         the run it belongs to
 * @param id          its number in the run (deps.json's {@code ID})
 * @param parentId    the execution that started it, 0 for a root
 * @param shortId     8 hex digits that name it across runs ({@code tot show SHORTID})
 * @param pid         the process id
 * @param path        the executed file
 * @param args        argv
 * @param cwd         the working directory at exec
 * @param startNanos  when it began (epoch nanoseconds)
 * @param endNanos    when it ended
 * @param exitStatus  its exit code, -N when killed by signal N; null when it exec'd
 * @param warnings    what tot could not see or refused in it
 * @param fds         fd → the path it held at exec (deps.json's {@code FDs}); null in a run stored
 *                    before tot kept them
 */
public record RecordedExecution(long run, int id, int parentId, String shortId, Integer pid, String path, List<String> args,
                                String cwd, Long startNanos, Long endNanos, Integer exitStatus, List<String> warnings,
                                SortedMap<Integer, String> fds) {
    /** Copies the lists and the map. */
    public RecordedExecution {
        args = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(args)); // an imported argv may hold nulls
        warnings = List.copyOf(warnings);
        fds = fds == null ? null : java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(fds));
    }
}
