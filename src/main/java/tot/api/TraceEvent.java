package tot.api;

import java.util.List;

/**
 * What a trace reports as it happens, to a {@link TraceListener}; times are epoch nanoseconds.
 * Every event is immutable.
 */
public sealed interface TraceEvent permits TraceEvent.ExecutionStarted, TraceEvent.Spawned, TraceEvent.FileAccess,
        TraceEvent.Renamed, TraceEvent.ProcessExited, TraceEvent.ExecutionEnded, TraceEvent.Warning, TraceEvent.Notice, SyscallRecord {
    /** When it happened. */
    long time();

    /**
     * A successful exec ({@code syscall} execve or execveat, or {@code attach} for an attached
     * process) started execution {@code id}.
     */
    record ExecutionStarted(long time, int tid, String syscall, int id, int parentId, int pid, String path, List<String> args,
                            String cwd) implements TraceEvent {
        /** Copies argv. */
        public ExecutionStarted {
            args = List.copyOf(args);
        }
    }

    /** Thread {@code parentTid} created {@code childTid}; {@code kind}: fork, vfork, clone or thread. */
    record Spawned(long time, int parentTid, int childTid, String kind) implements TraceEvent {}

    /**
     * The first time execution {@code execution} read, wrote, removed or ran {@code path}
     * ({@code errno} 0), or any failed attempt to ({@code errno} the error); {@code syscall}: the
     * call that did it. Also each directory it made ({@link Kind#MKDIR}, {@code errno} 0): no
     * file, but what the run then looks for below it cannot have been there before the run.
     */
    record FileAccess(long time, int execution, String path, Kind kind, String syscall, int errno) implements TraceEvent {
        /** What the access did. */
        public enum Kind { READ, WRITE, DELETE, EXEC, MKDIR }
    }

    /**
     * An output of running execution {@code execution} was renamed: it is recorded under
     * {@code to}. Or, {@code directory}: execution {@code execution} renamed a directory, and what
     * the run made or took in below {@code from} is below {@code to} (run queries follow it).
     */
    record Renamed(long time, int execution, String from, String to, boolean directory) implements TraceEvent {}

    /** Process {@code pid} exited with {@code status}, or was killed ({@code status} = -signal). */
    record ProcessExited(long time, int pid, int status) implements TraceEvent {}

    /** An execution ended: the last process sharing it exited or exec'd. */
    record ExecutionEnded(long time, ExecutionRecord execution) implements TraceEvent {}

    /**
     * Something the user should know (what tot cannot see or refused, an internal error it
     * survived); {@code execution}: the execution it concerns, 0 when none; {@code text}: the
     * message as {@code tot} prints it (with the program's path when there is one).
     */
    record Warning(long time, int tid, int execution, String message, String text) implements TraceEvent {}

    /**
     * What tot itself met about its outputs, its database or the signals it got, not about the
     * traced programs (the library never prints; {@code tot} prints {@code text} after
     * {@code "tot: "}, with {@code "warning: "} for {@link Kind#HASHES_DROPPED}). Unlike the other
     * events, a notice comes on the thread that met it: a database lock on the database writer's
     * thread (also before {@link Tot#start} returns), the third interrupt on the one that called
     * {@link Tracing#interrupt}; the listener is still never called twice at once.
     */
    record Notice(long time, Kind kind, String text) implements TraceEvent {
        /** What happened. */
        public enum Kind {
            /** Another process holds the database's lock: tot waits for it (30 s at most, then the store fails). */
            DATABASE_LOCKED,
            /** An output failed during the run: it stops there, the others go on ({@link OutputsIncompleteException} names it at the end). */
            OUTPUT_FAILED,
            /** Interrupted while the run was written: some files are stored without a sha1. */
            HASHES_DROPPED,
            /** The third interrupt: every traced process is killed. */
            KILLING_ALL
        }
    }
}
