package tot.model;

import java.util.List;

/** What the tracer reports, in order; sinks consume these. Times are epoch nanoseconds. */
public sealed interface Event {
    long time();

    /** An execution started: a successful exec ({@code syscall} execve or execveat) by thread {@code tid}. */
    record Exec(long time, int tid, Execution execution, String syscall) implements Event {}

    /** A process or thread was created. {@code kind}: fork, vfork, clone, thread. */
    record Spawn(long time, int parentTid, int childTid, String kind, long flags) implements Event {}

    /**
     * A syscall --trace asked for completed. {@code paths}: the absolute paths it named;
     * {@code args}: every argument as strace -y shows it (paths absolute, fds with their path);
     * {@code result} valid when {@code errno} is 0; {@code execution}: the ID of the execution
     * it belongs to.
     */
    record Call(long time, int pid, int tid, int execution, String name, List<String> paths, List<String> args,
                   long result, int errno, long durationNanos) implements Event {}

    /**
     * The first time an execution read or wrote a path, every time it deleted one or made a
     * directory (MKDIR) ({@code errno} 0), or any failed attempt to read, write, delete or run
     * one ({@code errno} ≠ 0; EXEC: a failed exec). {@code syscall}: the call that did it.
     */
    record Access(long time, int execution, String path, AccessKind kind, String syscall, int errno, FileStamp stamp,
                  String linkTarget, boolean emptied) implements Event {
        public Access(long time, int execution, String path, AccessKind kind, String syscall, int errno) {
            this(time, execution, path, kind, syscall, errno, null, null, false);
        }

        /** {@code stamp}: an input's file as opened, when the front-end saw it (null: not). */
        public Access(long time, int execution, String path, AccessKind kind, String syscall, int errno, FileStamp stamp) {
            this(time, execution, path, kind, syscall, errno, stamp, null, false);
        }

        public Access(long time, int execution, String path, AccessKind kind, String syscall, int errno, FileStamp stamp,
                      String linkTarget) {
            this(time, execution, path, kind, syscall, errno, stamp, linkTarget, false);
        }

        /**
         * An execution's first write of {@code path}, by an open that emptied the file (O_TRUNC) or
         * made it: nothing an earlier writer put there is in it any more.
         */
        public static Access emptying(long time, int execution, String path, String syscall) {
            return new Access(time, execution, path, AccessKind.OUTPUT, syscall, 0, null, null, true);
        }

        /** A symbolic link made at {@code path}, holding {@code linkTarget} (null: not known). */
        public static Access symlink(long time, int execution, String path, String syscall, String linkTarget) {
            return new Access(time, execution, path, AccessKind.OUTPUT, syscall, 0, null, linkTarget);
        }
    }

    /**
     * An output of a running execution was renamed: it is recorded under its new name. Or,
     * {@code directory}: execution {@code execution} renamed a directory, and what the run made
     * or took in below it is below {@code to} now (executions that ended keep their old names).
     */
    record Renamed(long time, int execution, String from, String to, boolean directory) implements Event {
        public Renamed(long time, int execution, String from, String to) {
            this(time, execution, from, to, false);
        }
    }

    /** A process exited ({@code code}) or was killed ({@code code} = -signal). */
    record Exit(long time, int pid, int code) implements Event {}

    /** An execution ended: the last process sharing it exited or exec'd. */
    record End(long time, Execution execution) implements Event {}

    /**
     * Something tot noticed about the trace that the user should know; {@code execution}: the
     * execution it concerns (whose record keeps the message too), or null.
     */
    record Warning(long time, int tid, Execution execution, String message) implements Event {
        /** The message for a person: prefixed with the execution's program when there is one. */
        public String describe() {
            return execution == null || execution.path.isEmpty() ? message : execution.path + ": " + message;
        }
    }
}
