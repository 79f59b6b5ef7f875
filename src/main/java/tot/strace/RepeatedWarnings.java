package tot.strace;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tot.model.Event;
import tot.model.Sink;

/**
 * The warnings a replay gave its executions, for stderr once each: a log where many tasks lack
 * the same thing (no fork shown, no end) gives each execution the warning, and one line per task
 * said nothing more but buried the rest. Each distinct line is kept once, in the order first
 * seen, with how many times it came.
 */
public final class RepeatedWarnings implements Sink {
    private final Map<String, Integer> seen = new LinkedHashMap<>();

    @Override
    public void accept(Event event) {
        if (event instanceof Event.Warning w) seen.merge(w.describe(), 1, Integer::sum);
    }

    /** Each warning once, {@code (N times)} after one that came more than once. */
    public List<String> lines() {
        List<String> out = new ArrayList<>(seen.size());
        seen.forEach((text, n) -> out.add(n == 1 ? text : text + " (" + n + " times)"));
        return out;
    }
}
