package tot.trace;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tot.trace.TotProcess.Result;
import tot.util.ByteStrings;

/** `tot log` into tot.db, and `tot show` on it: rows checked against deps.json of the same run and sha1 of the files. */
class StoreTest {
    @TempDir
    Path dir;

    private Result tot(List<String> args) throws Exception {
        Process p = TotProcess.finish(TotProcess.builder(dir, args).redirectOutput(dir.resolve("stdout.txt").toFile())
                .redirectError(dir.resolve("stderr.txt").toFile()).redirectInput(new File("/dev/null")), 120, "tot");
        return TotProcess.read(dir, p.exitValue());
    }

    private String stdout() throws Exception {
        return Files.readString(dir.resolve("stdout.txt"), StandardCharsets.UTF_8);
    }

    private static String sha1(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(Files.readAllBytes(file)));
    }

    private Connection db() throws Exception {
        return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("tot.db"));
    }

    private static List<List<Object>> rows(Connection c, String sql, Object... args) throws Exception {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) s.setObject(i + 1, args[i]);
            List<List<Object>> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    List<Object> row = new ArrayList<>();
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) row.add(rs.getObject(i));
                    out.add(row);
                }
            }
            return out;
        }
    }

    /** The tot prototype's README: python writes file2 from file1, sed reads file2; show HASH links them. */
    @Test
    void showOfAHashListsItsWriterAndItsReader() throws Exception {
        Path examples = Files.createDirectories(dir.resolve("examples"));
        Files.writeString(examples.resolve("file1.txt"), "hello\nworld\n");
        Files.writeString(examples.resolve("script1.py"), """
                with open("examples/file1.txt") as f:
                    data = f.read()
                with open("examples/file2.txt", "w") as f:
                    f.write(data.upper())
                """);
        assertEquals(0, tot(List.of("log", "python3", "examples/script1.py")).status());
        Result sed = tot(List.of("log", "bash", "-c", "sed s/E// examples/file2.txt > examples/file3.txt"));
        assertEquals(0, sed.status(), sed.stderr());
        String file2 = sha1(examples.resolve("file2.txt"));

        Result show = tot(List.of("show", file2.substring(0, 8), "--format", "json"));
        assertEquals(0, show.status(), show.stderr());
        JsonNode lineage = TotProcess.JSON.readTree(stdout());
        assertEquals(file2, lineage.get("sha1").asText());
        List<String> seen = new ArrayList<>();
        for (JsonNode a : lineage.get("accesses")) {
            List<String> args = Result.strings(a.get("execution").get("args"));
            seen.add(a.get("kind").asText() + " " + a.get("path").asText() + " by " + String.join(" ", args.subList(1, args.size())));
        }
        String path = examples.resolve("file2.txt").toString();
        assertEquals(List.of("write " + path + " by examples/script1.py", "read " + path + " by s/E// examples/file2.txt"), seen);

        assertEquals(0, tot(List.of("show")).status());
        String tree = stdout();
        assertTrue(tree.contains("write: " + path + " (" + file2.substring(0, 8) + ")"), tree);
        assertTrue(tree.contains("read: " + path + " (" + file2.substring(0, 8) + ")"), tree);
        assertTrue(tree.contains("write: " + examples.resolve("file3.txt") + " (" + sha1(examples.resolve("file3.txt")).substring(0, 8) + ")"), tree);
    }

    /** An execution's warnings (what tot could not decode, what it refused) are in tot.db, in show and in imports of deps.json and events. */
    @Test
    void warningsAreStoredShownAndImported() throws Exception {
        Path probe = CProbe.build("int80", dir.resolve("bin"), List.of("-no-pie"));
        Result r = tot(List.of("log", "-d", "deps.json", "-o", "events.jsonl", "--", probe.toString()));
        assertEquals(0, r.status(), r.stderr());
        List<String> warnings = Result.strings(r.deps().get(0).get("Warnings"));
        assertEquals(2, warnings.size(), warnings.toString());
        try (Connection c = db()) {
            assertEquals(List.of(List.of(TotProcess.JSON.writeValueAsString(warnings))),
                    rows(c, "SELECT warnings FROM executions WHERE path = ?", probe.toString()));
        }
        assertEquals(0, tot(List.of("show")).status());
        for (String w : warnings) assertTrue(stdout().contains("warning: " + w), stdout());

        for (String imported : List.of("deps.json", "events.jsonl")) {
            Path db = dir.resolve(imported + ".db");
            Result i = tot(List.of("import", "--db", db.toString(), dir.resolve(imported).toString()));
            assertEquals(0, i.status(), i.stderr());
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
                assertEquals(List.of(List.of(TotProcess.JSON.writeValueAsString(warnings))),
                        rows(c, "SELECT warnings FROM executions WHERE path = ?", probe.toString()), imported);
            }
        }
    }

    /** Every execution, input and output of deps.json is in the database, with the sha1 of the file's content. */
    @Test
    void rowsAgreeWithDepsJsonOfTheSameRun() throws Exception {
        Result r = tot(List.of("log", "-d", "deps.json", "--", "sh", "-c", "echo a > a; cat a | tee b; cat missing; true"));
        assertEquals(0, r.status(), r.stderr());
        try (Connection c = db()) {
            assertEquals(List.of(List.of(1, 0)), rows(c, "SELECT complete = 1, exit FROM runs"));
            assertEquals(r.deps().size(), rows(c, "SELECT id FROM executions").size());
            for (JsonNode x : r.deps()) {
                JsonNode cmd = x.get("Cmd");
                int id = cmd.get("ID").asInt();
                List<List<Object>> e = rows(c, "SELECT path, argv, parent_exec_id, exit FROM executions WHERE exec_id = ?", id);
                assertEquals(1, e.size());
                assertEquals(cmd.get("Path").asText(), e.get(0).get(0));
                assertEquals(TotProcess.JSON.writeValueAsString(cmd.get("Args")), e.get(0).get(1));
                assertEquals(cmd.get("Parent").asInt(), e.get(0).get(2));
                String sql = "SELECT p.path FROM accesses a JOIN paths p ON p.id = a.path JOIN executions e ON e.id = a.execution"
                        + " WHERE e.exec_id = ? AND a.errno = 0 AND a.kind IN (%s) ORDER BY a.id";
                assertEquals(Result.strings(x.get("Inputs")), files(rows(c, sql.formatted("'read'"), id)), "inputs of " + id);
                assertEquals(Result.strings(x.get("Outputs")), files(rows(c, sql.formatted("'write', 'create', 'rename'"), id)),
                        "outputs of " + id);
            }
            String a = dir.resolve("a").toString(), b = dir.resolve("b").toString();
            String hashes = "SELECT a.kind, c.sha1 FROM accesses a JOIN paths p ON p.id = a.path"
                    + " JOIN contents c ON c.id = a.content WHERE p.path = ? ORDER BY a.kind";
            assertEquals(List.of(List.of("read", sha1(dir.resolve("a"))), List.of("write", sha1(dir.resolve("a")))), rows(c, hashes, a));
            assertEquals(List.of(List.of("write", sha1(dir.resolve("b")))), rows(c, hashes, b));
            assertEquals(List.of(List.of("read", "openat", 2)), rows(c, "SELECT a.kind, a.syscall, a.errno FROM accesses a"
                    + " JOIN paths p ON p.id = a.path WHERE p.path = ?", dir.resolve("missing").toString()), "failed open, ENOENT");
        }
    }

    /**
     * A directory opened without O_DIRECTORY (as glibc opens LC_MESSAGES) is no read: the tracer
     * sees what it opened, so the store has no read of it and shows none (an import, which cannot
     * see, stores the read and every query leaves it out: StraceImportTest).
     */
    @Test
    void directoriesAreNeitherShownNorCountedAsFiles() throws Exception {
        Path sub = Files.createDirectories(dir.resolve("sub"));
        Files.writeString(sub.resolve("f"), "x");
        Files.createSymbolicLink(dir.resolve("link"), sub);
        Result r = tot(List.of("log", "-d", "deps.json", "--", "python3", "-c",
                "import os; [os.close(os.open(p, os.O_RDONLY)) for p in ('sub', 'link', 'sub/f')]; os.symlink('sub', 'link2')"));
        assertEquals(0, r.status(), r.stderr());
        String s = sub.toString(), link = dir.resolve("link").toString(), f = sub.resolve("f").toString();
        JsonNode python = r.deps().getLast();
        assertEquals(List.of(f), Result.strings(python.get("Inputs")).stream().filter(p -> p.startsWith(dir.toString())).toList());
        try (Connection c = db()) {
            assertEquals(List.of(), rows(c, "SELECT p.path FROM accesses a JOIN paths p ON p.id = a.path"
                    + " WHERE p.path IN (?, ?) AND a.kind = 'read' ORDER BY a.id", s, link), "no read of a directory");
        }
        for (List<String> command : List.of(List.of("show"), List.of("show", "--format", "csv"), List.of("show", "--format", "json"),
                List.of("files", "--format", "csv"), List.of("accesses", "--format", "csv"))) {
            Result q = tot(command);
            assertEquals(0, q.status(), q.stderr());
            String out = stdout();
            assertTrue(out.contains(f), command + ": the file is shown\n" + out);
            assertTrue(out.contains(dir.resolve("link2").toString()), command + ": a symlink to a directory is an output\n" + out);
            for (String line : out.lines().toList()) {
                assertFalse(line.matches(".*(" + s + "|" + link + ")([\",) ].*|$)"), command + ": a directory is shown: " + line);
            }
        }
        assertEquals(1, tot(List.of("show", "sub")).status(), "a directory has no history of reads");
    }

    /**
     * A directory there before the run, renamed and then removed (pip's stash of a package it
     * replaces): the trace never saw it opened, and it is gone when deps.json is written or the
     * database asked, but the run recorded paths below it, so it was a directory: no output of mv,
     * in deps.json or in any answer of the database. A file renamed away and removed still is one.
     */
    @Test
    void aDirectoryRenamedThenRemovedIsNoOutput() throws Exception {
        Files.createDirectories(dir.resolve("P/sub"));
        Files.writeString(dir.resolve("P/sub/f"), "x");
        Files.writeString(dir.resolve("file"), "y");
        Result r = tot(List.of("log", "-d", "deps.json", "--", "sh", "-c", "mv P Q; rm -r Q; mv file moved; rm moved"));
        assertEquals(0, r.status(), r.stderr());
        String q = dir.resolve("Q").toString(), moved = dir.resolve("moved").toString();
        List<String> outputs = r.deps().stream().flatMap(x -> Result.strings(x.get("Outputs")).stream()).toList();
        assertFalse(outputs.contains(q), "deps.json: " + outputs);
        assertTrue(outputs.contains(moved), "deps.json: " + outputs);
        for (List<String> command : List.of(List.of("show", "--format", "csv"), List.of("accesses", "--format", "csv"))) {
            Result query = tot(command);
            assertEquals(0, query.status(), query.stderr());
            List<String> lines = stdout().lines().toList();
            assertTrue(lines.stream().anyMatch(l -> l.contains(moved) && l.contains("rename")), command + ": " + lines);
            assertFalse(lines.stream().anyMatch(l -> l.contains(q + ",") && l.contains("rename")), command + ": " + lines);
        }
    }

    /**
     * A process's directories in /proc (Python's subprocess lists /proc/self/fd) are no inputs,
     * also when the process is gone before the record is written and the name with it.
     */
    @Test
    void aGoneProcesssDirectoriesInProcAreNoInputs() throws Exception {
        Result r = tot(List.of("log", "-d", "deps.json", "--", "sh", "-c", "/usr/bin/python3 -c \"import os; "
                + "[os.close(os.open(p, os.O_RDONLY)) for p in ('/proc/self/fd', '/proc/self/task', '/proc/self/status')]\"; true"));
        assertEquals(0, r.status(), r.stderr());
        JsonNode python = r.deps().stream().filter(x -> x.get("Cmd").get("Path").asText().equals("/usr/bin/python3")).findFirst()
                .orElseThrow();
        List<String> proc = Result.strings(python.get("Inputs")).stream().filter(p -> p.startsWith("/proc/")).toList();
        assertEquals(List.of("/proc/" + python.get("Pid").asInt() + "/status"), proc, "the directories are left out, the file is not");
        Result q = tot(List.of("show", "--format", "csv"));
        assertEquals(0, q.status(), q.stderr());
        String out = stdout();
        assertFalse(out.contains("/fd,") || out.contains("/task,"), out);
    }

    /** Names are bytes: a file whose name is not UTF-8 is hashed, a directory so named is no input. */
    @Test
    void aFileNamedInBytesThatAreNotUtf8IsHashed() throws Exception {
        Result r = tot(List.of("log", "-d", "deps.json", "--", "sh", "-c",
                "f=$(printf 'caf\\351'); d=$(printf 'dir\\351'); printf one > \"$f\"; mkdir \"$d\"; cat \"$f\" \"$d\" 2>/dev/null; true"));
        assertEquals(0, r.status(), r.stderr());
        byte[] name = (dir + "/caf\u00e9").getBytes(StandardCharsets.ISO_8859_1);
        String file = ByteStrings.decode(name), directory = file.replace("caf", "dir");
        JsonNode cat = r.deps().stream().filter(x -> x.get("Cmd").get("Path").asText().endsWith("/cat")).findFirst().orElseThrow();
        List<String> inputs = Result.strings(cat.get("Inputs"));
        assertTrue(inputs.contains(file), inputs.toString());
        assertFalse(inputs.contains(directory), "a directory is no input: " + inputs);
        try (Connection c = db()) {
            String one = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest("one".getBytes(StandardCharsets.UTF_8)));
            assertEquals(List.of(List.of(one)), rows(c, "SELECT c.sha1 FROM accesses a JOIN paths p ON p.id = a.path"
                    + " JOIN contents c ON c.id = a.content WHERE hex(p.path) = ? AND a.kind = 'read'", HexFormat.of().withUpperCase().formatHex(name)));
        }
    }

    /** deps.json leaves directories out; the database keeps every successful open. */
    private static List<String> files(List<List<Object>> rows) {
        return rows.stream().map(row -> (String) row.get(0)).filter(p -> !Files.isDirectory(Path.of(p))).toList();
    }

    /** --trace stores each syscall event; tot export writes them as CSV; importing the event log gives the same rows. */
    @Test
    void traceEventsAreStoredExportedAndImported() throws Exception {
        Result r = tot(List.of("log", "-o", "events.jsonl", "--trace=%file", "sh", "-c", "cat /etc/hostname; ls /nonexistent; true"));
        assertEquals(0, r.status(), r.stderr());
        List<JsonNode> events = TotProcess.events(dir.resolve("events.jsonl")).stream()
                .filter(e -> e.get("ev").asText().equals("syscall")).toList();
        String rows = "SELECT name, errno, args, paths FROM syscalls ORDER BY id";
        List<List<Object>> stored;
        try (Connection c = db()) {
            stored = rows(c, rows);
        }
        assertEquals(events.size(), stored.size());
        for (int i = 0; i < events.size(); i++) {
            assertEquals(events.get(i).get("name").asText(), stored.get(i).get(0));
            assertEquals(TotProcess.JSON.writeValueAsString(events.get(i).get("args")), stored.get(i).get(2));
        }
        assertTrue(stored.stream().anyMatch(row -> row.get(0).equals("statx") && row.get(1).equals(2)
                && String.valueOf(row.get(3)).contains("/nonexistent")), "ls's failed stat");

        assertEquals(0, tot(List.of("export", "--csv", "calls.csv")).status());
        List<String> csv = Files.readAllLines(dir.resolve("calls.csv"));
        assertEquals("timestamp,pid,executable,syscall,filepath,all_filepaths,ret_int,ret_str", csv.get(0));
        assertEquals(stored.size() + 1, csv.size());
        assertTrue(csv.stream().anyMatch(l -> l.contains(",statx,/nonexistent,/nonexistent,-2,ENOENT")), csv.toString());

        assertEquals(0, tot(List.of("import", "--db", "imported.db", "events.jsonl")).status());
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("imported.db"))) {
            assertEquals(stored, rows(c, rows));
        }
    }

    @Test
    void noDbAndNoHashAndTotDbVariable() throws Exception {
        assertEquals(0, tot(List.of("log", "--no-db", "true")).status());
        assertFalse(Files.exists(dir.resolve("tot.db")));
        ProcessBuilder pb = TotProcess.builder(dir, List.of("log", "--no-hash", "cat", "/etc/hostname"))
                .redirectOutput(new File("/dev/null")).redirectError(dir.resolve("stderr.txt").toFile());
        pb.environment().put("TOT_DB", dir.resolve("other.db").toString());
        assertEquals(0, TotProcess.finish(pb, 120, "tot").exitValue(), Files.readString(dir.resolve("stderr.txt")));
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("other.db"))) {
            assertEquals(List.of(List.of(0)), rows(c, "SELECT count(*) FROM contents"));
            assertFalse(rows(c, "SELECT 1 FROM accesses a JOIN paths p ON p.id = a.path WHERE p.path = '/etc/hostname'").isEmpty());
        }
    }

    @Test
    void aFileThatIsNotADatabaseIsAClearErrorAndStaysAsItWas() throws Exception {
        byte[] junk = "this is not a database, but someone's notes\n".repeat(100).getBytes(StandardCharsets.UTF_8);
        Files.write(dir.resolve("tot.db"), junk);
        Result r = tot(List.of("log", "true"));
        assertEquals(2, r.status());
        assertTrue(r.stderr().startsWith("tot: tot.db: ") && r.stderr().contains("not a tot database"), r.stderr());
        assertEquals(1, r.stderr().lines().count(), r.stderr());
        assertArrayEquals(junk, Files.readAllBytes(dir.resolve("tot.db")));
        Result show = tot(List.of("show"));
        assertEquals(2, show.status());
        assertTrue(show.stderr().startsWith("tot: tot.db: "), show.stderr());
    }

    /** SIGKILL to tot mid-run: the database stays consistent and shows no half run; the next run is stored. */
    @Test
    void aKilledRunLeavesNoHalfRunVisible() throws Exception {
        Process p = TotProcess.builder(dir, List.of("log", "sh", "-c", "for i in 1 2 3 4 5; do cat /etc/hostname > f$i; done; sleep 60"))
                .redirectOutput(new File("/dev/null")).redirectError(new File("/dev/null")).start();
        try {
            for (int i = 0; i < 600 && !Files.exists(dir.resolve("f5")); i++) Thread.sleep(50);
            assertTrue(Files.exists(dir.resolve("f5")), "the traced loop ran");
            Thread.sleep(2500); // the store commits at least every 2 s: some rows are on disk
        } finally {
            p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        try (Connection c = db(); Statement s = c.createStatement()) {
            assertEquals("ok", rows(c, "PRAGMA integrity_check").get(0).get(0));
            assertEquals(List.of(List.of(0)), rows(c, "SELECT complete FROM runs"), "one run, marked incomplete");
        }
        Result show = tot(List.of("show"));
        assertEquals(1, show.status());
        assertTrue(show.stderr().contains("no complete run"), show.stderr());
        assertEquals(0, tot(List.of("log", "true")).status());
        assertEquals(0, tot(List.of("show")).status());
        assertTrue(stdout().startsWith("run 2: $ true"), stdout());
    }

    @Test
    void twoRunsCanWriteOneDatabaseAtOnce() throws Exception {
        List<Process> runs = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            runs.add(TotProcess.builder(dir, List.of("log", "sh", "-c", "for i in $(seq 40); do cat /etc/hostname; done"))
                    .redirectOutput(new File("/dev/null")).redirectError(dir.resolve("stderr" + i + ".txt").toFile()).start());
        }
        for (Process p : runs) {
            assertTrue(p.waitFor(120, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), Files.readString(dir.resolve("stderr" + runs.indexOf(p) + ".txt")));
        }
        try (Connection c = db()) {
            assertEquals(List.of(List.of(1, 42), List.of(2, 42)), rows(c, "SELECT r.id, count(e.id) FROM runs r"
                    + " JOIN executions e ON e.run = r.id WHERE r.complete = 1 GROUP BY r.id ORDER BY r.id"));
        }
    }

    /** `tot forget` (by number or by age) leaves a run alone while a tot still writes it; once that tot ends, the run can go. */
    @Test
    void forgetLeavesARunBeingWrittenAlone() throws Exception {
        Process log = TotProcess.builder(dir, List.of("log", "--db", "tot.db", "--", "sh", "-c",
                        "echo x > started; while [ ! -e go ]; do sleep 0.05; done; echo done > out"))
                .redirectOutput(dir.resolve("log-out.txt").toFile()).redirectError(dir.resolve("log-err.txt").toFile())
                .redirectInput(new File("/dev/null")).start();
        try {
            for (int i = 0; i < 600 && !Files.exists(dir.resolve("started")); i++) Thread.sleep(50);
            assertTrue(Files.exists(dir.resolve("started")), "the command did not start");
            try (Connection c = db()) {
                for (int i = 0; i < 600 && rows(c, "SELECT id FROM runs").isEmpty(); i++) Thread.sleep(50); // the writer's first commit
                assertEquals(List.of(List.of(1, 0)), rows(c, "SELECT id, complete FROM runs"), "the run row is there, incomplete");
            }
            Result byNumber = tot(List.of("forget", "--db", "tot.db", "--run", "1"));
            assertEquals(1, byNumber.status(), byNumber.stderr());
            assertTrue(byNumber.stderr().endsWith("tot: run 1 is being written by a tot still running (nothing forgotten)\n"),
                    byNumber.stderr()); // after "locked by another process; waiting" when the writer was in a transaction
            Result byAge = tot(List.of("forget", "--db", "tot.db", "--older-than", "0s"));
            assertEquals(0, byAge.status(), byAge.stderr());
            assertTrue(byAge.stderr().matches("(?s)(tot: tot.db: locked by another process; waiting \\(up to 30 s\\)\n)?"
                    + "tot: forgot no run; [0-9.]+ KiB before, [0-9.]+ KiB now \\(kept, as a tot is writing it: run 1\\)\n"), byAge.stderr());
        } finally {
            Files.writeString(dir.resolve("go"), "");
            if (!log.waitFor(60, TimeUnit.SECONDS)) log.destroyForcibly();
        }
        assertEquals(0, log.exitValue(), Files.readString(dir.resolve("log-err.txt")));
        try (Connection c = db()) {
            assertEquals(List.of(List.of(1, 1)), rows(c, "SELECT id, complete FROM runs"), "the run was stored whole");
            assertFalse(rows(c, "SELECT a.id FROM accesses a JOIN paths p ON p.id = a.path WHERE p.path LIKE '%/out'").isEmpty());
        }
        Result after = tot(List.of("forget", "--db", "tot.db", "--run", "1"));
        assertEquals(0, after.status(), after.stderr());
        assertTrue(after.stderr().startsWith("tot: forgot run 1:"), after.stderr());
    }

    /**
     * A directory renamed after the step that wrote below it ended (pip uninstall's ~kgb, npm
     * upgrades): the CI answers follow the files to their new names, as the kernel does.
     */
    @Test
    void filesMoveWithTheirDirectory() throws Exception {
        Result r = tot(List.of("log", "--db", "tot.db", "--", "sh", "-c", "mkdir d && sh -c 'echo x > d/f' && mv d d2 && cat d2/f > out"));
        assertEquals(0, r.status(), r.stderr());
        assertEquals(0, tot(List.of("outputs", "--under", ".", "--relative")).status());
        assertEquals("d2/f\nout\n", stdout(), "what exists at the end, under its final name");
        tot(List.of("inputs", "--under", ".", "--relative"));
        assertEquals("", stdout(), "d2/f was made by the run: no input");
        tot(List.of("outputs", "--intermediates", "--under", ".", "--relative"));
        assertEquals("d/f\n", stdout(), "its old name is gone");
        assertEquals(0, tot(List.of("check", "--declared-glob", "nothing", "--under", ".")).status());
        tot(List.of("lineage", "d2/f"));
        assertTrue(stdout().contains("$ /usr/bin/mv d d2") && stdout().contains("echo x > d/f"), stdout());
    }

    /** The directory's old name is kept byte for byte: one that is not UTF-8 still takes its files along. */
    @Test
    void filesMoveWithTheirDirectoryWhateverItsNameIsMadeOf() throws Exception {
        Result r = tot(List.of("log", "--db", "tot.db", "--", "sh", "-c",
                "d=$(printf 'd\\351'); mkdir \"$d\" && sh -c \"echo x > $d/f\" && mv \"$d\" d2 && cat d2/f > out"));
        assertEquals(0, r.status(), r.stderr());
        assertEquals(0, tot(List.of("outputs", "--under", ".", "--relative")).status());
        assertEquals("d2/f\nout\n", Files.readString(dir.resolve("stdout.txt"), StandardCharsets.ISO_8859_1), // not d\xe9/f
                "what exists at the end, under its final name");
        tot(List.of("inputs", "--under", ".", "--relative"));
        assertEquals("", stdout(), "d2/f was made by the run: no input");
    }

    /** A plain list that quoted names says how many, in words that agree with the count. */
    @Test
    void aPlainListSaysHowManyNamesItQuoted() throws Exception {
        Result r = tot(List.of("log", "--db", "tot.db", "--", "sh", "-c", "printf x > \"$(printf 'a\\nb')\"; printf x > '\"q'; printf x > plain"));
        assertEquals(0, r.status(), r.stderr());
        Result two = tot(List.of("outputs", "--under", ".", "--relative"));
        assertEquals("\"\\\"q\"\n\"a\\nb\"\nplain\n", stdout());
        assertEquals("tot: warning: 2 paths hold a control character or begin with '\"': written as a C string in double quotes"
                + " (-0 and --format json write paths as they are)\n", two.stderr());
        Result one = tot(List.of("outputs", "--under", ".", "--relative", "--exclude", "a*"));
        assertEquals("tot: warning: 1 path holds a control character or begins with '\"': written as a C string in double quotes"
                + " (-0 and --format json write paths as they are)\n", one.stderr());
    }
}
