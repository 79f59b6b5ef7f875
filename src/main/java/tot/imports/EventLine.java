package tot.imports;

import java.util.List;
import tot.util.SafeText;

/**
 * One event of a tot event log (a line of JSON Lines, as tot.sinks.JsonLines writes it): the
 * fields the import uses, null when absent. {@link EventParser} fills it in.
 */
final class EventLine {
    final String file;
    final int line;
    /** The event's time; null when unknown ({@code "t": -1}). */
    Long t;
    String ev, path, dir, syscall, err, from, to, signal, name, message, target;
    Integer pid, tid, id, parent, exec, code, exit;
    Long ret, dur;
    /** A renamed event: the rename was a directory's. */
    boolean directory;
    /** An output event: the execution's first write of the path emptied or made the file. */
    boolean emptied;
    List<String> args, env, paths;
    /** An exec event's fds (null when it has no {@code fds}: unknown, as in a log of an older tot). */
    java.util.SortedMap<Integer, String> fds;

    EventLine(String file, int line) {
        this.file = file;
        this.line = line;
    }

    /** An import error on this event's line. */
    ImportException error(String reason) {
        return new ImportException(file, line, reason);
    }

    /** {@code value}, or an error when the event lacks {@code key}. */
    <T> T require(T value, String key) throws ImportException {
        if (value == null) throw missing(this, key);
        return value;
    }

    static ImportException missing(EventLine e, String key) {
        return e.error((e.ev == null ? "event" : SafeText.quote(e.ev) + " event") + ": missing \"" + key + '"');
    }
}
