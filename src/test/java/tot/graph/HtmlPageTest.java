package tot.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tot.imports.Tot;
import tot.show.Text;
import tot.store.Operation;
import tot.store.StoredAccess;
import tot.store.StoredExecution;

/**
 * The page of a real traced make build, rendered by headless Chromium: what the test reads is the
 * page as drawn (Cytoscape's nodes and their places on the canvas, the DOM after the scripts ran),
 * clicks are mouse events at a node's place, and every request the page made is seen.
 */
class HtmlPageTest {
    /** Before the page's scripts: counts what its Content Security Policy refused. */
    static final String WATCH = "window.__refused = []; document.addEventListener('securitypolicyviolation',"
            + " e => window.__refused.push(e.violatedDirective + ' ' + e.blockedURI));";

    @TempDir
    static Path dir;
    static MakeBuild build;

    @BeforeAll
    static void traceMake() throws Exception {
        if (System.getenv("CI") != null) assertNotNull(Chromium.binary(), "chromium is not installed (.ci/run installs it)");
        Assumptions.assumeTrue(Chromium.binary() != null, "chromium is not installed (.ci/run installs it)");
        build = MakeBuild.trace(dir.resolve("project"));
    }

    /** `tot graph --format html` of the build (extra options after), opened in {@code browser}. */
    static Path page(Chromium browser, String name, String... extra) throws Exception {
        Path html = dir.resolve(name);
        List<String> args = new java.util.ArrayList<>(List.of("graph", "--db", build.db.toString(), "--format", "html", "-o", html.toString()));
        args.addAll(List.of(extra));
        Tot.Result r = Tot.run(build.dir, args.toArray(String[]::new));
        assertEquals(0, r.status(), r.stderr());
        browser.open(html.toUri().toString(), WATCH);
        browser.waitUntil("window.totGraph && totGraph.ready", Chromium.seconds(60));
        return html;
    }

    static Chromium browser(String name) throws Exception {
        return Chromium.start(dir.resolve("profile-" + name), 1400, 900);
    }

    /** What the page drew: each node's data and where it is on the canvas, and the canvas's size. */
    static final String NODES = "(() => { const cy = totGraph.cy, c = cy.container().getBoundingClientRect();"
            + " return { width: c.width, height: c.height, left: c.left, top: c.top, nodes: cy.nodes().map(n => ({"
            + " id: n.id(), kind: n.data('kind'), sid: n.data('sid') || null, path: n.data('path') || null, dir: n.data('dir') || null,"
            + " visible: n.visible(), box: n.renderedBoundingBox(), at: n.renderedPosition() })) }; })()";

    @Test
    void everyExecutionAndFileIsDrawnAndNothingIsFetched() throws Exception {
        try (Chromium browser = browser("all")) {
            Path html = page(browser, "make.html");
            JsonNode drawn = browser.eval(NODES);
            double width = drawn.get("width").asDouble(), height = drawn.get("height").asDouble();
            Set<String> sids = new HashSet<>(), paths = new HashSet<>(), dirs = new HashSet<>();
            for (JsonNode n : drawn.get("nodes")) {
                JsonNode box = n.get("box");
                assertTrue(n.get("visible").asBoolean(), n + " is hidden");
                assertTrue(box.get("w").asDouble() > 4 && box.get("h").asDouble() > 4, n + " has no size");
                assertTrue(box.get("x1").asDouble() >= -1 && box.get("x2").asDouble() <= width + 1
                        && box.get("y1").asDouble() >= -1 && box.get("y2").asDouble() <= height + 1, n + " is outside the view");
                switch (n.get("kind").asText()) {
                    case "exec" -> sids.add(n.get("sid").asText());
                    case "file" -> paths.add(n.get("path").asText());
                    case "group" -> dirs.add(n.get("dir").asText());
                    default -> throw new AssertionError("a node of unknown kind: " + n);
                }
            }
            for (StoredExecution x : build.executions) assertTrue(sids.contains(x.shortId()), "execution " + x.argv() + " is not drawn");
            assertEquals(build.executions.size(), sids.size());
            for (String p : build.paths()) {
                assertTrue(paths.contains(p) || dirs.contains(Picture.directory(p)), p + " is not drawn, alone or in its directory");
            }
            assertTrue(paths.containsAll(Set.of(build.dir + "/src/main.c", build.dir + "/main.o", build.dir + "/app")));

            assertNothingFetched(browser, html);
            byte[] png = browser.screenshot();
            Path shot = Path.of("target", "graph-html", "make.png");
            Files.createDirectories(shot.getParent());
            Files.write(shot, png);
            assertTrue(colours(png, drawn) > 20, "the graph area of the screenshot is (nearly) blank: " + shot);
        }
    }

