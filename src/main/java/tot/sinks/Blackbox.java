package tot.sinks;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import tot.model.Event;
import tot.model.Sink;
import tot.linux.Errno;
import tot.util.Json;

/**
 * `tot blackbox`: the last {@code n} syscall events in a ring buffer — memory bounded whatever
 * the rate — printed on demand from another thread (a timer, SIGUSR1, the end).
 */
public final class Blackbox implements Sink {
    private final Event.Call[] ring;
    private long count;

    public Blackbox(int n) {
        if (n < 1) throw new IllegalArgumentException("-n: expected a positive number");
        ring = new Event.Call[n];
    }

    @Override
    public boolean wantsSyscalls() {
        return true;
    }

    @Override
    public synchronized void accept(Event event) {
        if (event instanceof Event.Call s) ring[(int) (count++ % ring.length)] = s;
    }

    /** The kept events, oldest first. */
    public synchronized List<Event.Call> last() {
        List<Event.Call> out = new ArrayList<>(ring.length);
        long from = Math.max(0, count - ring.length);
        for (long i = from; i < count; i++) out.add(ring[(int) (i % ring.length)]);
        return out;
    }

    /** How many syscall events were seen in all. */
    public synchronized long seen() {
        return count;
    }

    /** An aligned table: time relative to now, tid, syscall(args) = result, duration. */
    public void printTable(PrintStream out, long nowNanos) {
        List<Event.Call> events = last();
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%d syscalls seen; the last %d:%n", seen(), events.size()));
        for (Event.Call s : events) {
            String result = s.errno() != 0 ? "-1 " + Errno.name(s.errno()) : s.durationNanos() > 0 ? Long.toString(s.result()) : "?";
            sb.append(String.format("%10.6fs %7d  %s(%s) = %s%s%n", (s.time() - nowNanos) / 1e9, s.tid(), s.name(),
                    String.join(", ", s.args()), result, s.durationNanos() > 0 ? String.format(" <%.6f>", s.durationNanos() / 1e9) : ""));
        }
        out.print(sb);
        out.flush();
    }

    /** A JSON array of the kept events (times in epoch ns). */
    public String json() {
        StringBuilder sb = new StringBuilder("[");
        for (Event.Call s : last()) {
            sb.append(sb.length() > 1 ? ",\n" : "\n").append("{\"t\":").append(s.time()).append(",\"pid\":").append(s.pid())
                    .append(",\"tid\":").append(s.tid()).append(",\"name\":\"").append(s.name()).append("\",\"args\":");
            Json.array(sb, s.args());
            if (s.errno() != 0) sb.append(",\"err\":\"").append(Errno.name(s.errno())).append('"');
            else if (s.durationNanos() > 0) sb.append(",\"ret\":").append(s.result());
            if (s.durationNanos() > 0) sb.append(",\"dur\":").append(s.durationNanos());
            sb.append('}');
        }
        return sb.append(sb.length() > 1 ? "\n]\n" : "]\n").toString();
    }
}
