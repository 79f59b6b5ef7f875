package tot.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import tot.model.Execution;

/** The in-run lineage slices on a small recorded build, times deciding what a read could have seen; on both backends. */
@ParameterizedClass
@EnumSource(tot.Backend.class)
class RunGraphTest {
    @org.junit.jupiter.params.Parameter
    tot.Backend backend;

    @TempDir
    Path dir;

    private Store store;
    private long run;
    private int ids;

    /** One execution {@code name} at time {@code t}: reads, then writes (a leading ! makes the access fail). */
    private void step(String name, long t, List<String> reads, List<String> writes) throws Exception {
        int id = ++ids;
        Execution x = new Execution(id, id == 1 ? 0 : 1, 100 + id, "/w", "/usr/bin/" + name, List.of(name), null, new TreeMap<>(), t);
        long row = store.addExecution(run, x, 100 + id);
        store.addAccess(row, "/usr/bin/" + name, Operation.EXEC, "execve", 0, t, null, null);
        for (String r : reads) store.addAccess(row, "/w/" + r.replace("!", ""), Operation.READ, "openat", r.startsWith("!") ? 2 : 0, t + 1, null, null);
        for (String w : writes) store.addAccess(row, "/w/" + w, Operation.WRITE, "openat", 0, t + 2, null, null);
        x.exit(0);
        x.end(t + 3);
        store.endExecution(row, x);
    }

    private RunGraph build() throws Exception {
        try (Store s = Store.open(dir.resolve("tot.db"))) {
            store = s;
            s.begin();
            run = s.addRun(new Store.Run("k", "log", null, List.of("make"), "/w", "host", "me", 0L));
            step("make", 0, List.of("Makefile"), List.of());
            step("cc1", 10, List.of("a.c", "a.h", "!missing.h"), List.of("a.s"));
            step("as", 20, List.of("a.s"), List.of("a.o"));
            step("cc1", 30, List.of("b.c"), List.of("b.o"));
            step("cc1", 40, List.of("z.c"), List.of("z.o")); // unrelated to app
            step("ld", 50, List.of("a.o", "b.o"), List.of("app"));
            step("touch", 60, List.of(), List.of("a.o")); // after ld read it: not where app came from
            step("tar", 70, List.of("app"), List.of("app.tar"));
            s.finishRun(run, 80L, 0, true);
            s.commit();
        }
        try (StoreReader r = StoreReader.open(backend.target().location(dir.resolve("tot.db")))) {
            return RunGraph.load(r, r.runs("last").getFirst());
        }
    }

