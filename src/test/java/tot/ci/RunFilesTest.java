package tot.ci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tot.store.Operation;
import tot.store.StoredExecution;

/** What a run did with each file: inputs, outputs, intermediates and lookups, by run order. */
class RunFilesTest {
    @TempDir
    Path dir;

    private static Set<String> paths(List<RunFiles.Entry> entries) {
        return entries.stream().map(RunFiles.Entry::path).collect(Collectors.toSet());
    }

    private RunFiles build() throws Exception {
        Files.createDirectories(dir.resolve("w/sub"));
        String w = dir.resolve("w").toString();
        RunFixture f = new RunFixture(dir.resolve("tot.db"));
        RunFixture.Run run = f.run("k1", w, List.of("make"));
        run.exec("/usr/bin/make", List.of("make"), 0L).read(w + "/Makefile", 1L, RunFixture.sha('m'))
                .read(w + "/sub", 2L, null); // a directory: never a file
        run.exec("/usr/bin/cc1", List.of("cc1"), 10L).read(w + "/a.c", 11L, RunFixture.sha('a')).read(w + "/a.h", 12L, RunFixture.sha('h'))
                .fail(w + "/missing.h", 13L, 2).fail(w + "/denied.h", 13L, 13)
                .read("/dev/null", 13L, null).read("/proc/self/status", 13L, null).read("/dev/fptrace/pipe/1", 13L, null)
                .write("/tmp/cc.s", 14L, RunFixture.sha('s'));
        run.exec("/usr/bin/as", List.of("as"), 20L).read("/tmp/cc.s", 21L, RunFixture.sha('s')).write(w + "/a.o", 22L, RunFixture.sha('o'));
        run.exec("/usr/bin/sed", List.of("sed", "-i"), 30L).read(w + "/conf", 31L, RunFixture.sha('1')).write(w + "/conf", 32L, RunFixture.sha('2'));
        run.exec("/w/gen", List.of("gen"), 40L).write(w + "/gen.h", 41L, RunFixture.sha('g'));
        run.exec("/usr/bin/cc1", List.of("cc1", "b"), 50L).read(w + "/gen.h", 51L, RunFixture.sha('g')).write(w + "/out.tmp", 52L, RunFixture.sha('t'));
        run.exec("/usr/bin/mv", List.of("mv"), 60L).rename(w + "/out.tmp", w + "/out", 61L, RunFixture.sha('t'));
        run.exec("/usr/bin/mv", List.of("mv", "old"), 65L).rename(w + "/old", w + "/new", 66L, RunFixture.sha('n'));
        run.exec("/usr/bin/rm", List.of("rm"), 70L).delete("/tmp/cc.s", 71L).delete(w + "/stale.o", 71L);
        run.exec("/usr/bin/cat", List.of("cat"), 80L).read(w + "/caf\udce9.c", 81L, null) // not UTF-8: kept byte for byte
                .fail(w + "/gen.h.orig", 82L, 2).read(w + "/gen.h", 82L, RunFixture.sha('g'));
        run.finish();
        return f.files(1);
    }

    @Test
    void inputsAreWhatTheRunTookInBeforeMakingIt() throws Exception {
        RunFiles files = build();
        String w = dir.resolve("w").toString();
        assertEquals(Set.of(w + "/Makefile", w + "/a.c", w + "/a.h", w + "/conf", w + "/caf\udce9.c", w + "/old", "/usr/bin/make", "/usr/bin/cc1",
                "/usr/bin/as", "/usr/bin/sed", "/w/gen", "/usr/bin/mv", "/usr/bin/rm", "/usr/bin/cat"), paths(files.inputs(PathFilter.ALL)),
                "not gen.h (made first), not the temp file, not devices, pipes, /proc or the directory; old was moved away: taken in");
        assertEquals(RunFixture.sha('1'), files.input(w + "/conf").sha1(), "an input as first read");
        assertEquals(Set.of("cc1"), files.input(w + "/a.h").executions().stream().map(x -> x.argv().getFirst()).collect(Collectors.toSet()));
    }

