package tot.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tot.model.Event;
import tot.model.Sink;

/** The end of a trace: every sink is told it is finishing before any is closed, so the slow ones overlap. */
class ClosingSinksTest {
    private final List<String> calls = new ArrayList<>();

    private Sink sink(String name, boolean fails) {
        return new Sink() {
            @Override public void accept(Event event) {}

            @Override public void finishing() {
                calls.add("finishing " + name);
            }

            @Override public void close() throws IOException {
                calls.add("close " + name);
                if (fails) throw new IOException(name + ": disk full");
            }
        };
    }

    @Test
    void everySinkStartsFinishingBeforeAnyIsClosedAndEveryOneIsClosed() {
        List<String> failures = Guarded.closeAll(List.of(sink("deps", false), new Guarded(sink("events", true)), sink("store", false)));
        assertEquals(List.of("finishing deps", "finishing events", "finishing store", "close deps", "close events", "close store"), calls);
        assertEquals(List.of("events: disk full"), failures);
    }

    @Test
    void aSinkThatFailedDuringTheTraceIsNotToldToFinish() {
        Sink broken = new Sink() {
            @Override public void accept(Event event) throws IOException {
                throw new IOException("events.jsonl: no space left on device");
            }

            @Override public void finishing() {
                calls.add("finishing broken");
            }
        };
        Guarded guarded = new Guarded(broken);
        guarded.accept(new Event.Warning(0, 1, null, "w"));
        List<String> failures = Guarded.closeAll(List.of(guarded, sink("store", false)));
        assertEquals(List.of("finishing store", "close store"), calls);
        assertEquals(List.of("events.jsonl: no space left on device"), failures);
    }
}
