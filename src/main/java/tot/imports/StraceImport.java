package tot.imports;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tot.model.Event;
import tot.model.Execution;
import tot.model.Sink;
import tot.store.Store;
import tot.strace.StraceParseException;
import tot.strace.StraceParser;
import tot.strace.StraceRecord;
import tot.strace.StraceReplay;

/**
 * An strace log into the store: {@link StraceReplay} turns its records into the events `tot
 * log` would have emitted, and this sink stores them as `tot log` does (without content hashes:
 * the files are no longer what they were). Two passes over the file: who forked whom, then the
 * replay. A line strace would not print is an error, or with {@code skipBad} counted and skipped.
 */
final class StraceImport implements Sink {
    private final Source source;
    private final RunWriter run;
    private final String cwd;
    private final boolean skipBad;
    /** Execution ID → executions row id. */
    private final Map<Integer, Long> rows = new HashMap<>();
    private int skipped;

    StraceImport(Source source, RunWriter run, String cwd, boolean skipBad) {
        this.source = source;
        this.run = run;
        this.cwd = cwd;
        this.skipBad = skipBad;
    }

    /** Imports the log; returns the first process's exit (-N: killed by signal N), null when unknown. */
    Integer read() throws ImportException, IOException {
        Map<Integer, java.util.Deque<Integer>> parents;
        try (StraceParser log = parser()) {
            parents = StraceReplay.parents(records(log, false));
        }
        StraceReplay replay = new StraceReplay(List.of(this), cwd, parents);
        try (StraceParser log = parser()) {
            StraceReplay.Records records = records(log, true);
            for (StraceRecord r; (r = records.next()) != null; ) replay.apply(r);
        }
        replay.finish();
        return replay.rootExit();
    }

    /** Lines skipped with --skip-bad. */
    int skipped() {
        return skipped;
    }

    private StraceParser parser() throws ImportException, IOException {
        return source.parts().isEmpty() ? StraceParser.of(source.open(), source.name(), 0) : StraceParser.openPerPid(source.path());
    }

    /** The parser's records, failing or skipping (and, when {@code count}, counting) bad lines. */
    private StraceReplay.Records records(StraceParser log, boolean count) {
        return () -> {
            while (true) {
                try {
                    return log.next();
                } catch (StraceParseException e) {
                    if (!skipBad) throw e;
                    if (count) skipped++;
                }
            }
        };
    }

    @Override
    public void accept(Event event) throws IOException {
        try {
            store(event);
        } catch (Store.StoreException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** A time of the log; null when it has none (strace without -t, -tt or -ttt). */
    private static Long time(long nanos) {
        return nanos < 0 ? null : nanos;
    }

    private void store(Event event) throws Store.StoreException {
        if (event.time() >= 0) run.saw(event.time());
        switch (event) {
            case Event.Exec e -> {
                Execution x = e.execution();
                rows.put(x.id, run.execution(new Store.Execution(x.id, x.parentId, x.pid, e.tid(), x.path, x.args, x.dir,
                        null, time(x.startNanos)), e.syscall(), time(e.time())));
            }
            case Event.Access a -> {
                Long row = rows.get(a.execution());
                if (row != null) run.access(row, a.path(), Store.Kind.of(a.kind(), a.syscall()), a.syscall(), a.errno(), time(a.time()));
            }
            case Event.Renamed r -> {
                Long row = rows.get(r.execution());
                if (row != null) run.renameOutputs(row, r.from(), r.to());
            }
            case Event.End e -> {
                Long row = rows.get(e.execution().id);
                if (row != null) run.end(row, time(e.execution().endNanos()), e.execution().exit(), e.execution().warnings());
            }
            case Event.Syscall s -> run.syscall(rows.get(s.execution()), new Store.Syscall(time(s.time()), s.pid(), s.tid(), s.name(),
                    s.args(), s.paths(), s.result(), s.errno(), s.durationNanos() > 0 ? s.durationNanos() : null));
            case Event.Spawn s -> { }
            case Event.Exit x -> { }
            case Event.Warning w -> System.err.println("tot: warning: " + source.name() + ": " + w.describe());
        }
    }

    /** Turns the parser's error into the importer's (same FILE:LINE: reason). */
    static ImportException error(StraceParseException e) {
        return new ImportException(e.file(), e.line(), e.reason() + ": " + e.text());
    }
}
