package tot.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tot.ci.MakeDeps;
import tot.util.ByteStrings;

/**
 * The CI commands on real builds: a generated C project with a static library and an unrelated
 * program, built with make under tot log, then imported from strace's log and from deps.json.
 */
class CiCommandsTest {
    @TempDir
    Path dir;

    private Path project;
    /** source file → the headers it includes, transitively. */
    private final Map<String, Set<String>> includes = new TreeMap<>();
    private final List<String> libSources = new ArrayList<>(), appSources = new ArrayList<>(), toolSources = new ArrayList<>();

    record Out(int status, String stdout, String stderr) {}

    private Out tot(String... args) throws Exception {
        ProcessBuilder pb = TotProcess.builder(project, List.of(args)).redirectInput(new File("/dev/null"))
                .redirectOutput(dir.resolve("out").toFile()).redirectError(dir.resolve("err").toFile());
        Process p = TotProcess.finish(pb, 300, "tot " + args[0]);
        return new Out(p.exitValue(), ByteStrings.decode(Files.readAllBytes(dir.resolve("out"))), Files.readString(dir.resolve("err")));
    }

    private Out ok(String... args) throws Exception {
        Out o = tot(args);
        assertEquals(0, o.status(), String.join(" ", args) + ": " + o.stderr());
        return o;
    }

    private static boolean have(String tool) {
        for (String d : System.getenv("PATH").split(":")) if (Files.isExecutable(Path.of(d, tool))) return true;
        return false;
    }

    /**
     * Headers h0..h7 (each may include earlier ones), lib sources (into libm.a), the app's own
     * sources and an unrelated tool, each including a few headers; which ones comes from a seeded
     * random generator, and the test computes what each source depends on.
     */
    @BeforeEach
    void generate() throws Exception {
        assumeTrue(have("make") && have("cc") && have("ar"), "needs make, cc and ar");
        project = Files.createDirectories(dir.resolve("project"));
        Files.createDirectories(project.resolve("include"));
        Files.createDirectories(project.resolve("lib"));
        Random random = new Random(1616);
        Map<String, Set<String>> headerIncludes = new TreeMap<>();
        for (int h = 0; h < 8; h++) {
            Set<String> direct = new TreeSet<>();
            for (int k = 0; k < h; k++) if (random.nextInt(4) == 0) direct.add("include/h" + k + ".h");
            headerIncludes.put("include/h" + h + ".h", direct);
            StringBuilder text = new StringBuilder("#pragma once\n");
            for (String d : direct) text.append("#include \"").append(d.substring(8)).append("\"\n");
            Files.writeString(project.resolve("include/h" + h + ".h"), text.append("#define H").append(h).append(" ").append(h).append('\n'));
        }
        Files.writeString(project.resolve("include/unused.h"), "#define UNUSED 1\n");
        String[][] groups = {{"lib/m0.c", "lib/m1.c", "lib/m2.c"}, {"main.c", "extra.c"}, {"tool.c"}};
        for (int g = 0; g < groups.length; g++) {
            for (String src : groups[g]) {
                Set<String> direct = new TreeSet<>();
                for (int h = 0; h < 8; h++) if (random.nextInt(3) == 0) direct.add("include/h" + h + ".h");
                Set<String> all = new TreeSet<>();
                List<String> todo = new ArrayList<>(direct);
                while (!todo.isEmpty()) {
                    String h = todo.removeLast();
                    if (all.add(h)) todo.addAll(headerIncludes.get(h));
                }
                includes.put(src, all);
                String fn = src.replaceAll(".*/", "").replace(".c", "");
                StringBuilder text = new StringBuilder();
                for (String d : direct) text.append("#include \"").append(d.substring(8)).append("\"\n");
                if (src.equals("main.c")) text.append("int m0(void); int m1(void); int m2(void); int extra(void);\n")
                        .append("int main(void) { return m0() + m1() + m2() + extra(); }\n");
                else if (src.equals("tool.c")) text.append("int main(void) { return 0; }\n");
                else text.append("int ").append(fn).append("(void) { return 1; }\n");
                Files.writeString(project.resolve(src), text);
                (g == 0 ? libSources : g == 1 ? appSources : toolSources).add(src);
            }
        }
        Files.writeString(project.resolve("Makefile"), """
                CFLAGS = -O1 -Iinclude
                all: app tool
                app: main.o extra.o libm.a
                \tcc -o $@ main.o extra.o libm.a
                tool: tool.o
                \tcc -o $@ tool.o
                libm.a: lib/m0.o lib/m1.o lib/m2.o
                \tar rcs $@ $^
                %.o: %.c
                \tcc $(CFLAGS) -c $< -o $@
                clean:
                \trm -f app tool libm.a *.o lib/*.o
                """);
    }

