package tot.strace;

import static org.junit.jupiter.api.Assertions.*;
import static tot.strace.Logs.call;
import static tot.strace.Logs.parse;

import java.io.IOException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tot.strace.StraceArg.Array;
import tot.strace.StraceArg.Commented;
import tot.strace.StraceArg.Fd;
import tot.strace.StraceArg.Flags;
import tot.strace.StraceArg.InOut;
import tot.strace.StraceArg.Named;
import tot.strace.StraceArg.Num;
import tot.strace.StraceArg.Raw;
import tot.strace.StraceArg.Str;
import tot.strace.StraceArg.Struct;
import tot.strace.StraceRecord.LoggedCall;
import tot.strace.StraceRecord.Exited;
import tot.strace.StraceRecord.Killed;
import tot.strace.StraceRecord.Signal;
import tot.strace.StraceRecord.Stopped;
import tot.strace.StraceRecord.Superseded;
import tot.util.ByteStrings;
import tot.util.Times;

/** The syntax of strace lines, one form at a time. */
class StraceParserTest {

    private static Str str(String s) {
        return new Str(s, false);
    }

    private static Num num(long n) {
        return new Num(n);
    }

    /** The error {@code text}'s line gives, followed by a good line (a last line that ended too soon is skipped as cut). */
    private static StraceParseException error(String text) {
        String log = text + (text.endsWith("\n") ? "" : "\n") + "9 getpid() = 9\n";
        try (StraceParser p = StraceParser.of(new ByteArrayInputStream(ByteStrings.encode(log)), "test.log", 0)) {
            StraceParseException ex = assertThrows(StraceParseException.class, () -> Logs.drain(p));
            assertTrue(ex.getMessage().startsWith("test.log:" + ex.line() + ": "), ex.getMessage());
            return ex;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    // ------------------------------------------------------------ the 2015 notes

    @Test
    void theLinesOfThe2015NotesParse() {
        List<StraceRecord> rs = Logs.file("notes-2015.log");
        assertEquals(3, rs.size(), rs.toString());
        LoggedCall open = (LoggedCall) rs.get(0);
        assertEquals("open", open.name());
        assertEquals(List.of(str("/etc/passwd"), new Flags("O_RDONLY")), open.args());
        assertEquals(4, open.result());
        assertEquals(1, open.line());
        assertFalse(open.unfinished());
        LoggedCall lstat = (LoggedCall) rs.get(1);
        assertEquals(str("/dev/null"), lstat.arg(0));
        Struct st = (Struct) lstat.arg(1);
        assertEquals("{st_mode=S_IFCHR|0666, st_rdev=makedev(1, 3), ...}", st.text());
        assertEquals("S_IFCHR|0666", st.field("st_mode"));
        assertEquals("makedev(1, 3)", st.field("st_rdev"));
        assertNull(st.field("st_size"));
        assertEquals(0, lstat.result());
        LoggedCall read = (LoggedCall) rs.get(2);
        assertEquals(List.of(num(3), new Str("root::0:0:System Administrator:/", true), num(1024)), read.args());
        assertEquals(422, read.result());
        assertEquals(0, read.pid(), "no prefix, no default: pid 0");
    }

    // ------------------------------------------------------------ prefixes and times

    @Test
    void pidPrefixes() {
        assertEquals(1234, call("1234  getpid()                          = 1234").pid());
        assertEquals(123456, call("123456 getpid() = 123456").pid());
        assertEquals(1234, call("[pid  1234] getpid() = 1234").pid());
        assertEquals(77, Logs.parse("getpid() = 77\n".getBytes(StandardCharsets.US_ASCII), 77).getFirst().pid());
        error("[pid 12 getpid() = 1\n");
        error("99999999999 getpid() = 1\n");
    }

    @Test
    void timestamps() {
        assertEquals(-1, call("1 getpid() = 1").timeNanos());
        assertEquals(((12 * 60 + 34) * 60 + 56) * 1_000_000_000L, call("12:34:56 getpid() = 1").timeNanos());
        assertEquals(((12 * 60 + 34) * 60 + 56) * 1_000_000_000L + 123_456_000, call("1 12:34:56.123456 getpid() = 1").timeNanos());
        assertEquals(1_700_000_000_123_456_000L, call("1  1700000000.123456 getpid() = 1").timeNanos());
        assertEquals(1_700_000_000_123_456_789L, call("1700000000.123456789 getpid() = 1").timeNanos());
        LoggedCall t = call("1 12:00:00.5 read(0, \"\", 1) = 0 <0.000123>");
        assertEquals(123_000, t.durationNanos());
        assertEquals(12 * 3600 * 1_000_000_000L + 500_000_000, t.timeNanos());
        error("25:00:00 getpid() = 1\n");
        error("1 12:34 getpid() = 1\n");
        error("1 12:34:56.1234567890 getpid() = 1\n");
    }

    @Test
    void relativeTimesGiveNoClockTime() throws IOException {
        // strace -f -r -o: a pid, then the seconds since the previous line; strace -r without -f: padded to 6 digits
        String log = "1      0.000000 execve(\"/bin/true\", [\"true\"], 0x7fff /* 1 var */) = 0\n1      0.000345 brk(NULL) = 0x5644\n"
                + "     1.000001 getpid() = 1\n1      1.000001 +++ exited with 0 +++\n";
        try (StraceParser p = StraceParser.of(new ByteArrayInputStream(log.getBytes(StandardCharsets.US_ASCII)), "x", 0)) {
            List<StraceRecord> rs = Logs.drain(p);
            assertEquals(List.of(-1L, -1L, -1L, -1L), rs.stream().map(StraceRecord::timeNanos).toList(), "never a time from 1970");
            assertEquals(List.of("execve", "brk", "getpid"), Logs.calls(rs).stream().map(LoggedCall::name).toList());
            assertEquals(StraceParser.TimeBase.SINCE_START, p.timeBase());
        }
        // strace -t -r: the time of day, then the delta in parentheses
        assertEquals(((3 * 60 + 54) * 60 + 37) * 1_000_000_000L, call("03:54:37 (+     0.000366) brk(NULL) = 0x556849c9b000").timeNanos());
    }

    /**
     * strace 4 ended the line of a call its process exited in with the exit status ({@code if (tcp == tcp_last)
     * tprintf(" <unfinished ... exit status %d>\n", …)}): the call's start, and the process's end; up to 4.6 no
     * {@code +++ exited} line followed, from 4.7 one does, the same end. Real lines: a video4linux-list post's
     * {@code io_submit(…} with strace -p's {@code Process 1053 detached} after it, and chromium's trace_inputs test
     * "copy-pasted from a real log", {@code futex( <unfinished ... exit status 0>}.
     */
    @Test
    void strace4sExitStatusEndingACallLineIsItsProcesssEnd() {
        List<StraceRecord> rs = parse("""
                ioctl(3, VIDIOC_STREAMON, 0xbee35c50)   = -1 EIO (Input/output error)
                io_submit(0x1, 0x1, 0xfbad2088 <unfinished ... exit status 1>
                Process 1053 detached
                """);
        assertEquals(3, rs.size(), rs.toString());
        LoggedCall io = (LoggedCall) rs.get(1);
        assertEquals("io_submit", io.name());
        assertTrue(io.unfinished());
        assertEquals(List.of(new Num(1), new Num(1), new Num(0xfbad2088L)), io.args());
        assertEquals(new Exited(2, 0, -1, 1), rs.get(2));
        rs = parse("""
                7  close(9)                                = 0
                7  futex( <unfinished ... exit status 0>
                7  +++ exited with 0 +++
                8  exit_group(3)                           = ?
                8  +++ exited with 3 +++
                """);
        assertEquals(List.of(new Exited(2, 7, -1, 0), new Exited(5, 8, -1, 3)), rs.stream().filter(r -> r instanceof Exited).toList());
        assertTrue(((LoggedCall) rs.get(1)).unfinished());
        error("7  futex( <unfinished ... exit status 256>\n");
        error("7  futex( <unfinished ... exit status x>\n");
    }

    /**
     * strace on stderr prefixes a line with {@code [pid N] } only while it traces more than one process: once the child
     * is dropped, the root's lines have none again. strace 4.5-4.6 printed no {@code +++ exited} line (-qq hides it
     * today), so the child's {@code exit_group} is the last the log says of it: an unprefixed line after it is the
     * root's, not the child's, the one task seen with a prefix (hand-made after strace 4.5.20's printleader and droptcb;
     * a vfork whose child exec'd and exited before its parent's line).
     */
    @Test
    void anUnprefixedLineAfterTheOnlyPrefixedTasksExitGroupIsTheRoots() throws IOException {
        String log = """
                execve("/bin/sh", ["sh", "-c", "cat a; echo x > b"], [/* 20 vars */]) = 0
                vfork(Process 6312 attached
                 <unfinished ...>
                [pid  6312] execve("/bin/cat", ["cat", "a"], [/* 20 vars */]) = 0
                [pid  6312] exit_group(0)               = ?
                <... vfork resumed> )                   = 6312
                open("b", O_WRONLY|O_CREAT|O_TRUNC, 0666) = 3
                """;
        List<StraceRecord> rs = parse(log);
        assertEquals(List.of("0 execve", "6312 execve", "6312 exit_group", "0 vfork", "0 open"),
                rs.stream().map(r -> r.pid() + " " + ((LoggedCall) r).name()).toList());
    }

    /**
     * strace 4.6 on ends the line of a call with {@code <ptrace(SYSCALL):No such process>} when the task went away before
     * strace could restart it (real line: chromium's trace_inputs test): the call's start, which does not end.
     */
    @Test
    void aPtraceFailureEndingACallLineIsItsStart() {
        List<StraceRecord> rs = parse("""
                7  futex(0x7134840, FUTEX_WAIT_PRIVATE, 2, NULL <ptrace(SYSCALL):No such process>
                7  +++ exited with 0 +++
                """);
        assertEquals(2, rs.size(), rs.toString());
        LoggedCall futex = (LoggedCall) rs.get(0);
        assertEquals("futex", futex.name());
        assertTrue(futex.unfinished());
        assertEquals(new Exited(2, 7, -1, 0), rs.get(1));
    }

    @Test
    void stackFramesOfMinusKAreSkipped() {
        List<StraceRecord> rs = parse("""
                21875 brk(NULL)                         = 0x55a3b8d3c000
                 > /usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2(_dl_catch_error+0x77c7) [0x1fc47]
                 > /usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2(_dl_catch_error+0x1e7f) [0x1a2ff]
                21875 +++ exited with 0 +++
                """);
        assertEquals(2, rs.size());
    }

    @Test
    void theTimeOfDayGoesOnPastMidnight() throws IOException {
        String log = "1 23:59:59.900000 getpid() = 1\n1 23:59:59.800000 getpid() = 1\n1 00:00:00.100000 getpid() = 1\n";
        List<StraceRecord> rs = parse(log);
        long day = 86_400_000_000_000L;
        assertEquals(day - 100_000_000, rs.get(0).timeNanos());
        assertEquals(day - 200_000_000, rs.get(1).timeNanos(), "a small step back is not a new day");
        assertEquals(day + 100_000_000, rs.get(2).timeNanos());
        try (StraceParser p = StraceParser.of(new ByteArrayInputStream(log.getBytes(StandardCharsets.US_ASCII)), "x", 0)) {
            assertEquals(StraceParser.TimeBase.NONE, p.timeBase());
            p.next();
            assertEquals(StraceParser.TimeBase.TIME_OF_DAY, p.timeBase());
        }
    }

    @Test
    void timesOfDayWithoutADateStayTimesOfDayAndADateMakesThemInstants() throws IOException {
        LoggedCall t = call("1 12:34:56.123456 getpid() = 1");
        assertTrue(Times.dateUnknown(t.timeNanos()), "never a date that was not in the log");
        assertEquals("12:34:56.123456", Times.iso(t.timeNanos()));
        String log = "1 23:59:59.5 getpid() = 1\n1 00:00:00.25 getpid() = 1\n";
        StraceParser.Options utc = new StraceParser.Options(0, LocalDate.of(2024, 5, 1), ZoneOffset.UTC);
        try (StraceParser p = StraceParser.of(new ByteArrayInputStream(log.getBytes(StandardCharsets.US_ASCII)), "x", utc)) {
            List<StraceRecord> rs = Logs.drain(p);
            assertEquals(List.of("2024-05-01T23:59:59.500Z", "2024-05-02T00:00:00.250Z"), rs.stream().map(r -> Times.iso(r.timeNanos())).toList(),
                    "the day of the first line, and the next one after midnight");
            assertTrue(p.dated());
        }
        StraceParser.Options paris = new StraceParser.Options(0, LocalDate.of(2024, 5, 1), java.time.ZoneId.of("Europe/Paris"));
        try (StraceParser p = StraceParser.of(new ByteArrayInputStream("1 12:00:00 getpid() = 1\n".getBytes(StandardCharsets.US_ASCII)), "x", paris)) {
            assertEquals("2024-05-01T10:00:00Z", Times.iso(p.next().timeNanos()), "a local time of the zone given");
        }
    }

    @Test
    void otherTimestampForms() {
        // --timestamps=unix,s: seconds without a fraction, alone or after the pid (a number above any pid)
        assertEquals(1_796_529_277_000_000_000L, call("1796529277 execve(\"/usr/bin/true\", [\"true\"], 0x7ffd /* 39 vars */) = 0").timeNanos());
        LoggedCall withPid = call("28001 1796529277 brk(NULL)                    = 0x56221eb30000");
        assertEquals(28001, withPid.pid());
        assertEquals(1_796_529_277_000_000_000L, withPid.timeNanos());
        // --timestamps=time,ns
        assertEquals(((3 * 60 + 54) * 60 + 37) * 1_000_000_000L + 395_136_525, call("03:54:37.395136525 brk(NULL) = 0x55fd90868000").timeNanos());
    }

    // ------------------------------------------------------------ results

    /**
     * strace 4's sigreturn printed the mask it restores after the arguments (strace's own old
     * tests/sigreturn.c; 831 lines of bigjosh/De-Harak-Clock-Controller's log, ARM, -r).
     */
    @Test
    void strace4sSigreturnMaskAfterTheArgumentsIsSkipped() {
        LoggedCall c = call("     0.000075 sigreturn() (mask [])     = 0");
        assertEquals("sigreturn", c.name());
        assertEquals(List.of(), c.args());
        assertEquals(0, c.result());
        assertEquals(0, call("1 sigreturn() (mask [CHLD RT_1 RT_3 RT_31 RT_32]) = 0 <0.000012>").result());
        error("1 sigreturn() (mask [) = 0\n");
        error("1 sigreturn() (mask []) 0\n");
    }

    @Test
    void results() {
        LoggedCall ok = call("1 open(\"/a\", O_RDONLY) = 3");
        assertEquals(3, ok.result());
        assertFalse(ok.failed());
        assertNull(ok.note());

        LoggedCall enoent = call("1 open(\"/missing\", O_RDONLY) = -1 ENOENT (No such file or directory)");
        assertEquals(-1, enoent.result());
        assertEquals(2, enoent.errno());
        assertEquals("ENOENT", enoent.errnoName());
        assertEquals("(No such file or directory)", enoent.note());
        assertTrue(enoent.failed());

        LoggedCall restart = call("1 wait4(-1, 0x7ffc, 0, NULL) = -1 ERESTARTSYS (To be restarted if SA_RESTART is set)");
        assertEquals(512, restart.errno());
        assertEquals("ERESTARTSYS", restart.errnoName());

        LoggedCall unknownErrno = call("1 foo() = -1 ERRNO_1234 (Unknown error 1234)");
        assertEquals(1234, unknownErrno.errno());
        LoggedCall strange = call("1 foo() = -1 EWHATEVER (Whatever)");
        assertEquals(-1, strange.errno());
        assertTrue(strange.failed());

        // make -j2 under strace -f -tt -T -yy: a signal interrupted pselect6
        LoggedCall interrupted = call("16 22:10:01.123456 pselect6(4, [3<pipe:[257894]>], NULL, NULL, NULL, {sigmask=[], sigsetsize=8})"
                + " = ? ERESTARTNOHAND (To be restarted if no handler) <0.094687>");
        assertTrue(interrupted.unknownResult());
        assertEquals(514, interrupted.errno());
        assertEquals("ERESTARTNOHAND", interrupted.errnoName());
        assertEquals("(To be restarted if no handler)", interrupted.note());
        assertEquals(94_687_000, interrupted.durationNanos());
        assertEquals(new Array(List.of(new Fd(3, "pipe:[257894]", null, false)), false), interrupted.arg(1));

        LoggedCall exit = call("1 exit_group(0) = ?");
        assertTrue(exit.unknownResult());
        assertFalse(exit.unfinished());

        assertEquals(0x7f12ff0cc000L, call("1 mmap(NULL, 8192, PROT_READ, MAP_PRIVATE, -1, 0) = 0x7f12ff0cc000").result());
        assertEquals(-1L, call("1 foo() = 0xffffffffffffffff").result());
        assertEquals(-1L, call("1 foo() = 18446744073709551615").result());

        LoggedCall fd = call("1 openat(AT_FDCWD</w>, \"a\", O_RDONLY) = 3</w/a>");
        assertEquals(new Fd(3, "/w/a", null, false), fd.resultFd());
        assertEquals(3, fd.result());
        assertEquals(new Fd(3, "/w/#2146329", null, true),
                call("1 openat(AT_FDCWD</w>, \".\", O_WRONLY|O_TMPFILE, 0644) = 3</w/#2146329>(deleted)").resultFd());

        assertEquals("(Timeout)", call("1 poll([{fd=3, events=POLLIN}], 1, 0) = 0 (Timeout)").note());
        assertEquals("([{fd=3</a b>, revents=POLLIN}])", call("1 poll([{fd=3</a b>, events=POLLIN}], 1, 0) = 1 ([{fd=3</a b>, revents=POLLIN}])").note());
        assertEquals("(flags FD_CLOEXEC)", call("1 fcntl(3, F_GETFD) = 0x1 (flags FD_CLOEXEC)").note());

        LoggedCall timed = call("1 read(3</etc/passwd>, \"x\", 64) = -1 EAGAIN (Resource temporarily unavailable) <0.000017>");
        assertEquals(17_000, timed.durationNanos());
        assertEquals("(Resource temporarily unavailable)", timed.note());
        assertEquals(11, timed.errno());
        LoggedCall timedFd = call("1 openat(AT_FDCWD, \"/etc/passwd\", O_RDONLY) = 3</etc/passwd> <1.5>");
        assertEquals(1_500_000_000L, timedFd.durationNanos());
        assertEquals("/etc/passwd", timedFd.resultFd().path());
        // -T --syscall-times=s: whole seconds, no fraction
        assertEquals(2_000_000_000L, call("1 openat(AT_FDCWD, \"/etc/passwd\", O_RDONLY) = 3</etc/passwd> <2>").durationNanos());
        assertEquals(0L, call("1 execve(\"/usr/bin/sh\", [\"sh\"], 0x7ffd3e932638 /* 35 vars */) = 0 <0>").durationNanos());

        error("1 getpid()\n");
        error("1 getpid() =\n");
        error("1 getpid() = x\n");
        error("1 getpid() = 3x\n");
        error("1 getpid() = 0x\n");
        error("1 getpid() = 3</a\n");
        error("1 getpid() = 3 <0.0x>\n");
    }

    // ------------------------------------------------------------ arguments

    @Test
    void stringsAreDecodedToTheirBytes() {
        LoggedCall c = call("1 read(3, \"\\x7fELF\\2\\1\", 6) = 6");
        assertArrayEquals(new byte[] {0x7f, 'E', 'L', 'F', 2, 1}, ByteStrings.encode(((Str) c.arg(1)).value()));
        assertEquals(str("\0"), call("1 write(1, \"\\0\", 1) = 1").arg(1));
        assertEquals(str("a\"b"), call("1 write(1, \"a\\\"b\", 3) = 3").arg(1));
        assertEquals(str("\t\n\r\u000b\f\\'?"), call("1 write(1, \"\\t\\n\\r\\v\\f\\\\\\'\\?\", 8) = 8").arg(1));
        Str bad = (Str) call("1 write(1, \"\\377a\\303\\251\\x80\", 5) = 5").arg(1);
        assertEquals("\udcffaé\udc80", bad.value());
        assertArrayEquals(new byte[] {(byte) 0xff, 'a', (byte) 0xc3, (byte) 0xa9, (byte) 0x80}, ByteStrings.encode(bad.value()));
        assertEquals(new Str("root::0:0:", true), call("1 read(3, \"root::0:0:\"..., 1024) = 422").arg(1));
        assertEquals(str(""), call("1 read(3, \"\", 1) = 0").arg(1));
        assertEquals(str("\1" + "2"), call("1 write(1, \"\\0012\", 2) = 2").arg(1), "an octal escape takes at most 3 digits");
        // raw bytes (strace escapes them, but a log may have been through other hands)
        LoggedCall raw = Logs.parse(new byte[] {'w', '(', '"', (byte) 0xff, (byte) 0xc3, (byte) 0xa9, '"', ')', ' ', '=', ' ', '0', '\n'}, 0)
                .stream().map(r -> (LoggedCall) r).findFirst().orElseThrow();
        assertEquals(str("\udcffé"), raw.arg(0));

        error("1 write(1, \"abc, 3) = 3\n");
        error("1 write(1, \"a\\q\", 3) = 3\n");
        error("1 write(1, \"a\\xg\", 3) = 3\n");
        error("1 write(1, \"a\\777\", 3) = 3\n");
        error("1 write(1, \"a\\\n");
    }

    @Test
    void numbersInEveryBase() {
        LoggedCall c = call("1 f(0, 42, -1, 0x1f, 0666, 0755, 18446744073709551615, -9223372036854775807) = 0");
        assertEquals(List.of(num(0), num(42), num(-1), num(0x1f), num(0666), num(0755), num(-1), num(-9223372036854775807L)), c.args());
        assertEquals(new Raw("18446744073709551616"), call("1 f(18446744073709551616) = 0").arg(0), "above 2^64-1: kept as text");
        assertEquals(new Raw("0x12345678901234567"), call("1 f(0x12345678901234567) = 0").arg(0));
        assertEquals(new Raw("8192*1024"), call("1 f(8192*1024) = 0").arg(0));
        assertEquals(new Raw("09"), call("1 f(09) = 0").arg(0));
    }

    @Test
    void arrays() {
        LoggedCall exec = call("1 execve(\"/bin/sh\", [\"sh\", \"-c\", \"x\"], 0x7ffd48f74428 /* 24 vars */) = 0");
        assertEquals(new Array(List.of(str("sh"), str("-c"), str("x")), false), exec.arg(1));
        assertEquals(new Commented(num(0x7ffd48f74428L), "24 vars"), exec.arg(2));
        assertEquals(num(0x7ffd48f74428L), exec.arg(2).plain());
        LoggedCall cut = call("1 execve(\"/bin/sh\", [\"sh\", \"-c\", \"echo a > a; cat a | tee b; ls mi\"...], [\"A=1\", ...]) = 0");
        assertEquals(new Array(List.of(str("sh"), str("-c"), new Str("echo a > a; cat a | tee b; ls mi", true)), false), cut.arg(1));
        assertEquals(new Array(List.of(str("A=1")), true), cut.arg(2));
        assertEquals(new Array(List.of(), true), call("1 execve(\"/bin/sh\", [...], NULL) = 0").arg(1));
        assertEquals(new Array(List.of(num(3), num(4)), false), call("1 pipe2([3, 4], 0) = 0").arg(0));
        assertEquals(new Array(List.of(), false), call("1 rt_sigprocmask(SIG_SETMASK, [], NULL, 8) = 0").arg(1));
        assertEquals(new Array(List.of(new Raw("INT QUIT")), false), call("1 rt_sigprocmask(SIG_BLOCK, [INT QUIT], NULL, 8) = 0").arg(1));
        assertEquals(new Raw("~[RTMIN RT_1]"), call("1 rt_sigprocmask(SIG_BLOCK, ~[RTMIN RT_1], NULL, 8) = 0").arg(1));
        assertEquals(new Array(List.of(new Array(List.of(num(1), num(2)), false), new Array(List.of(num(3)), false)), false),
                call("1 f([[1, 2], [3]]) = 0").arg(0));
        LoggedCall wait = call("1 wait4(-1, [{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0, NULL) = 4872");
        assertEquals(new Array(List.of(new Struct("{WIFEXITED(s) && WEXITSTATUS(s) == 0}")), false), wait.arg(1));
        assertEquals(new Flags("NULL"), wait.arg(3));
        LoggedCall pair = call("1 socketpair(AF_UNIX, SOCK_STREAM, 0, [6<UNIX-STREAM:[110359->110360]>, 7<UNIX-STREAM:[110360->110359]>]) = 0");
        assertEquals(new Array(List.of(new Fd(6, "UNIX-STREAM:[110359->110360]", null, false), new Fd(7, "UNIX-STREAM:[110360->110359]", null, false)), false),
                pair.arg(3));
        error("1 f([1, 2) = 0\n");
    }

    @Test
    void structsFlagsNamedAndInOut() {
        LoggedCall st = call("1 newfstatat(3, \"\", {st_mode=S_IFREG|0644, st_size=34547, ...}, AT_EMPTY_PATH) = 0");
        assertEquals(new Struct("{st_mode=S_IFREG|0644, st_size=34547, ...}"), st.arg(2));
        assertEquals("34547", ((Struct) st.arg(2)).field("st_size"));
        Struct nested = (Struct) call("1 rt_sigaction(SIGINT, {sa_handler=0x55, sa_mask=~[RTMIN RT_1], sa_flags=SA_RESTORER, sa_restorer=0x7f}, NULL, 8) = 0").arg(1);
        assertEquals("~[RTMIN RT_1]", nested.field("sa_mask"));
        assertEquals("SA_RESTORER", nested.field("sa_flags"));
        Struct deep = (Struct) call("1 f({a={b=[1, {c=\"}\"}], d=2}, e=\"x,y\"}) = 0").arg(0);
        assertEquals("{b=[1, {c=\"}\"}], d=2}", deep.field("a"));
        assertEquals("\"x,y\"", deep.field("e"));

        Flags f = (Flags) call("1 openat(AT_FDCWD, \"a\", O_WRONLY|O_CREAT|O_TRUNC, 0666) = 3").arg(2);
        assertTrue(f.has("O_CREAT"));
        assertTrue(f.has("O_WRONLY"));
        assertTrue(f.has("O_TRUNC"));
        assertFalse(f.has("O_RDONLY"));
        assertFalse(f.has("O_TRUN"));
        assertEquals(new Flags("S_IFREG|0644"), call("1 mknod(\"x\", S_IFREG|0644) = 0").arg(1));

        LoggedCall clone = call("1 clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7fd44afb8a10) = 32376");
        assertEquals(new Named("child_stack", new Flags("NULL")), clone.arg(0));
        assertEquals(new Named("flags", new Flags("CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD")), clone.arg(1));
        assertTrue(((Flags) clone.arg(1).plain()).has("SIGCHLD"));
        assertEquals(32376, clone.result());

        LoggedCall clone3 = call("1 clone3({flags=CLONE_VM|CLONE_THREAD, exit_signal=0, stack=0x7f} => {parent_tid=[31]}, 88) = 31");
        assertEquals(new InOut(new Struct("{flags=CLONE_VM|CLONE_THREAD, exit_signal=0, stack=0x7f}"), new Struct("{parent_tid=[31]}")), clone3.arg(0));
        assertEquals(new Array(List.of(new InOut(num(112), num(110))), false),
                call("1 getsockname(3, {sa_family=AF_UNIX}, [112 => 110]) = 0").arg(2));
        assertEquals(new Commented(num(0x3001), "ARCH_???"), call("1 arch_prctl(0x3001 /* ARCH_??? */, 0x7ffd) = -1 EINVAL (Invalid argument)").arg(0));
        assertEquals(new Raw("FUTEX_OP_SET<<28|0<<12|FUTEX_OP_CMP_GT<<24|0x1"),
                call("1 futex(0x7f, FUTEX_WAKE_OP_PRIVATE, 1, 1, 0x7e, FUTEX_OP_SET<<28|0<<12|FUTEX_OP_CMP_GT<<24|0x1) = 1").arg(5));
        assertEquals(new Raw("<... resuming interrupted read ...>"), call("1 restart_syscall(<... resuming interrupted read ...>) = 0").arg(0));
        assertEquals(new Raw("_IOC(_IOC_READ, 0x54, 0x1, 0x4)"), call("1 ioctl(3, _IOC(_IOC_READ, 0x54, 0x1, 0x4), 0x7ff) = 0").arg(1));
        error("1 f({a=1) = 0\n");
        error("1 f(a /* x) = 0\n");
        // an argument printed as nothing: -X raw's zero flags, one strace could not fetch from a dying task
        assertEquals(List.of(num(-100), str("f"), new Raw(""), num(0xfff)), call("1 statx(-100, \"f\", , 0xfff) = 0").args());
        assertEquals(List.of(new Flags("SIG_SETMASK"), new Raw("")), call("1 rt_sigprocmask(SIG_SETMASK, ) = ? <unavailable>").args());
    }

    @Test
    void fdDecorations() {
        LoggedCall c = call("1 read(3</path/to/file>, \"\", 1) = 0");
        assertEquals(new Fd(3, "/path/to/file", null, false), c.arg(0));
        assertEquals(new Fd(Fd.AT_FDCWD, "/tmp", null, false), call("1 openat(AT_FDCWD</tmp>, \"a\", O_RDONLY) = 3").arg(0));
        assertEquals(new Fd(Fd.AT_FDCWD, null, null, false), call("1 openat(AT_FDCWD, \"a\", O_RDONLY) = 3").arg(0));
        assertEquals(new Fd(5, "TCP:[127.0.0.1:38597->127.0.0.1:50090]", null, false),
                call("1 recvfrom(5<TCP:[127.0.0.1:38597->127.0.0.1:50090]>, \"x\", 100, 0, NULL, NULL) = 1").arg(0));
        assertEquals(new Fd(0, "/dev/null", "char 1:3", false), call("1 fcntl(0</dev/null<char 1:3>>, F_GETFD) = 0").arg(0));
        assertEquals(new Fd(7, "anon_inode:[eventfd]", null, false), call("1 close(7<anon_inode:[eventfd]>) = 0").arg(0));
        // strace escapes '<', '>', '"', '\\', control and non-ASCII bytes in paths
        Fd odd = (Fd) call("1 read(4</tmp/stw/a\\74b\\76c,d]e\\\"f\\\\g\\nh\\303\\277\\377 -\\76x>(deleted), \"\", 1) = 0").arg(0);
        assertEquals(new Fd(4, "/tmp/stw/a<b>c,d]e\"f\\g\nhÿ\udcff ->x", null, true), odd);
        error("1 read(3</path, \"\", 1) = 0\n");
        error("1 read(3<TCP:[1->2>, \"\", 1) = 0\n");
    }

    /** -xx escapes every byte of a path, its '/' too, also before -yy's device (py-strace2pcap's sample log). */
    @Test
    void hexEscapedPathsOfMinusXxAreDecorationsInArgumentsAndResults() {
        String pts = "\\x2f\\x64\\x65\\x76\\x2f\\x70\\x74\\x73\\x2f\\x30";
        LoggedCall c = call("2633  1709301662.160481 openat(AT_FDCWD<\\x2f\\x72\\x6f\\x6f\\x74>, \"" + pts
                + "\", O_RDWR|O_NOCTTY|O_CLOEXEC) = 17<" + pts + "<char 136:0>> <0.000040>");
        assertEquals(new Fd(Fd.AT_FDCWD, "/root", null, false), c.arg(0));
        assertEquals(new Fd(17, "/dev/pts/0", "char 136:0", false), c.resultFd());
        assertEquals(new Fd(0, "/dev/pts/0", "char 136:0", false), call("1 dup3(0<" + pts + "<char 136:0>>, 17, 0) = 17").arg(0));
        assertEquals(new Fd(5, "pipe:[42704]", null, false),
                call("1 close(5<\\x70\\x69\\x70\\x65\\x3a\\x5b\\x34\\x32\\x37\\x30\\x34\\x5d>) = 0").arg(0));
    }

    // ------------------------------------------------------------ unfinished and resumed

    @Test
    void unfinishedCallsAreJoinedWithTheirEndOfTheSamePid() {
        List<StraceRecord> rs = parse("""
                10 12:00:00.000001 read(3,  <unfinished ...>
                11 12:00:00.000002 openat(AT_FDCWD, "/a", O_RDONLY <unfinished ...>
                10 12:00:00.000003 <... read resumed>"xy", 64) = 2 <0.000005>
                11 12:00:00.000004 <... openat resumed>) = -1 ENOENT (No such file or directory) <0.000002>
                11 12:00:00.000005 clone3({flags=CLONE_VM, exit_signal=0} <unfinished ...>
                11 12:00:00.000006 <... clone3 resumed> => {parent_tid=[12]}, 88) = 12
                """);
        assertEquals(3, rs.size(), rs.toString());
        LoggedCall read = (LoggedCall) rs.get(0);
        assertEquals(10, read.pid());
        assertEquals(1, read.line());
        assertEquals("read", read.name());
        assertEquals(List.of(num(3), str("xy"), num(64)), read.args());
        assertEquals(2, read.result());
        assertEquals(43_200_000_001_000L, read.timeNanos(), "the entry's time");
        assertEquals(5_000, read.durationNanos(), "the end's duration");
        LoggedCall open = (LoggedCall) rs.get(1);
        assertEquals(11, open.pid());
        assertEquals(2, open.line());
        assertEquals(List.of(new Fd(Fd.AT_FDCWD, null, null, false), str("/a"), new Flags("O_RDONLY")), open.args());
        assertEquals(2, open.errno());
        LoggedCall clone3 = (LoggedCall) rs.get(2);
        assertEquals(new InOut(new Struct("{flags=CLONE_VM, exit_signal=0}"), new Struct("{parent_tid=[12]}")), clone3.arg(0));
        assertEquals(12, clone3.result());
    }

    @Test
    void aCallThatNeverEndsIsReportedBeforeItsTaskExitsOrAtTheEnd() {
        List<StraceRecord> rs = parse("""
                10 read(0,  <unfinished ...>
                11 wait4(-1, [{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0, NULL <unfinished ...>
                12 getsockname(3, {sa_family=AF_UNIX}, [128 <unfinished ...>
                10 +++ killed by SIGKILL +++
                13 clock_nanosleep(CLOCK_MONOTONIC, 0, {tv_sec=1, tv_nsec=0},  <detached ...>
                """);
        assertEquals(5, rs.size(), rs.toString());
        LoggedCall read = (LoggedCall) rs.get(0);
        assertEquals(10, read.pid());
        assertTrue(read.unfinished());
        assertTrue(read.unknownResult());
        assertEquals(List.of(num(0)), read.args());
        assertEquals(new Killed(4, 10, -1, "SIGKILL", false), rs.get(1));
        LoggedCall sleep = (LoggedCall) rs.get(2);
        assertEquals(13, sleep.pid());
        assertTrue(sleep.unfinished());
        assertEquals(3, sleep.args().size());
        LoggedCall wait = (LoggedCall) rs.get(3); // the end of the log, in line order
        assertEquals(11, wait.pid());
        assertEquals(4, wait.args().size());
        assertTrue(wait.unfinished());
        LoggedCall sock = (LoggedCall) rs.get(4);
        assertEquals(List.of(num(3), new Struct("{sa_family=AF_UNIX}"), new Raw("[128")), sock.args(), "an argument cut short stays text");
    }

    /**
     * With a filter on results (-z, -Z, -e status=) strace writes a call's text when it ends: an
     * interrupted call is its start, then the rest on a line of its own, with no prefix and no
     * {@code <... NAME resumed>}.
     */
    @Test
    void theRestOfAHeldCallFollowsItsStartOnALineOfItsOwn() {
        List<StraceRecord> rs = parse("""
                7562  close(1 <unfinished ...>
                )                                       = 0
                7560  wait4(-1,  <unfinished ...>
                [{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0, NULL) = 7562
                7563  wait4(-1,  <unfinished ...>
                NULL, 0, NULL) = 7564
                7565  read(3,  <unfinished ...>
                7566  openat(AT_FDCWD, "a", O_RDONLY) = 3
                7565  <... read resumed>"x", 10) = 1
                7569  ioctl(2, TCGETS <unfinished ...>
                , 0x7ffeb6e8e790)                       = -1 ENOTTY (Inappropriate ioctl for device)
                7567<bash> read(3,  <unfinished ...>
                7568<sh> getpid() = 7568<sh>
                7567<bash> <... read resumed>"y", 10) = 1
                """);
        assertEquals(List.of("close", "wait4", "wait4", "openat", "read", "ioctl", "getpid", "read"),
                rs.stream().map(r -> ((LoggedCall) r).name()).toList());
        LoggedCall close = (LoggedCall) rs.get(0);
        assertEquals(7562, close.pid());
        assertFalse(close.unfinished());
        assertEquals(List.of(num(1)), close.args());
        assertEquals(0, close.result());
        LoggedCall wait = (LoggedCall) rs.get(1);
        assertEquals(7560, wait.pid());
        assertEquals(7562, wait.result());
        assertEquals(4, wait.args().size());
        assertEquals(7564, ((LoggedCall) rs.get(2)).result());
        assertEquals(1, ((LoggedCall) rs.get(4)).result(), "a prefixed line after a start is a line of its own");
        List<StraceRecord> unprefixed = parse("""
                read(3,  <unfinished ...>
                "abc", 4096) = 3
                wait4(-1,  <unfinished ...>
                NULL, 0, NULL) = 12
                close(3 <unfinished ...>
                +++ killed by SIGKILL +++
                """);
        assertEquals(List.of(3L, 12L), unprefixed.subList(0, 2).stream().map(r -> ((LoggedCall) r).result()).toList());
        assertEquals(List.of(new Num(3)), ((LoggedCall) unprefixed.get(2)).args());
        assertTrue(((LoggedCall) unprefixed.get(2)).unfinished(), "a task's end after a start: the call never ended");
    }

    /**
     * A call strace could not read (its task was being killed by a sibling's exit_group): its
     * name is ??? (strace 6.1 on) or ???? (before), unfinished, resumed or whole.
     */
    @Test
    void callsStraceCouldNotReadAreCallsNamedWithQuestionMarks() {
        List<StraceRecord> rs = parse("""
                26383 ???( <unfinished ...>
                26384 ????( <unfinished ...>
                26384 <... ???? resumed>) = ? <unavailable>
                26385 ???() = ?
                26383 +++ exited with 0 +++
                """);
        assertEquals(4, rs.size(), rs.toString());
        LoggedCall old = (LoggedCall) rs.get(0);
        assertEquals("????", old.name());
        assertTrue(old.unknownResult());
        assertEquals("???", ((LoggedCall) rs.get(1)).name());
        assertEquals(26383, ((LoggedCall) rs.get(2)).pid());
        assertTrue(((LoggedCall) rs.get(2)).unfinished());
        assertEquals("expected a syscall name", error("1 ??(0) = 0\n").getMessage().replaceFirst("^test.log:1: ", "").replaceFirst(" at .*", ""));
    }

    /** strace 4 ends the line of a call whose entry it could not read right after its '(': no arguments known. */
    @Test
    void strace4EndsACallItCouldNotReadAfterItsParenthesis() {
        List<StraceRecord> rs = parse("""
                16820 ????(= ? <unavailable>
                16820 open(= ? <unavailable>
                """);
        assertEquals(2, rs.size(), rs.toString());
        for (StraceRecord r : rs) {
            LoggedCall c = (LoggedCall) r;
            assertTrue(c.unknownResult(), c.toString());
            assertEquals("<unavailable>", c.note());
            assertTrue(CallParser.unreadable(c), c.toString());
        }
        assertEquals("open", ((LoggedCall) rs.get(1)).name());
    }

    /**
     * strace 4.5.20 to 4.6 (trace_syscall_exiting) write the end of a call whose syscall number they could not read at
     * its exit as {@code <... ???? resumed> ) = ? <unavailable>}: it ends the call its task had begun (lpenz/busyna's
     * strace 4 log, line 31), whose name and arguments its start gives, its result unknown.
     */
    @Test
    void strace4sResumedCallWithoutANameEndsTheTasksCall() {
        List<StraceRecord> rs = parse("""
                16821 open("/dev/tty", O_RDWR|O_NONBLOCK|O_LARGEFILE) = 3
                16820 open("/etc/ld.so.cache", O_RDONLY|O_CLOEXEC <unfinished ...>
                16820 <... ???? resumed> ) = ? <unavailable>
                16821 open("/usr/lib/locale/locale-archive", O_RDONLY|O_LARGEFILE|O_CLOEXEC <unfinished ...>
                16820 <... open resumed> )              = 3
                16821 <... open resumed> )              = 3
                """);
        assertEquals(3, rs.size(), rs.toString());
        LoggedCall ended = (LoggedCall) rs.get(1);
        assertEquals(List.of(16820, 2, "open", "<unavailable>"), List.of(ended.pid(), ended.line(), ended.name(), ended.note()));
        assertTrue(ended.unknownResult(), ended.toString());
        assertEquals(new Str("/etc/ld.so.cache", false), ended.arg(0));
        assertEquals(List.of(16821, 4), List.of(rs.get(2).pid(), rs.get(2).line()));
    }

    /**
     * strace names itself in its messages by the argv[0] it was run with: run as /usr/bin/strace (or ./strace) writing
     * to stderr, its {@code /usr/bin/strace: Process N attached} cuts lines as {@code strace: …} does, and stands on
     * lines of its own (strace 6.1, sh -c 'cat /etc/hostname > /dev/null; echo a | cat > o'). The path was left in
     * the line ("vfork(/usr/bin/"), or the line refused.
     */
    @Test
    void straceRunByAPathNamesItselfSoInItsMessages() {
        String log = """
                rt_sigprocmask(SIG_SETMASK, ~[RTMIN RT_1], NULL, 8) = 0
                vfork(strace: Process 23971 attached
                 <unfinished ...>
                [pid 23971] execve("/usr/bin/cat", ["cat", "/etc/hostname"], 0x55f55ca8ab08 /* 36 vars */ <unfinished ...>
                [pid 23969] <... vfork resumed>)        = 23971
                [pid 23969] pipe2([3, 4], 0)                        = 0
                [pid 23969] clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLDstrace: Process 23973 attached
                , child_tidptr=0x7fc1b80ada10) = 23973
                [pid 23973] close(3 <unfinished ...>
                [pid 23969] clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD <unfinished ...>
                [pid 23973] <... close resumed>)        = 0
                strace: Process 23974 attached
                [pid 23973] dup2(4, 1)                  = 1
                [pid 23969] <... clone resumed>, child_tidptr=0x7fc1b80ada10) = 23974
                """;
        List<StraceRecord> plain = parse(log);
        assertEquals(8, plain.size(), plain.toString());
        assertEquals(List.of(), ((LoggedCall) plain.get(1)).args(), "vfork()");
        for (String program : List.of("/usr/bin/strace", "./strace", "../build/strace")) {
            assertEquals(plain, parse(log.replace("strace: ", program + ": ")), program);
        }
        // strace's own text may end in a comment's "*/" or a cut string's "...": not the program's directory
        String exec = """
                [pid 23971] execve("/usr/bin/cat", ["cat", "/etc/hostname"], 0x55f55ca8ab08 /* 36 vars */strace: Process 23973 attached
                 <unfinished ...>
                [pid 23969] write(1, "abc"...strace: Process 23974 attached
                , 4096) = 4096
                """;
        List<StraceRecord> plainExec = parse(exec);
        assertEquals(new Commented(new Num(0x55f55ca8ab08L), "36 vars"), ((LoggedCall) plainExec.get(1)).arg(2), plainExec.toString());
        assertEquals(plainExec, parse(exec.replace("strace: ", "/usr/bin/strace: ")));
    }

    @Test
    void anExecInAThreadEndsUnderTheLeadersPid() {
        List<StraceRecord> rs = parse("""
                3940  futex(0xa5b8f0, FUTEX_WAIT_BITSET_PRIVATE, 0, NULL, FUTEX_BITSET_MATCH_ANY <unfinished ...>
                3943  execve("/bin/true", ["true"], 0x59cbd50 /* 2 vars */ <unfinished ...>
                3940  <... futex resumed>)              = ?
                3940  +++ superseded by execve in pid 3943 +++
                3940  <... execve resumed>)             = 0
                31 execve("/bin/cat", ["cat", "f"], 0x7ffe /* 3 vars */ <pid changed to 30 ...>
                30 +++ superseded by execve in pid 31 +++
                30 <... execve resumed>)             = 0
                """);
        assertEquals(List.of("futex", "Superseded", "execve", "Superseded", "execve"),
                rs.stream().map(r -> r instanceof LoggedCall c ? c.name() : r.getClass().getSimpleName()).toList());
        assertEquals(new Superseded(4, 3940, -1, 3943), rs.get(1));
        LoggedCall exec = (LoggedCall) rs.get(2);
        assertEquals(3940, exec.pid());
        assertEquals(2, exec.line());
        assertEquals(str("/bin/true"), exec.arg(0));
        assertEquals(0, exec.result());
        LoggedCall cat = (LoggedCall) rs.get(4);
        assertEquals(30, cat.pid());
        assertEquals(new Array(List.of(str("cat"), str("f")), false), cat.arg(1));
    }

    /**
     * strace -e quiet=thread-execve hides the superseded line: an exec ending under a pid that
     * began none is the one other task's pending exec (the kernel's rule), as if the line were
     * there; with two pending, which won is not known.
     */
    @Test
    void aThreadsExecWithoutItsSupersededLineEndsUnderTheLeadersPid() {
        List<StraceRecord> rs = parse("""
                32324 pause( <unfinished ...>
                32325 execve("/usr/bin/cat", ["cat", "in.txt"], 0x7fff747f06f8 /* 36 vars */ <unfinished ...>
                32324 <... pause resumed>)              = ?
                32324 <... execve resumed>)             = 0
                32324 openat(AT_FDCWD, "in.txt", O_RDONLY) = 3
                """);
        assertEquals(List.of("pause", "Superseded", "execve", "openat"),
                rs.stream().map(r -> r instanceof LoggedCall c ? c.name() : r.getClass().getSimpleName()).toList());
        assertEquals(new Superseded(4, 32324, -1, 32325), rs.get(1));
        LoggedCall exec = (LoggedCall) rs.get(2);
        assertEquals(List.of(32324, 2, 0L), List.of(exec.pid(), exec.line(), exec.result()));
        assertEquals(str("/usr/bin/cat"), exec.arg(0));

        rs = parse("""
                11 execve("/bin/a", ["a"], 0x1 /* 1 var */ <unfinished ...>
                12 execve("/bin/b", ["b"], 0x1 /* 1 var */ <unfinished ...>
                10 <... execve resumed>)             = 0
                """);
        assertFalse(rs.stream().anyMatch(r -> r instanceof Superseded), rs.toString());
    }

    @Test
    void anEndWithoutItsStartIsSkippedAndCountedAMismatchIsAnError() throws IOException {
        // a log cut from a longer one: it begins with the ends of calls that started before it
        String log = """
                10 <... read resumed>"xy", 64) = 2
                [pid  11] <... wait4 resumed>[{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0, NULL) = 12
                10 write(1, "x", 1 <unfinished ...>
                10 <... read resumed>"xy", 64) = 2
                10 <... write resumed>) = 1
                garbage
                10 getpid() = 10
                """;
        try (StraceParser p = StraceParser.of(new ByteArrayInputStream(log.getBytes(StandardCharsets.US_ASCII)), "t.log", 0)) {
            StraceParseException e3 = assertThrows(StraceParseException.class, p::next);
            assertEquals(4, e3.line());
            assertEquals("t.log:4: <... read resumed>, but write was unfinished (line 3)", e3.getMessage());
            assertEquals("10 <... read resumed>\"xy\", 64) = 2", e3.text());
            LoggedCall write = (LoggedCall) p.next();
            assertEquals(List.of(num(1), str("x"), num(1)), write.args());
            assertEquals(3, write.line());
            StraceParseException e5 = assertThrows(StraceParseException.class, p::next);
            assertEquals(6, e5.line());
            assertEquals("garbage", e5.text());
            assertEquals("getpid", ((LoggedCall) p.next()).name());
            assertNull(p.next());
            assertNull(p.next());
            assertEquals(2, p.endsWithoutStart());
        }
    }

    // ------------------------------------------------------------ other lines

    @Test
    void signalsExitsAndKills() {
        List<StraceRecord> rs = parse("""
                10 --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=11, si_uid=0, si_status=0, si_utime=0, si_stime=0} ---
                10 --- stopped by SIGSTOP ---
                10 --- SIGINT ---
                10 +++ exited with 0 +++
                11 12:00:00 +++ exited with 255 +++
                12 +++ killed by SIGKILL +++
                13 +++ killed by SIGSEGV (core dumped) +++
                +++ exited with 2 +++
                """);
        assertEquals(new Signal(1, 10, -1, "SIGCHLD", "{si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=11, si_uid=0, si_status=0, si_utime=0, si_stime=0}"), rs.get(0));
        assertEquals(new Stopped(2, 10, -1, "SIGSTOP"), rs.get(1));
        assertEquals(new Signal(3, 10, -1, "SIGINT", null), rs.get(2));
        assertEquals(new Exited(4, 10, -1, 0), rs.get(3));
        assertEquals(new Exited(5, 11, 43_200_000_000_000L, 255), rs.get(4));
        assertEquals(new Killed(6, 12, -1, "SIGKILL", false), rs.get(5));
        assertEquals(new Killed(7, 13, -1, "SIGSEGV", true), rs.get(6));
        assertEquals(9, ((Killed) rs.get(5)).signo());
        assertEquals(11, ((Killed) rs.get(6)).signo());
        assertEquals(new Exited(8, 0, -1, 2), rs.get(7));
        error("1 +++ exited with x +++\n");
        error("1 +++ exited with 0\n");
        error("1 +++ killed by SIGKILL (core) +++\n");
        error("1 +++ born +++\n");
        error("1 --- SIGCHLD\n");
        error("1 --- 42 ---\n");
    }

    /**
     * strace 4.6–4.7 printed the siginfo first and strsignal's text after it, and for a stop
     * (no siginfo) the text and the name: johnlcf/Stana's firefox_no_t.out, drewx2/find5-boot-image
     * (ARM), strace 4.7's strace.c.
     */
    @Test
    void strace47sSignalLinesPutTheSiginfoFirst() {
        List<StraceRecord> rs = parse("""
                3042  --- {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=3043, si_status=0, si_utime=0, si_stime=0} (Child exited) ---
                21:46:04.386911 --- {si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=0xdeadbaad} (Segmentation fault) ---
                3042  --- Stopped (signal) by SIGSTOP ---
                3042  --- Stopped by SIGTSTP ---
                """);
        assertEquals(new Signal(1, 3042, -1, "SIGCHLD",
                "{si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=3043, si_status=0, si_utime=0, si_stime=0}"), rs.get(0));
        assertEquals("SIGSEGV", ((Signal) rs.get(1)).signal());
        assertEquals("{si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=0xdeadbaad}", ((Signal) rs.get(1)).info());
        assertEquals(new Stopped(3, 3042, -1, "SIGSTOP"), rs.get(2));
        assertEquals(new Stopped(4, 3042, -1, "SIGTSTP"), rs.get(3));
        error("1 --- {si_code=CLD_EXITED} (Child exited) ---\n");
        error("1 --- {si_signo=SIGCHLD, si_code=CLD_EXITED ---\n");
        error("1 --- {si_signo=SIGCHLD} ---\n");
    }

    /**
     * strace names real-time signals by the kernel's numbers, SIGRTMIN = 32 and SIGRT_n = 32+n
     * (strace 6.1: {@code kill -s 40} killed by SIGRT_8), not glibc's SIGRTMIN+n; a name strace
     * would not print is refused, not taken for an exit status.
     */
    @Test
    void realTimeSignalsAreNumberedAsStraceNamesThem() {
        List<StraceRecord> rs = parse("""
                12 +++ killed by SIGRTMIN +++
                13 +++ killed by SIGRT_3 +++
                14 +++ killed by SIGRT_32 (core dumped) +++
                """);
        assertEquals(List.of(32, 35, 64), rs.stream().map(r -> ((Killed) r).signo()).toList());
        error("1 +++ killed by SIGRT_33 +++\n");
        error("1 +++ killed by SIGRTMIN+1 +++\n");
        error("1 +++ killed by SIGFOO +++\n");
    }

    @Test
    void straceMessagesAndBlankLinesAreSkipped() {
        List<StraceRecord> rs = parse("""
                strace: Process 4919 attached

                clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|SIGCHLDstrace: Process 4919 attached
                , child_tidptr=0x7f6225b0aa10) = 4919
                [pid  4918] dup2(4, 1strace: Process 4920 attached
                )                  = 1
                [ Process PID=4921 runs in 32 bit mode. ]
                [pid  4920] +++ exited with 0 +++
                strace: Process 4918 detached
                getpid() = 4918""");
        assertEquals(4, rs.size(), rs.toString());
        LoggedCall clone = (LoggedCall) rs.get(0);
        assertEquals(3, clone.line());
        assertEquals(3, clone.args().size());
        assertEquals(4919, clone.result());
        LoggedCall dup2 = (LoggedCall) rs.get(1);
        assertEquals(4918, dup2.pid());
        assertEquals(5, dup2.line());
        assertEquals(List.of(num(4), num(1)), dup2.args());
        assertEquals(new Exited(8, 4920, -1, 0), rs.get(2));
        LoggedCall getpid = (LoggedCall) rs.get(3);
        assertEquals(10, getpid.line());
        assertEquals(4918, getpid.pid(), "no prefix on stderr: the only task seen and not exited");
    }

    @Test
    void malformedLinesNameTheirFileAndLine() {
        StraceParseException e = error("1 getpid() = 1\n\n1 getpid(\n");
        assertEquals(3, e.line());
        assertEquals("1 getpid(", e.text());
        assertEquals("test.log", e.file());
        assertTrue(e.getMessage().startsWith("test.log:3: "), e.getMessage());
        error("(\n");
        error("1\n");
        error("1 \n");
        error("1 2getpid() = 0\n");
        error("1 getpid = 0\n");
        error("1 <... getpid> = 0\n");
        error("1 [ Process\n");
        error(" getpid() = 0\n");
    }

    @Test
    void crlfLineEndsAreFine() {
        List<StraceRecord> rs = parse("1 getpid() = 1\r\n1 +++ exited with 0 +++\r\n");
        assertEquals(List.of(1L), rs.stream().filter(r -> r instanceof LoggedCall).map(r -> ((LoggedCall) r).result()).toList());
        assertEquals(new Exited(2, 1, -1, 0), rs.get(1));
    }

    /** A pasted log gains trailing blanks, after any line (init-p1-r-strace4.log's last line: "--- SIGCHLD … --- "). */
    @Test
    void trailingBlanksEndNoLine() {
        List<StraceRecord> rs = parse("""
                1 getpid() = 1\s
                     7.825845 --- SIGCHLD (Child exited) @ 0 (0) ---\s
                1 --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=4, si_uid=0, si_status=0, si_utime=0, si_stime=0} ---\t\s\r
                2 read(3,  <unfinished ...>\s\s
                2 <... read resumed>"", 1) = 0\s
                \s\s
                123 +++ exited with 7 +++\s
                """);
        assertEquals(5, rs.size(), rs.toString());
        assertEquals("SIGCHLD", ((Signal) rs.get(1)).signal());
        assertEquals("{si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=4, si_uid=0, si_status=0, si_utime=0, si_stime=0}",
                ((Signal) rs.get(2)).info());
        assertEquals(4, ((LoggedCall) rs.get(3)).line());
        assertEquals(new Exited(7, 123, -1, 7), rs.get(4));
    }

    @Test
    void theLastLineNeedsNoNewlineAndLongLinesAreFine() {
        String big = "x".repeat(1 << 20);
        List<StraceRecord> rs = parse("1 getpid() = 1\n1 write(1, \"" + big + "\", 1048576) = 1048576");
        assertEquals(2, rs.size());
        assertEquals(str(big), ((LoggedCall) rs.get(1)).arg(1));
    }

    @Test
    void aLineOver64MiBIsAnErrorNotAnOutOfMemory() throws IOException {
        byte[] head = "1 write(1, \"".getBytes(StandardCharsets.US_ASCII), tail = "\", 1) = 1\n1 getpid() = 1\n".getBytes(StandardCharsets.US_ASCII);
        long middle = 70L << 20;
        java.io.InputStream huge = new java.io.InputStream() { // 70 MiB of 'a' in a string, made as it is read
            long pos;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0];
            }

            @Override
            public int read(byte[] b, int off, int len) {
                long total = head.length + middle + tail.length;
                if (pos >= total) return -1;
                int n = (int) Math.min(len, total - pos);
                for (int i = 0; i < n; i++, pos++) {
                    b[off + i] = pos < head.length ? head[(int) pos] : pos < head.length + middle ? (byte) 'a' : tail[(int) (pos - head.length - middle)];
                }
                return n;
            }
        };
        try (StraceParser p = StraceParser.of(huge, "huge.log", 0)) {
            StraceParseException e = assertThrows(StraceParseException.class, p::next);
            assertEquals("huge.log:1: line longer than 64 MiB", e.getMessage());
            assertTrue(e.text().startsWith("1 write(1, \"aaa"), e.text().substring(0, 20));
            LoggedCall next = (LoggedCall) p.next();
            assertEquals("getpid", next.name());
            assertEquals(2, next.line());
            assertNull(p.next());
        }
    }

