package tot.strace;

import static org.junit.jupiter.api.Assertions.*;
import static tot.strace.Logs.at;
import static tot.strace.Logs.callAt;
import static tot.strace.Logs.calls;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tot.strace.StraceArg.Array;
import tot.strace.StraceArg.Commented;
import tot.strace.StraceArg.Fd;
import tot.strace.StraceArg.Flags;
import tot.strace.StraceArg.Num;
import tot.strace.StraceArg.Str;
import tot.strace.StraceArg.Struct;
import tot.strace.StraceRecord.LoggedCall;
import tot.strace.StraceRecord.Exited;
import tot.strace.StraceRecord.Killed;
import tot.strace.StraceRecord.Signal;
import tot.strace.StraceRecord.Superseded;
import tot.util.ByteStrings;

/**
 * The real strace 6.1 logs of testdata/strace (see its README for how each was made): each parses,
 * each line becomes the record it should (checked against the raw lines by a separate, regex-based
 * reading), and some records are checked field by field. Then strace is run here and now.
 */
class StraceLogsTest {

    /** Logs of strace without -f: no line has a pid. */
    private static final java.util.Set<String> NO_F = java.util.Set.of("no-f.log", "notes-2015.log", "r-no-f.log");
    /** Logs whose last line strace had not finished: skipped, no record. */
    private static final java.util.Set<String> CUT_LAST = java.util.Set.of("p-cut-last-line.log");

    static Stream<String> logs() throws IOException {
        try (Stream<Path> files = Files.list(Logs.DIR)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".log")).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("logs")
    void everyLineBecomesItsRecord(String name) throws IOException {
        Path log = Logs.DIR.resolve(name);
        accountsForEveryLine(List.of(log), Logs.file(name), NO_F.contains(name) ? 0 : -1, CUT_LAST.contains(name));
    }