    @Test
    void clickingAnExecutionShowsItsCommandCwdExitAndFiles() throws Exception {
        StoredExecution cc1 = build.execution("cc1", "src/main.c");
        StoredAccess source = build.access(cc1, build.dir + "/src/main.c", Operation.READ);
        try (Chromium browser = browser("exec")) {
            page(browser, "exec.html");
            assertFalse(browser.eval("document.getElementById('details').textContent").asText().contains(cc1.cwd()));
            clickNode(browser, "exec", cc1.shortId());
            JsonNode details = details(browser);
            assertEquals(Text.command(cc1.path(), cc1.argv()), details.get("command").asText());
            String text = details.get("text").asText();
            assertTrue(text.contains("cwd" + cc1.cwd()), text);
            assertTrue(text.contains("exit" + cc1.exit()), text);
            assertTrue(text.contains("pid" + cc1.pid()), text);
            assertTrue(text.contains(source.path() + source.sha1().substring(0, 8)), "the input with its sha1: " + text);
            assertTrue(details.get("titles").toString().contains(source.sha1()), "the whole sha1 on hover");
            StoredAccess output = build.accesses.stream().filter(a -> a.executionRow() == cc1.rowId() && a.operation() == Operation.WRITE)
                    .findFirst().orElseThrow();
            assertTrue(text.contains("Outputs (1)" + output.path()), text);
        }
    }

    @Test
    void clickingAFileShowsWhoWroteAndReadIt() throws Exception {
        String object = build.dir + "/main.o";
        StoredExecution as = build.execution("as", "main.o");
        StoredExecution ld = build.executions.stream().filter(x -> x.path().endsWith("/ld")).findFirst().orElseThrow();
        StoredAccess written = build.access(as, object, Operation.WRITE);
        try (Chromium browser = browser("file")) {
            page(browser, "file.html");
            clickNode(browser, "file", object);
            String text = details(browser).get("text").asText();
            assertTrue(text.startsWith(object), text);
            assertTrue(text.contains("Written by (1)" + Labels.execution(as) + written.sha1().substring(0, 8)), text);
            assertTrue(text.contains("Read by") && text.contains(Labels.execution(ld)), text);
        }
    }

    @Test
    void searchAndTimelineLeadToTheNode() throws Exception {
        StoredExecution ld = build.executions.stream().filter(x -> x.path().endsWith("/ld")).findFirst().orElseThrow();
        try (Chromium browser = browser("search")) {
            page(browser, "search.html");
            assertEquals(build.executions.size(), browser.eval("document.querySelectorAll('#tl-rows .tl-row').length").asInt(),
                    "a short run has a timeline row per execution");
            browser.eval("(() => { const s = document.getElementById('search'); s.focus(); })()");
            browser.send("Input.insertText", Map.of("text", "util.h"));
            browser.waitUntil("document.querySelector('#results a.node')", Chromium.seconds(10));
            assertEquals(List.of(build.dir + "/src/util.h"), texts(browser, "#results a.node"));
            clickElement(browser, "#results a.node");
            browser.waitUntil("document.querySelector('#details h2').textContent === " + Chromium.JSON.writeValueAsString(build.dir + "/src/util.h"),
                    Chromium.seconds(10));
            assertEquals(build.dir + "/src/util.h", browser.eval("totGraph.cy.$(':selected').data('path')").asText());

            int row = build.executions.indexOf(ld);
            clickElement(browser, "#tl-rows .tl-row[data-index='" + row + "'] .tl-label");
            browser.waitUntil("totGraph.cy.$(':selected').data('sid') === '" + ld.shortId() + "'", Chromium.seconds(10));
            assertEquals(Text.command(ld.path(), ld.argv()), details(browser).get("command").asText());
        }
    }

