package tot.trace;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tot.trace.TotProcess.Result;

/** Traces real programs with `tot log` and checks the records; strace on the same command is the oracle. */
class TracingTest {
    @TempDir
    Path dir;

    /** A real interpreter, not a version manager's shim script (which would add executions). */
    static final String PYTHON = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    /** python3 -c of this, then a script: sh -c SCRIPT with SIGINT at its default (as from a terminal). */
    static final String SH_WITH_SIGINT = "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execvp('sh', ['sh', '-c', sys.argv[1]])";

    private static List<String> list(JsonNode n) {
        return Result.strings(n);
    }

    /** Runs the command under tot (seccomp and --no-seccomp) and under strace; the opened files must agree. */
    private Result traceAndCompare(String... command) throws Exception {
        Result r = TotProcess.log(dir, List.of(), command);
        if (StraceOracle.available()) {
            Map<String, Set<String>> strace = StraceOracle.run(dir, command);
            assertEquals(strace, StraceOracle.fromTot(r.deps()), "files opened per execution: strace vs tot\n" + r.stderr());
        }
        return r;
    }

    /**
     * A script whose interpreter is missing: the stopper shell's exec of it fails (ENOENT) and the
     * shell says so, naming it by the argv[0] tot had pointed below the stack for the exec (a
     * line of garbage bytes); tot puts the shell's own pointer back when the exec fails.
     */
    @Test
    void aCommandWhoseInterpreterIsMissingIsNamedInTheShellsMessage() throws Exception {
        Path script = dir.resolve("script");
        Files.writeString(script, "#!/nonexistent/interpreter\n");
        assertTrue(script.toFile().setExecutable(true));
        Result r = TotProcess.log(dir, List.of("--no-db"), "./script");
        assertEquals(127, r.status(), r.stderr());
        String message = r.stderr().strip(); // dash: "./script: 1: exec: ./script: not found", the name as typed
        assertTrue(message.chars().allMatch(ch -> ch >= ' ' && ch < 0x7f), message);
        assertEquals(2, message.split(java.util.regex.Pattern.quote("./script"), -1).length - 1, message);
    }

