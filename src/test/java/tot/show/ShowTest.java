package tot.show;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import tot.Backend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tot.store.Store;
import tot.store.StoreReader;
import tot.store.Store.Content;
import tot.store.Operation;

/** `tot show` views on a database written through the Store API: lineage, file history, ambiguity, formats; on both backends. */
@ParameterizedClass
@EnumSource(Backend.class)
class ShowTest {
    @Parameter
    Backend backend;

    @TempDir
    Path dir;
    private Path db;
    private Backend.Target target;

    private static final String V1 = StoreFixture.V1, V2 = StoreFixture.V2;

    @BeforeEach
    void fill() throws Exception {
        target = backend.target();
        db = StoreFixture.fill(dir);
    }

    private StoreReader open() throws Exception {
        return StoreReader.open(target.location(db));
    }

    private record Out(int status, String text) {}

    private Out show(String query, Format format) throws Exception {
        var bytes = new ByteArrayOutputStream();
        try (StoreReader c = open(); PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            int status = new Show(c, format, out, Integer.MAX_VALUE).run(query, null, false);
            return new Out(status, bytes.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void aHashShowsWhoWroteAndReadThatContent() throws Exception {
        Out o = show("abcd2222", Format.TABLE);
        assertEquals(0, o.status());
        List<String> lines = o.text().lines().toList();
        assertEquals("content " + V2, lines.get(0));
        assertEquals(4, lines.size(), o.text());
        assertTrue(lines.get(1).contains("write  /w/out (abcd2222)  $ /w/gen -o out"), lines.get(1));
        assertTrue(lines.get(2).contains("read   /w/out (abcd2222)  $ /usr/bin/use out"), lines.get(2));
        assertTrue(lines.get(3).contains("$ /usr/bin/cat out"), lines.get(3));
    }

    @Test
    void anAmbiguousPrefixListsNothingButFails() throws Exception {
        Out o = show("abcd", Format.TABLE);
        assertEquals(1, o.status());
        assertEquals("", o.text());
    }

    @Test
    void aPathShowsEachVersionNewestFirstWithItsReaders() throws Exception {
        Out o = show("/w/out", Format.TABLE);
        assertEquals(0, o.status(), o.text());
        List<String> lines = o.text().lines().toList();
        assertEquals("/w/out", lines.get(0));
        assertTrue(lines.get(1).contains("write  (abcd2222)"), o.text());
        assertTrue(lines.get(2).startsWith("    ") && lines.get(2).contains("use out"), o.text());
        assertTrue(lines.get(3).startsWith("    ") && lines.get(3).contains("cat out"), o.text());
        assertTrue(lines.get(4).contains("write  (abcd1111)"), o.text());
        assertTrue(lines.get(5).startsWith("    ") && lines.get(5).contains("use out"), o.text());
        assertEquals(6, lines.size(), o.text());
    }

    @Test
    void theTreeIndentsChildrenAndHidesFailuresUnlessAsked() throws Exception {
        Out o = show(null, Format.TABLE);
        String text = o.text();
        assertTrue(text.startsWith("run 1: $ make  (exit 0, in /w, me@host)\n"), text);
        assertTrue(text.contains("\n  " + Text.localTime(1001L) + " "), "gen indented under make:\n" + text);
        assertFalse(text.contains("missing.h"), text);
        var bytes = new ByteArrayOutputStream();
        try (StoreReader c = open(); PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            new Show(c, Format.TABLE, out, Integer.MAX_VALUE).run(null, "1", true);
        }
        assertTrue(bytes.toString(StandardCharsets.UTF_8).contains("read: /w/missing.h (ENOENT)"), bytes.toString());
    }

    /**
     * A run whose user is unknown (`tot import --host NAME` of a log) and one whose host holds
     * control characters (another machine's tot.db merged): "?" for the unknown part, never
     * "null"; the rest escaped, so the header stays one line and sends the terminal nothing.
     */
    @Test
    void theHeaderSaysAnUnknownUserOrHostAndEscapesThem() throws Exception {
        try (Store s = Store.open(db)) {
            s.begin();
            for (String[] who : new String[][] {{null, "builder7"}, {"me", null}, {"me\n", "evil\u001b]0;title\u0007"}}) {
                long run = s.addRun(new Store.Run("who-" + who[0] + who[1], "events", "ev.jsonl", List.of("x"), "/w", who[1], who[0], null));
                s.finishRun(run, null, 0, true);
            }
            s.commit();
        }
        String text = show(null, Format.TABLE).text();
        assertTrue(text.contains("(exit 0, in /w, ?@builder7)\n"), text);
        assertTrue(text.contains("(exit 0, in /w, me@?)\n"), text);
        assertTrue(text.contains("(exit 0, in /w, me\\n@evil\\x1b]0;title\\x07)\n"), text);
        assertFalse(text.contains("null"), text);
    }

    /** A run imported without times (fptrace's deps.json, strace without -t): run 3, one read and one call. */
    private void addUntimedRun() throws Exception {
        try (Store s = Store.open(db)) {
            s.begin();
            long run = s.addRun(new Store.Run("untimed", "deps.json", "deps.json", List.of("x"), "/w", null, null, null));
            long x = s.addExecution(run, new tot.model.Execution(1, 0, 0, "/w", "/usr/bin/x", List.of("x"), null,
                    new java.util.TreeMap<>(), -1), null);
            s.addAccess(x, "/w/untimed", Operation.READ, null, 0, null, null, null);
            s.addSyscall(run, x, new tot.model.Event.Call(-1, 7, 7, 1, "openat", List.of("/w/untimed"),
                    List.of("AT_FDCWD", "\"/w/untimed\"", "O_RDONLY"), 3L, 0, 0));
            s.finishRun(run, null, 0, true);
            s.commit();
        }
    }

    @Test
    void csvLinesEndInLfAndAnUnknownTimeIsAnEmptyField() throws Exception {
        addUntimedRun();
        Out path = show("/w/untimed", Format.CSV);
        assertEquals("time,kind,path,sha1,run,execution,pid,command\n,read,/w/untimed,,3," + Store.shortId("untimed", 1)
                + ",,/usr/bin/x\n", path.text());
        Out tree = show(null, Format.CSV);
        assertFalse(tree.text().contains("\r") || tree.text().contains("null"), tree.text());
        assertTrue(tree.text().endsWith(",read,/w/untimed,,,\n"), tree.text());
        var bytes = new ByteArrayOutputStream();
        try (StoreReader c = open()) {
            new Export(c, "3").csv(bytes);
            new Analyses(c, Format.CSV, new PrintStream(bytes, true, StandardCharsets.UTF_8), null, false).summary();
        }
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(text.startsWith("timestamp,pid,executable,syscall,filepath,all_filepaths,ret_int,ret_str\n"
                + ",7,/usr/bin/x,openat,/w/untimed,/w/untimed,3,3\n"), text);
        assertFalse(text.contains("\r") || text.contains("null"), text);
        assertTrue(text.contains("\n\ncount,executable,syscall,errno\n"), "summary: a blank line between the tables\n" + text);
    }

    /**
     * Unknown times (NULL) sort as SQLite sorts them, on both backends: first when oldest come
     * first, last when newest do (PostgreSQL's own default is the other way round).
     */
    @Test
    void unknownTimesSortFirstOldestFirstAndLastNewestFirst() throws Exception {
        try (Store s = Store.open(db)) {
            s.begin();
            long run = s.addRun(new Store.Run("mixed", "deps.json", "deps.json", List.of("x"), "/w", null, null, null));
            long timed = s.addExecution(run, StoreFixture.execution(1, 0, 0, "/usr/bin/timed", List.of("timed"), 9000), null);
            long untimed = s.addExecution(run, StoreFixture.execution(2, 0, 0, "/usr/bin/untimed", List.of("untimed"), -1), null);
            s.addAccess(timed, "/w/out", Operation.READ, null, 0, 9001L, null, null);
            s.addAccess(untimed, "/w/out", Operation.READ, null, 0, null, null, null);
            s.finishRun(run, null, 0, true);
            s.commit();
        }
        List<String> path = show("/w/out", Format.CSV).text().lines().toList();
        assertTrue(path.get(1).contains(",/usr/bin/timed"), "newest first: " + path);
        assertTrue(path.getLast().startsWith(",read,/w/out,,3,") && path.getLast().endsWith(",/usr/bin/untimed"), "unknown last: " + path);
        List<String> tree = show(null, Format.CSV).text().lines().filter(l -> l.startsWith("3,")).toList();
        assertTrue(tree.getFirst().contains(",/usr/bin/untimed,"), "unknown start first: " + tree);
        var bytes = new ByteArrayOutputStream();
        try (StoreReader c = open()) {
            new Analyses(c, Format.CSV, new PrintStream(bytes, true, StandardCharsets.UTF_8), null, false).accesses();
        }
        List<String> accesses = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertTrue(accesses.get(1).startsWith(",,") && accesses.get(1).contains(",/usr/bin/untimed,"), "unknown first: " + accesses);
    }

    @Test
    void csvAndJsonCarryFullHashes() throws Exception {
        Out csv = show("/w/out", Format.CSV);
        List<String> lines = csv.text().lines().toList();
        assertEquals("time,kind,path,sha1,run,execution,pid,command", lines.get(0));
        assertEquals(6, lines.size(), csv.text());
        assertTrue(lines.get(1).contains(",read,/w/out," + V2 + ",2,"), "newest first: " + lines.get(1));
        assertTrue(lines.get(3).contains(",write,/w/out," + V2 + ",2,"), lines.get(3));
        Out json = show("abcd1111", Format.JSON);
        var tree = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.text());
        assertEquals(V1, tree.get("sha1").asText());
        assertEquals(2, tree.get("accesses").size());
        assertEquals(Store.shortId("run-a", 2), tree.get("accesses").get(0).get("execution").get("id").asText());
    }

    @Test
    void anExecutionIdShowsThatExecutionAndWhatIsBelowIt() throws Exception {
        String make = Store.shortId("run-b", 1);
        Out o = show(make, Format.TABLE);
        assertEquals(0, o.status());
        assertTrue(o.text().contains(make + "   $ /usr/bin/make"), o.text());
        assertTrue(o.text().contains("$ /usr/bin/cat out"), o.text());
        assertFalse(o.text().contains("run 1:"), o.text());
    }
}
