package tot.trace;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tot.trace.TotProcess.Result;

/**
 * An strace log of a command, replayed by tot (`tot deps --from`, `tot import`), gives the
 * executions and file accesses tot's own trace of the same command gives. Differences by
 * design: FDs (a log does not show the fds a command inherits), and Start/End/Pid.
 */
class StraceImportTest {
    @TempDir
    Path dir;

    private void fixture() throws Exception {
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) if (!f.getFileName().toString().startsWith("out")) deleteTree(f);
        }
        Files.writeString(dir.resolve("a"), "a\n");
    }

    private static void deleteTree(Path p) throws Exception {
        if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            try (var files = Files.list(p)) {
                for (Path f : files.toList()) deleteTree(f);
            }
        }
        Files.delete(p);
    }

    /** git's temporary files have random names (objects, and the probe `git init` makes in .git). */
    private static TreeSet<String> paths(JsonNode array) {
        TreeSet<String> out = new TreeSet<>();
        for (String p : Result.strings(array)) out.add(p.replaceAll("tmp_obj_\\w+", "tmp_obj_X").replaceAll("/\\.git/t\\w{6}$", "/.git/tX"));
        return out;
    }

    /** Per execution (by its arguments, in ID order): path, parent's arguments, exit, inputs, outputs, deleted. */
    private static Map<String, List<Object>> summary(List<JsonNode> deps) {
        Map<Integer, String> argsById = new TreeMap<>();
        for (JsonNode r : deps) argsById.put(r.get("Cmd").get("ID").asInt(), r.get("Cmd").get("Args").toString());
        Map<String, List<Object>> out = new TreeMap<>();
        for (JsonNode r : deps) {
            JsonNode cmd = r.get("Cmd");
            String key = cmd.get("Args").toString();
            while (out.containsKey(key)) key += "'";
            out.put(key, List.of(cmd.get("Path").asText(), String.valueOf(argsById.get(cmd.get("Parent").asInt())),
                    cmd.has("Exit") ? cmd.get("Exit").asInt() : "-", paths(r.get("Inputs")), paths(r.get("Outputs")),
                    paths(r.get("Deleted"))));
        }
        return out;
    }

    private void sameAsTot(String... command) throws Exception {
        sameAsTot(false, command);
    }

    /** {@code perPid}: strace -ff, one file per process (out-strace.log.PID), read as one log. */
    private void sameAsTot(boolean perPid, String... command) throws Exception {
        sameAsTot(List.of(perPid ? "-ff" : "-f", "-o", dir.resolve("out-strace.log").toString()), false, command);
    }

    /**
     * {@code straceOptions} besides {@code -s 65536}; {@code toStderr}: the log is strace's stderr
     * (the command must write nothing there).
     */
    private void sameAsTot(List<String> straceOptions, boolean toStderr, String... command) throws Exception {
        Assumptions.assumeTrue(StraceOracle.available(), "strace is not installed");
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) deleteTree(f); // also an earlier comparison's outputs
        }
        fixture();
        Result tot = TotProcess.log(dir, List.of("--no-db"), command);
        Files.move(dir.resolve("deps.json"), dir.resolve("out-tot.json"));
        fixture();
        List<String> strace = new ArrayList<>(List.of("strace", "-s", "65536"));
        strace.addAll(straceOptions);
        strace.addAll(List.of(command));
        ProcessBuilder pb = new ProcessBuilder(strace).directory(dir.toFile()).redirectInput(new File("/dev/null"))
                .redirectOutput(new File("/dev/null")).redirectError(toStderr ? dir.resolve("out-strace.log").toFile() : new File("/dev/null"));
        pb.environment().put("PWD", dir.toString());
        Process s = TotProcess.finish(pb, 120, "strace");
        assertEquals(tot.status(), s.exitValue(), "same exit status");
        Process d = TotProcess.finish(TotProcess.builder(dir, List.of("deps", "--from", "out-strace.log", "--cwd", dir.toString(),
                "-d", "out-strace.json")).redirectError(dir.resolve("out-err.txt").toFile()), 120, "tot deps");
        assertEquals(0, d.exitValue(), Files.readString(dir.resolve("out-err.txt")));
        List<JsonNode> fromLog = new ArrayList<>();
        TotProcess.JSON.readTree(dir.resolve("out-strace.json").toFile()).forEach(fromLog::add);
        List<JsonNode> traced = new ArrayList<>();
        TotProcess.JSON.readTree(dir.resolve("out-tot.json").toFile()).forEach(traced::add);
        assertEquals(summary(traced), summary(fromLog), "executions and accesses: tot's trace vs the strace log");

        Process i = TotProcess.finish(TotProcess.builder(dir, List.of("import", "--db", "out.db", "--cwd", dir.toString(),
                "out-strace.log")).redirectError(dir.resolve("out-err.txt").toFile()), 120, "tot import");
        assertEquals(0, i.exitValue(), Files.readString(dir.resolve("out-err.txt")));
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("out.db"));
             ResultSet rs = c.createStatement().executeQuery("SELECT (SELECT count(*) FROM executions), (SELECT count(*) FROM syscalls),"
                     + " (SELECT source FROM runs)")) {
            assertEquals(fromLog.size(), rs.getInt(1));
            assertTrue(rs.getInt(2) > 0, "the log's calls are stored");
            assertEquals("strace", rs.getString(3));
        }
    }

    /** Every real log in testdata/strace replays and imports; a bad line fails the import, or is skipped with --skip-bad. */
    @Test
    void realLogsImportAndBadLinesAreNamed() throws Exception {
        List<String> logs = new ArrayList<>();
        try (var files = Files.list(Path.of("testdata/strace"))) {
            files.filter(f -> f.toString().endsWith(".log")).sorted().forEach(f -> logs.add(f.toAbsolutePath().toString()));
        }
        assertTrue(logs.size() >= 10, logs.toString());
        List<String> args = new ArrayList<>(List.of("import", "--db", "out-all.db"));
        args.addAll(logs);
        Process p = TotProcess.finish(TotProcess.builder(dir, args).redirectError(dir.resolve("out-err.txt").toFile()), 120, "tot import");
        assertEquals(0, p.exitValue(), Files.readString(dir.resolve("out-err.txt")));

        Path bad = dir.resolve("out-bad.log");
        Files.writeString(bad, "100 openat(AT_FDCWD, \"/etc/hostname\", O_RDONLY) = 3\n100 this is not strace\n100 close(3) = 0\n"
                + "100 +++ exited with 0 +++\n");
        p = TotProcess.finish(TotProcess.builder(dir, List.of("import", "--db", "out-bad.db", bad.toString()))
                .redirectError(dir.resolve("out-err.txt").toFile()), 120, "tot import");
        assertEquals(2, p.exitValue());
        String err = Files.readString(dir.resolve("out-err.txt"));
        assertTrue(err.startsWith("tot: " + bad + ":2: "), err);
        p = TotProcess.finish(TotProcess.builder(dir, List.of("import", "--skip-bad", "--db", "out-bad.db", bad.toString()))
                .redirectError(dir.resolve("out-err.txt").toFile()), 120, "tot import");
        assertEquals(0, p.exitValue(), Files.readString(dir.resolve("out-err.txt")));
        assertTrue(Files.readString(dir.resolve("out-err.txt")).contains("skipped 1 unparsable strace line(s)"), Files.readString(dir.resolve("out-err.txt")));
    }

    @Test
    void fptraceReadmeExample() throws Exception {
        sameAsTot("sh", "-c", "echo a > a; cat a | tee b; exec test -d a");
    }

    /**
     * strace without -o: the shell's lines have no pid until it forks, and its later writes (b,
     * after cat ended) come without one again; the log is still one process per process.
     */
    @Test
    void straceWritingToStderr() throws Exception {
        String script = "echo a > a; cat a > c; echo b > b; cat a | tee d > /dev/null";
        sameAsTot(List.of("-f"), true, "sh", "-c", script);
        sameAsTot(List.of("-f", "-Y", "-i", "-n", "-tt", "-T"), true, "sh", "-c", script);
    }

    @Test
    void perProcessFilesOfStraceFf() throws Exception {
        sameAsTot(true, "sh", "-c", "echo a > a; cat a | tee b; exec test -d a");
    }

    @Test
    void filesMovedLinkedAndRemoved() throws Exception {
        sameAsTot("sh", "-c", "mkdir -p d && cp a d/a2 && mv d/a2 d/a3 && ln -s a l && cat l d/a3 > c; rm d/a3; cd d && touch ../e");
    }

    /**
     * Threads share the cwd and the fd table (clone's CLONE_FS, CLONE_FILES in the log): a thread
     * chdirs and opens, the main thread then reads and writes through what the thread did.
     */
    @Test
    void threadsShareTheirProcessesCwdAndFds() throws Exception {
        Files.createDirectories(dir.resolve("sub"));
        Files.writeString(dir.resolve("sub/in"), "x");
        sameAsTot(TracingTest.PYTHON, "-c", """
                import os, threading
                fds = []
                def work():
                    os.chdir('sub')
                    fds.append(os.open('in', os.O_RDONLY))
                t = threading.Thread(target=work); t.start(); t.join()
                os.read(fds[0], 1)
                open('out', 'w').write(os.readlink('/proc/self/fd/%d' % fds[0]))
                """);
    }

    /**
     * Directories opened without O_DIRECTORY are no inputs, also once removed: Python's
     * shutil.rmtree opens each one so; a log shows them made (mkdir) before.
     */
    @Test
    void directoriesMadeReadAndRemoved() throws Exception {
        sameAsTot(TracingTest.PYTHON, "-c", "import os, shutil; os.makedirs('t/a/b'); open('t/a/b/f', 'w').write('x');"
                + " shutil.rmtree('t'); os.close(os.open('.', os.O_RDONLY)); open('out', 'w').write('done')");
        for (String file : List.of("out-tot.json", "out-strace.json")) {
            List<String> inputs = new ArrayList<>();
            TotProcess.JSON.readTree(dir.resolve(file).toFile()).forEach(x -> inputs.addAll(Result.strings(x.get("Inputs"))));
            assertEquals(List.of(), inputs.stream().filter(p -> p.startsWith(dir.toString())).toList(), file);
        }
    }

    /** bash's process substitution: cat opens /dev/fd/63, which both record as the pipe behind it. */
    @Test
    void processSubstitutionThroughDevFd() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "bash is not installed");
        sameAsTot("bash", "-c", "cat <(cat a) <(echo b) > c; cat /dev/stdin < a > d");
    }

    /** git renames its lock files (rename without flags) and removes temp objects. */
    @Test
    void gitCommit() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/git")), "git is not installed");
        // touch -d: a file as new as git's index is read again by `git commit` ("racy git"), at the whim of timing
        sameAsTot("sh", "-c", "git init -q r && cd r && cp ../a . && touch -d 2001-01-01 a && git add a && GIT_AUTHOR_DATE='2026-01-01T00:00:00Z'"
                + " GIT_COMMITTER_DATE='2026-01-01T00:00:00Z' git -c user.email=t@t -c user.name=t -c commit.gpgsign=false"
                + " -c maintenance.auto=false commit -qm m && git log --oneline > ../log");
    }

    @Test
    void pythonSubprocess() throws Exception {
        sameAsTot(TracingTest.PYTHON, "-c", "import subprocess; subprocess.run(['cat', 'a'], stdout=subprocess.DEVNULL);"
                + " open('c', 'w').write('x'); subprocess.run('exec sh -c \"cat c >> a\"', shell=True)");
    }
}
