package tot.store;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import tot.Backend;
import tot.model.Execution;

/** tot forget: by run, by age, by size; with the paths and contents left unused; all or nothing; on both backends. */
@ParameterizedClass
@EnumSource(Backend.class)
class ForgetTest {
    @Parameter
    Backend backend;

    @TempDir
    Path dir;

    private static final long DAY = 86_400_000_000_000L;
    private final long now = Store.nowNanos();
    private Location db;

    /** Five runs, started 40, 35, 10 and 1 days ago and now; each writes a file of its own and reads "shared" (one content). */
    @BeforeEach
    void fill() throws Exception {
        Path file = dir.resolve("tot.db");
        try (Store s = Store.open(file)) {
            long[] ages = {40, 35, 10, 1, 0};
            for (int i = 0; i < ages.length; i++) run(s, i + 1, now - ages[i] * DAY, 20);
        }
        db = backend.target().location(file);
    }

    private static void run(Store s, int n, long start, int files) throws Exception {
        s.begin();
        long run = s.addRun(new Store.Run("run-" + n, "log", null, List.of("make"), "/w", "host", "me", start));
        Execution x = new Execution(1, 0, 100, "/w", "/usr/bin/make", List.of("make"), null, new TreeMap<>(), start);
        long row = s.addExecution(run, x, 100);
        s.addAccess(row, "/w/shared", Operation.READ, "openat", 0, start + 1, new Store.Content("5" + "0".repeat(39), 1, 1, 1, 1, 1), null);
        for (int f = 0; f < files; f++) {
            s.addAccess(row, "/w/out-" + n + "-" + f, Operation.WRITE, "openat", 0, start + 2,
                    new Store.Content(String.format("%08x", n * 100_000 + f) + "0".repeat(32), 1, 1, n * 100_000L + f, 1, 1), null);
        }
        x.exit(0);
        x.end(start + 3);
        s.endExecution(row, x);
        s.finishRun(run, start + 3, 0, true);
        s.commit();
    }

    private List<Long> runs() throws Exception {
        try (StoreReader r = StoreReader.open(db)) {
            return r.runs(null).stream().map(StoredRun::id).toList();
        }
    }

    private List<String> hashes() throws Exception {
        try (StoreReader r = StoreReader.open(db)) {
            return r.hashes("", 1000);
        }
    }

    private Forget.Result forget(List<Long> runs, Long before, Long max, boolean dry) throws Exception {
        return Forget.forget(db, new Forget.Request(runs, before, max, dry), tot.model.Notice.NOWHERE);
    }

    @Test
    void aRunGoesWithWhatOnlyItUsed() throws Exception {
        Forget.Result r = forget(List.of(2L), null, null, false);
        assertEquals(List.of(2L), r.runs());
        assertEquals(1, r.executions());
        assertEquals(21, r.accesses());
        assertEquals(List.of(1L, 3L, 4L, 5L), runs());
        List<String> left = hashes();
        assertEquals(1 + 4 * 20, left.size(), "run 2's 20 contents gone, the shared one kept");
        assertTrue(left.contains("5" + "0".repeat(39)));
        assertFalse(left.contains(String.format("%08x", 200_000) + "0".repeat(32)));
        try (StoreReader reader = StoreReader.open(db)) {
            assertEquals(List.of(), reader.accessesOfPath("/w/out-2-0"));
            assertEquals(4, reader.accessesOfContent("5" + "0".repeat(39)).size());
        }
    }

