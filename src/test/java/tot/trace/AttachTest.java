package tot.trace;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** `tot attach -p PID`: what a running process does is recorded, and it goes on untraced after tot stops. */
class AttachTest {
    @TempDir
    Path dir;
    private Process target;

    @AfterEach
    void stop() {
        if (target != null) target.destroyForcibly();
    }

    /** python3 SCRIPT: opens /etc/hostname and rewrites DIR/count every 10 ms, forever. */
    private Process start(String body) throws Exception {
        Files.writeString(dir.resolve("t.py"), "import os, sys, time, threading\n" + body);
        target = new ProcessBuilder(TracingTest.PYTHON, dir.resolve("t.py").toString(), dir.toString()).directory(dir.toFile())
                .redirectOutput(new File("/dev/null")).redirectError(new File("/dev/null")).start();
        for (int i = 0; i < 100 && !Files.exists(dir.resolve("count")); i++) Thread.sleep(50);
        return target;
    }

    private static final String LOOP = """
            def loop(name):
                n = 0
                while True:
                    with open("/etc/hostname") as f: f.read()
                    n += 1
                    path = os.path.join(sys.argv[1], name)
                    with open(path + ".tmp", "w") as f: f.write(str(n))
                    os.replace(path + ".tmp", path)  # never seen half-written
                    time.sleep(0.01)
            """;

    private Process attach(long pid, String... extra) throws Exception {
        return attachUntil(pid, events -> true, extra);
    }

