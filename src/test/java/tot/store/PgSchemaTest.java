package tot.store;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import tot.TestPostgres;

/**
 * PostgreSQL's schema is created once when many tots open a new database at the same moment, and
 * never written into a database whose encoding cannot hold every name.
 */
class PgSchemaTest {
    @Test
    void manyFirstOpenersAtOnceCreateTheSchemaOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 5; round++) {
                String url = TestPostgres.newDatabase();
                Location at = Location.parse(url);
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Integer>> opened = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    opened.add(pool.submit(() -> {
                        go.await();
                        try (StoreReader r = StoreReader.open(at)) {
                            return r.runs(null).size();
                        }
                    }));
                }
                go.countDown();
                for (Future<Integer> f : opened) assertEquals(0, f.get(), "opened, schema there, no run");
                try (var c = TestPostgres.connect(url);
                     var rs = c.createStatement().executeQuery("SELECT count(*) FROM tot_schema")) {
                    rs.next();
                    assertEquals(1, rs.getInt(1), "one version row");
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** A store of schema 6 (a rename's old path as text) is upgraded at the first open, its rows kept. */
    @Test
    void aVersion6StoreKeepsItsRenamesWhenUpgraded() throws Exception {
        String url = TestPostgres.newDatabase();
        try (var c = TestPostgres.connect(url); var s = c.createStatement()) {
            s.execute(Schema.POSTGRES);
            s.execute(Schema.POSTGRES_MIGRATIONS.getFirst());
            s.execute("INSERT INTO tot_schema(version) VALUES (6)");
            s.execute("INSERT INTO accesses(execution, path, kind, detail) VALUES (1, 1, 'rename', '/w/d\u00e9')");
        }
        try (StoreReader r = StoreReader.open(Location.parse(url))) {
            assertEquals(0, r.runs(null).size());
        }
        try (var c = TestPostgres.connect(url);
             var rs = c.createStatement().executeQuery("SELECT pg_typeof(detail)::text, detail, (SELECT max(version) FROM tot_schema)"
                     + " FROM accesses")) {
            assertTrue(rs.next());
            assertEquals("bytea", rs.getString(1));
            assertArrayEquals("/w/d\u00e9".getBytes(java.nio.charset.StandardCharsets.UTF_8), rs.getBytes(2));
            assertEquals(Schema.VERSION, rs.getInt(3));
        }
    }

    /** A store of schema 7 (whose check refuses the kind 'mkdir') takes the directories runs made once upgraded, its rows kept. */
    @Test
    void aVersion7StoreTakesDirectoriesMadeWhenUpgraded() throws Exception {
        String url = TestPostgres.newDatabase();
        try (var c = TestPostgres.connect(url); var s = c.createStatement()) {
            s.execute(Schema.POSTGRES);
            s.execute(Schema.POSTGRES_MIGRATIONS.get(0));
            s.execute(Schema.POSTGRES_MIGRATIONS.get(1));
            s.execute("INSERT INTO tot_schema(version) VALUES (7)");
            s.execute("INSERT INTO accesses(execution, path, kind, errno) VALUES (1, 1, 'read', 2)");
            assertThrows(java.sql.SQLException.class, () -> s.execute("INSERT INTO accesses(execution, path, kind) VALUES (1, 2, 'mkdir')"));
        }
        try (StoreReader r = StoreReader.open(Location.parse(url))) {
            assertEquals(0, r.runs(null).size());
        }
        try (var c = TestPostgres.connect(url); var s = c.createStatement()) {
            s.execute("INSERT INTO accesses(execution, path, kind) VALUES (1, 2, 'mkdir')");
            assertThrows(java.sql.SQLException.class, () -> s.execute("INSERT INTO accesses(execution, path, kind) VALUES (1, 3, 'bogus')"),
                    "still a check");
            try (var rs = s.executeQuery("SELECT string_agg(kind || errno, ' ' ORDER BY path), (SELECT max(version) FROM tot_schema)"
                    + " FROM accesses")) {
                assertTrue(rs.next());
                assertEquals("read2 mkdir0", rs.getString(1));
                assertEquals(Schema.VERSION, rs.getInt(2));
            }
        }
    }

    /**
     * A LATIN1 database (a cluster made with a non-UTF-8 locale gives new databases its
     * encoding) is refused before the run and by an import, in one line naming the encoding:
     * else the command would run and its push fail on the first character LATIN1 lacks.
     */
    @Test
    void aDatabaseThatCannotHoldEveryNameIsRefusedBeforeTheRun() throws Exception {
        String server = TestPostgres.newDatabase();
        String name = "latin1_" + ProcessHandle.current().pid();
        try (var c = TestPostgres.connect(server); var s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name);
            s.execute("CREATE DATABASE " + name + " ENCODING 'LATIN1' TEMPLATE template0 LC_COLLATE 'C' LC_CTYPE 'C'");
        }
        String url = server.substring(0, server.lastIndexOf('/') + 1) + name;
        Location.Postgres at = (Location.Postgres) Location.parse(url);
        String refusal = at + ": the database's encoding is LATIN1, which cannot hold every name tot stores: tot needs a UTF8"
                + " database (createdb -E UTF8 -T template0 …)";
        Store.StoreException check = assertThrows(Store.StoreException.class, () -> PostgresSpool.check(at));
        assertEquals(refusal, check.getMessage());
        Store.StoreException merge = assertThrows(Store.StoreException.class, () -> Merge.into(at).close());
        assertEquals(refusal, merge.getMessage());
        try (var c = TestPostgres.connect(url);
             var rs = c.createStatement().executeQuery("SELECT to_regclass('tot_schema') IS NULL")) {
            rs.next();
            assertTrue(rs.getBoolean(1), "no schema made there");
        }
    }
}
