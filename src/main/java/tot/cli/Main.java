package tot.cli;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import tot.util.SafeText;

/** `tot`: the command line. Its own model, as `log`'s, is built in code ({@link Specs}). */
public final class Main {
    /**
     * The subcommands by name (each its model's name: HelpTest checks), in `tot --help` order:
     * each an annotated command object, or `log`'s model. picocli's model of all of them takes
     * long to build (reflection, annotation proxies), so a run builds only the one it runs;
     * help, `tot help CMD` and a mistyped name get all of them.
     */
    static final Map<String, Supplier<Object>> SUBCOMMANDS = inOrder(
            entry("log", () -> new LogCommand().spec()), entry("attach", AttachCommand::new), entry("blackbox", BlackboxCommand::new),
            entry("show", ShowCommand::new), entry("import", ImportCommand::new), entry("export", ExportCommand::new),
            entry("graph", GraphCommand::new), entry("deps", DepsCommand::new), entry("summary", AnalysisCommands.Summary::new),
            entry("files", AnalysisCommands.Files::new), entry("accesses", AnalysisCommands.Accesses::new),
            entry("inputs", FileListCommands.Inputs::new), entry("outputs", FileListCommands.Outputs::new),
            entry("depfile", DepfileCommand::new), entry("key", KeyCommand::new), entry("lineage", LineageCommand::new),
            entry("diff", DiffCommand::new), entry("check", CheckCommand::new), entry("forget", ForgetCommand::new),
            entry("completion", CompletionCommand::new), entry("manpages", ManPagesCommand::new), entry("train", TrainCommand::new),
            entry("help", CommandLine.HelpCommand::new));

    /** The commands that keep going when their standard output is closed: they trace processes. */
    private static final java.util.Set<String> TRACING = java.util.Set.of("log", "attach", "blackbox", "train");

    public static void main(String[] args) {
        tot.trace.InheritedFds.snapshot(); // before tot opens any file of its own
        tot.trace.InheritedSignals.snapshot(); // before tot handles any signal
        String first = args.length > 0 ? args[0] : "";
        boolean tracing = TRACING.contains(first);
        if (tracing) tot.linux.Kernel.linkInBackground(); // while picocli builds the command's model
        // only where a database is opened before the trace starts (log, attach; not with --no-db,
        // a guess from the raw arguments that costs time when wrong): elsewhere it would take a CPU
        // for nothing, and the child sqlite-jdbc may start (uname) could meet a tracer's wait
        if ((first.equals("log") || first.equals("attach")) && !LogCommand.namedBeforeCommand(args, "--no-db")) {
            tot.store.Store.warmUpInBackground();
        }
        if (LogCommand.mayUseEbpf(args)) tot.trace.EbpfPreload.start(); // likewise
        Stdout.install(!tracing);
        int status;
        try {
            int s = run(RawArgs.of(args));
            Stdout.verdict(s); // the reader may go away at the last flush
            status = Stdout.finish(s);
        } catch (Stdout.Closed e) {
            status = Stdout.statusIfClosed();
        }
        System.err.flush();
        if (Outputs.commandSignal() != 0) tot.linux.Signals.dieBy(Outputs.commandSignal());
        // not System.exit: tot has no shutdown hook, and exit's machinery (its logger lookup,
        // the hooks of the JDK) costs a short run more than anything tot does after the command
        Runtime.getRuntime().halt(status);
    }

    static int run(String... args) {
        String first = args.length > 0 ? args[0] : "";
        Supplier<Object> chosen = SUBCOMMANDS.get(first);
        String named = first.equals("help") && args.length > 1 ? args[1] : first; // tot help CMD names one too
        if (!named.isEmpty() && !named.startsWith("-") && !SUBCOMMANDS.containsKey(named)) {
            System.err.println("tot: " + SafeText.escape(CommandNames.unknown(named, visibleNames())));
            return 2;
        }
        CommandLine cl = commandLine(chosen != null && !first.equals("help") ? List.of(chosen)
                : first.equals("-V") || first.equals("--version") ? List.of() : SUBCOMMANDS.values());
        if (args.length == 0) { // no command: the list of them, as an error
            cl.usage(System.err);
            return 2;
        }
        CommandLine log = cl.getSubcommands().get("log");
        if (log != null) log.setStopAtPositional(true); // `tot log bash -c …` needs no `--`
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof Stdout.Closed) return Stdout.statusIfClosed(); // the reader has all it wanted
            cmd.getErr().println("tot: " + SafeText.escape(describe(e)));
            return 2;
        });
        cl.setParameterExceptionHandler((e, args2) -> {
            e.getCommandLine().getErr().println("tot: " + SafeText.escape(e.getMessage()));
            e.getCommandLine().getErr().println("Try 'tot " + (e.getCommandLine().getCommandName().equals("tot")
                    ? "" : e.getCommandLine().getCommandName() + " ") + "--help'.");
            return 2;
        });
        return cl.execute(args);
    }

    /** tot's command line with these subcommands (each one's model costs start-up time). */
    static CommandLine commandLine(Collection<Supplier<Object>> subcommands) {
        CommandSpec root = CommandSpec.wrapWithoutInspection(new Main()).name("tot").versionProvider(new Version());
        root.usageMessage().description("Total Recall: trace what programs read, write and run.");
        CommandLine cl = new CommandLine(Specs.withStandardHelp(root));
        for (Supplier<Object> make : subcommands) cl.addSubcommand(make.get());
        return cl;
    }

    /** The subcommands `tot --help` lists (not the hidden ones). */
    private static List<String> visibleNames() {
        return commandLine(SUBCOMMANDS.values()).getSubcommands().entrySet().stream()
                .filter(e -> !e.getValue().getCommandSpec().usageMessage().hidden()).map(Map.Entry::getKey).toList();
    }

    private static Map.Entry<String, Supplier<Object>> entry(String name, Supplier<Object> make) {
        return Map.entry(name, make);
    }

    @SafeVarargs
    private static Map<String, Supplier<Object>> inOrder(Map.Entry<String, Supplier<Object>>... entries) {
        Map<String, Supplier<Object>> byName = new LinkedHashMap<>();
        for (var e : entries) byName.put(e.getKey(), e.getValue());
        return java.util.Collections.unmodifiableMap(byName);
    }

    /** One line for an error: a file error names the file and the cause, like a C tool would. */
    static String describe(Exception e) {
        if (e instanceof java.io.IOException io) return tot.util.OutputFile.describe(io);
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"tot " + (v == null ? "dev" : v) + " (Java " + Runtime.version() + ")"};
        }
    }
}