    // ------------------------------------------------------------ less common options (issue 15)

    @Test
    void aResultStraceCouldNotFetchIsUnavailable() {
        LoggedCall futex = call("4052  futex(0x7f3a2c0009d0, FUTEX_WAIT_PRIVATE, 2, NULL) = ? <unavailable>");
        assertTrue(futex.unknownResult());
        assertFalse(futex.unfinished());
        assertEquals("<unavailable>", futex.note());
        List<StraceRecord> rs = parse("""
                4052  futex(0x7f3a2c0009d0, FUTEX_WAIT_PRIVATE, 2, NULL <unfinished ...>
                4051  exit_group(0) = ?
                4052  <... futex resumed>) = ? <unavailable>
                """);
        LoggedCall resumed = (LoggedCall) rs.get(1);
        assertEquals(List.of("futex", "<unavailable>"), List.of(resumed.name(), resumed.note()));
        assertEquals(4, resumed.args().size());
        error("1 futex(0x7f, FUTEX_WAIT, 2, NULL) = 0 <unavailable>\n");
    }

    @Test
    void strace46sVforkMessagesInTheMiddleOfLinesAreCutOut() {
        // strace 4.5-4.6 announced a vfork child and suspended its parent on stderr, mid-line
        List<StraceRecord> rs = parse("""
                execve("/usr/bin/gcc", ["gcc", "a.c"], [/* 50 vars */]) = 0
                vfork(Process 31990 attached (waiting for parent)
                Process 31990 resumed (parent 31989 ready)
                )                                 = 31990
                [pid 31989] wait4(31990, Process 31989 suspended

                 <unfinished ...>
                [pid 31990] execve("/usr/lib/cc1", ["cc1"], [/* 53 vars */]) = 0
                [pid 31990] exit_group(0)               = ?
                Process 31989 resumed
                Process 31990 detached
                <... wait4 resumed> [{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0, NULL) = 31990
                unlink("/tmp/cc.o"Process 31991 suspended
                ) = 0
                """);
        assertEquals(List.of("execve", "vfork", "execve", "exit_group", "wait4", "unlink"),
                rs.stream().map(r -> ((LoggedCall) r).name()).toList());
        LoggedCall vfork = (LoggedCall) rs.get(1);
        assertEquals(List.of(2, 31990L), List.of(vfork.line(), vfork.result()));
        assertEquals(List.of(31990, 31990, 31989), rs.subList(2, 5).stream().map(StraceRecord::pid).toList());
        LoggedCall unlink = (LoggedCall) rs.get(5);
        assertEquals(List.of(str("/tmp/cc.o")), unlink.args());
        assertEquals(0L, unlink.result());
    }

