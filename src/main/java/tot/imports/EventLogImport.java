package tot.imports;

import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tot.store.Store;
import java.util.HashMap;
import java.util.Map;
import tot.model.AccessKind;
import tot.model.Event;
import tot.model.Execution;
import tot.linux.Errno;
import tot.linux.Signals;
import tot.util.SafeText;

/**
 * A tot event log (`tot log -o`), line by line, back into the events `tot log` emitted, checked
 * (an execution's events come after its exec, its end once), and into the store through the same
 * mapping (tot.store.EventRows): so the rows are those `tot log` itself would have stored. The
 * exit of the first exec's process is the run's status; a warning event about an execution is
 * kept with it; spawn events and other warnings have no rows.
 */
final class EventLogImport {
    private final String file;
    private final RunWriter run;
    /** Every execution started so far, by ID (its record collects what the end event stores). */
    private final Map<Integer, Execution> executions = new HashMap<>();
    private final Set<Integer> ended = new HashSet<>();
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
        long t = e.t == null ? -1 : e.t;
        switch (e.ev) {
            case "exec" -> {
                if (e.id != null) execution(e, t);
                else access(e, t, AccessKind.EXEC); // a failed exec
            }
            case "input" -> access(e, t, AccessKind.INPUT);
            case "output" -> access(e, t, AccessKind.OUTPUT);
            case "deleted" -> access(e, t, AccessKind.DELETED);
            case "mkdir" -> access(e, t, AccessKind.MKDIR);
            case "renamed" -> run.apply(new Event.Renamed(t, execution(e).id, e.require(e.from, "from"), e.require(e.to, "to"), e.directory));
            case "end" -> {
                Execution x = execution(e);
                if (!ended.add(x.id)) throw e.error("end event: execution " + e.exec + " already ended");
                if (e.exit != null) x.exit(e.exit);
                x.end(t);
                run.apply(new Event.End(t, x));
            }
            case "exit" -> {
                Integer status = status(e);
                if (e.require(e.pid, "pid") == rootPid && rootExit == null) rootExit = status;
            }
            case "syscall" -> run.apply(new Event.Call(t, e.pid == null ? 0 : e.pid, e.tid == null ? 0 : e.tid,
                    e.exec == null || e.exec == 0 ? 0 : execution(e).id, e.require(e.name, "name"), e.paths == null ? List.of() : e.paths,
                    e.args == null ? List.of() : e.args, e.ret == null ? 0 : e.ret, errno(e), e.dur == null ? 0 : e.dur));
            case "warning" -> {
                if (e.exec != null && e.exec != 0) execution(e).warn(e.require(e.message, "message"));
            }
            case "spawn" -> { }
            default -> throw e.error("unknown event \"" + SafeText.quote(e.ev) + '"');
        }
    }

    private void execution(EventLine e, long t) throws ImportException, Store.StoreException {
        int parent = e.require(e.parent, "parent");
        if (e.id <= 0) throw e.error("exec event: " + e.id + " is not an execution ID (they count from 1)");
        if (executions.containsKey(e.id)) throw e.error("exec event: execution " + e.id + " already started");
        if (parent != 0 && !executions.containsKey(parent)) throw e.error("exec event: unknown parent execution " + parent);
        int pid = e.require(e.pid, "pid");
        if (rootPid < 0) rootPid = pid;
        Execution x = new Execution(e.id, parent, pid, e.require(e.dir, "dir"), e.require(e.path, "path"), e.require(e.args, "args"),
                e.env, e.fds, t);
        executions.put(e.id, x);
        run.apply(new Event.Exec(t, e.require(e.tid, "tid"), x, e.syscall));
    }

    private void access(EventLine e, long t, AccessKind kind) throws ImportException, Store.StoreException {
        run.apply(new Event.Access(t, execution(e).id, e.require(e.path, "path"), kind, e.syscall, errno(e), null,
                kind == AccessKind.OUTPUT ? e.target : null, kind == AccessKind.OUTPUT && e.emptied));
    }

    /** The event's errno (0 without "err"). */
    private static int errno(EventLine e) throws ImportException {
        if (e.err == null) return 0;
        int errno = Errno.byName(e.err);
        if (errno <= 0) throw e.error(e.ev + " event: unknown errno \"" + SafeText.quote(e.err) + '"');
        return errno;
    }

    /** The execution the event names in {@code exec}. */
    private Execution execution(EventLine e) throws ImportException {
        Execution x = executions.get(e.require(e.exec, "exec"));
        if (x == null) throw e.error(e.ev + " event: unknown execution " + e.exec);
        return x;
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
