package tot.graph;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tot.store.StoredExecution;
import tot.util.Json;

/**
 * A picture as Chrome trace-event JSON (what ui.perfetto.dev and chrome://tracing open): each
 * execution is a complete ("X") slice on the track of its process (pid = tid = the process's
 * pid), with its command, id, cwd, exit and counts of inputs and outputs as args; a process's
 * track is named after its first program and sorted by when it started. Times are microseconds
 * since the run began, in ascending order.
 */
final class TraceEvents {
    private TraceEvents() {}

    private record Slice(Picture.Exec exec, long start, long end, int pid) {}

    /** Whether any execution has a start time (an imported deps.json has none): else there is no timeline. */
    static boolean hasTimes(Picture p) {
        return p.executions().stream().anyMatch(e -> e.execution().startNanos() != null);
    }

    /** Writes the trace; {@link #hasTimes} must hold. */
    static void write(Picture p, OutputStream out) throws IOException {
        List<Slice> slices = slices(p);
        long origin = slices.stream().mapToLong(Slice::start).min().orElseThrow();
        if (p.run().startNanos() != null && p.run().startNanos() <= origin) origin = p.run().startNanos();
        int[] reads = new int[p.executions().size()], writes = new int[p.executions().size()];
        for (Picture.Edge e : p.edges()) {
            switch (e.operation()) {
                case READ -> reads[e.execution()]++;
                case WRITE, CREATE, RENAME -> writes[e.execution()]++;
                case DELETE, EXEC, MKDIR -> { }
            }
        }
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        w.write("{\"displayTimeUnit\":\"ms\",\"otherData\":{\"tot_run\":" + p.run().id() + "},\"traceEvents\":[\n");
        Map<Integer, Slice> firstOfProcess = new LinkedHashMap<>();
        for (Slice s : slices) firstOfProcess.putIfAbsent(s.pid(), s);
        boolean first = true;
        int order = 0;
        for (Slice s : firstOfProcess.values()) {
            String name = Labels.execution(s.exec().execution()).split(" ", 2)[0] + " " + s.pid();
            first = event(w, first, meta("process_name", s.pid(), "name", Json.quote(new StringBuilder(), name)));
            first = event(w, first, meta("process_sort_index", s.pid(), "sort_index", new StringBuilder().append(order++)));
        }
        for (Slice s : slices) {
            StoredExecution x = s.exec().execution();
            StringBuilder sb = new StringBuilder("{\"name\":");
            Json.quote(sb, Labels.execution(x)).append(",\"cat\":\"execution\",\"ph\":\"X\",\"ts\":");
            micros(sb, s.start() - origin).append(",\"dur\":");
            micros(sb, s.end() - s.start()).append(",\"pid\":").append(s.pid()).append(",\"tid\":").append(s.pid());
            sb.append(",\"args\":{\"command\":");
            Json.quote(sb, Labels.command(x)).append(",\"id\":");
            Json.quote(sb, x.shortId()).append(",\"parent\":");
            Json.quote(sb, x.parentShortId()).append(",\"cwd\":");
            Json.quote(sb, Labels.path(x.cwd())).append(",\"exit\":").append(x.exit());
            sb.append(",\"inputs\":").append(reads[s.exec().index()]).append(",\"outputs\":").append(writes[s.exec().index()]);
            if (x.endNanos() == null) sb.append(",\"end\":\"unknown\"");
            first = event(w, first, sb.append("}}"));
        }
        w.write("\n]}\n");
        w.flush();
    }

    /**
     * The executions with a start, in order of start, each ending where it ended (else where the
     * run or the last known time did), cut where the next slice of its process begins: a
     * process's executions follow each other (exec), so a track never holds overlapping slices.
     */
    private static List<Slice> slices(Picture p) {
        long last = Long.MIN_VALUE;
        for (Picture.Exec e : p.executions()) {
            StoredExecution x = e.execution();
            if (x.startNanos() != null) last = Math.max(last, x.startNanos());
            if (x.endNanos() != null) last = Math.max(last, x.endNanos());
        }
        if (p.run().endNanos() != null) last = Math.max(last, p.run().endNanos());
        List<Slice> slices = new ArrayList<>();
        for (Picture.Exec e : p.executions()) {
            StoredExecution x = e.execution();
            if (x.startNanos() == null) continue;
            long end = Math.max(x.startNanos(), x.endNanos() != null ? x.endNanos() : last);
            slices.add(new Slice(e, x.startNanos(), end, x.pid() != null ? x.pid() : -x.execId()));
        }
        slices.sort(Comparator.comparingLong(Slice::start).thenComparingInt(s -> s.exec().index()));
        Map<Integer, Integer> lastOfProcess = new HashMap<>();
        for (int i = 0; i < slices.size(); i++) {
            Slice s = slices.get(i);
            Integer before = lastOfProcess.put(s.pid(), i);
            if (before != null && slices.get(before).end() > s.start()) {
                Slice b = slices.get(before);
                slices.set(before, new Slice(b.exec(), b.start(), s.start(), b.pid()));
            }
        }
        return slices;
    }

    private static StringBuilder meta(String name, int pid, String key, CharSequence value) {
        return new StringBuilder("{\"name\":\"").append(name).append("\",\"ph\":\"M\",\"pid\":").append(pid)
                .append(",\"tid\":").append(pid).append(",\"args\":{\"").append(key).append("\":").append(value).append("}}");
    }

    private static boolean event(Writer w, boolean first, CharSequence event) throws IOException {
        if (!first) w.write(",\n");
        w.append(event);
        return false;
    }

    /** Nanoseconds as microseconds with three decimals (trace-event times are in microseconds). */
    private static StringBuilder micros(StringBuilder sb, long nanos) {
        return sb.append(nanos / 1000).append('.').append(String.format("%03d", nanos % 1000));
    }
}