    @Test
    void strace4sMessagesAreSkippedAndNameTheAttachedProcess() {
        List<StraceRecord> rs = parse("""
                Process 29579 attached - interrupt to quit
                wait4(-1, [{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0, NULL) = 29601
                --- SIGCHLD (Child exited) @ 0 (0) ---
                clone(child_stack=0, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7f1c2c1b09d0) = 29602
                Process 29602 attached
                [pid 29602] execve("/bin/ls", ["ls"], [/* 21 vars */]) = 0
                [pid 29579] wait4(-1,  <unfinished ...>
                [pid 29602] exit_group(0)               = ?
                Process 29602 detached
                <... wait4 resumed> [{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0, NULL) = 29602
                Process 29579 detached
                """);
        assertEquals(List.of(29579, 29579, 29579, 29602, 29602, 29579), rs.stream().map(StraceRecord::pid).toList(),
                "the lines without a pid are the attached process's");
        assertEquals(new Signal(3, 29579, -1, "SIGCHLD", "(Child exited) @ 0 (0)"), rs.get(1));
        LoggedCall exec = (LoggedCall) rs.get(3);
        assertEquals(new Array(List.of(new Raw("/* 21 vars */")), false), exec.arg(2), "strace 4's environment");
        LoggedCall wait = (LoggedCall) rs.get(5);
        assertEquals(List.of(7, 29602L), List.of(wait.line(), wait.result()));
    }

