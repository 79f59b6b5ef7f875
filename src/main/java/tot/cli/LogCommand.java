package tot.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Supplier;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import tot.api.Tot;
import tot.api.TraceOptions;

/**
 * `tot log`: run a command under the tracer and write what it did. Its picocli model is built in
 * code ({@link #spec}), not read from annotations: it is on every trace's start path ({@link Specs}).
 */
final class LogCommand implements Callable<Integer> {
    String deps, events, trace, engine = "ptrace", db;
    boolean noSeccomp, noIdlePoll, env, clean, cleanForce, envUnredacted, undelete, onlyOutputs, noDb, noHash, follow;
    Path scripts, directory;
    List<String> only = new ArrayList<>(), command = new ArrayList<>();
    List<Integer> pids = new ArrayList<>();
    Boolean progress;

    /** This command's model: each option writes its field. */
    CommandSpec spec() {
        CommandSpec spec = CommandSpec.wrapWithoutInspection(this).name("log");
        spec.usageMessage().sortOptions(false)
                .description("Run COMMAND under ptrace (or eBPF: --engine) and record every execution with the files it read and wrote.",
                        "Exits with COMMAND's status (128+N when killed by signal N); 127 when it cannot be found.")
                .footer("", "Example:  tot log -d deps.json -- make -j2");
        Specs.Binding commandArgs = Specs.bound(() -> command, (List<String> v) -> command = v);
        spec.addPositional(PositionalParamSpec.builder().arity("0..*").paramLabel("COMMAND")
                .description("The command and its arguments (after --).").type(List.class).auxiliaryTypes(String.class)
                .getter(commandArgs).setter(commandArgs).build());
        add(spec, option(String.class, () -> deps, v -> deps = v, "-d", "--deps").paramLabel("FILE")
                .description("Write fptrace-compatible deps.json to FILE ('-' for standard output)."));
        add(spec, option(String.class, () -> events, v -> events = v, "-o", "--events").paramLabel("FILE")
                .description("Stream events as JSON Lines to FILE ('-' for standard output)."));
        add(spec, option(String.class, () -> trace, v -> trace = v, "-t", "--trace").paramLabel("EXPR")
                .description("Syscalls to report as events, like strace -e trace=:",
                        // lines short enough not to wrap: picocli's line breaking would split "%" from its class name
                        "  names, classes (%%file %%desc %%process %%network",
                        "  %%signal %%ipc %%memory %%creds %%clock %%stat…), /regex,",
                        "  all, or !EXPR for all but those. Default: the calls",
                        "  deps.json needs."));
        add(spec, option(String.class, () -> engine, v -> engine = v, "--engine").paramLabel("ENGINE")
                .description("How to trace: ptrace (default; stops the command at each traced call), ebpf (root: kernel "
                        + "tracepoints record it without stopping it) or auto (ebpf where this machine permits it, else ptrace; "
                        + "says which)."));
        add(spec, flag(() -> noSeccomp, v -> noSeccomp = v, "--no-seccomp")
                .description("Stop at every syscall instead of filtering with seccomp-BPF (slower; for comparison)."));
        add(spec, flag(() -> noIdlePoll, v -> noIdlePoll = v, "--no-idle-poll")
                .description("Let idle CPUs halt while the command is traced with ptrace. By default tot, as root, holds a 0 µs "
                        + "/dev/cpu_dma_latency request until it exits: idle CPUs poll, so the two wake-ups of each ptrace stop "
                        + "cost no interrupt (nor a VM exit), for the price of the idle CPUs' power meanwhile."));
        add(spec, flag(() -> env, v -> env = v, "-e", "--env").description("Record each execution's environment (Env in deps.json)."));
        add(spec, option(Path.class, () -> scripts, v -> scripts = v, "-s", "--scripts").paramLabel("DIR")
                .description("Write a launcher script per execution into DIR: PARENT-ID-NAME replays it (fptrace's -s)."));
        add(spec, flag(() -> clean, v -> clean = v, "--clean").description("With -s: empty DIR first (fptrace's -rm). Refused for /, "
                + "a home directory, the current directory or one above it, and a directory holding files that are not tot's scripts."));
        add(spec, flag(() -> cleanForce, v -> cleanForce = v, "--clean-force")
                .description("With -s: as --clean, also when DIR holds files that are not tot's scripts."));
        add(spec, flag(() -> envUnredacted, v -> envUnredacted = v, "--env-unredacted")
                .description("With -e: keep the values of variables whose names look secret (TOKEN, KEY, PASSWORD…)."));
        add(spec, flag(() -> undelete, v -> undelete = v, "-u", "--undelete")
                .description("Turn unlink, unlinkat and rmdir into existence checks: nothing is deleted; recorded as Deleted."));
        add(spec, flag(() -> onlyOutputs, v -> onlyOutputs = v, "--only-outputs")
                .description("deps.json: only executions with an output other than a terminal (fptrace's -do)."));
        add(spec, list(String.class, () -> only, v -> only = v, "--only").paramLabel("CMD")
                .description("deps.json: only executions whose Path or its basename is CMD; repeatable; OR-ed with --only-outputs (fptrace's -dn)."));
        add(spec, option(String.class, () -> db, v -> db = v, "--db").paramLabel("FILE|URL")
                .description("Store the run in this database: an SQLite file or postgresql://USER@HOST:PORT/DB "
                        + "(default: $TOT_DB, else ~/.local/share/tot/tot.db)."));
        add(spec, flag(() -> noDb, v -> noDb = v, "--no-db").description("Do not store the run in a database."));
        add(spec, flag(() -> noHash, v -> noHash = v, "--no-hash").description("Do not compute the sha1 of the files read and written."));
        add(spec, option(Boolean.class, () -> progress, v -> progress = v, "--progress").negatable(true)
                .description("A progress line on stderr (executions, files, time); by default when stderr is a terminal "
                        + "and standard output, where COMMAND writes, is not."));
        add(spec, option(Path.class, () -> directory, v -> directory = v, "-C", "--directory").paramLabel("DIR")
                .description("Start the command in DIR, as make -C does: a command named with a slash is found there; tot's own "
                        + "files (-d, -o, -s, --db) stay relative to where tot runs."));
        add(spec, list(Integer.class, () -> pids, v -> pids = v, "-p").paramLabel("PID")
                .description("Attach to this running process instead (repeatable): tot attach -p PID."));
        add(spec, flag(() -> follow, v -> follow = v, "-f").description("With -p: also trace the processes they fork."));
        return Specs.withStandardHelp(spec);
    }

