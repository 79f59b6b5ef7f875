package tot.ci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tot.store.StoreReader;
import tot.store.StoredExecution;
import tot.util.ByteStrings;

/** The answers built on RunFiles — key, diff, lineage, check, lists — on runs written through the Store API. */
class CiAnswersTest {
    @TempDir
    Path dir;

    private static final String A = RunFixture.sha('a'), H1 = RunFixture.sha('1'), H2 = RunFixture.sha('2');

    /** make: cc reads a.c and a.h (content {@code header}) → a.o (content {@code object}); cc reads b.c → b.o; ld → app. */
    private long build(RunFixture f, String key, String cwd, String header, String object, String app) throws Exception {
        RunFixture.Run run = f.run(key, cwd, List.of("make", "-j2"));
        run.exec("/usr/bin/make", List.of("make", "-j2"), 0L).read(cwd + "/Makefile", 1L, RunFixture.sha('m'));
        run.exec("/usr/bin/cc", List.of("cc", "-c", "a.c", "-o", "/tmp/cc" + key + ".s"), 10L).read(cwd + "/a.c", 11L, A)
                .read(cwd + "/a.h", 12L, header).fail(cwd + "/config.h", 12L, 2).write("/tmp/cc" + key + ".s", 13L, RunFixture.sha('s'));
        run.exec("/usr/bin/as", List.of("as", "/tmp/cc" + key + ".s"), 20L).read("/tmp/cc" + key + ".s", 21L, RunFixture.sha('s'))
                .write(cwd + "/a.o", 22L, object).delete("/tmp/cc" + key + ".s", 23L);
        run.exec("/usr/bin/cc", List.of("cc", "-c", "b.c"), 30L).read(cwd + "/b.c", 31L, RunFixture.sha('b')).write(cwd + "/b.o", 32L, RunFixture.sha('o'));
        run.exec("/usr/bin/ld", List.of("ld", "a.o", "b.o"), 40L).read(cwd + "/a.o", 41L, object).read(cwd + "/b.o", 42L, RunFixture.sha('o'))
                .write(cwd + "/app", 43L, app);
        return run.finish();
    }

