package tot.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tot.api.AttachOptions;
import tot.api.Tot;

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
    public Integer call() throws Exception {
        if (noDb && db != null) throw new IllegalArgumentException("--no-db and --db contradict each other");
        AttachOptions options = AttachOptions.defaults().withSyscalls(trace).withHashes(!noHash);
        if (follow) options = options.withFollowForks();
        options = noDb ? options.withoutDatabase() : options.withDatabase(db);
        if (deps != null) options = options.withDepsJson(deps);
        if (events != null) options = options.withEvents(events);
        AttachOptions chosen = options;
        return Outputs.trace(() -> Tot.attach(pids, chosen, Outputs.listener(null)), null);
    }
}
