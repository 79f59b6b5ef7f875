package tot.api;

import java.util.List;

/**
 * A file in a lineage tree ({@code tot lineage}): the file asked about, or one taken in by an
 * execution that led to it. Immutable.
 *
 * @param path    the absolute path
 * @param sha1    its content then, or null
 * @param how     {@code made} (the file asked about), {@code read}, {@code ran} or {@code moved}
 * @param gone    not there at its run's end
 * @param madeBy  the executions that made it (empty: a source no recorded execution made)
 * @param cut     made by executions the depth limit left out
 */
public record LineageNode(String path, String sha1, String how, boolean gone, List<Step> madeBy, boolean cut) {
    /** Copies the list. */
    public LineageNode {
        madeBy = List.copyOf(madeBy);
    }

    /**
     * An execution that made the file, in run {@code run}, with what it took in;
     * {@code repeated}: shown higher up in the tree already (its inputs are not repeated).
     */
    public record Step(RecordedExecution execution, long run, boolean repeated, List<LineageNode> inputs) {
        /** Copies the list. */
        public Step {
            inputs = List.copyOf(inputs);
        }
    }
}
