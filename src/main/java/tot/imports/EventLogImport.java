package tot.imports;

import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tot.store.Store;
import tot.store.Store.Kind;
import tot.linux.Errno;
import tot.linux.Signals;
import tot.util.SafeText;

/**
 * A tot event log (`tot log -o`), line by line, into the rows `tot log` itself would have stored
 * (see StoreSink): an exec event is an execution and an exec access of its binary; input,
 * output, deleted and failed-exec events are accesses (with the errno of {@code err}); renamed
 * renames the execution's earlier outputs; end ends the execution; the exit of the first exec's
 * process is the run's status. syscall events become syscalls rows; a warning event about an
 * execution is kept with it; spawn events and other warnings have no rows.
 */
final class EventLogImport {
    private final String file;
    private final RunWriter run;
    private final Set<Integer> ended = new HashSet<>();
    /** Execution ID → its warnings so far (stored when it ends). */
    private final java.util.Map<Integer, java.util.SequencedSet<String>> warnings = new java.util.HashMap<>();
    private int rootPid = -1;
    private Integer rootExit;

    EventLogImport(String file, RunWriter run) {
        this.file = file;
        this.run = run;
    }

    /** Reads every event into the run; returns the run's exit status (null when the log does not say). */
    Integer read(InputStream in) throws ImportException, IOException, Store.StoreException {
        try (JsonParser p = JsonInput.FACTORY.createParser(in); EventStream events = new EventStream(new EventParser(file, p))) {
            for (EventLine e; (e = events.next()) != null; ) apply(e);
        }
        return rootExit;
    }

    private void apply(EventLine e) throws ImportException, Store.StoreException {
        if (e.t != null) run.saw(e.t);
        switch (e.ev) {
            case "exec" -> {
                if (e.id != null) execution(e);
                else access(e, Kind.EXEC); // a failed exec
            }
            case "input" -> access(e, Kind.READ);
            case "output" -> access(e, Kind.written(e.syscall));
            case "deleted" -> access(e, Kind.DELETE);
            case "renamed" -> run.renameOutputs(row(e), e.require(e.from, "from"), e.require(e.to, "to"));
            case "end" -> {
                long row = row(e);
                if (!ended.add(e.exec)) throw e.error("end event: execution " + e.exec + " already ended");
                run.end(row, e.t, e.exit, warnings.getOrDefault(e.exec, new java.util.LinkedHashSet<>()));
            }
            case "exit" -> {
                Integer status = status(e);
                if (e.require(e.pid, "pid") == rootPid && rootExit == null) rootExit = status;
            }
            case "syscall" -> run.syscall(e.exec == null || e.exec == 0 ? null : row(e), new Store.Syscall(e.t, e.pid, e.tid,
                    e.require(e.name, "name"), e.args == null ? List.of() : e.args, e.paths, e.ret, errno(e), e.dur));
            case "warning" -> {
                if (e.exec != null && e.exec != 0) {
                    row(e);
                    warnings.computeIfAbsent(e.exec, k -> new java.util.LinkedHashSet<>()).add(e.require(e.message, "message"));
                }
            }
            case "spawn" -> { }
            default -> throw e.error("unknown event \"" + SafeText.quote(e.ev) + '"');
        }
    }

    private void execution(EventLine e) throws ImportException, Store.StoreException {
        int parent = e.require(e.parent, "parent");
        if (e.id <= 0) throw e.error("exec event: " + e.id + " is not an execution ID (they count from 1)");
        if (run.row(e.id) != null) throw e.error("exec event: execution " + e.id + " already started");
        if (parent != 0 && run.row(parent) == null) throw e.error("exec event: unknown parent execution " + parent);
        int pid = e.require(e.pid, "pid");
        if (rootPid < 0) rootPid = pid;
        run.execution(new Store.Execution(e.id, parent, pid, e.require(e.tid, "tid"), e.require(e.path, "path"),
                e.require(e.args, "args"), e.require(e.dir, "dir"), e.env, e.t), e.syscall, e.t);
    }

    private void access(EventLine e, Kind kind) throws ImportException, Store.StoreException {
        run.access(row(e), e.require(e.path, "path"), kind, e.syscall, errno(e), e.t);
    }

    /** The event's errno (0 without "err"). */
    private static int errno(EventLine e) throws ImportException {
        if (e.err == null) return 0;
        int errno = Errno.byName(e.err);
        if (errno <= 0) throw e.error(e.ev + " event: unknown errno \"" + SafeText.quote(e.err) + '"');
        return errno;
    }

    /** The row of the execution the event names in {@code exec}. */
    private long row(EventLine e) throws ImportException {
        Long row = run.row(e.require(e.exec, "exec"));
        if (row == null) throw e.error(e.ev + " event: unknown execution " + e.exec);
        return row;
    }

    /** An exit event's status: its code, or -N for signal N. */
    private static Integer status(EventLine e) throws ImportException {
        if (e.code != null) return e.code;
        if (e.signal == null) throw e.error("exit event: missing \"code\" or \"signal\"");
        int n = Signals.number(e.signal);
        if (n < 0) throw e.error("exit event: unknown signal \"" + SafeText.quote(e.signal) + '"');
        return -n;
    }
}
