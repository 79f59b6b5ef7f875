package tot.ci;

import java.util.ArrayList;
import java.util.List;
import tot.store.StoredExecution;

/**
 * `tot check`: the files below the workspace that a run took in (its inputs, RunFiles) and the
 * declarations do not name — what a Bazel-style sandbox would have hidden from the build. The
 * files the run made itself are never undeclared; neither are files it looked for and did not
 * find (a sandbox hides those too), though they can be listed ({@link Result#missing}).
 */
public final class UndeclaredInputs {
    private UndeclaredInputs() {}

    /** A file read but not declared, and the executions that read it. */
    public record Undeclared(String path, List<StoredExecution> readers) {}

    /** {@code checked}: how many inputs lay below the workspace; {@code missing}: lookups there that no declaration names. */
    public record Result(List<Undeclared> undeclared, int checked, List<RunFiles.Lookup> missing) {
        public boolean hermetic() {
            return undeclared.isEmpty();
        }
    }

    public static Result check(RunFiles files, PathFilter workspace, Declared declared) {
        List<Undeclared> undeclared = new ArrayList<>();
        List<RunFiles.Entry> inputs = files.inputs(workspace);
        for (RunFiles.Entry e : inputs) {
            if (!declared.covers(e.path())) undeclared.add(new Undeclared(e.path(), e.executions()));
        }
        List<RunFiles.Lookup> missing = files.lookups(workspace).stream().filter(l -> !declared.covers(l.path())).toList();
        return new Result(undeclared, inputs.size(), missing);
    }
}
