package tot.imports;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * Reads the events of a JSON Lines stream, each of which must start on a line of its own and
 * end on the same line. Fields the import does not use (paths, kind, flags…) are skipped
 * unread. One parser reads the whole stream: a parser per line would be stricter for free but
 * costs 3.6 times as much (cold JVM, a 2M-line log).
 */
final class EventParser {
    private final String file;
    private final JsonInput json;
    private int lastLine;

    EventParser(String file, JsonParser parser) {
        this.file = file;
        this.json = new JsonInput(file).reset(parser, 0);
    }

    /** The next event, or null at the end of the stream. */
    EventLine next() throws ImportException, IOException {
        json.reset(json.parser(), 0); // errors at the parser's line until the event's line is known
        JsonToken first = json.next();
        if (first == null) return null;
        EventLine e = new EventLine(file, json.line());
        if (e.line == lastLine) throw json.error("more than one JSON value on the line");
        json.reset(json.parser(), e.line);
        if (first != JsonToken.START_OBJECT) throw json.error("expected an event (a JSON object), found " + JsonInput.describe(first));
        Long t = null;
        for (String key; (key = json.nextField()) != null; ) {
            switch (key) {
                case "t" -> t = json.longValue(key);
                case "ev" -> e.ev = json.string(key);
                case "path" -> e.path = json.string(key);
                case "dir" -> e.dir = json.string(key);
                case "syscall" -> e.syscall = json.string(key);
                case "err" -> e.err = json.string(key);
                case "from" -> e.from = json.string(key);
                case "to" -> e.to = json.string(key);
                case "target" -> e.target = json.string(key);
                case "directory" -> e.directory = json.bool(key);
                case "emptied" -> e.emptied = json.bool(key);
                case "signal" -> e.signal = json.string(key);
                case "pid" -> e.pid = json.intValue(key);
                case "tid" -> e.tid = json.intValue(key);
                case "id" -> e.id = json.intValue(key);
                case "parent" -> e.parent = json.intValue(key);
                case "exec" -> e.exec = json.intValue(key);
                case "code" -> e.code = json.intValue(key);
                case "exit" -> e.exit = json.intValue(key);
                case "args" -> e.args = json.strings(key);
                case "env" -> e.env = json.strings(key);
                case "fds" -> e.fds = json.fds(key);
                case "name" -> e.name = json.string(key);
                case "message" -> e.message = json.string(key);
                case "paths" -> e.paths = json.stringsOrNulls(key);
                case "ret" -> e.ret = json.longValue(key);
                case "dur" -> e.dur = json.longValue(key);
                default -> json.skip();
            }
        }
        lastLine = json.parser().currentTokenLocation().getLineNr();
        if (lastLine != e.line) throw json.error("an event must be on one line (this one ends on line " + lastLine + ")");
        e.t = e.require(t, "t") < 0 ? null : t; // -1: the trace had no times (an strace log without timestamps)
        e.require(e.ev, "ev");
        return e;
    }
}
