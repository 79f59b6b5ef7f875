package tot.trace;

import static org.junit.jupiter.api.Assertions.*;
import static tot.trace.FleetTest.ok;
import static tot.trace.FleetTest.rows;
import static tot.trace.FleetTest.tot;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tot.TestPostgres;

/**
 * `--db postgresql://…` end to end, on a real server: every query command answers as on SQLite,
 * credentials from the URL, PGPASSWORD and ~/.pgpass (never shown), eight `tot log` writing at
 * once, and a server that goes away mid-run.
 */
class PostgresStoreTest {
    @TempDir
    Path dir;

    private static String password(String url) {
        return url.substring(url.indexOf("tot:") + 4, url.indexOf('@'));
    }

    /** The URL without its password. */
    private static String bare(String url) {
        return TestPostgres.redacted(url);
    }

    @Test
    void everyQueryCommandAnswersAsOnSqlite() throws Exception {
        Files.writeString(dir.resolve("in.txt"), "hello\n");
        ok(tot(dir, Map.of(), "log", "--db", "local.db", "-t", "%file", "-d", "deps.json", "--", "sh", "-c",
                "tr a-z A-Z < in.txt > up.tmp && mv up.tmp up.txt; cat up.txt | wc -c > n.txt; cat missing 2>/dev/null; ls /nonexist"
                        + " 2>/dev/null; true"));
        ok(tot(dir, Map.of(), "import", "--db", "local.db", "deps.json")); // a run without times: NULLs everywhere
        String url = TestPostgres.newDatabase();
        ok(tot(dir, Map.of(), "import", "--db", url, "local.db"));
        String hash = FleetTest.sha1(dir.resolve("up.txt")).substring(0, 8);
        String exec = FleetTest.sqlite(dir.resolve("local.db"), "SELECT short_id FROM executions WHERE path LIKE '%/tr'").getFirst().getFirst().toString();
        List<List<String>> queries = List.of(List.of("show", "--failed"), List.of("show", "--format", "json"),
                List.of("show", "--format", "csv", "--run", "1", "--limit", "3"), List.of("show", "--format", "json", hash),
                List.of("show", "up.txt"), List.of("show", "--format", "csv", "n.txt"), List.of("show", exec),
                List.of("show", "nothing-like-it"), List.of("summary", "--format", "json"), List.of("summary", "--run", "2", "--format", "csv"),
                List.of("files", "--devices"), List.of("accesses", "--devices", "--format", "csv"), List.of("export", "--csv", "-"),
                List.of("export", "--csv", "-", "--run", "2"),
                List.of("show", "--machine", Files.readString(Path.of("/proc/sys/kernel/hostname")).strip()),
                List.of("inputs", "--run", "1", "--format", "json"), List.of("outputs", "--run", "1", "--intermediates", "--format", "csv"),
                List.of("depfile", "--run", "1", "--under", "."), List.of("key", "--run", "1", "--under", ".", "--explain"),
                List.of("lineage", "--run", "1", "--format", "json", "n.txt"), List.of("diff", "2", "1", "--format", "json"),
                List.of("check", "--run", "1", "--declared-glob", "up.*", "--under", "."), List.of("lineage", hash),
                List.of("diff", "1", "2"), List.of("graph", "--run", "1", "--format", "dot", "-o", "-"));
        for (List<String> q : queries) {
            List<String> onSqlite = new ArrayList<>(q), onPostgres = new ArrayList<>(q);
            onSqlite.addAll(List.of("--db", "local.db"));
            onPostgres.addAll(List.of("--db", url));
            var a = tot(dir, Map.of(), onSqlite.toArray(String[]::new));
            var b = tot(dir, Map.of(), onPostgres.toArray(String[]::new));
            assertEquals(a.status(), b.status(), q + ": " + a.stderr() + " / " + b.stderr());
            assertEquals(a.stdout(), b.stdout(), q.toString());
            assertEquals(a.stderr(), b.stderr(), q.toString());
            if (a.status() == 0) assertFalse(a.stdout().isEmpty(), q + " answers something");
        }
    }