    /**
     * {@link #attach}, staying attached past its second until the event stream satisfies
     * {@code enough} (at most a minute more): on a loaded machine the process may do little in a second.
     */
    private Process attachUntil(long pid, java.util.function.Predicate<String> enough, String... extra) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("attach", "-p", Long.toString(pid), "--no-db", "-o",
                dir.resolve("events.jsonl").toString()));
        args.addAll(List.of(extra));
        Process tot = TotProcess.builder(dir, args).redirectOutput(new File("/dev/null"))
                .redirectError(dir.resolve("err.txt").toFile()).start();
        for (int i = 0; i < 200 && !traced(pid) && tot.isAlive(); i++) Thread.sleep(50);
        assertTrue(traced(pid), "tot attached: " + Files.readString(dir.resolve("err.txt")));
        Thread.sleep(1000);
        Path events = dir.resolve("events.jsonl");
        for (int i = 0; i < 600 && !enough.test(Files.exists(events) ? Files.readString(events) : ""); i++) Thread.sleep(100);
        tot.destroy(); // SIGTERM: detach
        assertTrue(tot.waitFor(30, TimeUnit.SECONDS), "tot ended");
        assertEquals(0, tot.exitValue(), Files.readString(dir.resolve("err.txt")));
        return tot;
    }

    /**
     * A background job of a script starts with SIGINT ignored (`tot attach -p PID &` … `kill -INT $!`):
     * tot still handles SIGINT and detaches; the job's process keeps running untraced.
     */
    @Test
    void sigintDetachesATotStartedWithSigintIgnored() throws Exception {
        Process p = start(LOOP + "loop('count')\n");
        List<String> command = new java.util.ArrayList<>(List.of("sh", "-c", "trap '' INT; exec \"$@\"", "sh"));
        command.addAll(TotProcess.builder(dir, List.of("attach", "-p", Long.toString(p.pid()), "--no-db")).command());
        Process tot = new ProcessBuilder(command).directory(dir.toFile()).redirectOutput(new File("/dev/null"))
                .redirectError(dir.resolve("err.txt").toFile()).start();
        for (int i = 0; i < 200 && tracerPid(p.pid()) == 0 && tot.isAlive(); i++) Thread.sleep(50);
        assertNotEquals(0, tracerPid(p.pid()), "tot attached");
        assertTrue(Files.readAllLines(Path.of("/proc/" + tot.pid() + "/status")).stream().anyMatch(l -> l.startsWith("SigCgt:")
                && (Long.parseUnsignedLong(l.substring(7).strip(), 16) & 2) != 0), "tot catches SIGINT");
        new ProcessBuilder("kill", "-INT", Long.toString(tot.pid())).start().waitFor();
        assertTrue(tot.waitFor(30, TimeUnit.SECONDS), "tot ended on SIGINT: " + Files.readString(dir.resolve("err.txt")));
        assertEquals(0, tot.exitValue(), Files.readString(dir.resolve("err.txt")));
        assertEquals(0, tracerPid(p.pid()), "detached");
        assertTrue(p.isAlive(), "the process goes on");
    }

    private static int tracerPid(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("TracerPid:")) return Integer.parseInt(line.substring(10).strip());
        }
        return -1;
    }

    /** Whether a thread of {@code pid} is traced (its main thread may have ended). */
    private static boolean traced(long pid) throws Exception {
        for (Path task : Files.list(Path.of("/proc/" + pid + "/task")).toList()) {
            try {
                for (String line : Files.readAllLines(task.resolve("status"))) {
                    if (line.startsWith("TracerPid:") && !line.substring(10).strip().equals("0")) return true;
                }
            } catch (java.io.IOException e) {
                // the thread ended (no such file, or ESRCH)
            }
        }
        return false;
    }

    private int count(String name) throws Exception {
        return Integer.parseInt(Files.readString(dir.resolve(name)).strip());
    }

    @Test
    void recordsWhatItDoesAndLeavesItRunningUntraced() throws Exception {
        Process p = start(LOOP + "loop('count')\n");
        attach(p.pid());
        assertEquals(0, tracerPid(p.pid()), "detached");
        int before = count("count");
        Thread.sleep(500);
        assertTrue(p.isAlive());
        assertTrue(count("count") > before + 10, "its opens still succeed after the detach");
        List<JsonNode> events = TotProcess.events(dir.resolve("events.jsonl"));
        assertEquals("exec", events.get(0).get("ev").asText());
        assertEquals(p.pid(), events.get(0).get("pid").asLong());
        long opens = events.stream().filter(e -> e.get("ev").asText().equals("syscall") && e.get("name").asText().equals("openat")
                && e.get("paths").toString().contains("/etc/hostname")).count();
        assertTrue(opens >= 20, "recorded opens: " + opens);
        assertEquals("end", events.getLast().get("ev").asText());
    }

    @Test
    void everyThreadIsTracedAndDetached() throws Exception {
        Process p = start(LOOP + "threading.Thread(target=loop, args=('count2',), daemon=True).start()\nloop('count')\n");
        attach(p.pid());
        Set<Long> tids = new TreeSet<>();
        for (JsonNode e : TotProcess.events(dir.resolve("events.jsonl"))) if (e.get("ev").asText().equals("syscall")) tids.add(e.get("tid").asLong());
        assertTrue(tids.size() >= 2, "syscalls of both threads: " + tids);
        for (Path task : Files.list(Path.of("/proc/" + p.pid() + "/task")).toList()) {
            for (String line : Files.readAllLines(task.resolve("status"))) {
                if (line.startsWith("TracerPid:")) assertEquals("0", line.substring(10).strip(), task.toString());
            }
        }
        int a = count("count"), b = count("count2");
        Thread.sleep(500);
        assertTrue(count("count") > a && count("count2") > b, "both threads go on");
    }

    /**
     * A process that makes and ends threads all the time: /proc/PID/task lists threads tot's own
     * attach brings (each clone while it attaches), and the kernel refuses them again (EPERM); it
     * once read TracerPid (its tracer thread, not its process) as another's and gave up.
     */
    @Test
    void attachesWhileThreadsComeAndGo() throws Exception {
        Path churn = CProbe.build("thread_churn", dir.resolve("bin"));
        target = new ProcessBuilder(churn.toString(), "/etc/hostname").redirectOutput(new File("/dev/null")).start();
        for (int i = 0; i < 3; i++) {
            attach(target.pid());
            assertTrue(target.isAlive());
            assertTrue(Files.readString(dir.resolve("events.jsonl")).contains("\"paths\":[\"/etc/hostname\"]"), "its threads' opens");
        }
    }

    /**
     * A main thread that called pthread_exit is a zombie the kernel refuses to attach, while its
     * process goes on: its other threads are attached, and the execution record is read through them.
     */
    @Test
    void aProcessWhoseMainThreadEndedIsAttachedThroughItsOtherThreads() throws Exception {
        Path churn = CProbe.build("thread_churn", dir.resolve("bin"));
        target = new ProcessBuilder(churn.toString(), "/etc/hostname", "main_exits").directory(dir.toFile()).redirectOutput(new File("/dev/null")).start();
        for (int i = 0; i < 100 && !ProcFs.stat(Long.toString(target.pid()))[0].equals("Z"); i++) Thread.sleep(20);
        attach(target.pid());
        List<JsonNode> events = TotProcess.events(dir.resolve("events.jsonl"));
        JsonNode exec = events.get(0);
        assertEquals(churn.toString(), exec.get("path").asText(), exec.toString());
        assertEquals(List.of(churn.toString(), "/etc/hostname", "main_exits"), TotProcess.Result.strings(exec.get("args")));
        assertEquals(dir.toString(), exec.get("dir").asText());
        assertTrue(events.stream().anyMatch(e -> e.get("ev").asText().equals("syscall") && e.get("name").asText().equals("openat")),
                "the other thread's opens");
        assertFalse(traced(target.pid()), "detached");
    }

    /**
     * An attached server that goes quiet after a request: its events reach the stream within
     * about a second, while tot still runs (they waited in a 64 KiB buffer until it filled, an
     * exec or exit came, or tot ended; a tot killed meanwhile lost them).
     */
    @Test
    void eventsReachTheStreamWhileTheProcessIsQuiet() throws Exception {
        Process p = start("""
                def traced():
                    with open("/proc/self/status") as f:
                        return any(l.startswith("TracerPid:") and l.split()[1] != "0" for l in f)
                open(os.path.join(sys.argv[1], "count"), "w").close()
                while not traced(): time.sleep(0.01)
                time.sleep(0.2)
                open("/etc/hostname").close()
                time.sleep(3600)
                """);
        Path events = dir.resolve("events.jsonl");
        Process tot = TotProcess.builder(dir, List.of("attach", "-p", Long.toString(p.pid()), "--no-db", "-o", events.toString()))
                .redirectError(dir.resolve("err.txt").toFile()).start();
        try {
            boolean seen = false;
            for (int i = 0; i < 300 && !seen && tot.isAlive(); i++) {
                Thread.sleep(50);
                seen = Files.exists(events) && Files.readString(events).contains("\"paths\":[\"/etc/hostname\"]");
            }
            assertTrue(seen, "the open is in the stream while tot runs: " + Files.readString(dir.resolve("err.txt")));
            assertTrue(tot.isAlive());
        } finally {
            tot.destroy();
            tot.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /**
     * A process stopped (SIGSTOP) before the attach stays stopped while traced (tot does not
     * resume its group stop) and after the detach (State T, untraced), and runs on at SIGCONT.
     */
    @Test
    void aStoppedProcessStaysStopped() throws Exception {
        Process p = start(LOOP + "loop('count')\n");
        new ProcessBuilder("kill", "-STOP", Long.toString(p.pid())).start().waitFor();
        for (int i = 0; i < 100 && !ProcFs.stat(Long.toString(p.pid()))[0].equals("T"); i++) Thread.sleep(20);
        int before = count("count");
        attach(p.pid());
        assertEquals(before, count("count"), "not resumed while traced");
        assertEquals("T", ProcFs.stat(Long.toString(p.pid()))[0], "still stopped after the detach");
        assertEquals(0, tracerPid(p.pid()));
        Thread.sleep(300);
        assertEquals(before, count("count"));
        new ProcessBuilder("kill", "-CONT", Long.toString(p.pid())).start().waitFor();
        Thread.sleep(500);
        assertTrue(count("count") > before, "runs on at SIGCONT");
    }

    /**
     * `-p TID` of a thread that is not the main one attaches its whole process, recorded under the
     * process's pid (it was recorded as a process whose pid was the thread's id); `-p PID -p TID` once.
     */
    @Test
    void aThreadIdAttachesItsProcess() throws Exception {
        Process p = start(LOOP + "threading.Thread(target=loop, args=('count2',), daemon=True).start()\nloop('count')\n");
        for (int i = 0; i < 100 && !Files.exists(dir.resolve("count2")); i++) Thread.sleep(50);
        long thread = Files.list(Path.of("/proc/" + p.pid() + "/task")).map(t -> Long.parseLong(t.getFileName().toString()))
                .filter(t -> t != p.pid()).findFirst().orElseThrow();
        attach(thread, "-p", Long.toString(p.pid()));
        List<JsonNode> events = TotProcess.events(dir.resolve("events.jsonl"));
        assertEquals(1, events.stream().filter(e -> e.get("ev").asText().equals("exec")).count(), "one execution");
        assertEquals(p.pid(), events.get(0).get("pid").asLong(), events.get(0).toString());
        assertTrue(events.stream().allMatch(e -> !e.has("pid") || e.get("pid").asLong() == p.pid()), "every call under its process");
        assertEquals("", Files.readString(dir.resolve("err.txt")));
    }

    /**
     * tot killed (SIGKILL) while a busy process fills the stream: the file ends with a whole line
     * (the buffer went out when full, cut in the middle of a line, which a JSON Lines reader rejects).
     */
    @Test
    void aKilledTotLeavesTheStreamInWholeLines() throws Exception {
        Process p = start("open(os.path.join(sys.argv[1], 'count'), 'w').close()\nwhile True: os.getppid()\n");
        Path events = dir.resolve("events.jsonl");
        Process tot = TotProcess.builder(dir, List.of("attach", "-p", Long.toString(p.pid()), "--no-db", "-o", events.toString()))
                .redirectError(dir.resolve("err.txt").toFile()).start();
        for (int i = 0; i < 200 && !traced(p.pid()) && tot.isAlive(); i++) Thread.sleep(50);
        assertTrue(traced(p.pid()), Files.readString(dir.resolve("err.txt")));
        Thread.sleep(1500);
        tot.destroyForcibly();
        assertTrue(tot.waitFor(30, TimeUnit.SECONDS));
        String written = Files.readString(events);
        assertTrue(written.length() > 1 << 16, "the buffer went out more than once: " + written.length());
        assertTrue(written.endsWith("\n"), "ends with a whole line: " + written.substring(written.length() - 100));
        assertTrue(TotProcess.events(events).size() > 100);
    }

    /** `-p P -p P` attaches P once: the second attach was refused as "already traced" by tot itself. */
    @Test
    void aPidNamedTwiceIsAttachedOnce() throws Exception {
        Process p = start(LOOP + "loop('count')\n");
        attach(p.pid(), "-p", Long.toString(p.pid()));
        assertEquals("", Files.readString(dir.resolve("err.txt")));
        assertEquals(0, tracerPid(p.pid()), "detached");
        assertTrue(Files.readString(dir.resolve("events.jsonl")).contains("/etc/hostname"), "its calls recorded");
    }

    @Test
    void forkedChildrenOnlyWithFollow() throws Exception {
        String forker = LOOP.replace("    time.sleep(0.01)", "    time.sleep(0.01)\n        if n % 10 == 0 and os.fork() == 0:\n"
                + "            open('/etc/passwd').close(); os._exit(0)") + "loop('count')\n";
        Process p = start(forker);
        attachUntil(p.pid(), events -> events.split("/etc/hostname", -1).length > 25); // two forks at least while attached
        assertFalse(Files.readString(dir.resolve("events.jsonl")).contains("/etc/passwd"), "children not followed");
        attachUntil(p.pid(), events -> events.contains("/etc/passwd"), "-f");
        assertTrue(Files.readString(dir.resolve("events.jsonl")).contains("/etc/passwd"), "children followed with -f");
        assertTrue(p.isAlive());
    }

    /**
     * Attached with -f (tot attach and tot blackbox, no seccomp filter): a seccomp listener of the
     * process's own is refused, a child it makes with CLONE_UNTRACED is traced anyway and cannot
     * kill tot, a clone3 asking for it is refused, and so is every clone3 (ENOSYS: its flags are
     * in memory, where another thread could set CLONE_UNTRACED after tot read them).
     */
    @ParameterizedTest
    @ValueSource(strings = {"attach", "blackbox"})
    void anAttachedProcessCannotEscapeTot(String command) throws Exception {
        Path listener = CProbe.build("own_listener", dir.resolve("bin"));
        Path clones = CProbe.build("untraced_clone", dir.resolve("bin"));
        Files.writeString(dir.resolve("victim.txt"), "x");
        String out = runAttached(command, List.of(listener.toString(), "wait"), "a") + runAttached(command,
                List.of(clones.toString(), "victim.txt", "wait"), "b");
        assertEquals(new TreeSet<>(List.of("listener -1 EPERM", "plain_filter 0 OK", "clone 0 OK", "clone_kill -1 EPERM",
                "clone_unlink 0 OK", "clone3 -1 EPERM", "clone3_plain -1 ENOSYS")), new TreeSet<>(out.lines().toList())); // the child's lines and its parent's interleave
    }

    /** Starts {@code probe}, which waits to be traced, and `tot COMMAND -f -p` on it; returns its output once both ended. */
    private String runAttached(String command, List<String> probe, String name) throws Exception {
        target = new ProcessBuilder(probe).directory(dir.toFile()).redirectOutput(dir.resolve(name + ".out").toFile())
                .redirectError(new File("/dev/null")).start();
        List<String> args = command.equals("attach") ? List.of("attach", "-f", "-p", Long.toString(target.pid()), "--no-db")
                : List.of("blackbox", "-f", "-p", Long.toString(target.pid()), "--every", "0", "--dump", name + ".box");
        Process tot = TotProcess.finish(TotProcess.builder(dir, args).redirectOutput(new File("/dev/null"))
                .redirectError(dir.resolve(name + ".err").toFile()), 60, "tot " + command);
        assertEquals(0, tot.exitValue(), "tot was not killed: " + Files.readString(dir.resolve(name + ".err")));
        assertTrue(target.waitFor(30, TimeUnit.SECONDS));
        return Files.readString(dir.resolve(name + ".out"));
    }

    @Test
    void refusalsNameTheirCause() throws Exception {
        Process tot = TotProcess.finish(TotProcess.builder(dir, List.of("attach", "-p", "999999", "--no-db"))
                .redirectError(dir.resolve("err.txt").toFile()), 30, "tot");
        assertEquals(1, tot.exitValue());
        assertEquals("tot: no such process: 999999", Files.readString(dir.resolve("err.txt")).strip());
        Assumptions.assumeTrue(StraceOracle.available(), "strace is not installed");
        Process p = start(LOOP + "loop('count')\n");
        Process strace = new ProcessBuilder("strace", "-p", Long.toString(p.pid()), "-o", "/dev/null")
                .redirectError(new File("/dev/null")).start();
        try {
            for (int i = 0; i < 100 && tracerPid(p.pid()) == 0; i++) Thread.sleep(50);
            tot = TotProcess.finish(TotProcess.builder(dir, List.of("attach", "-p", Long.toString(p.pid()), "--no-db"))
                    .redirectError(dir.resolve("err.txt").toFile()), 30, "tot");
            assertEquals(1, tot.exitValue());
            assertTrue(Files.readString(dir.resolve("err.txt")).contains("is already traced by process " + strace.pid() + " (strace)"),
                    Files.readString(dir.resolve("err.txt")));
        } finally {
            strace.destroy();
            strace.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** What no one can attach is named: tot itself, a kernel thread, a zombie; a tracer is named by its process. */
    @Test
    void refusalsOfWhatCannotBeTracedNameIt() throws Exception {
        List<String> self = new java.util.ArrayList<>(List.of("sh", "-c", "exec \"$@\" $$", "sh"));
        self.addAll(TotProcess.builder(dir, List.of("attach", "--no-db", "-p")).command());
        Process tot = TotProcess.finish(new ProcessBuilder(self).directory(dir.toFile()).redirectError(dir.resolve("err.txt").toFile()),
                30, "tot");
        assertEquals(1, tot.exitValue());
        assertEquals("tot: cannot attach to process " + tot.pid() + ": it is tot itself", Files.readString(dir.resolve("err.txt")).strip());

        String[] kthreadd = ProcFs.stat("2");
        Assumptions.assumeTrue(kthreadd != null && (Long.parseLong(kthreadd[6]) & 0x00200000) != 0, "pid 2 is no kernel thread here");
        assertEquals("tot: cannot attach to process 2: it is a kernel thread (kthreadd), which no one can trace", refusal(2));

        target = new ProcessBuilder("sh", "-c", "sleep 0 & exec sleep 30").start(); // its child ends unreaped
        for (int i = 0; i < 100 && target.children().findAny().isEmpty(); i++) Thread.sleep(20);
        long zombie = target.children().findFirst().orElseThrow().pid();
        for (int i = 0; i < 100 && !ProcFs.stat(Long.toString(zombie))[0].equals("Z"); i++) Thread.sleep(20);
        assertEquals("tot: cannot attach to process " + zombie + ": it has ended (a zombie: its parent has not reaped it yet)",
                refusal(zombie));

        Process sleeper = new ProcessBuilder("sleep", "30").start();
        Process first = TotProcess.builder(dir, List.of("attach", "--no-db", "-p", Long.toString(sleeper.pid())))
                .redirectError(dir.resolve("first.txt").toFile()).start();
        try {
            for (int i = 0; i < 200 && !traced(sleeper.pid()); i++) Thread.sleep(50);
            assertTrue(traced(sleeper.pid()), Files.readString(dir.resolve("first.txt")));
            assertEquals("tot: process " + sleeper.pid() + " is already traced by process " + first.pid()
                    + " (java); a process has one tracer at a time", refusal(sleeper.pid()));
        } finally {
            first.destroy();
            first.waitFor(30, TimeUnit.SECONDS);
            sleeper.destroyForcibly();
        }
    }

    /**
     * A tot run by a traced program that attaches to the tot tracing it (`tot attach -p $PPID`) is
     * refused by that tot's guard (EPERM), under either engine: the refusal says so, not that the
     * process is not dumpable or that a security module refused it.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"ptrace", "ebpf"})
    void attachingTheTotThatTracesItNamesThatTot(String engine) throws Exception {
        if (engine.equals("ebpf")) EbpfEngineTest.assumeEbpf();
        List<String> inner = new java.util.ArrayList<>(List.of("sh", "-c", "\"$@\" $PPID 2>inner.txt", "sh"));
        inner.addAll(TotProcess.builder(dir, List.of("attach", "--no-db", "-p")).command());
        TotProcess.Result r = TotProcess.log(dir, List.of("--engine", engine, "--no-db"), inner.toArray(String[]::new));
        assertEquals(1, r.status(), r.stderr());
        String why = Files.readString(dir.resolve("inner.txt")).strip();
        assertTrue(why.matches("tot: cannot attach to process \\d+: it is a tot \\(its thread tot-trace\\) and this tot runs under a"
                + " tracer's seccomp filter: a tot refuses ptrace aimed at itself by the programs it traces"), why);
    }

    /**
     * Without CAP_SYS_PTRACE (root with it dropped), the refusal names the kernel's rule that
     * stopped it: another user, another group, capabilities tot lacks, a process that is not dumpable.
     */
    @Test
    void refusalsWithoutCapSysPtraceNameTheRule() throws Exception {
        Assumptions.assumeTrue(System.getProperty("user.name").equals("root"), "needs root to drop CAP_SYS_PTRACE alone");
        Assumptions.assumeTrue(OracleSuiteTest.onPath("setpriv"), "setpriv is not installed");
        List<String> drop = List.of("setpriv", "--bounding-set", "-sys_ptrace", "--inh-caps", "-sys_ptrace");
        List<Process> targets = new java.util.ArrayList<>();
        try {
            for (List<String> t : List.of(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "sleep", "30"),
                    List.of("setpriv", "--regid=1", "--clear-groups", "sleep", "30"), List.of("sleep", "30"),
                    concat(drop, List.of(TracingTest.PYTHON, "-c", "import ctypes, time; ctypes.CDLL(None).prctl(4, 0); print('ready', flush=True); time.sleep(30)")),
                    concat(drop, List.of("sleep", "30")))) {
                targets.add(new ProcessBuilder(t).start());
            }
            // each as the test means it: setpriv's changes made (it has execed sleep), the python's prctl called (a loaded machine takes its time)
            for (int i : new int[] {0, 1, 2, 4}) {
                Path comm = Path.of("/proc", Long.toString(targets.get(i).pid()), "comm");
                for (int n = 0; n < 600 && !Files.readString(comm).strip().equals("sleep"); n++) Thread.sleep(50);
            }
            try (var ready = new java.io.BufferedReader(new java.io.InputStreamReader(targets.get(3).getInputStream()))) {
                assertEquals("ready", ready.readLine());
            }
            assertEquals("tot: cannot attach to process " + targets.get(0).pid()
                    + ": ptrace not permitted: it runs as another user (uid 65534) and tot lacks CAP_SYS_PTRACE", refusal(targets.get(0).pid(), drop));
            assertEquals("tot: cannot attach to process " + targets.get(1).pid()
                    + ": ptrace not permitted: it runs as another group (gid 1) and tot lacks CAP_SYS_PTRACE", refusal(targets.get(1).pid(), drop));
            assertEquals("tot: cannot attach to process " + targets.get(2).pid()
                    + ": ptrace not permitted: it has capabilities tot lacks, CAP_SYS_PTRACE among them", refusal(targets.get(2).pid(), drop));
            assertTrue(refusal(targets.get(3).pid(), drop).startsWith("tot: cannot attach to process " + targets.get(3).pid()
                    + ": ptrace not permitted: it is not dumpable (a set-user-ID or set-group-ID program, or one that called"
                    + " prctl(PR_SET_DUMPABLE, 0)) and tot lacks CAP_SYS_PTRACE"));
            // the control: the same process, dumpable, with no capability tot lacks
            List<String> cmd = concat(drop, TotProcess.builder(dir, List.of("attach", "--no-db", "-p", Long.toString(targets.get(4).pid()))).command());
            Process tot = new ProcessBuilder(cmd).directory(dir.toFile()).redirectError(dir.resolve("err.txt").toFile()).start();
            for (int i = 0; i < 200 && !traced(targets.get(4).pid()) && tot.isAlive(); i++) Thread.sleep(50);
            assertTrue(traced(targets.get(4).pid()), Files.readString(dir.resolve("err.txt")));
            tot.destroy();
            assertTrue(tot.waitFor(30, TimeUnit.SECONDS));
        } finally {
            targets.forEach(Process::destroyForcibly);
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new java.util.ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    /** tot attach -p PID's message when it exits 1. */
    private String refusal(long pid) throws Exception {
        return refusal(pid, List.of());
    }

    /** The same, tot run behind {@code prefix} (e.g. setpriv). */
    private String refusal(long pid, List<String> prefix) throws Exception {
        List<String> cmd = concat(prefix, TotProcess.builder(dir, List.of("attach", "--no-db", "-p", Long.toString(pid))).command());
        Process tot = TotProcess.finish(new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectError(dir.resolve("err.txt").toFile()), 30, "tot");
        assertEquals(1, tot.exitValue());
        return Files.readString(dir.resolve("err.txt")).strip();
    }
}