    @Test
    void secontextsAreSkipped() {
        LoggedCall connect = call("151020 [unconfined_t] 14:37:21.990449 connect(3, {sa_family=AF_UNIX, sun_path=\"/run/x\"}, 110) = 0");
        assertEquals(151020, connect.pid());
        assertEquals(((14 * 60 + 37) * 60 + 21) * 1_000_000_000L + 990_449_000, connect.timeNanos());
        LoggedCall open = call("151020 [unconfined_t] openat(AT_FDCWD, \"/etc/passwd\" [passwd_file_t], O_RDONLY) = 3 [passwd_file_t]");
        assertEquals(List.of(new Fd(Fd.AT_FDCWD, null, null, false), str("/etc/passwd"), new Flags("O_RDONLY")), open.args());
        assertEquals(3, open.result());
        // --secontext=full,mismatch, with -y
        LoggedCall full = call("151021 [unconfined_u:unconfined_r:unconfined_t:s0-s0:c0.c1023] openat(AT_FDCWD</tmp> [system_u:object_r:tmp_t:s0],"
                + " \"/tmp/x\" [unconfined_u:object_r:user_tmp_t:s0!!unconfined_u:object_r:tmp_t:s0], O_RDONLY)"
                + " = 3</tmp/x> [unconfined_u:object_r:user_tmp_t:s0!!unconfined_u:object_r:tmp_t:s0]");
        assertEquals(List.of(new Fd(Fd.AT_FDCWD, "/tmp", null, false), str("/tmp/x"), new Flags("O_RDONLY")), full.args());
        assertEquals(new Fd(3, "/tmp/x", null, false), full.resultFd());
        assertEquals(new Fd(3, "/tmp/x", null, false), call("1 fstat(3</tmp/x> [user_tmp_t], {st_mode=S_IFREG|0644, ...}) = 0").arg(0));
        assertEquals(num(4), call("1 close(4 [user_tmp_t]) = 0").arg(0));
    }

