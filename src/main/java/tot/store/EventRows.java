package tot.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tot.model.AccessKind;
import tot.model.Event;
import tot.model.Execution;

/**
 * The one mapping of tot's events to tot.db's rows, for `tot log` and for every import: an exec
 * is an execution row and an exec access of its binary; an access event an access row, except
 * that an execution's successful writes wait for its end, so that they are stored under the
 * names renames gave them (and hashed once its write handles are closed), while a file renamed
 * away stays written under its old name too (unhashed), so that the run made {@code out.tmp} of
 * {@code gen > out.tmp && mv out.tmp out}: an intermediate, not an input; a syscall event is a
 * syscalls row when the run keeps them; the end ends the execution. It also learns what the run
 * row needs when the command is not known ahead (an import): the first execution's command and
 * cwd, and the span of the times seen.
 */
public final class EventRows {
    /** The content of a path an event names, when hashed (may wait for the hash); null: not hashed. */
    public interface Contents {
        Store.Content of(Event event, String path) throws InterruptedException;
    }

    private static final Contents NONE = (event, path) -> null;

    private final Store store;
    private final long run;
    private final boolean syscalls;
    private final Contents contents;
    /** Execution ID → its executions row; its successful writes not stored yet. */
    private Map<Integer, Long> rows = new HashMap<>();
    private Map<Integer, List<Event.Access>> writes = new HashMap<>();
    private Map<Integer, Long> markedRows = Map.of();
    private Map<Integer, List<Event.Access>> markedWrites = Map.of();
    private int executions;
    private long accesses, calls;
    private Execution first;
    private Long start, end;
    /** The path the last event removed (a rename's old name comes right before its Renamed events), or null. */
    private String removed;

    /** {@code syscalls}: keep syscall events; {@code contents}: the hashes (null: none). */
    public EventRows(Store store, long run, boolean syscalls, Contents contents) {
        this.store = store;
        this.run = run;
        this.syscalls = syscalls;
        this.contents = contents == null ? NONE : contents;
    }

    /** Stores what {@code e} adds; returns how many rows it wrote. */
    public int apply(Event e) throws Store.StoreException, InterruptedException {
        String removedBefore = removed;
        removed = null;
        if (e.time() >= 0) {
            if (start == null || e.time() < start) start = e.time();
            if (end == null || e.time() > end) end = e.time();
        }
        switch (e) {
            case Event.Exec x -> {
                Execution ex = x.execution();
                if (first == null || ex.id < first.id) first = ex;
                long row = store.addExecution(run, ex, x.tid());
                rows.put(ex.id, row);
                executions++;
                return 1 + access(row, ex.path, Operation.EXEC, x.syscall(), 0, x.time(), contents.of(e, ex.path), null);
            }
            case Event.Access a when a.kind() == AccessKind.OUTPUT && a.errno() == 0 -> {
                writes.computeIfAbsent(a.execution(), k -> new ArrayList<>()).add(a);
                return 0;
            }
            case Event.Access a -> {
                if (a.kind() == AccessKind.DELETED && a.errno() == 0) removed = a.path();
                Long row = rows.get(a.execution());
                if (row == null) return 0; // before the first exec (tot's own start-up)
                Store.Content content = a.kind() == AccessKind.INPUT && a.errno() == 0 ? contents.of(e, a.path()) : null;
                return access(row, a.path(), Operation.of(a.kind(), a.syscall()), a.syscall(), a.errno(), a.time(), content, null);
            }
            case Event.Renamed r when r.directory() -> { // a row of its own: RunGraph moves the files known below it
                removed = removedBefore;
                Long row = rows.get(r.execution());
                if (row == null) return 0;
                store.addAccess(row, r.to(), Operation.RENAME, "rename", 0, r.time() < 0 ? null : r.time(), null, r.from());
                accesses++;
                return 1;
            }
            case Event.Renamed r -> {
                removed = removedBefore; // one rename may move the outputs of several executions
                List<Event.Access> written = writes.get(r.execution());
                if (written == null) return 0;
                int n = 0;
                Long row = rows.get(r.execution());
                for (Event.Access a : written) {
                    if (!a.path().equals(r.from())) continue;
                    // the file itself was renamed (not a directory above it, whose old paths the run never removed)
                    if (row != null && r.from().equals(removedBefore)) {
                        n += access(row, a.path(), Operation.of(a.kind(), a.syscall()), a.syscall(), 0, a.time(), null, detail(a));
                    }
                }
                // under its new name the file is there from the rename on, not from the write: `patch -b`
                // reads f, writes f.tmp, renames f to f.orig, then f.tmp to f; at the write's time f would
                // look made before its removal (an intermediate) and before patch read the old f
                long at = r.time() >= 0 ? r.time() : -1;
                written.replaceAll(a -> a.path().equals(r.from())
                        ? new Event.Access(at >= 0 ? at : a.time(), a.execution(), r.to(), a.kind(), a.syscall(), a.errno(), null,
                                a.linkTarget(), a.emptied()) : a);
                return n;
            }
            case Event.End x -> {
                return end(x, x.execution());
            }
            case Event.Call c -> {
                if (!syscalls) return 0; // other sinks (-o) may make the tracer report them
                store.addSyscall(run, rows.get(c.execution()), c);
                calls++;
                return 1;
            }
            case Event.Spawn s -> {
                return 0;
            }
            case Event.Exit x -> {
                return 0;
            }
            case Event.Warning w -> {
                return 0; // an execution's warnings are stored with its end
            }
        }
    }

