package tot.imports;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tot.util.Times;

/**
 * strace logs as people write them (issue 15), through `tot import` and `tot deps --from` as a
 * user runs them: each valid form imports, with the warnings it deserves; a file that is no strace
 * log is refused.
 */
class StraceLogImportTest {
    @TempDir
    Path dir;

    private static String log(String name) {
        return Path.of("testdata/strace", name).toAbsolutePath().toString();
    }

    private Path write(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content);
    }

    @Test
    void aLogThatBeginsWithAPidPrefixIsStraceNotJson() throws Exception {
        write("pid-first.log", """
                [pid  1905] select(0, NULL, NULL, NULL, {0, 198904} <unfinished ...>
                [pid 23966] ftruncate(28, 25165824)     = 0
                [pid  1905] <... select resumed> )      = 0 (Timeout)
                """);
        write("ip-first.log", "[00007f55dd3f7ad7] execve(\"/usr/bin/true\", [\"true\"], 0x7ffee08c97c8 /* 39 vars */) = 0\n"
                + "[00007f659e61dc47] exit_group(0)        = ?\n+++ exited with 0 +++\n");
        for (List<String> options : List.of(List.<String>of(), List.of("--skip-bad"))) {
            Files.deleteIfExists(dir.resolve("t.db"));
            Tot.Result r = Tot.run(dir, concat(List.of("import", "--db", "t.db"), options, List.of("pid-first.log", "ip-first.log")));
            assertEquals(0, r.status(), r.stderr());
            assertEquals(List.of("strace", "strace"), Db.column(dir.resolve("t.db"), "SELECT source FROM runs ORDER BY id"));
            assertEquals(List.of(2L), Db.column(dir.resolve("t.db"), "SELECT count(*) FROM syscalls WHERE run = 1"));
        }
    }

    /** strace on stderr: the shell's lines have no pid until it forks; it is still one process, the root of the others. */
    @Test
    void theRootOfAStderrLogIsOneProcess() throws Exception {
        Tot.Result r = Tot.run(dir, "import", "--db", "t.db", log("Y-stderr.log"));
        assertEquals(0, r.status(), r.stderr());
        Path db = dir.resolve("t.db");
        assertEquals(List.of(List.of(28233L, "/usr/bin/sh")), Db.query(db, "SELECT pid, path FROM executions WHERE parent_exec_id = 0"));
        assertEquals(List.of(0L), Db.column(db, "SELECT count(*) FROM executions WHERE pid = 0 OR pid IS NULL"));
        assertEquals(List.of(1L), Db.column(db, "SELECT count(DISTINCT parent_exec_id) FROM executions WHERE parent_exec_id <> 0"),
                "cat, tee and ls are the shell's children");
        assertEquals(List.of(0L), Db.column(db, "SELECT count(*) FROM syscalls WHERE pid = 0"));
    }

    @Test
    void timesOfDayKeepNoDateUnlessOneIsGiven() throws Exception {
        Tot.Result r = Tot.run(dir, "import", "--db", "t.db", log("tt-T-y.log"));
        assertEquals(0, r.status(), r.stderr());
        assertTrue(r.stderr().contains("--date YYYY-MM-DD"), r.stderr());
        Path db = dir.resolve("t.db");
        for (Object start : Db.column(db, "SELECT start_ns FROM executions UNION ALL SELECT start_ns FROM runs")) {
            assertTrue(Times.dateUnknown((Long) start), "a time of day: " + start);
        }
        String shown = Tot.runOut(dir, "show", "--db", "t.db");
        assertFalse(shown.contains("1970"), shown);
        assertTrue(shown.contains(" 23:38:19 "), shown);
        assertTrue(Tot.runOut(dir, "show", "--db", "t.db", "--format", "json").contains("\"start\":\"23:38:19.434275\""));

        r = Tot.run(dir, "import", "--db", "dated.db", "--date", "2024-05-01", log("tt-T-y.log"));
        assertEquals(0, r.status(), r.stderr());
        assertTrue(Tot.runOut(dir, "show", "--db", "dated.db").contains("2024-05-01 23:38:19"));

        String deps = Tot.runOut(dir, "deps", "--from", log("tt-T-y.log"));
        assertTrue(deps.contains("\"Start\": \"23:38:19.434275\""), deps);
        String dated = Tot.runOut(dir, "deps", "--from", log("tt-T-y.log"), "--date", "2024-05-01");
        String instant = LocalDateTime.of(2024, 5, 1, 23, 38, 19, 434_275_000).atZone(ZoneId.systemDefault()).toInstant().toString();
        assertTrue(dated.contains("\"Start\": \"" + instant + "\""), dated);
        assertEquals(2, Tot.run(dir, "import", "--db", "t.db", "--date", "May 1st", log("tt-T-y.log")).status());
    }

    /** A log without timestamps whose process strace left running (no exit in it): nothing starts or ends in 1970. */
    @Test
    void aLogWithoutTimesHasNone() throws Exception {
        write("running.log", """
                100 execve("/bin/sh", ["sh", "-c", "cat /etc/hostname; sleep 9"], 0x7ffd /* 1 var */) = 0
                100 openat(AT_FDCWD, "/etc/hostname", O_RDONLY) = 3
                """);
        Tot.Result r = Tot.run(dir, "import", "--db", "t.db", "running.log", log("basic.log"));
        assertEquals(0, r.status(), r.stderr());
        assertEquals(List.of(0L), Db.column(dir.resolve("t.db"), "SELECT (SELECT count(*) FROM executions WHERE start_ns IS NOT NULL"
                + " OR end_ns IS NOT NULL) + (SELECT count(*) FROM runs WHERE start_ns IS NOT NULL OR end_ns IS NOT NULL)"
                + " + (SELECT count(*) FROM accesses WHERE time_ns IS NOT NULL) + (SELECT count(*) FROM syscalls WHERE time_ns IS NOT NULL)"));
        String deps = Tot.runOut(dir, "deps", "--from", "running.log", "-o", "events.jsonl");
        assertFalse(deps.contains("\"End\"") || deps.contains("\"Start\""), deps);
        assertTrue(deps.contains("\"Inputs\": [\"/etc/hostname\"]"), deps);
        r = Tot.run(dir, "import", "--db", "events.db", "events.jsonl"); // "t": -1 throughout
        assertEquals(0, r.status(), r.stderr());
        assertEquals(List.of(List.of(0L, 0L)), Db.query(dir.resolve("events.db"), "SELECT (SELECT count(*) FROM executions"
                + " WHERE start_ns IS NOT NULL OR end_ns IS NOT NULL), (SELECT count(*) FROM accesses WHERE time_ns IS NOT NULL)"));
        assertFalse(Tot.runOut(dir, "show", "--db", "events.db").contains("1969"));
    }

    @Test
    void argvCutByStraceIsWarnedAboutOnceAndOnItsExecution() throws Exception {
        Tot.Result r = Tot.run(dir, "import", "--db", "t.db", log("basic.log"));
        assertEquals(0, r.status(), r.stderr());
        assertEquals(1, r.lines().stream().filter(l -> l.contains("-s 4096")).count(), r.stderr());
        assertTrue(r.stderr().contains("tot: warning: " + log("basic.log") + ": strace cut the arguments of 1 exec call(s)"
                + " (its -s option, 32 by default; here 32 bytes)"), r.stderr());
        assertEquals(List.of("[\"sh\", \"-c\", \"echo a > a; cat a | tee b; ls mi\"...]"),
                Db.column(dir.resolve("t.db"), "SELECT json_extract(args, '$[1]') FROM syscalls WHERE name = 'execve' LIMIT 1"),
                "the argument is marked cut");
        assertEquals(List.of("[\"strace cut this execution's argv (its -s option, line 1): Args are as the log shows them\"]"),
                Db.column(dir.resolve("t.db"), "SELECT warnings FROM executions WHERE argv LIKE '%ls mi%'"));
        String line = Tot.runOut(dir, "show", "--db", "t.db").lines().filter(l -> l.contains("ls mi")).findFirst().orElseThrow();
        assertTrue(line.contains("# argv cut short: /usr/bin/sh -c 'echo a > a; cat a | tee b; ls mi'"), "not offered to paste: " + line);
    }

    /** With -v (or -e abbrev=none) strace shows the environment, cut at -s too; an import records none of it: no warning. */
    @Test
    void anEnvironmentCutByStraceIsNoReasonToWarn() throws Exception {
        Path p = write("env.log", """
                7 execve("/bin/ls", ["ls"], ["PATH=/usr/bin:/bin", "LS_COLORS=rs=0:di=01;34:ln=01;36"...]) = 0
                7 exit_group(0)                     = ?
                7 +++ exited with 0 +++
                """);
        Tot.Result r = Tot.run(dir, "deps", "--from", p.toString(), "-d", "env.json");
        assertEquals(0, r.status(), r.stderr());
        assertFalse(r.stderr().contains("cut"), r.stderr());
        assertFalse(Files.readString(dir.resolve("env.json")).contains("Warnings"));
    }

    /**
     * Options that hide what an import needs say so: argv as an address (-e verbose=none), a pipe's
     * fds as an address or cut by -s, no forks (-e trace=file).
     */
    @Test
    void optionsThatHideWhatTheImportNeedsAreWarnedAbout() throws Exception {
        Path p = write("hidden.log", """
                7 execve("/bin/sh", 0x7ffd12345678, 0x7ffd12345690) = 0
                7 pipe2(0x7ffe4946c078, 0)          = 0
                7 pipe2([...], 0)                   = 0
                7 pipe2([3, ...], 0)                = 0
                7 openat(AT_FDCWD, "a", O_RDONLY) = 3
                8 execve("/bin/cat", ["cat", "a"], 0x55d0 /* 3 vars */) = 0
                8 openat(AT_FDCWD, "a", O_RDONLY) = 3
                8 exit_group(0)                     = ?
                8 +++ exited with 0 +++
                7 exit_group(0)                     = ?
                7 +++ exited with 0 +++
                """);
        Tot.Result r = Tot.run(dir, "deps", "--from", p.toString(), "-d", "h.json");
        assertEquals(0, r.status(), r.stderr());
        assertTrue(r.stderr().contains("strace printed the arguments of 1 exec call(s) as an address (-e verbose=none, or -e raw=)"),
                r.stderr());
        assertTrue(r.stderr().contains("the log shows 2 tasks but no clone, fork or vfork"), r.stderr());
        // -s 0 prints a pipe's fds as [...], -s 1 as [3, ...]: its other end is as unknown as behind an address
        assertTrue(r.stderr().contains("strace printed the fds of 3 pipe call(s) as an address or cut them short"
                + " (-e verbose=none, or -s 0 or 1)"), r.stderr());
        Path failed = write("failed.log", """
                7 openat(AT_FDCWD, "missing", O_RDONLY) = -1 ENOENT (No such file or directory)
                7 access("/etc/ld.so.preload", R_OK) = -1 ENOENT (No such file or directory)
                """);
        Tot.Result z = Tot.run(dir, "deps", "--from", failed.toString(), "-d", "f.json");
        assertEquals(0, z.status(), z.stderr());
        assertTrue(z.stderr().contains("every call in the log failed (strace -Z, or -e status=failed)"), z.stderr());
        Tot.Result plain = Tot.run(dir, "deps", "--from", log("basic.log"), "-d", "b.json");
        assertFalse(plain.stderr().contains("as an address") || plain.stderr().contains("no clone") || plain.stderr().contains("every call"),
                plain.stderr());
    }

    /**
     * A log without %process shows no fork: a task that never execs (a subshell, a thread) is an
     * execution of its own with an empty Path, not dropped; paths strace printed as numbers
     * (-e raw=) are said to be missing.
     */
    @Test
    void tasksWhoseForkTheLogDoesNotShowKeepTheirAccesses() throws Exception {
        Path p = write("nofork.log", """
                7 execve("/bin/sh", ["sh", "-c", "(echo x > out1)"], 0x55d0 /* 3 vars */) = 0
                8 openat(AT_FDCWD, "out1", O_WRONLY|O_CREAT|O_TRUNC, 0666) = 3
                8 exit_group(0)                     = ?
                8 +++ exited with 0 +++
                7 openat(0xffffff9c, 0x7fd9fa1560b1, 0x80000, 0) = 0x3
                7 exit_group(0)                     = ?
                7 +++ exited with 0 +++
                """);
        Tot.Result r = Tot.run(dir, "deps", "--from", p.toString(), "--cwd", "/w", "-d", "n.json");
        assertEquals(0, r.status(), r.stderr());
        assertTrue(r.stderr().contains("strace printed the path of 1 call(s) as a number (-e raw=)"), r.stderr());
        com.fasterxml.jackson.databind.JsonNode xs = ImportTest.JSON.readTree(dir.resolve("n.json").toFile());
        com.fasterxml.jackson.databind.JsonNode sub = null;
        for (com.fasterxml.jackson.databind.JsonNode x : xs) if (x.get("Cmd").get("Path").asText().isEmpty()) sub = x;
        assertNotNull(sub, xs.toString());
        assertEquals("[\"/w/out1\"]", sub.get("Outputs").toString());
        assertTrue(sub.get("Warnings").toString().contains("the log shows no fork of this task"), sub.toString());
    }

    /** A log kept gzip'd (by its first bytes, whatever its name) is read as it is: the same executions as the plain log. */
    @Test
    void aGzippedLogIsReadAsItIs() throws Exception {
        Path gz = dir.resolve("basic.log.gz");
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(Files.readAllBytes(Path.of(log("basic.log"))));
        }
        assertEquals(files(log("basic.log")), files(gz.toString()));
        Tot.Result r = Tot.run(dir, "import", "--db", "gz.db", gz.toString());
        assertEquals(0, r.status(), r.stderr());
    }

    /** tot deps skips, with --skip-bad, the lines strace would not print (a program's output in its stderr), and counts them. */
    @Test
    void depsSkipsBadLinesWhenAsked() throws Exception {
        String basic = Files.readString(Path.of(log("basic.log")), java.nio.charset.StandardCharsets.ISO_8859_1);
        int cut = basic.indexOf('\n', basic.indexOf('\n') + 1) + 1;
        Path mixed = write("mixed.log", basic.substring(0, cut) + "hello from the program\n" + basic.substring(cut));
        assertEquals(2, Tot.run(dir, "deps", "--from", mixed.toString(), "-d", "m.json").status());
        Tot.Result r = Tot.run(dir, "deps", "--from", mixed.toString(), "--skip-bad", "-d", "m.json");
        assertEquals(0, r.status(), r.stderr());
        assertTrue(r.stderr().contains("tot: skipped 1 unparsable strace line(s)"), r.stderr());
        Path whole = write("whole.log", basic);
        assertEquals(files(whole.toString()), files(mixed.toString(), "--skip-bad"));
    }

    /** strace 4.6 wrote its vfork messages into the middle of lines (its stderr was the log): refused before. */
    @Test
    void aStrace46LogWithVforkMessagesGivesTheTree() throws Exception {
        Path p = write("gcc46.log", """
                execve("/usr/bin/gcc", ["gcc", "a.c"], [/* 50 vars */]) = 0
                open("/etc/ld.so.cache", O_RDONLY|O_CLOEXEC) = 3
                vfork(Process 31990 attached (waiting for parent)
                Process 31990 resumed (parent 31989 ready)
                )                                 = 31990
                [pid 31989] wait4(31990, Process 31989 suspended
                 <unfinished ...>
                [pid 31990] execve("/usr/lib/cc1", ["cc1", "a.c"], [/* 53 vars */]) = 0
                [pid 31990] open("a.c", O_RDONLY) = 3
                [pid 31990] open("/tmp/cc.s", O_WRONLY|O_CREAT|O_TRUNC, 0666) = 4
                [pid 31990] exit_group(0)               = ?
                Process 31989 resumed
                Process 31990 detached
                <... wait4 resumed> [{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0, NULL) = 31990
                --- SIGCHLD (Child exited) @ 0 (0) ---
                unlink("/tmp/cc.s")               = 0
                exit_group(0)                           = ?
                """);
        Tot.Result r = Tot.run(dir, "deps", "--from", p.toString(), "--cwd", "/src", "-d", "a.json");
        assertEquals(0, r.status(), r.stderr());
        com.fasterxml.jackson.databind.JsonNode xs = ImportTest.JSON.readTree(dir.resolve("a.json").toFile());
        assertEquals(2, xs.size(), xs.toString());
        com.fasterxml.jackson.databind.JsonNode cc1 = xs.get(0), gcc = xs.get(1);
        assertEquals(List.of("/usr/lib/cc1", "1", "[\"/src/a.c\"]", "[\"/tmp/cc.s\"]"), List.of(cc1.get("Cmd").get("Path").asText(),
                cc1.get("Cmd").get("Parent").asText(), cc1.get("Inputs").toString(), cc1.get("Outputs").toString()));
        assertEquals(List.of("/usr/bin/gcc", "[\"/tmp/cc.s\"]"), List.of(gcc.get("Cmd").get("Path").asText(),
                gcc.get("Deleted").toString()));
    }

    /**
     * A log of {@code strace -p} begins in a running process's calls: one execution of an
     * unknown program, with what it opened and the warning (its calls were dropped silently).
     * A log without pids keeps /proc/self as it is (the process's pid is not in it; /proc/0 was made up).
     */
    @Test
    void aLogThatBeginsInARunningProcessIsAnExecutionOfAnUnknownProgram() throws Exception {
        Path p = write("attached.log", """
                Process 29579 attached - interrupt to quit
                read(15, "GET / HTTP/1.1"..., 8000) = 330
                open("/etc/hosts", O_RDONLY|O_CLOEXEC) = 16
                open("/var/log/app.log", O_WRONLY|O_CREAT|O_APPEND, 0644) = 17
                open("/proc/self/maps", O_RDONLY) = 18
                close(16)                               = 0
                """);
        Tot.Result r = Tot.run(dir, "deps", "--from", p.toString(), "-d", "a.json");
        assertEquals(0, r.status(), r.stderr());
        assertTrue(r.stderr().contains("the log begins in this process's calls, not at its exec (strace -p attached to it"),
                r.stderr());
        com.fasterxml.jackson.databind.JsonNode x = ImportTest.JSON.readTree(dir.resolve("a.json").toFile()).get(0);
        assertEquals("", x.get("Cmd").get("Path").asText());
        assertEquals("[\"/etc/hosts\",\"/proc/29579/maps\"]", x.get("Inputs").toString(), "the pid strace attached to");
        assertEquals("[\"/var/log/app.log\"]", x.get("Outputs").toString());
        Path noPid = write("nopid.log", """
                execve("./app", ["./app"], 0x7fffa7deba28 /* 60 vars */) = 0
                openat(AT_FDCWD, "/proc/self/maps", O_RDONLY|O_CLOEXEC) = 3
                exit_group(0)                           = ?
                +++ exited with 0 +++
                """);
        assertEquals("[\"/proc/self/maps\"]", ImportTest.JSON.readTree(Tot.runOut(dir, "deps", "--from", noPid.toString(), "-d", "-"))
                .get(0).get("Inputs").toString());
        Tot.Result plain = Tot.run(dir, "deps", "--from", log("basic.log"), "-d", "b.json");
        assertFalse(plain.stderr().contains("the log begins"), plain.stderr());
    }

    /**
     * strace -y shows the working directory ({@code AT_FDCWD</dir>}): before the first chdir that
     * is where the command started, the default instead of the current directory; a --cwd it
     * contradicts is used, with a warning.
     */
    @Test
    void theStartingDirectoryStraceYShowsIsTheDefault() throws Exception {
        Path p = write("y.log", """
                1234  execve("./prime", ["./prime"], 0x7ffd /* 20 vars */) = 0
                1234  openat(AT_FDCWD</workspaces/lab1>, "numbers.txt", O_RDONLY) = 3</workspaces/lab1/numbers.txt>
                1234  chdir("/tmp")                   = 0
                1234  openat(AT_FDCWD</tmp>, "output.txt", O_WRONLY|O_CREAT|O_TRUNC, 0644) = 4</tmp/output.txt>
                1234  exit_group(0)                   = ?
                1234  +++ exited with 0 +++
                """);
        com.fasterxml.jackson.databind.JsonNode x = ImportTest.JSON.readTree(Tot.runOut(dir, "deps", "--from", p.toString(), "-d", "-"))
                .get(0);
        assertEquals("/workspaces/lab1", x.get("Cmd").get("Dir").asText());
        assertEquals("[\"/workspaces/lab1/numbers.txt\"]", x.get("Inputs").toString());
        assertEquals("[\"/tmp/output.txt\"]", x.get("Outputs").toString());
        Tot.Result given = Tot.run(dir, "deps", "--from", p.toString(), "-d", "g.json", "--cwd", "/elsewhere");
        assertEquals(0, given.status(), given.stderr());
        assertTrue(given.stderr().contains("the log shows the command started in /workspaces/lab1, --cwd says /elsewhere"),
                given.stderr());
        assertTrue(Files.readString(dir.resolve("g.json")).contains("/elsewhere/numbers.txt"));
    }

    /**
     * A log without AT_FDCWD</dir> can still say where the command started: a getcwd (make's
     * first calls in aboutcode-org/tracecode-toolkit-strace's strace-4.8 build, a -ff set with
     * no -y), or -y's path of what a relative open returned (open has no dirfd). Each process
     * tree takes the first it shows before a chdir could have moved it (here the child's chdir
     * before its getcwd says nothing of where the parent began); a name that leads elsewhere (a
     * symlink) says nothing.
     */
    @Test
    void aGetcwdOrARelativeOpenShowsWhereTheCommandStarted() throws Exception {
        Path make = write("make.log", """
                1389273596.960000 execve("/usr/bin/make", ["make"], [/* 30 vars */]) = 0
                1389273596.967776 getcwd("/home/nexb/tools/strace/strace-4.8", 4096) = 35
                1389273596.968465 open("Makefile", O_RDONLY) = 4
                1389273596.970000 exit_group(0)           = ?
                """);
        com.fasterxml.jackson.databind.JsonNode x = ImportTest.JSON.readTree(Tot.runOut(dir, "deps", "--from", make.toString(), "-d", "-"))
                .get(0);
        assertEquals("/home/nexb/tools/strace/strace-4.8", x.get("Cmd").get("Dir").asText());
        assertEquals("[\"/home/nexb/tools/strace/strace-4.8/Makefile\"]", x.get("Inputs").toString());
        Path open = write("open.log", """
                10 execve("/bin/sh", ["sh", "-c", "cd sub; cat a; cat ../b"], 0x7ffd0000 /* 3 vars */) = 0
                10 clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7f) = 11
                11 chdir("sub") = 0
                11 getcwd("/home/u/sub", 4096) = 12
                11 exit_group(0) = ?
                10 open("./c/../link", O_RDONLY) = 3</home/u/c/target>
                10 open("link", O_RDONLY) = 3</home/u/elsewhere/target>
                10 open("./d//e", O_RDONLY) = 3</home/u/d/e>
                10 open("f", O_RDONLY) = 3</home/u/f>
                10 exit_group(0) = ?
                """);
        x = ImportTest.JSON.readTree(Tot.runOut(dir, "deps", "--from", open.toString(), "-d", "-")).get(0);
        assertEquals("/home/u", x.get("Cmd").get("Dir").asText());
        assertEquals("[\"/home/u/link\",\"/home/u/d/e\",\"/home/u/f\"]", x.get("Inputs").toString());
        Tot.Result given = Tot.run(dir, "deps", "--from", make.toString(), "-d", "g.json", "--cwd", "/elsewhere");
        assertTrue(given.stderr().contains("the log shows the command started in /home/nexb/tools/strace/strace-4.8, --cwd says"
                + " /elsewhere"), given.stderr());
    }

    /**
     * strace -f -p of a running process says {@code Process N attached with M threads}: the tasks
     * no logged clone made (at most M) are its threads, one execution with pid N, not one each
     * blamed on an -e trace= (remenska/ProcessPool's strace.txt, strace 4; the open is made up).
     * Two such processes cannot be told apart: split, and the warning says what happened.
     */
    @Test
    void threadsStraceAttachedWithTheirProcessAreOneExecution() throws Exception {
        String threads = """
                Process 25557 attached with 4 threads - interrupt to quit
                [pid 25678] futex(0x1dd82d0, FUTEX_WAIT_PRIVATE, 0, NULL <unfinished ...>
                [pid 25590] select(0, NULL, NULL, NULL, {0, 959044} <unfinished ...>
                [pid 25557] futex(0x7f3707b4c000, FUTEX_WAIT, 0, NULL <unfinished ...>
                [pid 25590] <... select resumed> )      = 0 (Timeout)
                [pid 25590] getcwd("/opt/dirac", 4096) = 11
                [pid 25590] open("etc/dirac.cfg", O_RDONLY) = 5
                [pid 25590] select(0, NULL, NULL, NULL, {1, 0}^C <unfinished ...>
                """;
        Tot.Result r = Tot.run(dir, "deps", "--from", write("p.log", threads).toString(), "-d", "p.json");
        assertEquals(0, r.status(), r.stderr());
        com.fasterxml.jackson.databind.JsonNode d = ImportTest.JSON.readTree(dir.resolve("p.json").toFile());
        assertEquals(1, d.size(), d.toString());
        assertEquals(25557, d.get(0).get("Pid").asInt(), d.toString());
        assertEquals("[\"/opt/dirac/etc/dirac.cfg\"]", d.get(0).get("Inputs").toString());
        assertFalse(r.stderr().contains("trace="), r.stderr());
        assertTrue(r.stderr().contains("strace -p attached to it"), r.stderr());
        r = Tot.run(dir, "deps", "--from", write("two.log", "Process 7 attached with 2 threads\n" + threads).toString(), "-d", "t.json");
        assertEquals(3, ImportTest.JSON.readTree(dir.resolve("t.json").toFile()).size());
        assertTrue(r.stderr().contains("strace attached to running threads, Process 7 attached with 2 threads, Process 25557 attached"
                + " with 4 threads, that the log cannot match to them"), r.stderr());
    }

    /**
     * After a chdir through a symlink to a directory the kernel's working directory is the
     * target, and `..` its parent: strace -y shows it ({@code AT_FDCWD</dir>}), and that is the
     * task's from there on (the lexical one gave files that never existed).
     */
    @Test
    void theWorkingDirectoryStraceYShowsAfterAChdirThroughASymlinkIsTheTasks() throws Exception {
        Path p = write("ycd.log", """
                1234  execve("/bin/cat", ["cat"], 0x7ffd /* 20 vars */) = 0
                1234  chdir("lb")                       = 0
                1234  openat(AT_FDCWD</w/real/a/b>, "file.txt", O_RDONLY) = 3</w/real/a/b/file.txt>
                1234  openat(AT_FDCWD</w/real/a/b>, "../out1.txt", O_WRONLY|O_CREAT|O_TRUNC, 0644) = 4</w/real/a/out1.txt>
                1234  exit_group(0)                     = ?
                1234  +++ exited with 0 +++
                """);
        com.fasterxml.jackson.databind.JsonNode x = ImportTest.JSON.readTree(
                Tot.runOut(dir, "deps", "--from", p.toString(), "--cwd", "/w", "-d", "-")).get(0);
        assertEquals(List.of("[\"/w/real/a/b/file.txt\"]", "[\"/w/real/a/out1.txt\"]"),
                List.of(x.get("Inputs").toString(), x.get("Outputs").toString()));
    }

    /**
     * A program's output glued into an open's flags (a log of strace's stderr mixed with the
     * program's): the access mode cannot be read, which is said, not silently taken as O_RDONLY.
     * Flags as strace prints them (names, -X raw numbers, unknown bits) draw no warning.
     */
    @Test
    void openFlagsStraceWouldNotPrintAreWarnedAbout() throws Exception {
        Path p = write("glued.log", """
                execve("./a.out", ["./a.out"], 0x7ffc4b51da98 /* 53 vars */) = 0
                openat(AT_FDCWD, "history.txt", O_RDWR|O_CREATtshell: /home/u $, 0644) = 3
                openat(AT_FDCWD, "a", O_RDONLY|O_CLOEXEC|0x80000000) = 4
                openat(AT_FDCWD, "b", 0x241, 0666) = 5
                open("c", O_WRONLY|O_CREAT|O_TRUNC|O_LARGEFILE, 0666) = 6
                openat2(AT_FDCWD, "d", {flags=O_RDONLY|O_CLOEXEC, resolve=RESOLVE_NO_SYMLINKS}, 24) = 7
                exit_group(0)                           = ?
                +++ exited with 0 +++
                """);
        Tot.Result r = Tot.run(dir, "deps", "--from", p.toString(), "-d", "g.json");
        assertEquals(0, r.status(), r.stderr());
        assertTrue(r.stderr().contains("line 2: openat's flags are not as strace prints them (O_RDWR|O_CREATtshell: /home/u $"),
                r.stderr());
        assertEquals(1, r.stderr().lines().filter(l -> l.contains("flags are not")).count(), r.stderr());
    }

    /**
     * openat2 with RESOLVE_IN_ROOT: "/" and ".." name the directory fd, as the kernel resolves
     * them, so a program cannot have a file made in its directory recorded as /etc/passwd.
     */
    @Test
    void openat2InRootResolvesInItsDirectory() throws Exception {
        Path p = write("inroot.log", """
                execve("./a.out", ["./a.out"], 0x7ffc4b51da98 /* 53 vars */) = 0
                openat(AT_FDCWD, "sub", O_RDONLY|O_DIRECTORY) = 3
                openat2(3, "/etc/passwd", {flags=O_WRONLY|O_CREAT, mode=0644, resolve=RESOLVE_IN_ROOT}, 24) = 4
                openat2(3, "../../../up", {flags=O_WRONLY|O_CREAT, mode=0644, resolve=RESOLVE_NO_XDEV|RESOLVE_IN_ROOT}, 24) = 5
                openat2(3, "../beside", {flags=O_WRONLY|O_CREAT, mode=0644, resolve=RESOLVE_NO_SYMLINKS}, 24) = 6
                exit_group(0)                           = ?
                +++ exited with 0 +++
                """);
        Tot.Result r = Tot.run(dir, "deps", "--from", p.toString(), "--cwd", "/w", "-d", "r.json");
        assertEquals(0, r.status(), r.stderr());
        com.fasterxml.jackson.databind.JsonNode x = ImportTest.JSON.readTree(dir.resolve("r.json").toFile()).get(0);
        assertEquals("[\"/w/sub/etc/passwd\",\"/w/sub/up\",\"/w/beside\"]", x.get("Outputs").toString());
    }

    /**
     * strace -X verbose with -y prints a dirfd as its number, its name in a comment, then its
     * path: {@code -100 /* AT_FDCWD *}{@code /</w/run>}. The path is -y's as after a name alone:
     * the start directory, and the calls' paths.
     */
    @Test
    void xVerboseWithYKeepsTheDirfdsPath() throws Exception {
        Path p = write("xv.log", """
                7 execve("/usr/bin/mv", ["mv", "b", "c"], 0x7ffd2a8f0b58 /* 20 vars */) = 0
                7 renameat2(-100 /* AT_FDCWD */</w/run>, "b", -100 /* AT_FDCWD */</w/run>, "c", 0x1 /* RENAME_NOREPLACE */) = 0
                7 unlinkat(-100 /* AT_FDCWD */</w/run>, "s", 0) = 0
                7 exit_group(0)                           = ?
                7 +++ exited with 0 +++
                """);
        Tot.Result r = Tot.run(dir, "deps", "--from", p.toString(), "-d", "x.json");
        assertEquals(0, r.status(), r.stderr());
        com.fasterxml.jackson.databind.JsonNode x = ImportTest.JSON.readTree(dir.resolve("x.json").toFile()).get(0);
        assertEquals("[\"/w/run/c\"]", x.get("Outputs").toString());
        assertEquals("[\"/w/run/b\",\"/w/run/s\"]", x.get("Deleted").toString());
    }

    /** After chroot, names resolve in the new root: "/" and ".." stay in it; a working directory left outside is not. */
    @Test
    void namesAfterChrootAreInTheNewRoot() throws Exception {
        Path p = write("chroot.log", """
                execve("./a.out", ["./a.out"], 0x7ffc4b51da98 /* 53 vars */) = 0
                chroot("jail")                          = 0
                openat(AT_FDCWD, "outside.txt", O_WRONLY|O_CREAT|O_TRUNC, 0644) = 3
                chdir("/")                              = 0
                openat(AT_FDCWD, "/abs.txt", O_WRONLY|O_CREAT|O_TRUNC, 0644) = 4
                openat(AT_FDCWD, "../../up.txt", O_WRONLY|O_CREAT|O_TRUNC, 0644) = 5
                exit_group(0)                           = ?
                +++ exited with 0 +++
                """);
        Tot.Result r = Tot.run(dir, "deps", "--from", p.toString(), "--cwd", "/w", "-d", "c.json");
        assertEquals(0, r.status(), r.stderr());
        com.fasterxml.jackson.databind.JsonNode x = ImportTest.JSON.readTree(dir.resolve("c.json").toFile()).get(0);
        assertEquals("[\"/w/outside.txt\",\"/w/jail/abs.txt\",\"/w/jail/up.txt\"]", x.get("Outputs").toString());
    }

    /** ioctl(FIONCLEX) and ioctl(FIOCLEX), by name or as numbers (-X raw), decide what an exec inherits, as F_SETFD does. */
    @Test
    void closeOnExecSetByIoctlDecidesWhatIsInherited() throws Exception {
        for (String[] requests : List.of(new String[] {"FIONCLEX", "FIOCLEX"}, new String[] {"0x5450", "0x5451"})) {
            Path p = write("ioctl.log", """
                    1 execve("/usr/bin/python3", ["python3"], 0x7ffc4b51da98 /* 53 vars */) = 0
                    1 openat(AT_FDCWD, "data.txt", O_RDONLY|O_CLOEXEC) = 3
                    1 ioctl(3, %s)                  = 0
                    1 openat(AT_FDCWD, "other.txt", O_RDONLY) = 4
                    1 ioctl(4, %s)                  = 0
                    1 vfork()                          = 2
                    2 execve("/usr/bin/cat", ["cat", "/dev/fd/3"], 0x7ffc4b51da98 /* 53 vars */) = 0
                    2 openat(AT_FDCWD, "/dev/fd/3", O_RDONLY) = 5
                    2 exit_group(0)                     = ?
                    2 +++ exited with 0 +++
                    1 exit_group(0)                     = ?
                    1 +++ exited with 0 +++
                    """.formatted(requests[0], requests[1]));
            Tot.Result r = Tot.run(dir, "deps", "--from", p.toString(), "--cwd", "/w", "-d", "c.json");
            assertEquals(0, r.status(), r.stderr());
            com.fasterxml.jackson.databind.JsonNode cat = ImportTest.JSON.readTree(dir.resolve("c.json").toFile()).get(0);
            assertEquals("{\"3\":\"/w/data.txt\"}", cat.get("FDs").toString(), requests[0]);
            assertEquals("[\"/w/data.txt\"]", cat.get("Inputs").toString(), requests[0]);
        }
    }

    /**
     * strace to stderr: the root forks and exits before strace attaches its child, whose lines
     * then have no prefix (one task again): they are the child's, below the root's clone.
     */
    @Test
    void aChildAttachedAfterTheRootExitedOwnsTheUnprefixedLines() throws Exception {
        Path p = write("se.log", """
                execve("/usr/bin/sh", ["sh", "-c", "sh -c \\"cat in > out\\" & echo started"], 0x7ffea13605c8 /* 35 vars */) = 0
                clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7f60018eba10) = 29429
                write(1, "started\\n", 8)                = 8
                exit_group(0)                           = ?
                +++ exited with 0 +++
                strace: Process 29429 attached
                execve("/usr/bin/sh", ["sh", "-c", "cat in > out"], 0x55977ca43b00 /* 35 vars */) = 0
                openat(AT_FDCWD, "out", O_WRONLY|O_CREAT|O_TRUNC, 0666) = 3
                exit_group(0)                           = ?
                +++ exited with 0 +++
                """);
        Tot.Result r = Tot.run(dir, "deps", "--from", p.toString(), "--cwd", "/w", "-d", "c.json");
        assertEquals(0, r.status(), r.stderr());
        assertEquals("", r.stderr());
        com.fasterxml.jackson.databind.JsonNode d = ImportTest.JSON.readTree(dir.resolve("c.json").toFile());
        assertEquals(2, d.size(), d.toString());
        com.fasterxml.jackson.databind.JsonNode inner = d.get(0).get("Cmd").get("ID").asInt() == 2 ? d.get(0) : d.get(1);
        assertEquals(1, inner.get("Cmd").get("Parent").asInt(), d.toString());
        assertEquals(29429, inner.get("Pid").asInt());
        assertEquals("[\"/w/out\"]", inner.get("Outputs").toString());
    }

    /** A line --skip-bad skips says nothing of the log's times: a program's "169.254.0.0/16 …" is no strace -r time. */
    @Test
    void aSkippedLineDoesNotDecideTheTimes() throws Exception {
        Path p = write("skipped.log", """
                execve("./a.out", ["./a.out"], 0x7ffc4b51da98 /* 53 vars */) = 0
                169.254.0.0/16 dev ens33 scope link metric 1000
                openat(AT_FDCWD, "a", O_RDONLY) = 3
                exit_group(0)                           = ?
                +++ exited with 0 +++
                """);
        Tot.Result r = Tot.run(dir, "import", "--skip-bad", "--db", "s.db", p.toString());
        assertEquals(0, r.status(), r.stderr());
        assertFalse(r.stderr().contains("strace -r"), r.stderr());
    }

    /** strace cuts read and write data at -s too; tot records none of it, so that is no reason to warn. */
    @Test
    void dataCutByStraceIsNoReasonToWarn() throws Exception {
        Path p = write("data.log", """
                7 execve("/usr/bin/cat", ["cat", "f"], 0x7ffd /* 3 vars */) = 0
                7 openat(AT_FDCWD, "f", O_RDONLY) = 3
                7 read(3, "0123456789012345678901234567890123456789"..., 131072) = 100
                7 exit_group(0)                     = ?
                7 +++ exited with 0 +++
                """);
        Tot.Result r = Tot.run(dir, "import", "--db", "t.db", p.toString());
        assertEquals(0, r.status(), r.stderr());
        assertFalse(r.stderr().contains("warning"), r.stderr());
        assertEquals(List.of(dir.resolve("f").toString()), Db.column(dir.resolve("t.db"),
                "SELECT p.path FROM accesses a JOIN paths p ON p.id = a.path WHERE a.kind = 'read'"));
    }

    /**
     * A thread made by clone3 (glibc's pthread_create), whose flags strace prints with what the
     * kernel filled in ({flags=…} => {parent_tid=[N]}), shares its process's cwd and fds, and its
     * /proc/self is the process's.
     */
    @Test
    void aThreadOfClone3SharesItsProcesssCwdFdsAndProcSelf() throws Exception {
        Path p = write("threads.log", """
                100 execve("/usr/bin/python3", ["python3", "thr.py"], 0x7ffd /* 3 vars */) = 0
                100 clone3({flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM|CLONE_SETTLS|CLONE_PARENT_SETTID|CLONE_CHILD_CLEARTID, child_tid=0x7f, parent_tid=0x7f, exit_signal=0, stack=0x7f, stack_size=0x7fff80, tls=0x7f} <unfinished ...>
                101 rseq(0x7f, 0x20, 0, 0x53053053 <unfinished ...>
                100 <... clone3 resumed> => {parent_tid=[101]}, 88) = 101
                101 <... rseq resumed>) = 0
                101 chdir("sub") = 0
                101 openat(AT_FDCWD, "/proc/self/status", O_RDONLY|O_CLOEXEC) = 3
                101 openat(AT_FDCWD, "log", O_WRONLY|O_CREAT|O_APPEND, 0666) = 4
                101 exit(0) = ?
                101 +++ exited with 0 +++
                100 openat(AT_FDCWD, "out.txt", O_WRONLY|O_CREAT|O_TRUNC|O_CLOEXEC, 0666) = 5
                100 fcntl(4, F_DUPFD_CLOEXEC, 0) = 6
                100 exit_group(0) = ?
                100 +++ exited with 0 +++
                """);
        String deps = Tot.runOut(dir, "deps", "--from", p.toString(), "-d", "-", "--cwd", "/w");
        com.fasterxml.jackson.databind.JsonNode python = ImportTest.JSON.readTree(deps).get(0);
        assertEquals("[\"/proc/100/status\"]", python.get("Inputs").toString(), deps);
        assertEquals("[\"/w/sub/log\",\"/w/sub/out.txt\"]", python.get("Outputs").toString(), deps);
        assertFalse(python.has("Warnings"), "fd 4, opened by the thread, is known to the process: " + deps);
    }

    /** Real -X raw and -X verbose logs (flags as numbers, or numbers and names in comments) give the files a log with names gives. */
    @Test
    void flagsAsNumbersGiveTheSameFilesAsFlagsAsNames() throws Exception {
        java.util.Map<String, String> names = files("basic.log");
        assertEquals(java.util.Map.of("sh", "[] [\"/tmp/tot-strace/a\"]", "cat", "[\"/tmp/tot-strace/a\"] [\"/dev/fptrace/pipe/1\"]",
                "tee", "[\"/dev/fptrace/pipe/1\"] [\"/tmp/tot-strace/b\"]", "ls", "[] []"), names);
        assertEquals(names, files("X-raw.log"));
        assertEquals(names, files("X-verbose.log"));
    }

    /**
     * A real -ff set without timestamps, where a thread writes a file and runs a program: its
     * file is read from the call that made the thread, so the thread's accesses belong to its
     * running process (they came after the process's end, and tot.db dropped them) and the
     * program is one execution, the process's child.
     */
    @Test
    void aPerPidSetWithoutTimesIsReadFromTheCallsThatMadeEachTask() throws Exception {
        String set = Path.of("testdata/strace/ff-threads/run").toAbsolutePath().toString();
        Tot.Result r = Tot.run(dir, "import", "--db", "t.db", "--cwd", "/tmp/tot-strace", set);
        assertEquals(0, r.status(), r.stderr());
        assertEquals(List.of("/tmp/tot-strace/m.txt", "/tmp/tot-strace/t.txt"), Tot.runOut(dir, "outputs", "--db", "t.db").lines().sorted().toList());
        String deps = Tot.runOut(dir, "deps", "--from", set, "-d", "-", "--cwd", "/tmp/tot-strace");
        List<String> executions = new java.util.ArrayList<>();
        for (com.fasterxml.jackson.databind.JsonNode x : ImportTest.JSON.readTree(deps)) {
            executions.add(x.get("Cmd").get("ID") + " " + x.get("Cmd").get("Parent") + " " + x.get("Cmd").get("Args").get(0).asText());
        }
        assertEquals(List.of("2 1 cat", "1 0 python3"), executions, deps);
    }

    /**
     * A -ff set without timestamps after the pid counter wrapped: the child's pid is lower than
     * its parent's. The root is the file whose pid no call returned, not the lowest pid's; a set
     * where that is no single file says the root cannot be told.
     */
    @Test
    void theRootOfAPerPidSetIsTheTaskNoCallMade() throws Exception {
        write("s.log.30000", """
                execve("/usr/bin/sh", ["sh", "-c", "cat in"], 0x7ffcc8b00670 /* 36 vars */) = 0
                clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7f60018eba10) = 200
                wait4(-1, [{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0, NULL) = 200
                exit_group(0)                           = ?
                +++ exited with 0 +++
                """);
        write("s.log.200", """
                execve("/usr/bin/cat", ["cat", "in"], 0x55977ca43b00 /* 35 vars */) = 0
                openat(AT_FDCWD, "in", O_RDONLY)        = 3
                exit_group(0)                           = ?
                +++ exited with 0 +++
                """);
        Tot.Result r = Tot.run(dir, "deps", "--from", "s.log", "-d", "s.json");
        assertEquals(0, r.status(), r.stderr());
        assertFalse(r.stderr().contains("warning"), r.stderr());
        List<String> executions = new java.util.ArrayList<>();
        for (com.fasterxml.jackson.databind.JsonNode x : ImportTest.JSON.readTree(dir.resolve("s.json").toFile())) {
            executions.add(x.get("Cmd").get("ID") + " " + x.get("Cmd").get("Parent") + " " + x.get("Cmd").get("Path").asText());
        }
        assertEquals(List.of("2 1 /usr/bin/cat", "1 0 /usr/bin/sh"), executions);

        write("s.log.100", "execve(\"/usr/bin/true\", [\"true\"], 0x7ffc /* 1 var */) = 0\nexit_group(0) = ?\n+++ exited with 0 +++\n");
        r = Tot.run(dir, "deps", "--from", "s.log", "-d", "s.json");
        assertEquals(0, r.status(), r.stderr());
        assertTrue(r.stderr().contains("2 files' tasks were made by no call in the log [100, 30000]: which is the root cannot be"
                + " told; the lowest pid's, 100, is taken as the root"), r.stderr());
    }

    /**
     * An -ff -tt set across midnight: the child's file begins after it, the root's before. The
     * files share one clock, so the child's times are the next day's and the tree holds; with -t
     * (whole seconds) the merge within a second is by pid, which is said.
     */
    @Test
    void aPerPidSetWithTimesOfDayIsDatedAsOneLog() throws Exception {
        write("s.log.100", """
                23:59:59.000001 execve("/usr/bin/sh", ["sh", "-c", "cat in"], 0x7 /* 3 vars */) = 0
                23:59:59.900000 clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7f) = 200
                00:00:02.000000 wait4(-1, [{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0, NULL) = 200
                00:00:02.100000 exit_group(0)           = ?
                00:00:02.200000 +++ exited with 0 +++
                """);
        write("s.log.200", """
                00:00:00.500000 execve("/usr/bin/cat", ["cat", "in"], 0x7 /* 3 vars */) = 0
                00:00:01.000000 exit_group(0)           = ?
                00:00:01.100000 +++ exited with 0 +++
                """);
        Tot.Result r = Tot.run(dir, "deps", "--from", "s.log", "--date", "2024-01-01", "-d", "s.json");
        assertEquals(0, r.status(), r.stderr());
        assertFalse(r.stderr().contains("whole seconds"), r.stderr());
        List<String> executions = new java.util.ArrayList<>();
        for (com.fasterxml.jackson.databind.JsonNode x : ImportTest.JSON.readTree(dir.resolve("s.json").toFile())) {
            executions.add(x.get("Cmd").get("ID") + " " + x.get("Cmd").get("Parent") + " " + x.get("Cmd").get("Path").asText() + " "
                    + x.get("Start").asText().substring(0, 10));
        }
        String cat = LocalDateTime.of(2024, 1, 2, 0, 0, 0, 500_000_000).atZone(ZoneId.systemDefault()).toInstant().toString();
        String sh = LocalDateTime.of(2024, 1, 1, 23, 59, 59, 1_000).atZone(ZoneId.systemDefault()).toInstant().toString();
        assertEquals(List.of("2 1 /usr/bin/cat " + cat.substring(0, 10), "1 0 /usr/bin/sh " + sh.substring(0, 10)), executions);

        for (String f : List.of("s.log.100", "s.log.200")) {
            Files.writeString(dir.resolve(f), Files.readString(dir.resolve(f)).replaceAll("(\\d\\d:\\d\\d:\\d\\d)\\.\\d+", "$1"));
        }
        r = Tot.run(dir, "deps", "--from", "s.log", "-d", "s.json");
        assertEquals(0, r.status(), r.stderr());
        assertTrue(r.stderr().contains("strace -t printed whole seconds: the files of this -ff set are merged by second"), r.stderr());
    }

    /**
     * A log whose last line ended before its call did (strace killed while writing it, or the log
     * copied while strace ran, as p-cut-last-line.log was, and then given a newline): that line is
     * skipped, with a warning, newline or not. A last line that is no beginning of strace's is
     * still an error, and so is a cut line elsewhere.
     */
    @Test
    void aLogCutInItsLastLineImportsWithoutThatLine() throws Exception {
        String basic = Files.readString(Path.of(log("basic.log")), java.nio.charset.StandardCharsets.ISO_8859_1);
        Path whole = write("whole.log", basic);
        for (String cut : List.of("4871  read(3, \"partial data, the writer kil", "4871  read(3, \"partial data\n\n",
                "4871  poll([{fd=6, events=POLLIN}], 1, 3600000\n", "4871  +++ exited with 0 +\n", "4871  <... read resu\n",
                "4871  openat(AT_FDCWD, \"/a\", O_RDONLY) = -1 ENOENT (No such fi\n")) {
            Path p = write("cut.log", basic + cut);
            Tot.Result r = Tot.run(dir, "deps", "--from", p.toString(), "-d", "cut.json");
            assertEquals(0, r.status(), cut + ": " + r.stderr());
            assertTrue(r.stderr().contains("the log ends in the middle of a line (strace stopped writing it): that line is skipped"),
                    r.stderr());
            assertEquals(files(whole.toString()), files(p.toString()));
        }
        Tot.Result clamd = Tot.run(dir, "deps", "--from", log("p-cut-last-line.log"), "-d", "clamd.json");
        assertEquals(0, clamd.status(), clamd.stderr());
        assertTrue(clamd.stderr().contains("the log ends in the middle of a line"), clamd.stderr());
        assertTrue(Files.readString(dir.resolve("clamd.json")).contains("/clamavtmp/clamav-40a202a036856c5f0af60b8ea348ad8b.tmp"));
        for (String bad : List.of("... clock_gettime repeated infinitely", "... clock_gettime repeated infinitely\n")) {
            Tot.Result r = Tot.run(dir, "deps", "--from", write("note.log", basic + bad).toString(), "-d", "n.json");
            assertEquals(2, r.status(), "a note after the log is no strace line: " + r.stderr());
        }
        Path middle = write("middle.log", "4871  read(3, \"partial\n" + basic);
        assertEquals(2, Tot.run(dir, "deps", "--from", middle.toString(), "-d", "m.json").status(), "a bad line elsewhere is still an error");
    }

    /**
     * A real log without exit lines (strace -qq): each process ends at its exit_group, with its
     * status, so a later mv of the file a finished shell wrote does not rename its output.
     */
    @Test
    void aLogWithoutExitLinesEndsEachProcessAtItsExitGroup() throws Exception {
        Tot.Result r = Tot.run(dir, "deps", "--from", log("qq.log"), "-d", "qq.json", "--cwd", "/tmp/tot-strace");
        assertEquals(0, r.status(), r.stderr());
        assertTrue(r.stderr().contains("the log has no exit lines (strace -qq or -e quiet=exit, or a strace 4 that printed none)"), r.stderr());
        List<String> executions = new java.util.ArrayList<>();
        for (com.fasterxml.jackson.databind.JsonNode x : ImportTest.JSON.readTree(dir.resolve("qq.json").toFile())) {
            executions.add(x.get("Cmd").get("Args").get(0).asText() + " " + x.get("Cmd").get("Exit") + " " + x.get("Outputs"));
        }
        assertEquals(List.of("sh 3 [\"/tmp/tot-strace/a\"]", "mv null [\"/tmp/tot-strace/b\"]", "sh 5 []"), executions);
    }

    /**
     * strace -qq hides the exited lines but still prints the killed ones: a process without an
     * end line ends at its exit_group, with its status, whatever other processes' lines say.
     */
    @Test
    void aKilledLineInALogWithoutExitedLinesKeepsTheExitGroupStatuses() throws Exception {
        write("qq-killed.log", """
                18728 execve("/usr/bin/sh", ["sh", "-c", "sleep 5 & kill -9 $!; wait; exit 3"], 0x7ffc47a20a90 /* 35 vars */) = 0
                18728 clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7f6658f72a10) = 18730
                18730 execve("/usr/bin/sleep", ["sleep", "5"], 0x5564b09dcd18 /* 35 vars */) = 0
                18728 kill(18730, SIGKILL)              = 0
                18730 +++ killed by SIGKILL +++
                18728 --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_KILLED, si_pid=18730, si_uid=0, si_status=SIGKILL, si_utime=0, si_stime=0} ---
                18728 exit_group(3)                     = ?
                """);
        Tot.Result r = Tot.run(dir, "deps", "--from", "qq-killed.log", "-d", "qq.json");
        assertEquals(0, r.status(), r.stderr());
        assertTrue(r.stderr().contains("the log has no exit lines (strace -qq or -e quiet=exit, or a strace 4 that printed none):"
                + " each process ends at its exit_group, with its status\n"), r.stderr());
        List<String> executions = new java.util.ArrayList<>();
        for (com.fasterxml.jackson.databind.JsonNode x : ImportTest.JSON.readTree(dir.resolve("qq.json").toFile())) {
            executions.add(x.get("Cmd").get("Args").get(0).asText() + " " + x.get("Cmd").get("Exit"));
        }
        assertEquals(List.of("sleep -9", "sh 3"), executions);
    }

    /**
     * A real log of strace -qq: a program that ends with a plain exit(7) (the syscall, not
     * exit_group) in a process of one thread ends there with that status; a thread's exit(0)
     * does not end its process, whose exit_group(5) does.
     */
    @Test
    void aLogWithoutExitLinesEndsALoneThreadAtItsExit() throws Exception {
        write("qq-exit.log", """
                6231  execve("/usr/bin/sh", ["sh", "-c", "./rawexit; ./thr; echo $? > st"], 0x7fff19bcf170 /* 35 vars */) = 0
                6231  vfork( <unfinished ...>
                6233  execve("./rawexit", ["./rawexit"], 0x55831bd7fad8 /* 35 vars */ <unfinished ...>
                6231  <... vfork resumed>)              = 6233
                6231  wait4(-1,  <unfinished ...>
                6233  <... execve resumed>)             = 0
                6233  exit(7)                           = ?
                6231  <... wait4 resumed>[{WIFEXITED(s) && WEXITSTATUS(s) == 7}], 0, NULL) = 6233
                6231  --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=6233, si_uid=0, si_status=7, si_utime=0, si_stime=0} ---
                6231  wait4(-1, 0x7ffd2eb843cc, WNOHANG, NULL) = -1 ECHILD (No child processes)
                6231  vfork( <unfinished ...>
                6235  execve("./thr", ["./thr"], 0x55831bd7fad8 /* 35 vars */ <unfinished ...>
                6231  <... vfork resumed>)              = 6235
                6231  wait4(-1,  <unfinished ...>
                6235  <... execve resumed>)             = 0
                6235  clone3({flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM|CLONE_SETTLS|CLONE_PARENT_SETTID|CLONE_CHILD_CLEARTID, child_tid=0x7f2e90217990, parent_tid=0x7f2e90217990, exit_signal=0, stack=0x7f2e8fa17000, stack_size=0x7fff80, tls=0x7f2e902176c0} => {parent_tid=[6237]}, 88) = 6237
                6237  openat(AT_FDCWD, "t.out", O_WRONLY|O_CREAT|O_TRUNC, 0644) = 3
                6237  openat(AT_FDCWD, "/lib/x86_64-linux-gnu/libgcc_s.so.1", O_RDONLY|O_CLOEXEC) = 3
                6237  exit(0)                           = ?
                6235  exit_group(5)                     = ?
                6231  <... wait4 resumed>[{WIFEXITED(s) && WEXITSTATUS(s) == 5}], 0, NULL) = 6235
                6231  --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=6235, si_uid=0, si_status=5, si_utime=0, si_stime=0} ---
                6231  wait4(-1, 0x7ffd2eb843cc, WNOHANG, NULL) = -1 ECHILD (No child processes)
                6231  openat(AT_FDCWD, "st", O_WRONLY|O_CREAT|O_TRUNC, 0666) = 3
                6231  exit_group(0)                     = ?
                """);
        Tot.Result r = Tot.run(dir, "deps", "--from", "qq-exit.log", "-d", "qq.json");
        assertEquals(0, r.status(), r.stderr());
        List<String> executions = new java.util.ArrayList<>();
        for (com.fasterxml.jackson.databind.JsonNode x : ImportTest.JSON.readTree(dir.resolve("qq.json").toFile())) {
            executions.add(x.get("Cmd").get("Args").get(0).asText() + " " + x.get("Cmd").get("Exit"));
        }
        assertEquals(List.of("./rawexit 7", "./thr 5", "sh null"), executions); // Exit 0 is left out
    }

    /**
     * A real log of strace -e signal=none, which hides +++ killed lines: the killed sleep has no
     * end line. Its parent's wait4 says SIGKILL: Exit -9. Without that wait (cut out here) its exit
     * is unknown (NULL in tot.db), not 0, and its execution says so.
     */
    @Test
    void aProcessWhoseEndTheLogDoesNotShowHasNoExitStatus() throws Exception {
        Path waited = write("waited.log", """
                21228 execve("/usr/bin/sh", ["sh", "-c", "sleep 5 & sleep 0.2; kill -9 $!; wait; exit 3"], 0x7ffe548304e8 /* 35 vars */) = 0
                21228 clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7f693b755a10) = 21231
                21231 execve("/usr/bin/sleep", ["sleep", "5"], 0x5564b09dcd18 /* 35 vars */) = 0
                21231 clock_nanosleep(CLOCK_REALTIME, 0, {tv_sec=5, tv_nsec=0},  <unfinished ...>
                21228 kill(21231, SIGKILL)              = 0
                21231 <... clock_nanosleep resumed> <unfinished ...>) = ?
                21228 wait4(-1, [{WIFSIGNALED(s) && WTERMSIG(s) == SIGKILL}], WNOHANG, NULL) = 21231
                21228 exit_group(3)                     = ?
                21228 +++ exited with 3 +++
                """);
        Tot.Result w = Tot.run(dir, "import", "--db", "w.db", "waited.log");
        assertEquals(0, w.status(), w.stderr());
        assertFalse(w.stderr().contains("does not show this process end"), w.stderr());
        assertEquals(List.of(List.of("/usr/bin/sh", 3L), List.of("/usr/bin/sleep", -9L)),
                Db.query(dir.resolve("w.db"), "SELECT path, exit FROM executions ORDER BY id"));
        write("signal-none.log", Files.readString(waited).replaceAll("(?m)^.*wait4.*\n", ""));
        String warning = "the log does not show this process end (it was cut short, or strace -e signal=none, or a set without"
                + " its signal, hid its +++ killed line and its parent did not wait for it): its exit status is unknown";
        Tot.Result r = Tot.run(dir, "deps", "--from", "signal-none.log", "-d", "d.json");
        assertEquals(0, r.status(), r.stderr());
        assertEquals(1, r.lines().stream().filter(l -> l.contains(warning)).count(), r.stderr());
        com.fasterxml.jackson.databind.JsonNode deps = ImportTest.JSON.readTree(dir.resolve("d.json").toFile());
        assertEquals("sh", deps.get(0).get("Cmd").get("Args").get(0).asText(), deps.toString());
        assertNull(deps.get(0).get("Warnings"), deps.toString());
        assertEquals("[\"" + warning + "\"]", deps.get(1).get("Warnings").toString(), deps.toString());
        r = Tot.run(dir, "import", "--db", "t.db", "signal-none.log");
        assertEquals(0, r.status(), r.stderr());
        assertEquals(List.of(List.of("/usr/bin/sh", 3L), java.util.Arrays.asList("/usr/bin/sleep", null)),
                Db.query(dir.resolve("t.db"), "SELECT path, exit FROM executions ORDER BY id"));
    }

    /** Tasks that lack the same thing get the same warning each, on stderr once with their count (README: once each). */
    @Test
    void aWarningManyExecutionsGetIsPrintedOnce() throws Exception {
        write("t.log", """
                100 openat(AT_FDCWD, "/etc/a", O_RDONLY) = 3
                101 openat(AT_FDCWD, "/etc/b", O_RDONLY) = 3
                102 openat(AT_FDCWD, "/etc/c", O_RDONLY) = 3
                103 openat(AT_FDCWD, "/etc/d", O_RDONLY) = 3
                """);
        String noFork = "tot: warning: t.log: the log shows no fork of this task (strace -p attached to it running, the log begins"
                + " after it started, or an -e trace= without %process): its calls are an execution of their own, whose program and"
                + " arguments are unknown (3 times)";
        for (List<String> command : List.of(List.of("deps", "--from", "t.log", "-d", "d.json"), List.of("import", "--db", "t.db", "t.log"))) {
            Tot.Result r = Tot.run(dir, command.toArray(String[]::new));
            assertEquals(0, r.status(), r.stderr());
            assertEquals(r.lines().size(), r.lines().stream().distinct().count(), r.stderr());
            assertTrue(r.lines().contains(noFork), r.stderr());
        }
        assertEquals(List.of(4L), Db.column(dir.resolve("t.db"), "SELECT count(*) FROM executions WHERE warnings LIKE '%no fork%'"
                + " OR warnings LIKE '%begins in this process%'"), "each execution keeps its warning");
    }

    /** strace -C writes its table of counts after the log: the log imports, the table is no event. */
    @Test
    void theTableOfCountsOfMinusCAfterALogIsSkipped() throws Exception {
        Path p = write("with-table.log", Files.readString(Path.of(log("basic.log")), java.nio.charset.StandardCharsets.ISO_8859_1) + """
                % time     seconds  usecs/call     calls    errors syscall
                ------ ----------- ----------- --------- --------- ----------------
                 45.10    0.000092          10         9           mmap
                ------ ----------- ----------- --------- --------- ----------------
                100.00    0.000204           4        51         3 total
                """);
        Path copy = dir.resolve("basic.log");
        Files.copy(Path.of(log("basic.log")), copy);
        assertEquals(files(copy.toString()), files(p.toString()));
    }

    /** Each execution's first argument → its inputs in /tmp/tot-strace or pipes, and its outputs. */
    private java.util.Map<String, String> files(String log, String... options) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("deps", "--from", log.startsWith("/") ? log : log(log), "-d", "-",
                "--cwd", "/tmp/tot-strace"));
        args.addAll(List.of(options));
        String deps = Tot.runOut(dir, args.toArray(String[]::new));
        java.util.Map<String, String> out = new java.util.TreeMap<>();
        for (com.fasterxml.jackson.databind.JsonNode x : ImportTest.JSON.readTree(deps)) {
            List<String> inputs = new java.util.ArrayList<>();
            x.get("Inputs").forEach(i -> {
                if (i.asText().startsWith("/tmp/tot-strace/") || i.asText().startsWith("/dev/fptrace/")) inputs.add('"' + i.asText() + '"');
            });
            out.put(x.get("Cmd").get("Args").get(0).asText(), inputs.toString().replace(", ", ",") + " " + x.get("Outputs"));
        }
        return out;
    }

    /** A real -z log (a held call's rest on a line of its own): the same files as without -z. */
    @Test
    void aLogOfSuccessfulCallsOnlyGivesTheSameFiles() throws Exception {
        String deps = Tot.runOut(dir, "deps", "--from", log("z.log"), "-d", "-", "--cwd", "/tmp/tot-strace");
        java.util.Map<String, String> files = new java.util.TreeMap<>();
        for (com.fasterxml.jackson.databind.JsonNode x : ImportTest.JSON.readTree(deps)) {
            files.put(x.get("Cmd").get("Args").get(0).asText(), x.get("Inputs").toString().contains("\"/tmp/tot-strace/a\"") + " "
                    + x.get("Outputs"));
        }
        assertEquals(java.util.Map.of("sh", "false [\"/tmp/tot-strace/a\"]", "cat", "true [\"/dev/fptrace/pipe/1\"]",
                "tee", "false [\"/tmp/tot-strace/b\"]", "ls", "false []"), files, deps);
    }

    /**
     * A real log where strace could not read a dying thread's call (`???(`): it imports, the
     * threads' opens are inputs, and the execution says a call of it is missing.
     */
    @Test
    void aCallStraceCouldNotReadIsWarnedAboutOnItsExecution() throws Exception {
        String deps = Tot.runOut(dir, "deps", "--from", log("unreadable.log"), "-d", "-");
        com.fasterxml.jackson.databind.JsonNode python = ImportTest.JSON.readTree(deps).get(0);
        assertEquals("/usr/bin/python3", python.get("Cmd").get("Path").asText(), deps);
        assertTrue(python.get("Inputs").toString().contains("\"/etc/hostname\""), deps);
        String warnings = python.get("Warnings").toString();
        assertTrue(warnings.matches(".*strace could not read a call of this process \\(line \\d+: \\?\\?\\?, its task was being killed\\).*"),
                warnings);
    }

    /**
     * Someone else's strace 4 log with calls it could not read: {@code ????(= ? <unavailable>}
     * (the line ends right after the '(') imports, and {@code execve(…) = ? <unavailable>} printed
     * again after that exec's {@code = 0} is no second exec: tclsh is one execution, whose opens
     * after it are its inputs, with the warning. strace 4.6's {@code <... ???? resumed> ) = ? <unavailable>}
     * ends the task's pending open (it was refused: "but open was unfinished").
     */
    @Test
    void strace4CallsItCouldNotReadImportWithoutAnExecTheyDoNotShow() throws Exception {
        Tot.Result r = Tot.run(dir, "deps", "--from", log("strace4-unavailable.log"), "-d", "d.json");
        assertEquals(0, r.status(), r.stderr());
        com.fasterxml.jackson.databind.JsonNode deps = ImportTest.JSON.readTree(dir.resolve("d.json").toFile());
        List<com.fasterxml.jackson.databind.JsonNode> tclsh = new java.util.ArrayList<>();
        for (com.fasterxml.jackson.databind.JsonNode x : deps) if (x.get("Cmd").get("Path").asText().equals("/usr/bin/tclsh")) tclsh.add(x);
        assertEquals(1, tclsh.size(), deps.toString());
        // line 31's "<... ???? resumed> ) = ? <unavailable>" ended the open of line 30, its result unknown; line 33's
        // "<... open resumed> ) = 3" then ends no call
        assertEquals("[\"/usr/lib\\\"/libtcl8.5.so.0\"]", tclsh.getFirst().get("Inputs").toString());
        String warnings = tclsh.getFirst().get("Warnings").toString();
        assertTrue(warnings.contains("strace could not read a call of this process (line 28: ????"), warnings);
        assertTrue(warnings.contains("strace could not read the result of a call of this process (line 30: open)"), warnings);
        assertTrue(r.stderr().contains("1 call(s) end in the log without their start"), r.stderr());

        // a call whose result says nothing tot records (futex) is no loss: no warning (mgedmin/strace-process-tree's test log)
        write("futex.log", """
                230473 02:47:49 futex( <unfinished ...>
                230473 02:47:49 <... futex resumed>)    = ? <unavailable>
                """);
        r = Tot.run(dir, "deps", "--from", "futex.log", "-d", "f.json");
        assertEquals(0, r.status(), r.stderr());
        assertFalse(r.stderr().contains("could not read the result"), r.stderr());
    }

    /**
     * `strace -f --pidns-translation unshare -pf sh -c 'echo a > x; cat x > y; sh -c "cat y > z"'`
     * (strace 6.1, trimmed): in the new PID namespace a vfork returns the child's pid there, 2,
     * and the comment the pid the log's lines use: the children are the shell's, not roots.
     */
    @Test
    void aForkInAPidNamespaceIsLinkedByTheTranslatedPid() throws Exception {
        Path p = write("pidns.log", """
                20088 execve("/usr/bin/unshare", ["unshare", "-pf", "sh", "-c", "echo a > x; cat x > y; sh -c \\"cat y > z\\""], 0x7ffc0a804040 /* 35 vars */) = 0
                20088 clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7f365e292a10) = 20089
                20089 getpid()                          = 1 /* 20089 in strace's PID NS */
                20089 execve("/usr/bin/sh", ["sh", "-c", "echo a > x; cat x > y; sh -c \\"cat y > z\\""], 0x7ffc82552868 /* 35 vars */) = 0
                20089 openat(AT_FDCWD, "x", O_WRONLY|O_CREAT|O_TRUNC, 0666) = 3
                20089 openat(AT_FDCWD, "y", O_WRONLY|O_CREAT|O_TRUNC, 0666) = 3
                20089 vfork( <unfinished ...>
                20090 rt_sigprocmask(SIG_SETMASK, [], ~[KILL STOP RTMIN RT_1], 8) = 0
                20090 execve("/usr/bin/cat", ["cat", "x"], 0x555870a79d98 /* 35 vars */ <unfinished ...>
                20089 <... vfork resumed>)              = 2 /* 20090 in strace's PID NS */
                20090 <... execve resumed>)             = 0
                20090 openat(AT_FDCWD, "x", O_RDONLY)   = 3
                20090 exit_group(0)                     = ?
                20090 +++ exited with 0 +++
                20089 vfork( <unfinished ...>
                20091 execve("/usr/bin/sh", ["sh", "-c", "cat y > z"], 0x555870a79fe8 /* 35 vars */ <unfinished ...>
                20089 <... vfork resumed>)              = 3 /* 20091 in strace's PID NS */
                20091 <... execve resumed>)             = 0
                20091 openat(AT_FDCWD, "z", O_WRONLY|O_CREAT|O_TRUNC, 0666) = 3
                20091 vfork( <unfinished ...>
                20092 execve("/usr/bin/cat", ["cat", "y"], 0x55c885f58b48 /* 35 vars */ <unfinished ...>
                20091 <... vfork resumed>)              = 4 /* 20092 in strace's PID NS */
                20092 <... execve resumed>)             = 0
                20092 openat(AT_FDCWD, "y", O_RDONLY)   = 3
                20092 exit_group(0)                     = ?
                20092 +++ exited with 0 +++
                20091 exit_group(0)                     = ?
                20091 +++ exited with 0 +++
                20089 exit_group(0)                     = ?
                20089 +++ exited with 0 +++
                20088 exit_group(0)                     = ?
                20088 +++ exited with 0 +++
                """);
        Tot.Result r = Tot.run(dir, "deps", "--from", p.toString(), "-d", "d.json");
        assertEquals(0, r.status(), r.stderr());
        assertEquals("", r.stderr());
        java.util.Map<Long, String> path = new java.util.HashMap<>();
        java.util.Map<String, String> parentOf = new java.util.TreeMap<>();
        com.fasterxml.jackson.databind.JsonNode deps = ImportTest.JSON.readTree(dir.resolve("d.json").toFile());
        for (com.fasterxml.jackson.databind.JsonNode x : deps) path.put(x.get("Cmd").get("ID").asLong(), x.get("Pid") + " " + x.get("Cmd").get("Path").asText());
        for (com.fasterxml.jackson.databind.JsonNode x : deps) {
            parentOf.put(x.get("Pid") + " " + x.get("Cmd").get("Path").asText(), path.getOrDefault(x.get("Cmd").get("Parent").asLong(), "-"));
        }
        assertEquals(java.util.Map.of("20088 /usr/bin/unshare", "-", "20089 /usr/bin/sh", "20088 /usr/bin/unshare",
                "20090 /usr/bin/cat", "20089 /usr/bin/sh", "20091 /usr/bin/sh", "20089 /usr/bin/sh",
                "20092 /usr/bin/cat", "20091 /usr/bin/sh"), parentOf, deps.toString());

        // without --pidns-translation the forks return 2, 3, 4, pids no task has; but each child's first line comes after
        // its fork began and after no other such fork: it is that fork's, the same tree
        Path bare = write("bare.log", Files.readString(p).replaceAll(" /\\* \\d+ in strace's PID NS \\*/", ""));
        r = Tot.run(dir, "deps", "--from", bare.toString(), "-d", "b.json");
        assertEquals(0, r.status(), r.stderr());
        assertEquals("", r.stderr());
        assertEquals(parentOf, parents(dir.resolve("b.json")));
    }

    /** deps.json's executions, "PID PATH" → their parent's "PID PATH" ("-" for a root). */
    private static java.util.Map<String, String> parents(Path depsJson) throws Exception {
        java.util.Map<Long, String> path = new java.util.HashMap<>();
        java.util.Map<String, String> parentOf = new java.util.TreeMap<>();
        com.fasterxml.jackson.databind.JsonNode deps = ImportTest.JSON.readTree(depsJson.toFile());
        for (com.fasterxml.jackson.databind.JsonNode x : deps) path.put(x.get("Cmd").get("ID").asLong(), x.get("Pid") + " " + x.get("Cmd").get("Path").asText());
        for (com.fasterxml.jackson.databind.JsonNode x : deps) {
            parentOf.put(x.get("Pid") + " " + x.get("Cmd").get("Path").asText(), path.getOrDefault(x.get("Cmd").get("Parent").asLong(), "-"));
        }
        return parentOf;
    }

    /** The outputs in deps.json of the execution of {@code pid}. */
    private static List<String> outputsOf(Path depsJson, long pid) throws Exception {
        List<String> out = new java.util.ArrayList<>();
        for (com.fasterxml.jackson.databind.JsonNode x : ImportTest.JSON.readTree(depsJson.toFile())) {
            if (x.get("Pid").asLong() == pid) x.get("Outputs").forEach(o -> out.add(o.asText()));
        }
        return out;
    }

    /**
     * strace -f of unshare -pf without --pidns-translation (strace 6.1, trimmed): three forks in the namespace at once
     * return 2, 3 and 4, and the three children appear before the last returned; each says its pid there
     * (glibc's set_tid_address at the start of cat: {@code set_tid_address(…) = 3}), which links it to its fork. Without
     * those lines the children cannot be told apart: none is linked, and the log says why.
     */
    @Test
    void forksInAPidNamespaceAreLinkedByThePidTheChildSays() throws Exception {
        Tot.Result r = Tot.run(dir, "deps", "--from", log("pidns-concurrent.log"), "--cwd", "/w", "-d", "d.json");
        assertEquals(0, r.status(), r.stderr());
        assertFalse(r.stderr().contains("PID namespace"), r.stderr());
        assertEquals(java.util.Map.of("5582 /usr/bin/unshare", "-", "5583 /usr/bin/sh", "5582 /usr/bin/unshare",
                "5584 /usr/bin/cat", "5583 /usr/bin/sh", "5585 /usr/bin/cat", "5583 /usr/bin/sh", "5586 /usr/bin/cat", "5583 /usr/bin/sh"),
                parents(dir.resolve("d.json")));
        assertEquals(List.of("/w/y1", "/w/y2", "/w/y3", "/w/z"), outputsOf(dir.resolve("d.json"), 5583), "the shell's redirections");

        write("unsaid.log", Files.readString(Path.of(log("pidns-concurrent.log"))).replaceAll("(?m)^558[456] +(set_tid_address|<... set_tid_address).*\n", ""));
        r = Tot.run(dir, "deps", "--from", "unsaid.log", "--cwd", "/w", "-d", "u.json");
        assertEquals(0, r.status(), r.stderr());
        assertTrue(r.stderr().contains("3 clone, fork or vfork call(s) returned a pid no task in the log has, and 3 task(s) have"
                + " no fork"), r.stderr());
        assertEquals(List.of("/w/z"), outputsOf(dir.resolve("u.json"), 5583));
    }

    /**
     * The same without set_tid_address (-e trace=%file,%process; strace 6.1, trimmed): the two forks at once stay
     * unlinked (their children cannot be told apart: the warning counts them), but once the shell's wait4 reaped both,
     * the forks after them each have one child to make: the subshell's (its chdir and write are the shell's, as a fork
     * shares its parent's record until it execs), the vfork of sh -c and its pipeline's cat and tee.
     */
    @Test
    void aForkWhoseChildWasReapedMadeNoLaterTask() throws Exception {
        Tot.Result r = Tot.run(dir, "deps", "--from", log("pidns-file-process.log"), "-d", "d.json");
        assertEquals(0, r.status(), r.stderr());
        assertTrue(r.stderr().contains("2 clone, fork or vfork call(s) returned a pid no task in the log has, and 2 task(s) have"
                + " no fork"), r.stderr());
        java.util.Map<String, String> parents = parents(dir.resolve("d.json"));
        assertEquals("11579 /usr/bin/sh", parents.get("11583 /usr/bin/sh"), parents.toString());
        assertEquals("11583 /usr/bin/sh", parents.get("11584 /usr/bin/cat"), parents.toString());
        assertEquals("11583 /usr/bin/sh", parents.get("11585 /usr/bin/tee"), parents.toString());
        assertEquals(List.of("/tmp/imp24/w/ns/d_fileproc/sub/w"), outputsOf(dir.resolve("d.json"), 11579));
    }

    /**
     * strace -f -e signal=SIGCHLD (trimmed from a real run: python3 SIGTERMs its sleep child) prints no
     * {@code +++ killed by SIGTERM +++}: the parent's wait4 says how the child ended.
     */
    @Test
    void aChildKilledWithoutAKilledLineEndsAsItsParentsWaitSays() throws Exception {
        Path p = write("signal-set.log", """
                10882 execve("/usr/bin/python3", ["python3", "-c", "p=subprocess.Popen(['sleep','5']); p.send_signal(15); p.wait()"], 0x7ffd /* 38 vars */) = 0
                10882 vfork( <unfinished ...>
                11050 execve("/usr/bin/sleep", ["sleep", "5"], 0x7ffe /* 38 vars */ <unfinished ...>
                10882 <... vfork resumed>)              = 11050
                11050 <... execve resumed>)             = 0
                10882 kill(11050, SIGTERM)              = 0
                10882 wait4(11050,  <unfinished ...>
                10882 <... wait4 resumed>[{WIFSIGNALED(s) && WTERMSIG(s) == SIGTERM}], 0, NULL) = 11050
                10882 exit_group(0)                     = ?
                10882 +++ exited with 0 +++
                """);
        Tot.Result r = Tot.run(dir, "deps", "--from", p.toString(), "-d", "d.json");
        assertEquals(0, r.status(), r.stderr());
        assertFalse(r.stderr().contains("does not show this process end"), r.stderr());
        com.fasterxml.jackson.databind.JsonNode sleep = null;
        for (com.fasterxml.jackson.databind.JsonNode x : ImportTest.JSON.readTree(dir.resolve("d.json").toFile())) {
            if (x.get("Cmd").get("Path").asText().equals("/usr/bin/sleep")) sleep = x;
        }
        assertNotNull(sleep, r.stderr());
        assertEquals(-15, sleep.get("Cmd").path("Exit").asInt(), sleep.toString());
    }

    /**
     * waitid tells how a child ended in its siginfo, its result 0: a child a signal killed, in a log whose {@code +++ killed
     * by} lines -e signal=none hid, ends as that says (si_code=CLD_KILLED, or CLD_DUMPED when it left a core). A real
     * strace 6.1 log ({@code strace -f -e signal=none -e trace=%process}, python's os.waitid of a SIGTERM'd sleep and of
     * a sh that sent itself SIGQUIT after ulimit -c unlimited).
     */
    @Test
    void aChildKilledWithoutAKilledLineEndsAsItsParentsWaitidSays() throws Exception {
        Path p = write("waitid.log", """
                13129 execve("/usr/bin/python3", ["/usr/bin/python3", "-S", "-c", "\\nimport os, signal, time\\np = os."...], 0x7ffff9c98ab0 /* 35 vars */) = 0
                13129 clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7fb242853310) = 13130
                13130 execve("/bin/sleep", ["sleep", "5"], 0x7ffc388ae5e0 /* 35 vars */) = 0
                13129 kill(13130, SIGTERM)              = 0
                13129 waitid(P_PID, 13130, {si_signo=SIGCHLD, si_code=CLD_KILLED, si_pid=13130, si_uid=0, si_status=SIGTERM, si_utime=0, si_stime=10861320 /* 108613.20 s */}, WEXITED, NULL) = 0
                13129 clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7fb242853310) = 13134
                13129 waitid(P_ALL, 0,  <unfinished ...>
                13134 execve("/bin/sh", ["sh", "-c", "ulimit -c unlimited; kill -QUIT "...], 0x7ffc388ae5e0 /* 35 vars */) = 0
                13134 kill(13134, SIGQUIT)              = 0
                13129 <... waitid resumed>{si_signo=SIGCHLD, si_code=CLD_DUMPED, si_pid=13134, si_uid=0, si_status=SIGQUIT, si_utime=264045840 /* 2640458.40 s */, si_stime=10861320 /* 108613.20 s */}, WEXITED, NULL) = 0
                13129 exit_group(0)                     = ?
                13129 +++ exited with 0 +++
                """);
        Tot.Result r = Tot.run(dir, "import", "--db", "t.db", p.toString());
        assertEquals(0, r.status(), r.stderr());
        assertFalse(r.stderr().contains("does not show this process end"), r.stderr());
        assertEquals(List.of(List.of("/bin/sh", -3L), List.of("/bin/sleep", -15L), List.of("/usr/bin/python3", 0L)),
                Db.query(dir.resolve("t.db"), "SELECT path, exit FROM executions ORDER BY path"));
    }

    /**
     * The exec that {@code +++ superseded by execve} announced succeeded, whatever result strace printed for it under the
     * leader's pid: strace 6.8 printed {@code = -1 (errno 18446744073709551595)} there (a form quoted in another project's
     * tests), an error number the kernel cannot return. The exec'd program is an execution, with its input.
     */
    @Test
    void theExecASupersededLineAnnouncesSucceededWhateverItsResultSays() throws Exception {
        Path p = write("superseded.log", """
                500 execve("/usr/bin/python3", ["python3", "t.py"], 0x7ffc /* 3 vars */) = 0
                500 clone3({flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD, child_tid=0x7f, parent_tid=0x7f, exit_signal=0, stack=0x7f, stack_size=0x7fff00, tls=0x7f} => {parent_tid=[501]}, 88) = 501
                501 execve("/bin/true", ["true"], 0x7ffcae303db8 /* 96 vars */ <pid changed to 500 ...>
                500 +++ superseded by execve in pid 501 +++
                500 <... execve resumed>)            = -1 (errno 18446744073709551595)
                500 openat(AT_FDCWD, "/work/after.txt", O_RDONLY) = 3
                500 +++ exited with 0 +++
                """);
        Tot.Result r = Tot.run(dir, "import", "--db", "t.db", p.toString());
        assertEquals(0, r.status(), r.stderr());
        Path db = dir.resolve("t.db");
        assertEquals(List.of("/usr/bin/python3", "/bin/true"), Db.column(db, "SELECT path FROM executions ORDER BY exec_id"));
        assertEquals(List.of(List.of("/bin/true", "/work/after.txt")), Db.query(db, "SELECT e.path, p.path FROM executions e"
                + " JOIN accesses a ON a.execution = e.id JOIN paths p ON p.id = a.path WHERE a.kind = 'read'"));
    }

    /**
     * A program's output alone on its lines in a log strace wrote to the same terminal: andy's Go sieve printed "2"
     * between strace's lines. A number alone on a line is what strace writes only when cut short after a pid: the
     * error says so.
     */
    @Test
    void aNumberAloneOnALineIsNamedInTheError() throws Exception {
        write("go.log", """
                [pid 29797] fcntl(0, F_GETFL)           = 0x2 (flags O_RDWR)
                [pid 29797] write(1, "2\\n", 2 <unfinished ...>
                2
                [pid 29797] <... write resumed>)        = 2
                """);
        Tot.Result r = Tot.run(dir, "deps", "--from", "go.log", "-d", "d.json");
        assertEquals(2, r.status(), r.stderr());
        assertEquals(List.of("tot: go.log:3: a number alone on a line, which strace writes only when cut short after a pid (in"
                + " the middle of a log, a program's output mixed into it): 2"), r.lines());
        assertFalse(Files.exists(dir.resolve("d.json")));
    }

    /**
     * A program's output written into the middle of strace's line (strace on stderr, the program writing to the same
     * terminal) cuts a call in two: the error names the line that goes on with the call, and why. The lines of
     * andy's Go sieve traced with strace -f on his terminal (quoted on a web page), and the same inside an openat.
     */
    @Test
    void aProgramsOutputInTheMiddleOfACallIsNamedInTheError() throws Exception {
        write("go.log", """
                [pid 29797] fcntl(0, F_GETFL)           = 0x2 (flags O_RDWR)
                [pid 29797] write(1, "3\\n", 23
                 <unfinished ...>
                [pid 29800] gettid( <unfinished ...>
                [pid 29797] <... write resumed>)        = 2
                [pid 29797] write(1, "11\\n", 311
                )         = 3
                """);
        write("open.log", """
                execve("/bin/cat", ["cat", "x"], 0x7ffd /* 1 var */) = 0
                openat(AT_FDCWD, "x", O_RDONLYhello
                ) = 3
                """);
        for (String[] log : new String[][] {{"go.log", "2", "3", "[pid 29797] write(1, \"3\\n\", 23"},
                {"open.log", "2", "3", "openat(AT_FDCWD, \"x\", O_RDONLYhello"}}) {
            Tot.Result r = Tot.run(dir, "deps", "--from", log[0], "-d", "d.json");
            assertEquals(2, r.status(), r.stderr());
            assertEquals(List.of("tot: " + log[0] + ":" + log[1] + ": expected ',' or ')' but the line ended (line " + log[2]
                    + " goes on with this call: text that is no part of it was written into its middle, a program's"
                    + " output where strace wrote to the same terminal or file (trace with -o FILE), or strace -d's): "
                    + log[3]), r.lines());
            assertFalse(Files.exists(dir.resolve("d.json")));
        }
    }

    /**
     * A -ff -tt set in a PID namespace without --pidns-translation (strace 6.1, trimmed): its files' lines are merged by
     * time, and a fork is before a child's first line when its time is (the subshell, which says no pid, has one such
     * fork). A linked child is spawned at its fork, with the fds its parent had then: the pipeline's cat writes to the
     * pipe its shell closed before cat's first line (it had been spawned at that line, without the pipe). No file is
     * taken for a second root.
     */
    @Test
    void aFfSetInAPidNamespaceIsLinkedByTimeAndTheChildrenSpawnAtTheirFork() throws Exception {
        Tot.Result r = Tot.run(dir, "deps", "--from", Path.of("testdata/strace/pidns-ff-tt/run").toAbsolutePath().toString(),
                "--cwd", "/w", "-d", "d.json");
        assertEquals(0, r.status(), r.stderr());
        assertFalse(r.stderr().contains("PID namespace"), r.stderr());
        assertFalse(r.stderr().contains("which is the root cannot be told"), r.stderr());
        assertEquals(java.util.Map.of("25739 /usr/bin/unshare", "-", "25740 /usr/bin/sh", "25739 /usr/bin/unshare",
                "25741 /usr/bin/cat", "25740 /usr/bin/sh", "25742 /usr/bin/cat", "25740 /usr/bin/sh", "25744 /usr/bin/sh",
                "25740 /usr/bin/sh", "25745 /usr/bin/cat", "25744 /usr/bin/sh", "25746 /usr/bin/tee", "25744 /usr/bin/sh"),
                parents(dir.resolve("d.json")));
        assertEquals(List.of("/w/y1", "/w/y2", "/tmp/imp24/w/ns/d_fftt/sub/w"), outputsOf(dir.resolve("d.json"), 25740));
        assertEquals(List.of("/dev/fptrace/pipe/1"), outputsOf(dir.resolve("d.json"), 25745));
    }

    /**
     * Two runs strace -A appended to one log (strace 6.1 -f -qq -e trace=openat,clone,vfork,execve, lines of the loader
     * left out): the first run's subshell made none of the traced calls, and -qq hid its exit, so its clone returned a
     * pid no task of the log has, the mark of a fork in a PID namespace; the second run's shell, a task no fork made,
     * came after it, but is no child of it: the SIGCHLD its parent got said that child had exited (here the second run
     * was without -qq), and without that line (-e signal=none, both runs -qq) a log that shows no exit says nothing of
     * whether a fork's child appears in it at all.
     */
    @Test
    void theRootOfARunStraceAppendedIsNoChildOfTheFirstRunsSilentFork() throws Exception {
        String log = """
                2437  execve("/usr/bin/sh", ["sh", "-c", "cat /etc/hostname > o1; (:)"], 0x7ffee2324bd8 /* 35 vars */) = 0
                2437  openat(AT_FDCWD, "o1", O_WRONLY|O_CREAT|O_TRUNC, 0666) = 3
                2437  vfork( <unfinished ...>
                2438  execve("/usr/bin/cat", ["cat", "/etc/hostname"], 0x55af2c398a68 /* 35 vars */ <unfinished ...>
                2437  <... vfork resumed>)              = 2438
                2438  <... execve resumed>)             = 0
                2438  openat(AT_FDCWD, "/etc/hostname", O_RDONLY) = 3
                2437  --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=2438, si_uid=0, si_status=0, si_utime=0, si_stime=0} ---
                2437  clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7ffa0203ba10) = 2439
                2437  --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=2439, si_uid=0, si_status=0, si_utime=0, si_stime=0} ---
                2443  execve("/usr/bin/sh", ["sh", "-c", "cat o1 > o2"], 0x7fff9cb140b8 /* 35 vars */) = 0
                2443  openat(AT_FDCWD, "o2", O_WRONLY|O_CREAT|O_TRUNC, 0666) = 3
                2443  vfork( <unfinished ...>
                2444  execve("/usr/bin/cat", ["cat", "o1"], 0x55f9bc406b48 /* 35 vars */ <unfinished ...>
                2443  <... vfork resumed>)              = 2444
                2444  <... execve resumed>)             = 0
                2444  openat(AT_FDCWD, "o1", O_RDONLY)  = 3
                2443  --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=2444, si_uid=0, si_status=0, si_utime=0, si_stime=0} ---
                """;
        // the second run without -qq: its exits show, and only the SIGCHLD says the first run's subshell had ended
        write("a.log", log + "2444  +++ exited with 0 +++\n2443  +++ exited with 0 +++\n");
        write("a-nosig.log", log.lines().filter(l -> !l.contains("SIGCHLD {")).map(l -> l + "\n").collect(java.util.stream.Collectors.joining()));
        for (String name : List.of("a.log", "a-nosig.log")) {
            Tot.Result r = Tot.run(dir, "deps", "--from", name, "--cwd", "/w", "-d", "d.json");
            assertEquals(0, r.status(), r.stderr());
            assertEquals(java.util.Map.of("2437 /usr/bin/sh", "-", "2438 /usr/bin/cat", "2437 /usr/bin/sh", "2443 /usr/bin/sh", "-",
                    "2444 /usr/bin/cat", "2443 /usr/bin/sh"), parents(dir.resolve("d.json")), name);
        }
    }

    /**
     * strace -e inject=unlinkat:retval=0 (strace 6.1, trimmed): {@code unlinkat(AT_FDCWD, "f", 0) = 0 (INJECTED)} is a
     * call strace replaced by an invalid one and gave a made-up result; the kernel removed nothing (cat read f after it),
     * so rm deleted nothing, and its execution says why.
     */
    @Test
    void aCallWhoseResultStraceInjectedDidNothing() throws Exception {
        write("i.log", """
                17839 execve("/usr/bin/sh", ["sh", "-c", "echo a > f; rm f; cat f > g"], 0x7fff53ec2718 /* 35 vars */) = 0
                17839 openat(AT_FDCWD, "f", O_WRONLY|O_CREAT|O_TRUNC, 0666) = 3
                17839 vfork( <unfinished ...>
                17840 execve("/usr/bin/rm", ["rm", "f"], 0x564e75f42ab0 /* 35 vars */ <unfinished ...>
                17839 <... vfork resumed>)              = 17840
                17839 wait4(-1,  <unfinished ...>
                17840 <... execve resumed>)             = 0
                17840 newfstatat(AT_FDCWD, "f", {st_mode=S_IFREG|0644, st_size=2, ...}, AT_SYMLINK_NOFOLLOW) = 0
                17840 unlinkat(AT_FDCWD, "f", 0)        = 0 (INJECTED)
                17840 exit_group(0)                     = ?
                17840 +++ exited with 0 +++
                17839 <... wait4 resumed>[{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0, NULL) = 17840
                17839 wait4(-1, 0x7ffe4990829c, WNOHANG, NULL) = -1 ECHILD (No child processes)
                17839 openat(AT_FDCWD, "g", O_WRONLY|O_CREAT|O_TRUNC, 0666) = 3
                17839 vfork( <unfinished ...>
                17846 execve("/usr/bin/cat", ["cat", "f"], 0x564e75f42ac8 /* 35 vars */ <unfinished ...>
                17839 <... vfork resumed>)              = 17846
                17839 wait4(-1,  <unfinished ...>
                17846 <... execve resumed>)             = 0
                17846 openat(AT_FDCWD, "f", O_RDONLY)   = 3
                17846 exit_group(0)                     = ?
                17846 +++ exited with 0 +++
                17839 <... wait4 resumed>[{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0, NULL) = 17846
                17839 wait4(-1, 0x7ffe499082ec, WNOHANG, NULL) = -1 ECHILD (No child processes)
                17839 exit_group(0)                     = ?
                17839 +++ exited with 0 +++
                """);
        Tot.Result r = Tot.run(dir, "deps", "--from", "i.log", "--cwd", "/w", "-d", "d.json");
        assertEquals(0, r.status(), r.stderr());
        com.fasterxml.jackson.databind.JsonNode rm = null;
        for (com.fasterxml.jackson.databind.JsonNode x : ImportTest.JSON.readTree(dir.resolve("d.json").toFile())) {
            if (x.get("Pid").asInt() == 17840) rm = x;
        }
        assertEquals("[]", String.valueOf(rm.get("Deleted") == null ? "[]" : rm.get("Deleted")), rm.toString());
        assertTrue(rm.get("Warnings").toString().contains("strace injected the result of a call of this process"
                + " (-e inject=…:retval=, line 9: unlinkat): the kernel did not run it"), rm.toString());
    }

    /**
     * strace 4's {@code <unfinished ... exit status N>} ending the line of a call its process exited in is that process's
     * end with status N (a video4linux-list post's strace -p log of a capture program ended so, and up to strace 4.6 no
     * {@code +++ exited} line follows); from 4.7 the {@code +++ exited with N +++} after it is the same end.
     */
    @Test
    void strace4sExitStatusAfterACallEndsItsProcess() throws Exception {
        write("v.log", """
                execve("/usr/bin/capture", ["capture"], [/* 20 vars */]) = 0
                open("/dev/video0", O_RDWR)             = 3
                ioctl(3, VIDIOC_STREAMON, 0xbee35c50)   = -1 EIO (Input/output error)
                io_submit(0x1, 0x1, 0xfbad2088 <unfinished ... exit status 1>
                """);
        Tot.Result r = Tot.run(dir, "deps", "--from", "v.log", "--cwd", "/w", "-d", "d.json");
        assertEquals(0, r.status(), r.stderr());
        assertEquals("", r.stderr());
        assertEquals(1, ImportTest.JSON.readTree(dir.resolve("d.json").toFile()).get(0).get("Cmd").get("Exit").asInt());
        write("v47.log", Files.readString(dir.resolve("v.log")) + "+++ exited with 1 +++\n");
        r = Tot.run(dir, "import", "--db", "t.db", "v47.log");
        assertEquals(0, r.status(), r.stderr());
        assertTrue(r.stderr().contains("imported run 1 (1 executions, "), r.stderr());
        assertTrue(Tot.runOut(dir, "show", "--db", "t.db", "--format", "json").contains("\"exit\":1"));
    }

    /**
     * strace 4 on stderr writes its message about a vfork's child into the middle of the parent's line and ends that line
     * with " <unfinished ...>" on the next: pasted into Markdown (github.com/cirosantilli/linux-cheat's strace.md) the
     * line lost its leading blank, {@code <unfinished ...>}, which strace never begins a line with. It is the start of
     * the vfork, joined as with the blank (the excerpt ends there, in the vfork and the child's exec).
     */
    @Test
    void aPastedVforkUnfinishedWithoutItsLeadingBlankIsTheVforksStart() throws Exception {
        Tot.Result r = Tot.run(dir, "deps", "--from", Path.of("testdata/strace/vfork-attached-pasted.log").toAbsolutePath().toString(),
                "--cwd", "/w", "-d", "d.json");
        assertEquals(0, r.status(), r.stderr());
        assertEquals(java.util.Map.of("0 ", "-"), parents(dir.resolve("d.json")));
        try (tot.strace.StraceParser p = tot.strace.StraceParser.open(Path.of("testdata/strace/vfork-attached-pasted.log"))) {
            List<String> calls = new java.util.ArrayList<>();
            for (tot.strace.StraceRecord x; (x = p.next()) != null; ) {
                if (x instanceof tot.strace.StraceRecord.LoggedCall c) calls.add(c.pid() + " " + c.name() + (c.unfinished() ? " …" : ""));
            }
            assertEquals(List.of("0 access", "0 stat", "0 access", "0 vfork …", "6312 execve …"), calls);
        }
    }

    /**
     * A -ff set in a PID namespace without times or --pidns-translation (strace 6.1, trimmed): nothing says how its files
     * interleave, but each child says its pid there ({@code set_tid_address(…) = 5}, the subshell after its own vfork), and
     * one fork returned each: the set is read on in the child's file at its fork, as for a fork whose pid names its file
     * (the subshell's vfork made cat z before the subshell exec'd cat y: cat z's parent is the shell's execution). A pid
     * two tasks say is no link: which is the fork's cannot be told.
     */
    @Test
    void anUntimedFfSetInAPidNamespaceIsLinkedByThePidsTheChildrenSay() throws Exception {
        Tot.Result r = Tot.run(dir, "deps", "--from", Path.of("testdata/strace/pidns-ff/run").toAbsolutePath().toString(),
                "--cwd", "/w", "-d", "d.json");
        assertEquals(0, r.status(), r.stderr());
        assertFalse(r.stderr().contains("PID namespace"), r.stderr());
        assertFalse(r.stderr().contains("which is the root cannot be told"), r.stderr());
        assertEquals(java.util.Map.of("26646 /usr/bin/unshare", "-", "26647 /usr/bin/sh", "26646 /usr/bin/unshare",
                "26648 /usr/bin/cat", "26647 /usr/bin/sh", "26649 /usr/bin/sh", "26647 /usr/bin/sh", "26650 /usr/bin/cat",
                "26649 /usr/bin/sh", "26651 /usr/bin/cat", "26647 /usr/bin/sh", "26652 /usr/bin/cat", "26647 /usr/bin/sh",
                "26653 /usr/bin/wc", "26647 /usr/bin/sh"), parents(dir.resolve("d.json")));
        // wc's > n (opened before its exec: its shell's) and the pipe the shell made before forking the subshell and wc
        assertEquals(List.of("/w/x", "/w/y", "/w/n"), outputsOf(dir.resolve("d.json"), 26647));
        assertEquals(List.of("/dev/fptrace/pipe/1"), outputsOf(dir.resolve("d.json"), 26651));
        assertEquals(List.of("/dev/fptrace/pipe/1"), outputsOf(dir.resolve("d.json"), 26652));

        Path set = Files.createDirectories(dir.resolve("two"));
        Files.writeString(set.resolve("s.100"), """
                execve("/usr/bin/unshare", ["unshare", "-pf", "sh"], 0x7ffc /* 3 vars */) = 0
                clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7f) = 2
                wait4(-1, [{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0, NULL) = 2
                exit_group(0)                           = ?
                +++ exited with 0 +++
                """);
        for (String pid : List.of("101", "102")) {
            Files.writeString(set.resolve("s." + pid), """
                    set_tid_address(0x7f0733e9da10)         = 2
                    openat(AT_FDCWD, "%s", O_WRONLY|O_CREAT|O_TRUNC, 0666) = 3
                    exit_group(0)                           = ?
                    +++ exited with 0 +++
                    """.formatted(pid));
        }
        r = Tot.run(dir, "deps", "--from", set.resolve("s").toString(), "--cwd", "/w", "-d", "two.json");
        assertEquals(0, r.status(), r.stderr());
        assertTrue(r.stderr().contains("1 clone, fork or vfork call(s) returned a pid no task in the log has, and 2 task(s)"),
                r.stderr());
        assertEquals(java.util.Map.of("100 /usr/bin/unshare", "-", "101 ", "-", "102 ", "-"), parents(dir.resolve("two.json")));
    }

    /**
     * strace -f -p of a shell in a PID namespace (strace 6.1, trimmed): every fork returns a pid there, so no fork shows
     * that strace followed them, but the cats and sleep say their pid (set_tid_address): their forks were followed, and
     * the subshell, the one fork before its first line, is linked by order (its write is the shell's).
     */
    @Test
    void childrenThatSayTheirPidShowStraceFollowedForks() throws Exception {
        write("p.log", """
                2707  wait4(-1, [{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0, NULL) = 2
                2707  wait4(-1, 0x7ffe5b4e6c4c, WNOHANG, NULL) = -1 ECHILD (No child processes)
                2707  openat(AT_FDCWD, "y1", O_WRONLY|O_CREAT|O_TRUNC, 0666) = 3
                2707  vfork( <unfinished ...>
                2747  execve("/usr/bin/cat", ["cat", "x"], 0x55cc8edfec98 /* 35 vars */ <unfinished ...>
                2707  <... vfork resumed>)              = 3
                2707  wait4(-1,  <unfinished ...>
                2747  <... execve resumed>)             = 0
                2747  set_tid_address(0x7f4272f74a10)   = 3
                2747  openat(AT_FDCWD, "x", O_RDONLY)   = 3
                2747  exit_group(0)                     = ?
                2747  +++ exited with 0 +++
                2707  <... wait4 resumed>[{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0, NULL) = 3
                2707  wait4(-1, 0x7ffe5b4e6bac, WNOHANG, NULL) = -1 ECHILD (No child processes)
                2707  openat(AT_FDCWD, "y2", O_WRONLY|O_CREAT|O_TRUNC, 0666) = 3
                2707  vfork( <unfinished ...>
                2748  execve("/usr/bin/cat", ["cat", "x"], 0x55cc8edfec98 /* 35 vars */ <unfinished ...>
                2707  <... vfork resumed>)              = 4
                2748  <... execve resumed>)             = 0
                2707  wait4(-1,  <unfinished ...>
                2748  set_tid_address(0x7f4631819a10)   = 4
                2748  openat(AT_FDCWD, "x", O_RDONLY)   = 3
                2748  exit_group(0)                     = ?
                2748  +++ exited with 0 +++
                2707  <... wait4 resumed>[{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0, NULL) = 4
                2707  wait4(-1, 0x7ffe5b4e6bac, WNOHANG, NULL) = -1 ECHILD (No child processes)
                2707  clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD <unfinished ...>
                2749  openat(AT_FDCWD, "w", O_WRONLY|O_CREAT|O_TRUNC, 0666 <unfinished ...>
                2707  <... clone resumed>, child_tidptr=0x7f478ef07a10) = 5
                2707  wait4(-1,  <unfinished ...>
                2749  <... openat resumed>)             = 3
                2749  exit_group(0)                     = ?
                2749  +++ exited with 0 +++
                2707  <... wait4 resumed>[{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0, NULL) = 5
                2707  wait4(-1, 0x7ffe5b4e6d4c, WNOHANG, NULL) = -1 ECHILD (No child processes)
                2707  vfork( <unfinished ...>
                2750  execve("/usr/bin/sleep", ["sleep", "0.5"], 0x55cc8edfec58 /* 35 vars */ <unfinished ...>
                2707  <... vfork resumed>)              = 6
                2707  wait4(-1,  <unfinished ...>
                2750  <... execve resumed>)             = 0
                2750  set_tid_address(0x7fc34292ea10)   = 6
                2750  exit_group(0)                     = ?
                2750  +++ exited with 0 +++
                2707  <... wait4 resumed>[{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0, NULL) = 6
                2707  wait4(-1, 0x7ffe5b4e6cec, WNOHANG, NULL) = -1 ECHILD (No child processes)
                2707  exit_group(0)                     = ?
                2707  +++ exited with 0 +++
                """);
        Tot.Result r = Tot.run(dir, "deps", "--from", "p.log", "--cwd", "/w", "-d", "d.json");
        assertEquals(0, r.status(), r.stderr());
        assertFalse(r.stderr().contains("PID namespace"), r.stderr());
        assertEquals(List.of("/w/y1", "/w/y2", "/w/w"), outputsOf(dir.resolve("d.json"), 2707));
    }

    /**
     * Without -f (strace -p A -p B) a fork's child is never in the log: B, whose first line comes after A's fork (of a
     * pid no task has), is no child of A's (a real strace 6.1 log, B busy without syscalls until after A forked; its wait4
     * left out, as -e trace=!wait4 prints it, so that no reaping says the child was gone). The warning names both causes.
     */
    @Test
    void withoutFollowingForksNoTaskIsLinkedToAFork() throws Exception {
        write("pp.log", """
                18102 clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, {tv_sec=64117, tv_nsec=298127781}, NULL) = 0
                18102 clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7f2c9a425310) = 18131
                18102 --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=18131, si_uid=0, si_status=0, si_utime=0, si_stime=0} ---
                18102 clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, {tv_sec=64118, tv_nsec=300174595},  <unfinished ...>
                18103 openat(AT_FDCWD, "/etc/hostname", O_RDONLY|O_CLOEXEC) = 3
                18103 read(3, "vm\\n", 4)                = 3
                18103 close(3)                          = 0
                18103 exit_group(0)                     = ?
                18103 +++ exited with 0 +++
                18102 <... clock_nanosleep resumed>NULL) = 0
                18102 exit_group(0)                     = ?
                18102 +++ exited with 0 +++
                """);
        Tot.Result r = Tot.run(dir, "import", "--db", "t.db", "pp.log");
        assertEquals(0, r.status(), r.stderr());
        assertEquals(List.of(List.of(18102L, 0L), List.of(18103L, 0L)),
                Db.query(dir.resolve("t.db"), "SELECT pid, parent_exec_id FROM executions ORDER BY pid"));
        assertTrue(r.stderr().contains("strace without -f does not follow forks (strace -p A -p B), or in a PID namespace"), r.stderr());
    }

    @Test
    void aLogCutFromALongerOneImportsWithAWarning() throws Exception {
        Tot.Result r = Tot.run(dir, "import", "--db", "t.db", log("partial-head.log"));
        assertEquals(0, r.status(), r.stderr());
        assertTrue(r.stderr().contains("2 call(s) end in the log without their start"), r.stderr());
    }

    @Test
    void skipBadOnAFileWithoutStraceLinesIsAnError() throws Exception {
        write("notes.txt", "\nhello\nworld\n");
        Tot.Result r = Tot.run(dir, "import", "--db", "t.db", "--skip-bad", "notes.txt");
        assertEquals(2, r.status());
        assertEquals(List.of("tot: notes.txt:2: not an strace log: no line of it is strace's (2 skipped; the first:"
                + " expected '(' after the syscall name: hello)"), r.lines());
        assertFalse(Files.exists(dir.resolve("t.db")), "a failed import leaves no database it created");
        write("messages.log", "strace: Process 12 attached\nstrace: Process 12 detached\n");
        r = Tot.run(dir, "import", "--db", "t.db", "messages.log");
        assertEquals(List.of("tot: messages.log: not an strace log: no syscall, signal or exit in it"), r.lines());
        r = Tot.run(dir, "deps", "--from", "notes.txt");
        assertEquals(List.of("tot: notes.txt:2: expected '(' after the syscall name: hello"), r.lines());
    }

    /** A cut gzip'd log is refused in one line that names it once, by tot import as by tot deps --from. */
    @Test
    void aCutGzipLogIsRefusedNamingItOnce() throws Exception {
        var zipped = new java.io.ByteArrayOutputStream();
        try (var gz = new java.util.zip.GZIPOutputStream(zipped)) {
            gz.write(Files.readAllBytes(Path.of(log("basic.log"))));
        }
        Files.write(dir.resolve("cut.gz"), java.util.Arrays.copyOf(zipped.toByteArray(), 200));
        for (List<String> command : List.of(List.of("import", "--db", "t.db", "cut.gz"), List.of("deps", "--from", "cut.gz", "-d", "d.json"))) {
            Tot.Result r = Tot.run(dir, command.toArray(String[]::new));
            assertEquals(2, r.status(), r.stderr());
            assertEquals(1, r.lines().size(), r.stderr());
            assertTrue(r.lines().getFirst().startsWith("tot: cut.gz: a cut or damaged gzip file ("), r.stderr());
        }
    }

    @SafeVarargs
    private static String[] concat(List<String>... parts) {
        return java.util.Arrays.stream(parts).flatMap(List::stream).toArray(String[]::new);
    }
}