    @Test
    void decodedPidsCarryTheirCommand() {
        LoggedCall exec = call("26024<sh> execve(\"/bin/sh\", [\"sh\"], 0x7ffd /* 3 vars */) = 0");
        assertEquals(26024, exec.pid());
        LoggedCall clone = call("26024<sh> clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7f) = 26025<sh>");
        assertEquals(26025, clone.result());
        assertEquals(26025, clone.spawnedPid());
        assertEquals(17150, call("[pid 17150<sh>] set_robust_list(0x7f2073689a20, 24) = 0").pid());
        assertEquals(9, call("[pid  9<Web Content>] getpid() = 9<Web Content>").pid(), "a command with a space");
        assertEquals(9, call("9<a\\76b> getpid() = 9").pid(), "strace escapes a '>' in the command");
        error("9<sh getpid() = 9\n");
    }

    @Test
    void instructionPointersAndSyscallNumbersAreSkipped() {
        LoggedCall exec = call("26492 [  59] [00007f4d6253bad7] execve(\"/bin/true\", [\"true\"], 0x7ffd /* 3 vars */) = 0");
        assertEquals(List.of(26492, 0L), List.of(exec.pid(), exec.result()));
        assertEquals("execve", exec.name());
        assertEquals("brk", call("[00007f659e61dc47] brk(NULL)            = 0x55d1f263b000").name());
        assertEquals(1_700_000_000_000_000_000L, call("7 1700000000.000000 [ 257] [00007feede383b1d] openat(AT_FDCWD, \"/a\", O_RDONLY) = 3").timeNanos());
        assertEquals(List.of(new Exited(1, 26492, -1, 0)), parse("26492 [????????????????] +++ exited with 0 +++\n"));
        assertEquals("[ Process PID=", parse("[ Process PID=1234 runs in 32 bit mode. ]\n").isEmpty() ? "[ Process PID=" : "?");
        error("26492 [  59 execve(\"/bin/true\") = 0\n");
    }

