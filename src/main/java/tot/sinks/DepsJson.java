package tot.sinks;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import tot.model.Event;
import tot.model.Execution;
import tot.model.Sink;
import tot.util.AtomicOutput;
import tot.util.Json;
import tot.util.OutputFile;
import tot.util.Terminals;
import tot.util.Times;

/**
 * fptrace-compatible deps.json: the executions in the order they ended, each with
 * {@code Cmd{Parent, ID, Exec, Exit, Dir, Path, Args, Env}}, {@code Inputs}, {@code Outputs},
 * {@code FDs}, plus tot's {@code Deleted}, {@code Warnings}, {@code Pid}, {@code Start},
 * {@code End}. Written once, atomically, on close.
 */
public final class DepsJson implements Sink {
    private final OutputFile.Held target;
    private final Filter filter;
    /** Every execution that ended, the filter's or not: what they recorded tells a gone path that held files. */
    private final List<Execution> ended = new ArrayList<>();
    /** Which inputs and outputs a record keeps: not directories. */
    private final Predicate<String> anInput, anOutput;

    /**
     * Which executions are written (fptrace's -do and -dn, combined with OR); all when neither is
     * set. {@code onlyOutputs}: those with an output other than a terminal; {@code only}: those
     * whose Path or its basename is in the set.
     */
    public record Filter(boolean onlyOutputs, Set<String> only) {
        boolean keep(Execution x) {
            if (!onlyOutputs && only.isEmpty()) return true;
            if (onlyOutputs && x.outputs().stream().anyMatch(p -> !Terminals.isTerminal(p))) return true;
            return only.contains(x.path) || only.contains(x.path.substring(x.path.lastIndexOf('/') + 1));
        }
    }

    /** deps.json of an import: written where {@code target} names when the log has been read. */
    public DepsJson(String target, Filter filter) {
        this(new OutputFile.Held(target, null, null), filter, new DirectoryCache());
    }

    /**
     * deps.json of a trace, into the output held since before the command ran ({@link OutputFile#hold});
     * {@code directories}: shared with the trace's other readers of the same paths (one stat each).
     */
    public DepsJson(OutputFile.Held target, Filter filter, DirectoryCache directories) {
        this.target = target;
        this.filter = filter;
        Predicate<String> held = new RecordedPaths(ended);
        anInput = p -> directories.input(p, held);
        anOutput = p -> directories.output(p, held);
    }

    @Override
    public void accept(Event event) {
        if (event instanceof Event.End end) ended.add(end.execution());
    }

    /**
     * Writes deps.json, one execution at a time (a run of 10,000 executions is ~10 MB of text,
     * not held whole). Inputs and outputs that are directories are left out.
     */
    @Override
    public void close() throws IOException {
        try (target) {
            write();
        }
    }

    private void write() throws IOException {
        AtomicOutput.write(target, out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            StringBuilder sb = new StringBuilder(4096);
            // on a terminal, after the command's output: on a line of its own
            if (target.name().equals("-") && Terminals.stdoutIsTerminal()) sb.append('\n');
            sb.append('[');
            boolean first = true;
            for (Execution x : ended) {
                if (!filter.keep(x)) continue;
                sb.append(first ? "\n" : ",\n");
                first = false;
                record(sb, x);
                w.append(sb);
                sb.setLength(0);
            }
            w.append(sb).append(first ? "]\n" : "\n]\n"); // sb: the '[' when no execution was recorded
            w.flush();
        });
    }

    private void record(StringBuilder sb, Execution x) {
        sb.append("  {\n    \"Cmd\": {\"Parent\": ").append(x.parentId).append(", \"ID\": ").append(x.id);
        if (x.nextExecId() != 0) sb.append(", \"Exec\": ").append(x.nextExecId());
        if (x.exit() != null && x.exit() != 0) sb.append(", \"Exit\": ").append(x.exit());
        sb.append(", \"Dir\": ");
        Json.quote(sb, x.dir);
        sb.append(", \"Path\": ");
        Json.quote(sb, x.path);
        sb.append(", \"Args\": ");
        Json.array(sb, x.args);
        if (x.env != null) Json.array(sb.append(", \"Env\": "), x.env);
        sb.append("},\n    \"Inputs\": ");
        Json.array(sb, x.inputs(), anInput);
        sb.append(",\n    \"Outputs\": ");
        Json.array(sb, x.outputs(), anOutput);
        if (!x.deleted().isEmpty()) Json.array(sb.append(",\n    \"Deleted\": "), x.deleted());
        if (!x.warnings().isEmpty()) Json.array(sb.append(",\n    \"Warnings\": "), x.warnings());
        Json.fds(sb.append(",\n    \"FDs\": "), x.fds, true);
        sb.append(",\n    \"Pid\": ").append(x.pid);
        if (x.startNanos >= 0) sb.append(", \"Start\": \"").append(Times.iso(x.startNanos)).append('"');
        if (x.endNanos() >= 0) sb.append(", \"End\": \"").append(Times.iso(x.endNanos())).append('"');
        sb.append("\n  }");
    }
}
