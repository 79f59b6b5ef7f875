package tot.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tot.linux.Linux;
import tot.linux.Signals;
import tot.trace.TotProcess.Result;

/**
 * The command runs in a process group of its own: what it sends to its group does not reach
 * tot, and tot does for it what a shell does for a job on a terminal (tot is run as a session
 * of its own here, so that no group is the test's).
 */
class JobControlTest {
    @TempDir
    Path dir;

    /**
     * {@code kill -KILL 0} ends the command's group, not tot; a kill of tot's group by name, and
     * joining it, are refused.
     */
    @ParameterizedTest
    @ValueSource(strings = {"ptrace", "ebpf"})
    void aKillOfTheCommandsGroupLeavesTotToWriteTheRecord(String engine) throws Exception {
        if (engine.equals("ebpf")) EbpfEngineTest.assumeEbpf();
        String script = """
                import os, signal
                open('before', 'w').close()
                try:
                    os.kill(-os.getpgid(os.getppid()), signal.SIGKILL)
                except PermissionError:
                    open('refused', 'w').close()
                try:
                    os.setpgid(0, os.getpgid(os.getppid()))
                except PermissionError:
                    open('not-joined', 'w').close()
                os.kill(0, signal.SIGKILL)
                open('never', 'w').close()
                """;
        long started = System.nanoTime();
        Process tot = start(engine, TracingTest.PYTHON, "-c", script);
        assertTrue(tot.waitFor(120, java.util.concurrent.TimeUnit.SECONDS), "tot did not finish");
        Result r = TotProcess.read(dir, tot.exitValue());
        assertEquals(128 + 9, r.status(), () -> "after " + (System.nanoTime() - started) / 1_000_000 + " ms; stderr: " + r.stderr()
                + "; stdout: " + readOrNone(dir.resolve("stdout.txt")) + "; files: " + java.util.Arrays.toString(dir.toFile().list())
                + "; deps: " + r.deps()); // the command's status: killed by SIGKILL
        Path real = dir.toRealPath();
        assertEquals(List.of(real.resolve("before").toString(), real.resolve("refused").toString(),
                real.resolve("not-joined").toString()), Result.strings(r.deps().get(0).get("Outputs")));
        List<String> warnings = Result.strings(r.deps().get(0).get("Warnings"));
        assertTrue(warnings.contains("refused kill aimed at tot itself (EPERM)"), warnings.toString());
        assertTrue(warnings.contains("refused setpgid aimed at tot itself (EPERM)"), warnings.toString());
    }

    /**
     * {@code kill -STOP 0} stops the command's group, not tot (with no terminal nothing is
     * mirrored): tot runs on, and finishes once someone continues the group.
     */
    @ParameterizedTest
    @ValueSource(strings = {"ptrace", "ebpf"})
    void aStopOfTheCommandsGroupLeavesTotRunning(String engine) throws Exception {
        if (engine.equals("ebpf")) EbpfEngineTest.assumeEbpf();
        Process tot = start(engine, "sh", "-c", "echo x > out; kill -STOP 0; echo resumed > after");
        try {
            long totPid = jvm(tot.toHandle()).pid();
            ProcessHandle command = waitForStoppedChild(totPid);
            assertNotEquals("T", ProcFs.stat(Long.toString(totPid))[0], "tot was stopped with the command");
            for (int i = 0; i < 600 && !tot.waitFor(200, java.util.concurrent.TimeUnit.MILLISECONDS); i++) {
                // again until it ends: a SIGCONT that came before the stop (seen at a ptrace stop) is no answer to it
                Signals.kill((int) -command.pid(), Linux.SIGCONT);
            }
            assertTrue(!tot.isAlive(), "tot did not finish");
        } finally { // a stopped tot (the failure) is not left behind
            tot.descendants().forEach(ProcessHandle::destroyForcibly);
            tot.destroyForcibly();
        }
        Result r = TotProcess.read(dir, tot.exitValue());
        assertEquals(0, r.status(), r.stderr());
        assertEquals("resumed", Files.readString(dir.resolve("after")).strip());
        assertEquals(2, Result.strings(r.deps().get(0).get("Outputs")).size(), r.deps().toString());
    }

    /**
     * timeout(1) ends a command that stopped itself: it sends SIGTERM and then SIGCONT to its
     * group, tot's, and tot passes both on to the command's group (without the SIGCONT the
     * command never acts on the SIGTERM, and timeout's SIGKILL ends tot with no record).
     */
    @ParameterizedTest
    @ValueSource(strings = {"ptrace", "ebpf"})
    void timeoutEndsAStoppedCommand(String engine) throws Exception {
        if (engine.equals("ebpf")) EbpfEngineTest.assumeEbpf();
        List<String> args = new java.util.ArrayList<>(List.of("log", "--engine", engine, "-d", "deps.json", "--", "sh", "-c",
                "echo x > out; kill -STOP $$"));
        ProcessBuilder pb = TotProcess.builder(dir, args).redirectOutput(dir.resolve("stdout.txt").toFile())
                .redirectError(dir.resolve("stderr.txt").toFile()).redirectInput(new File("/dev/null"));
        pb.command().addAll(0, List.of("setsid", "-w", "timeout", "-k", "60", "3"));
        Process p = TotProcess.finish(pb, 120, "timeout");
        assertEquals(124, p.exitValue(), Files.readString(dir.resolve("stderr.txt")));
        Result r = TotProcess.read(dir, 0);
        assertEquals(List.of(dir.toRealPath().resolve("out").toString()), Result.strings(r.deps().get(0).get("Outputs")));
    }