    @Test
    void theAddressNamesTheSelectedNode() throws Exception {
        StoredExecution ld = build.executions.stream().filter(x -> x.path().endsWith("/ld")).findFirst().orElseThrow();
        String app = build.dir + "/app";
        try (Chromium browser = browser("address")) {
            Path html = page(browser, "address.html");
            clickNode(browser, "exec", ld.shortId());
            assertEquals("#" + java.net.URLEncoder.encode("exec=" + ld.shortId(), java.nio.charset.StandardCharsets.UTF_8),
                    browser.eval("location.hash").asText());
            browser.open("about:blank", ""); // a new document: the same one with another #… would not load again
            browser.events.clear();
            browser.open(html.toUri() + "#" + java.net.URLEncoder.encode("file=" + app, java.nio.charset.StandardCharsets.UTF_8)
                    .replace("+", "%20"), WATCH);
            browser.waitUntil("window.totGraph && totGraph.ready && totGraph.cy.$(':selected').length", Chromium.seconds(30));
            assertEquals(app, browser.eval("totGraph.cy.$(':selected').data('path')").asText());
            assertEquals(app, browser.eval("document.querySelector('#details h2').textContent").asText());
        }
    }

    /** Clicks the drawn node of that kind whose sid or path is {@code key}, with the mouse, at its place on the canvas. */
    static void clickNode(Chromium browser, String kind, String key) throws Exception {
        JsonNode drawn = browser.eval(NODES);
        for (JsonNode n : drawn.get("nodes")) {
            if (n.get("kind").asText().equals(kind) && key.equals(n.get(kind.equals("exec") ? "sid" : "path").asText())) {
                browser.click(drawn.get("left").asDouble() + n.get("at").get("x").asDouble(),
                        drawn.get("top").asDouble() + n.get("at").get("y").asDouble());
                browser.waitUntil("document.querySelector('#details h2')", Chromium.seconds(10));
                return;
            }
        }
        throw new AssertionError("no drawn " + kind + " " + key);
    }

    /** Clicks the first element matching {@code selector} with the mouse. */
    static void clickElement(Chromium browser, String selector) throws Exception {
        JsonNode r = browser.eval("(() => { const e = document.querySelector(" + Chromium.JSON.writeValueAsString(selector) + ");"
                + " e.scrollIntoView({block: 'nearest'}); const b = e.getBoundingClientRect(); return {x: b.left + Math.min(20, b.width / 2), y: b.top + b.height / 2}; })()");
        browser.click(r.get("x").asDouble(), r.get("y").asDouble());
    }

    /** The details panel: its text, its command line, and the hover titles in it. */
    static JsonNode details(Chromium browser) throws Exception {
        return browser.eval("(() => { const d = document.getElementById('details'), c = d.querySelector('pre.command');"
                + " return { text: d.textContent, command: c ? c.textContent : null,"
                + " titles: [...d.querySelectorAll('[title]')].map(e => e.title) }; })()");
    }

    static List<String> texts(Chromium browser, String selector) throws Exception {
        List<String> out = new java.util.ArrayList<>();
        browser.eval("[...document.querySelectorAll(" + Chromium.JSON.writeValueAsString(selector) + ")].map(e => e.textContent)")
                .forEach(n -> out.add(n.asText()));
        return out;
    }

    /** Every request of the page was for the page itself; its policy refused nothing; no script failed. */
    static void assertNothingFetched(Chromium browser, Path html) throws Exception {
        List<String> urls = browser.events("Network.requestWillBeSent").stream().map(p -> p.get("request").get("url").asText()).toList();
        assertEquals(List.of(html.toUri().toString()), urls, "the page alone was requested");
        assertEquals("[]", browser.eval("JSON.stringify(window.__refused)").asText(), "refused by the page's policy");
        assertEquals(List.of(), browser.events("Runtime.exceptionThrown"), "exceptions in the page");
        assertEquals(5, browser.eval("document.scripts.length").asInt(), "the data, three libraries and the page script");
    }

    /** Distinct colours in the graph's part of a screenshot: a drawn graph has many, an empty canvas one. */
    static int colours(byte[] png, JsonNode drawn) throws Exception {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
        Map<Integer, Integer> seen = new HashMap<>();
        int x0 = (int) drawn.get("left").asDouble(), y0 = (int) drawn.get("top").asDouble();
        for (int y = y0; y < y0 + drawn.get("height").asInt() && y < img.getHeight(); y += 2) {
            for (int x = x0; x < x0 + drawn.get("width").asInt() && x < img.getWidth(); x += 2) seen.merge(img.getRGB(x, y), 1, Integer::sum);
        }
        return seen.size();
    }
}
