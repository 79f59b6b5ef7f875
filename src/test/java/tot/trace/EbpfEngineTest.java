package tot.trace;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tot.trace.TotProcess.Result;

/**
 * `tot log --engine ebpf|auto`: what it refuses and why, what it reports of what it could not
 * record, and its events. EbpfFidelityTest compares its records with ptrace's.
 */
class EbpfEngineTest {
    @TempDir
    Path dir;
    String root;

    @BeforeEach
    void realPath() throws Exception {
        root = dir.toRealPath().toString();
    }

    /** Skips the test, saying why, where the eBPF engine cannot run (not root, no BTF, a tot built without clang). */
    static void assumeEbpf() {
        String why = EbpfSupport.unavailable();
        Assumptions.assumeTrue(why == null, () -> "the eBPF engine cannot run here: " + why);
    }

    /**
     * The command (tot's child) calls PTRACE_TRACEME: tot's spawning thread became its tracer and
     * the exec after it stopped for that thread; tot lets it go on, with a warning (it hung).
     */
    @Test
    void aCommandThatMakesTotItsTracerIsLetGo() throws Exception {
        assumeEbpf();
        Result r = TotProcess.log(dir, List.of("--engine", "ebpf", "--no-db"), TracingTest.PYTHON, "-c",
                "import ctypes, os\nprint(ctypes.CDLL(None).ptrace(0, 0, 0, 0), flush=True)\nos.execv('/bin/echo', ['echo', 'ran'])\n");
        assertEquals(0, r.status(), r.stderr());
        assertEquals(List.of("0", "ran"), Files.readAllLines(dir.resolve("stdout.txt")));
        assertTrue(r.stderr().contains("called ptrace(PTRACE_TRACEME), which made tot, its parent, its tracer: tot let it go"),
                r.stderr());
    }

    /**
     * An argv between 64 and 128 KiB is recorded whole (its length overflowed a 16-bit field:
     * silently cut); a longer one keeps what a record holds, with the warning on its own
     * execution (it was on the parent's).
     */
    @Test
    void longArgvsAreWholeOrCutWithAWarningOnTheirExecution() throws Exception {
        assumeEbpf();
        Result r = TotProcess.log(dir, List.of("--engine", "ebpf", "--no-db"), TracingTest.PYTHON, "-c",
                "import subprocess\nsubprocess.run(['/bin/echo'] + ['xx'] * 40000, stdout=subprocess.DEVNULL)\n"
                        + "subprocess.run(['/bin/true'] + ['x'] * 100000)\n");
        assertEquals(0, r.status(), r.stderr());
        JsonNode echo = r.deps().stream().filter(x -> x.get("Cmd").get("Path").asText().equals("/bin/echo")).findFirst().orElseThrow();
        assertEquals(40001, echo.get("Cmd").get("Args").size());
        assertNull(echo.get("Warnings"));
        JsonNode cut = r.deps().stream().filter(x -> x.get("Cmd").get("Path").asText().equals("/bin/true")).findFirst().orElseThrow();
        assertTrue(cut.get("Cmd").get("Args").size() > 60000, "what the record held");
        assertEquals("[\"" + tot.model.Execution.ARGV_CUT + "\"]", cut.get("Warnings").toString());
        JsonNode python = r.deps().stream().filter(x -> x.get("Cmd").get("Parent").asInt() == 0).findFirst().orElseThrow();
        assertNull(python.get("Warnings"), "not the parent's");
    }

