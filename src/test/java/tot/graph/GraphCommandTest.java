package tot.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tot.imports.Tot;

/** `tot graph`'s command line: what it refuses, in one line with the cause, and which runs it draws. */
class GraphCommandTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void twoRuns() throws Exception {
        for (String file : List.of("first", "second")) {
            Tot.Result r = Tot.run(dir, "log", "--db", "tot.db", "--", "sh", "-c", "echo x > " + file);
            assertEquals(0, r.status(), r.stderr());
        }
    }

    private static void refused(int status, String message, String... args) throws Exception {
        Path out = dir.resolve("out.dot");
        List<String> all = new java.util.ArrayList<>(List.of("graph", "--db", "tot.db", "-o", out.toString()));
        all.addAll(List.of(args));
        Tot.Result r = Tot.run(dir, all.toArray(String[]::new));
        assertEquals(status, r.status(), r.stderr());
        assertEquals(List.of("tot: " + message), r.lines().subList(0, 1), r.stderr());
        assertFalse(Files.exists(out), "nothing is written when tot refuses");
    }

    @Test
    void badRequestsAreOneLineAndWriteNothing() throws Exception {
        refused(2, "--format: expected dot, html or perfetto, not 'svg'", "--format", "svg");
        refused(2, "--run: expected a run number or 'last', not 'first'", "--run", "first");
        refused(2, "--max-files: expected 0 or more, not -1", "--max-files", "-1");
        refused(1, "no run 7", "--run", "7");
        refused(1, "--focus nowhere.c: no path or content hash of run 2 matches", "--focus", "nowhere.c");
        refused(1, "--focus deadbeef: no path or content hash of run 2 matches", "--focus", "deadbeef");
        Tot.Result r = Tot.run(dir, "graph", "--db", "tot.db", "-o", dir.resolve("no/such/dir/g.dot").toString());
        assertEquals(2, r.status());
        assertTrue(r.stderr().startsWith("tot: " + dir.resolve("no/such/dir/g.dot")), r.stderr());
        Tot.Result none = Tot.run(dir, "graph", "--db", dir.resolve("none.db").toString());
        assertEquals(2, none.status());
        assertEquals("tot: " + dir.resolve("none.db") + ": no such database (tot log writes one)\n", none.stderr());
    }

    @Test
    void theLastRunByDefaultAnotherByNumber() throws Exception {
        String last = Tot.runOut(dir, "graph", "--db", "tot.db", "--under", ".");
        assertTrue(last.contains("label=\"second\"") && !last.contains("label=\"first\""), last);
        String first = Tot.runOut(dir, "graph", "--db", "tot.db", "--under", ".", "--run", "1");
        assertTrue(first.contains("label=\"first\"") && first.startsWith("digraph tot {"), first);
    }
}