    @Test
    void credentialsComeFromTheUrlPgpasswordOrPgpassAndAreNeverShown() throws Exception {
        String url = TestPostgres.newDatabase();
        String pw = password(url), bare = bare(url);
        Map<String, String> noPassword = Map.of("PGPASSWORD", "", "PGPASSFILE", dir.resolve("none").toString());
        FleetTest.Out wrong = tot(dir, noPassword, "log", "--db", bare.replace("tot@", "tot:not-" + pw + "@"), "--", "touch", "ran");
        assertEquals(2, wrong.status());
        assertFalse(Files.exists(dir.resolve("ran")), "the command never ran");
        assertTrue(wrong.stderr().startsWith("tot: " + bare + ": ") && wrong.stderr().contains("password authentication failed"),
                wrong.stderr());
        assertFalse(wrong.stderr().contains(pw), "no password in the message: " + wrong.stderr());

        ok(tot(dir, Map.of("TOT_DB", url), "log", "-e", "-d", "/dev/null", "--", "true")); // TOT_DB holds the password
        ok(tot(dir, Map.of("PGPASSWORD", pw), "log", "--db", bare, "-d", "/dev/null", "--", "true"));
        Path home = Files.createDirectories(dir.resolve("home"));
        var u = java.net.URI.create(url);
        Path pgpass = Files.writeString(home.resolve(".pgpass"), u.getHost() + ":" + u.getPort() + ":*:tot:" + pw + "\n");
        Files.setPosixFilePermissions(pgpass, PosixFilePermissions.fromString("rw-------"));
        ok(tot(dir, Map.of("HOME", home.toString(), "PGPASSWORD", ""), "log", "--db", bare, "-d", "/dev/null", "--", "true"));
        try (Connection c = TestPostgres.connect(url)) {
            assertEquals(List.of(List.of(3L)), rows(c, "SELECT count(*) FROM runs WHERE complete = 1"));
            String everything = rows(c, "SELECT r.command, r.cwd, e.env, e.argv FROM runs r JOIN executions e ON e.run = r.id").toString();
            assertTrue(everything.contains("TOT_DB=tot:redacted"), "-e recorded the environment, TOT_DB redacted: " + everything);
            assertFalse(everything.contains(pw), "the password is stored nowhere");
        }
        try (var spools = Files.list(dir)) {
            assertEquals(List.of(), spools.filter(p -> p.getFileName().toString().startsWith("run-")).toList(), "spools removed once pushed");
        }
    }

    /**
     * A run whose file names are not UTF-8 or hold a tab, from a database of every schema
     * version (an older one has no ctime or machine of its contents), arrives in PostgreSQL as in
     * SQLite: the same accesses, paths and contents.
     */
    @Test
    void namesThatAreNotUtf8AndOlderSchemasArriveAsInSqlite() throws Exception {
        String url = TestPostgres.newDatabase();
        ok(tot(dir, Map.of(), "log", "--db", "new.db", "-d", "/dev/null", "--", "sh", "-c",
                "f=$(printf 'a\\377\\tb'); g=$(printf 'c\\td'); echo payload > \"$f\"; cat \"$f\" > \"$g\"; cat missing 2>/dev/null;"
                        + " mkdir \"$f.d\" && echo x > \"$f.d/in\" && mv \"$f.d\" moved; true")); // a directory move keeps its old name's bytes
        assertEquals("moved/in\n", ok(tot(dir, Map.of(), "outputs", "--db", "new.db", "--under", "moved", "--relative")).stdout());
        List<List<Object>> written = FleetTest.sqlite(dir.resolve("new.db"), "SELECT c.sha1 FROM accesses a JOIN contents c ON c.id = a.content"
                + " JOIN paths p ON p.id = a.path WHERE a.kind = 'write' AND p.path LIKE '%/c' || char(9) || 'd'");
        assertEquals(2, written.size(), "the copy's content, written by the shell that opened it and by cat that held it: " + written);
        assertEquals(written.getFirst(), written.getLast());
        String hash = written.getFirst().getFirst().toString().substring(0, 8);
        for (int version : List.of(1, 4, 5)) {
            Path old = dir.resolve("v" + version + ".db");
            Files.copy(dir.resolve("new.db"), old);
            tot.OldSchemas.downgrade(old, version);
            String pg = version == 1 ? url : TestPostgres.newDatabase();
            ok(tot(dir, Map.of(), "import", "--db", "v" + version + "-target.db", old.toString()));
            ok(tot(dir, Map.of(), "import", "--db", pg, old.toString()));
            for (List<String> q : List.of(List.of("accesses", "--devices", "--format", "csv"), List.of("files", "--devices"),
                    List.of("show", "--format", "json"), List.of("show", hash), List.of("summary", "--format", "json"),
                    List.of("outputs", "--under", ".", "--format", "json"), List.of("inputs", "--under", ".", "--format", "json"))) {
                List<String> onSqlite = new ArrayList<>(q), onPostgres = new ArrayList<>(q);
                onSqlite.addAll(List.of("--db", "v" + version + "-target.db"));
                onPostgres.addAll(List.of("--db", pg));
                assertEquals(ok(tot(dir, Map.of(), onSqlite.toArray(String[]::new))).stdout(),
                        ok(tot(dir, Map.of(), onPostgres.toArray(String[]::new))).stdout(), "v" + version + ": " + q);
            }
        }
    }

