package tot.trace;

import static org.junit.jupiter.api.Assertions.*;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tot.TestPostgres;

/**
 * Many machines, one history: the default store per user, machine identity on every run, and
 * merging databases (`tot import OTHER.db`) into SQLite and PostgreSQL, with lineage across them.
 */
class FleetTest {
    @TempDir
    Path dir;

    record Out(int status, String stdout, String stderr) {}

    /** tot ARGS in {@code cwd}, with TOT_DB unset unless {@code env} sets it. */
    static Out tot(Path cwd, Map<String, String> env, String... args) throws Exception {
        List<String> all = new ArrayList<>(TotProcess.builder(cwd, List.of(args)).command());
        ProcessBuilder pb = new ProcessBuilder(all).directory(cwd.toFile()).redirectInput(new File("/dev/null"))
                .redirectOutput(cwd.resolve(".out").toFile()).redirectError(cwd.resolve(".err").toFile());
        pb.environment().remove("TOT_DB");
        pb.environment().putAll(env);
        int status = TotProcess.finish(pb, 300, "tot").exitValue();
        Out o = new Out(status, Files.readString(cwd.resolve(".out"), StandardCharsets.UTF_8),
                Files.readString(cwd.resolve(".err"), StandardCharsets.UTF_8));
        Files.delete(cwd.resolve(".out"));
        Files.delete(cwd.resolve(".err"));
        return o;
    }

    static Out ok(Out o) {
        assertEquals(0, o.status(), o.stderr());
        return o;
    }