    /** A write's detail column: a symbolic link's text, or that the open emptied the file ({@link StoredAccess#EMPTIED}). */
    private static String detail(Event.Access a) {
        return a.emptied() ? StoredAccess.EMPTIED : a.linkTarget();
    }

    private int end(Event e, Execution x) throws Store.StoreException, InterruptedException {
        int n = 1;
        Long row = rows.remove(x.id);
        List<Event.Access> written = writes.remove(x.id);
        if (row == null) return 0;
        if (written != null) {
            for (Event.Access a : written) {
                n += access(row, a.path(), Operation.of(a.kind(), a.syscall()), a.syscall(), 0, a.time(), contents.of(e, a.path()),
                        detail(a));
            }
        }
        store.endExecution(row, x);
        return n;
    }

    /** {@code linkTarget}: what a symbolic link made holds (the row's detail), else null. */
    private int access(long row, String path, Operation op, String syscall, int errno, long time, Store.Content content,
                       String linkTarget) throws Store.StoreException {
        store.addAccess(row, path, op, syscall, errno, time < 0 ? null : time, content, linkTarget);
        accesses++;
        return 1;
    }

    /**
     * Stores the writes of executions that never ended (an event log cut short, a trace stopped
     * before their end): they are outputs all the same.
     */
    public int flush() throws Store.StoreException, InterruptedException {
        int n = 0;
        for (var e : writes.entrySet()) {
            Long row = rows.get(e.getKey());
            if (row == null) continue;
            for (Event.Access a : e.getValue()) {
                n += access(row, a.path(), Operation.of(a.kind(), a.syscall()), a.syscall(), 0, a.time(), contents.of(a, a.path()),
                        a.linkTarget());
            }
        }
        writes.clear();
        return n;
    }

    /** The state as of now: {@link #reset} comes back to it (a transaction was committed). */
    public void mark() {
        markedRows = new HashMap<>(rows);
        markedWrites = copy(writes);
    }

    /** Back to the state of the last {@link #mark} (the rows since then are to be written again elsewhere). */
    public void reset() {
        rows = new HashMap<>(markedRows);
        writes = copy(markedWrites);
    }

    private static Map<Integer, List<Event.Access>> copy(Map<Integer, List<Event.Access>> m) {
        Map<Integer, List<Event.Access>> out = new HashMap<>();
        m.forEach((k, v) -> out.put(k, new ArrayList<>(v)));
        return out;
    }

    /** These rows going on in {@code other} (a spool that copied the rows written so far, with their ids). */
    EventRows into(Store other) {
        EventRows r = new EventRows(other, run, syscalls, contents);
        r.rows = rows;
        r.writes = writes;
        r.markedRows = markedRows;
        r.markedWrites = markedWrites;
        r.executions = executions;
        r.accesses = accesses;
        r.calls = calls;
        r.first = first;
        r.start = start;
        r.end = end;
        r.removed = removed;
        return r;
    }

    /** The executions row of execution {@code id} while it runs, or null. */
    public Long row(int id) {
        return rows.get(id);
    }

    public int executions() {
        return executions;
    }

    public long accesses() {
        return accesses;
    }

    public long calls() {
        return calls;
    }

    /** The first execution (lowest ID) seen: an import's command and cwd; null when none. */
    public Execution first() {
        return first;
    }

    /** The earliest and latest times seen, or null. */
    public Long start() {
        return start;
    }

    public Long end() {
        return end;
    }
}
