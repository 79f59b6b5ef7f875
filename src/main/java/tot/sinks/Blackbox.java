package tot.sinks;

import java.util.ArrayList;
import java.util.List;
import tot.model.Event;
import tot.model.Sink;

/**
 * `tot blackbox`: the last {@code n} syscall events in a ring buffer — memory bounded whatever
 * the rate — read from other threads (tot.api.BlackboxRecorder: a timer, SIGUSR1, the end).
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
}
