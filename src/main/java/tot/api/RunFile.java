package tot.api;

import java.util.List;

/**
 * A file in one role in a run (what {@code tot inputs} and {@code tot outputs} list). Immutable.
 *
 * @param path        the absolute path
 * @param role        input, output or intermediate
 * @param sha1        the content (an input: as first read; an output: as last made), null when not hashed
 * @param size        that content's size in bytes, or null
 * @param executions  the executions that read it (an input) or made it
 */
public record RunFile(String path, Role role, String sha1, Long size, List<RecordedExecution> executions) {
    /** Copies the list. */
    public RunFile {
        executions = List.copyOf(executions);
    }

    /** A file's part in a run (README, CI section). */
    public enum Role {
        /** Taken in before the run made it itself: read, ran, or renamed away. */
        INPUT,
        /** Made by the run and still there at its end. */
        OUTPUT,
        /** Made by the run and gone by its end (a temporary file). */
        INTERMEDIATE
    }
}