    private static Set<String> names(Set<StoredExecution> xs) {
        return xs.stream().map(x -> x.execId() + ":" + x.argv().getFirst()).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void upstreamIsWhatAFileWasMadeFromAndNothingElse() throws Exception {
        RunGraph.Slice up = build().upstream("/w/app");
        assertEquals(Set.of("2:cc1", "3:as", "4:cc1", "6:ld"), names(up.executions()));
        assertEquals(Set.of("/w/app", "/w/a.o", "/w/b.o", "/w/a.s", "/w/a.c", "/w/a.h", "/w/b.c",
                "/usr/bin/ld", "/usr/bin/as", "/usr/bin/cc1"), Set.copyOf(up.paths()));
    }

    @Test
    void aRenameCarriesTheLineageOfTheFileItMoved() throws Exception {
        try (Store s = Store.open(dir.resolve("tot.db"))) {
            store = s;
            s.begin();
            run = s.addRun(new Store.Run("k", "log", null, List.of("make"), "/w", "host", "me", 0L));
            step("make", 0, List.of(), List.of());
            step("cc", 10, List.of("a.c"), List.of("a.o.tmp")); // ended before the rename: its write keeps the old name
            int id = ++ids;
            Execution mv = new Execution(id, 1, 100 + id, "/w", "/usr/bin/mv", List.of("mv"), null, new TreeMap<>(), 20);
            long row = s.addExecution(run, mv, 100 + id);
            s.addAccess(row, "/w/a.o.tmp", Operation.DELETE, "renameat2", 0, 21L, null, null);
            s.addAccess(row, "/w/a.o", Operation.RENAME, "renameat2", 0, 21L, null, null);
            step("ld", 30, List.of("a.o"), List.of("app"));
            s.finishRun(run, 80L, 0, true);
            s.commit();
        }
        try (StoreReader r = StoreReader.open(dir.resolve("tot.db"))) {
            RunGraph g = RunGraph.load(r, r.runs("last").getFirst());
            assertEquals(Set.of("2:cc", "3:mv", "4:ld"), names(g.upstream("/w/app").executions()));
            assertEquals(Set.of("3:mv", "4:ld"), names(g.downstream("/w/a.o.tmp").executions()), "the move took it in");
        }
    }

    /**
     * `make clean && make` in one run: a.o made from a.c, removed, made again from b.c. What ld
     * then read came from b.c alone, and nothing made from the removed a.o is downstream of a.c.
     */
    @Test
    void aFileRemovedAndMadeAgainCameFromItsLastMakersOnly() throws Exception {
        try (Store s = Store.open(dir.resolve("tot.db"))) {
            store = s;
            s.begin();
            run = s.addRun(new Store.Run("k", "log", null, List.of("make"), "/w", "host", "me", 0L));
            step("make", 0, List.of(), List.of());
            step("cc", 10, List.of("a.c"), List.of("a.o"));
            int id = ++ids;
            Execution rm = new Execution(id, 1, 100 + id, "/w", "/usr/bin/rm", List.of("rm", "a.o"), null, new TreeMap<>(), 20);
            s.addAccess(s.addExecution(run, rm, 100 + id), "/w/a.o", Operation.DELETE, "unlinkat", 0, 21L, null, null);
            step("cc2", 30, List.of("b.c"), List.of("a.o"));
            step("ld", 40, List.of("a.o"), List.of("app"));
            s.finishRun(run, 80L, 0, true);
            s.commit();
        }
        try (StoreReader r = StoreReader.open(backend.target().location(dir.resolve("tot.db")))) {
            RunGraph g = RunGraph.load(r, r.runs("last").getFirst());
            assertEquals(Set.of("4:cc2"), names(g.upstream("/w/a.o").executions()), "the a.o there at the end");
            assertEquals(Set.of("2:cc"), names(g.downstream("/w/a.c").executions()), "the a.o made from a.c was removed unread");
            assertEquals(Set.of("4:cc2", "5:ld"), names(g.downstream("/w/b.c").executions()));
            assertEquals(Set.of("4:cc2", "5:ld"), names(g.upstream("/w/app").executions()));
        }
    }

    /**
     * The directories a run made are stored (kind 'mkdir', on both backends: PostgreSQL's check
     * takes it since schema 8) and followed through a rename, but are no files: nothing made or
     * taken in, no path of the graph.
     */
    @Test
    void aDirectoryMadeHoldsWhatTheRunLookedForBelowItUnderEachOfItsNames() throws Exception {
        try (Store s = Store.open(dir.resolve("tot.db"))) {
            store = s;
            s.begin();
            run = s.addRun(new Store.Run("k", "log", null, List.of("make"), "/w", "host", "me", 0L));
            step("make", 0, List.of("!tmp/x.h"), List.of());
            int id = ++ids;
            Execution x = new Execution(id, 1, 100 + id, "/w", "/usr/bin/mktemp", List.of("mktemp"), null, new TreeMap<>(), 10);
            long row = s.addExecution(run, x, 100 + id);
            s.addAccess(row, "/w/tmp", Operation.MKDIR, "mkdir", 0, 11L, null, null);
            s.addAccess(row, "/w/tmp", Operation.DELETE, "rename", 0, 15L, null, null);
            s.addAccess(row, "/w/done", Operation.RENAME, "rename", 0, 15L, null, "/w/tmp");
            step("cc1", 20, List.of("!tmp/y.h", "!done/y.h", "!other/y.h"), List.of());
            s.finishRun(run, 80L, 0, true);
            s.commit();
        }
        try (StoreReader r = StoreReader.open(backend.target().location(dir.resolve("tot.db")))) {
            RunGraph g = RunGraph.load(r, r.runs("last").getFirst());
            Set<String> below = g.accesses().stream().filter(a -> a.errno() != 0 && g.belowMadeDirectory(a)).map(StoredAccess::path)
                    .collect(Collectors.toSet());
            assertEquals(Set.of("/w/done/y.h"), below, "not before it was made, not its old name after the rename, not elsewhere");
            assertEquals(List.of(), g.accessesOf("/w/tmp").stream().filter(a -> a.operation() == Operation.MKDIR).toList(), "no file's access");
            assertEquals(List.of("mkdir"), g.accesses().stream().filter(a -> a.operation() == Operation.MKDIR).map(StoredAccess::syscall).toList(),
                    "stored, and read back");
        }
    }

    @Test
    void downstreamIsWhatCameOutOfAFileAfterItWasWritten() throws Exception {
        RunGraph graph = build();
        RunGraph.Slice down = graph.downstream("/w/a.s");
        assertEquals(Set.of("3:as", "6:ld", "8:tar"), names(down.executions()));
        assertEquals(Set.of("/w/a.s", "/w/a.o", "/w/app", "/w/app.tar"), Set.copyOf(down.paths()));
        assertEquals(Set.of(), graph.downstream("/w/missing.h").executions(), "a failed open read nothing");
    }

    @Test
    void lineageIsBothWays() throws Exception {
        RunGraph graph = build();
        RunGraph.Slice both = graph.lineage("/w/a.o");
        assertEquals(Set.of("2:cc1", "3:as", "6:ld", "7:touch", "8:tar"), names(both.executions()),
                "what made a.o (cc1, as; touch rewrote it) and what was made from it (ld, then tar)");
        assertEquals(Set.of("/w/a.o", "/w/a.s", "/w/a.c", "/w/a.h", "/usr/bin/cc1", "/usr/bin/as", "/usr/bin/touch", "/w/app", "/w/app.tar"),
                Set.copyOf(both.paths()));
    }
}