    /** strace --tips on stderr (a log written with 2>): its box around the tip, the last thing strace writes, is no event. */
    @Test
    void theTipBoxStraceDrawsOnExitEndsTheLog() {
        List<StraceRecord> rs = parse("""
                exit_group(0)                           = ?
                +++ exited with 0 +++
                  ______________________________________________         ____
                 /                                              \\       /    \\
                 | If you trace a process that uses KVM         |      |-. .-.|
                 | subsystem, --kvm=vcpu option may be of use:  \\      (_@)(_@)
                 | it prints KVM VCPU exit reason.  It requires  \\     .---_  \\
                 | Linux 4.16+, however.                         _\\   /..   \\_/
                 |                                              /     |__.-^ /
                 |                                              |         }  |
                 \\______________________________________________/        |   [
                                                                         [  ]
                """);
        assertEquals(2, rs.size(), rs.toString());
    }

    @Test
    void dumpsInjectionsAndErrorsWithoutANameAreRead() {
        List<StraceRecord> rs = parse("""
                5 read(3, "hi\\n", 4096)                 = 3
                 | 00000  68 69 0a                                         hi.              |
                5 openat(AT_FDCWD, "/etc/hostname", O_RDONLY) = -1 ENOENT (No such file or directory) (INJECTED)
                5 getpid() = 12 /* 3456 in strace's PID NS */
                5 frobnicate(1) = -1 (errno 1234)
                5 frobnicate(2) = -1 (errno 18446744073709551595)
                5 frobnicate(3) = -1 (errno 4096)
                """);
        assertEquals(6, rs.size(), rs.toString());
        LoggedCall injected = (LoggedCall) rs.get(1);
        assertEquals(List.of(2, "(No such file or directory) (INJECTED)"), List.of(injected.errno(), injected.note()));
        assertEquals(12, ((LoggedCall) rs.get(2)).result());
        LoggedCall unnamed = (LoggedCall) rs.get(3);
        assertTrue(unnamed.failed());
        assertEquals(1234, unnamed.errno());
        // above 4095 no error the kernel returns (strace 6.8 printed the first for a thread's exec): an unknown one
        for (StraceRecord r : rs.subList(4, 6)) {
            assertTrue(((LoggedCall) r).failed(), r.toString());
            assertEquals(-1, ((LoggedCall) r).errno(), r.toString());
        }
    }