    @Test
    void outputsExistAtTheEndUnderTheirFinalNamesAndTemporariesAreIntermediates() throws Exception {
        RunFiles files = build();
        String w = dir.resolve("w").toString();
        assertEquals(Set.of(w + "/a.o", w + "/conf", w + "/gen.h", w + "/out", w + "/new"), paths(files.outputs(PathFilter.ALL)));
        assertEquals(RunFixture.sha('2'), files.output(w + "/conf").sha1(), "an output as last made: edited in place, both");
        assertEquals(Set.of("/tmp/cc.s", w + "/out.tmp"), paths(files.intermediates(PathFilter.ALL)), "removed, or renamed away");
        assertEquals(Set.of(w + "/missing.h", w + "/gen.h.orig"),
                files.lookups(PathFilter.ALL).stream().map(RunFiles.Lookup::path).collect(Collectors.toSet()),
                "ENOENT lookups of files the run never had; not EACCES");
        assertTrue(!files.existsAtEnd("/tmp/cc.s") && files.existsAtEnd(w + "/a.c") && files.existsAtEnd(w + "/out"));
    }

    /** `make clean && make` in one run: the output's executions are those that made it last, not the removed one's maker. */
    @Test
    void anOutputMadeAgainAfterItsRemovalIsMadeByItsLastMakers() throws Exception {
        RunFixture f = new RunFixture(dir.resolve("tot.db"));
        RunFixture.Run run = f.run("k", "/w", List.of("make"));
        run.exec("/usr/bin/make", List.of("make"), 0L);
        run.exec("/usr/bin/cc", List.of("cc", "-c", "a.c"), 10L).read("/w/a.c", 11L, RunFixture.sha('a')).write("/w/a.o", 12L, RunFixture.sha('1'));
        run.exec("/usr/bin/rm", List.of("rm", "a.o"), 20L).delete("/w/a.o", 21L);
        run.exec("/usr/bin/cc", List.of("cc", "-O2", "-c", "a.c"), 30L).read("/w/a.c", 31L, RunFixture.sha('a')).write("/w/a.o", 32L, RunFixture.sha('2'))
                .write("/w/a.tmp", 33L, RunFixture.sha('t')).delete("/w/a.tmp", 34L);
        RunFiles files = f.files(run.finish());
        assertEquals(List.of(List.of("cc", "-O2", "-c", "a.c")), files.intermediates(PathFilter.ALL).getFirst().executions().stream().map(StoredExecution::argv).toList(),
                "an intermediate keeps its makers");
        assertEquals(List.of(List.of("cc", "-O2", "-c", "a.c")), files.output("/w/a.o").executions().stream().map(StoredExecution::argv).toList());
        assertEquals(RunFixture.sha('2'), files.output("/w/a.o").sha1());
    }

    @Test
    void filtersKeepFilesUnderADirectoryAndDropExcludedOnes() throws Exception {
        RunFiles files = build();
        String w = dir.resolve("w").toString();
        PathFilter f = PathFilter.of(List.of("w"), List.of("*.h", "Makefile"), dir.toString());
        assertEquals(Set.of(w + "/a.c", w + "/conf", w + "/caf\udce9.c", w + "/old"), paths(files.inputs(f)));
        assertEquals(List.of(w + "/a.o", w + "/conf", w + "/new", w + "/out"), files.outputs(f).stream().map(RunFiles.Entry::path).toList(),
                "sorted by path");
    }

    @Test
    void unknownTimesFollowTheExecutionsStartOrder() throws Exception {
        RunFixture f = new RunFixture(dir.resolve("tot.db"));
        RunFixture.Run run = f.run("k2", "/w", List.of("sh"));
        // a deps.json import: no access times; the reader ended first, so it was recorded first
        RunFixture.Step sh = run.exec("/bin/sh", List.of("sh"), 100L);
        run.exec("/bin/cat", List.of("cat", "x"), 200L).read("/w/x", null, null).end();
        sh.write("/w/x", null, null).end();
        long id = run.finish();
        RunFiles files = f.files(id);
        assertEquals(Set.of("/bin/sh", "/bin/cat"), paths(files.inputs(PathFilter.ALL)), "the shell made x before cat started");
        assertEquals(Set.of("/w/x"), paths(files.outputs(PathFilter.ALL)));
    }

