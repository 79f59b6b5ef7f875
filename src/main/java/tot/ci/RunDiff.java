package tot.ci;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import tot.store.RunGraph;
import tot.store.StoredAccess;
import tot.store.StoredExecution;
import tot.util.LexicalPath;

/**
 * `tot diff A B`: what changed from run A to run B. Files are compared by their path relative to
 * each run's working directory (absolute outside it), so two checkouts compare. Executions are
 * matched by program, arguments and directory, in the order they started; a run's temporary
 * names in the arguments and as the directory count as one name (its intermediates, and the
 * directories where it removed all it made), so gcc's and pip's random temp names do not make
 * every step new. An output whose content changed is explained by the inputs in its
 * lineage (in either run) that changed, appeared or disappeared, and by the steps in its lineage
 * that ran in one run only (another command line: a flag changed); when there are neither and
 * every input was hashed, the step is not reproducible: the same inputs made another content.
 */
public final class RunDiff {
    /**
     * A file in both runs whose content differs: sha1 before and after (null: not hashed); for an
     * output, the inputs in its lineage that differ, the nearest steps upstream of it that ran in
     * one run only (run A's, then run B's, each in the order they started), and the verdict.
     */
    public record Changed(String path, String before, String after, List<Cause> causes, List<StoredExecution> steps, Verdict verdict) {
        /** The paths of {@link #causes}. */
        public List<String> causePaths() {
            return causes.stream().map(Cause::path).toList();
        }
    }

    /** An input in an output's lineage that is not the same in both runs, and how. */
    public record Cause(String path, Change change) {}

    /** How an input differs: its content changed, or it is only in run B (appeared) or only in run A (vanished). */
    public enum Change { CHANGED, APPEARED, VANISHED }

    /** Why an output changed: its inputs differ, else its steps do, else unknown or not reproducible. */
    public enum Verdict { INPUTS_CHANGED, STEPS_CHANGED, NOT_REPRODUCIBLE, UNKNOWN }

    /**
     * One kind of file (inputs or outputs) compared: how many are the same, those changed, those
     * in both runs hashed in neither (their contents cannot be compared: imports, files gone
     * before the writer hashed them), those only in A, only in B.
     */
    public record Files(int common, List<Changed> changed, List<String> unhashed, List<String> onlyA, List<String> onlyB) {
        public boolean same() {
            return changed.isEmpty() && onlyA.isEmpty() && onlyB.isEmpty();
        }
    }

    public record Executions(int common, List<StoredExecution> onlyA, List<StoredExecution> onlyB) {
        public boolean same() {
            return onlyA.isEmpty() && onlyB.isEmpty();
        }
    }

    public record Result(RunFiles a, RunFiles b, Executions executions, Files inputs, Files outputs) {
        public boolean same() {
            return executions.same() && inputs.same() && outputs.same();
        }
    }

    private RunDiff() {}

    /**
     * Run A against run B, keeping the files {@code filter} keeps by their recorded path or by
     * where they are with each run's directory read as {@code here} (the current directory; null:
     * recorded paths only), so that `--under .` means the same part of two checkouts.
     */
    public static Result of(RunFiles a, RunFiles b, PathFilter filter, String here) {
        Map<String, RunFiles.Entry> inA = byKey(a, kept(a, a.inputs(PathFilter.ALL), filter, here));
        Map<String, RunFiles.Entry> inB = byKey(b, kept(b, b.inputs(PathFilter.ALL), filter, here));
        Map<String, RunFiles.Entry> outA = byKey(a, kept(a, a.outputs(PathFilter.ALL), filter, here));
        Map<String, RunFiles.Entry> outB = byKey(b, kept(b, b.outputs(PathFilter.ALL), filter, here));
        Files inputs = compare(inA, inB, (key, before, after) -> new Changed(key, before.sha1(), after.sha1(), List.of(), List.of(), null));
        Executions executions = executions(a, b);
        Causes causes = new Causes(a, b, executions);
        Files outputs = compare(outA, outB, (key, before, after) -> causes.explain(key, before, after));
        return new Result(a, b, executions, inputs, outputs);
    }

    /**
     * Which inputs lie in each output's lineage, found from the inputs' side: what came out of each
     * input that is not the same in both runs (RunGraph.downstream, in the run that has it), and of
     * each input not hashed in either run. Few inputs change, while an output's lineage can be the
     * whole build.
     */
    private static final class Causes {
        private final Map<String, Set<String>> causesOf = new HashMap<>(); // output key → changed input keys in its lineage
        private final Map<String, Change> changeOf = new HashMap<>(); // input key → how it differs
        private final Set<String> unhashedUpstream = new HashSet<>(); // output keys with an input of unknown content in their lineage
        private final Map<String, Set<StoredExecution>> stepsOf = new HashMap<>(); // output key → the nearest steps upstream that ran in one run only

        private final long runA;

