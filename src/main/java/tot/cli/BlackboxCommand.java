package tot.cli;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tot.api.BlackboxOptions;
import tot.api.BlackboxRecorder;
import tot.api.BlackboxSnapshot;
import tot.api.Tot;
import tot.api.TotException;
import tot.util.AtomicOutput;
import tot.util.OutputFile;
import tot.util.SafeText;

/** `tot blackbox -p PID`: attach and keep the last N syscalls, printed every interval, on SIGUSR1 and at the end. */
@Command(name = "blackbox", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Attach to running processes and keep their last N syscalls in bounded memory.",
                "Prints them every interval (--every 0: only on SIGUSR1 and at the end), or writes them to --dump FILE "
                        + "at the end. Ends on Ctrl-C/SIGTERM (detaching cleanly, as tot attach) or when the processes exit."},
        footer = {"", "Example:  tot blackbox -p 1234 -n 100 --every 0   (then kill -USR1 <tot's pid>)"})
final class BlackboxCommand implements Callable<Integer> {
    @Option(names = "-p", required = true, paramLabel = "PID", description = "A process to attach to; repeatable.")
    List<Integer> pids;

    @Option(names = "-n", paramLabel = "N", description = "How many syscalls to keep: 1 to 1000000 (default 50).")
    int n = 50;

    @Option(names = "--every", paramLabel = "DURATION", description = "Print the last N this often: 1s (default), 500ms, 0 (never).")
    String every = "1s";

    @Option(names = "--dump", paramLabel = "FILE", description = "At the end, write the last N to FILE (atomically) instead of printing them.")
    String dump;

    @Option(names = "--format", paramLabel = "FORMAT", description = "table (default: aligned, times relative to now) or json.",
            completionCandidates = Candidates.BlackboxFormats.class)
    String format = "table";

    @Option(names = {"-f", "--follow"}, description = "Also trace the processes they fork.")
    boolean follow;

    @Option(names = {"-t", "--trace"}, paramLabel = "EXPR", description = "Which syscalls to keep (tot log's --trace). Default: all.")
    String trace;

    @Override
    public Integer call() throws Exception {
        boolean json = switch (format) {
            case "table" -> false;
            case "json" -> true;
            default -> throw new IllegalArgumentException("--format: expected table or json, not '" + format + "'");
        };
        long interval = millis(every);
        // held before attaching: what the processes do meanwhile cannot redirect it
        try (OutputFile.Held held = dump == null ? null : OutputFile.hold(dump)) {
            return run(json, interval, held);
        }
    }

    private int run(boolean json, long interval, OutputFile.Held dump) throws Exception {
        Outputs.Interrupted interrupted = new Outputs.Interrupted();
        Outputs.forwardInterrupts(interrupted);
        BlackboxRecorder box;
        try {
            box = Tot.blackbox(pids, new BlackboxOptions(n, follow, trace), Outputs.listener(null));
        } catch (TotException e) {
            if (e.reason() == TotException.Reason.BAD_OPTION) throw new IllegalArgumentException(e.getMessage());
            System.err.println("tot: " + SafeText.escape(e.getMessage()));
            return e.exitStatus();
        }
        try (box) {
            interrupted.handTo(signal -> box.requestDetach());
            Consumer<BlackboxSnapshot> print = s -> {
                System.out.print(json ? BlackboxView.json(s) : BlackboxView.table(s));
                System.out.flush();
            };
            sun.misc.Signal.handle(new sun.misc.Signal("USR1"), s -> print.accept(box.snapshot()));
            if (interval > 0) box.every(Duration.ofMillis(interval), print);
            BlackboxSnapshot last = box.await();
            byte[] text = (json ? BlackboxView.json(last) : BlackboxView.table(last)).getBytes(StandardCharsets.UTF_8);
            if (dump != null) AtomicOutput.write(dump, out -> out.write(text));
            else print.accept(last);
        }
        return 0;
    }

    /** "1s", "500ms", "0" → milliseconds. */
    static long millis(String d) {
        var m = java.util.regex.Pattern.compile("(\\d{1,9})(ms|s)?").matcher(d.strip());
        if (!m.matches()) throw new IllegalArgumentException("--every: expected a duration like 1s, 500ms or 0, not '" + d + "'");
        long v = Long.parseLong(m.group(1));
        return "ms".equals(m.group(2)) ? v : v * 1000;
    }
}
