package tot.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tot.show.Analyses;
import tot.store.StoreReader;
import tot.util.SafeText;

/** `tot summary`, `tot files`, `tot accesses`: stracepy's analyses over tot.db. */
final class AnalysisCommands {
    private AnalysisCommands() {}

    /** What the three share: the database options, --devices, and running one analysis. */
    abstract static class Base implements Callable<Integer> {
        @Mixin
        DbQueryOptions options;

        @Option(names = "--devices", description = "Keep device-like paths (/dev, /proc, /sys, tot's pipes), left out by default.")
        boolean devices;

        interface Body { void run(Analyses a) throws Exception; }

        int run(Body body) throws Exception {
            var format = options.format();
            String run = options.run();
            try (StoreReader store = StoreReader.open(options.file(), Outputs.NOTICES).onMachine(options.machine)) {
                Analyses a = new Analyses(store, format, System.out, run, devices);
                if (!a.hasRuns()) {
                    System.err.println("tot: " + SafeText.escape((run == null ? "no complete run is stored" : "no run " + run)));
                    return 1;
                }
                body.run(a);
                return 0;
            }
        }
    }

    @Command(name = "summary", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Programs executed, then failed calls counted by executable, syscall and errno.",
                    "Programs: time, execution, exit, path, arguments. Failed calls: the syscall events of runs traced "
                            + "with --trace, else the failed file accesses."})
    static final class Summary extends Base {
        @Override
        public Integer call() throws Exception {
            return run(Analyses::summary);
        }
    }

    @Command(name = "files", mixinStandardHelpOptions = true, sortOptions = false,
            description = "How many times each executable accessed each path, most first.")
    static final class Files extends Base {
        @Override
        public Integer call() throws Exception {
            return run(Analyses::files);
        }
    }

    @Command(name = "accesses", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Every file access, oldest first, successful or not.")
    static final class Accesses extends Base {
        @Override
        public Integer call() throws Exception {
            return run(Analyses::accesses);
        }
    }
}
