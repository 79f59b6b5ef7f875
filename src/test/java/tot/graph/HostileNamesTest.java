package tot.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;
import tot.imports.Tot;

/**
 * Paths and arguments are the traced program's to choose: file names and argv that are markup,
 * script, DOT syntax, Graphviz escapes, entities, line breaks and bytes that are not UTF-8 come out
 * as the text they are, in every format, and nothing in them runs.
 */
class HostileNamesTest {
    static final String SCRIPT_FILE = "<script>x</script>"; // a directory "<script>x<" holding "script>"
    static final String IMG_FILE = "<img src=x onerror=window.pwned=1>";
    static final String DOT_FILE = "q\"uo\\N&lt;te}]; x -> y [label=\"";
    static final String ARG = "</script><script>window.pwned=2</script><!--";

    @TempDir
    static Path dir;
    static Path work;

    @BeforeAll
    static void trace() throws Exception {
        work = dir.resolve("w");
        Files.createDirectories(work.resolve("<script>x<"));
        Tot.Result r = Tot.run(work, "log", "--db", "tot.db", "--", "sh", "-c",
                "echo a > \"$1\"; echo b > \"$2\"; echo c > \"$3\"; echo d > \"$(printf 'bad\\377name')\";"
                        + " echo e > \"$(printf 'new\\nline')\"; cat \"$1\" \"$2\" \"$3\" > out",
                ARG, SCRIPT_FILE, IMG_FILE, DOT_FILE);
        assertEquals(0, r.status(), r.stderr());
    }

    private static Path graph(String format, String file) throws Exception {
        Path out = dir.resolve(file);
        Tot.Result r = Tot.run(work, "graph", "--db", "tot.db", "--under", ".", "--format", format, "-o", out.toString());
        assertEquals(0, r.status(), r.stderr());
        return out;
    }

    @Test
    void thePageShowsThemAsTextAndRunsNothingOfThem() throws Exception {
        if (System.getenv("CI") != null) assertNotNull(Chromium.binary(), "chromium is not installed (.ci/run installs it)");
        Assumptions.assumeTrue(Chromium.binary() != null, "chromium is not installed (.ci/run installs it)");
        Path html = graph("html", "hostile.html");
        try (Chromium browser = Chromium.start(dir.resolve("profile"), 1200, 800)) {
            browser.open(html.toUri().toString(), HtmlPageTest.WATCH);
            browser.waitUntil("window.totGraph && totGraph.ready", Chromium.seconds(60));
            HtmlPageTest.assertNothingFetched(browser, html);
            assertEquals("undefined", browser.eval("typeof window.pwned").asText(), "a name ran as script");
            assertEquals(0, browser.eval("document.querySelectorAll('img, iframe, object, embed').length").asInt());
            assertTrue(browser.eval("document.title").asText().contains(ARG), "the run's command in the title, as text");

            for (String name : List.of(SCRIPT_FILE, IMG_FILE, DOT_FILE, "bad\\xffname", "new\\nline")) {
                String path = work + "/" + name;
                HtmlPageTest.clickNode(browser, "file", path);
                assertEquals(path, browser.eval("document.querySelector('#details h2').textContent").asText());
            }
            JsonNode sh = browser.eval("totGraph.execs[0].command");
            browser.eval("totGraph.select('exec', 0)");
            String command = HtmlPageTest.details(browser).get("command").asText();
            assertEquals(sh.asText(), command);
            assertTrue(command.contains("'" + ARG + "'"), command);
            assertEquals("undefined", browser.eval("typeof window.pwned").asText());
        }
    }

    @Test
    void dotQuotesThemAndGraphvizDrawsThemAsGiven() throws Exception {
        Path dot = graph("dot", "hostile.dot");
        Path svg = dir.resolve("hostile.svg");
        Process p = new ProcessBuilder("dot", "-Tsvg", "-o", svg.toString(), dot.toString()).redirectErrorStream(true).start();
        String said = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), said);
        assertEquals("", said, "Graphviz warned");
        Document doc = svg(svg);
        List<String> texts = new ArrayList<>();
        NodeList ts = doc.getElementsByTagName("text");
        for (int i = 0; i < ts.getLength(); i++) texts.add(ts.item(i).getTextContent());
        for (String label : List.of(SCRIPT_FILE, IMG_FILE, DOT_FILE, "bad\\xffname", "new\\nline")) {
            assertTrue(texts.contains(label), label + " not drawn as itself in " + texts);
        }
        assertEquals(2 + 6, count(doc, "node"), "the sh and cat boxes and the 6 files: " + texts);
    }

    /** An SVG file parsed, without fetching the DTD its DOCTYPE names. */
    static Document svg(Path file) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        return f.newDocumentBuilder().parse(file.toFile());
    }

    /** The SVG groups Graphviz drew of that class (node, edge). */
    static int count(Document doc, String cls) {
        int n = 0;
        NodeList gs = doc.getElementsByTagName("g");
        for (int i = 0; i < gs.getLength(); i++) {
            var c = gs.item(i).getAttributes().getNamedItem("class");
            if (c != null && c.getNodeValue().equals(cls)) n++;
        }
        return n;
    }

    @Test
    void theTraceIsValidJsonHoldingThemWhole() throws Exception {
        JsonNode trace = Chromium.JSON.readTree(graph("perfetto", "hostile.json").toFile());
        String sh = null;
        for (JsonNode e : trace.get("traceEvents")) if (e.get("ph").asText().equals("X") && sh == null) sh = e.get("args").get("command").asText();
        assertNotNull(sh);
        assertTrue(sh.contains("'" + ARG + "'"), sh);
    }
}