    private static String text(java.util.function.Consumer<PrintStream> print) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        print.accept(new PrintStream(bytes));
        return ByteStrings.decode(bytes.toByteArray());
    }

    @Test
    void theKeyIsTheSameForTheSameInputsElsewhereAndChangesWithAnyContent() throws Exception {
        RunFixture f = new RunFixture(dir.resolve("tot.db"));
        long one = build(f, "1", "/w1", H1, RunFixture.sha('x'), RunFixture.sha('p'));
        long two = build(f, "2", "/w2", H1, RunFixture.sha('y'), RunFixture.sha('q')); // another checkout, other outputs
        long three = build(f, "3", "/w1", H2, RunFixture.sha('x'), RunFixture.sha('p')); // a.h changed
        String k1 = CacheKey.of(f.files(one), PathFilter.ALL, false, null).digest();
        assertEquals(k1, CacheKey.of(f.files(two), PathFilter.ALL, false, null).digest(), "inputs alike, relative to the run's directory");
        assertNotEquals(k1, CacheKey.of(f.files(three), PathFilter.ALL, false, null).digest());
        CacheKey key = CacheKey.of(f.files(one), PathFilter.ALL, false, null);
        String e = RunFixture.sha('e');
        assertEquals(String.join("\n", "tot-key 1", "command [\"make\",\"-j2\"]", "input " + e + " \"/usr/bin/as\"",
                "input " + e + " \"/usr/bin/cc\"", "input " + e + " \"/usr/bin/ld\"", "input " + e + " \"/usr/bin/make\"",
                "input " + RunFixture.sha('m') + " \"Makefile\"", "input " + A + " \"a.c\"", "input " + H1 + " \"a.h\"",
                "input " + RunFixture.sha('b') + " \"b.c\"", "lookup absent \"config.h\"", ""), key.text(), "the documented text, sorted by path bytes");
        assertEquals(0, key.unhashed());
    }

    private static String sha1Now(String path) throws Exception {
        Path p = Path.of(path);
        if (!Files.isRegularFile(p)) return "absent";
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-1").digest(Files.readAllBytes(p)));
    }

    @Test
    void theKeyNowIsTheRecordedOneUntilAFileChangesOrALookupAppears() throws Exception {
        Path w = Files.createDirectories(dir.resolve("w"));
        Files.writeString(w.resolve("in.txt"), "one");
        RunFixture f = new RunFixture(dir.resolve("tot.db"));
        RunFixture.Run run = f.run("k", w.toString(), List.of("tool"));
        run.exec(w + "/tool", List.of("tool"), 0L).read(w + "/in.txt", 1L, sha1Now(w + "/in.txt")).fail(w + "/extra.txt", 2L, 2)
                .write(w + "/out.txt", 3L, RunFixture.sha('o'));
        Files.writeString(w.resolve("tool"), "#!/bin/sh\n");
        long id = run.finish();
        PathFilter under = PathFilter.of(List.of(w.toString()), List.of("tool"), "/");
        String recorded = CacheKey.of(f.files(id), under, false, null).digest();
        assertEquals(recorded, CacheKey.of(f.files(id), under, true, w.toString()).digest());
        Path moved = Files.createDirectories(dir.resolve("elsewhere"));
        Files.writeString(moved.resolve("in.txt"), "one");
        assertEquals(recorded, CacheKey.of(f.files(id), under, true, moved.toString()).digest(), "a checkout elsewhere");
        Files.writeString(w.resolve("in.txt"), "two");
        assertNotEquals(recorded, CacheKey.of(f.files(id), under, true, w.toString()).digest());
        Files.writeString(w.resolve("in.txt"), "one");
        Files.writeString(w.resolve("extra.txt"), "shadow");
        assertNotEquals(recorded, CacheKey.of(f.files(id), under, true, w.toString()).digest(), "a file the build looked for appeared");
    }

    /** `tot key --under . --now` in another checkout keeps the run's files by where they are here. */
    @Test
    void theKeyNowUnderTheCurrentDirectoryOfAnotherCheckoutCoversItsInputs() throws Exception {
        Path w = Files.createDirectories(dir.resolve("w")), other = Files.createDirectories(dir.resolve("other"));
        Files.writeString(w.resolve("in.txt"), "one");
        Files.writeString(other.resolve("in.txt"), "one");
        RunFixture f = new RunFixture(dir.resolve("tot.db"));
        RunFixture.Run run = f.run("k", w.toString(), List.of("tool"));
        run.exec("/usr/bin/tool", List.of("tool"), 0L).read(w + "/in.txt", 1L, sha1Now(w + "/in.txt")).fail(w + "/extra.txt", 2L, 2);
        long id = run.finish();
        String recorded = CacheKey.of(f.files(id), PathFilter.of(List.of("."), List.of(), w.toString()), false, null).text();
        PathFilter here = PathFilter.of(List.of("."), List.of(), other.toString());
        assertEquals(recorded, CacheKey.of(f.files(id), here, true, other.toString()).text(), "in.txt and extra.txt, found here");
        Files.writeString(other.resolve("in.txt"), "two");
        assertNotEquals(recorded, CacheKey.of(f.files(id), here, true, other.toString()).text());
        PathFilter excluded = PathFilter.of(List.of("."), List.of("in.txt", other.getFileName() + "/extra.txt"), dir.toString());
        assertEquals(List.of("tot-key 1", "command [\"tool\"]", ""),
                List.of(CacheKey.of(f.files(id), excluded, true, other.toString()).text().split("\n", -1)),
                "excluded by where they are here");
    }

    /** `tot diff --under .` of runs in two checkouts compares the same part of each. */
    @Test
    void aDiffUnderTheCurrentDirectoryComparesTwoCheckouts() throws Exception {
        RunFixture f = new RunFixture(dir.resolve("tot.db"));
        long[] ids = new long[2];
        for (int i = 0; i < 2; i++) {
            RunFixture.Run run = f.run("c" + i, "/w" + i, List.of("tool"));
            run.exec("/usr/bin/tool", List.of("tool"), 0L).read("/w" + i + "/in.txt", 1L, RunFixture.sha(i == 0 ? 'a' : 'b'))
                    .write("/w" + i + "/out.txt", 2L, RunFixture.sha('o'));
            ids[i] = run.finish();
        }
        RunDiff.Result d = RunDiff.of(f.files(ids[0]), f.files(ids[1]), PathFilter.of(List.of("."), List.of(), "/w1"), "/w1");
        assertEquals(List.of("in.txt"), d.inputs().changed().stream().map(RunDiff.Changed::path).toList());
        assertEquals(List.of(), d.inputs().onlyA(), "run A's files are below . in its own checkout");
        assertEquals(1, d.outputs().common());
    }

    /**
     * pip hands its children a random temporary directory whole, or a file in it inside code
     * (`python -c "exec(open('/tmp/tmpX/x.py').read())"`), and runs some there: in either form
     * the name does not make the step new. A directory the run took an input from is no temp.
     */
    @Test
    void aDiffMatchesStepsGivenTemporaryDirectoriesAndNamesInsideCode() throws Exception {
        RunFixture f = new RunFixture(dir.resolve("tot.db"));
        long[] ids = new long[2];
        for (int i = 0; i < 2; i++) {
            String tmp = "/tmp/tmp" + (i == 0 ? "ab12cd" : "zz98yy");
            RunFixture.Run run = f.run("p" + i, "/w", List.of("pip", "install", "."));
            RunFixture.Step pip = run.exec("/usr/bin/pip", List.of("pip", "install", "."), 0L).read("/w/setup.py", 1L, RunFixture.sha('s'))
                    .write(tmp + "/input.json", 2L, RunFixture.sha('i')).write(tmp + "/x.py", 3L, RunFixture.sha('x'));
            run.exec("/usr/bin/python3", List.of("python3", "hook.py", "prepare", tmp), 4L).read(tmp + "/input.json", 5L, RunFixture.sha('i'))
                    .write(tmp + "/output.json", 6L, RunFixture.sha('o'));
            run.exec("/usr/bin/python3", List.of("python3", "-c", "exec(open('" + tmp + "/x.py').read())"), 7L).read(tmp + "/x.py", 8L, RunFixture.sha('x'));
            run.exec("/usr/bin/ls", List.of("ls", i == 0 ? "/w/src" : "/w/src2"), 9L).read("/w/src/a.c", 10L, RunFixture.sha('a'));
            pip.delete(tmp + "/input.json", 11L).delete(tmp + "/output.json", 12L).delete(tmp + "/x.py", 13L);
            ids[i] = run.finish();
        }
        RunDiff.Result d = RunDiff.of(f.files(ids[0]), f.files(ids[1]), PathFilter.ALL, null);
        assertEquals(3, d.executions().common(), "pip and both hooks match");
        assertEquals(List.of(List.of("ls", "/w/src")), d.executions().onlyA().stream().map(StoredExecution::argv).toList(),
                "an argument that is no temporary name still counts");
        assertTrue(f.files(ids[0]).isTemporary("/tmp/tmpab12cd/"));
        assertFalse(f.files(ids[0]).isTemporary("/w"), "the run's directory, where it made temporary files too, is none");
        assertFalse(f.files(ids[0]).isTemporary("/w/src"), "a directory it took an input from is none");
    }

    /**
     * CMake's try-compile builds in a random directory and names its files there relative to it
     * (`cc -o CMakeFiles/cmTC_1a2b3.dir/x.o`, `sh -c ': && cc … -o cmTC_1a2b3 && :'`): a relative
     * name is the run's temporary name too, taken in the step's directory as the kernel takes it;
     * so are a name after a shell redirection and a temporary directory in a longer name.
     */
    @Test
    void aDiffMatchesStepsNamingTemporaryFilesRelativeToTheirDirectory() throws Exception {
        RunFixture f = new RunFixture(dir.resolve("tot.db"));
        long[] ids = new long[2];
        for (int i = 0; i < 2; i++) {
            String id = i == 0 ? "1a2b3" : "9f8e7", tmp = "/w/build/TryCompile-" + (i == 0 ? "Ab12Cd" : "Zz98Yy");
            String obj = "CMakeFiles/cmTC_" + id + ".dir/abi.c.o", exe = "cmTC_" + id;
            RunFixture.Run run = f.run("t" + i, "/w", List.of("cmake", "-S", ".", "-B", "build"));
            RunFixture.Step cmake = run.exec("/usr/bin/cmake", List.of("cmake", "-S", ".", "-B", "build"), 0L)
                    .read("/w/CMakeLists.txt", 1L, RunFixture.sha('c')).write(tmp + "/CMakeLists.txt", 2L, RunFixture.sha('l'));
            run.exec("/usr/bin/ninja", List.of("ninja", exe), 3L, tmp).read(tmp + "/CMakeLists.txt", 4L, RunFixture.sha('l'));
            run.exec("/usr/bin/cc", List.of("cc", "-o", obj, "-c", "/usr/share/abi.c"), 5L, tmp)
                    .read("/usr/share/abi.c", 6L, RunFixture.sha('a')).write(tmp + "/" + obj, 7L, RunFixture.sha('o'));
            run.exec("/bin/sh", List.of("sh", "-c", ": && /usr/bin/cc -v " + obj + " -o " + exe + " && :"), 8L, tmp)
                    .read(tmp + "/" + obj, 9L, RunFixture.sha('o')).write(tmp + "/" + exe, 10L, RunFixture.sha('x'));
            cmake.delete(tmp + "/CMakeLists.txt", 11L).delete(tmp + "/" + obj, 12L).delete(tmp + "/" + exe, 13L)
                    .write("/w/build/CMakeCache.txt", 14L, RunFixture.sha('k'));
            run.exec("/usr/bin/cc", List.of("cc", "-c", "other.c"), 15L, "/w/src" + i).read("/w/src" + i + "/other.c", 16L, RunFixture.sha('s'));
            // autoconf: a redirection with no blank before the name; a name below a temporary directory that was never made
            String ar = "/tmp/ar" + id, conf = "conf" + id;
            run.exec("/bin/sh", List.of("sh", "-c", "m4 in.m4 >" + ar + "/traces.pl"), 17L).read("/w/in.m4", 18L, RunFixture.sha('m'))
                    .write(ar + "/traces.pl", 19L, RunFixture.sha('t')).write("/w/" + conf + "/subs.awk", 20L, RunFixture.sha('a'));
            run.exec("/usr/bin/rm", List.of("rm", "-f", "./" + conf + "/stdin", ar + "/traces.pl", conf + "/subs.awk"), 21L)
                    .delete(ar + "/traces.pl", 22L).delete("/w/" + conf + "/subs.awk", 23L);
            ids[i] = run.finish();
        }
        RunDiff.Result d = RunDiff.of(f.files(ids[0]), f.files(ids[1]), PathFilter.ALL, null);
        assertEquals(6, d.executions().common(), "cmake, and ninja, cc and sh in the try-compile directory match, and autoconf's sh and rm");
        assertEquals(List.of(List.of("cc", "-c", "other.c")), d.executions().onlyA().stream().map(StoredExecution::argv).toList(),
                "a relative name that is no temporary one, in a directory that differs, still counts");
    }

    /**
     * A directory each run made under a random name and removed is one of its temporary names,
     * also when nothing was made in it: the steps that name it (`cat $d/probe.h`) match.
     */
    @Test
    void aDiffMatchesStepsNamingADirectoryTheRunMadeAndRemoved() throws Exception {
        RunFixture f = new RunFixture(dir.resolve("tot.db"));
        long[] ids = new long[2];
        for (int i = 0; i < 2; i++) {
            String tmp = "/w/tmp." + (i == 0 ? "Ab12Cd" : "Zz98Yy");
            RunFixture.Run run = f.run("m" + i, "/w", List.of("sh", "probe.sh"));
            run.exec("/bin/sh", List.of("sh", "probe.sh"), 0L).read("/w/probe.sh", 1L, RunFixture.sha('p'));
            run.exec("/usr/bin/mktemp", List.of("mktemp", "-d", "-p", "."), 2L).mkdir(tmp, 3L);
            run.exec("/usr/bin/cat", List.of("cat", tmp + "/probe.h"), 4L).fail(tmp + "/probe.h", 5L, 2);
            run.exec("/usr/bin/rmdir", List.of("rmdir", tmp), 6L).delete(tmp, 7L);
            run.exec("/usr/bin/cat", List.of("cat", "/w/kept." + i + "/x.h"), 8L).fail("/w/kept." + i + "/x.h", 9L, 2);
            ids[i] = run.finish();
        }
        RunDiff.Result d = RunDiff.of(f.files(ids[0]), f.files(ids[1]), PathFilter.ALL, null);
        assertEquals(4, d.executions().common(), "sh, mktemp, the cat naming the directory made and removed, and rmdir match");
        assertEquals(List.of(List.of("cat", "/w/kept.0/x.h")), d.executions().onlyA().stream().map(StoredExecution::argv).toList(),
                "a directory the run did not make is no temporary name");
    }

    @Test
    void aDiffSaysWhichInputsChangedAndWhyEachOutputDid() throws Exception {
        RunFixture f = new RunFixture(dir.resolve("tot.db"));
        long one = build(f, "1", "/w", H1, RunFixture.sha('x'), RunFixture.sha('p'));
        long two = build(f, "2", "/w", H2, RunFixture.sha('y'), RunFixture.sha('q'));
        RunDiff.Result d = RunDiff.of(f.files(one), f.files(two), PathFilter.ALL, null);
        assertEquals(5, d.executions().common(), "the temp file's random name does not make a new execution");
        assertEquals(List.of("a.h"), d.inputs().changed().stream().map(RunDiff.Changed::path).toList());
        assertEquals(List.of("a.o", "app"), d.outputs().changed().stream().map(RunDiff.Changed::path).toList(), "b.o is the same");
        for (RunDiff.Changed c : d.outputs().changed()) {
            assertEquals(RunDiff.Verdict.INPUTS_CHANGED, c.verdict());
            assertEquals(List.of("a.h"), c.causePaths());
        }
        long three = build(f, "3", "/w", H2, RunFixture.sha('z'), RunFixture.sha('q')); // the same inputs, another a.o
        RunDiff.Changed again = RunDiff.of(f.files(two), f.files(three), PathFilter.ALL, null).outputs().changed().getFirst();
        assertEquals("a.o", again.path());
        assertEquals(RunDiff.Verdict.NOT_REPRODUCIBLE, again.verdict());
        assertTrue(RunDiff.of(f.files(two), f.files(two), PathFilter.ALL, null).same());
        String shown = text(out -> RunDiffView.text(out, d));
        assertTrue(shown.contains("  ~ a.h  " + H1.substring(0, 8) + " -> " + H2.substring(0, 8) + "\n"), shown);
        assertTrue(shown.contains("  ~ app  pppppppp -> qqqqqqqq  because a.h changed\n"), shown);
    }

    /** Runs of `make` where a.c is compiled with {@code flag}, reading {@code extraHeader} too when not null. */
    private long flagged(RunFixture f, String key, String flag, String extraHeader, char object, char app) throws Exception {
        RunFixture.Run run = f.run(key, "/w", List.of("make"));
        run.exec("/usr/bin/make", List.of("make"), 0L).read("/w/Makefile", 1L, RunFixture.sha('m'));
        RunFixture.Step cc = run.exec("/usr/bin/cc", List.of("cc", flag, "-c", "a.c", "-o", "/tmp/cc" + key + ".s"), 10L)
                .read("/w/a.c", 11L, A).read("/w/a.h", 12L, H1);
        if (extraHeader != null) cc.read("/w/" + extraHeader, 13L, RunFixture.sha('c'));
        cc.write("/tmp/cc" + key + ".s", 14L, RunFixture.sha(object));
        run.exec("/usr/bin/as", List.of("as", "/tmp/cc" + key + ".s"), 20L).read("/tmp/cc" + key + ".s", 21L, RunFixture.sha(object))
                .write("/w/a.o", 22L, RunFixture.sha(object)).delete("/tmp/cc" + key + ".s", 23L);
        run.exec("/usr/bin/cc", List.of("cc", "-c", "b.c"), 30L).read("/w/b.c", 31L, RunFixture.sha('b')).write("/w/b.o", 32L, RunFixture.sha('o'));
        run.exec("/usr/bin/ld", List.of("ld", "a.o", "b.o"), 40L).read("/w/a.o", 41L, RunFixture.sha(object)).read("/w/b.o", 42L, RunFixture.sha('o'))
                .write("/w/app", 43L, RunFixture.sha(app));
        return run.finish();
    }

    /**
     * A flag changed and no input did: the outputs it changed are explained by the steps that ran
     * with it (nearest upstream, in each run), not called "not reproducible"; an input read only in
     * one run is said to have appeared or vanished, not changed.
     */
    @Test
    void aDiffExplainsAnOutputByTheStepsThatRanDifferently() throws Exception {
        RunFixture f = new RunFixture(dir.resolve("tot.db"));
        long one = flagged(f, "f1", "-O0", null, 'x', 'p'), two = flagged(f, "f2", "-O2", null, 'y', 'q');
        RunDiff.Result d = RunDiff.of(f.files(one), f.files(two), PathFilter.ALL, null);
        StoredExecution ccA = d.executions().onlyA().stream().filter(x -> x.argv().contains("-O0")).findFirst().orElseThrow();
        StoredExecution ccB = d.executions().onlyB().stream().filter(x -> x.argv().contains("-O2")).findFirst().orElseThrow();
        assertEquals(List.of("a.o", "app"), d.outputs().changed().stream().map(RunDiff.Changed::path).toList(), "b.o is the same");
        for (RunDiff.Changed c : d.outputs().changed()) {
            assertEquals(RunDiff.Verdict.STEPS_CHANGED, c.verdict(), c.path());
            assertEquals(List.of(), c.causes());
            assertEquals(List.of(ccA.shortId(), ccB.shortId()), c.steps().stream().map(StoredExecution::shortId).toList(), c.path());
        }
        String shown = text(out -> RunDiffView.text(out, d));
        assertTrue(shown.contains("  ~ app  pppppppp -> qqqqqqqq  because its steps differ (- " + ccA.shortId() + ", + " + ccB.shortId() + ")\n"), shown);
        String json = text(out -> RunDiffView.json(out, d));
        assertTrue(json.contains("\"why\":\"steps_changed\",\"causes\":[],\"steps\":[\"" + ccA.shortId() + "\",\"" + ccB.shortId() + "\"]"), json);

        RunFixture.Run many = f.run("f9", "/w", List.of("make")); // -O3 for eight units, all linked into app
        many.exec("/usr/bin/make", List.of("make"), 0L);
        for (int i = 0; i < 8; i++) many.exec("/usr/bin/cc", List.of("cc", "-O3", "-c", i + ".c"), 10L + i).write("/w/" + i + ".o", 20L + i, RunFixture.sha('k'));
        RunFixture.Step ld = many.exec("/usr/bin/ld", List.of("ld", "a.o", "b.o"), 40L);
        for (int i = 0; i < 8; i++) ld.read("/w/" + i + ".o", 41L, RunFixture.sha('k'));
        ld.write("/w/app", 43L, RunFixture.sha('s'));
        long nine = many.finish();
        RunDiff.Result wide = RunDiff.of(f.files(two), f.files(nine), PathFilter.ALL, null);
        RunDiff.Changed linked = wide.outputs().changed().stream().filter(c -> c.path().equals("app")).findFirst().orElseThrow();
        assertEquals(10, linked.steps().size(), "as and cc -c b.c of run A (its nearest), the eight cc -O3 of run B");
        String wideText = text(out -> RunDiffView.text(out, wide));
        assertTrue(wideText.matches("(?s).*\n  ~ app  qqqqqqqq -> ssssssss  because [^\n]*; its steps differ \\((- \\w{8}, ){2}(\\+ \\w{8}, ){3}"
                + "\\+ \\w{8}, … 4 more\\)\n.*"), "six ids and a count, not thousands of ids: " + wideText);

        long three = flagged(f, "f3", "-O2", "c.h", 'z', 'r'); // the same flag, one more header read
        RunDiff.Result e = RunDiff.of(f.files(two), f.files(three), PathFilter.ALL, null);
        RunDiff.Changed app = e.outputs().changed().getLast();
        assertEquals(RunDiff.Verdict.INPUTS_CHANGED, app.verdict());
        assertEquals(List.of(new RunDiff.Cause("c.h", RunDiff.Change.APPEARED)), app.causes());
        assertEquals(List.of(), app.steps(), "every step matches");
        assertTrue(text(out -> RunDiffView.text(out, e)).contains("  ~ app  qqqqqqqq -> rrrrrrrr  because c.h appeared\n"));
        RunDiff.Result back = RunDiff.of(f.files(three), f.files(two), PathFilter.ALL, null);
        assertTrue(text(out -> RunDiffView.text(out, back))
                .contains("  ~ app  rrrrrrrr -> qqqqqqqq  because c.h vanished\n"));
    }

    /** A file hashed in neither run cannot be compared: counted apart, never called the same; hashed in one only, it changed. */
    @Test
    void aDiffDoesNotCallUnhashedContentsTheSame() throws Exception {
        RunFixture f = new RunFixture(dir.resolve("tot.db"));
        long[] ids = new long[2];
        for (int i = 0; i < 2; i++) {
            RunFixture.Run run = f.run("u" + i, "/w", List.of("tool"));
            run.exec("/w/tool", List.of("tool"), 0L).read("/w/imported.txt", 1L, null).read("/w/half.txt", 2L, i == 0 ? null
                    : RunFixture.sha('h')).read("/w/same.txt", 3L, RunFixture.sha('s'));
            ids[i] = run.finish();
        }
        RunDiff.Result d = RunDiff.of(f.files(ids[0]), f.files(ids[1]), PathFilter.ALL, null);
        assertEquals(List.of("imported.txt"), d.inputs().unhashed());
        assertEquals(List.of("half.txt"), d.inputs().changed().stream().map(RunDiff.Changed::path).toList());
        assertEquals(2, d.inputs().common(), "same.txt and the tool itself");
        String shown = text(out -> RunDiffView.text(out, d));
        assertTrue(shown.contains("inputs: 2 the same, 1 changed, 0 only in run " + ids[0] + ", 0 only in run " + ids[1]
                + ", 1 hashed in neither (not compared)\n"), shown);
        assertTrue(text(out -> RunDiffView.json(out, d)).contains("\"unhashed\":[\"imported.txt\"]"));
    }

    @Test
    void lineageGoesBackThroughTheRunAndIntoEarlierRunsBySha1() throws Exception {
        RunFixture f = new RunFixture(dir.resolve("tot.db"));
        RunFixture.Run first = f.run("gen", "/w", List.of("gen"));
        first.exec("/w/gen", List.of("gen"), 0L).read("/w/spec", 1L, RunFixture.sha('c')).write("/w/a.h", 2L, H1);
        first.finish();
        long two = build(f, "2", "/w", H1, RunFixture.sha('x'), RunFixture.sha('p'));
        try (StoreReader r = StoreReader.open(dir.resolve("tot.db"))) {
            Lineage.FileNode app = new Lineage(r, PathFilter.of(List.of("/w"), List.of(), "/"), 100)
                    .of(r.runs(String.valueOf(two)).getFirst(), "/w/app");
            String tree = text(out -> LineageView.text(out, app, new PathText("/w")));
            assertTrue(tree.matches("(?s)app \\(pppppppp\\)\n  <- [0-9a-f]{8}  \\$ /usr/bin/ld a\\.o b\\.o\n"
                    + "      a\\.o \\(xxxxxxxx\\)\n        <- [0-9a-f]{8}  \\$ /usr/bin/as /tmp/cc2\\.s\n"
                    + "            /tmp/cc2\\.s \\(ssssssss\\)  gone\n              <- [0-9a-f]{8}  \\$ /usr/bin/cc -c a\\.c -o /tmp/cc2\\.s\n"
                    + "                  a\\.c \\(aaaaaaaa\\)\n                  a\\.h \\(11111111\\)\n"
                    + "                    <- [0-9a-f]{8} run 1  \\$ /w/gen\n                        gen \\(eeeeeeee\\)  ran\n"
                    + "                        spec \\(cccccccc\\)\n"
                    + "      b\\.o .*"), tree);
        }
    }

    @Test
    void theCheckListsWhatWasReadButNotDeclared() throws Exception {
        RunFixture f = new RunFixture(dir.resolve("tot.db"));
        RunFiles files = f.files(build(f, "1", "/w", H1, RunFixture.sha('x'), RunFixture.sha('p')));
        PathFilter w = PathFilter.ALL.under(List.of("/w"));
        UndeclaredInputs.Result r = UndeclaredInputs.check(files, w, new Declared("/w").list("a.c\r\nb.c\n\"a\\056h\"\n".getBytes()));
        assertEquals(List.of("/w/Makefile"), r.undeclared().stream().map(UndeclaredInputs.Undeclared::path).toList(),
                "CRLF and a quoted line are read; outputs need no declaration");
        assertEquals(4, r.checked());
        assertEquals(List.of("/w/config.h"), r.missing().stream().map(RunFiles.Lookup::path).toList());
        assertTrue(UndeclaredInputs.check(files, w, new Declared("/w").glob("*.[ch]").glob("Makefile")).hermetic());
        Declared fromDepfile = new Declared("/w").depfile("app: a.c b.c \\\n a.h\nMakefile:\n".getBytes());
        assertTrue(UndeclaredInputs.check(files, w, fromDepfile).hermetic());
        assertEquals(Set.of("/w/a.c", "/w/b.c", "/w/a.h"), UndeclaredInputs.check(files, w, new Declared("/w").list("Makefile\0".getBytes()))
                .undeclared().stream().map(UndeclaredInputs.Undeclared::path).collect(Collectors.toSet()), "a NUL-separated list");
    }

    @Test
    void listsWritePathsByteForByte() throws Exception {
        RunFixture f = new RunFixture(dir.resolve("tot.db"));
        RunFixture.Run run = f.run("k", "/w", List.of("x"));
        run.exec("/bin/x", List.of("x"), 0L).read("/w/caf\udce9", 1L, A).read("/w/two\nlines", 2L, A).read("/w/\"quoted\"", 3L, null);
        RunFiles files = f.files(run.finish());
        List<RunFiles.Entry> under = files.inputs(PathFilter.ALL.under(List.of("/w")));
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        assertEquals(2, FileListing.write(new PrintStream(plain), under, ListFormat.PLAIN, new PathText("/w")));
        assertEquals("\"\\\"quoted\\\"\"\ncaf\udce9\n\"two\\nlines\"\n", ByteStrings.decode(plain.toByteArray()));
        assertTrue(new String(plain.toByteArray(), java.nio.charset.StandardCharsets.ISO_8859_1).contains("caf\u00e9\n"),
                "the byte 0xe9 itself, whatever the locale");
        ByteArrayOutputStream nul = new ByteArrayOutputStream();
        FileListing.write(new PrintStream(nul), under, ListFormat.NUL, PathText.ABSOLUTE);
        assertEquals("/w/\"quoted\"\0/w/caf\udce9\0/w/two\nlines\0", ByteStrings.decode(nul.toByteArray()));
        String json = text(out -> FileListing.write(out, under, ListFormat.JSON, PathText.ABSOLUTE));
        assertTrue(json.contains("{\"path\":\"/w/caf\\udce9\",\"role\":\"input\",\"sha1\":\"" + A + "\",\"size\":40,\"executions\":[\""), json);
        String csv = text(out -> FileListing.write(out, under, ListFormat.CSV, PathText.ABSOLUTE));
        assertTrue(csv.startsWith("path,role,sha1,size,executions\n\"/w/\"\"quoted\"\"\",input,,,"), csv);
        assertEquals("two\nlines\t\"\\\u0001", Declared.unquote(FileListing.plain("two\nlines\t\"\\\u0001")), "what check reads back");
    }

    /** C1 controls, as characters (U+009B, a CSI to a UTF-8 terminal) or as bytes (0x9b), were written raw in a plain list. */
    @Test
    void plainListsQuoteC1Controls() {
        assertEquals("\"c1\\302\\23331m.txt\"", FileListing.plain("c1\u009b31m.txt"));
        assertEquals("\"raw\\23331m.txt\"", FileListing.plain("raw\udc9b31m.txt"));
        assertEquals("caf\u00e9\udce9 \u00a0", FileListing.plain("caf\u00e9\udce9 \u00a0"), "no control: as it is");
        for (String p : List.of("c1\u009b31m.txt", "raw\udc9b31m.txt", "caf\u00e9\n\udce9")) {
            assertEquals(p, Declared.unquote(FileListing.plain(p)), "what check reads back");
        }
    }
}
