package tot.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `tot import` of a real deps.json and a real event log of one traced shell command. */
class ImportTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path trace;

    @TempDir
    Path dir;

    @BeforeAll
    static void traceSample() throws Exception {
        Tot.traceSample(trace);
    }

    @Test
    void depsJsonRowsAreTheFile() throws Exception {
        Path deps = copy("deps.json");
        Tot.Result r = Tot.run(dir, "import", "--db", "t.db", "deps.json");
        JsonNode records = JSON.readTree(deps.toFile());
        int accesses = 0;
        for (JsonNode rec : records) {
            accesses += 1 + rec.get("Inputs").size() + rec.get("Outputs").size() + (rec.has("Deleted") ? rec.get("Deleted").size() : 0);
        }
        assertEquals(0, r.status(), r.stderr());
        assertEquals(List.of("tot: deps.json: imported run 1 (" + records.size() + " executions, " + accesses + " accesses)"), r.lines());

        Path db = dir.resolve("t.db");
        assertEquals(List.of(List.of(sha1(deps), "deps.json", "deps.json", 3L, 1L)),
                Db.query(db, "SELECT key, source, source_file, exit, complete FROM runs"));
        assertEquals((long) records.size(), Db.column(db, "SELECT count(*) FROM executions").getFirst());
        for (JsonNode rec : records) {
            JsonNode cmd = rec.get("Cmd");
            int id = cmd.get("ID").asInt();
            Long exit = cmd.has("Exit") ? cmd.get("Exit").asLong() : cmd.has("Exec") ? null : 0L;
            assertEquals(List.of(List.of(cmd.get("Parent").asLong(), cmd.get("Path").asText(), cmd.get("Args").toString(),
                            cmd.get("Dir").asText(), rec.get("Pid").asLong(), nanos(rec.get("Start")), nanos(rec.get("End")))),
                    Db.query(db, "SELECT parent_exec_id, path, argv, cwd, pid, start_ns, end_ns FROM executions WHERE exec_id = ?", id));
            assertEquals(exit, Db.column(db, "SELECT exit FROM executions WHERE exec_id = ?", id).getFirst(), "exit of " + id);
            assertEquals(List.of(cmd.get("Path").asText()), paths(db, id, "exec"));
            assertEquals(strings(rec.get("Inputs")), paths(db, id, "read"), "Inputs of " + id);
            assertEquals(strings(rec.get("Outputs")), paths(db, id, "write"), "Outputs of " + id);
            assertEquals(strings(rec.get("Deleted")), paths(db, id, "delete"), "Deleted of " + id);
            assertEquals(rec.get("FDs"), JSON.readTree((String) Db.column(db, "SELECT fds FROM executions WHERE exec_id = ?", id)
                    .getFirst()), "FDs of " + id);
        }
        // deps.json has no access times: only an execution's start, which its exec access gets
        assertEquals(List.of(0L), Db.column(db, "SELECT count(*) FROM accesses a JOIN executions e ON e.id = a.execution"
                + " WHERE a.syscall IS NOT NULL OR a.time_ns IS NOT (CASE a.kind WHEN 'exec' THEN e.start_ns END)"
                + " OR a.errno != 0 OR a.content IS NOT NULL"));
        JsonNode root = records.valueStream().filter(rec -> rec.get("Cmd").get("ID").asInt() == 1).findFirst().orElseThrow();
        assertEquals(List.of(root.get("Cmd").get("Args").toString()), Db.column(db, "SELECT command FROM runs"));
    }

    /** A record that says nothing of its fds stores them unknown (NULL); fptrace's "FDs": null and {} are none. */
    @Test
    void fdsARecordDoesNotGiveAreUnknownNotNone() throws Exception {
        Files.writeString(dir.resolve("old.json"), """
                [
                  {"Cmd": {"Parent": 0, "ID": 1, "Dir": "/", "Path": "/bin/sh", "Args": ["sh"]}, "Inputs": [], "Outputs": []},
                  {"Cmd": {"Parent": 1, "ID": 2, "Dir": "/", "Path": "/bin/ls", "Args": ["ls"]}, "Inputs": [], "Outputs": [], "FDs": null},
                  {"Cmd": {"Parent": 1, "ID": 3, "Dir": "/", "Path": "/bin/cat", "Args": ["cat"]}, "Inputs": [], "Outputs": [], "FDs": {}}
                ]
                """);
        Files.writeString(dir.resolve("old.jsonl"), """
                {"t":1,"ev":"exec","pid":5,"tid":5,"id":1,"parent":0,"path":"/bin/true","args":["true"],"dir":"/"}
                {"t":2,"ev":"exit","pid":5,"tid":5,"id":1,"code":0}
                """);
        Tot.Result r = Tot.run(dir, "import", "--db", "t.db", "old.json", "old.jsonl");
        assertEquals(0, r.status(), r.stderr());
        assertEquals(java.util.Arrays.asList(null, "{}", "{}", null), Db.column(dir.resolve("t.db"), "SELECT fds FROM executions ORDER BY id"));
    }

    @Test
    void eventLogGivesTheRowsTotLogStored() throws Exception {
        copy("events.jsonl");
        Tot.Result r = Tot.run(dir, "import", "--db", "t.db", "events.jsonl");
        assertEquals(0, r.status(), r.stderr());
        assertTrue(r.stderr().matches("tot: events.jsonl: imported run 1 \\(6 executions, \\d+ accesses, \\d+ syscalls\\)\n"), r.stderr());

        String rows = "SELECT e.exec_id, e.parent_exec_id, e.pid, e.tid, e.path, e.argv, e.cwd, e.env, e.exit, e.fds, a.kind, a.syscall,"
                + " a.errno, a.time_ns, a.detail, p.path FROM accesses a JOIN executions e ON a.execution = e.id"
                + " JOIN paths p ON p.id = a.path ORDER BY e.exec_id, a.time_ns, a.kind, p.path";
        Path imported = dir.resolve("t.db"), logged = trace.resolve("log.db");
        List<List<Object>> expected = Db.query(logged, rows);
        assertTrue(expected.size() > 50, "tot log stored " + expected.size() + " accesses");
        Db.assertSameRows(expected, Db.query(imported, rows));
        assertEquals(Db.query(logged, "SELECT command, cwd, exit, complete FROM runs"),
                Db.query(imported, "SELECT command, cwd, exit, complete FROM runs"));
        assertEquals(List.of(List.of("events", "events.jsonl")), Db.query(imported, "SELECT source, source_file FROM runs"));
        // the failed open, with its errno; the shell's temp file under the name mv gave it, and under its own
        // (unhashed): the run made it
        assertEquals(List.of(List.of("read", 2L)), Db.query(imported, "SELECT a.kind, a.errno FROM accesses a"
                + " JOIN paths p ON p.id = a.path WHERE p.path = ?", trace.resolve("nonexist").toString()));
        assertEquals(List.of(List.of("write", 1L), List.of("rename", 4L)), Db.query(imported, "SELECT a.kind, e.exec_id"
                + " FROM accesses a JOIN executions e ON a.execution = e.id JOIN paths p ON p.id = a.path WHERE p.path = ?"
                + " ORDER BY e.exec_id", trace.resolve("t").toString()));
        assertEquals(List.of(java.util.Arrays.asList("write", 1L, null), java.util.Arrays.asList("delete", 4L, null)),
                Db.query(imported, "SELECT a.kind, e.exec_id, a.content FROM accesses a JOIN executions e ON a.execution = e.id"
                + " JOIN paths p ON p.id = a.path WHERE p.path = ? ORDER BY e.exec_id", trace.resolve("t.tmp").toString()));
    }

    @Test
    void theDatabaseIsWholeAfterAnImport() throws Exception {
        copy("events.jsonl");
        copy("deps.json");
        assertEquals(0, Tot.run(dir, "import", "--db", "t.db", "events.jsonl").status()); // the path index dropped and built again
        assertEquals(0, Tot.run(dir, "import", "--db", "t.db", "deps.json").status()); // smaller than the table: kept
        Path db = dir.resolve("t.db");
        assertEquals(List.of(), Db.query(db, "PRAGMA foreign_key_check"));
        assertEquals(List.of("ok"), Db.column(db, "PRAGMA integrity_check"));
        Db.assertSameRows(Db.query(trace.resolve("log.db"), "SELECT type, name, sql FROM sqlite_master ORDER BY name"),
                Db.query(db, "SELECT type, name, sql FROM sqlite_master ORDER BY name"));
        assertEquals(List.of(List.of("accesses_path")), Db.query(db, "SELECT name FROM sqlite_master WHERE name = 'accesses_path'"));
    }

    @Test
    void eventLogAgreesWithDepsJson() throws Exception {
        copy("events.jsonl");
        assertEquals(0, Tot.run(dir, "import", "--db", "t.db", "events.jsonl").status());
        Path db = dir.resolve("t.db");
        for (JsonNode rec : JSON.readTree(trace.resolve("deps.json").toFile())) {
            int id = rec.get("Cmd").get("ID").asInt();
            // tot.db also keeps a file written under a name a rename took away while the writer ran (deps.json shows the new name)
            Set<String> made = new HashSet<>(succeeded(db, id, "'write', 'create', 'rename'"));
            Set<String> renamedAway = Set.copyOf(Db.column(db, "SELECT p.path FROM accesses a JOIN paths p ON p.id = a.path"
                    + " WHERE a.kind = 'delete' AND a.syscall LIKE 'rename%'").stream().map(String.class::cast).toList());
            if (id == 1) assertEquals(Set.of(trace.resolve("t.tmp").toString()), made.stream().filter(renamedAway::contains)
                    .collect(java.util.stream.Collectors.toSet()), "the shell's t.tmp");
            made.removeAll(renamedAway);
            assertEquals(Set.copyOf(strings(rec.get("Outputs"))), made, "Outputs of " + id);
            assertEquals(strings(rec.get("Deleted")), succeeded(db, id, "'delete'"), "Deleted of " + id);
            Set<String> reads = new HashSet<>(succeeded(db, id, "'read'"));
            reads.removeIf(p -> Files.isDirectory(Path.of(p))); // deps.json leaves directories out
            assertEquals(Set.copyOf(strings(rec.get("Inputs"))), reads, "Inputs of " + id);
        }
    }

    @Test
    void theSameBytesAreImportedOnce() throws Exception {
        copy("deps.json");
        Files.copy(trace.resolve("deps.json"), dir.resolve("copy.json"));
        assertEquals(0, Tot.run(dir, "import", "--db", "t.db", "deps.json").status());
        var before = Db.snapshot(dir.resolve("t.db"));
        Tot.Result again = Tot.run(dir, "import", "--db", "t.db", "deps.json", "copy.json");
        assertEquals(0, again.status(), again.stderr());
        assertEquals(List.of("tot: deps.json: already imported (run 1)", "tot: copy.json: already imported (run 1)"), again.lines());
        assertEquals(before, Db.snapshot(dir.resolve("t.db")));
    }

    @Test
    void theSameFileTwiceInOneCommandIsImportedOnce() throws Exception {
        copy("events.jsonl");
        Tot.Result r = Tot.run(dir, "import", "--db", "t.db", "events.jsonl", "events.jsonl");
        assertEquals(0, r.status(), r.stderr());
        assertEquals("tot: events.jsonl: already imported (run 1)", r.lines().get(1));
        assertEquals(List.of(1L), Db.column(dir.resolve("t.db"), "SELECT count(*) FROM runs"));
    }

    @Test
    void totDbFromTheEnvironmentOrTheCurrentDirectory() throws Exception {
        copy("deps.json");
        assertEquals(0, Tot.run(dir, "import", "deps.json").status());
        assertEquals(List.of(1L), Db.column(dir.resolve("tot.db"), "SELECT count(*) FROM runs"));
    }

    private Path copy(String name) throws Exception {
        return Files.copy(trace.resolve(name), dir.resolve(name));
    }

    /** The paths of the execution's accesses of this kind, in row order. */
    private static List<String> paths(Path db, int execId, String kind) throws Exception {
        return Db.column(db, "SELECT p.path FROM accesses a JOIN executions e ON a.execution = e.id JOIN paths p ON p.id = a.path"
                + " WHERE e.exec_id = ? AND a.kind = ? ORDER BY a.id", execId, kind).stream().map(String.class::cast).toList();
    }

    private static List<String> succeeded(Path db, int execId, String kinds) throws Exception {
        return Db.column(db, "SELECT p.path FROM accesses a JOIN executions e ON a.execution = e.id JOIN paths p ON p.id = a.path"
                + " WHERE e.exec_id = ? AND a.errno = 0 AND a.kind IN (" + kinds + ") ORDER BY a.id", execId)
                .stream().map(String.class::cast).toList();
    }

    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array != null) array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static long nanos(JsonNode time) {
        java.time.Instant i = java.time.Instant.parse(time.asText());
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    static String sha1(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(Files.readAllBytes(file)));
    }
}