    @Test
    void theRootOfAStderrLogIsTheParentOfTheFirstPrefixedProcessNoCallCreated() throws IOException {
        // strace -f on stderr: no prefix while the shell is alone; then both are prefixed
        String log = """
                execve("/bin/sh", ["sh", "-c", "cat a; echo b > b"], 0x7ffd /* 1 var */) = 0
                clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLDstrace: Process 501 attached
                , child_tidptr=0x7f) = 501
                [pid   501] execve("/bin/cat", ["cat", "a"], 0x55 /* 1 var */ <unfinished ...>
                [pid   500] wait4(-1,  <unfinished ...>
                [pid   501] <... execve resumed>)       = 0
                [pid   501] +++ exited with 0 +++
                <... wait4 resumed>[{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0, NULL) = 501
                openat(AT_FDCWD, "b", O_WRONLY|O_CREAT|O_TRUNC, 0666) = 3
                +++ exited with 0 +++
                """;
        try (StraceParser p = StraceParser.of(new ByteArrayInputStream(log.getBytes(StandardCharsets.US_ASCII)), "x", 0)) {
            List<StraceRecord> rs = Logs.drain(p);
            assertEquals(List.of(0, 0, 501, 501, 500, 500, 500), rs.stream().map(StraceRecord::pid).toList(),
                    "a first pass: the root's first lines have the default pid");
            assertEquals(500, p.rootPid(), "501 came from the clone; 500 came from no call: it is the root");
        }
        try (StraceParser p = StraceParser.of(new ByteArrayInputStream(log.getBytes(StandardCharsets.US_ASCII)), "x", 500)) {
            assertEquals(List.of(500, 500, 501, 501, 500, 500, 500), Logs.drain(p).stream().map(StraceRecord::pid).toList());
        }
        // the root's call starts without a prefix and ends with one, after the pid was learned
        List<StraceRecord> split = parse("""
                read(0,  <unfinished ...>
                [pid   501] getpid() = 501
                [pid   500] <... read resumed>"x", 1) = 1
                """);
        LoggedCall read = (LoggedCall) split.get(1);
        assertEquals(List.of("read", 500, 1L), List.of(read.name(), read.pid(), read.result()));
        // a vfork returns after its child's exec: the child prints first, the root's end tells its pid
        String vfork = """
                vfork(strace: Process 10474 attached
                 <unfinished ...>
                [pid 10474] execve("/usr/bin/cat", ["cat", "a"], 0x55 /* 39 vars */ <unfinished ...>
                [pid 10473] <... vfork resumed>)        = 10474
                [pid 10474] <... execve resumed>)       = 0
                [pid 10474] +++ exited with 0 +++
                openat(AT_FDCWD, "b", O_WRONLY|O_CREAT|O_TRUNC, 0666) = 3
                """;
        try (StraceParser p = StraceParser.of(new ByteArrayInputStream(vfork.getBytes(StandardCharsets.US_ASCII)), "x", 0)) {
            List<StraceRecord> rs = Logs.drain(p);
            assertEquals(10473, p.rootPid());
            assertEquals(List.of(10473, 10474, 10474, 10473), rs.stream().map(StraceRecord::pid).toList());
        }
    }

