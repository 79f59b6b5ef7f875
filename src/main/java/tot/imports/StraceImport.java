package tot.imports;

import java.io.IOException;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tot.model.Event;
import tot.model.Execution;
import tot.model.Sink;
import tot.store.Store;
import tot.strace.LogSurvey;
import tot.strace.StraceParseException;
import tot.strace.StraceParser;
import tot.strace.StraceRecord;
import tot.strace.StraceReplay;

/**
 * An strace log into the store: {@link StraceReplay} turns its records into the events `tot
 * log` would have emitted, and this sink stores them as `tot log` does (without content hashes:
 * the files are no longer what they were). Two passes over the file ({@link LogSurvey}: who forked
 * whom, the root's pid; then the replay). A line strace would not print is an error, or with
 * {@code skipBad} counted and skipped; a file with no strace line at all is an error either way.
 */
final class StraceImport implements Sink {
    private final Source source;
    private final RunWriter run;
    private final String cwd;
    private final boolean skipBad;
    private final LocalDate date;
    private final List<String> warnings;
    /** Execution ID → executions row id. */
    private final Map<Integer, Long> rows = new HashMap<>();
    private int skipped;

    /** {@code date}: the day a -t/-tt log began, or null; {@code warnings}: where to add what the user should know. */
    StraceImport(Source source, RunWriter run, String cwd, boolean skipBad, LocalDate date, List<String> warnings) {
        this.source = source;
        this.run = run;
        this.cwd = cwd;
        this.skipBad = skipBad;
        this.date = date;
        this.warnings = warnings;
    }

    /** Imports the log; returns the first process's exit (-N: killed by signal N), null when unknown. */
    Integer read() throws ImportException, IOException {
        LogSurvey survey = LogSurvey.of(this::parser, skipBad);
        for (String w : survey.warnings()) warnings.add(source.name() + ": " + w);
        skipped = survey.skipped();
        StraceReplay replay = new StraceReplay(List.of(this), cwd, survey.parents());
        try (StraceParser log = survey.reopen()) {
            StraceReplay.Records records = survey.replay(log);
            for (StraceRecord r; (r = records.next()) != null; ) replay.apply(r);
        }
        replay.finish();
        return replay.rootExit();
    }

    /** Lines skipped with --skip-bad. */
    int skipped() {
        return skipped;
    }

    private StraceParser parser(int defaultPid) throws IOException {
        StraceParser.Options options = StraceParser.Options.defaults().withDefaultPid(defaultPid).withDate(date);
        if (!source.parts().isEmpty()) return StraceParser.openPerPid(source.path(), options);
        try {
            return StraceParser.of(source.open(), source.name(), options);
        } catch (ImportException e) {
            throw new IOException(e.getMessage(), e);
        }
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
            case Event.Call s -> run.syscall(rows.get(s.execution()), new Store.Syscall(time(s.time()), s.pid(), s.tid(), s.name(),
                    s.args(), s.paths(), s.result(), s.errno(), s.durationNanos() > 0 ? s.durationNanos() : null));
            case Event.Spawn s -> { }
            case Event.Exit x -> { }
            case Event.Warning w -> warnings.add(source.name() + ": " + w.describe());
        }
    }

    /** Turns the parser's error into the importer's: FILE:LINE: reason: the line (quoted safely). */
    static ImportException error(StraceParseException e) {
        String line = e.quotedText();
        return new ImportException(e.file(), e.line(), line.isEmpty() ? e.reason() : e.reason() + ": " + line);
    }
}
