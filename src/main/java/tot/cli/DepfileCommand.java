package tot.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tot.ci.Depfiles;
import tot.ci.MakeDeps;
import tot.ci.PathText;
import tot.ci.Runs;
import tot.store.RunGraph;
import tot.store.StoreReader;
import tot.ci.RunFiles;
import tot.util.AtomicOutput;
import tot.util.ByteStrings;
import tot.util.LexicalPath;
import tot.util.SafeText;

/** `tot depfile`: a Make/Ninja depfile of a run's outputs and their transitive inputs. */
@Command(name = "depfile", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write a Make-format depfile (target: prerequisites) for the outputs of a run, as Make and Ninja read it.",
                "Each output's prerequisites are its transitive inputs in the run: what the executions that made it read, "
                        + "what made those, and so on, as far as they still existed at the run's end."},
        footer = {"", "Examples:  tot depfile --under . --relative app > app.d",
                "           tot depfile --under \"$PWD\" -o build.d"})
final class DepfileCommand implements Callable<Integer> {
    @Mixin
    RunChoice run;

    @Mixin
    FileFilterOptions files;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE (atomically) instead of standard output.")
    String output;

    @Option(names = "--phony", description = "Add an empty rule for each prerequisite (gcc -MP), so Make does not stop when one is removed.")
    boolean phony;

    @Parameters(arity = "0..*", paramLabel = "OUTPUT", description = "The outputs to write rules for (default: every output the filters keep).")
    List<String> targets = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        String which = run.which();
        var filter = files.filter();
        List<String> wanted = targets.stream().map(t -> LexicalPath.resolve(files.cwd(), t)).toList();
        byte[] text;
        try (StoreReader store = StoreReader.open(run.file(), Outputs.NOTICES)) {
            RunFiles f = RunFiles.of(RunGraph.load(store, Runs.find(store, which)));
            PathText paths = files.paths();
            List<MakeDeps.Rule> rules = new ArrayList<>();
            for (MakeDeps.Rule r : Depfiles.rules(f, filter, wanted)) {
                rules.add(new MakeDeps.Rule(paths.of(r.target()), r.prerequisites().stream().map(paths::of).toList()));
            }
            text = ByteStrings.encode(MakeDeps.text(rules, phony));
        } catch (Runs.NoSuchRun | Depfiles.NotAnOutput | MakeDeps.Unwritable e) {
            System.err.println("tot: " + SafeText.escape(e.getMessage()));
            return 1;
        }
        if (output == null || output.equals("-")) {
            System.out.write(text, 0, text.length);
        } else {
            AtomicOutput.write(output, text);
        }
        return 0;
    }
}
