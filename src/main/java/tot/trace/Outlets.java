package tot.trace;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import tot.model.Event;
import tot.model.Sink;
import tot.util.SafeText;

/**
 * The sinks a front-end feeds, in order: an event goes to each; a sink that fails to write is
 * named on stderr and dropped, the others go on.
 */
final class Outlets {
    private final List<Sink> sinks;

    Outlets(List<Sink> sinks) {
        this.sinks = new ArrayList<>(sinks);
    }

    void emit(Event e) {
        for (int i = 0; i < sinks.size(); i++) {
            try {
                sinks.get(i).accept(e);
            } catch (IOException ex) {
                System.err.println("tot: " + SafeText.escape(ex.getMessage() + " (that output stops here)"));
                sinks.remove(i--);
            }
        }
    }

    /** A traced program is about to change {@code path} (ptrace: before the call runs; eBPF: when tot learns of it). */
    void beforeChange(String path) {
        sinks.forEach(s -> s.beforeChange(path));
    }

    boolean wantSyscalls() {
        return sinks.stream().anyMatch(Sink::wantsSyscalls);
    }
}