    private static void add(CommandSpec spec, OptionSpec.Builder option) {
        spec.addOption(option.build());
    }

    private static <T> OptionSpec.Builder option(Class<T> type, Supplier<T> get, Consumer<T> set, String... names) {
        return writing(OptionSpec.builder(names).type(type), get, set);
    }

    private static OptionSpec.Builder flag(Supplier<Boolean> get, Consumer<Boolean> set, String... names) {
        return option(boolean.class, get, set, names);
    }

    private static <T> OptionSpec.Builder list(Class<T> element, Supplier<List<T>> get, Consumer<List<T>> set, String... names) {
        return writing(OptionSpec.builder(names).type(List.class).auxiliaryTypes(element), get, set);
    }

    /** An option writing a field, its initial value the field's now (picocli sets it back to that before each parse). */
    private static <T> OptionSpec.Builder writing(OptionSpec.Builder option, Supplier<T> get, Consumer<T> set) {
        Specs.Binding b = Specs.bound(get, set);
        return option.getter(b).setter(b).initialValue(get.get()).hasInitialValue(true);
    }

    @Override
    public Integer call() throws Exception {
        // picocli leaves an arity-0..* positional null when no argument reaches it (`tot log`, `tot log --`)
        if (command == null) command = new ArrayList<>();
        if (!pids.isEmpty()) {
            if (!engine.equals("ptrace")) throw new IllegalArgumentException("-p attaches with ptrace: not with --engine " + engine);
            if (directory != null) throw new IllegalArgumentException("-C is where a command starts: not with -p");
            return attach();
        }
        if (command.isEmpty()) throw new IllegalArgumentException("a COMMAND to run, or -p PID to attach to, is needed");
        if (follow) throw new IllegalArgumentException("-f goes with -p (a command's children are always traced)");
        if (noDb && db != null) throw new IllegalArgumentException("--no-db and --db contradict each other");
        Outputs.notSharedWithCommand("-d", deps);
        Outputs.notSharedWithCommand("-o", events);
        TraceOptions options = TraceOptions.defaults().withHashes(!noHash);
        options = noDb ? options.withoutDatabase() : options.withDatabase(db);
        if (deps != null) options = options.withDepsJson(deps, onlyOutputs, Set.copyOf(only));
        if (events != null) options = options.withEvents(events);
        if (scripts != null || clean || cleanForce) options = options.withScripts(scripts, clean || cleanForce, cleanForce);
        if (env) options = options.withEnvironment(envUnredacted);
        if (undelete) options = options.withUndelete();
        if (directory != null) options = options.withDirectory(directory);
        if (trace != null) options = options.withSyscalls(trace);
        if (noSeccomp) options = options.withoutSeccomp();
        if (noIdlePoll) options = options.withoutIdlePoll();
        options = options.withEngine(switch (engine) {
            case "ptrace" -> TraceOptions.Engine.PTRACE;
            case "ebpf" -> TraceOptions.Engine.EBPF;
            case "auto" -> TraceOptions.Engine.AUTO;
            default -> throw new IllegalArgumentException("--engine is ptrace, ebpf or auto, not " + engine);
        });
        Progress bar = Progress.wanted(progress, false) ? new Progress("") : null;
        TraceOptions chosen = options;
        return Outputs.trace(() -> Tot.start(command, chosen, Outputs.listener(bar)), bar);
    }