    /**
     * On a terminal, under an interactive bash: Ctrl-Z stops the job (tot and the command) and
     * gives the prompt back, {@code fg} continues it with the terminal, so lines typed before
     * and after reach the command; Ctrl-C interrupts it (exit 130). Run from a script, the
     * command gets the terminal when it reads it, and a Ctrl-C ends the script (tot ends by the
     * command's SIGINT). testdata/terminal/job_control.py drives the pseudo-terminal.
     */
    @ParameterizedTest
    @ValueSource(strings = {"ptrace", "ebpf"})
    void onATerminalCtrlZFgAndCtrlCWorkAsWithoutTot(String engine) throws Exception {
        if (engine.equals("ebpf")) EbpfEngineTest.assumeEbpf();
        String tot = TotProcess.builder(dir, List.of()).command().stream().map(JobControlTest::quote).collect(Collectors.joining(" "));
        Path driver = Path.of("testdata/terminal/job_control.py").toAbsolutePath();
        ProcessBuilder pb = new ProcessBuilder(TracingTest.PYTHON, driver.toString(), tot, dir.toString(), "--engine " + engine)
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("driver.txt").toFile());
        pb.environment().put("TOT_DB", "tot.db");
        Process p = TotProcess.finish(pb, 240, "the terminal driver");
        String transcript = Files.readString(dir.resolve("driver.txt"));
        assertEquals(0, p.exitValue(), transcript);
        assertEquals("abc\ndef\n", Files.readString(dir.resolve("in.txt")));
        assertTrue(Files.exists(dir.resolve("fg.json")) && Files.exists(dir.resolve("int.json")), transcript);
    }

    /**
     * tot ends by the signal that ended the command (no core file), as strace does, and exits
     * with the status a command that exited chose: a shell tells them apart (python shows -N).
     */
    @ParameterizedTest
    @ValueSource(strings = {"ptrace", "ebpf"})
    void totEndsByTheSignalThatEndedTheCommand(String engine) throws Exception {
        if (engine.equals("ebpf")) EbpfEngineTest.assumeEbpf();
        String tot = TotProcess.builder(dir, List.of()).command().stream().map(JobControlTest::quote).collect(Collectors.joining(" "));
        for (var c : List.of(List.of("kill -TERM $$", "-15"), List.of("kill -SEGV $$", "-11"), List.of("exit 143", "143"))) {
            String script = "import shlex, subprocess, sys\n"
                    + "r = subprocess.run(sys.argv[1] + ' log --engine " + engine + " -d deps.json -- sh -c ' + shlex.quote(sys.argv[2]), shell=True)\n"
                    + "print(r.returncode)\n";
            ProcessBuilder pb = new ProcessBuilder(TracingTest.PYTHON, "-c", script, "exec " + tot, c.get(0)).directory(dir.toFile())
                    .redirectError(dir.resolve("stderr.txt").toFile()).redirectInput(new File("/dev/null"));
            pb.environment().put("TOT_DB", "tot.db");
            Process p = TotProcess.finish(pb, 120, "tot");
            assertEquals(c.get(1), new String(p.getInputStream().readAllBytes()).strip(), c.get(0));
            assertEquals(1, TotProcess.read(dir, 0).deps().size(), c.get(0)); // the record was written first
        }
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().startsWith("core") || f.getFileName().toString().startsWith("hs_err")));
        }
    }

    private static String readOrNone(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            return "(none)";
        }
    }

    private Process start(String engine, String... command) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("log", "--engine", engine, "-d", "deps.json", "--"));
        args.addAll(List.of(command));
        ProcessBuilder pb = TotProcess.builder(dir, args).redirectOutput(dir.resolve("stdout.txt").toFile())
                .redirectError(dir.resolve("stderr.txt").toFile()).redirectInput(new File("/dev/null"));
        pb.command().addAll(0, List.of("setsid", "-w"));
        return pb.start();
    }

    /**
     * tot's JVM: setsid itself, or its child when it had to fork (it was a group leader); waited
     * for, since ./tot is a script that execs java (on a busy machine not yet, right after the start).
     */
    private static ProcessHandle jvm(ProcessHandle setsid) throws InterruptedException {
        for (int i = 0; i < 400; i++) {
            if (isJvm(setsid)) return setsid;
            var child = setsid.children().filter(JobControlTest::isJvm).findFirst();
            if (child.isPresent()) return child.get();
            Thread.sleep(50);
        }
        throw new AssertionError("tot's JVM did not start within 20 s");
    }

    private static boolean isJvm(ProcessHandle p) {
        return p.info().commandLine().orElse("").contains("tot.cli.Main");
    }

    /** The first child of {@code pid} once it stopped (state T; under ptrace t, which a syscall stop shows too: after its file). */
    private ProcessHandle waitForStoppedChild(long pid) throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            if (!Files.exists(dir.resolve("out"))) {
                Thread.sleep(100);
                continue;
            }
            Thread.sleep(300);
            for (ProcessHandle h : ProcessHandle.of(pid).orElseThrow().children().toList()) {
                String[] f = ProcFs.stat(Long.toString(h.pid()));
                if (f != null && (f[0].equals("T") || f[0].equals("t"))) return h;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the command never stopped");
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