        Causes(RunFiles a, RunFiles b, Executions executions) {
            runA = a.graph().run().id();
            Map<String, RunFiles.Entry> inA = byKey(a, a.inputs(PathFilter.ALL)), inB = byKey(b, b.inputs(PathFilter.ALL));
            for (String k : union(inA.keySet(), inB.keySet())) {
                RunFiles.Entry x = inA.get(k), y = inB.get(k);
                boolean changed = x == null || y == null || !Objects.equals(x.sha1(), y.sha1());
                boolean unhashed = x != null && x.sha1() == null || y != null && y.sha1() == null;
                if (!changed && !unhashed) continue;
                if (changed) changeOf.put(k, x == null ? Change.APPEARED : y == null ? Change.VANISHED : Change.CHANGED);
                if (x != null) reach(a, x.path(), k, changed, unhashed);
                if (y != null) reach(b, y.path(), k, changed, unhashed);
            }
            reachFromSteps(a, executions.onlyA());
            reachFromSteps(b, executions.onlyB());
        }

        /**
         * Labels what came out of the steps {@code differing} (of run {@code f}) with the nearest of
         * them: a breadth-first walk from all at once, layer by layer, over the executions that read
         * what an earlier layer made after it made it; a path takes the steps of the first layer that
         * made it. One walk for all, since a changed flag can change every step of a build.
         */
        private void reachFromSteps(RunFiles f, List<StoredExecution> differing) {
            RunGraph g = f.graph();
            PathText keys = keyText(f);
            Map<StoredExecution, Set<StoredExecution>> nearest = new HashMap<>();
            Map<StoredExecution, Set<StoredExecution>> layer = new LinkedHashMap<>();
            for (StoredExecution x : differing) layer.put(x, Set.of(x));
            Set<String> labelled = new HashSet<>();
            while (!layer.isEmpty()) {
                nearest.putAll(layer);
                Set<String> madeNow = new HashSet<>();
                Map<StoredExecution, Set<StoredExecution>> next = new LinkedHashMap<>();
                for (var e : layer.entrySet()) {
                    for (StoredAccess made : g.productsOf(e.getKey())) {
                        String k = keys.of(made.path());
                        if (!labelled.contains(k)) {
                            stepsOf.computeIfAbsent(k, x -> new LinkedHashSet<>()).addAll(e.getValue());
                            madeNow.add(k);
                        }
                        for (StoredAccess use : g.usersOf(made.path(), made)) {
                            StoredExecution y = g.execution(use);
                            if (y != null && !nearest.containsKey(y)) next.computeIfAbsent(y, x -> new LinkedHashSet<>()).addAll(e.getValue());
                        }
                    }
                }
                labelled.addAll(madeNow);
                layer = next;
            }
        }

        private void reach(RunFiles f, String input, String key, boolean changed, boolean unhashed) {
            PathText keys = keyText(f);
            for (String p : f.graph().downstream(input).paths()) {
                String k = keys.of(p);
                if (changed) causesOf.computeIfAbsent(k, x -> new TreeSet<>(RunFiles.BYTE_ORDER)).add(key);
                if (unhashed) unhashedUpstream.add(k);
            }
        }

        Changed explain(String key, RunFiles.Entry before, RunFiles.Entry after) {
            List<Cause> causes = causesOf.getOrDefault(key, Set.of()).stream().map(k -> new Cause(k, changeOf.get(k))).toList();
            List<StoredExecution> steps = new ArrayList<>(stepsOf.getOrDefault(key, Set.of()));
            steps.sort(Comparator.comparing((StoredExecution x) -> x.run() != runA).thenComparingInt(StoredExecution::execId));
            boolean unknown = before.sha1() == null || after.sha1() == null || unhashedUpstream.contains(key);
            Verdict v = !causes.isEmpty() ? Verdict.INPUTS_CHANGED : !steps.isEmpty() ? Verdict.STEPS_CHANGED
                    : unknown ? Verdict.UNKNOWN : Verdict.NOT_REPRODUCIBLE;
            return new Changed(key, before.sha1(), after.sha1(), causes, List.copyOf(steps), v);
        }
    }

    private interface Changes {
        Changed of(String key, RunFiles.Entry before, RunFiles.Entry after);
    }

    private static Files compare(Map<String, RunFiles.Entry> a, Map<String, RunFiles.Entry> b, Changes changes) {
        List<Changed> changed = new ArrayList<>();
        List<String> unhashed = new ArrayList<>(), onlyA = new ArrayList<>(), onlyB = new ArrayList<>();
        int common = 0;
        for (var e : a.entrySet()) {
            RunFiles.Entry other = b.get(e.getKey());
            if (other == null) onlyA.add(e.getKey());
            else if (e.getValue().sha1() == null && other.sha1() == null) unhashed.add(e.getKey());
            else if (!Objects.equals(e.getValue().sha1(), other.sha1())) changed.add(changes.of(e.getKey(), e.getValue(), other));
            else common++;
        }
        for (String k : b.keySet()) if (!a.containsKey(k)) onlyB.add(k);
        return new Files(common, changed, unhashed, onlyA, onlyB);
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return all;
    }