    @Test
    void stringsAndArraysStraceCutAreMarkedAndTheLimitIsSeen() throws IOException {
        String log = "1 execve(\"/bin/sh\", [\"sh\", \"-c\", \"cat in.txt | gzip > in.gz; cp in\"...], 0x7ffd /* 3 vars */) = 0\n"
                + "1 getdents64(3, [{d_ino=1, d_name=\".\"}, ...], 32768) = 600\n";
        try (StraceParser p = StraceParser.of(new ByteArrayInputStream(log.getBytes(StandardCharsets.US_ASCII)), "x", 0)) {
            List<StraceRecord> rs = Logs.drain(p);
            assertEquals(new Str("cat in.txt | gzip > in.gz; cp in", true), ((Array) ((LoggedCall) rs.get(0)).arg(1)).elements().get(2));
            assertEquals(32, p.stringLimit(), "strace's default -s");
            assertTrue(((Array) ((LoggedCall) rs.get(1)).arg(1)).truncated(), "a list strace left short");
        }
        try (StraceParser p = StraceParser.of(new ByteArrayInputStream("1 getpid() = 1\n".getBytes(StandardCharsets.US_ASCII)), "x", 0)) {
            Logs.drain(p);
            assertEquals(0, p.stringLimit());
        }
    }

    @Test
    void linesThatAreNotStraceAreErrors() {
        assertEquals("expected a syscall name", error("==1234== Memcheck, a memory error detector\n").reason());
        for (String table : List.of("% time     seconds  usecs/call     calls    errors syscall\n",
                "time     seconds  usecs/call     calls    errors   syscall\n", // its "% " lost in a copy
                "------ ----------- ----------- --------- --------- ----------------\n", // the header lost
                "syscall              calls    errors\n", // strace -U name,calls,errors (real: strace 6.1)
                "    calls syscall\n",
                "% time     seconds  usecs/call shortest  longest     calls    errors syscall\n", // -U with min-time, max-time
                "---------------- --------- ---------\n")) { // -U's header lost
            assertTrue(error(table).reason().startsWith("strace -c's table of counts, not a log of calls"), table);
            List<StraceRecord> rs = parse("1 getpid() = 1\n" + table + " 45.10    0.000092          10         9           mmap\n");
            assertEquals(1, rs.size(), "the table after a log (-C) is skipped: " + table);
        }
        error(" 45.10    0.000092          10         9           mmap\n");
        error("syscall calls\n".replace("calls", "callz"));
        error("---- --\n");
        error("Hello from the program\n");
        error("[INFO] starting the server\n");
    }

    /** strace prints an exit status as WEXITSTATUS: 0 to 255; anything else is not its line. */
    @Test
    void anExitStatusOutOfRangeIsAnError() {
        assertTrue(error("1 +++ exited with 300 +++\n").getMessage().contains("exit code 300 out of range"));
        error("1 +++ exited with -1 +++\n");
        assertEquals(List.of(new Exited(1, 1, -1, 255)), parse("1 +++ exited with 255 +++\n"));
    }

    @Test
    void anErrorQuotesItsLineSafely() {
        String esc = "\u001b]0;pwned\u0007\u001b[2J";
        String line = "1 write(1, \"" + esc + "x".repeat(3_000_000) + "\", 3) = 3 trailing";
        StraceParseException e = error(line + "\n");
        String quoted = e.quotedText();
        assertTrue(quoted.length() < 300, quoted.length() + " characters");
        assertTrue(quoted.startsWith("1 write(1, \"\\x1b]0;pwned\\x07\\x1b[2Jxxx"), quoted);
        assertTrue(quoted.endsWith("... (" + line.length() + " bytes in all)"), quoted);
        assertFalse(quoted.chars().anyMatch(c -> c < 0x20 || c == 0x7f));
        StraceParseException name = error("1 <... " + "a".repeat(100_000) + " resumed>) = 0\n");
        assertTrue(name.getMessage().length() < 200, name.getMessage());
    }

    // ------------------------------------------------------------ -ff file sets

    @Test
    void aPerPidFileSetIsMergedByTime(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("log.20"), "12:00:00.000002 getpid() = 20\n12:00:00.000004 +++ exited with 0 +++\n");
        Files.writeString(dir.resolve("log.3"), "12:00:00.000001 clone(child_stack=NULL, flags=SIGCHLD) = 20\n12:00:00.000003 wait4(-1, NULL, 0, NULL) = 20\n");
        Files.writeString(dir.resolve("log.x"), "not a pid file\n");
        Files.writeString(dir.resolve("log"), "not a pid file\n");
        try (StraceParser p = StraceParser.openPerPid(dir.resolve("log"))) {
            List<StraceRecord> rs = Logs.drain(p);
            assertEquals(List.of(3, 20, 3, 20), rs.stream().map(StraceRecord::pid).toList());
            assertEquals(List.of(1_000L, 2_000L, 3_000L, 4_000L), rs.stream().map(r -> r.timeNanos() - 43_200_000_000_000L).toList());
            assertEquals(StraceParser.TimeBase.TIME_OF_DAY, p.timeBase());
        }
        assertThrows(NoSuchFileException.class, () -> StraceParser.openPerPid(dir.resolve("nothing")));
    }

    @Test
    void aBadLineInOneFileOfASetDoesNotStopTheOthers(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("log.1"), "getpid() = 1\nbad\ngetppid() = 0\n");
        Files.writeString(dir.resolve("log.2"), "getpid() = 2\n");
        try (StraceParser p = StraceParser.openPerPid(dir.resolve("log"))) {
            assertEquals(1, p.next().pid());
            StraceParseException e = assertThrows(StraceParseException.class, p::next);
            assertEquals(dir.resolve("log.1") + ":2: expected '(' after the syscall name", e.getMessage());
            assertEquals("getppid", ((LoggedCall) p.next()).name());
            assertEquals(2, p.next().pid());
            assertNull(p.next());
        }
    }
}