    @Test
    void withoutAnyTimeTheProcessTreeGivesTheOrder() throws Exception {
        RunFixture f = new RunFixture(dir.resolve("tot.db"));
        RunFixture.Run run = f.run("k3", "/w", List.of("cc")); // strace -f without -t: no times at all
        RunFixture.Step driver = run.exec("/usr/bin/cc", List.of("cc"), null);
        run.exec("/usr/bin/cc1", List.of("cc1"), null).read("/w/redirected", null, null).write("/tmp/cc.s", null, null).end();
        run.exec("/usr/bin/as", List.of("as"), null).read("/tmp/cc.s", null, null).write("/w/a.o", null, null).end();
        driver.write("/w/redirected", null, null); // opened before its children ran, recorded at its end (as tot stores writes)
        driver.delete("/tmp/cc.s", null).end(); // after its children
        RunFiles files = f.files(run.finish());
        assertEquals(Set.of("/tmp/cc.s"), paths(files.intermediates(PathFilter.ALL)), "removed after the assembler read it");
        assertEquals(Set.of("/w/redirected", "/w/a.o"), paths(files.outputs(PathFilter.ALL)));
        assertEquals(Set.of("/usr/bin/cc", "/usr/bin/cc1", "/usr/bin/as"), paths(files.inputs(PathFilter.ALL)),
                "what the driver opened before its children ran is no input of theirs");
    }

    @Test
    void pathsSortByTheirBytes() {
        java.util.Random random = new java.util.Random(7);
        String alphabet = "a/Z.\u00e9\u00ff\u0100\uffee\udc80\udcff\ud83d\ude00";
        for (int n = 0; n < 20000; n++) {
            StringBuilder x = new StringBuilder("/p"), y = new StringBuilder("/p");
            for (int k = random.nextInt(4); k > 0; k--) x.append(alphabet.charAt(random.nextInt(alphabet.length())));
            for (int k = random.nextInt(4); k > 0; k--) y.append(alphabet.charAt(random.nextInt(alphabet.length())));
            String a = x.toString(), b = y.toString();
            if (Character.isHighSurrogate(a.charAt(a.length() - 1)) || Character.isHighSurrogate(b.charAt(b.length() - 1))) continue;
            int expected = Integer.signum(java.util.Arrays.compareUnsigned(tot.util.ByteStrings.encode(a), tot.util.ByteStrings.encode(b)));
            assertEquals(expected, Integer.signum(RunFiles.BYTE_ORDER.compare(a, b)), a + " vs " + b);
        }
    }

    @Test
    void aRunWhoseNamesLieFarApartInTheDatabaseReadsThemAll() throws Exception {
        RunFixture f = new RunFixture(dir.resolve("tot.db"));
        RunFixture.Run many = f.run("many", "/w", List.of("gen"));
        RunFixture.Step gen = many.exec("/w/gen", List.of("gen"), 0L);
        for (int i = 0; i < 200; i++) gen.write("/w/out" + i, 1L + i, RunFixture.sha((char) ('a' + i % 6)));
        many.finish();
        RunFixture.Run few = f.run("few", "/w", List.of("cat"));
        few.exec("/bin/cat", List.of("cat"), 1000L).read("/w/out0", 1001L, RunFixture.sha('a')).read("/w/new", 1002L, RunFixture.sha('n'));
        RunFiles files = f.files(few.finish()); // its paths: ids 1 and 203: far apart for 3 accesses
        assertEquals(Set.of("/bin/cat", "/w/out0", "/w/new"), paths(files.inputs(PathFilter.ALL)));
        assertEquals(RunFixture.sha('n'), files.input("/w/new").sha1());
    }

