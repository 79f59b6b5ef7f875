package tot.ci;

import java.io.PrintStream;
import java.util.List;
import tot.show.Text;
import tot.store.StoredExecution;
import tot.store.StoredRun;
import tot.util.Json;
import tot.util.SafeText;

/** `tot diff` as text (a section per kind, + only in B, - only in A, ~ changed) or one JSON object. */
public final class RunDiffView {
    private RunDiffView() {}

    public static void text(PrintStream stream, RunDiff.Result d) {
        Output out = new Output(stream);
        long a = d.a().graph().run().id(), b = d.b().graph().run().id();
        out.println("run " + a + ": " + describe(d.a().graph().run()));
        out.println("run " + b + ": " + describe(d.b().graph().run()));
        RunDiff.Executions x = d.executions();
        out.println("executions: " + x.common() + " in both, " + x.onlyA().size() + " only in run " + a + ", " + x.onlyB().size()
                + " only in run " + b);
        for (StoredExecution e : x.onlyA()) out.println("  - " + e.shortId() + "  $ " + Text.command(e.path(), e.argv()));
        for (StoredExecution e : x.onlyB()) out.println("  + " + e.shortId() + "  $ " + Text.command(e.path(), e.argv()));
        files(out, "inputs", d.inputs(), a, b);
        files(out, "outputs", d.outputs(), a, b);
        out.flush();
    }

    private static void files(Output out, String what, RunDiff.Files f, long a, long b) {
        out.println(what + ": " + f.common() + " the same, " + f.changed().size() + " changed, " + f.onlyA().size() + " only in run "
                + a + ", " + f.onlyB().size() + " only in run " + b
                + (f.unhashed().isEmpty() ? "" : ", " + f.unhashed().size() + " hashed in neither (not compared)"));
        for (RunDiff.Changed c : f.changed()) {
            StringBuilder sb = new StringBuilder("  ~ ").append(SafeText.escape(c.path())).append("  ").append(hash(c.before()))
                    .append(" -> ").append(hash(c.after()));
            if (c.verdict() != null) {
                sb.append(switch (c.verdict()) {
                    case INPUTS_CHANGED -> "  because " + causes(c) + steps(c, "; ", a);
                    case STEPS_CHANGED -> steps(c, "  because ", a);
                    case NOT_REPRODUCIBLE -> "  not reproducible: made from the same inputs";
                    case UNKNOWN -> "  cause unknown: some inputs were not hashed";
                });
            }
            out.println(sb.toString());
        }
        for (String p : f.onlyA()) out.println("  - " + SafeText.escape(p));
        for (String p : f.onlyB()) out.println("  + " + SafeText.escape(p));
    }

    /** "a.h, b.h changed, c.h appeared, d.h vanished": the causes grouped by how they differ, each group in path order. */
    private static String causes(RunDiff.Changed c) {
        List<String> groups = new java.util.ArrayList<>();
        for (RunDiff.Change how : RunDiff.Change.values()) {
            List<String> paths = c.causes().stream().filter(x -> x.change() == how).map(x -> SafeText.escape(x.path())).toList();
            if (!paths.isEmpty()) groups.add(String.join(", ", paths) + " " + how.name().toLowerCase(java.util.Locale.ROOT));
        }
        return String.join(", ", groups);
    }

    /** The steps upstream of an output that ran in one run only, marked as in the executions' list ({@code -} run A, {@code +} run B). */
    private static String steps(RunDiff.Changed c, String lead, long a) {
        if (c.steps().isEmpty()) return "";
        List<String> ids = c.steps().stream().limit(SHOWN_STEPS).map(x -> (x.run() == a ? "- " : "+ ") + x.shortId()).toList();
        int more = c.steps().size() - ids.size(); // a flag every compile step got: the link step has them all (JSON lists them)
        return lead + "its steps differ (" + String.join(", ", ids) + (more > 0 ? ", … " + more + " more" : "") + ")";
    }

    private static final int SHOWN_STEPS = 6;

    private static String hash(String sha1) {
        return sha1 == null ? "(not hashed)" : sha1.substring(0, 8);
    }

    private static String describe(StoredRun r) {
        StringBuilder sb = new StringBuilder("$ ");
        List<String> c = r.command();
        sb.append(c.isEmpty() ? "" : Text.command(c.getFirst(), c));
        if (r.startNanos() != null) sb.append("  (").append(Text.localTime(r.startNanos()).strip()).append(')');
        return sb.toString();
    }

    public static void json(PrintStream stream, RunDiff.Result d) {
        StringBuilder sb = new StringBuilder("{\"a\":").append(d.a().graph().run().id()).append(",\"b\":").append(d.b().graph().run().id())
                .append(",\"same\":").append(d.same()).append(",\"executions\":{\"common\":").append(d.executions().common());
        executions(sb.append(",\"only_a\":"), d.executions().onlyA());
        executions(sb.append(",\"only_b\":"), d.executions().onlyB());
        files(sb.append("},\"inputs\":"), d.inputs());
        files(sb.append(",\"outputs\":"), d.outputs());
        new Output(stream).println(sb.append('}').toString()).flush();
    }

    private static void executions(StringBuilder sb, List<StoredExecution> xs) {
        sb.append('[');
        for (int i = 0; i < xs.size(); i++) {
            StoredExecution x = xs.get(i);
            Json.quote(sb.append(i == 0 ? "{\"id\":" : ",{\"id\":"), x.shortId()).append(",\"path\":");
            Json.quote(sb, x.path()).append(",\"args\":");
            Json.array(sb, x.argv()).append('}');
        }
        sb.append(']');
    }

    private static void files(StringBuilder sb, RunDiff.Files f) {
        sb.append("{\"same\":").append(f.common()).append(",\"changed\":[");
        for (int i = 0; i < f.changed().size(); i++) {
            RunDiff.Changed c = f.changed().get(i);
            Json.quote(sb.append(i == 0 ? "{\"path\":" : ",{\"path\":"), c.path()).append(",\"before\":");
            Json.quote(sb, c.before()).append(",\"after\":");
            Json.quote(sb, c.after());
            if (c.verdict() != null) {
                sb.append(",\"why\":\"").append(c.verdict().name().toLowerCase(java.util.Locale.ROOT)).append("\",\"causes\":");
                Json.array(sb, c.causePaths()).append(",\"steps\":");
                Json.array(sb, c.steps().stream().map(StoredExecution::shortId).toList());
            }
            sb.append('}');
        }
        Json.array(sb.append("],\"unhashed\":"), f.unhashed());
        Json.array(sb.append(",\"only_a\":"), f.onlyA());
        Json.array(sb.append(",\"only_b\":"), f.onlyB()).append('}');
    }
}
