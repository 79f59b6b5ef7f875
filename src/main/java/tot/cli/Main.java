package tot.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** `tot`: the command line. */
@Command(name = "tot", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Total Recall: trace what programs read, write and run.",
        subcommands = {LogCommand.class, AttachCommand.class, BlackboxCommand.class, ShowCommand.class, ImportCommand.class, ExportCommand.class, DepsCommand.class, AnalysisCommands.Summary.class,
                AnalysisCommands.Files.class, AnalysisCommands.Accesses.class, TrainCommand.class,
                CommandLine.HelpCommand.class})
public final class Main {
    public static void main(String[] args) {
        tot.trace.InheritedFds.snapshot(); // before tot opens any file of its own
        System.exit(run(args));
    }

    static int run(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.getSubcommands().get("log").setStopAtPositional(true); // `tot log bash -c …` needs no `--`
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("tot: " + describe(e));
            return 2;
        });
        cl.setParameterExceptionHandler((e, args2) -> {
            e.getCommandLine().getErr().println("tot: " + e.getMessage());
            e.getCommandLine().getErr().println("Try 'tot " + (e.getCommandLine().getCommandName().equals("tot")
                    ? "" : e.getCommandLine().getCommandName() + " ") + "--help'.");
            return 2;
        });
        return cl.execute(args);
    }

    /** One line for an error: a file error names the file and the cause, like a C tool would. */
    static String describe(Exception e) {
        return switch (e) {
            case java.nio.file.NoSuchFileException n when n.getReason() == null -> n.getFile() + ": No such file or directory";
            case java.nio.file.AccessDeniedException a -> a.getFile() + ": Permission denied";
            case java.nio.file.FileSystemException f -> f.getFile() + ": " + (f.getReason() != null ? f.getReason() : f.getClass().getSimpleName());
            default -> e.getMessage() != null ? e.getMessage() : e.toString();
        };
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"tot " + (v == null ? "dev" : v) + " (Java " + Runtime.version() + ")"};
        }
    }
}