    /**
     * `sh -c 'gen > out.tmp && mv out.tmp out'` as the model reports it to EventRows: the shell's
     * write of out.tmp waits for its end, and mv's rename moves it to out (deps.json's view), yet
     * the run made out.tmp: an intermediate, not an input. A directory renamed whole (d.tmp → d)
     * leaves no output under its old name.
     */
    @Test
    void aTemporaryFileRenamedIntoPlaceWhileItsWriterRunsIsAnIntermediate() throws Exception {
        Path db = dir.resolve("tot.db");
        try (tot.store.Store store = tot.store.Store.open(db)) {
            store.begin();
            long id = store.addRun(new tot.store.Store.Run("k", "log", null, List.of("sh"), "/w", "host", "me", 0L));
            tot.store.EventRows rows = new tot.store.EventRows(store, id, false, null);
            tot.model.Execution sh = new tot.model.Execution(1, 0, 11, "/w", "/bin/sh", List.of("sh"), null, new java.util.TreeMap<>(), 1);
            tot.model.Execution mv = new tot.model.Execution(2, 1, 12, "/w", "/bin/mv", List.of("mv"), null, new java.util.TreeMap<>(), 5);
            var out = tot.model.AccessKind.OUTPUT;
            List<tot.model.Event> events = List.of(
                    new tot.model.Event.Exec(1, 11, sh, "execve"),
                    new tot.model.Event.Access(2, 1, "/w/out.tmp", out, "openat", 0),
                    new tot.model.Event.Access(3, 1, "/w/d.tmp/x", out, "openat", 0),
                    new tot.model.Event.Exec(5, 12, mv, "execve"),
                    new tot.model.Event.Access(6, 2, "/w/out.tmp", tot.model.AccessKind.DELETED, "rename", 0),
                    new tot.model.Event.Renamed(6, 1, "/w/out.tmp", "/w/out"),
                    new tot.model.Event.Access(6, 2, "/w/out", out, "rename", 0),
                    new tot.model.Event.Access(7, 2, "/w/d.tmp", tot.model.AccessKind.DELETED, "rename", 0),
                    new tot.model.Event.Renamed(7, 1, "/w/d.tmp/x", "/w/d/x"),
                    new tot.model.Event.End(8, mv),
                    new tot.model.Event.End(9, sh));
            mv.exit(0);
            sh.exit(0);
            for (tot.model.Event e : events) rows.apply(e);
            store.finishRun(id, 10L, 0, true);
            store.commit();
        }
        RunFiles files = new RunFixture(db).files(1);
        assertEquals(Set.of("/bin/sh", "/bin/mv"), paths(files.inputs(PathFilter.ALL)), "out.tmp was made by the run, not taken in");
        assertEquals(Set.of("/w/out.tmp"), paths(files.intermediates(PathFilter.ALL)));
        assertEquals(Set.of("/w/out", "/w/d/x"), paths(files.outputs(PathFilter.ALL)), "no output left under d.tmp");
        assertEquals(Set.of("sh", "mv"), files.output("/w/out").executions().stream().map(x -> x.argv().getFirst()).collect(Collectors.toSet()),
                "the shell's redirection shows as out, as in deps.json");
    }

