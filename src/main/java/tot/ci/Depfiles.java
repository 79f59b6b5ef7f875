package tot.ci;

import java.util.ArrayList;
import java.util.List;
import tot.store.RunGraph;

/**
 * `tot depfile`: for each output of a run, its transitive inputs within the run
 * ({@link RunGraph#upstream}: what the executions that made it took in, what made those, and so
 * on) that still existed at the run's end — sources, tools and libraries, and the run's own
 * outputs it was made from (objects, generated headers), never a temporary file that was gone
 * (Make would stop at a prerequisite it cannot make).
 */
public final class Depfiles {
    private Depfiles() {}

    /** A target that is not an output of the run. */
    public static final class NotAnOutput extends Exception {
        NotAnOutput(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * One rule per target: {@code targets} (absolute paths), or every output {@code filter} keeps
     * when empty; prerequisites are the files {@code filter} keeps, in byte order.
     */
    public static List<MakeDeps.Rule> rules(RunFiles files, PathFilter filter, List<String> targets) throws NotAnOutput {
        List<String> chosen = new ArrayList<>();
        if (targets.isEmpty()) {
            for (RunFiles.Entry e : files.outputs(filter)) chosen.add(e.path());
        } else {
            for (String named : targets) {
                String real = PathFilter.viaRealDirectory(named);
                String t = real != null && !known(files, named) && known(files, real) ? real : named;
                if (files.output(t) == null) {
                    long run = files.graph().run().id();
                    String why = files.made(t) ? "made by run " + run + " but gone by its end"
                            : files.input(t) != null ? "run " + run + " read it but did not make it" : "not an output of run " + run;
                    throw new NotAnOutput(t + ": " + why);
                }
                chosen.add(t);
            }
        }
        List<MakeDeps.Rule> rules = new ArrayList<>();
        for (String target : chosen) {
            List<String> prerequisites = new ArrayList<>();
            for (String p : files.graph().upstream(target).paths()) {
                if (!p.equals(target) && filter.accepts(p) && files.existsAtEnd(p)) prerequisites.add(p);
            }
            prerequisites.sort(RunFiles.BYTE_ORDER);
            rules.add(new MakeDeps.Rule(target, prerequisites));
        }
        return rules;
    }

    /** Whether the run made or read {@code path}. */
    private static boolean known(RunFiles files, String path) {
        return files.made(path) || files.input(path) != null;
    }
}