    /**
     * An environment cut at the record's end inside a URL's password (`https://user:SECRETPW…`,
     * its '@' cut off, so it no longer looked secret) was stored as it was in deps.json, the events,
     * tot.db and the scripts: the cut entry is redacted everywhere, and the warning says so.
     */
    @Test
    void aVariableCutByTheRecordsEndIsRedacted() throws Exception {
        assumeEbpf();
        Files.writeString(dir.resolve("cut.py"), """
                import os
                env = {'PATH': '/usr/bin:/bin', 'FILL': 'x' * 131000, 'PROXY': 'https://user:' + 'SECRETPW' * 50 + '@proxy.example:8080/'}
                os.execve('/usr/bin/true', ['true'], env)
                """);
        Result r = TotProcess.log(dir, List.of("--engine", "ebpf", "--db", "t.db", "-o", "ev.jsonl", "-s", "s", "-e"),
                TracingTest.PYTHON, "cut.py");
        assertEquals(0, r.status(), r.stderr());
        assertTrue(r.stderr().contains("true: its environment is longer than an eBPF record holds: recorded cut short, "
                + "its last variable, cut mid-way, as tot:redacted"), r.stderr());
        JsonNode t = r.deps().stream().filter(x -> x.get("Cmd").get("Path").asText().equals("/usr/bin/true")).findFirst().orElseThrow();
        String env = t.get("Cmd").get("Env").toString();
        assertTrue(env.endsWith(",\"PROXY=tot:redacted\"]"), env.substring(env.length() - 100));
        try (var files = Files.list(dir.resolve("s"))) {
            for (Path f : java.util.stream.Stream.concat(files, java.util.stream.Stream.of(dir.resolve("deps.json"),
                    dir.resolve("ev.jsonl"), dir.resolve("t.db"))).toList()) {
                assertFalse(new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1).contains("SECRETPW"),
                        "the cut password in " + f);
            }
        }
    }

    /**
     * An argv cut at the record's end (its last argument cut mid-way) made a launcher script that
     * ran another command (`rm -rf …/data/build` replayed as `rm -rf …/data`) and a pasteable line
     * in tot show: the script refuses to run and tot show's line is a comment.
     */
    @Test
    void aCutArgvIsNotReplayed() throws Exception {
        assumeEbpf();
        Path data = Files.createDirectories(dir.resolve("data/build"));
        Files.writeString(dir.resolve("data/keep.txt"), "precious");
        Files.writeString(dir.resolve("run.py"), """
                import os, sys
                keep = os.getcwd() + '/data'; target = keep + '/build'
                want = 131072 - len(keep)
                args = ['rm', '-rf']; used = sum(len(a) + 1 for a in args)
                while want - used > 201:
                    args.append('x' * 200); used += 201
                args.append('y' * (want - used - 1)); args.append(target)
                os.execv('/bin/rm', args)
                """);
        Result r = TotProcess.log(dir, List.of("--engine", "ebpf", "--db", "t.db", "-s", "s"), TracingTest.PYTHON, "run.py");
        assertEquals(0, r.status(), r.stderr());
        assertFalse(Files.exists(data), "the traced rm ran");
        JsonNode rm = r.deps().stream().filter(x -> x.get("Cmd").get("Path").asText().equals("/bin/rm")).findFirst().orElseThrow();
        assertEquals(dir + "/data", rm.get("Cmd").get("Args").get(rm.get("Cmd").get("Args").size() - 1).asText(), "cut after data");
        assertEquals("[\"" + tot.model.Execution.ARGV_CUT + "\"]", rm.get("Warnings").toString());
        Path script;
        try (var files = Files.list(dir.resolve("s"))) {
            script = files.filter(f -> f.getFileName().toString().endsWith("-rm")).findFirst().orElseThrow();
        }
        Process replay = TotProcess.finish(new ProcessBuilder("bash", script.toString()).directory(dir.toFile())
                .redirectError(dir.resolve("err.txt").toFile()), 60, "the script");
        assertEquals(2, replay.exitValue());
        assertTrue(Files.readString(dir.resolve("err.txt")).contains("not run: the argv tot recorded for this step was cut short"),
                Files.readString(dir.resolve("err.txt")));
        assertTrue(Files.exists(dir.resolve("data/keep.txt")), "the script did not run rm -rf data");
        Process show = TotProcess.finish(TotProcess.builder(dir, List.of("show", "--db", "t.db"))
                .redirectOutput(dir.resolve("show.txt").toFile()).redirectError(dir.resolve("err.txt").toFile()), 60, "tot show");
        assertEquals(0, show.exitValue(), Files.readString(dir.resolve("err.txt")));
        String rmLine = Files.readAllLines(dir.resolve("show.txt")).stream().filter(l -> l.contains("/bin/rm")).findFirst().orElseThrow();
        assertTrue(rmLine.matches(".* # argv cut short: /bin/rm -rf x.*"), rmLine.substring(0, 80));
    }

    /** As with ptrace: a command started by tot as a background job ignores SIGINT and SIGQUIT like tot was given them. */
    @Test
    void theCommandGetsTheSignalDispositionsTotWasGiven() throws Exception {
        assumeEbpf();
        TracingTest.assertGivenDispositionsReachTheCommand(dir, List.of("--engine", "ebpf"));
    }

    @Test
    void unknownEngineAndUndeleteAreRefused() throws Exception {
        Result r = TotProcess.log(dir, List.of("--engine", "dtrace"), "true");
        assertNotEquals(0, r.status());
        assertTrue(r.stderr().contains("--engine is ptrace, ebpf or auto, not dtrace"), r.stderr());
        r = TotProcess.log(dir, List.of("--engine", "ebpf", "-u"), "true");
        assertNotEquals(0, r.status());
        assertTrue(r.stderr().contains("-u needs the ptrace engine"), r.stderr());
    }

    /**
     * Without the capabilities (uid 0 with an empty bounding set: what a container without
     * CAP_BPF looks like) --engine ebpf exits 1 naming the cause; auto says so in one line and
     * traces with ptrace.
     */
    @Test
    void withoutCapabilitiesEbpfRefusesAndAutoFallsBack() throws Exception {
        Assumptions.assumeTrue(EbpfSupport.built(), "tot was built without clang");
        Assumptions.assumeTrue(OracleSuiteTest.onPath("setpriv"), "setpriv is not installed");
        Assumptions.assumeTrue(ProcessHandle.current().info().user().orElse("").equals("root"), "needs root to drop capabilities");
        Files.writeString(dir.resolve("in.txt"), "x\n");
        Result refused = unprivileged(List.of("--engine", "ebpf"), "cat", "in.txt");
        assertEquals(1, refused.status(), refused.stderr());
        assertEquals("tot: the eBPF engine cannot run here: it needs root (CAP_BPF and CAP_PERFMON, or CAP_SYS_ADMIN)",
                refused.stderr().strip());
        Result auto = unprivileged(List.of("--engine", "auto"), "cat", "in.txt");
        assertEquals(0, auto.status(), auto.stderr());
        assertEquals("tot: tracing with ptrace: the eBPF engine cannot run here: it needs root (CAP_BPF and CAP_PERFMON, "
                + "or CAP_SYS_ADMIN)", auto.stderr().lines().filter(l -> l.startsWith("tot:")).findFirst().orElse(""));
        assertTrue(TotProcess.Result.strings(auto.deps().get(0).get("Inputs")).contains(root + "/in.txt"), auto.deps().toString());
    }

    private Result unprivileged(List<String> options, String... command) throws Exception {
        List<String> args = new ArrayList<>(List.of("log", "-d", "deps.json", "--no-db"));
        args.addAll(options);
        args.add("--");
        args.addAll(List.of(command));
        ProcessBuilder tot = TotProcess.builder(dir, args);
        List<String> cmd = new ArrayList<>(List.of("setpriv", "--bounding-set", "-all", "--inh-caps", "-all", "--"));
        cmd.addAll(tot.command());
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectInput(new File("/dev/null"))
                .redirectOutput(dir.resolve("stdout.txt").toFile()).redirectError(dir.resolve("stderr.txt").toFile());
        Files.deleteIfExists(dir.resolve("deps.json"));
        return TotProcess.read(dir, TotProcess.finish(pb, 120, "tot").exitValue());
    }

    @Test
    void autoSaysItTracesWithEbpf() throws Exception {
        assumeEbpf();
        Result r = TotProcess.log(dir, List.of("--engine", "auto", "--no-db"), "true");
        assertEquals(0, r.status(), r.stderr());
        assertEquals("tot: tracing with eBPF", r.stderr().strip());
    }

    /**
     * A ring buffer too small for an exec record (TOT_EBPF_RING_KB=16): what could not be sent
     * is counted and said, on the executions and at the end, never silently missing.
     */
    @Test
    void lostRecordsAreReported() throws Exception {
        assumeEbpf();
        ProcessBuilder pb = TotProcess.builder(dir, List.of("log", "-d", "deps.json", "--no-db", "--engine", "ebpf", "--",
                "sh", "-c", "for i in 1 2 3; do cat /etc/hostname; done"))
                .redirectOutput(dir.resolve("stdout.txt").toFile()).redirectError(dir.resolve("stderr.txt").toFile())
                .redirectInput(new File("/dev/null"));
        pb.environment().put("TOT_EBPF_RING_KB", "64"); // an exec record (~21 KiB) fits, and little else
        Result r = TotProcess.read(dir, TotProcess.finish(pb, 120, "tot").exitValue());
        assertEquals(0, r.status(), r.stderr());
        // on an execution: its process's count of lost events, or, when its exit record (which carries
        // that count) was lost too, that its exit was not recorded: which, depends on the records' sizes
        assertTrue(r.stderr().lines().anyMatch(l -> l.matches("tot: warning: .*(eBPF events of this process were lost"
                + "|its exit was not recorded \\(eBPF events were lost\\)).*")), r.stderr());
        assertTrue(r.stderr().lines().anyMatch(l -> l.matches("tot: warning: [0-9]+ eBPF events were lost in all .*")), r.stderr());
    }

    /**
     * The command's exit record lost with its children's (a 4 KiB ring, 100 forks as it exits):
     * tot's status is still the command's, which the kernel gives tot as its parent (it was 0,
     * as if the command had succeeded).
     */
    @Test
    void aLostExitRecordIsNotASuccess() throws Exception {
        assumeEbpf();
        for (String end : List.of("exit 7", "kill -TERM $$")) {
            ProcessBuilder pb = TotProcess.builder(dir, List.of("log", "--no-db", "--engine", "ebpf", "--",
                    "sh", "-c", "for i in $(seq 100); do : & done; " + end))
                    .redirectOutput(dir.resolve("stdout.txt").toFile()).redirectError(dir.resolve("stderr.txt").toFile())
                    .redirectInput(new File("/dev/null"));
            pb.environment().put("TOT_EBPF_RING_KB", "4");
            Result r = TotProcess.read(dir, TotProcess.finish(pb, 120, "tot").exitValue());
            assertTrue(r.stderr().contains("eBPF events were lost"), r.stderr()); // the case at hand
            assertEquals(end.startsWith("exit") ? 7 : 128 + 15, r.status(), r.stderr());
        }
    }

    /** SIGINT to tot alone (not from a terminal): passed on, the shell's trap runs, deps.json is written. */
    @Test
    void sigintToTotReachesTheCommand() throws Exception {
        assumeEbpf();
        Process p = TotProcess.builder(dir, List.of("log", "-d", "deps.json", "--no-db", "--engine", "ebpf", "--",
                TracingTest.PYTHON, "-c", TracingTest.SH_WITH_SIGINT, // reset: Maven may run with SIGINT ignored, which sh could not trap
                "trap 'echo trapped > trapped.txt; exit 3' INT; echo ready > ready.txt; while :; do sleep 0.1; done"))
                .redirectError(dir.resolve("stderr.txt").toFile()).redirectInput(new File("/dev/null")).start();
        for (int i = 0; i < 200 && !Files.exists(dir.resolve("ready.txt")); i++) Thread.sleep(50);
        assertTrue(Files.exists(dir.resolve("ready.txt")), "the command did not start");
        new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
        assertTrue(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "tot did not finish after SIGINT");
        Result r = TotProcess.read(dir, p.exitValue());
        assertEquals(3, r.status(), r.stderr());
        assertTrue(Files.exists(dir.resolve("trapped.txt")));
    }

    /**
     * A SIGKILL of tot (a CI system cancelling its job) ends the command's process group too,
     * as the kernel's PTRACE_O_EXITKILL does under ptrace: nothing runs on untraced, also after
     * the command's first process has exited (a zombie until the trace ends, it keeps the group's
     * number from being another's). A trace that ends leaves no watchdog behind.
     */
    @Test
    void aSigkillOfTotEndsTheCommandsGroup() throws Exception {
        assumeEbpf();
        String mark = "TOT_TEST_RUN=" + System.nanoTime(); // this test's watchdogs, not another tot's on the machine
        ProcessBuilder pb = TotProcess.builder(dir, List.of("log", "-d", "deps.json", "--no-db", "--engine", "ebpf", "--", "sh", "-c",
                "sleep 60 & echo $! > sleeper"))
                .redirectError(dir.resolve("stderr.txt").toFile()).redirectInput(new File("/dev/null"));
        pb.environment().put("TOT_TEST_RUN", mark.substring(mark.indexOf('=') + 1));
        Process p = pb.start();
        Path sleeper = dir.resolve("sleeper");
        for (int i = 0; i < 200 && !(Files.exists(sleeper) && !Files.readString(sleeper).isBlank()); i++) Thread.sleep(50);
        int pid = Integer.parseInt(Files.readString(sleeper).strip());
        String started = startTime(pid); // pid_max may be 32768: a new process may get the number later
        assertTrue(running(pid, started), "the command's child runs");
        p.destroyForcibly(); // SIGKILL
        assertTrue(p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS));
        for (int i = 0; i < 100 && running(pid, started); i++) Thread.sleep(50);
        assertFalse(running(pid, started), "the command's child outlived tot's SIGKILL; tot's stderr: "
                + Files.readString(dir.resolve("stderr.txt")) + "; its watchdogs: " + watchdogs(mark));

        pb = TotProcess.builder(dir, List.of("log", "-d", "deps.json", "--no-db", "--engine", "ebpf", "--", "true"))
                .redirectError(dir.resolve("stderr.txt").toFile()).redirectInput(new File("/dev/null"));
        pb.environment().put("TOT_TEST_RUN", mark.substring(mark.indexOf('=') + 1) + "b");
        Process again = TotProcess.finish(pb, 120, "tot");
        assertEquals(0, again.exitValue(), Files.readString(dir.resolve("stderr.txt")));
        assertEquals(List.of(), watchdogs(mark + "b"), "a watchdog was left behind");
    }

    /** The pids of the watchdogs running now (by their $0: a zombie's cmdline is empty) whose environment has {@code mark}. */
    private static List<String> watchdogs(String mark) throws java.io.IOException {
        try (var procs = Files.list(Path.of("/proc"))) {
            return procs.filter(d -> d.getFileName().toString().matches("[0-9]+") && cmdline(d).contains("tot-watchdog\0")
                    && read(d.resolve("environ")).contains("\0" + mark + "\0")).map(d -> d.getFileName().toString()).toList();
        }
    }

    /** Whether process {@code pid}, started at {@code started} ({@link #startTime}), exists and is not a zombie. */
    private static boolean running(int pid, String started) {
        String[] stat = ProcFs.stat(Integer.toString(pid));
        return stat != null && !stat[0].equals("Z") && stat[19].equals(started);
    }

    /** /proc/PID/stat's starttime (field 22), or null when the process is gone. */
    private static String startTime(int pid) {
        String[] stat = ProcFs.stat(Integer.toString(pid));
        return stat == null ? null : stat[19];
    }

    private static String cmdline(Path proc) {
        return read(proc.resolve("cmdline"));
    }

    /** A /proc file's bytes as text ("" when it cannot be read), NUL-terminated entries preceded by a NUL. */
    private static String read(Path file) {
        try {
            return "\0" + Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1);
        } catch (java.io.IOException e) {
            return "";
        }
    }

    /**
     * int $0x80 from a 64-bit program: i386 calls decoded, socketcall and ipc as the calls they
     * stand for; an unknown number said, never passed silently; an x32 call refused by tot's guard (ENOSYS), said.
     */
    @Test
    void i386CallsAndWhatTotCannotDecode() throws Exception {
        assumeEbpf();
        Path probe = CProbe.build("int80", dir.resolve("bin"), List.of("-no-pie"));
        Files.writeString(dir.resolve("int80.gone"), "kept\n");
        Result r = TotProcess.log(dir, List.of("--engine", "ebpf", "--no-db", "-t", FileOperationsTest.INT80_CALLS, "-o",
                "events.jsonl"), probe.toString());
        assertEquals(0, r.status(), r.stderr());
        assertTrue(Files.readString(dir.resolve("stdout.txt")).strip().endsWith(" x32 -1 errno 38"), "x32 unlink failed with ENOSYS");
        FileOperationsTest.assertMultiplexedCallsUnwrapped(TotProcess.events(dir.resolve("events.jsonl")));
        JsonNode x = r.deps().get(0);
        assertEquals(List.of(root + "/int80.out"), TotProcess.Result.strings(x.get("Outputs")));
        assertEquals(List.of(root + "/int80.gone"), TotProcess.Result.strings(x.get("Deleted")));
        assertEquals(List.of("i386 syscall 1000 is unknown to tot: what it did is not recorded",
                "refused x32 syscall unlink (ENOSYS): tot does not decode the x32 ABI"),
                TotProcess.Result.strings(x.get("Warnings")));
    }

    /** A script without #!: posix_spawn refuses it (ENOEXEC), so /bin/sh runs it, as a shell's exec (and ptrace's stopper) does. */
    @Test
    void aScriptWithoutInterpreterLineRunsUnderSh() throws Exception {
        assumeEbpf();
        Path script = dir.resolve("plain");
        Files.writeString(script, "echo hi > plain.out\n");
        script.toFile().setExecutable(true);
        Result r = TotProcess.log(dir, List.of("--engine", "ebpf", "--no-db"), "./plain");
        assertEquals(0, r.status(), r.stderr());
        JsonNode sh = r.deps().get(0);
        assertEquals(List.of("/bin/sh", "./plain"), TotProcess.Result.strings(sh.get("Cmd").get("Args")), "as dash runs it");
        assertEquals(List.of(root + "/plain.out"), TotProcess.Result.strings(sh.get("Outputs")));
    }

    @Test
    void syscallEventsWithTheirPathsAndResults() throws Exception {
        assumeEbpf();
        Files.writeString(dir.resolve("in.txt"), "x\n");
        Result r = TotProcess.log(dir, List.of("--engine", "ebpf", "--no-db", "-t", "openat,close,mkdir,rename,renameat,renameat2", "-o", "events.jsonl"),
                "sh", "-c", "cat in.txt > out.txt; mkdir d; mv out.txt d/moved; cat missing 2>/dev/null; true");
        assertEquals(0, r.status(), r.stderr());
        List<JsonNode> events = TotProcess.events(dir.resolve("events.jsonl"));
        assertTrue(events.stream().anyMatch(e -> "openat".equals(e.path("name").asText())
                && TotProcess.Result.strings(e.get("paths")).equals(List.of(root + "/in.txt")) && e.get("ret").asInt() >= 3), "openat of in.txt");
        assertTrue(events.stream().anyMatch(e -> "openat".equals(e.path("name").asText())
                && TotProcess.Result.strings(e.get("paths")).equals(List.of(root + "/missing")) && "ENOENT".equals(e.path("err").asText())));
        assertTrue(events.stream().anyMatch(e -> "mkdir".equals(e.path("name").asText())
                && TotProcess.Result.strings(e.get("paths")).equals(List.of(root + "/d"))));
        assertTrue(events.stream().anyMatch(e -> e.path("name").asText().startsWith("rename")
                && TotProcess.Result.strings(e.get("paths")).equals(List.of(root + "/out.txt", root + "/d/moved"))), "mv's rename");
        assertTrue(events.stream().anyMatch(e -> "close".equals(e.path("name").asText())));
    }

    /**
     * The eBPF engine hashes an input after the fact: one that was replaced (renamed over) or
     * rewritten in place (O_RDWR) right after the read is left unhashed, not given the new
     * content's sha1 (the kernel side stamps each opened file with its size and ctime); one left
     * alone keeps its sha1. The ptrace engine hashes such a file before the change.
     */
    @Test
    void anInputChangedRightAfterItsReadIsLeftUnhashedNotMisHashed() throws Exception {
        assumeEbpf();
        String script = "cat replaced.txt kept.txt > /dev/null; echo 'version two, longer' > new.txt; mv new.txt replaced.txt\n"
                + "exec 3<>rw.txt; read -r line <&3; echo appended >&3; exec 3>&-\n";
        for (String engine : List.of("ebpf", "ptrace")) {
            Files.writeString(dir.resolve("replaced.txt"), "version one\n");
            Files.writeString(dir.resolve("kept.txt"), "kept\n");
            Files.writeString(dir.resolve("rw.txt"), "first line\n");
            Result r = TotProcess.log(dir, List.of("--engine", engine, "--db", engine + ".db"), "bash", "-c", script);
            assertEquals(0, r.status(), r.stderr());
            try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(engine + ".db"));
                 var st = c.prepareStatement("SELECT c.sha1 FROM accesses a JOIN paths p ON p.id = a.path LEFT JOIN contents c ON c.id = a.content"
                         + " WHERE p.path = ? AND a.kind = 'read' ORDER BY a.id LIMIT 1")) {
                java.util.function.Function<String, String> sha1 = name -> {
                    try {
                        st.setString(1, root + "/" + name);
                        try (var rs = st.executeQuery()) {
                            assertTrue(rs.next(), engine + ": no read of " + name);
                            return rs.getString(1);
                        }
                    } catch (java.sql.SQLException e) {
                        throw new AssertionError(e);
                    }
                };
                assertEquals(sha1("kept\n"), sha1.apply("kept.txt"), engine + ": a file left alone");
                if (engine.equals("ebpf")) {
                    assertNull(sha1.apply("replaced.txt"), "renamed over after the read: unhashed, not the new content's sha1");
                    assertNull(sha1.apply("rw.txt"), "written through the read's own fd: unhashed");
                } else {
                    assertEquals(sha1("version one\n"), sha1.apply("replaced.txt"), "ptrace hashes before the rename");
                    assertEquals(sha1("first line\n"), sha1.apply("rw.txt"), "ptrace hashes at the open");
                }
            }
        }
    }

    private static String sha1(String text) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-1")
                .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
}