    @Test
    void everyLineOfThePerPidFilesBecomesItsRecord() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(Logs.DIR.resolve("ff"))) {
            files = s.sorted().toList();
        }
        assertEquals(4, files.size());
        List<StraceRecord> all;
        try (StraceParser p = StraceParser.openPerPid(Logs.DIR.resolve("ff/run"))) {
            all = Logs.drain(p);
        }
        for (Path f : files) {
            int pid = Integer.parseInt(f.getFileName().toString().substring(4));
            accountsForEveryLine(List.of(f), all.stream().filter(r -> r.pid() == pid).toList(), pid);
        }
        // no timestamps: depth first, each child's file from the clone that made it, before the shell goes on
        List<Integer> pids = all.stream().map(StraceRecord::pid).distinct().toList();
        assertEquals(List.of(4897, 4898, 4899, 4900), pids);
        assertEquals(List.of(new Exited(50, 4898, -1, 0), new Exited(47, 4899, -1, 0), new Exited(71, 4900, -1, 2), new Exited(79, 4897, -1, 2)),
                all.stream().filter(r -> r instanceof Exited).toList(), "each child ends before the shell that waited for it");
        LoggedCall ls = calls(all, "execve").stream().filter(c -> c.pid() == 4900).findFirst().orElseThrow();
        assertEquals(new Array(List.of(new Str("ls", false), new Str("missing", false)), false), ls.arg(1));
    }

    @Test
    void basic() {
        List<StraceRecord> rs = Logs.file("basic.log");
        LoggedCall sh = callAt(rs, 1);
        assertEquals(4871, sh.pid());
        assertEquals("execve", sh.name());
        assertEquals(List.of(new Str("/usr/bin/sh", false),
                new Array(List.of(new Str("sh", false), new Str("-c", false), new Str("echo a > a; cat a | tee b; ls mi", true)), false),
                new Commented(new Num(0x7fff7ed358d8L), "1 var")), sh.args());
        assertEquals(0, sh.result());

        LoggedCall redirect = callAt(rs, 48); // 4871  openat(AT_FDCWD, "a", O_WRONLY|O_CREAT|O_TRUNC, 0666) = 3
        assertEquals(List.of(new Fd(Fd.AT_FDCWD, null, null, false), new Str("a", false), new Flags("O_WRONLY|O_CREAT|O_TRUNC"), new Num(0666)),
                redirect.args());
        assertEquals(3, redirect.result());

        LoggedCall missing = callAt(rs, 314); // 4874  statx(AT_FDCWD, "missing", …) = -1 ENOENT (No such file or directory)
        assertEquals(4874, missing.pid());
        assertEquals(new Str("missing", false), missing.arg(1));
        assertEquals(2, missing.errno());
        assertEquals(-1, missing.result());

        // 73: 4872  execve("/usr/bin/cat", ["cat", "a"], 0x55a4d94334c8 /* 2 vars */ <unfinished ...>
        // 84: 4873  execve("/usr/bin/tee", …) <unfinished ...>; 85: 4872  <... execve resumed>) = 0
        LoggedCall cat = callAt(rs, 73);
        assertEquals(4872, cat.pid());
        assertEquals(new Array(List.of(new Str("cat", false), new Str("a", false)), false), cat.arg(1));
        assertEquals(0, cat.result());
        assertFalse(cat.unfinished());
        LoggedCall tee = callAt(rs, 84); // its end, line 88, comes after cat's, line 85
        assertTrue(rs.indexOf(cat) < rs.indexOf(tee), "calls are reported when they return");
        // 83: 4871  wait4(-1,  <unfinished ...>  …  232: 4871  <... wait4 resumed>[{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0, NULL) = 4872
        LoggedCall wait = callAt(rs, 83);
        assertEquals(List.of(new Num(-1), new Array(List.of(new Struct("{WIFEXITED(s) && WEXITSTATUS(s) == 0}")), false), new Num(0), new Flags("NULL")),
                wait.args());
        assertEquals(4872, wait.result());
        assertTrue(rs.indexOf(wait) > rs.indexOf(at(rs, 231)), "reported when it returned, after cat's exit");

        assertEquals(new Exited(231, 4872, -1, 0), at(rs, 231));
        assertEquals(new Exited(323, 4874, -1, 2), at(rs, 323));
        assertEquals(new Exited(329, 4871, -1, 2), at(rs, 329));
    }

    @Test
    void timesDurationsAndFdPaths() {
        List<StraceRecord> rs = Logs.file("tt-T-y.log");
        // 4879  23:38:19.436503 openat(AT_FDCWD</tmp/tot-strace>, "a", O_WRONLY|O_CREAT|O_TRUNC, 0666) = 3</tmp/tot-strace/a> <0.000068>
        LoggedCall open = callAt(rs, 48);
        assertEquals(new Fd(Fd.AT_FDCWD, "/tmp/tot-strace", null, false), open.arg(0));
        assertEquals(new Fd(3, "/tmp/tot-strace/a", null, false), open.resultFd());
        assertEquals(((23 * 60 + 38) * 60 + 19) * 1_000_000_000L + 436_503_000, open.timeNanos());
        assertEquals(68_000, open.durationNanos());
        for (StraceRecord r : rs) {
            assertNotEquals(-1, r.timeNanos(), r.toString());
            if (r instanceof LoggedCall c && !c.unknownResult()) assertNotEquals(-1, c.durationNanos(), c.toString());
        }

        List<StraceRecord> epoch = Logs.file("ttt-yy-s100.log");
        // 186: 4888  1795995499.489509 openat(AT_FDCWD</tmp/tot-strace>, "a", O_RDONLY <unfinished ...>
        LoggedCall cat = callAt(epoch, 186);
        assertEquals(1_795_995_499_489_509_000L, cat.timeNanos());
        assertEquals(new Fd(3, "/tmp/tot-strace/a", null, false), cat.resultFd());
        assertTrue(epoch.stream().anyMatch(r -> r instanceof LoggedCall c && c.args().contains(new Fd(0, "/dev/null", "char 1:3", false))));
    }

    @Test
    void noPrefixesWithoutF() {
        List<StraceRecord> rs = Logs.file("no-f.log");
        assertTrue(rs.stream().allMatch(r -> r.pid() == 0));
        assertEquals(new Exited(81, 0, -1, 2), rs.getLast());
        assertEquals(0, calls(rs, "execve").size() - 1, "only the shell's own exec");
    }

    @Test
    void stderrWithItsPidPrefixesAndInterruptions() {
        List<StraceRecord> rs = Logs.file("stderr.log");
        // 59: clone(child_stack=NULL, flags=…|SIGCHLDstrace: Process 4919 attached
        // 60: , child_tidptr=0x7fb534de0a10) = 4919
        LoggedCall clone = callAt(rs, 59);
        assertEquals(0, clone.pid(), "before any [pid N] prefix the shell's pid is not known");
        assertEquals(3, clone.args().size());
        assertEquals(4919, clone.result());
        // 68: [pid  4919] dup2(4, 1strace: Process 4920 attached
        // 69: )                  = 1
        LoggedCall dup2 = callAt(rs, 68);
        assertEquals(4919, dup2.pid());
        assertEquals(List.of(new Num(4), new Num(1)), dup2.args());
        // 242: --- SIGCHLD {…si_pid=4920…} --- without prefix: the shell, 4918, the only task left
        Signal chld = (Signal) at(rs, 242);
        assertEquals(4918, chld.pid());
        assertEquals(new Exited(337, 4918, -1, 2), rs.getLast());
        assertTrue(rs.stream().noneMatch(r -> r instanceof LoggedCall c && c.unfinished()));
    }

    @Test
    void pythonSubprocesses() {
        List<StraceRecord> rs = Logs.file("python-subprocess.log");
        LoggedCall vfork = calls(rs, "vfork").getFirst(); // 601: 4926 vfork( <unfinished ...>; 671: <... vfork resumed>) = 4928
        assertEquals(601, vfork.line());
        assertEquals(4928, vfork.result());
        LoggedCall ls = callAt(rs, 670);
        assertEquals(4928, ls.pid());
        assertEquals(new Array(List.of(new Str("ls", false), new Str("/nonexistent", false)), false), ls.arg(1));
        assertEquals(new Exited(766, 4928, ((23 * 60 + 38) * 60 + 19) * 1_000_000_000L, 2), at(rs, 766));
        // 1100: 4934  23:38:19 write(3, "\303\277", 2)  = 2: "\xff" written by Python as UTF-8
        assertEquals(new Str("ÿ", false), callAt(rs, 1100).arg(1));
    }

    @Test
    void killedProcesses() {
        List<StraceRecord> rs = Logs.file("killed.log");
        assertEquals(new Killed(109, 4949, -1, "SIGQUIT", true), at(rs, 109));
        assertEquals(new Killed(116, 4947, -1, "SIGKILL", false), at(rs, 116));
        assertEquals(9, ((Killed) at(rs, 116)).signo());
        Signal chld = (Signal) at(rs, 111);
        assertEquals("SIGCHLD", chld.signal());
        assertTrue(chld.info().contains("si_code=CLD_DUMPED, si_pid=4949"), chld.info());
        assertEquals(rs.getLast(), at(rs, 116));
    }

    @Test
    void threadsInterleaveTheirCalls() throws IOException {
        List<StraceRecord> rs = Logs.file("threads.log");
        List<String> lines = Files.readAllLines(Logs.DIR.resolve("threads.log"));
        long starts = lines.stream().filter(l -> l.endsWith(" <unfinished ...>")).count();
        long ends = lines.stream().filter(l -> l.contains(" <... ")).count();
        assertTrue(starts > 100, "the threads really were interleaved: " + starts);
        assertEquals(starts, ends + rs.stream().filter(r -> r instanceof LoggedCall c && c.unfinished()).count());
        // 410: 4960  23:38:19.845968 openat(AT_FDCWD</tmp/tot-strace>, "/etc/passwd", O_RDONLY|O_CLOEXEC <unfinished ...>
        // 411: 4958  23:38:19.846008 gettid( <unfinished ...>
        // 412: 4960  23:38:19.846015 <... openat resumed>) = 3</etc/passwd> <0.000017>
        LoggedCall open = callAt(rs, 410);
        assertEquals(4960, open.pid());
        assertEquals(List.of(new Fd(Fd.AT_FDCWD, "/tmp/tot-strace", null, false), new Str("/etc/passwd", false), new Flags("O_RDONLY|O_CLOEXEC")),
                open.args());
        assertEquals(new Fd(3, "/etc/passwd", null, false), open.resultFd());
        assertEquals(((23 * 60 + 38) * 60 + 19) * 1_000_000_000L + 845_968_000, open.timeNanos());
        assertEquals(17_000, open.durationNanos());
        assertEquals(4958, callAt(rs, 411).pid());
        assertEquals("gettid", callAt(rs, 411).name());
        for (int i = 0; i < 3; i++) {
            Str path = new Str("/nonexistent/" + i, false);
            assertEquals(10, rs.stream().filter(r -> r instanceof LoggedCall c && c.name().equals("openat") && c.errno() == 2 && path.equals(c.arg(1))).count(),
                    "thread " + i + " tried 10 times");
        }
    }

    @Test
    void anExecFromAThread() {
        List<StraceRecord> rs = Logs.file("thread-exec.log");
        assertEquals(new Superseded(401, 4966, -1, 4967), at(rs, 401));
        LoggedCall exec = callAt(rs, 399); // 4967  execve("/bin/true", …) <unfinished ...>; 402: 4966  <... execve resumed>) = 0
        assertEquals(4966, exec.pid(), "it ends under the leader's pid");
        assertEquals(new Array(List.of(new Str("true", false), new Str("from-a-thread", false)), false), exec.arg(1));
        assertEquals(0, exec.result());
        assertTrue(rs.indexOf(exec) > rs.indexOf(at(rs, 401)));
    }

    @Test
    void socketsAndBytes() {
        List<StraceRecord> rs = Logs.file("sockets-yy.log");
        // 536: sendto(4<TCP:[127.0.0.1:51280->127.0.0.1:49049]>, "hello\377\n", 7, 0, NULL, 0) = 7
        LoggedCall send = callAt(rs, 536);
        assertEquals(new Fd(4, "TCP:[127.0.0.1:51280->127.0.0.1:49049]", null, false), send.arg(0));
        Str hello = (Str) send.arg(1);
        assertArrayEquals(new byte[] {'h', 'e', 'l', 'l', 'o', (byte) 0xff, '\n'}, ByteStrings.encode(hello.value()));
        assertEquals(new Fd(6, "UNIX-STREAM:[112557->112558]", null, false), callAt(rs, 541).arg(0));
    }

    @Test
    void unixUdp6AndNetlinkSockets() {
        List<StraceRecord> rs = Logs.file("unix-udp6-yy.log");
        // 33: accept4(3<UNIX-STREAM:[253253,"/tmp/tot-strace/sock,with>odd]name"]>, {sa_family=AF_UNIX}, [110 => 2], SOCK_CLOEXEC)
        //       = 5<UNIX-STREAM:[253255->253254,"/tmp/tot-strace/sock,with>odd]name"]>
        LoggedCall accept = callAt(rs, 33);
        assertEquals(List.of(new Fd(3, "UNIX-STREAM:[253253,\"/tmp/tot-strace/sock,with>odd]name\"]", null, false), new Struct("{sa_family=AF_UNIX}"),
                new Array(List.of(new StraceArg.InOut(new Num(110), new Num(2))), false), new Flags("SOCK_CLOEXEC")), accept.args());
        assertEquals(new Fd(5, "UNIX-STREAM:[253255->253254,\"/tmp/tot-strace/sock,with>odd]name\"]", null, false), accept.resultFd());
        assertEquals(new Fd(6, "UDPv6:[[::1]:50479]", null, false), callAt(rs, 39).arg(0));
        assertEquals(new Fd(7, "NETLINK:[ROUTE:20604]", null, false), callAt(rs, 58).arg(0));
    }

    @Test
    void aParallelMake() {
        List<StraceRecord> rs = Logs.file("make-j2.log");
        List<LoggedCall> execs = calls(rs, "execve");
        assertEquals(16, execs.size());
        assertTrue(execs.stream().allMatch(c -> c.result() == 0 && !c.unfinished()), execs.toString());
        assertEquals(new Array(List.of(new Str("cc", false), new Str("-O2", false), new Str("-c", false), new Str("f1.c", false)), false),
                callAt(rs, 20).arg(1));
        // 30: pselect6(…, {sigmask=[], sigsetsize=8} <unfinished ...>; 113: <... pselect6 resumed>) = ? ERESTARTNOHAND (…) <0.043251>
        LoggedCall select = callAt(rs, 30);
        assertTrue(select.unknownResult());
        assertEquals("ERESTARTNOHAND", select.errnoName());
        assertEquals(43_251_000, select.durationNanos());
        assertEquals(new Struct("{sigmask=[], sigsetsize=8}"), select.arg(5));
        assertEquals("(in [3])", callAt(rs, 17).note());
        assertEquals(16, rs.stream().filter(r -> r instanceof Exited x && x.code() == 0).count());
    }

    @Test
    void aDetachedCall() {
        List<StraceRecord> rs = Logs.file("detached.log");
        assertEquals(1, rs.size());
        LoggedCall sleep = (LoggedCall) rs.getFirst();
        assertEquals("clock_nanosleep", sleep.name());
        assertEquals(24052, sleep.pid());
        assertTrue(sleep.unfinished());
        assertEquals(List.of(new Flags("CLOCK_MONOTONIC"), new Flags("TIMER_ABSTIME"), new Struct("{tv_sec=2944, tv_nsec=955661710}")), sleep.args());
    }

    // ------------------------------------------------------------ less common options

    private static StraceParser open(String name, int defaultPid) throws IOException {
        return StraceParser.open(Logs.DIR.resolve(name), defaultPid);
    }

    @Test
    void syscallNumbersAndInstructionPointers() {
        List<StraceRecord> rs = Logs.file("i-n.log");
        LoggedCall exec = calls(rs, "execve").getFirst();
        assertEquals(List.of(28218, 0L), List.of(exec.pid(), exec.result()));
        assertEquals(new Exited(331, 28218, -1, 2), rs.getLast(), "[????????????????] +++ exited with 2 +++");
    }

    @Test
    void decodedPidsOnStderrAndTheRootLearned() throws IOException {
        int root;
        try (StraceParser p = open("Y-stderr.log", 0)) {
            List<StraceRecord> rs = Logs.drain(p);
            root = p.rootPid();
            LoggedCall clone = callAt(rs, 59);
            assertEquals(List.of(0, 28234L, "sh"), List.of(clone.pid(), clone.result(), clone.resultFd().path()),
                    "a first pass: the shell's pid is not known yet");
        }
        assertEquals(28233, root);
        try (StraceParser p = open("Y-stderr.log", root)) {
            List<StraceRecord> rs = Logs.drain(p);
            assertEquals(28233, callAt(rs, 59).pid());
            assertEquals(28233, calls(rs, "execve").getFirst().pid(), "the shell's exec: the root's first line");
            assertTrue(rs.stream().noneMatch(r -> r.pid() == 0));
        }
    }

    @Test
    void straceAttachedOnStderr() throws IOException {
        try (StraceParser p = open("p-stderr.log", 0)) {
            List<StraceRecord> rs = Logs.drain(p);
            assertEquals(java.util.Set.of(28272), rs.stream().map(StraceRecord::pid).collect(java.util.stream.Collectors.toSet()),
                    "strace: Process 28272 attached names the lines' process");
            assertEquals(28272, p.rootPid());
        }
    }

    @Test
    void timestampForms() throws IOException {
        LoggedCall tr = calls(Logs.file("t-r-T.log"), "brk").getFirst();
        assertEquals("04:06:59", tot.util.Times.iso(tr.timeNanos()), "-t -r: the time of day, the delta left out");
        assertEquals(41_000, tr.durationNanos());
        LoggedCall unix = calls(Logs.file("unix-s.log"), "brk").getFirst();
        assertEquals(1_796_530_019_000_000_000L, unix.timeNanos());
        try (StraceParser p = open("r-no-f.log", 0)) {
            List<StraceRecord> rs = Logs.drain(p);
            assertEquals(StraceParser.TimeBase.SINCE_START, p.timeBase());
            assertTrue(rs.stream().allMatch(r -> r.timeNanos() == -1), "-r: no clock time");
        }
    }

    @Test
    void aLogCutFromALongerOne() throws IOException {
        try (StraceParser p = open("partial-head.log", 0)) {
            List<StraceRecord> rs = Logs.drain(p);
            assertEquals(2, p.endsWithoutStart(), "<... rseq resumed> and <... rt_sigprocmask resumed>, whose starts are before line 1");
            assertEquals("set_robust_list", ((LoggedCall) rs.getFirst()).name());
            assertTrue(((LoggedCall) rs.getLast()).unfinished(), "the calls still unfinished at its end");
        }
    }

    @Test
    void dumpsStacksInjectionsAndContexts() {
        assertEquals(List.of(2, "(No such file or directory) (INJECTED)"), calls(Logs.file("inject.log"), "openat").stream()
                .filter(LoggedCall::failed).map(c -> List.<Object>of(c.errno(), c.note())).findFirst().orElseThrow());
        LoggedCall read = calls(Logs.file("read-write-dumps.log"), "read").stream().filter(c -> c.arg(1) instanceof Str s && s.value().equals("hi\n"))
                .findFirst().orElseThrow();
        assertEquals(3, read.result());
        assertEquals(List.of("/etc/ld.so.cache", "/lib/x86_64-linux-gnu/libc.so.6", "a"), calls(Logs.file("k.log"), "openat").stream()
                .filter(c -> c.pid() == 28227).map(c -> ((Str) c.arg(1)).value()).toList());
        LoggedCall open = calls(Logs.file("secontext.log"), "openat").get(1);
        assertEquals(List.of(new Fd(Fd.AT_FDCWD, null, null, false), new Str("/etc/passwd", false), new Flags("O_RDONLY")), open.args());
        List<StraceRecord> old = Logs.file("strace4.log");
        assertEquals(java.util.Set.of(29579, 29602), old.stream().map(StraceRecord::pid).collect(java.util.stream.Collectors.toSet()));
    }

    // ------------------------------------------------------------ strace here and now

    @Test
    void straceRunNow(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(straceWorks(), "strace is not installed or cannot trace here");
        Path log = dir.resolve("live.log");
        // printf writes the byte 0xff; cat opens f and fails on missing; the shell exits 3
        strace(dir, "-f", "-tt", "-T", "-yy", "-s", "256", "-o", log.toString(), "sh", "-c", "printf '\\377x' > f; cat f missing 2>/dev/null; exit 3");
        List<StraceRecord> rs;
        try (StraceParser p = StraceParser.open(log)) {
            rs = Logs.drain(p);
        }
        accountsForEveryLine(List.of(log), rs, -1);
        String real = dir.toRealPath().toString();
        LoggedCall sh = calls(rs, "execve").getFirst();
        assertEquals(new Array(List.of(new Str("sh", false), new Str("-c", false), new Str("printf '\\377x' > f; cat f missing 2>/dev/null; exit 3", false)), false),
                sh.arg(1));
        LoggedCall create = rs.stream().filter(r -> r instanceof LoggedCall c && c.name().equals("openat") && new Str("f", false).equals(c.arg(1))
                && c.arg(2) instanceof Flags f && f.has("O_CREAT")).map(r -> (LoggedCall) r).findFirst().orElseThrow();
        assertEquals(new Fd(Fd.AT_FDCWD, real, null, false), create.arg(0));
        assertEquals(real + "/f", create.resultFd().path());
        assertTrue(rs.stream().anyMatch(r -> r instanceof LoggedCall c && c.name().equals("write") && new Str("\udcffx", false).equals(c.arg(1))));
        LoggedCall missing = rs.stream().filter(r -> r instanceof LoggedCall c && c.name().equals("openat") && new Str("missing", false).equals(c.arg(1)))
                .map(r -> (LoggedCall) r).findFirst().orElseThrow();
        assertEquals("ENOENT", missing.errnoName());
        assertEquals(new Exited(0, sh.pid(), 0, 3), withoutLineAndTime((Exited) rs.getLast()));

        // the same with -ff: one file per process, the same execs and exits
        strace(dir, "-ff", "-s", "256", "-o", dir.resolve("ff").toString(), "sh", "-c", "printf '\\377x' > f; cat f missing 2>/dev/null; exit 3");
        List<StraceRecord> ff;
        try (StraceParser p = StraceParser.openPerPid(dir.resolve("ff"))) {
            ff = Logs.drain(p);
        }
        assertEquals(calls(rs, "execve").stream().map(c -> c.arg(1)).toList(), calls(ff, "execve").stream().map(c -> c.arg(1)).toList());
        assertEquals(rs.stream().filter(r -> r instanceof Exited).map(r -> ((Exited) r).code()).sorted().toList(),
                ff.stream().filter(r -> r instanceof Exited).map(r -> ((Exited) r).code()).sorted().toList());
        assertEquals(3, ((Exited) ff.stream().filter(r -> r instanceof Exited x && x.pid() == ff.getFirst().pid()).findFirst().orElseThrow()).code());
    }

    private static Exited withoutLineAndTime(Exited x) {
        return new Exited(0, x.pid(), 0, x.code());
    }

    private static boolean straceWorks() {
        try {
            Process p = new ProcessBuilder("strace", "-o", "/dev/null", "true").redirectErrorStream(true).start();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void strace(Path dir, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("strace"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectInput(new File("/dev/null"))
                .redirectOutput(dir.resolve("stdout").toFile()).redirectError(dir.resolve("stderr").toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "strace took too long");
    }

    // ------------------------------------------------------------ the line-by-line oracle

    /**
     * An event line: prefix (pid, with -Y its command), -secontext's context, optional time (-r's
     * padded with spaces, or after -t in parentheses), -n's and -i's brackets, body.
     */
    private static final Pattern LINE = Pattern.compile("^(?:(\\d+)(?:<[^>]*>)? +|\\[pid +(\\d+)(?:<[^>]*>)?\\] )?(?:\\[[^\\]]*\\] )*"
            + "(?: *[0-9][0-9:.]* +)?(?:\\(\\+ *[0-9.]+\\) )?(?:\\[[^\\]]*\\] +)*(.*)$");
    /** strace's messages (strace 4's have no "strace: "), -k's stack frames, -e read=/write='s dumps. */
    private static final Pattern NO_EVENT = Pattern.compile("^(?:strace: |Process \\d+ (?:attached|detached)| > | \\| ).*");

    /**
     * Every line of the log that starts an event (a call, a signal, an exit) has exactly one
     * record, of the right kind and pid; ends of calls ({@code <... resumed>}), strace's messages
     * and the second half of a line strace interrupted have none.
     */
    private static void accountsForEveryLine(List<Path> files, List<StraceRecord> records, int pidOfUnprefixed) throws IOException {
        accountsForEveryLine(files, records, pidOfUnprefixed, false);
    }

    private static void accountsForEveryLine(List<Path> files, List<StraceRecord> records, int pidOfUnprefixed, boolean cutLast)
            throws IOException {
        List<Integer> expected = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        for (Path f : files) {
            for (String l : new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1).split("\n", -1)) lines.add(l);
        }
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            if (l.isEmpty() || NO_EVENT.matcher(l).matches()) continue;
            Matcher m = LINE.matcher(l);
            assertTrue(m.matches(), l);
            String body = m.group(3);
            char c = body.isEmpty() ? ' ' : body.charAt(0);
            // a call (its name, or strace's ??? for one it could not read), an exit, a signal
            if (Character.isLetter(c) || c == '_' || body.startsWith("???") || c == '+' || c == '-' && body.startsWith("--- ")) {
                expected.add(i + 1);
            }
        }
        if (cutLast) expected.removeLast();
        assertEquals(expected, records.stream().map(StraceRecord::line).sorted().toList(), "one record per event line");
        for (StraceRecord r : records) {
            String l = lines.get(r.line() - 1);
            Matcher m = LINE.matcher(l);
            assertTrue(m.matches());
            String body = m.group(3);
            String prefix = m.group(1) != null ? m.group(1) : m.group(2);
            boolean movedByExec = r instanceof LoggedCall c && c.name().startsWith("execve") && l.endsWith("<unfinished ...>");
            if (prefix != null && !movedByExec) assertEquals(Integer.parseInt(prefix), r.pid(), l);
            if (prefix == null && pidOfUnprefixed >= 0) assertEquals(pidOfUnprefixed, r.pid(), l);
            switch (r) {
                case LoggedCall c -> {
                    assertTrue(body.startsWith(c.name() + "("), l);
                    // strace 4 on stderr: its message cut the line, which goes on with " <unfinished ...>" on the next
                    boolean next = r.line() < lines.size() && lines.get(r.line()).strip().equals("<unfinished ...>");
                    assertEquals((body.endsWith("<unfinished ...>") || next) && c.unfinished() || body.contains("<detached ...>"), c.unfinished(), l);
                }
                case Exited x -> assertEquals("+++ exited with " + x.code() + " +++", body);
                case Killed k -> assertEquals("+++ killed by " + k.signal() + (k.coreDumped() ? " (core dumped)" : "") + " +++", body);
                case Superseded s -> assertEquals("+++ superseded by execve in pid " + s.byPid() + " +++", body);
                case Signal s -> assertTrue(body.startsWith("--- " + s.signal() + (s.info() == null ? " ---" : " " + s.info() + " ---")), body);
                case StraceRecord.Stopped s -> assertEquals("--- stopped by " + s.signal() + " ---", body);
            }
        }
    }
}