    static String sha1(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(Files.readAllBytes(file)));
    }

    static List<List<Object>> sqlite(Path db, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            return rows(c, sql);
        }
    }

    static List<List<Object>> rows(Connection c, String sql) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<List<Object>> out = new ArrayList<>();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    Object v = rs.getObject(i);
                    row.add(v instanceof Integer n ? Long.valueOf(n) : v instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : v);
                }
                out.add(row);
            }
            return out;
        }
    }

    /** Every row of every table, as a merge must leave them (ids included): equal snapshots, an unchanged database. */
    static Map<String, List<List<Object>>> snapshot(Path db) throws Exception {
        Map<String, List<List<Object>>> all = new LinkedHashMap<>();
        for (String t : List.of("runs", "executions", "paths", "contents", "accesses", "syscalls")) {
            all.put(t, sqlite(db, "SELECT * FROM " + t + " ORDER BY id"));
        }
        return all;
    }

    /**
     * Two machines' databases, traced separately: the first wrote shared/f, the second read it
     * (sed, which wrote g from it). Returns the sha1 of f.
     */
    private String twoDatabases() throws Exception {
        Path a = Files.createDirectories(dir.resolve("a")), b = Files.createDirectories(dir.resolve("b"));
        Files.createDirectories(dir.resolve("shared"));
        ok(tot(a, Map.of(), "log", "--db", "a.db", "-d", "/dev/null", "--", "sh", "-c", "echo payload > ../shared/f"));
        ok(tot(b, Map.of(), "log", "--db", "b.db", "-d", "/dev/null", "--", "sh", "-c", "sed s/p/P/ ../shared/f > g"));
        return sha1(dir.resolve("shared/f"));
    }

    @Test
    void mergedDatabasesLinkTheWriterOnOneToTheReaderOnTheOther() throws Exception {
        String f = twoDatabases();
        Path a = dir.resolve("a/a.db"), b = dir.resolve("b/b.db");
        for (Path alone : List.of(a, b)) {
            String lineage = ok(tot(dir, Map.of(), "show", "--db", alone.toString(), f.substring(0, 8))).stdout();
            assertEquals(2, lineage.lines().count(), "one side only: " + lineage);
        }
        Out merged = ok(tot(dir, Map.of(), "import", "--db", "all.db", a.toString(), b.toString()));
        assertTrue(merged.stderr().contains("a.db: imported run 1 (1 executions,"), merged.stderr());
        assertTrue(merged.stderr().contains("b.db: imported run 2 (2 executions,"), merged.stderr());
        List<String> lineage = ok(tot(dir, Map.of(), "show", "--db", "all.db", f.substring(0, 8))).stdout().lines().toList();
        assertEquals("content " + f, lineage.get(0));
        assertEquals(3, lineage.size(), "the writer from a.db, the reader from b.db: " + lineage);
        assertTrue(lineage.get(1).contains("write  " + dir.resolve("shared/f")) && lineage.get(1).contains("echo payload"), lineage.get(1));
        assertTrue(lineage.get(2).contains("read   " + dir.resolve("shared/f")) && lineage.get(2).contains("$ /usr/bin/sed s/p/P/ ../shared/f"),
                lineage.get(2));
        assertEquals(sqlite(a, "SELECT short_id FROM executions ORDER BY id").getFirst(),
                sqlite(dir.resolve("all.db"), "SELECT short_id FROM executions ORDER BY id").getFirst(), "short ids stay");
        assertEquals(1L, sqlite(dir.resolve("all.db"), "SELECT count(*) FROM contents WHERE sha1 = '" + f + "'").getFirst().getFirst(),
                "one content row for f, shared by both runs");
        List<List<Object>> fds = new java.util.ArrayList<>(sqlite(a, "SELECT fds FROM executions ORDER BY id"));
        fds.addAll(sqlite(b, "SELECT fds FROM executions ORDER BY id"));
        assertEquals(fds, sqlite(dir.resolve("all.db"), "SELECT fds FROM executions ORDER BY id"), "each execution's fds");
        assertTrue(fds.stream().allMatch(r -> r.getFirst() instanceof String s && s.startsWith("{\"0\":")), fds.toString());

        String url = TestPostgres.newDatabase();
        Out pg = ok(tot(dir, Map.of(), "import", "--db", url, a.toString(), b.toString()));
        String password = url.substring(url.indexOf("tot:") + 4, url.indexOf('@'));
        assertFalse(pg.stderr().contains(password), "no password in messages: " + pg.stderr());
        assertTrue(pg.stderr().contains("imported run 2"), pg.stderr());
        List<String> pgLineage = ok(tot(dir, Map.of(), "show", "--db", url, f.substring(0, 8))).stdout().lines().toList();
        assertEquals(lineage, pgLineage, "PostgreSQL answers as SQLite does");
        assertEquals(ok(tot(dir, Map.of(), "show", "--db", "all.db", "--format", "json")).stdout(),
                ok(tot(dir, Map.of(), "show", "--db", url, "--format", "json")).stdout(), "the same executions, fds included");
    }

    @Test
    void importingADatabaseTwiceAddsNothingAndAFailedImportChangesNothing() throws Exception {
        twoDatabases();
        Path a = dir.resolve("a/a.db"), b = dir.resolve("b/b.db"), all = dir.resolve("all.db");
        ok(tot(dir, Map.of(), "import", "--db", "all.db", a.toString()));
        var once = snapshot(all);
        Out again = ok(tot(dir, Map.of(), "import", "--db", "all.db", a.toString()));
        assertTrue(again.stderr().contains("a.db: already imported (run 1)"), again.stderr());
        assertEquals(once, snapshot(all), "idempotent");

        Path broken = dir.resolve("broken.db");
        Files.copy(b, broken);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + broken); Statement s = c.createStatement()) {
            s.execute("UPDATE runs SET key = 'another run'");
            s.execute("DROP TABLE accesses"); // b's run goes in first, then this one fails
        }
        Out failed = tot(dir, Map.of(), "import", "--db", "all.db", b.toString(), broken.toString());
        assertEquals(2, failed.status(), failed.stderr());
        assertEquals("tot: " + broken + ": not a whole tot database (no table accesses)\n", failed.stderr());
        assertEquals(once, snapshot(all), "all or nothing");

        String url = TestPostgres.newDatabase();
        ok(tot(dir, Map.of(), "import", "--db", url, a.toString()));
        assertEquals(2, tot(dir, Map.of(), "import", "--db", url, b.toString(), broken.toString()).status());
        try (Connection c = TestPostgres.connect(url)) {
            assertEquals(List.of(List.of(1L, 1L)), rows(c, "SELECT count(*), (SELECT count(*) FROM executions) FROM runs"),
                    "PostgreSQL: only a.db's run (one execution)");
        }
    }

    @Test
    void olderSchemasMergeWithoutBeingChanged() throws Exception {
        String f = twoDatabases();
        for (int version : List.of(1, 4)) {
            Path old = dir.resolve("v" + version + ".db");
            Files.copy(dir.resolve("b/b.db"), old);
            tot.OldSchemas.downgrade(old, version);
            byte[] before = Files.readAllBytes(old);
            Path target = dir.resolve("target" + version + ".db");
            ok(tot(dir, Map.of(), "import", "--db", target.toString(), dir.resolve("a/a.db").toString(), old.toString()));
            assertArrayEquals(before, Files.readAllBytes(old), "the source is read, never upgraded");
            assertEquals(sqlite(dir.resolve("b/b.db"), "SELECT e.path, p.path, a.kind, a.errno, c.sha1 FROM accesses a"
                            + " JOIN executions e ON e.id = a.execution JOIN paths p ON p.id = a.path"
                            + " LEFT JOIN contents c ON c.id = a.content ORDER BY a.id"),
                    sqlite(target, "SELECT e.path, p.path, a.kind, a.errno, c.sha1 FROM accesses a"
                            + " JOIN executions e ON e.id = a.execution JOIN paths p ON p.id = a.path"
                            + " LEFT JOIN contents c ON c.id = a.content WHERE e.run = 2 ORDER BY a.id"), "v" + version + ": every access");
            assertEquals(3, ok(tot(dir, Map.of(), "show", "--db", target.toString(), f.substring(0, 8))).stdout().lines().count());
            assertEquals(List.of(java.util.Arrays.asList(hostname(), null)),
                    sqlite(target, "SELECT host, machine_id FROM runs WHERE id = 2"), "v" + version + ": the machine id was not recorded then");
            assertEquals(List.of(List.of(0L)), sqlite(target, "SELECT count(*) FROM executions WHERE run = 2 AND fds IS NOT NULL"),
                    "v" + version + ": fds were not recorded then (unknown, not none)");
        }
    }

    @Test
    void anIncompleteRunIsCompletedByTheDatabaseThatHasItWhole() throws Exception {
        twoDatabases();
        Path b = dir.resolve("b/b.db"), partial = dir.resolve("partial.db");
        Files.copy(b, partial);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + partial); Statement s = c.createStatement()) {
            s.execute("DELETE FROM accesses WHERE execution = (SELECT max(id) FROM executions)");
            s.execute("DELETE FROM executions WHERE id = (SELECT max(id) FROM executions)");
            s.execute("UPDATE runs SET complete = 0, end_ns = NULL");
        }
        ok(tot(dir, Map.of(), "import", "--db", "all.db", partial.toString()));
        assertEquals(List.of(List.of(0L, 1L)), sqlite(dir.resolve("all.db"), "SELECT complete, (SELECT count(*) FROM executions) FROM runs"));
        Out completed = ok(tot(dir, Map.of(), "import", "--db", "all.db", b.toString()));
        assertTrue(completed.stderr().matches("(?s).*b.db: imported run [0-9]+ \\(2 executions.*"), completed.stderr());
        assertEquals(List.of(List.of(1L, 2L)), sqlite(dir.resolve("all.db"), "SELECT complete, (SELECT count(*) FROM executions) FROM runs"),
                "the incomplete run is replaced by the whole one");
        assertEquals(sqlite(b, "SELECT key FROM runs"), sqlite(dir.resolve("all.db"), "SELECT key FROM runs"));
    }

    private static String hostname() throws Exception {
        return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
    }

    private static String firstLine(Path file) throws Exception {
        return Files.readString(file).strip();
    }

    @Test
    void everyRunSaysWhichMachineAndUserRecordedIt() throws Exception {
        Path db = dir.resolve("m.db");
        ok(tot(dir, Map.of(), "log", "--db", db.toString(), "-d", "deps.json", "--", "true"));
        String uname = new String(new ProcessBuilder("uname", "-m").start().getInputStream().readAllBytes()).strip();
        assertEquals(List.of(List.of(hostname(), System.getProperty("user.name"), firstLine(Path.of("/etc/machine-id")),
                firstLine(Path.of("/proc/sys/kernel/osrelease")), uname)),
                sqlite(db, "SELECT host, \"user\", machine_id, kernel, arch FROM runs"));
        assertNotNull(sqlite(db, "SELECT tot_version FROM runs").getFirst().getFirst());
        String show = ok(tot(dir, Map.of(), "show", "--db", db.toString())).stdout();
        assertTrue(show.lines().toList().get(1).strip().startsWith("machine " + firstLine(Path.of("/etc/machine-id")).substring(0, 8)
                + ", Linux " + firstLine(Path.of("/proc/sys/kernel/osrelease")) + " " + uname + ", tot "), show);

        ok(tot(dir, Map.of(), "import", "--db", db.toString(), "deps.json"));
        Files.writeString(dir.resolve("other.json"), Files.readString(dir.resolve("deps.json")).replace("true", "false"));
        ok(tot(dir, Map.of(), "import", "--db", db.toString(), "--host", "buildbox7", "other.json"));
        assertEquals(List.of(List.of(hostname(), firstLine(Path.of("/etc/machine-id"))), java.util.Arrays.asList("buildbox7", null)),
                sqlite(db, "SELECT host, machine_id FROM runs WHERE source = 'deps.json' ORDER BY id"),
                "an import is this machine's unless told otherwise");
        assertEquals(List.of("run 3"), ok(tot(dir, Map.of(), "show", "--db", db.toString(), "--machine", "buildbox7")).stdout().lines()
                .filter(l -> l.startsWith("run ")).map(l -> l.substring(0, 5)).toList());
        String mine = firstLine(Path.of("/etc/machine-id")).substring(0, 6);
        assertEquals(List.of("run 1", "run 2"), ok(tot(dir, Map.of(), "show", "--db", db.toString(), "--machine", mine)).stdout().lines()
                .filter(l -> l.startsWith("run ")).map(l -> l.substring(0, 5)).toList());
        Out none = tot(dir, Map.of(), "summary", "--db", db.toString(), "--machine", "nosuchhost");
        assertEquals(1, none.status());
        assertEquals("tot: no complete run is stored\n", none.stderr());
    }

    @Test
    void runsGoToOneStorePerUserWhateverTheDirectory() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home")), work = Files.createDirectories(dir.resolve("work")),
                elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Map<String, String> env = Map.of("HOME", home.toString(), "XDG_DATA_HOME", "");
        List<String> java = TotProcess.builder(work, List.of("log", "-d", "/dev/null", "--", "sh", "-c", "ls -a > listing")).command();
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", "umask 027; exec \"$@\"", "sh").directory(work.toFile())
                .redirectErrorStream(true).redirectOutput(dir.resolve("log.txt").toFile());
        pb.command().addAll(java);
        pb.environment().remove("TOT_DB");
        pb.environment().putAll(env);
        assertEquals(0, TotProcess.finish(pb, 120, "tot").exitValue(), Files.readString(dir.resolve("log.txt")));
        Path store = home.resolve(".local/share/tot/tot.db");
        assertTrue(Files.isRegularFile(store), "in ~/.local/share/tot");
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(store)), "the umask's mode");
        assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve(".local/share/tot"))));
        assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve(".local"))));
        assertEquals(List.of(".", "..", "listing"), Files.readAllLines(work.resolve("listing")), "nothing of tot's in the workspace");
        String show = ok(tot(elsewhere, env, "show")).stdout();
        assertTrue(show.contains("$ /usr/bin/ls -a"), "the same store from another directory: " + show);
        Path xdg = Files.createDirectories(dir.resolve("xdg"));
        ok(tot(work, Map.of("HOME", home.toString(), "XDG_DATA_HOME", xdg.toString()), "log", "-d", "/dev/null", "--", "true"));
        assertTrue(Files.isRegularFile(xdg.resolve("tot/tot.db")), "$XDG_DATA_HOME/tot/tot.db");
        ok(tot(work, Map.of("HOME", home.toString(), "TOT_DB", "chosen.db"), "log", "-d", "/dev/null", "--", "true"));
        assertTrue(Files.isRegularFile(work.resolve("chosen.db")), "TOT_DB still chooses");
    }
}
