package tot.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tot.sinks.DepsJson;
import tot.sinks.JsonLines;
import tot.model.Sink;
import tot.store.StoreSink;
import tot.syscalls.TraceSelection;
import tot.trace.Tracer;
import tot.util.OutputFile;

/** `tot attach -p PID`: trace running processes until they exit or Ctrl-C, then leave them untraced. */
@Command(name = "attach", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Attach to running processes and record what they do, like strace -p.",
                "Every thread is traced (with -f also the children they fork), stopping at every syscall (no seccomp "
                        + "filter: it would outlive tot). Ctrl-C or SIGTERM detaches cleanly: the processes go on untraced."},
        footer = {"", "Example:  tot attach -p 1234 -o events.jsonl"})
final class AttachCommand implements Callable<Integer> {
    @Option(names = "-p", required = true, paramLabel = "PID", description = "A process to attach to; repeatable.")
    List<Integer> pids;

    @Option(names = {"-f", "--follow"}, description = "Also trace the processes they fork from now on.")
    boolean follow;

    @Option(names = {"-d", "--deps"}, paramLabel = "FILE", description = "Write deps.json to FILE ('-': standard output).")
    String deps;

    @Option(names = {"-o", "--events"}, paramLabel = "FILE", description = "Stream events as JSON Lines to FILE ('-': standard output).")
    String events;

    @Option(names = {"-t", "--trace"}, paramLabel = "EXPR", description = "Syscalls to report as events (tot log's --trace). Default: all.")
    String trace = "all";

    @Option(names = "--db", paramLabel = "FILE|URL", description = "Store the run in this database (default: $TOT_DB, else "
            + "~/.local/share/tot/tot.db; postgresql://USER@HOST:PORT/DB for a PostgreSQL one).")
    String db;

    @Option(names = "--no-db", description = "Do not store the run.")
    boolean noDb;

    @Option(names = "--no-hash", description = "Do not compute the sha1 of the files read and written.")
    boolean noHash;

    @Override
    public Integer call() throws IOException {
        TraceSelection selection = TraceSelection.parse(trace);
        // the outputs are checked before tot attaches, as tot log checks them before the command runs
        if (deps != null) OutputFile.check(deps);
        if (events != null) OutputFile.resolve(events);
        StoreSink store = noDb ? null : Outputs.store(db, !noHash, true, pids.stream().map(p -> "attach:" + p).toList());
        if (!noDb && store == null) return 2;
        List<Sink> sinks = new ArrayList<>();
        sinks.add(Outputs.warnings(""));
        try {
            if (events != null) sinks.add(Outputs.guarded(new JsonLines(events)));
        } catch (IOException | RuntimeException e) {
            if (store != null) store.abandon();
            throw e;
        }
        if (deps != null) sinks.add(new DepsJson(deps, new DepsJson.Filter(false, Set.of())));
        if (store != null) sinks.add(store);
        Tracer tracer = new Tracer(new Tracer.Options(false, false, false, false, selection), sinks);
        Outputs.forwardInterrupts(tracer);
        int status = 0;
        try {
            tracer.attach(pids, follow);
        } catch (Tracer.StartFailed e) {
            System.err.println("tot: " + e.getMessage());
            status = 1;
        }
        if (store != null) store.exit(0);
        return Outputs.closeAll(sinks, status);
    }
}
