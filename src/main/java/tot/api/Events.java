package tot.api;

import java.util.List;
import tot.model.Event;
import tot.model.Execution;
import tot.sinks.DirectoryCache;

/** The model's events as the API's records. */
final class Events {
    private Events() {}

    /** Every kind of {@link TraceEvent}. */
    static final List<Class<? extends TraceEvent>> KINDS = List.of(TraceEvent.ExecutionStarted.class, TraceEvent.Spawned.class,
            SyscallRecord.class, TraceEvent.FileAccess.class, TraceEvent.Renamed.class, TraceEvent.ProcessExited.class,
            TraceEvent.ExecutionEnded.class, TraceEvent.Warning.class, TraceEvent.Notice.class);

    /** The kind of {@link TraceEvent} {@link #of} makes of {@code e}. */
    static Class<? extends TraceEvent> kind(Event e) {
        return switch (e) {
            case Event.Exec x -> TraceEvent.ExecutionStarted.class;
            case Event.Spawn s -> TraceEvent.Spawned.class;
            case Event.Call c -> SyscallRecord.class;
            case Event.Access a -> TraceEvent.FileAccess.class;
            case Event.Renamed r -> TraceEvent.Renamed.class;
            case Event.Exit x -> TraceEvent.ProcessExited.class;
            case Event.End x -> TraceEvent.ExecutionEnded.class;
            case Event.Warning w -> TraceEvent.Warning.class;
        };
    }

    /** {@code e} as the API shows it; an End's record is {@code ended} (made once per execution). */
    static TraceEvent of(Event e, ExecutionRecord ended) {
        return switch (e) {
            case Event.Exec x -> new TraceEvent.ExecutionStarted(x.time(), x.tid(), x.syscall(), x.execution().id,
                    x.execution().parentId, x.execution().pid, x.execution().path, x.execution().args, x.execution().dir);
            case Event.Spawn s -> new TraceEvent.Spawned(s.time(), s.parentTid(), s.childTid(), s.kind());
            case Event.Call c -> call(c);
            case Event.Access a -> new TraceEvent.FileAccess(a.time(), a.execution(), a.path(), switch (a.kind()) {
                case INPUT -> TraceEvent.FileAccess.Kind.READ;
                case OUTPUT -> TraceEvent.FileAccess.Kind.WRITE;
                case DELETED -> TraceEvent.FileAccess.Kind.DELETE;
                case EXEC -> TraceEvent.FileAccess.Kind.EXEC;
                case MKDIR -> TraceEvent.FileAccess.Kind.MKDIR;
            }, a.syscall(), a.errno());
            case Event.Renamed r -> new TraceEvent.Renamed(r.time(), r.execution(), r.from(), r.to(), r.directory());
            case Event.Exit x -> new TraceEvent.ProcessExited(x.time(), x.pid(), x.code());
            case Event.End x -> new TraceEvent.ExecutionEnded(x.time(), ended);
            case Event.Warning w -> new TraceEvent.Warning(w.time(), w.tid(), w.execution() == null ? 0 : w.execution().id,
                    w.message(), w.describe());
        };
    }

    static TraceEvent.Notice notice(tot.model.Notice n) {
        return new TraceEvent.Notice(tot.store.Store.nowNanos(), switch (n.kind()) {
            case DATABASE_LOCKED -> TraceEvent.Notice.Kind.DATABASE_LOCKED;
            case OUTPUT_FAILED -> TraceEvent.Notice.Kind.OUTPUT_FAILED;
            case HASHES_DROPPED -> TraceEvent.Notice.Kind.HASHES_DROPPED;
            case KILLING_ALL -> TraceEvent.Notice.Kind.KILLING_ALL;
        }, n.text());
    }

    static SyscallRecord call(Event.Call c) {
        return new SyscallRecord(c.time(), c.pid(), c.tid(), c.execution(), c.name(), c.paths(), c.args(), c.result(), c.errno(),
                c.durationNanos());
    }

    static List<SyscallRecord> calls(List<Event.Call> calls) {
        return calls.stream().map(Events::call).toList();
    }

    /**
     * An execution that has ended, as a record: directories are not inputs or outputs, as in
     * deps.json; {@code held}: whether the run's records name paths below a path gone by now.
     */
    static ExecutionRecord record(Execution x, DirectoryCache directories, java.util.function.Predicate<String> held) {
        return new ExecutionRecord(x.id, x.parentId, x.pid, x.path, x.args, x.dir, x.env, x.fds, x.startNanos, x.endNanos(),
                x.exit(), x.nextExecId(), kept(x.inputs(), p -> directories.input(p, held)),
                kept(x.outputs(), p -> directories.output(p, held)), List.copyOf(x.deleted()), List.copyOf(x.warnings()));
    }

    /** The paths {@code keep} accepts (a loop: a stream per list cost more than the filtering, at a run's end). */
    private static List<String> kept(java.util.Collection<String> paths, java.util.function.Predicate<String> keep) {
        List<String> out = new java.util.ArrayList<>(paths.size());
        for (String p : paths) if (keep.test(p)) out.add(p);
        return out;
    }
}