    /** Exec is what the execution's own process exec'd next: a forked child's exec is not the shell's. */
    /**
     * /dev/fd/N of an fd the trace did not see made (received over a unix socket) is the file it
     * is open on, asked of /proc at the open (the ptrace engine; the eBPF engine reads records
     * after the fact and keeps the name: README).
     */
    /**
     * After chroot, names resolve in the new root, as the kernel resolves them: an absolute name
     * and ".." stay in it, a relative name from a working directory left outside does not; the
     * records name the files as they are on the host.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"ptrace", "ebpf"})
    void namesAfterChrootAreInTheNewRoot(String engine) throws Exception {
        if (engine.equals("ebpf")) EbpfEngineTest.assumeEbpf();
        org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "chroot needs root");
        Path probe = CProbe.build("chroot", dir.resolve("bin"));
        Files.createDirectories(dir.resolve("jail/work"));
        Files.writeString(dir.resolve("jail/in.txt"), "in");
        TotProcess.Result r = TotProcess.log(dir, List.of("--engine", engine), probe.toString());
        assertEquals(0, r.status(), r.stderr());
        Path real = dir.toRealPath();
        JsonNode x = r.byArgs(probe.toString());
        assertEquals(List.of(real.resolve("outside.txt").toString(), real.resolve("jail/abs.txt").toString(),
                real.resolve("jail/up.txt").toString(), real.resolve("jail/work/after-chdir.txt").toString()),
                TotProcess.Result.strings(x.get("Outputs")));
        assertTrue(TotProcess.Result.strings(x.get("Inputs")).contains(real.resolve("jail/in.txt").toString()), x.toString());
    }

    /**
     * A rename the kernel leaves as it is: onto the same name (both engines), and (ptrace, which
     * looks while the call is stopped) from one hard link of a file onto another: both names
     * stay, the file written is still an output, nothing is deleted.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"ptrace", "ebpf"})
    void aRenameThatDoesNothingRecordsNothing(String engine) throws Exception {
        if (engine.equals("ebpf")) EbpfEngineTest.assumeEbpf();
        String py = "import os\nopen('c', 'w').write('c'); os.rename('c', './c')\n"
                + (engine.equals("ptrace") ? "open('a', 'w').write('a'); os.link('a', 'b'); os.rename('a', 'b')\n" : "");
        TotProcess.Result r = TotProcess.log(dir, List.of("--engine", engine), "/usr/bin/python3", "-c", py);
        assertEquals(0, r.status(), r.stderr());
        Path real = dir.toRealPath();
        JsonNode x = r.byArgs("/usr/bin/python3", "-c", py);
        List<String> outputs = TotProcess.Result.strings(x.get("Outputs"));
        assertTrue(outputs.contains(real.resolve("c").toString()), x.toString());
        if (engine.equals("ptrace")) assertTrue(outputs.containsAll(List.of(real.resolve("a").toString(), real.resolve("b").toString())), x.toString());
        assertTrue(x.get("Deleted") == null || x.get("Deleted").isEmpty(), x.toString());
    }

    /**
     * An O_RDWR|O_CREAT open (a shell's {@code <>}, Python's "a+", SQLite's database) that made
     * the file read nothing: only an output; of a file that was there, a read and a write.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"ptrace", "ebpf"})
    void aReadWriteOpenThatMadeTheFileReadNothing(String engine) throws Exception {
        if (engine.equals("ebpf")) EbpfEngineTest.assumeEbpf();
        Files.writeString(dir.resolve("old"), "old\n");
        String py = "open('new', 'a+').write('x'); open('old', 'a+').write('y')";
        TotProcess.Result r = TotProcess.log(dir, List.of("--engine", engine), "/usr/bin/python3", "-c", py);
        assertEquals(0, r.status(), r.stderr());
        Path real = dir.toRealPath();
        JsonNode x = r.byArgs("/usr/bin/python3", "-c", py);
        List<String> inputs = TotProcess.Result.strings(x.get("Inputs")), outputs = TotProcess.Result.strings(x.get("Outputs"));
        assertTrue(outputs.containsAll(List.of(real.resolve("new").toString(), real.resolve("old").toString())), x.toString());
        assertTrue(inputs.contains(real.resolve("old").toString()), x.toString());
        assertFalse(inputs.contains(real.resolve("new").toString()), x.toString());
    }

    /** A file opened O_RDWR, read, then overwritten through that fd: its input's sha1 is the content it read. */
    @Test
    void aReadWriteOpensInputIsHashedBeforeTheProgramWrites() throws Exception {
        Files.writeString(dir.resolve("g"), "orig\n");
        String before = sha1(dir.resolve("g"));
        String py = "h = open('g', 'r+'); d = h.read(); h.seek(0); h.write(d.upper()); h.close()";
        Path db = dir.resolve("t.db");
        TotProcess.Result r = TotProcess.log(dir, List.of("--db", db.toString()), "/usr/bin/python3", "-c", py);
        assertEquals(0, r.status(), r.stderr());
        assertEquals("ORIG\n", Files.readString(dir.resolve("g")));
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db);
             var q = c.prepareStatement("SELECT c.sha1 FROM accesses a JOIN paths p ON p.id = a.path JOIN contents c ON c.id = a.content"
                     + " WHERE a.kind = 'read' AND p.path = ?")) {
            q.setString(1, dir.toRealPath().resolve("g").toString());
            var rs = q.executeQuery();
            assertTrue(rs.next(), "g was read");
            assertEquals(before, rs.getString(1));
        }
    }

    private static String sha1(Path f) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-1").digest(Files.readAllBytes(f)));
    }

    /**
     * open_by_handle_at names no path: the file is named by its new fd (ptrace: at the exit
     * stop; eBPF: afterwards, while the fd is still that file, by device and inode), and a file
     * that could not be named is said, never passed silently.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"ptrace", "ebpf"})
    void filesOpenedByHandleAreNamedByTheirFd(String engine) throws Exception {
        if (engine.equals("ebpf")) EbpfEngineTest.assumeEbpf();
        org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "open_by_handle_at needs root");
        Path probe = CProbe.build("by_handle", dir.resolve("bin"));
        for (String f : List.of("in.txt", "out.txt", "brief.txt", "gone.txt", "reused.txt")) Files.writeString(dir.resolve(f), f);
        TotProcess.Result r = TotProcess.log(dir, List.of("--engine", engine, "--no-db"), probe.toString());
        assertEquals(0, r.status(), r.stderr());
        Path real = dir.toRealPath();
        JsonNode x = r.byArgs(probe.toString());
        List<String> inputs = TotProcess.Result.strings(x.get("Inputs"));
        assertTrue(inputs.contains(real.resolve("in.txt").toString()), x.toString());
        assertTrue(inputs.contains(real.resolve("gone.txt").toString()), "a removed file by its name, not /proc's \"… (deleted)\": " + x);
        assertEquals(List.of(real.resolve("out.txt").toString(), real.resolve("new.txt").toString()),
                TotProcess.Result.strings(x.get("Outputs")));
        assertFalse(inputs.contains(real.resolve("new.txt").toString()), "never the file that took the fd later: " + x);
        List<String> warnings = TotProcess.Result.strings(x.get("Warnings"));
        for (var f : java.util.Map.of("brief.txt", 6, "reused.txt", 8).entrySet()) { // named, or said not to be
            String warning = "open_by_handle_at: the file it opened as fd " + f.getValue() + " could not be named (the call"
                    + " names no path; README: open_by_handle_at): its access is not recorded";
            assertTrue(inputs.contains(real.resolve(f.getKey()).toString()) != warnings.contains(warning), f + ": " + x);
            if (engine.equals("ptrace")) assertTrue(inputs.contains(real.resolve(f.getKey()).toString()), x.toString());
        }
    }

    /**
     * A name below a directory fd's /proc link (/proc/self/fd/3/out.txt, /dev/fd/3/…, /proc/PID/…,
     * under task/TID/ and thread-self too) or below /proc/PID/cwd and /proc/PID/root is the file
     * below that directory: the kernel follows the link. tot recorded the /proc name itself
     * (/proc/PID/fd/3/pid.txt, gone with the process) and so had no output pid.txt (tot's own
     * outputs are written so: a nested `tot log` showed it).
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"ptrace", "ebpf"})
    void namesBelowAProcessesProcLinksAreTheFilesThere(String engine) throws Exception {
        if (engine.equals("ebpf")) EbpfEngineTest.assumeEbpf();
        String script = """
                import os
                fd = os.open('.', os.O_PATH | os.O_DIRECTORY)
                pid = os.getpid()
                for name in ['/proc/%d/fd/%d/pid.txt' % (pid, fd), '/proc/self/fd/%d/self.txt' % fd, '/dev/fd/%d/devfd.txt' % fd,
                             '/proc/thread-self/fd/%d/ts.txt' % fd, '/proc/%d/task/%d/fd/%d/task.txt' % (pid, pid, fd),
                             '/proc/self/cwd/cwd.txt', '/proc/%d/cwd/pcwd.txt' % pid, '/proc/self/root' + os.getcwd() + '/root.txt']:
                    open(name, 'w').write('x')
                open('/proc/self/fd/%d/in.txt' % fd).read()
                """;
        Files.writeString(dir.resolve("in.txt"), "in");
        Result r = TotProcess.log(dir, List.of("--engine", engine, "--no-db"), PYTHON, "-c", script);
        assertEquals(0, r.status(), r.stderr());
        Path real = dir.toRealPath();
        JsonNode x = r.byArgs(PYTHON, "-c", script);
        assertEquals(Stream.of("pid", "self", "devfd", "ts", "task", "cwd", "pcwd", "root").map(n -> real.resolve(n + ".txt").toString())
                .toList(), Result.strings(x.get("Outputs")), x.toString());
        assertTrue(Result.strings(x.get("Inputs")).contains(real.resolve("in.txt").toString()), x.toString());
    }

    /**
     * A thread sharing the fd table dup2()s an O_PATH fd of decoy.txt onto the fd an
     * open_by_handle_at of in.txt returns, before tot names it: decoy.txt, never read, is never
     * taken for the file opened (ptrace named the fd from /proc after the call: decoy.txt was an
     * input in every run); in.txt is named, or the call is a warning. Under eBPF decoy.txt was
     * taken too: user space checked the fd's inode in /proc, then read its name a second time.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"ptrace", "ebpf"})
    void aFilePutAtAHandlesFdByAnotherThreadIsNotTakenForIt(String engine) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "open_by_handle_at needs root");
        if (engine.equals("ebpf")) EbpfEngineTest.assumeEbpf();
        Path probe = CProbe.build("handle_race", dir.resolve("bin"));
        Files.writeString(dir.resolve("in.txt"), "in");
        Files.writeString(dir.resolve("decoy.txt"), "decoy");
        // 20 000 rounds: eBPF took decoy.txt in 5 runs of 6 so (1 in 15 with 2 000)
        TotProcess.Result r = TotProcess.log(dir, List.of("--engine", engine, "--no-db"), probe.toString(), "20000");
        assertEquals(0, r.status(), r.stderr());
        Path real = dir.toRealPath();
        JsonNode x = r.byArgs(probe.toString(), "20000");
        List<String> inputs = TotProcess.Result.strings(x.get("Inputs"));
        assertFalse(inputs.contains(real.resolve("decoy.txt").toString()), "decoy.txt was never read: " + x);
        assertTrue(inputs.contains(real.resolve("in.txt").toString())
                || TotProcess.Result.strings(x.get("Warnings")).stream().anyMatch(w -> w.startsWith("open_by_handle_at: the file it opened as fd 7 could not be named")),
                x.toString());
    }

    /**
     * Another thread of the caller rewrites execve's argument string, or its file name, while it
     * execs (argv_flip: 200 execs each, each printing into out.I what it got): Args and Path are
     * what ran. The ptrace engine read them at the call's entry and recorded another word in about
     * one exec in seven, another program in one in fifteen; the new program's /proc/PID/cmdline
     * and /proc/PID/exe now decide, with a warning.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"ptrace", "ebpf"})
    void argumentsAndFileNameAnotherThreadRewritesDuringAnExecAreWhatRan(String engine) throws Exception {
        if (engine.equals("ebpf")) EbpfEngineTest.assumeEbpf();
        Path probe = CProbe.build("argv_flip", dir.resolve("bin"));
        Result r = TotProcess.log(dir, List.of("--engine", engine, "--no-db"), probe.toString(), "200");
        assertEquals(0, r.status(), r.stderr());
        int echoes = 0;
        for (JsonNode x : r.deps()) {
            if (!x.get("Cmd").get("Args").get(0).asText().equals("/bin/echo")) continue;
            echoes++;
            String printed = Files.readString(Path.of(x.get("FDs").get("1").asText())).strip();
            assertEquals(printed, x.get("Cmd").get("Args").get(1).asText(), x.toString());
        }
        assertEquals(200, echoes);
        for (int i = 0; i < 200; i++) Files.delete(dir.resolve("out." + i));
        r = TotProcess.log(dir, List.of("--engine", engine, "--no-db"), probe.toString(), "200", "path");
        assertEquals(0, r.status(), r.stderr());
        int runs = 0;
        for (JsonNode x : r.deps()) {
            if (!x.get("Cmd").get("Args").get(0).asText().equals("prog")) continue;
            runs++;
            boolean echo = Files.readString(Path.of(x.get("FDs").get("1").asText())).strip().equals("ran-echo");
            assertEquals(Path.of(echo ? "/bin/echo" : "/bin/true").toRealPath(), Path.of(x.get("Cmd").get("Path").asText()).toRealPath(),
                    x.toString());
        }
        assertTrue(runs > 150, runs + " runs"); // one whose name the kernel took half rewritten failed (ENOENT)
    }

    /**
     * ioctl(FIONCLEX) and ioctl(FIOCLEX) change an fd's close-on-exec flag as fcntl(F_SETFD)
     * does (CPython's os.set_inheritable uses them): what the exec'd program inherits follows.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"ptrace", "ebpf"})
    void closeOnExecSetByIoctlDecidesWhatIsInherited(String engine) throws Exception {
        if (engine.equals("ebpf")) EbpfEngineTest.assumeEbpf();
        Files.writeString(dir.resolve("data.txt"), "data");
        Files.writeString(dir.resolve("other.txt"), "other");
        String script = """
                import fcntl, os, subprocess, termios
                f = open('data.txt', 'rb'); os.set_inheritable(f.fileno(), True)
                g = open('other.txt', 'rb'); fcntl.ioctl(g.fileno(), termios.FIONCLEX); fcntl.ioctl(g.fileno(), termios.FIOCLEX)
                subprocess.run(['cat', '/dev/fd/%d' % f.fileno()], close_fds=False, stdout=subprocess.DEVNULL, check=True)
                """;
        Result r = TotProcess.log(dir, List.of("--engine", engine, "--no-db"), PYTHON, "-c", script);
        assertEquals(0, r.status(), r.stderr());
        Path real = dir.toRealPath();
        JsonNode cat = r.deps().stream().filter(x -> x.get("Cmd").get("Args").get(0).asText().equals("cat")).findFirst().orElseThrow();
        assertEquals(Map.of("0", "/dev/null", "1", "/dev/null", "2", real.resolve("stderr.txt").toString(), "3",
                real.resolve("data.txt").toString()), TotProcess.JSON.convertValue(cat.get("FDs"), Map.class), cat.toString());
        assertTrue(Result.strings(cat.get("Inputs")).contains(real.resolve("data.txt").toString()), cat.toString());
    }

    /** Other ioctl requests, which tot sees when --trace selects ioctl, leave close-on-exec as it is. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"ptrace", "ebpf"})
    void otherIoctlsLeaveCloseOnExecAlone(String engine) throws Exception {
        if (engine.equals("ebpf")) EbpfEngineTest.assumeEbpf();
        Files.writeString(dir.resolve("data.txt"), "data");
        String script = """
                import fcntl, os, subprocess, termios
                f = open('data.txt', 'rb'); fcntl.ioctl(f.fileno(), termios.FIONREAD, b'    ')
                subprocess.run(['cat', '/dev/null'], close_fds=False, check=True)
                """;
        Result r = TotProcess.log(dir, List.of("--engine", engine, "--no-db", "-t", "ioctl"), PYTHON, "-c", script);
        assertEquals(0, r.status(), r.stderr());
        JsonNode cat = r.byArgs("cat", "/dev/null");
        assertFalse(cat.get("FDs").has("3"), "fd 3 is close-on-exec: " + cat);
    }

    /**
     * unshare(CLONE_FS | CLONE_FILES) in a thread: its chdir and its close are its own; the main
     * thread's relative names and its fds are as they were.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"ptrace", "ebpf"})
    void aThreadThatUnsharesItsCwdAndFdsKeepsThemToItself(String engine) throws Exception {
        if (engine.equals("ebpf")) EbpfEngineTest.assumeEbpf();
        Path probe = CProbe.build("unshare", dir.resolve("bin"), List.of("-pthread"));
        Files.createDirectories(dir.resolve("sub"));
        Result r = TotProcess.log(dir, List.of("--engine", engine, "--no-db"), probe.toString());
        assertEquals(0, r.status(), r.stderr());
        Path real = dir.toRealPath();
        assertEquals(List.of(real.resolve("held").toString(), real.resolve("sub/thread_here").toString(),
                real.resolve("main_here").toString()), Result.strings(r.byArgs(probe.toString()).get("Outputs")));
        assertEquals(real.resolve("held").toString(), r.byArgs("true").get("FDs").get("3").asText());
    }

    /**
     * A process killed inside execve (a vfork child its parent kills as it resumes) reports no
     * exec event and no result: each is an execution when its exec was seen, else a warning says
     * the outcome is unknown, with how many times — never dropped silently.
     */
    @Test
    void aProcessKilledInsideExecIsAnExecutionOrAWarning() throws Exception {
        Path probe = CProbe.build("vfork_kill", dir.resolve("bin"));
        Result r = TotProcess.log(dir, List.of("--no-db"), probe.toString());
        assertEquals(0, r.status(), r.stderr());
        List<String> warnings = Result.strings(r.byArgs(probe.toString()).get("Warnings"));
        String said = "killed by SIGKILL inside execve(/bin/true): whether the new program was loaded is"
                + " unknown (no exec event came; strace shows \"= ?\")";
        int unknown = 0;
        for (String w : warnings) {
            if (w.equals(said)) unknown = 1;
            else if (w.startsWith(said + " (") && w.endsWith(" times)")) unknown = Integer.parseInt(w.substring(said.length() + 2, w.length() - 7));
        }
        assertEquals(30, r.deps().size() - 1 + unknown, r.deps().size() + " executions, warnings " + warnings);
    }

    /**
     * Threads that exec at once: one wins, and the kernel ends the others inside their own execve
     * (de_thread), with no result and no exec event of theirs. The process's exec event says what
     * happened, so there is nothing to doubt: no warning, and each child is one execution of true.
     */
    @Test
    void threadsEndedByASiblingsExecAreNoDoubt() throws Exception {
        Path probe = CProbe.build("exec_race", dir.resolve("bin"), List.of("-pthread"));
        Result r = TotProcess.log(dir, List.of("--no-db"), probe.toString());
        assertEquals(0, r.status(), r.stderr());
        assertEquals(20, r.deps().stream().filter(x -> x.get("Cmd").get("Path").asText().equals("/bin/true")).count(), r.deps().toString());
        assertEquals(List.of(), Result.strings(r.byArgs(probe.toString()).get("Warnings")));
    }

    @Test
    void devFdOfAReceivedFdIsItsFile() throws Exception {
        String script = """
                import os, socket
                a, b = socket.socketpair(socket.AF_UNIX)
                if os.fork() == 0:
                    socket.send_fds(a, [b'x'], [os.open('/etc/hostname', os.O_RDONLY)])
                    os._exit(0)
                msg, fds, flags, addr = socket.recv_fds(b, 1, 1)
                os.wait()
                open('/dev/fd/%d' % fds[0]).read()
                """;
        Result r = TotProcess.log(dir, List.of("--no-db"), PYTHON, "-c", script);
        assertEquals(0, r.status(), r.stderr());
        List<String> inputs = Result.strings(r.deps().get(r.deps().size() - 1).get("Inputs"));
        assertTrue(inputs.contains("/etc/hostname"), inputs.toString());
        assertTrue(inputs.stream().noneMatch(p -> p.startsWith("/dev/fd/")), inputs.toString());
    }

    /**
     * A program run from a memfd (fexecve: execveat(fd, "", AT_EMPTY_PATH)) is the memfd, named
     * as the fd table names it, under both engines: never a file of that name in the working
     * directory (one planted there was hashed as the program).
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"ptrace", "ebpf"})
    void aProgramRunFromAMemfdIsTheMemfd(String engine) throws Exception {
        if (engine.equals("ebpf")) EbpfEngineTest.assumeEbpf();
        Files.writeString(dir.resolve("memfd:mybin"), "planted");
        String script = "import os\nfd = os.memfd_create('mybin', 0)\nos.write(fd, open('/bin/true', 'rb').read())\n"
                + "os.execve(fd, ['true'], {})\n";
        Result r = TotProcess.log(dir, List.of("--engine", engine, "--db", "t.db"), PYTHON, "-c", script);
        assertEquals(0, r.status(), r.stderr());
        assertEquals("memfd:mybin", r.byArgs("true").get("Cmd").get("Path").asText());
    }

    /**
     * A pipe opened again by name in a pipeline (`tee x > /dev/fd/1 | cat`, `cat /dev/stdin`) is
     * that pipe, under both engines: the ptrace engine named tee's fd 1 pipe:[INODE] (what /proc
     * shows) and left tee without the pipe cat read as its output.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"ptrace", "ebpf"})
    void aPipeOpenedAgainThroughDevFdIsThatPipe(String engine) throws Exception {
        if (engine.equals("ebpf")) EbpfEngineTest.assumeEbpf();
        String script = "echo a | tee t.txt > /dev/fd/1 | cat > out.txt; echo b | cat /proc/self/fd/0 > o2.txt";
        Result r = TotProcess.log(dir, List.of("--engine", engine, "--no-db"), "bash", "-c", script);
        assertEquals(0, r.status(), r.stderr());
        JsonNode tee = r.byArgs("tee", "t.txt"), cat = r.byArgs("cat"), cat2 = r.byArgs("cat", "/proc/self/fd/0");
        String pipe = cat.get("FDs").get("0").asText();
        assertTrue(pipe.startsWith("/dev/fptrace/pipe/"), cat.toString());
        assertEquals(pipe, tee.get("FDs").get("1").asText(), tee.toString());
        assertTrue(list(tee.get("Outputs")).contains(pipe), tee.toString());
        assertTrue(list(cat2.get("Inputs")).contains(cat2.get("FDs").get("0").asText()), cat2.toString());
        assertTrue(list(cat2.get("Inputs")).stream().noneMatch(p -> p.startsWith("/proc/") || p.startsWith("pipe:")), cat2.toString());
    }

    /**
     * A read-only open with O_CREAT that made the file (flock(1)'s lock file, Python's
     * os.open(O_RDONLY|O_CREAT)) made it: an output of the run, not an input (it was recorded as
     * an empty input and left out of tot outputs); one of a file that was there stays a read.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"ptrace", "ebpf"})
    void aReadOnlyOpenThatMadeTheFileMadeIt(String engine) throws Exception {
        if (engine.equals("ebpf")) EbpfEngineTest.assumeEbpf();
        Files.writeString(dir.resolve("old.lock"), "");
        String script = "flock new.lock true; flock old.lock true; python3 -c 'import os; os.open(\"ro.new\", os.O_RDONLY | os.O_CREAT)'";
        Result r = TotProcess.log(dir, List.of("--engine", engine, "--db", "t.db"), "sh", "-c", script);
        assertEquals(0, r.status(), r.stderr());
        String d = dir.toRealPath().toString();
        JsonNode flock = r.byArgs("flock", "new.lock", "true");
        assertTrue(list(flock.get("Outputs")).contains(d + "/new.lock"), flock.toString());
        assertFalse(list(flock.get("Inputs")).contains(d + "/new.lock"), flock.toString());
        assertTrue(list(r.byArgs("flock", "old.lock", "true").get("Inputs")).contains(d + "/old.lock"));
        assertEquals(List.of("new.lock", "ro.new"), totLines("outputs", "--db", "t.db", "--under", ".", "--relative").stream()
                .filter(p -> p.endsWith(".lock") || p.endsWith(".new")).toList());
        assertEquals(List.of("old.lock"), totLines("inputs", "--db", "t.db", "--under", ".", "--relative").stream()
                .filter(p -> p.endsWith(".lock") || p.endsWith(".new")).toList());
    }

    /**
     * `sort -o f f` opens f for writing (no O_TRUNC) before it reads it, then truncates it: f is
     * an input (its old content) and an output, and the key covers it; `sort g > g`, whose shell
     * empties g first, reads nothing of the old g. Both engines.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"ptrace", "ebpf"})
    void sortOntoItsOwnInputReadsIt(String engine) throws Exception {
        if (engine.equals("ebpf")) EbpfEngineTest.assumeEbpf();
        Files.writeString(dir.resolve("f"), "b\na\n");
        Files.writeString(dir.resolve("g"), "d\nc\n");
        Result r = TotProcess.log(dir, List.of("--engine", engine, "--db", "t.db"), "sh", "-c", "sort -o f f; sort g > g; cat f > h");
        assertEquals(0, r.status(), r.stderr());
        String f = dir.toRealPath().resolve("f").toString();
        assertTrue(list(r.byArgs("sort", "-o", "f", "f").get("Inputs")).contains(f), r.byArgs("sort", "-o", "f", "f").toString());
        assertEquals(List.of("f"), totLines("inputs", "--db", "t.db", "--under", ".", "--relative"));
        assertEquals(List.of("f", "g", "h"), totLines("outputs", "--db", "t.db", "--under", ".", "--relative").stream()
                .filter(p -> p.length() == 1).toList());
        assertEquals(List.of("h: \\", " f"), totLines("depfile", "--db", "t.db", "--under", ".", "--relative", "h"));
        String key = totLines("key", "--db", "t.db", "--under", ".").getFirst();
        Files.writeString(dir.resolve("f"), "x\n");
        assertNotEquals(key, totLines("key", "--db", "t.db", "--under", ".", "--now").getFirst(), "the key covers f's old content");
    }

    /**
     * `patch -b` in one program: reads f, writes f.tmp, renames f to f.orig, then f.tmp to f. f
     * is there at the end, made by the run: an output (and an input: its old content was read),
     * not an intermediate; g, renamed away unread and replaced the same way, is an input too.
     * Both engines.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"ptrace", "ebpf"})
    void aFileRenamedAwayThenReplacedByTheSameProgramIsAnOutput(String engine) throws Exception {
        if (engine.equals("ebpf")) EbpfEngineTest.assumeEbpf();
        Files.writeString(dir.resolve("f"), "old\n");
        Files.writeString(dir.resolve("g"), "old\n");
        String py = "import os\nopen('f').read()\nfor n in 'fg':\n    open(n + '.tmp', 'w').write('new')\n"
                + "    os.rename(n, n + '.orig')\n    os.rename(n + '.tmp', n)\n";
        Result r = TotProcess.log(dir, List.of("--engine", engine, "--db", "t.db"), "python3", "-c", py);
        assertEquals(0, r.status(), r.stderr());
        assertEquals(List.of("f", "f.orig", "g", "g.orig"), totLines("outputs", "--db", "t.db", "--under", ".", "--relative").stream()
                .filter(p -> !p.endsWith(".db")).toList());
        assertEquals(List.of("f.tmp", "g.tmp"), totLines("outputs", "--intermediates", "--db", "t.db", "--under", ".", "--relative"));
        assertEquals(List.of("f", "g"), totLines("inputs", "--db", "t.db", "--under", ".", "--relative"));
    }

    /**
     * `cc -c a.c b.c` compiles both through one temporary `.s`, which cc1 truncates for each
     * source: b.o's assembler read what cc1(b.c) wrote, not a.c's, so b.o's depfile is b.c (and
     * lineage shows the one cc1); `cp` onto a file truncates it as well. A file appended to (`>>`)
     * keeps what each writer put there. Both engines.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"ptrace", "ebpf"})
    void aFileEmptiedByALaterWriterNoLongerHoldsWhatEarlierOnesMade(String engine) throws Exception {
        if (engine.equals("ebpf")) EbpfEngineTest.assumeEbpf();
        org.junit.jupiter.api.Assumptions.assumeTrue(CProbe.hasCc(), "needs a C compiler");
        Files.writeString(dir.resolve("a.c"), "int a(void){return 1;}\n");
        Files.writeString(dir.resolve("b.c"), "int b(void){return 2;}\n");
        String script = "cc -c a.c b.c; cp a.c t; cp t x; cp b.c t; cp t y; sh -c 'cat a.c >> u'; sh -c 'cat b.c >> u'; cp u z";
        Result r = TotProcess.log(dir, List.of("--engine", engine, "--db", "t.db"), "sh", "-c", script);
        assertEquals(0, r.status(), r.stderr());
        assertEquals(List.of("b.o: \\", " b.c"), totLines("depfile", "--db", "t.db", "--under", ".", "--relative", "b.o"));
        assertEquals(List.of("a.o: \\", " a.c"), totLines("depfile", "--db", "t.db", "--under", ".", "--relative", "a.o"));
        assertEquals(List.of("y: \\", " b.c \\", " t"), totLines("depfile", "--db", "t.db", "--under", ".", "--relative", "y"));
        assertEquals(List.of("z: \\", " a.c \\", " b.c \\", " u"), totLines("depfile", "--db", "t.db", "--under", ".", "--relative", "z"));
    }

    /**
     * automake's test driver: its shell opens `> t.log`, the test it runs writes into it and ends,
     * then the shell appends the verdict. The log's content at the end is the one hashed when the
     * shell ended, not the test's (the write that came last in run order). Both engines.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"ptrace", "ebpf"})
    void anOutputsContentIsTheOneItsLastEndingMakerLeft(String engine) throws Exception {
        if (engine.equals("ebpf")) EbpfEngineTest.assumeEbpf();
        Result r = TotProcess.log(dir, List.of("--engine", engine, "--db", "t.db"), "sh", "-c",
                "\"$@\" > t.log 2>&1; echo PASS >> t.log", "sh", "/bin/true");
        assertEquals(0, r.status(), r.stderr());
        JsonNode out = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                String.join("\n", totLines("outputs", "--db", "t.db", "--under", ".", "--format", "json")));
        assertEquals(1, out.size(), out.toString());
        String disk = java.util.HexFormat.of().formatHex(
                java.security.MessageDigest.getInstance("SHA-1").digest(Files.readAllBytes(dir.resolve("t.log"))));
        assertEquals(disk, out.get(0).get("sha1").asText(), out.toString());
    }

    /** The lines `tot ARGS` writes in the test's directory. */
    private List<String> totLines(String... args) throws Exception {
        Process p = TotProcess.finish(TotProcess.builder(dir, List.of(args)).redirectInput(new java.io.File("/dev/null"))
                .redirectOutput(dir.resolve("lines.txt").toFile()).redirectError(dir.resolve("lines.err").toFile()), 120, "tot " + args[0]);
        assertEquals(0, p.exitValue(), Files.readString(dir.resolve("lines.err")));
        return Files.readAllLines(dir.resolve("lines.txt"));
    }

    @Test
    void execIsSetOnlyByTheExecutionsOwnProcess() throws Exception {
        String script = "cat /dev/null; cat /dev/null </dev/null";
        Result r = traceAndCompare("sh", "-c", script);
        assertEquals(0, r.status(), r.stderr());
        JsonNode sh = r.byArgs("sh", "-c", script);
        assertNull(sh.get("Cmd").get("Exec"), "the shell forked both cats: " + sh);
        assertNull(sh.get("Cmd").get("Exit"), "exit 0 (omitted)");
    }

    @Test
    void fptraceReadmeExample() throws Exception {
        String script = "echo a > a; cat a | tee b; exec test -d a";
        Result r = traceAndCompare("sh", "-c", script);
        assertEquals(1, r.status(), r.stderr());
        assertEquals(4, r.deps().size(), r.deps().toString());
        JsonNode sh = r.byArgs("sh", "-c", script), cat = r.byArgs("cat", "a"), tee = r.byArgs("tee", "b"),
                test = r.byArgs("test", "-d", "a");
        String a = dir.toRealPath().resolve("a").toString(), b = dir.toRealPath().resolve("b").toString();
        assertEquals(0, sh.get("Cmd").get("Parent").asInt());
        assertEquals(1, sh.get("Cmd").get("ID").asInt());
        assertEquals(4, sh.get("Cmd").get("Exec").asInt());
        assertNull(sh.get("Cmd").get("Exit"));
        for (JsonNode child : List.of(cat, tee, test)) assertEquals(1, child.get("Cmd").get("Parent").asInt());
        assertEquals(4, test.get("Cmd").get("ID").asInt());
        assertEquals(1, test.get("Cmd").get("Exit").asInt());
        assertTrue(Set.of("/usr/bin/cat", "/bin/cat").contains(cat.get("Cmd").get("Path").asText()));
        assertTrue(test.get("Cmd").get("Path").asText().endsWith("/test"));
        assertEquals(List.of(a), list(sh.get("Outputs")));
        assertTrue(list(cat.get("Inputs")).contains(a));
        assertEquals(List.of(b), list(tee.get("Outputs")));
        assertEquals(List.of("/dev/fptrace/pipe/1"), list(cat.get("Outputs")));
        assertTrue(list(tee.get("Inputs")).contains("/dev/fptrace/pipe/1"));
        assertEquals("/dev/fptrace/pipe/1", cat.get("FDs").get("1").asText());
        assertEquals("/dev/fptrace/pipe/1", tee.get("FDs").get("0").asText());
        // ordered by exit: sh's record ends at its exec of test, test's last
        assertEquals(4, r.deps().get(3).get("Cmd").get("ID").asInt());
        assertEquals(dir.toRealPath().toString(), sh.get("Cmd").get("Dir").asText());
    }

    @Test
    void noSeccompGivesTheSameRecords() throws Exception {
        String script = "echo a > a; cat a | tee b; exec test -d a";
        Result fast = TotProcess.log(dir, List.of(), "sh", "-c", script);
        Files.delete(dir.resolve("deps.json"));
        Result slow = TotProcess.log(dir, List.of("--no-seccomp"), "sh", "-c", script);
        assertEquals(1, slow.status());
        assertEquals(StraceOracle.fromTot(fast.deps()), StraceOracle.fromTot(slow.deps()));
    }

    @Test
    void pythonSubprocessRun() throws Exception {
        Files.writeString(dir.resolve("in.txt"), "x\n");
        Result r = traceAndCompare(PYTHON, "-c",
                "import subprocess; subprocess.run(['cat', 'in.txt'], check=True); "
                + "p = subprocess.run(['cat', 'in.txt'], stdout=subprocess.PIPE, check=True)");
        assertEquals(0, r.status(), r.stderr());
        JsonNode py = r.deps().stream().filter(n -> list(n.get("Cmd").get("Args")).get(0).equals(PYTHON)).findFirst().orElseThrow();
        List<JsonNode> cats = r.deps().stream().filter(n -> list(n.get("Cmd").get("Args")).equals(List.of("cat", "in.txt"))).toList();
        assertEquals(2, cats.size());
        String in = dir.toRealPath().resolve("in.txt").toString();
        for (JsonNode cat : cats) {
            assertEquals(py.get("Cmd").get("ID").asInt(), cat.get("Cmd").get("Parent").asInt());
            assertTrue(list(cat.get("Inputs")).contains(in));
        }
        // the second cat writes into a pipe2() pipe that python reads
        String pipe = list(cats.get(1).get("Outputs")).stream().filter(p -> p.startsWith("/dev/fptrace/pipe/")).findFirst().orElseThrow();
        assertEquals(pipe, cats.get(1).get("FDs").get("1").asText());
    }

    @Test
    void threadThatExecs() throws Exception {
        Files.writeString(dir.resolve("f.txt"), "x\n");
        Result r = traceAndCompare(PYTHON, "-c",
                "import os, threading, time\n"
                + "def run(): os.execv('/bin/cat', ['cat', 'f.txt'])\n"
                + "t = threading.Thread(target=run); t.start(); time.sleep(5)\n");
        assertEquals(0, r.status(), r.stderr());
        JsonNode cat = r.byArgs("cat", "f.txt");
        JsonNode py = r.deps().stream().filter(n -> list(n.get("Cmd").get("Args")).get(0).equals(PYTHON)).findFirst().orElseThrow();
        assertEquals(cat.get("Cmd").get("ID").asInt(), py.get("Cmd").get("Exec").asInt());
        assertEquals(py.get("Pid").asInt(), cat.get("Pid").asInt());
        assertTrue(list(cat.get("Inputs")).contains(dir.toRealPath().resolve("f.txt").toString()));
    }

    @Test
    void openThroughDirfdAfterChdir() throws Exception {
        Files.createDirectories(dir.resolve("sub/deeper"));
        Files.writeString(dir.resolve("sub/deeper/f.txt"), "x\n");
        Result r = traceAndCompare(PYTHON, "-c",
                "import os\n"
                + "os.chdir('sub')\n"
                + "d = os.open('deeper', os.O_RDONLY | os.O_DIRECTORY)\n"
                + "os.close(os.open('f.txt', os.O_RDONLY, dir_fd=d))\n"
                + "os.close(os.open('out.txt', os.O_WRONLY | os.O_CREAT, dir_fd=d))\n"
                + "os.fchdir(d)\n"
                + "open('after-fchdir.txt', 'w').close()\n");
        assertEquals(0, r.status(), r.stderr());
        JsonNode py = r.byArgs(r.deps().get(0).get("Cmd").get("Args").get(0).asText(), "-c", r.deps().get(0).get("Cmd").get("Args").get(2).asText());
        Path deeper = dir.toRealPath().resolve("sub/deeper");
        assertTrue(list(py.get("Inputs")).contains(deeper.resolve("f.txt").toString()), py.toString());
        assertTrue(list(py.get("Outputs")).containsAll(List.of(deeper.resolve("out.txt").toString(),
                deeper.resolve("after-fchdir.txt").toString())), py.toString());
        assertFalse(list(py.get("Inputs")).contains(deeper.toString()), "directories are not inputs");
    }

    @Test
    void killedBySignal() throws Exception {
        Result r = TotProcess.log(dir, List.of(), "sh", "-c", "kill -9 $$");
        assertEquals(128 + 9, r.status(), r.stderr());
        assertEquals(-9, r.deps().get(0).get("Cmd").get("Exit").asInt());
    }

    @Test
    void closeRangeAndPipe2DropFdsAtExec() throws Exception {
        CProbe.build("closerange", dir);
        Result r = traceAndCompare("./closerange");
        assertEquals(0, r.status(), r.stderr());
        JsonNode cat = r.byArgs("cat");
        List<String> fds = Result.strings(null);
        cat.get("FDs").fieldNames().forEachRemaining(fds::add);
        assertTrue(fds.contains("7"), cat.toString());
        for (String gone : List.of("3", "4", "5", "6", "8", "9")) assertFalse(fds.contains(gone), gone + " in " + cat);
        assertEquals(dir.toRealPath().resolve("kept.txt").toString(), cat.get("FDs").get("7").asText());
        assertTrue(list(cat.get("Outputs")).isEmpty(), "no pipe end survived: " + cat);
    }

    @Test
    void pipeEndClosedBeforeExecIsNotInherited() throws Exception {
        // close is not trapped by default: the fd table is checked against /proc at each exec
        Result r = traceAndCompare("sh", "-c", "echo hi | { exec 0<&- 3</dev/null 3<&-; exec cat /dev/null; }");
        assertEquals(0, r.status(), r.stderr());
        JsonNode cat = r.byArgs("cat", "/dev/null");
        assertFalse(cat.get("FDs").has("0"), "stdin was closed: " + cat);
        assertFalse(cat.get("FDs").has("3"), "fd 3 was opened and closed: " + cat);
        assertTrue(list(cat.get("Inputs")).stream().noneMatch(p -> p.startsWith("/dev/fptrace/pipe/")), cat.toString());
    }

    @Test
    void missingCommand() throws Exception {
        Result r = TotProcess.log(dir, List.of(), "no-such-command-tot");
        assertEquals(127, r.status());
        assertEquals("tot: no-such-command-tot: command not found", r.stderr().strip());
        // a name with terminal escapes and a newline cannot set the title or forge a line of tot's
        r = TotProcess.log(dir, List.of(), "x\u001b]0;title\u0007\ntot: all good");
        assertEquals(127, r.status());
        assertEquals("tot: x\\x1b]0;title\\x07\\ntot: all good: command not found", r.stderr().strip());
        r = TotProcess.log(dir, List.of("-o", "no\u001bdir/e.jsonl"), "true");
        assertEquals("tot: no\\x1bdir/e.jsonl: directory " + dir + "/no\\x1bdir does not exist", r.stderr().strip());
        assertFalse(Files.exists(dir.resolve("deps.json")));
    }

    @Test
    void interruptedBySigint() throws Exception {
        // SIGINT to tot alone (not from a terminal): tot passes it on, the shell's trap runs, deps.json is written.
        // tot handles it whatever it was given; the command gets what tot was given (a shell cannot trap a signal
        // ignored on entry), so it is reset first: Maven run as a background job would pass SIGINT ignored.
        Process p = TotProcess.builder(dir, List.of("log", "-d", "deps.json", "--", PYTHON, "-c", SH_WITH_SIGINT,
                "trap 'echo trapped > trapped.txt; exit 3' INT; echo ready > ready.txt; while :; do sleep 0.1; done"))
                .redirectError(dir.resolve("stderr.txt").toFile()).start();
        for (int i = 0; i < 200 && !Files.exists(dir.resolve("ready.txt")); i++) Thread.sleep(50);
        assertTrue(Files.exists(dir.resolve("ready.txt")), "the command did not start");
        new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "tot did not finish after SIGINT");
        Result r = TotProcess.read(dir, p.exitValue());
        assertEquals(3, r.status(), r.stderr());
        assertTrue(Files.exists(dir.resolve("trapped.txt")));
        JsonNode sh = r.deps().stream().filter(n -> list(n.get("Cmd").get("Args")).get(0).equals("sh")).findFirst().orElseThrow();
        assertEquals(3, sh.get("Cmd").get("Exit").asInt());
        assertTrue(list(sh.get("Outputs")).contains(dir.toRealPath().resolve("trapped.txt").toString()));
    }

    /**
     * A command that ignores SIGTERM and SIGHUP: the third interrupt kills the traced processes,
     * and so does each later one, said once (every one from the third on printed the line again).
     */
    @Test
    void theThirdInterruptKillsAndSaysSoOnce() throws Exception {
        Process p = TotProcess.builder(dir, List.of("log", "--no-db", "-d", "deps.json", "--", "sh", "-c",
                "trap '' TERM HUP; echo ready > ready.txt; while :; do sleep 0.1; done"))
                .redirectError(dir.resolve("stderr.txt").toFile()).start();
        for (int i = 0; i < 200 && !Files.exists(dir.resolve("ready.txt")); i++) Thread.sleep(50);
        assertTrue(Files.exists(dir.resolve("ready.txt")), "the command did not start");
        for (String signal : List.of("-TERM", "-HUP", "-TERM", "-HUP", "-TERM")) {
            new ProcessBuilder("kill", signal, Long.toString(p.pid())).start().waitFor();
        }
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "tot did not finish");
        String err = Files.readString(dir.resolve("stderr.txt"));
        assertEquals(1, err.split("interrupted three times", -1).length - 1, err);
        assertEquals(128 + 9, p.exitValue(), "the command was SIGKILLed: tot ends so too");
    }

    /**
     * tot started with SIGINT ignored still takes a SIGINT sent to it and passes it on: it sets the
     * signal back to its default before the JVM installs its handler (which it would not do on an
     * ignored one). The command, here a Python program, handles SIGINT itself.
     */
    @Test
    void aSigintToTotStartedWithSigintIgnoredReachesTheCommand() throws Exception {
        Files.writeString(dir.resolve("h.py"), """
                import signal, sys, time
                def stop(signum, frame):
                    open('got.txt', 'w').write('SIGINT'); sys.exit(5)
                signal.signal(signal.SIGINT, stop)
                open('ready.txt', 'w').write('ready')
                time.sleep(60)
                """);
        List<String> java = TotProcess.builder(dir, List.of("log", "--no-db", "-d", "deps.json", "--", "python3", "h.py")).command();
        List<String> command = new java.util.ArrayList<>(List.of("sh", "-c", "trap '' INT; exec \"$@\"", "sh"));
        command.addAll(java);
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("out.txt").toFile()).start();
        try {
            for (int i = 0; i < 200 && !Files.exists(dir.resolve("ready.txt")); i++) Thread.sleep(50);
            assertTrue(Files.exists(dir.resolve("ready.txt")), "the command did not start: " + Files.readString(dir.resolve("out.txt")));
            new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "tot did not finish after SIGINT");
        } finally {
            p.destroyForcibly(); // on failure: tot and its command must not outlive the test
        }
        assertEquals(5, p.exitValue(), Files.readString(dir.resolve("out.txt")));
        assertEquals("SIGINT", Files.readString(dir.resolve("got.txt")));
    }

    /**
     * tot started with SIGINT and SIGQUIT ignored (a background job of a script): the command gets
     * exactly the dispositions tot was given, as it would untraced, although tot itself handles
     * SIGINT. The JVM replaces some dispositions before tot runs (an ignored SIGQUIT, glibc's own
     * signals 32 and 33), so the ./tot launcher passes what it was given: this test does the same.
     */
    @Test
    void theCommandGetsTheSignalDispositionsTotWasGiven() throws Exception {
        assertGivenDispositionsReachTheCommand(dir, List.of());
    }

    /** Starts tot, with {@code engine}'s options, as a background job would be started (SIGINT and SIGQUIT ignored). */
    static void assertGivenDispositionsReachTheCommand(Path dir, List<String> engine) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("log", "--no-db"));
        args.addAll(engine);
        args.addAll(List.of("--", "sh", "-c", "grep SigIgn /proc/$$/status > ign.txt"));
        List<String> java = TotProcess.builder(dir, args).command();
        List<String> command = new java.util.ArrayList<>(List.of("sh", "-c", "trap '' INT QUIT; "
                + "grep SigIgn /proc/$$/status > given.txt; java=$1; shift; "
                + "exec \"$java\" -Dtot.ignoredSignals=$(cut -f2 given.txt) \"$@\"", "sh"));
        command.addAll(java);
        Process p = TotProcess.finish(new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("out.txt").toFile()), 60, "tot");
        assertEquals(0, p.exitValue(), Files.readString(dir.resolve("out.txt")));
        long ignored = Long.parseLong(Files.readString(dir.resolve("ign.txt")).substring(7).strip(), 16);
        long given = Long.parseLong(Files.readString(dir.resolve("given.txt")).substring(7).strip(), 16);
        long sigint = 1L << (2 - 1), sigquit = 1L << (3 - 1);
        assertEquals(sigint | sigquit, given & (sigint | sigquit));
        assertEquals(Long.toHexString(given), Long.toHexString(ignored), "the command ignores what tot was given to ignore, and nothing else");
    }

    /**
     * Every byte passes: a command whose name, argument and directory are not UTF-8 runs (not 127),
     * gets its argument byte for byte, and deps.json records each byte (\\udcXX escapes).
     */
    @Test
    void nonUtf8CommandArgumentAndDirectoryPassUnchanged() throws Exception {
        List<String> java = TotProcess.builder(dir, List.of()).command();
        List<String> command = new java.util.ArrayList<>(List.of("sh", "-c", """
                d=$(printf 'dir\\377'); c=$(printf 'cmd\\376'); a=$(printf 'arg\\375')
                mkdir "$d" && cd "$d" && printf '#!/bin/sh\\nprintf %%s "$1" | od -An -tx1 > ../arg.hex\\n' > "$c" && chmod +x "$c"
                exec "$@" log --no-db -d "$OUT" -- "./$c" "$a"
                """, "sh"));
        command.addAll(java);
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("out.txt").toFile());
        pb.environment().put("OUT", dir.resolve("deps.json").toString());
        Process p = TotProcess.finish(pb, 60, "tot");
        assertEquals(0, p.exitValue(), Files.readString(dir.resolve("out.txt")));
        assertEquals("61 72 67 fd", Files.readString(dir.resolve("arg.hex")).strip(), "the program got its argument's bytes");
        JsonNode cmd = null;
        for (JsonNode x : TotProcess.JSON.readTree(dir.resolve("deps.json").toFile())) {
            if (x.get("Cmd").get("Parent").asInt() == 0) cmd = x.get("Cmd");
        }
        String root = dir.toRealPath() + "/dir\udcff";
        assertEquals(root, cmd.get("Dir").asText());
        assertEquals(root + "/cmd\udcfe", cmd.get("Path").asText());
        assertEquals(List.of("./cmd\udcfe", "arg\udcfd"), list(cmd.get("Args")));
    }

    /**
     * /proc shows no working directory longer than a page: relative paths after a chdir there are
     * resolved against the lexical one, not recorded as /NAME.
     */
    @Test
    void relativePathsBelowAWorkingDirectoryLongerThanAPage() throws Exception {
        Result r;
        try {
            r = TotProcess.log(dir, List.of(), PYTHON, "-c", """
                    import os
                    for i in range(45): os.mkdir('d' * 100); os.chdir('d' * 100)
                    open('deep.txt', 'w').write('x')
                    os.chdir('..')
                    open('up.txt', 'w').write('y')
                    """);
        } finally { // deeper than Java's file API can delete
            new ProcessBuilder("rm", "-rf", "d".repeat(100)).directory(dir.toFile()).start().waitFor();
        }
        assertEquals(0, r.status(), r.stderr());
        String base = dir.toRealPath() + ("/" + "d".repeat(100)).repeat(44);
        List<String> outputs = list(r.deps().get(0).get("Outputs"));
        assertTrue(base.length() > 4096);
        assertEquals(List.of(base + "/" + "d".repeat(100) + "/deep.txt", base + "/up.txt"), outputs);
    }

    /** Standard output: OutputSafetyTest (refused when the command shares it). */
    @Test
    void depsToDevNull() throws Exception {
        Process q = TotProcess.builder(dir, List.of("log", "-d", "/dev/null", "--", "true")).start();
        assertEquals(0, q.waitFor());
        assertFalse(Files.isRegularFile(Path.of("/dev/null")), "/dev/null was renamed over");
    }

    /**
     * When the command cannot be traced (here: strace already traces tot and so its children),
     * tot says why and leaves nothing behind: its stopper shell used to stay stopped for ever, and
     * strace -f, which waits for every process it follows, with it. The message names the tracer
     * that holds the command (it told root to run as root, or to set Yama's ptrace_scope).
     */
    @Test
    void anUntraceableCommandIsNotLeftStopped() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(StraceOracle.available(), "strace is needed to hold the tracer's place");
        List<String> cmd = new java.util.ArrayList<>(List.of("strace", "-f", "-qq", "-o", "/dev/null"));
        cmd.addAll(TotProcess.builder(dir, List.of("log", "--no-db", "-d", "deps.json", "--", "sleep", "300")).command());
        Process p = TotProcess.finish(new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectError(dir.resolve("err.txt").toFile()).redirectOutput(dir.resolve("out.txt").toFile()), 60, "strace -f tot");
        String err = Files.readString(dir.resolve("err.txt"));
        assertEquals(1, p.exitValue(), err);
        assertTrue(err.contains("ptrace is not permitted here"), err);
        assertTrue(java.util.regex.Pattern.compile("the command is traced already, by process [0-9]+ \\(strace\\), which traces tot")
                .matcher(err).find(), err);
        assertFalse(Files.exists(dir.resolve("deps.json")), "nothing written");
    }
}