    private static List<RunFiles.Entry> kept(RunFiles f, List<RunFiles.Entry> entries, PathFilter filter, String here) {
        String base = f.graph().run().cwd();
        List<RunFiles.Entry> out = new ArrayList<>(entries.size());
        for (RunFiles.Entry e : entries) if (filter.accepts(e.path(), PathFilter.located(e.path(), base, here))) out.add(e);
        return out;
    }

    private static Map<String, RunFiles.Entry> byKey(RunFiles f, List<RunFiles.Entry> entries) {
        PathText key = keyText(f);
        Map<String, RunFiles.Entry> out = new LinkedHashMap<>();
        for (RunFiles.Entry e : entries) out.put(key.of(e.path()), e);
        return out;
    }

    /** Paths relative to the run's directory (absolute outside it). */
    static PathText keyText(RunFiles f) {
        return new PathText(f.graph().run().cwd());
    }

    private static Executions executions(RunFiles a, RunFiles b) {
        Map<String, Deque<StoredExecution>> pending = new HashMap<>();
        for (StoredExecution x : a.graph().executions()) pending.computeIfAbsent(signature(a, x), k -> new ArrayDeque<>()).add(x);
        List<StoredExecution> onlyB = new ArrayList<>();
        int common = 0;
        for (StoredExecution x : b.graph().executions()) {
            Deque<StoredExecution> same = pending.get(signature(b, x));
            if (same == null || same.isEmpty()) onlyB.add(x);
            else {
                same.poll();
                common++;
            }
        }
        List<StoredExecution> onlyA = new ArrayList<>();
        for (StoredExecution x : a.graph().executions()) {
            Deque<StoredExecution> left = pending.get(signature(a, x));
            if (left != null && left.remove(x)) onlyA.add(x);
        }
        return new Executions(common, onlyA, onlyB);
    }

    /** Program, directory and arguments, the run's temporary names in them as "<temp>". */
    private static String signature(RunFiles f, StoredExecution x) {
        PathText key = keyText(f);
        String cwd = Objects.toString(x.cwd(), "");
        StringBuilder sb = new StringBuilder(key.of(Objects.toString(x.path(), ""))).append('\0')
                .append(f.isTemporary(cwd) ? "<temp>" : key.of(cwd));
        for (int i = 1; i < x.argv().size(); i++) sb.append('\0').append(withoutTemps(f, x.cwd(), x.argv().get(i)));
        return sb.toString();
    }

    /**
     * {@code arg} with each temporary name in it as "<temp>": the whole argument, or a piece
     * between separators of options, lists, code and shell redirections (`-o=/tmp/x`, `a:b`,
     * `exec(open('/tmp/x'))`, `sh -c 'm4 … >/tmp/arX/traces.pl'`); in a name below a temporary
     * directory, that directory (`rm -f ./confX/stdin`, a file configure never made in its
     * own). A relative name is taken in the execution's directory {@code cwd}, as the kernel
     * takes it (CMake's try-compile runs `cc -o cmTC_1a2b3 …` in its random directory).
     */
    private static String withoutTemps(RunFiles f, String cwd, String arg) {
        if (arg == null) return "";
        if (isTemporary(f, cwd, arg)) return "<temp>";
        StringBuilder sb = new StringBuilder();
        int start = 0;
        for (int i = 0; i <= arg.length(); i++) {
            if (i == arg.length() || SEPARATORS.indexOf(arg.charAt(i)) >= 0) {
                sb.append(withoutTemp(f, cwd, arg.substring(start, i)));
                if (i < arg.length()) sb.append(arg.charAt(i));
                start = i + 1;
            }
        }
        return sb.toString();
    }

    /** {@code piece} as "<temp>" when it is a temporary name, with its longest temporary directory as "<temp>" when below one. */
    private static String withoutTemp(RunFiles f, String cwd, String piece) {
        if (piece.isEmpty()) return piece;
        for (int end = piece.length(); end > 0; end = piece.lastIndexOf('/', end - 1)) {
            if (isTemporary(f, cwd, piece.substring(0, end))) return "<temp>" + piece.substring(end);
        }
        return piece;
    }

    /** Whether {@code name}, absolute or relative to {@code cwd} (null: unknown), is one of the run's temporary names. */
    private static boolean isTemporary(RunFiles f, String cwd, String name) {
        if (f.isTemporary(name)) return true;
        return !name.startsWith("/") && cwd != null && cwd.startsWith("/") && f.isTemporary(LexicalPath.normalize(cwd + "/" + name));
    }

    private static final String SEPARATORS = "=,:@;'\"()[]{}<>|& \t\n";
}