    private Set<String> sourcesOfApp() {
        Set<String> expected = new TreeSet<>();
        for (String src : libSources) {
            expected.add(src);
            expected.addAll(includes.get(src));
        }
        for (String src : appSources) {
            expected.add(src);
            expected.addAll(includes.get(src));
        }
        return expected;
    }

    private void make(String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("log", "--"));
        args.add("make");
        args.addAll(List.of(extra));
        Out o = tot(args.toArray(String[]::new));
        assertEquals(0, o.status(), o.stderr());
    }

    private void clean() throws Exception {
        Process p = TotProcess.finish(new ProcessBuilder("make", "-s", "clean").directory(project.toFile()), 60, "make clean");
        assertEquals(0, p.exitValue());
    }

    /** The prerequisites of {@code target} in a depfile. */
    private static Set<String> prerequisites(String depfile, String target) {
        for (MakeDeps.Rule r : MakeDeps.parse(ByteStrings.encode(depfile))) {
            if (r.target().equals(target)) return new TreeSet<>(r.prerequisites());
        }
        throw new AssertionError("no rule for " + target + " in\n" + depfile);
    }

    private void theDepfileOfAppIsWhatItWasBuiltFrom(String run) throws Exception {
        Set<String> deps = prerequisites(ok("depfile", "--run", run, "--under", ".", "--relative", "app").stdout(), "app");
        Set<String> sources = new TreeSet<>(deps);
        sources.removeIf(p -> !p.endsWith(".c") && !p.endsWith(".h"));
        assertEquals(sourcesOfApp(), sources, "every .c and .h app was built from, and no other");
        Set<String> rest = new TreeSet<>(deps);
        rest.removeAll(sources);
        assertEquals(Set.of("main.o", "extra.o", "libm.a", "lib/m0.o", "lib/m1.o", "lib/m2.o"), rest, "its objects and library");
    }

    @Test
    void depfileKeyDiffCheckAndLineageOfARealBuild() throws Exception {
        make("-j2");
        theDepfileOfAppIsWhatItWasBuiltFrom("last");
        Set<String> allSources = new TreeSet<>(sourcesOfApp());
        allSources.add("tool.c");
        allSources.addAll(includes.get("tool.c"));
        allSources.add("Makefile");
        Set<String> inputs = new TreeSet<>(List.of(ok("inputs", "--under", ".", "--relative").stdout().split("\n")));
        assertEquals(allSources, inputs);
        Set<String> outputs = new TreeSet<>(List.of(ok("outputs", "--under", ".", "--relative").stdout().split("\n")));
        assertEquals(Set.of("app", "tool", "libm.a", "main.o", "extra.o", "tool.o", "lib/m0.o", "lib/m1.o", "lib/m2.o"), outputs);

        String key = ok("key", "--under", ".").stdout();
        assertTrue(key.matches("[0-9a-f]{64}\n"), key);
        assertTrue(ok("key", "--under", ".", "--explain").stdout().startsWith("tot-key 1\ncommand [\"make\",\"-j2\"]\n"));
        assertEquals("", ok("key", "--under", ".").stderr());
        assertTrue(ok("check", "--declared-glob", "**", "--under", "srcc").stderr().matches("tot: warning: run \\d+ read no file below .*/srcc: nothing was checked\n"),
                "nor may a mistyped --under pass the check silently");
        Out typo = ok("key", "--under", "srcc");
        assertEquals("tot: warning: the key covers no file, only the command: the run read nothing that --under and --exclude keep\n",
                typo.stderr(), "a mistyped --under would make every build hit the cache");
        clean();
        make("-j2");
        assertEquals(key, ok("key", "--under", ".").stdout(), "a rebuild from the same inputs");
        assertEquals(0, tot("diff", "1", "2", "--under", ".").status(), tot("diff", "1", "2", "--under", ".").stdout());

        // change one header that a lib source includes, but not every source
        String header = null;
        for (String h : includes.get("lib/m1.c")) {
            if (includes.values().stream().filter(s -> s.contains(h)).count() < includes.size()) header = h;
        }
        assumeTrue(header != null, "the generator gave every source the same headers");
        Files.writeString(project.resolve(header), "__attribute__((used)) static const char changed[] = \"changed\";\n",
                java.nio.file.StandardOpenOption.APPEND); // in every object that includes it
        String predicted = ok("key", "--under", ".", "--now").stdout();
        assertNotEquals(key, predicted, "the key of the inputs as they are now");
        clean();
        make("-j2");
        assertEquals(predicted, ok("key", "--under", ".").stdout(), "--now predicted the next build's key");

        Out diff = tot("diff", "2", "3", "--under", ".", "--relative", "--format", "json");
        assertEquals(1, diff.status(), diff.stderr());
        JsonNode d = TotProcess.JSON.readTree(diff.stdout());
        assertEquals(List.of(header), texts(d.at("/inputs/changed"), "path"));
        Set<String> changed = new TreeSet<>();
        for (String src : includes.keySet()) {
            if (includes.get(src).contains(header)) changed.add(src.replace(".c", ".o"));
        }
        if (changed.stream().anyMatch(o -> o.startsWith("lib/"))) changed.add("libm.a");
        if (changed.stream().anyMatch(o -> !o.equals("tool.o"))) changed.add("app");
        if (changed.contains("tool.o")) changed.add("tool");
        assertEquals(changed, new TreeSet<>(texts(d.at("/outputs/changed"), "path")), "what includes the header, and what links it");
        for (JsonNode c : d.at("/outputs/changed")) {
            assertEquals("inputs_changed", c.get("why").asText());
            assertEquals(List.of(header), texts(c.get("causes"), null));
        }
        assertTrue(d.at("/executions/only_a").isEmpty() && d.at("/executions/only_b").isEmpty(), diff.stdout());

        // check: every file declared but one header
        List<String> declared = new ArrayList<>(allSources);
        declared.remove(header);
        Files.write(dir.resolve("declared.txt"), String.join("\n", declared).getBytes());
        Out check = tot("check", "--declared", dir.resolve("declared.txt").toString(), "--relative");
        assertEquals(1, check.status(), check.stderr());
        assertTrue(check.stdout().startsWith(header + "\n    read by "), check.stdout());
        assertTrue(check.stdout().contains("/cc1 "), "the compiler read it: " + check.stdout());
        assertTrue(check.stderr().contains("1 of the " + allSources.size() + " files run 3 read below " + project + " was not declared"), check.stderr());
        declared.add(header);
        Files.write(dir.resolve("declared.txt"), String.join("\n", declared).getBytes());
        assertEquals(0, tot("check", "--declared", dir.resolve("declared.txt").toString()).status());
        Files.writeString(dir.resolve("app.d"), ok("depfile", "--under", ".", "--relative", "app", "tool").stdout());
        Out byDepfile = tot("check", "--declared-depfile", dir.resolve("app.d").toString(), "--declared-glob", "Makefile");
        assertEquals(0, byDepfile.status(), byDepfile.stdout());

        String lineage = ok("lineage", "app", "--under", ".", "--relative").stdout();
        assertTrue(lineage.startsWith("app ("), lineage);
        for (String src : sourcesOfApp()) assertTrue(lineage.contains(" " + src + " ("), src + " in\n" + lineage);
        assertTrue(!lineage.contains("tool.c"), lineage);
        JsonNode outputsJson = TotProcess.JSON.readTree(ok("outputs", "--under", ".", "--format", "json").stdout());
        String appSha1 = null;
        for (JsonNode o : outputsJson) if (o.get("path").asText().equals(project.resolve("app").toString())) appSha1 = o.get("sha1").asText();
        assertTrue(appSha1 != null && appSha1.matches("[0-9a-f]{40}"), outputsJson.toString());
        JsonNode byHash = TotProcess.JSON.readTree(ok("lineage", appSha1.substring(0, 10), "--under", ".", "--format", "json").stdout());
        assertEquals(project.resolve("app").toString(), byHash.get("path").asText(), "a content's lineage from where it was made");
        assertEquals(3, byHash.at("/made_by/0/run").asInt());

        // a flag changed: what it changed is explained by the steps that ran with it, never "not reproducible"
        clean();
        make("CFLAGS=-O1 -Iinclude -fno-asynchronous-unwind-tables"); // no .eh_frame: every object differs
        Out flagged = tot("diff", "3", "4", "--under", ".", "--format", "json");
        assertEquals(1, flagged.status(), flagged.stderr());
        JsonNode f = TotProcess.JSON.readTree(flagged.stdout());
        Set<String> differing = new TreeSet<>(texts(f.at("/executions/only_a"), "id"));
        differing.addAll(texts(f.at("/executions/only_b"), "id"));
        assertTrue(f.at("/outputs/changed").size() > 0, flagged.stdout());
        for (JsonNode c : f.at("/outputs/changed")) {
            assertTrue(Set.of("inputs_changed", "steps_changed").contains(c.get("why").asText()), c.toString());
            List<String> steps = texts(c.get("steps"), null);
            assertTrue(!steps.isEmpty() && differing.containsAll(steps), c + " steps among " + differing);
        }
    }

    private static List<String> texts(JsonNode array, String field) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(field == null ? n.asText() : n.get(field).asText()));
        return out;
    }

    /**
     * A file made, removed and made again in one run (`make clean && make`, a lock file taken
     * twice) came from what made it the last time only: its depfile and lineage leave out what the
     * removed one was made from.
     */
    @Test
    void aFileMadeAgainAfterItsRemovalComesFromItsLastMakingOnly() throws Exception {
        Files.writeString(project.resolve("old.txt"), "old\n");
        Files.writeString(project.resolve("new.txt"), "new\n");
        ok("log", "--", "sh", "-c", "cat old.txt > f; rm f; cat new.txt > f");
        assertEquals(Set.of("new.txt"), prerequisites(ok("depfile", "--under", ".", "--relative", "f").stdout(), "f"));
        String lineage = ok("lineage", "--under", ".", "f").stdout();
        assertTrue(lineage.contains("/new.txt (") && !lineage.contains("/old.txt ("), lineage); // the sh command line names both
    }

    @Test
    void everyCommandWorksOnImportedRunsAndSaysWhenThereIsNone() throws Exception {
        assumeTrue(have("strace"), "needs strace");
        Out noDb = tot("inputs");
        assertEquals(2, noDb.status());
        assertEquals("tot: tot.db: no such database (tot log writes one)\n", noDb.stderr());
        tot.store.Store.open(project.resolve("tot.db")).close(); // a database without runs
        for (String command : List.of("inputs", "outputs", "depfile", "key", "check", "lineage")) {
            Out none = command.equals("check") ? tot(command, "--declared-glob", "x") : command.equals("lineage") ? tot(command, "--run", "last", "app") : tot(command);
            assertEquals(command.equals("check") ? 2 : 1, none.status(), command);
            assertEquals("tot: no complete run is stored\n", none.stderr(), command);
        }
        Process strace = TotProcess.finish(new ProcessBuilder("strace", "-f", "-s", "4096", "-o", dir.resolve("make.log").toString(),
                "make").directory(project.toFile()).redirectOutput(dir.resolve("strace.out").toFile()).redirectErrorStream(true), 300, "strace");
        assertEquals(0, strace.exitValue());
        ok("import", dir.resolve("make.log").toString());
        clean();
        ok("log", "-d", dir.resolve("deps.json").toString(), "--no-db", "--", "make");
        ok("import", dir.resolve("deps.json").toString());
        for (String run : List.of("1", "2")) {
            theDepfileOfAppIsWhatItWasBuiltFrom(run);
            assertTrue(ok("inputs", "--run", run, "--under", ".", "--relative").stdout().contains("\nmain.c\n"));
            assertTrue(ok("outputs", "--run", run, "--under", ".", "--relative").stdout().contains("\nlibm.a\n"));
            Out key = ok("key", "--run", run, "--under", ".");
            assertTrue(key.stdout().matches("[0-9a-f]{64}\n") && key.stderr().contains("no recorded sha1"), key.stderr());
            assertEquals(ok("key", "--run", run, "--under", ".", "--now").stdout(), key.stdout(), "imports carry no hashes: the files as they are");
            assertTrue(ok("lineage", "--run", run, "app", "--under", ".", "--relative").stdout().contains(" main.c"));
            assertEquals(0, tot("check", "--run", run, "--declared-glob", "*.[ch]", "--declared-glob", "Makefile").status());
        }
        Out diff = tot("diff", "1", "2", "--under", ".");
        assertEquals(0, diff.status(), diff.stdout()); // strace's log and tot's deps.json of the same build: the same answers
        assertTrue(diff.stdout().contains(" in both, 0 only in run 1, 0 only in run 2\n"), diff.stdout());
        for (String command : List.of("inputs", "outputs", "depfile", "key")) {
            Out none = tot(command, "--run", "7");
            assertEquals(1, none.status());
            assertEquals("tot: no run 7\n", none.stderr(), command);
        }
        assertEquals("tot: no run last~2: 2 complete runs are stored\n", tot("inputs", "--run", "last~2").stderr());
        assertEquals(2, tot("diff", "1", "9").status());
        assertEquals("tot: no run 9\n", tot("diff", "1", "9").stderr());
        assertEquals(1, tot("lineage", "--run", "9", "app").status());
    }
}
