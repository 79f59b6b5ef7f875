package tot.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tot.imports.Tot;
import tot.model.Execution;
import tot.store.Operation;
import tot.store.Store;

/**
 * A build of 5 000 executions (make, 1 666 × cc → cc1 + as, one ld; 40 headers per compile, 1 666
 * objects for the link) stays usable in the page: a few hundred nodes are drawn at first (the rest
 * behind "more" nodes, closed boxes and directory nodes), the timeline holds every execution but
 * draws only the rows in view, long lists show a page at a time, and a search leads to any
 * execution, which is then drawn and selected.
 */
class LargeRunTest {
    static final int COMPILES = 1666, HEADERS = 40;

    @TempDir
    Path dir;

    private int ids;
    private long t;

    private long execution(Store s, long run, int parent, String path, List<String> argv) throws Exception {
        int id = ++ids;
        Execution x = new Execution(id, parent, 1000 + id, "/w", path, argv, null, new TreeMap<>(), t += 1_000_000);
        long row = s.addExecution(run, x, 1000 + id);
        s.addAccess(row, path, Operation.EXEC, "execve", 0, t, null, null);
        rows.put(row, x);
        return row;
    }

    private final java.util.Map<Long, Execution> rows = new java.util.HashMap<>();

    private void end(Store s, long row) throws Exception {
        Execution x = rows.get(row);
        x.exit(0);
        x.end(t += 500_000);
        s.endExecution(row, x);
    }

    private Path build() throws Exception {
        Path db = dir.resolve("tot.db");
        try (Store s = Store.open(db)) {
            s.begin();
            long run = s.addRun(new Store.Run("big", "log", null, List.of("make", "-j2"), "/w", "host", "me", 0L));
            long make = execution(s, run, 0, "/usr/bin/make", List.of("make", "-j2"));
            s.addAccess(make, "/w/Makefile", Operation.READ, "openat", 0, t, null, null);
            for (int i = 0; i < COMPILES; i++) {
                long cc = execution(s, run, 1, "/usr/bin/cc", List.of("cc", "-c", "-o", "obj/m" + i + ".o", "src/m" + i + ".c"));
                int ccId = ids;
                long cc1 = execution(s, run, ccId, "/usr/lib/gcc/cc1", List.of("cc1", "src/m" + i + ".c", "-o", "/tmp/cc" + i + ".s"));
                s.addAccess(cc1, "/w/src/m" + i + ".c", Operation.READ, "openat", 0, t, null, null);
                for (int h = 0; h < HEADERS; h++) s.addAccess(cc1, "/usr/include/h" + h + ".h", Operation.READ, "openat", 0, t, null, null);
                s.addAccess(cc1, "/tmp/cc" + i + ".s", Operation.WRITE, "openat", 0, t, null, null);
                end(s, cc1);
                long as = execution(s, run, ccId, "/usr/bin/as", List.of("as", "-o", "obj/m" + i + ".o", "/tmp/cc" + i + ".s"));
                s.addAccess(as, "/tmp/cc" + i + ".s", Operation.READ, "openat", 0, t, null, null);
                s.addAccess(as, "/w/obj/m" + i + ".o", Operation.WRITE, "openat", 0, t, null, null);
                end(s, as);
                s.addAccess(cc, "/tmp/cc" + i + ".s", Operation.DELETE, "unlink", 0, t, null, null);
                end(s, cc);
            }
            long ld = execution(s, run, 1, "/usr/bin/ld", List.of("ld", "-o", "app"));
            for (int i = 0; i < COMPILES; i++) s.addAccess(ld, "/w/obj/m" + i + ".o", Operation.READ, "openat", 0, t, null, null);
            s.addAccess(ld, "/w/app", Operation.WRITE, "openat", 0, t, null, null);
            end(s, ld);
            end(s, make);
            s.finishRun(run, t, 0, true);
            s.commit();
        }
        assertEquals(5000, ids);
        return db;
    }

