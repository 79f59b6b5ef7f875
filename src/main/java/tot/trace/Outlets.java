package tot.trace;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import tot.model.Event;
import tot.model.Notice;
import tot.model.Sink;

/**
 * The sinks a front-end feeds, in order: an event goes to each; a sink that fails to write is
 * dropped, the others go on and get a {@link Notice} that names it.
 */
final class Outlets {
    /** Copied on write: {@link #notice} may come from another thread while a failed sink is dropped. */
    private final List<Sink> sinks;

    Outlets(List<Sink> sinks) {
        this.sinks = new CopyOnWriteArrayList<>(sinks);
    }

    void emit(Event e) {
        for (int i = 0; i < sinks.size(); i++) {
            try {
                sinks.get(i).accept(e);
            } catch (IOException ex) {
                sinks.remove(i--);
                notice(new Notice(Notice.Kind.OUTPUT_FAILED, ex.getMessage() + " (that output stops here)"));
            }
        }
    }

    /** A traced program is about to change {@code path} (ptrace: before the call runs; eBPF: when tot learns of it). */
    void beforeChange(String path) {
        sinks.forEach(s -> s.beforeChange(path));
    }

    /** {@code n} to every sink still fed; from any thread. */
    void notice(Notice n) {
        for (Sink s : sinks) s.notice(n);
    }

    boolean wantSyscalls() {
        return sinks.stream().anyMatch(Sink::wantsSyscalls);
    }
}