    @Test
    void byAgeAndAllOrNothing() throws Exception {
        assertThrows(Forget.Refused.class, () -> forget(List.of(3L, 99L), null, null, false));
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), runs(), "a run that does not exist: nothing forgotten");
        Forget.Result dry = forget(List.of(), now - 30 * DAY, null, true);
        assertEquals(List.of(1L, 2L), dry.runs());
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), runs(), "a dry run changes nothing");
        assertEquals(List.of(1L, 2L), forget(List.of(), now - 30 * DAY, null, false).runs());
        assertEquals(List.of(3L, 4L, 5L), runs());
    }

    @Test
    void theOldestGoUntilTheStoreFits() throws Exception {
        Path big = dir.resolve("big.db");
        try (Store s = Store.open(big)) {
            for (int i = 1; i <= 6; i++) run(s, i, now - (10 - i) * DAY, 4000);
        }
        db = backend.target().location(big);
        long full = Forget.forget(db, new Forget.Request(List.of(), null, null, true), tot.model.Notice.NOWHERE).sizeBefore();
        long max = full / 2;
        Forget.Result r = forget(List.of(), null, max, false);
        assertFalse(r.runs().isEmpty());
        assertEquals(r.runs(), List.of(1L, 2L, 3L, 4L, 5L).subList(0, r.runs().size()), "the oldest first: " + r.runs());
        assertTrue(r.runs().size() <= 4, "not more than needed: " + r.runs());
        assertEquals(6 - r.runs().size(), runs().size());
        if (backend == Backend.SQLITE) {
            assertTrue(Files.size(big) <= max, "the file fits after VACUUM: " + Files.size(big) + " > " + max);
            assertEquals(r.sizeAfter(), Files.size(big));
        } else {
            assertTrue(r.sizeAfter() > 0);
        }
    }

    /**
     * Two tot forget at once (each CI runner cleaning up after its job) ask for the same runs:
     * one forgets them, the other finds them gone ("no run 1", nothing forgotten), instead of
     * both saying they forgot them. A third session holds the database meanwhile, so that both
     * are under way before either ends.
     */
    @Test
    void twoForgetsAtOnceDoNotBothForgetTheSameRuns() throws Exception {
        try (java.sql.Connection holder = hold()) {
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
            try {
                List<java.util.concurrent.Future<Object>> both = new java.util.ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    both.add(pool.submit(() -> {
                        try {
                            return forget(List.of(1L, 2L), null, null, false);
                        } catch (Forget.Refused e) {
                            return e;
                        }
                    }));
                }
                awaitWaiting(2);
                holder.rollback(); // both go on
                List<Object> outcomes = new java.util.ArrayList<>();
                for (var f : both) outcomes.add(f.get(60, java.util.concurrent.TimeUnit.SECONDS));
                assertEquals(1, outcomes.stream().filter(o -> o instanceof Forget.Result r && r.runs().equals(List.of(1L, 2L))).count(),
                        "one forgot runs 1 and 2: " + outcomes);
                assertEquals(1, outcomes.stream().filter(o -> o instanceof Forget.Refused r && r.getMessage().equals("no run 1")).count(),
                        "the other found them gone: " + outcomes);
            } finally {
                pool.shutdownNow();
            }
        }
        assertEquals(List.of(3L, 4L, 5L), runs());
    }

    /** A connection in a transaction that holds what a forget needs: SQLite's write lock, PostgreSQL's lock on run 1's row. */
    private java.sql.Connection hold() throws Exception {
        java.sql.Connection c = switch (db) {
            case Location.SqliteFile f -> java.sql.DriverManager.getConnection("jdbc:sqlite:" + f.file());
            case Location.Postgres p -> tot.TestPostgres.connect("postgresql://" + p.user() + ":" + p.urlPassword() + "@" + p.host() + ":"
                    + p.port() + "/" + p.database());
        };
        c.setAutoCommit(false);
        try (var s = c.createStatement()) {
            if (db instanceof Location.SqliteFile) s.execute("INSERT INTO runs(key, source, command) VALUES ('holder', 'log', '[]')");
            else s.execute("SELECT id FROM runs WHERE id = 1 FOR UPDATE");
        }
        return c;
    }

    /** Waits until {@code n} sessions of tot wait for a lock (PostgreSQL; on SQLite, for a while: its waits cannot be seen). */
    private void awaitWaiting(int n) throws Exception {
        if (!(db instanceof Location.Postgres p)) {
            Thread.sleep(1500);
            return;
        }
        try (java.sql.Connection c = tot.TestPostgres.connect("postgresql://" + p.user() + ":" + p.urlPassword() + "@" + p.host() + ":"
                + p.port() + "/" + p.database()); var s = c.createStatement()) {
            for (int i = 0; i < 600; i++) {
                try (var rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'tot'"
                        + " AND datname = current_database() AND wait_event_type = 'Lock'")) {
                    rs.next();
                    if (rs.getInt(1) >= n) return;
                }
                Thread.sleep(50);
            }
        }
        fail("the forgets never waited");
    }
}
