package tot.api;

import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One execution of a traced run (a deps.json record): from an exec until the last process
 * sharing it exits or execs. Immutable.
 *
 * @param id          the execution's number in its run (deps.json's {@code ID}, from 1)
 * @param parentId    the execution that started it (0 for the root)
 * @param pid         the process id
 * @param path        the executed file, absolute (the script, not its interpreter)
 * @param args        argv, argv[0] as the program was given it
 * @param cwd         the working directory at exec
 * @param env         the environment at exec ({@code NAME=value}, secrets redacted unless asked
 *                    otherwise), or null when it was not recorded
 * @param fds         fd → path held at exec (close-on-exec fds gone; pipes as
 *                    {@code /dev/fptrace/pipe/N})
 * @param startNanos  when it began (epoch nanoseconds)
 * @param endNanos    when it ended (epoch nanoseconds; 0 when never seen to end)
 * @param exitStatus  the exit code, or -N when signal N killed it; null when it exec'd (its next
 *                    execution is {@code nextId}) or was detached
 * @param nextId      the execution the same process exec'd next, 0 when none
 * @param inputs      files read, in first-access order (a file it wrote first is not an input;
 *                    directories are left out, as in deps.json)
 * @param outputs     files written, in first-access order, under their final names (no directories)
 * @param deleted     paths it removed (with undelete: tried to remove)
 * @param warnings    what tot could not see or refused in it (e.g. io_uring I/O)
 */
public record ExecutionRecord(int id, int parentId, int pid, String path, List<String> args, String cwd, List<String> env,
                              SortedMap<Integer, String> fds, long startNanos, long endNanos, Integer exitStatus, int nextId,
                              List<String> inputs, List<String> outputs, List<String> deleted, List<String> warnings) {
    /** Copies every collection: the record never changes. */
    public ExecutionRecord {
        args = List.copyOf(args);
        env = env == null ? null : List.copyOf(env);
        fds = Collections.unmodifiableSortedMap(new TreeMap<>(fds));
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        deleted = List.copyOf(deleted);
        warnings = List.copyOf(warnings);
    }
}