    @Test
    void fiveThousandExecutionsStayUsable() throws Exception {
        if (System.getenv("CI") != null) assertNotNull(Chromium.binary(), "chromium is not installed (.ci/run installs it)");
        Assumptions.assumeTrue(Chromium.binary() != null, "chromium is not installed (.ci/run installs it)");
        Path db = build();
        Path html = dir.resolve("big.html");
        Tot.Result r = Tot.run(dir, "graph", "--db", db.toString(), "--format", "html", "-o", html.toString());
        assertEquals(0, r.status(), r.stderr());
        try (Chromium browser = Chromium.start(dir.resolve("profile"), 1400, 900)) {
            browser.open(html.toUri().toString(), HtmlPageTest.WATCH);
            browser.waitUntil("window.totGraph && totGraph.ready", Chromium.seconds(120));
            HtmlPageTest.assertNothingFetched(browser, html);
            assertEquals(5000, browser.eval("totGraph.execs.length").asInt());
            int nodes = browser.eval("totGraph.cy.nodes().length").asInt();
            assertTrue(nodes > 100 && nodes <= 300, nodes + " nodes drawn at first");
            assertTrue(browser.eval("totGraph.cy.nodes('.more').length").asInt() >= 1, "the rest of make's children behind a 'more' node");
            assertTrue(browser.eval("totGraph.cy.nodes('.group').map(n => n.data('dir')).sort().join(' ')").asText()
                    .contains("/usr/include"), "the 40 headers as one node");

            int rows = browser.eval("document.querySelectorAll('#tl-rows .tl-row').length").asInt();
            assertTrue(rows > 5 && rows < 100, rows + " timeline rows in the DOM for 5000 executions");
            browser.eval("(() => { const s = document.getElementById('tl-scroll'); s.scrollTop = s.scrollHeight;"
                    + " s.dispatchEvent(new Event('scroll')); })()");
            assertTrue(HtmlPageTest.texts(browser, "#tl-rows .tl-label").stream().anyMatch(l -> l.startsWith("ld ")),
                    "scrolled to the end, the last execution's row is drawn");

            // a search leads to an execution deep in the run, which is then drawn and selected
            browser.eval("(() => { const s = document.getElementById('search'); s.focus(); })()");
            browser.send("Input.insertText", java.util.Map.of("text", "src/m1234.c"));
            browser.waitUntil("document.querySelectorAll('#results a.node').length", Chromium.seconds(10));
            List<String> hits = HtmlPageTest.texts(browser, "#results a.node");
            assertTrue(hits.contains("/w/src/m1234.c") && hits.stream().anyMatch(h -> h.startsWith("/usr/bin/cc -c -o obj/m1234.o")), hits.toString());
            browser.eval("[...document.querySelectorAll('#results a.node')].find(a => a.textContent.startsWith('/usr/lib/gcc/cc1')).click()");
            browser.waitUntil("totGraph.ready && totGraph.cy.$(':selected').length === 1", Chromium.seconds(60));
            JsonNode selected = browser.eval("(() => { const n = totGraph.cy.$(':selected'); return { kind: n.data('kind'),"
                    + " index: n.data('index'), visible: n.visible() }; })()");
            assertEquals("exec", selected.get("kind").asText());
            assertTrue(browser.eval("totGraph.execs[" + selected.get("index").asInt() + "].command").asText().contains("src/m1234.c"));
            assertTrue(browser.eval("totGraph.cy.nodes().length").asInt() <= 400, "revealing one execution draws a few more nodes, not all");

            // ld's 1 666 inputs: a page of them, and a button for the next
            browser.eval("totGraph.reveal('exec', totGraph.execs.length - 1)");
            browser.waitUntil("totGraph.ready && document.querySelector('#details h2') && document.querySelector('#details h2').textContent.startsWith('ld')",
                    Chromium.seconds(60));
            assertEquals(100, browser.eval("document.querySelectorAll('#details ul.list')[0].children.length").asInt());
            browser.eval("document.querySelector('#details button.more').click()");
            assertEquals(200, browser.eval("document.querySelectorAll('#details ul.list')[0].children.length").asInt());
            Files.createDirectories(Path.of("target", "graph-html"));
            Files.write(Path.of("target", "graph-html", "large.png"), browser.screenshot());
        }
    }
}
