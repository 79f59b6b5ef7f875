package tot.imports;

import java.util.List;
import tot.model.AccessKind;
import tot.model.Event;
import tot.model.Execution;
import tot.store.EventRows;
import tot.store.Store;

/**
 * One imported run going into the store: the events an import makes go through the one
 * mapping `tot log` uses ({@link EventRows}, without content hashes: the files are no longer what
 * they were); the run row learns at the end what only the events tell (the command and cwd of the
 * first execution, the earliest and latest time).
 */
final class RunWriter {
    private final Store store;
    private final long run;
    private final EventRows rows;
    private final Importer.Counter counter;

    RunWriter(Store store, Store.Run run, Importer.Counter counter) throws Store.StoreException {
        this.store = store;
        this.run = store.addRun(run);
        this.rows = new EventRows(store, this.run, true, null);
        this.counter = counter;
    }

    /** Stores what event {@code e} adds. */
    void apply(Event e) throws Store.StoreException {
        try {
            rows.apply(e);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new Store.StoreException("interrupted", ex);
        }
        switch (e) {
            case Event.Exec x -> {
                counter.execution();
                counter.access(x.execution().path);
            }
            case Event.Access a when a.errno() == 0 && a.kind() != AccessKind.MKDIR -> counter.access(a.path()); // files only
            default -> { }
        }
    }

    /** Whether execution {@code id} has started and not ended. */
    boolean running(int id) {
        return rows.row(id) != null;
    }

    /** Completes the run row; {@code exit}: the command's status (-N when killed by signal N), null when unknown. */
    Importer.Imported finish(Integer exit) throws Store.StoreException {
        try {
            rows.flush();
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new Store.StoreException("interrupted", ex);
        }
        Execution first = rows.first();
        store.describeRun(run, first == null ? List.of() : first.args, first == null ? null : first.dir, rows.start());
        store.finishRun(run, rows.end(), exit, true);
        return new Importer.Imported(run, rows.executions(), rows.accesses(), rows.calls());
    }
}
