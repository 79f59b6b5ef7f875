package tot.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tot.sinks.DepsJson;
import tot.sinks.JsonLines;
import tot.model.Sink;
import tot.strace.LogSurvey;
import tot.strace.RepeatedWarnings;
import tot.strace.StraceParseException;
import tot.strace.StraceParser;
import tot.strace.StraceRecord;
import tot.strace.StraceReplay;
import tot.util.SafeText;

/** `tot deps --from strace.log`: deps.json (and the event stream) of a run traced by strace. */
@Command(name = "deps", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write deps.json for a command traced by strace, with the same rules as tot log.",
                "The log: strace -f -s 4096 [-tt|-ttt] [-T] [-y|-yy] -o LOG COMMAND (or strace's stderr, or an strace -ff "
                        + "-o LOG set)."},
        footer = {"", "Example:  strace -f -s 4096 -o make.log make", "          tot deps --from make.log -d deps.json"})
final class DepsCommand implements Callable<Integer> {
    @Option(names = "--from", required = true, paramLabel = "LOG", description = "The strace log (or the prefix of an strace -ff -o LOG set).")
    Path from;

    @Option(names = {"-d", "--deps"}, paramLabel = "FILE", description = "Write deps.json to FILE ('-': standard output; default).")
    String deps = "-";

    @Option(names = {"-o", "--events"}, paramLabel = "FILE", description = "Also write the events as JSON Lines to FILE.")
    String events;

    @Option(names = "--cwd", paramLabel = "DIR", description = "The directory the traced command started in (default: the one the log shows before the first"
            + " chdir: strace -y's AT_FDCWD</dir>, a getcwd, -y's path of a relative open; else the current one).")
    Path cwd;

    @Option(names = "--skip-bad", description = "Skip and count lines strace would not print (a program's output mixed into"
            + " the log), instead of failing.")
    boolean skipBad;

    @Option(names = "--date", paramLabel = "YYYY-MM-DD",
            description = "For a log with times of day (strace -t, -tt): the day it began (default: unknown; Start and End are then times of day).")
    LocalDate date;

    /** The log, or the `strace -ff -o LOG` set LOG.<pid>. */
    private StraceParser open(int defaultPid) throws IOException {
        StraceParser.Options options = StraceParser.Options.defaults().withDefaultPid(defaultPid).withDate(date);
        if (java.nio.file.Files.exists(from) || StraceParser.perPidFiles(from).isEmpty()) return StraceParser.open(from, options);
        return StraceParser.openPerPid(from, options);
    }

    @Override
    public Integer call() throws IOException {
        try {
            return depsOf();
        } catch (StraceParseException e) { // FILE:LINE: reason: the line
            String line = e.quotedText();
            System.err.println("tot: " + SafeText.escape(e.getMessage() + (line.isEmpty() ? "" : ": " + line)));
            return 2;
        }
    }

    private int depsOf() throws IOException {
        if (java.nio.file.Files.isDirectory(from)) throw new java.nio.file.FileSystemException(from.toString(), null, "Is a directory");
        LogSurvey survey = LogSurvey.of(this::open, skipBad); // a bad log fails before any output is opened
        String start = survey.startDirectory(cwd == null ? null : cwd.toAbsolutePath().toString());
        for (String w : survey.warnings()) System.err.println("tot: warning: " + SafeText.escape(from + ": " + w));
        List<Sink> sinks = new ArrayList<>();
        RepeatedWarnings repeated = new RepeatedWarnings(); // printed once each after the replay
        sinks.add(repeated);
        JsonLines stream = events == null ? null : new JsonLines(events);
        if (stream != null) sinks.add(stream);
        DepsJson out = new DepsJson(deps, new DepsJson.Filter(false, Set.of()));
        sinks.add(out);
        StraceReplay replay = new StraceReplay(sinks, start, survey);
        try (StraceParser log = survey.reopen()) {
            StraceReplay.Records records = survey.replay(log);
            for (StraceRecord r; (r = records.next()) != null; ) replay.apply(r);
        }
        replay.finish();
        for (Sink s : sinks) s.close();
        for (String w : repeated.lines()) System.err.println("tot: warning: " + SafeText.escape(from + ": " + w));
        if (survey.skipped() > 0) System.err.println("tot: skipped " + survey.skipped() + " unparsable strace line(s)");
        return 0;
    }
}
