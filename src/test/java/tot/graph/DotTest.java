package tot.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import tot.imports.Tot;
import tot.store.Operation;
import tot.store.StoredExecution;

/** `tot graph --format dot` of a traced make build, drawn by Graphviz (`dot -Tsvg`) and read back from the SVG. */
class DotTest {
    @TempDir
    static Path dir;
    static MakeBuild build;
    private static int outputs;

    @BeforeAll
    static void traceMake() throws Exception {
        build = MakeBuild.trace(dir.resolve("project"));
    }

    /** What Graphviz drew: node labels (their text lines joined by a newline), and how many nodes and edges. */
    record Drawn(List<String> nodes, int edges) {
        Set<String> firstLines() {
            Set<String> s = new HashSet<>();
            for (String n : nodes) s.add(n.split("\n")[0]);
            return s;
        }
    }

    static Drawn draw(String... options) throws Exception {
        Path dot = dir.resolve("g" + ++outputs + ".dot"), svg = dir.resolve("g" + outputs + ".svg");
        List<String> args = new ArrayList<>(List.of("graph", "--db", build.db.toString(), "-o", dot.toString()));
        args.addAll(List.of(options));
        Tot.Result r = Tot.run(build.dir, args.toArray(String[]::new));
        assertEquals(0, r.status(), r.stderr());
        Process p = new ProcessBuilder("dot", "-Tsvg", "-o", svg.toString(), dot.toString()).redirectErrorStream(true).start();
        String said = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), "dot -Tsvg: " + said);
        assertEquals("", said, "Graphviz warned");
        Document doc = HostileNamesTest.svg(svg);
        List<String> nodes = new ArrayList<>();
        NodeList gs = doc.getElementsByTagName("g");
        for (int i = 0; i < gs.getLength(); i++) {
            Element g = (Element) gs.item(i);
            if (!g.getAttribute("class").equals("node")) continue;
            List<String> lines = new ArrayList<>();
            NodeList texts = g.getElementsByTagName("text");
            for (int j = 0; j < texts.getLength(); j++) lines.add(texts.item(j).getTextContent());
            nodes.add(String.join("\n", lines));
        }
        return new Drawn(nodes, HostileNamesTest.count(doc, "edge"));
    }

    @Test
    void everyExecutionAndFileIsANodeAndCrowdedDirectoriesAreOne() throws Exception {
        Drawn d = draw();
        Set<String> ids = new HashSet<>();
        for (String n : d.nodes()) if (n.contains("\n")) ids.add(n.split("\n")[1].split(" ")[0]);
        for (StoredExecution x : build.executions) assertTrue(ids.contains(x.shortId()), x.argv() + " is not drawn");
        Map<String, Integer> perDirectory = new HashMap<>();
        for (String p : build.paths()) perDirectory.merge(Picture.directory(p), 1, Integer::sum);
        int fileNodes = 0;
        for (int n : perDirectory.values()) fileNodes += n > GraphOptions.DEFAULT_MAX_FILES ? 1 : n;
        assertEquals(build.executions.size() + fileNodes, d.nodes().size());
        assertTrue(d.firstLines().contains("src/main.c") && d.firstLines().contains("app"), "files in the run's directory by relative name");
    }

    @Test
    void underAndExcludeKeepTheProjectsOwnFiles() throws Exception {
        Drawn d = draw("--under", ".", "--exclude", "*.h");
        Set<String> files = new HashSet<>(d.firstLines());
        for (StoredExecution x : build.executions) files.remove(Labels.execution(x));
        assertEquals(Set.of("Makefile", "src/main.c", "src/util.c", "main.o", "util.o", "app"), files);
        Drawn all = draw("--under", build.dir.toString(), "--exclude", "/usr/**", "--exclude", build.dir + "/*.o");
        assertTrue(all.firstLines().contains("src/util.h") && !all.firstLines().contains("main.o"), all.nodes().toString());
    }

    @Test
    void maxFilesDrawsADirectoryAsOneNode() throws Exception {
        Drawn d = draw("--under", ".", "--max-files", "3");
        assertTrue(d.firstLines().contains("./ (4 files)"), "Makefile, main.o, util.o and app: " + d.nodes());
        assertFalse(d.firstLines().contains("app") || d.firstLines().contains("Makefile"), d.nodes().toString());
        assertTrue(d.firstLines().containsAll(Set.of("src/main.c", "src/util.c", "src/util.h")), "src has 3 files: " + d.nodes());
    }

    @Test
    void focusOnAnObjectIsWhatMadeItAndWhatWasMadeFromIt() throws Exception {
        StoredExecution cc1Main = build.execution("cc1", "src/main.c"), cc1Util = build.execution("cc1", "src/util.c");
        StoredExecution ld = build.executions.stream().filter(x -> x.path().endsWith("/ld")).findFirst().orElseThrow();
        StoredExecution make = build.executions.getFirst();
        String sha1 = build.access(build.execution("as", "main.o"), build.dir + "/main.o", Operation.WRITE).sha1();
        for (String focus : List.of("main.o", sha1.substring(0, 10))) {
            Drawn d = draw("--under", ".", "--focus", focus);
            Set<String> lines = d.firstLines();
            assertTrue(lines.containsAll(List.of(Labels.execution(cc1Main), Labels.execution(ld), "src/main.c", "src/util.h", "main.o", "app")),
                    focus + ": " + lines);
            assertFalse(lines.contains(Labels.execution(cc1Util)) || lines.contains("util.o") || lines.contains("src/util.c"),
                    focus + ": util.c's compile made neither main.o nor anything from it: " + lines);
            assertFalse(lines.contains(Labels.execution(make)) || lines.contains("Makefile"), "make wrote nothing: " + lines);
        }
    }
}