    /**
     * What a run looked for below a directory it had made (`mktemp -d`, CMake's try-compile,
     * rustc's incremental session directory renamed when done) cannot have been there before it
     * ran: no lookup. One below a directory that was there before, or below the same name before
     * the run made it, after it was removed, or once another directory was renamed onto it, is.
     */
    @Test
    void noLookupBelowADirectoryTheRunHadMade() throws Exception {
        String w = dir.resolve("w").toString();
        Files.createDirectories(dir.resolve("w"));
        RunFixture f = new RunFixture(dir.resolve("tot.db"));
        RunFixture.Run run = f.run("k1", w, List.of("build"));
        run.exec("/usr/bin/mktemp", List.of("mktemp", "-d"), 10L).mkdir(w + "/tmp.A", 11L);
        run.exec("/usr/bin/cat", List.of("cat"), 20L).fail(w + "/tmp.A/probe.h", 21L, 2).fail(w + "/tmp.A/sub/x.h", 21L, 20)
                .fail(w + "/pre/probe.h", 22L, 2) // a directory there before the run
                .fail(w + "/late/x.h", 23L, 2); // looked for before the run made it
        run.exec("/usr/bin/mkdir", List.of("mkdir"), 30L).mkdir(w + "/late", 31L).mkdir(w + "/s-working", 32L).mkdir(w + "/gone", 33L)
                .mkdir(w + "/e", 34L);
        run.exec("/usr/bin/rustc", List.of("rustc"), 40L).fail(w + "/late/y.h", 41L, 2).fail(w + "/s-working/dep-graph.bin", 41L, 2)
                .renameDirectory(w + "/s-working", w + "/s-final", 42L)
                .fail(w + "/s-final/query-cache.bin", 43L, 2) // its new name
                .fail(w + "/s-working/work-products.bin", 43L, 2); // its old name: not the run's directory any more
        run.exec("/usr/bin/rm", List.of("rm"), 50L).delete(w + "/gone", 51L).fail(w + "/gone/x.h", 52L, 2)
                .renameDirectory(w + "/pre2", w + "/e", 53L).fail(w + "/e/x.h", 54L, 2); // e is pre2 now: there before the run
        run.exec("/bin/ln", List.of("ln"), 60L).access(w + "/s-final/inc", Operation.CREATE, 61L, null, 0, "symlink")
                .fail(w + "/s-final/inc/y.h", 62L, 2) // through a link the run made: its target was looked in
                .renameDirectory(w + "/pre3", w + "/s-final/moved", 63L).fail(w + "/s-final/moved/z.h", 64L, 2) // moved in whole
                .mkdir(w + "/s-final/own", 65L).fail(w + "/s-final/own/z.h", 66L, 2);
        run.finish();
        RunFiles files = f.files(1);
        assertEquals(List.of(w + "/e/x.h", w + "/gone/x.h", w + "/late/x.h", w + "/pre/probe.h", w + "/s-final/inc/y.h",
                        w + "/s-final/moved/z.h", w + "/s-working/work-products.bin"),
                files.lookups(PathFilter.ALL).stream().map(RunFiles.Lookup::path).toList());
        assertTrue(paths(files.inputs(PathFilter.ALL)).stream().noneMatch(p -> p.startsWith(w + "/")), "directories made are no inputs");
        assertEquals(Set.of(w + "/s-final/inc"), paths(files.outputs(PathFilter.ALL)), "nor outputs: the link is one");
        assertTrue(paths(files.intermediates(PathFilter.ALL)).isEmpty(), "nor intermediates");
    }

    /**
     * A log without times places a step's accesses at its start: what the step looked for below a
     * directory before it made it is still a lookup, what it looked for after is none (recording order).
     */
    @Test
    void withoutTimesTheRecordingOrderTellsWhetherTheDirectoryWasMadeYet() throws Exception {
        String w = dir.resolve("w").toString();
        Files.createDirectories(dir.resolve("w"));
        RunFixture f = new RunFixture(dir.resolve("tot.db"));
        RunFixture.Run run = f.run("k1", w, List.of("build"));
        run.exec("/usr/bin/build", List.of("build"), null).fail(w + "/d/before.h", null, 2).mkdir(w + "/d", null)
                .fail(w + "/d/after.h", null, 2);
        run.finish();
        assertEquals(List.of(w + "/d/before.h"), f.files(1).lookups(PathFilter.ALL).stream().map(RunFiles.Lookup::path).toList());
    }

    /**
     * Without times, a step that made a directory and later read what its child made there is
     * placed before the child: what it read below its own directory is the child's file, no input
     * (CMake reading the program its try-compile linked, from an strace log without -t). A file
     * the run never made there is still one.
     */
    @Test
    void withoutTimesAReadBelowADirectoryTheRunMadeOfAFileItMadeIsNoInput() throws Exception {
        String w = dir.resolve("w").toString();
        Files.createDirectories(dir.resolve("w"));
        RunFixture f = new RunFixture(dir.resolve("tot.db"));
        RunFixture.Run run = f.run("k1", w, List.of("cmake"));
        RunFixture.Step cmake = run.exec("/usr/bin/cmake", List.of("cmake"), null).mkdir(w + "/Try-1", null);
        run.exec("/usr/bin/ld", List.of("ld"), null).write(w + "/Try-1/cmTC", null, RunFixture.sha('x'));
        cmake.read(w + "/Try-1/cmTC", null, RunFixture.sha('x')).read(w + "/Try-1/elsewhere", null, RunFixture.sha('e'));
        run.finish();
        RunFiles files = f.files(1);
        assertEquals(Set.of(w + "/Try-1/elsewhere"), paths(files.inputs(PathFilter.ALL)).stream().filter(p -> p.startsWith(w))
                .collect(Collectors.toSet()), "not the file its child made");
        assertEquals(Set.of(w + "/Try-1/cmTC"), paths(files.outputs(PathFilter.ALL)));
    }
}
