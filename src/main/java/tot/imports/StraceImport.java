package tot.imports;

import java.io.IOException;
import java.time.LocalDate;
import java.util.List;
import tot.model.Event;
import tot.model.Sink;
import tot.store.Store;
import tot.strace.LogSurvey;
import tot.strace.RepeatedWarnings;
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
        String start = survey.startDirectory(cwd);
        for (String w : survey.warnings()) warnings.add(source.name() + ": " + w);
        skipped = survey.skipped();
        RepeatedWarnings repeated = new RepeatedWarnings();
        StraceReplay replay = new StraceReplay(List.of(this, repeated), start, survey);
        try (StraceParser log = survey.reopen()) {
            StraceReplay.Records records = survey.replay(log);
            for (StraceRecord r; (r = records.next()) != null; ) replay.apply(r);
        }
        replay.finish();
        for (String w : repeated.lines()) warnings.add(source.name() + ": " + w);
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
            run.apply(event);
        } catch (Store.StoreException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        // the run is finished by the importer
    }

    /** Turns the parser's error into the importer's: FILE:LINE: reason: the line (quoted safely). */
    static ImportException error(StraceParseException e) {
        String line = e.quotedText();
        return new ImportException(e.file(), e.line(), line.isEmpty() ? e.reason() : e.reason() + ": " + line);
    }
}
