package tot.sinks;

import java.util.List;
import java.util.NavigableSet;
import java.util.TreeSet;
import java.util.function.Predicate;
import tot.model.Execution;

/**
 * Whether a run's records name a path below a given one: a path gone by the time the records
 * are written, below which the run read, wrote or removed files, was a directory (a temporary
 * tree renamed away, then removed). The paths are sorted once, when first asked, from the
 * executions as they are then.
 */
public final class RecordedPaths implements Predicate<String> {
    private final List<Execution> executions;
    private NavigableSet<String> sorted;

    /** {@code executions}: the run's, read at the first question (a list that may still grow until then). */
    public RecordedPaths(List<Execution> executions) {
        this.executions = executions;
    }

    @Override
    public boolean test(String path) {
        if (sorted == null) {
            sorted = new TreeSet<>();
            for (Execution x : executions) {
                sorted.addAll(x.inputs());
                sorted.addAll(x.outputs());
                sorted.addAll(x.deleted());
            }
        }
        String below = path + "/", next = sorted.ceiling(below);
        return next != null && next.startsWith(below);
    }
}
