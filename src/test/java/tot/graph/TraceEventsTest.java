package tot.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tot.imports.Tot;
import tot.store.Operation;
import tot.store.StoredAccess;
import tot.store.StoredExecution;

/**
 * `tot graph --format perfetto` of a traced make build against the trace-event format (what
 * chrome://tracing and ui.perfetto.dev read): required fields and their types, times in
 * microseconds that never go back, slices on one track nested or apart; and against tot.db: one
 * slice per execution at its start, lasting its life, with its counts of inputs and outputs.
 */
class TraceEventsTest {
    @TempDir
    static Path dir;
    static MakeBuild build;
    static JsonNode trace;

    @BeforeAll
    static void traceMake() throws Exception {
        build = MakeBuild.trace(dir.resolve("project"));
        Path out = dir.resolve("trace.json");
        Tot.Result r = Tot.run(build.dir, "graph", "--db", build.db.toString(), "--format", "perfetto", "-o", out.toString());
        assertEquals(0, r.status(), r.stderr());
        trace = Chromium.JSON.readTree(out.toFile());
    }

    @Test
    void everyEventHasTheFieldsTheFormatRequires() {
        assertTrue(trace.isObject() && trace.get("traceEvents").isArray());
        assertTrue(List.of("ms", "ns").contains(trace.get("displayTimeUnit").asText()));
        Set<Integer> named = new HashSet<>();
        double last = -1;
        for (JsonNode e : trace.get("traceEvents")) {
            assertTrue(e.get("name").isTextual() && e.get("ph").isTextual(), e.toString());
            assertTrue(e.get("pid").isInt() && e.get("tid").isInt(), e.toString());
            switch (e.get("ph").asText()) {
                case "M" -> {
                    JsonNode args = e.get("args");
                    switch (e.get("name").asText()) {
                        case "process_name" -> {
                            assertTrue(args.get("name").isTextual(), e.toString());
                            named.add(e.get("pid").asInt());
                        }
                        case "process_sort_index" -> assertTrue(args.get("sort_index").isInt(), e.toString());
                        default -> throw new AssertionError("unknown metadata event " + e);
                    }
                }
                case "X" -> {
                    assertTrue(e.get("ts").isNumber() && e.get("dur").isNumber() && e.get("cat").isTextual(), e.toString());
                    double ts = e.get("ts").asDouble();
                    assertTrue(ts >= last, "timestamps go back at " + e);
                    last = ts;
                    assertTrue(e.get("dur").asDouble() >= 0, e.toString());
                    assertTrue(named.contains(e.get("pid").asInt()), "a slice on an unnamed track: " + e);
                    JsonNode args = e.get("args");
                    assertTrue(args.get("command").isTextual() && args.get("id").isTextual() && args.get("cwd").isTextual(), e.toString());
                    assertTrue(args.get("exit").isInt() || args.get("exit").isNull(), e.toString());
                    assertTrue(args.get("inputs").isInt() && args.get("outputs").isInt(), e.toString());
                }
                default -> throw new AssertionError("an event of a phase tot does not write: " + e);
            }
        }
    }

    @Test
    void slicesOnATrackNestOrFollowEachOther() {
        Map<Integer, Deque<double[]>> open = new HashMap<>();
        for (JsonNode e : trace.get("traceEvents")) {
            if (!e.get("ph").asText().equals("X")) continue;
            double start = e.get("ts").asDouble(), end = start + e.get("dur").asDouble();
            Deque<double[]> stack = open.computeIfAbsent(e.get("tid").asInt(), k -> new ArrayDeque<>());
            while (!stack.isEmpty() && stack.peek()[1] <= start) stack.pop();
            assertTrue(stack.isEmpty() || end <= stack.peek()[1], "overlaps the slice before it on its track: " + e);
            stack.push(new double[] {start, end});
        }
    }

    @Test
    void oneSlicePerExecutionWhenAndAsLongAsItRan() {
        long origin = build.run.startNanos();
        for (StoredExecution x : build.executions) origin = Math.min(origin, x.startNanos());
        Map<String, JsonNode> byId = new HashMap<>();
        for (JsonNode e : trace.get("traceEvents")) if (e.get("ph").asText().equals("X")) byId.put(e.get("args").get("id").asText(), e);
        assertEquals(build.executions.size(), byId.size());
        for (StoredExecution x : build.executions) {
            JsonNode e = byId.get(x.shortId());
            assertEquals((x.startNanos() - origin) / 1000.0, e.get("ts").asDouble(), 0.001, x.argv().toString());
            assertTrue(e.get("dur").asDouble() <= (x.endNanos() - x.startNanos()) / 1000.0 + 0.001, x.argv().toString());
            assertEquals(x.pid().intValue(), e.get("pid").asInt());
            assertEquals(x.exit().intValue(), e.get("args").get("exit").asInt());
            assertEquals(tot.show.Text.command(x.path(), x.argv()), e.get("args").get("command").asText());
            Set<String> reads = new HashSet<>(), writes = new HashSet<>();
            for (StoredAccess a : build.accesses) {
                if (a.executionRow() != x.rowId() || a.errno() != 0 || a.path().matches("/(dev|proc|sys)/.*")) continue;
                if (a.operation() == Operation.READ) reads.add(a.path());
                if (a.operation() == Operation.WRITE || a.operation() == Operation.CREATE || a.operation() == Operation.RENAME) writes.add(a.path());
            }
            assertEquals(reads.size(), e.get("args").get("inputs").asInt(), x.argv() + " inputs");
            assertEquals(writes.size(), e.get("args").get("outputs").asInt(), x.argv() + " outputs");
        }
    }

    @Test
    void aRunWithoutTimesHasNoTimelineAndNoFileIsWritten() throws Exception {
        Path db = dir.resolve("imported.db");
        Tot.Result imported = Tot.run(dir, "import", "--db", db.toString(), Path.of("testdata/imports/fptrace-deps.json").toAbsolutePath().toString());
        assertEquals(0, imported.status(), imported.stderr());
        Path out = dir.resolve("none.json");
        Tot.Result r = Tot.run(dir, "graph", "--db", db.toString(), "--format", "perfetto", "-o", out.toString());
        assertEquals(1, r.status());
        assertTrue(r.stderr().startsWith("tot: run 1 has no execution times"), r.stderr());
        assertFalse(Files.exists(out));
        Tot.Result dot = Tot.run(dir, "graph", "--db", db.toString(), "-o", dir.resolve("imported.dot").toString());
        assertEquals(0, dot.status(), "a graph needs no times: " + dot.stderr());
    }
}
