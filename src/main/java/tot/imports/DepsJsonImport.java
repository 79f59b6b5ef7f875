package tot.imports;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import tot.store.Store;
import tot.model.AccessKind;
import tot.model.Event;
import tot.model.Execution;

/**
 * deps.json, fptrace's or tot's, one record at a time: each becomes an execution with its ID and
 * Parent, an exec access of its Path, a read per Input, a write per Output and a delete per
 * Deleted (tot's). fptrace records no times, tot only Start and End: access times, and syscalls,
 * are NULL. Warnings and FDs are kept with the execution.
 */
final class DepsJsonImport {
    /** One record, as parsed; {@code line}: where it starts. */
    private static final class Record {
        int line;
        Integer id, parent, exec, pid, exit;
        boolean hasExit;
        String dir, path;
        List<String> args, env, inputs, outputs, deleted = List.of(), warnings = List.of();
        /** Null when the record has no FDs (unknown; fptrace's "FDs": null is none). */
        SortedMap<Integer, String> fds;
        Long start, end;
    }

    /** Where each execution's process went next and how it ended: the run's status is its root's. */
    private record Link(int exec, Integer exit) {}

    private final String file;
    private final JsonInput json;
    private final RunWriter run;
    private final Map<Integer, Link> links = new HashMap<>();

    DepsJsonImport(String file, RunWriter run) {
        this.file = file;
        this.json = new JsonInput(file);
        this.run = run;
    }

    /** Reads every record into the run; returns the run's exit status (null when unknown). */
    Integer read(InputStream in) throws ImportException, IOException, Store.StoreException {
        try (JsonParser p = JsonInput.FACTORY.createParser(in)) {
            json.reset(p, 0);
            if (json.next() != JsonToken.START_ARRAY) throw json.error("expected a JSON array of executions");
            for (JsonToken t; (t = json.next()) != JsonToken.END_ARRAY; ) {
                if (t != JsonToken.START_OBJECT) throw json.error("expected an execution (a JSON object), found " + JsonInput.describe(t));
                write(record());
            }
            if (json.next() != null) throw json.error("unexpected content after the array");
        } catch (JsonProcessingException e) { // closing
            throw json.error(e);
        }
        return rootExit();
    }

    private Record record() throws ImportException, IOException {
        Record r = new Record();
        r.line = json.line();
        for (String key; (key = json.nextField()) != null; ) {
            switch (key) {
                case "Cmd" -> cmd(r);
                case "Inputs" -> r.inputs = json.strings(key);
                case "Outputs" -> r.outputs = json.strings(key);
                case "Deleted" -> r.deleted = json.strings(key);
                case "Warnings" -> r.warnings = json.strings(key);
                case "Pid" -> r.pid = json.intOrNull(key);
                case "Start" -> r.start = json.instant(key);
                case "End" -> r.end = json.instant(key);
                case "FDs" -> r.fds = json.fds(key);
                default -> json.skip(); // whatever a later version adds
            }
        }
        require(r.id, r.line, "Cmd");
        require(r.inputs, r.line, "Inputs");
        require(r.outputs, r.line, "Outputs");
        return r;
    }

    private void cmd(Record r) throws ImportException, IOException {
        if (json.parser().currentToken() != JsonToken.START_OBJECT) throw json.error("\"Cmd\": expected an object, found "
                + JsonInput.describe(json.parser().currentToken()));
        int line = json.line();
        for (String key; (key = json.nextField()) != null; ) {
            switch (key) {
                case "ID" -> r.id = positive(key);
                case "Parent" -> r.parent = json.intValue(key);
                case "Exec" -> r.exec = json.intValue(key);
                case "Exit" -> {
                    r.exit = json.intOrNull(key);
                    r.hasExit = true;
                }
                case "Dir" -> r.dir = json.string(key);
                case "Path" -> r.path = json.string(key);
                case "Args" -> r.args = json.strings(key);
                case "Env" -> r.env = json.parser().currentToken() == JsonToken.VALUE_NULL ? null : json.strings(key);
                default -> json.skip();
            }
        }
        require(r.id, line, "Cmd.ID");
        require(r.parent, line, "Cmd.Parent");
        require(r.dir, line, "Cmd.Dir");
        require(r.path, line, "Cmd.Path");
        require(r.args, line, "Cmd.Args");
    }

    private int positive(String key) throws ImportException, IOException {
        int v = json.intValue(key);
        if (v <= 0) throw json.error('"' + key + "\": " + v + " is not an execution ID (they count from 1)");
        return v;
    }

    /** A key the object starting on {@code line} must have. */
    private void require(Object value, int line, String key) throws ImportException {
        if (value == null) throw new ImportException(file, line, "missing \"" + key + '"');
    }

    private void write(Record r) throws ImportException, Store.StoreException {
        if (links.containsKey(r.id)) throw new ImportException(file, r.line, "execution ID " + r.id + " appears twice");
        // Exit is left out when 0 and when the process exec'd (Exec): then it has none
        Integer exit = r.hasExit ? r.exit : r.exec == null ? Integer.valueOf(0) : null;
        links.put(r.id, new Link(r.exec == null ? 0 : r.exec, exit));
        int pid = r.pid == null ? 0 : r.pid;
        long start = r.start == null ? -1 : r.start, end = r.end == null ? -1 : r.end;
        Execution x = new Execution(r.id, r.parent, pid, r.dir, r.path, r.args, r.env, r.fds, start);
        run.apply(new Event.Exec(start, pid, x, null));
        for (String p : r.inputs) run.apply(new Event.Access(-1, r.id, p, AccessKind.INPUT, null, 0));
        for (String p : r.outputs) run.apply(new Event.Access(-1, r.id, p, AccessKind.OUTPUT, null, 0));
        for (String p : r.deleted) run.apply(new Event.Access(-1, r.id, p, AccessKind.DELETED, null, 0));
        if (exit != null) x.exit(exit);
        r.warnings.forEach(x::warn);
        x.end(end);
        run.apply(new Event.End(end, x));
    }

    /** The status of the first execution's process: its Exit, or where it exec'd to, that one's. */
    private Integer rootExit() {
        Integer first = links.keySet().stream().min(Integer::compare).orElse(null);
        Link l = first == null ? null : links.get(first);
        for (int hops = 0; l != null && l.exit() == null && l.exec() != 0 && hops < links.size(); hops++) {
            Link next = links.get(l.exec());
            if (next == null) return null; // left out of the file (tot log --only)
            l = next;
        }
        return l == null ? null : l.exit();
    }
}