    /** Eight `tot log` at once into one database, each tracing 200 processes: eight complete runs, every row there once. */
    @Test
    void eightConcurrentWritersLoseNothingAndDuplicateNothing() throws Exception {
        String url = TestPostgres.newDatabase();
        List<Process> running = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Path d = Files.createDirectories(dir.resolve("w" + i));
            ProcessBuilder pb = TotProcess.builder(d, List.of("log", "--db", url, "-d", "deps.json", "--", "sh", "-c",
                    "i=0; while [ $i -lt 200 ]; do /bin/true; i=$((i+1)); done; echo " + i + " > out"))
                    .redirectOutput(d.resolve("stdout.txt").toFile()).redirectError(d.resolve("stderr.txt").toFile())
                    .redirectInput(new File("/dev/null"));
            running.add(pb.start());
        }
        for (int i = 0; i < 8; i++) {
            Process p = running.get(i);
            assertTrue(p.waitFor(300, TimeUnit.SECONDS), "writer " + i + " finished");
            assertEquals(0, p.exitValue(), Files.readString(dir.resolve("w" + i + "/stderr.txt")));
        }
        try (Connection c = TestPostgres.connect(url)) {
            assertEquals(List.of(List.of(8L, 8L)), rows(c, "SELECT count(*), sum(complete) FROM runs"));
            assertEquals(List.of(List.of(8L)), rows(c, "SELECT count(*) FROM (SELECT r.id FROM runs r JOIN executions e ON e.run = r.id"
                    + " GROUP BY r.id HAVING count(*) = 201 AND sum(CASE WHEN e.path = '\\x2f62696e2f74727565'::bytea THEN 1 ELSE 0 END) = 200) x"),
                    "each run: the shell and its 200 /bin/true");
            assertEquals(List.of(), rows(c, "SELECT sha1, size, dev, ino, mtime_ns FROM contents GROUP BY 1, 2, 3, 4, 5 HAVING count(*) > 1"),
                    "no content twice");
            assertEquals(List.of(), rows(c, "SELECT path FROM paths GROUP BY path HAVING count(*) > 1"), "no path twice");
            List<List<Object>> perRun = rows(c, "SELECT count(*) FROM accesses a JOIN executions e ON e.id = a.execution"
                    + " WHERE a.errno = 0 AND e.path = '\\x2f62696e2f74727565'::bytea GROUP BY e.run");
            assertEquals(8, perRun.size());
            assertEquals(1, perRun.stream().distinct().count(), "every run stored the same accesses of its 200 /bin/true: " + perRun);
            for (int i = 0; i < 8; i++) {
                int inDeps = TotProcess.JSON.readTree(dir.resolve("w" + i + "/deps.json").toFile()).size();
                assertEquals(201, inDeps);
            }
        }
    }

    /**
     * The server stops while the command runs: tracing goes on, deps.json is written, the run is
     * kept in a local spool and tot says how to push it; once the server is back, that command
     * stores the run whole.
     */
    @Test
    void aServerGoneMidRunLosesNothing() throws Exception {
        TestPostgres.server(); // skips when there is no PostgreSQL
        Path cluster = Files.createTempDirectory("tot-pg-fault-");
        Path script = Path.of(".ci/postgres").toAbsolutePath();
        try {
            String url = run(script.toString(), "start", cluster.toString()).lines().reduce((a, b) -> b).orElseThrow();
            Path xdg = dir.resolve("xdg");
            Path fifo = dir.resolve("go");
            assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
            ProcessBuilder pb = TotProcess.builder(dir, List.of("log", "--db", url, "-d", "deps.json", "--", "sh", "-c",
                    "touch started; read x < go; cat started > copy; echo done > out"))
                    .redirectOutput(dir.resolve("stdout.txt").toFile()).redirectError(dir.resolve("stderr.txt").toFile())
                    .redirectInput(new File("/dev/null"));
            pb.environment().put("XDG_DATA_HOME", xdg.toString());
            Process tracing = pb.start();
            for (int i = 0; i < 600 && !Files.exists(dir.resolve("started")); i++) Thread.sleep(50);
            assertTrue(Files.exists(dir.resolve("started")), "the command runs");
            run(script.toString(), "stop", cluster.toString());
            Files.writeString(fifo, "go\n");
            assertTrue(tracing.waitFor(120, TimeUnit.SECONDS));
            String stderr = Files.readString(dir.resolve("stderr.txt"), StandardCharsets.UTF_8);
            assertEquals(2, tracing.exitValue(), stderr);
            assertEquals("done\n", Files.readString(dir.resolve("out")), "the command ran to its end");
            assertEquals(3, TotProcess.JSON.readTree(dir.resolve("deps.json").toFile()).size(), "deps.json: sh, touch, cat");
            var m = java.util.regex.Pattern.compile("push it later with: (tot import (\\S+) --db (\\S+))\\)").matcher(stderr);
            assertTrue(m.find(), stderr);
            Path spool = Path.of(m.group(2));
            assertTrue(spool.startsWith(xdg.resolve("tot/spool")) && Files.isRegularFile(spool), spool.toString());
            assertEquals(bare(url), m.group(3), "the URL without its password");
            assertFalse(stderr.contains(password(url)));

            run(script.toString(), "start", cluster.toString());
            ProcessBuilder push = TotProcess.builder(dir, List.of("import", spool.toString(), "--db", m.group(3)))
                    .redirectErrorStream(true).redirectOutput(dir.resolve("push.txt").toFile());
            push.environment().put("PGPASSWORD", password(url));
            assertEquals(0, TotProcess.finish(push, 120, "tot import").exitValue(), Files.readString(dir.resolve("push.txt")));
            assertTrue(Files.readString(dir.resolve("push.txt")).contains("imported run 1 (3 executions"), Files.readString(dir.resolve("push.txt")));
            try (Connection c = TestPostgres.connect(url)) {
                assertEquals(List.of(List.of(1L, 1L, 3L)), rows(c, "SELECT count(*), sum(complete), (SELECT count(*) FROM executions) FROM runs"));
                assertFalse(rows(c, "SELECT 1 FROM accesses a JOIN paths p ON p.id = a.path WHERE a.kind = 'write'"
                        + " AND p.path = '" + hex(dir.resolve("out").toString()) + "'::bytea").isEmpty(), "the write of out is stored");
            }
        } finally {
            run(script.toString(), "stop", cluster.toString());
            new ProcessBuilder("rm", "-rf", cluster.toString()).start().waitFor();
        }
    }

    /**
     * Another session holds a lock tot needs (an administrator's LOCK TABLE): the check before the
     * command and the push after it wait for it, as for any statement the server is doing, but an
     * interrupt ends the wait at once, as README says: before the command, tot ends by the signal
     * and the command never runs; after it, the push is rolled back, the run stays in its spool,
     * and that spool, pushed once the lock is gone, stores it whole.
     */
    @Test
    void anInterruptEndsAWaitForALockBeforeOrAfterTheCommand() throws Exception {
        String url = TestPostgres.newDatabase();
        ok(tot(dir, Map.of(), "log", "--db", url, "-d", "/dev/null", "--", "true")); // the schema
        Path xdg = dir.resolve("xdg");
        try (Connection admin = TestPostgres.connect(url); Connection watch = TestPostgres.connect(url)) {
            admin.setAutoCommit(false);
            try (var s = admin.createStatement()) {
                s.execute("LOCK TABLE runs IN ACCESS EXCLUSIVE MODE");
            }
            Process after = waitingTot(url, xdg, "echo ran > ran", watch);
            assertEquals("ran\n", Files.readString(dir.resolve("ran")), "the command ran before the push waited");
            new ProcessBuilder("kill", "-INT", Long.toString(after.pid())).start().waitFor();
            assertTrue(after.waitFor(30, TimeUnit.SECONDS), "an interrupt ends the push that waits for the lock");
            String stderr = Files.readString(dir.resolve("stderr.txt"), StandardCharsets.UTF_8);
            assertEquals(2, after.exitValue(), stderr);
            var m = java.util.regex.Pattern.compile("^tot: cannot write " + java.util.regex.Pattern.quote(bare(url))
                    + ": interrupted; the run is kept in (\\S+) \\(push it later with: tot import ").matcher(stderr);
            assertTrue(m.find(), stderr);
            Path spool = Path.of(m.group(1));
            assertTrue(Files.isRegularFile(spool), spool.toString());
            admin.commit(); // the lock goes
            assertEquals(List.of(List.of(1L)), rows(watch, "SELECT count(*) FROM runs"), "nothing of the interrupted push is there");
            assertTrue(ok(tot(dir, Map.of(), "import", spool.toString(), "--db", url)).stderr().contains("imported run"));
            assertEquals(List.of(List.of(2L, 2L)), rows(watch, "SELECT count(*), sum(complete) FROM runs"));

            try (var s = admin.createStatement()) {
                s.execute("LOCK TABLE tot_schema IN ACCESS EXCLUSIVE MODE");
            }
            Process before = waitingTot(url, xdg, "echo ran > ran2", watch);
            new ProcessBuilder("kill", "-INT", Long.toString(before.pid())).start().waitFor();
            assertTrue(before.waitFor(30, TimeUnit.SECONDS), "an interrupt ends the check that waits for the lock");
            assertEquals(128 + 2, before.exitValue(), Files.readString(dir.resolve("stderr.txt"), StandardCharsets.UTF_8));
            assertFalse(Files.exists(dir.resolve("ran2")), "the command never ran");
            admin.rollback();
        }
    }

    /** `tot log --db URL -- sh -c SCRIPT` started, once a connection of tot's waits for a lock (seen from {@code watch}). */
    private Process waitingTot(String url, Path xdg, String script, Connection watch) throws Exception {
        ProcessBuilder pb = TotProcess.builder(dir, List.of("log", "--db", url, "-d", "/dev/null", "--", "sh", "-c", script))
                .redirectOutput(dir.resolve("stdout.txt").toFile()).redirectError(dir.resolve("stderr.txt").toFile())
                .redirectInput(new File("/dev/null"));
        pb.environment().put("XDG_DATA_HOME", xdg.toString());
        Process p = pb.start();
        for (int i = 0; i < 1200; i++) {
            if (!rows(watch, "SELECT 1 FROM pg_stat_activity WHERE application_name = 'tot' AND wait_event_type = 'Lock'").isEmpty()) return p;
            if (!p.isAlive()) fail("tot ended: " + Files.readString(dir.resolve("stderr.txt"), StandardCharsets.UTF_8));
            Thread.sleep(50);
        }
        p.destroyForcibly();
        throw new AssertionError("tot never waited for the lock");
    }

    private static String hex(String s) {
        return "\\x" + java.util.HexFormat.of().formatHex(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), String.join(" ", command) + ": " + out);
        return out.strip();
    }
}