    /**
     * Whether {@code args} (tot's, before picocli parses them) are a `tot log` that names the eBPF
     * engine (`--engine ebpf` or `auto` before any `--`): then its programs may start loading
     * at once. A guess that is wrong only costs time: what is loaded for nothing is discarded.
     */
    static boolean mayUseEbpf(String[] args) {
        if (args.length == 0 || !args[0].equals("log")) return false;
        String engine = valueBeforeCommand(args, "--engine");
        return engine != null && (engine.equals("ebpf") || engine.equals("auto"));
    }

    /** Whether tot's raw {@code args} name {@code option} (a flag) before any `--`. */
    static boolean namedBeforeCommand(String[] args, String option) {
        for (int i = 1; i < args.length && !args[i].equals("--"); i++) {
            if (args[i].equals(option)) return true;
        }
        return false;
    }

    /** The value tot's raw {@code args} give {@code option} (`OPTION VALUE` or `OPTION=VALUE`) before any `--`, or null. */
    private static String valueBeforeCommand(String[] args, String option) {
        for (int i = 1; i < args.length && !args[i].equals("--"); i++) {
            if (args[i].startsWith(option + "=")) return args[i].substring(option.length() + 1);
            if (args[i].equals(option) && i + 1 < args.length) return args[i + 1];
        }
        return null;
    }

    /** `tot log -p PID`: tot attach with these options. */
    private int attach() throws Exception {
        if (!command.isEmpty()) throw new IllegalArgumentException("-p attaches to running processes: no COMMAND with it");
        AttachCommand a = new AttachCommand();
        a.pids = pids;
        a.follow = follow;
        a.deps = deps;
        a.events = events;
        if (trace != null) a.trace = trace;
        a.db = db;
        a.noDb = noDb;
        a.noHash = noHash;
        return a.call();
    }

}
