package tot.imports;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tot.store.Store;
import tot.store.Store.Kind;

/**
 * One imported run going into the store: its executions by ID, the counts for the summary, and
 * what the run row learns only at the end (the command and cwd of the first execution, the
 * earliest and latest time seen).
 */
final class RunWriter {
    private final Store store;
    private final long run;
    /** Execution ID → executions row id. */
    private final Map<Integer, Long> rows = new HashMap<>();
    private int executions;
    private long accesses, syscalls;
    private int firstId = Integer.MAX_VALUE;
    private List<String> command = List.of();
    private String cwd;
    private Long start, end;

    private final Importer.Counter counter;

    RunWriter(Store store, Store.Run run, Importer.Counter counter) throws Store.StoreException {
        this.store = store;
        this.run = store.addRun(run);
        this.counter = counter;
    }

    /** The row of execution {@code execId}, or null when it has not started. */
    Long row(int execId) {
        return rows.get(execId);
    }

    /** Adds an execution (its ID not used yet) and the exec access of its binary; returns its row. */
    long execution(Store.Execution x, String syscall, Long time) throws Store.StoreException {
        long row = store.addExecution(run, x);
        rows.put(x.execId(), row);
        executions++;
        counter.execution();
        if (x.execId() < firstId) {
            firstId = x.execId();
            command = x.argv();
            cwd = x.cwd();
        }
        access(row, x.path(), Kind.EXEC, syscall, 0, time);
        return row;
    }

    void access(long row, String path, Kind kind, String syscall, int errno, Long time) throws Store.StoreException {
        store.addAccess(row, path, kind, syscall, errno, time, null, null);
        accesses++;
        if (errno == 0) counter.access(path);
    }

    void syscall(Long row, Store.Syscall call) throws Store.StoreException {
        store.addSyscall(run, row, call);
        syscalls++;
    }

    void renameOutputs(long row, String from, String to) throws Store.StoreException {
        store.renameOutputs(row, from, to);
    }

    void end(long row, Long time, Integer exit, java.util.Collection<String> warnings) throws Store.StoreException {
        store.endExecution(row, time, exit, warnings);
    }

    /** A time the trace reached: the run spans the earliest to the latest. */
    void saw(long time) {
        if (start == null || time < start) start = time;
        if (end == null || time > end) end = time;
    }

    /** Completes the run row; {@code exit}: the command's status (-N when killed by signal N), null when unknown. */
    Importer.Imported finish(Integer exit) throws Store.StoreException {
        store.describeRun(run, command, cwd, start);
        store.finishRun(run, end, exit, true);
        return new Importer.Imported(run, executions, accesses, syscalls);
    }
}
