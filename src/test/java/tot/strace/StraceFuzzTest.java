package tot.strace;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tot.strace.StraceArg.Array;
import tot.strace.StraceArg.Commented;
import tot.strace.StraceArg.Fd;
import tot.strace.StraceArg.Flags;
import tot.strace.StraceArg.InOut;
import tot.strace.StraceArg.Named;
import tot.strace.StraceArg.Num;
import tot.strace.StraceArg.Str;
import tot.strace.StraceArg.Struct;
import tot.strace.StraceRecord.LoggedCall;
import tot.util.ByteStrings;

/**
 * Property tests with a seeded {@link Random} (a failure prints its case; the seed makes it
 * repeat):
 * <ol>
 *   <li>real log lines, mutated (cut, bytes inserted, deleted, replaced, repeated, strace's own
 *       tokens spliced in, invalid UTF-8, deep nesting), parse to records or fail with
 *       {@link StraceParseException} only, always make progress, and a line parses the same
 *       whatever follows it in the input (no reading past its end);</li>
 *   <li>random calls printed the way strace prints them (escapes, decorations, nesting, split
 *       by {@code <unfinished ...>} around another task's line; the prefixes of {@code -Y},
 *       {@code --secontext}, {@code -t}/{@code -tt}/{@code -ttt}/{@code -r}, {@code -n} and
 *       {@code -i}; file contexts; unavailable, unnamed and injected results) parse back to
 *       exactly what was printed.</li>
 * </ol>
 */
class StraceFuzzTest {
    private static final long SEED = 20151102L;

    // ------------------------------------------------------------ 1. mutated real lines

    private static List<byte[]> corpus() throws IOException {
        List<byte[]> lines = new ArrayList<>();
        try (Stream<Path> files = Stream.concat(Files.list(Logs.DIR), Files.list(Logs.DIR.resolve("ff")))) {
            for (Path f : files.filter(f -> f.toString().endsWith(".log") || f.getParent().endsWith("ff")).sorted().toList()) {
                byte[] all = Files.readAllBytes(f);
                int from = 0;
                for (int i = 0; i <= all.length; i++) {
                    if (i == all.length || all[i] == '\n') {
                        if (i > from) lines.add(java.util.Arrays.copyOfRange(all, from, i));
                        from = i + 1;
                    }
                }
            }
        }
        return lines;
    }

    private static final String[] TOKENS = {
        "\"", "\\", "[", "]", "{", "}", "(", ")", "<", ">", ",", " ", "=", "|", ".", "-", "/*", "*/", "...", "=>",
        " <unfinished ...>", "<... read resumed>", "<... openat resumed>", "<detached ...>", " <pid changed to 7 ...>",
        "\\x", "\\377", "\\0", "\\", "0x", "0", "-1", "18446744073709551616", "99999999999", "+++ ", " +++", "--- ", " ---",
        "[pid ", "] ", "strace: Process 12 attached", "(deleted)", "<char 1:3>", "AT_FDCWD<", "3</", "TCP:[1->2]",
        " = ", " = -1 ENOENT (x)", " = ?", " <0.000001>", "12:34:56.123456 ", "1700000000.1 ", "+++ exited with 0 +++",
        "+++ killed by SIGKILL (core dumped) +++", "+++ superseded by execve in pid 3 +++", "--- SIGCHLD {si_signo=SIGCHLD} ---",
    };

    private static byte[] mutate(byte[] line, Random r, List<byte[]> corpus) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] b = line;
        int n = 1 + r.nextInt(4);
        for (int k = 0; k < n; k++) {
            int at = b.length == 0 ? 0 : r.nextInt(b.length + 1);
            out.reset();
            switch (r.nextInt(9)) {
                case 0 -> out.write(b, 0, at); // cut
                case 1 -> { // insert a byte, often a structural one
                    out.write(b, 0, at);
                    out.write(r.nextInt(3) == 0 ? r.nextInt(256) : "\"\\[]{}()<>,=|.-0x9 \u00ff".charAt(r.nextInt(19)));
                    out.write(b, at, b.length - at);
                }
                case 2 -> { // delete a run
                    int len = Math.min(b.length - at, 1 + r.nextInt(8));
                    out.write(b, 0, at);
                    out.write(b, at + len, b.length - at - len);
                }
                case 3 -> { // replace a byte
                    out.write(b, 0, b.length);
                    byte[] c = out.toByteArray();
                    if (c.length > 0) c[r.nextInt(c.length)] = (byte) r.nextInt(256);
                    out.reset();
                    out.write(c, 0, c.length);
                }
                case 4 -> { // a token of strace's syntax
                    out.write(b, 0, at);
                    out.writeBytes(TOKENS[r.nextInt(TOKENS.length)].getBytes(StandardCharsets.UTF_8));
                    out.write(b, at, b.length - at);
                }
                case 5 -> { // invalid UTF-8 and other high bytes
                    out.write(b, 0, at);
                    out.writeBytes(new byte[][] {{(byte) 0xff}, {(byte) 0xc3}, {(byte) 0xe2, (byte) 0x82}, {(byte) 0x80}, {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
                        {0}, {0x7f}, {(byte) 0xc3, (byte) 0xa9}}[r.nextInt(8)]);
                    out.write(b, at, b.length - at);
                }
                case 6 -> { // repeat a slice
                    int len = Math.min(b.length - at, r.nextInt(40));
                    out.write(b, 0, at + len);
                    out.write(b, at, b.length - at);
                }
                case 7 -> { // splice in a piece of another line
                    byte[] o = corpus.get(r.nextInt(corpus.size()));
                    int from = r.nextInt(o.length);
                    out.write(b, 0, at);
                    out.write(o, from, Math.min(o.length - from, r.nextInt(60)));
                    out.write(b, at, b.length - at);
                }
                default -> { // deep nesting
                    out.write(b, 0, at);
                    String open = new String[] {"[", "{", "(", "a=", "1 => ", "[\""}[r.nextInt(6)];
                    out.writeBytes(open.repeat(r.nextInt(3) == 0 ? 5000 : 1 + r.nextInt(300)).getBytes(StandardCharsets.US_ASCII));
                    out.write(b, at, b.length - at);
                }
            }
            b = out.toByteArray();
        }
        return b;
    }

    /** What parsing a log gives: records and errors, as text, in order. */
    private static List<String> outcomes(byte[] log, int lines) {
        List<String> out = new ArrayList<>();
        try (StraceParser p = StraceParser.of(new ByteArrayInputStream(log), "fuzz.log", 0)) {
            int steps = 0;
            while (true) {
                if (++steps > 3 * lines + 10) throw new AssertionError("no progress after " + steps + " calls to next()");
                try {
                    StraceRecord r = p.next();
                    if (r == null) break;
                    assertTrue(r.line() >= 1 && r.line() <= lines, "line " + r.line() + " of " + lines);
                    out.add(r.toString());
                } catch (StraceParseException e) {
                    assertTrue(e.line() >= 1 && e.line() <= lines, "line " + e.line() + " of " + lines);
                    assertEquals("fuzz.log:" + e.line() + ": " + e.reason(), e.getMessage());
                    assertNotNull(e.text());
                    out.add("error " + e.getMessage());
                }
            }
            assertNull(p.next(), "the end stays the end");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return out;
    }

    private static int lineCount(byte[] log) {
        int n = 1;
        for (byte c : log) if (c == '\n') n++;
        return n;
    }

    @Test
    void mutatedRealLinesParseOrFailCleanly() throws IOException {
        List<byte[]> corpus = corpus();
        Random r = new Random(SEED);
        assertTimeoutPreemptively(Duration.ofMinutes(5), () -> {
            for (int c = 0; c < 20_000; c++) {
                int start = r.nextInt(corpus.size()), count = 1 + r.nextInt(20);
                ByteArrayOutputStream log = new ByteArrayOutputStream();
                for (int i = start; i < Math.min(corpus.size(), start + count); i++) {
                    byte[] line = corpus.get(i);
                    log.writeBytes(r.nextInt(3) == 0 ? mutate(line, r, corpus) : line);
                    if (r.nextInt(50) != 0) log.write('\n');
                }
                byte[] bytes = log.toByteArray();
                try {
                    outcomes(bytes, lineCount(bytes));
                } catch (Throwable t) {
                    throw new AssertionError("case " + c + ": " + t + "\ninput (hex): " + HexFormat.of().formatHex(bytes)
                            + "\ninput: " + ByteStrings.decode(bytes), t);
                }
            }
        });
    }

    @Test
    void aLineParsesTheSameWhateverFollowsIt() throws IOException {
        List<byte[]> corpus = corpus();
        Random r = new Random(SEED + 1);
        assertTimeoutPreemptively(Duration.ofMinutes(5), () -> {
            for (int c = 0; c < 20_000; c++) {
                byte[] line = mutate(corpus.get(r.nextInt(corpus.size())), r, corpus);
                int newline = indexOf(line, (byte) '\n');
                if (newline >= 0) line = java.util.Arrays.copyOf(line, newline);
                String text = ByteStrings.decode(line);
                if (LogLines.messageCut(line, 0, line.length) > 0) continue; // strace's cut: joined with the next line
                // what follows: nothing, or a line that cannot start, end or change anything ("#…": an error)
                byte[] junk = new byte[r.nextInt(300)];
                r.nextBytes(junk);
                for (int i = 0; i < junk.length; i++) if (junk[i] == '\n') junk[i] = ')';
                ByteArrayOutputStream followed = new ByteArrayOutputStream();
                followed.writeBytes(line);
                followed.writeBytes("\n#".getBytes(StandardCharsets.US_ASCII));
                followed.writeBytes(junk);
                // followed by a line: a last line that ended before the grammar did is taken as cut and skipped
                ByteArrayOutputStream bare = new ByteArrayOutputStream();
                bare.writeBytes(line);
                bare.writeBytes("\n#\n".getBytes(StandardCharsets.US_ASCII));
                List<String> alone = outcomes(bare.toByteArray(), 2).stream()
                        .filter(o -> !o.startsWith("error fuzz.log:2:")).toList();
                List<String> then = outcomes(followed.toByteArray(), 2).stream().filter(o -> !o.startsWith("error fuzz.log:2:")).toList();
                assertEquals(alone, then, () -> "line: " + text);
            }
        });
    }

    private static int indexOf(byte[] b, byte c) {
        for (int i = 0; i < b.length; i++) if (b[i] == c) return i;
        return -1;
    }

    // ------------------------------------------------------------ 2. printed calls parse back

    /** Prints values the way strace does and remembers what they are. */
    private static final class Printer {
        final Random r;

        Printer(Random r) {
            this.r = r;
        }

        byte[] randomBytes(int max) {
            byte[] b = new byte[r.nextInt(max + 1)];
            for (int i = 0; i < b.length; i++) {
                b[i] = switch (r.nextInt(4)) {
                    case 0 -> (byte) r.nextInt(256);
                    case 1 -> (byte) "\"\\<>,()[]{} =|/*".charAt(r.nextInt(16));
                    default -> (byte) (0x20 + r.nextInt(0x5f));
                };
            }
            return b;
        }

        /** C escapes as strace prints them: printable ASCII as is (but {@code " \}), the rest escaped. */
        void escaped(StringBuilder sb, byte[] b, String alsoEscape, boolean rawHighBytes) {
            for (byte x : b) {
                int c = x & 0xff;
                if (c == '"' || c == '\\') sb.append('\\').append((char) c);
                else if (alsoEscape.indexOf(c) >= 0) sb.append(String.format("\\%03o", c));
                else if (c >= 0x20 && c < 0x7f) sb.append((char) c);
                else if (c >= 0x80 && rawHighBytes) sb.append((char) (0xdc00 | c)); // a raw byte (surrogate convention)
                else if (c == '\n' && r.nextBoolean()) sb.append("\\n");
                else if (c == '\t' && r.nextBoolean()) sb.append("\\t");
                else if (r.nextBoolean()) sb.append(String.format("\\x%02x", c));
                else sb.append(String.format("\\%03o", c));
            }
        }

        String ident() {
            String[] names = {"O_RDONLY", "O_CLOEXEC", "NULL", "SIGCHLD", "CLONE_VM", "S_IFREG", "RLIM64_INFINITY", "_x", "a1"};
            return names[r.nextInt(names.length)];
        }

        /** value := Named | InOut | inner (the shapes the parser gives back). */
        StraceArg value(StringBuilder sb, int depth) {
            int k = depth > 3 ? 9 : r.nextInt(12);
            if (k == 0) {
                String name = ident();
                sb.append(name).append('=');
                return new Named(name, value(sb, depth + 1));
            }
            if (k == 1) {
                StraceArg in = inner(sb, depth + 1);
                sb.append(" => ");
                return new InOut(in, value(sb, depth + 1));
            }
            return inner(sb, depth);
        }

        StraceArg inner(StringBuilder sb, int depth) {
            StraceArg v = primary(sb, depth);
            if (r.nextInt(8) == 0) {
                String comment = new String[] {"24 vars", "1 var", "ARCH_???", "5 entries"}[r.nextInt(4)];
                sb.append(" /* ").append(comment).append(" */");
                return new Commented(v, comment);
            }
            return v;
        }

        StraceArg primary(StringBuilder sb, int depth) {
            switch (depth > 3 ? r.nextInt(4) : r.nextInt(7)) {
                case 0 -> {
                    byte[] b = randomBytes(40);
                    boolean cut = r.nextInt(4) == 0;
                    sb.append('"');
                    escaped(sb, b, "", r.nextInt(4) == 0);
                    sb.append('"').append(cut ? "..." : "");
                    if (r.nextInt(8) == 0) sb.append(" [passwd_file_t]"); // --secontext: a path's file context
                    return new Str(ByteStrings.decode(b), cut);
                }
                case 1 -> {
                    long v = switch (r.nextInt(4)) {
                        case 0 -> r.nextInt(2000) - 1000;
                        case 1 -> r.nextLong();
                        case 2 -> r.nextInt(0777);
                        default -> -1;
                    };
                    switch (r.nextInt(4)) {
                        case 0 -> sb.append("0x").append(Long.toHexString(v));
                        case 1 -> sb.append(Long.toUnsignedString(v));
                        case 2 -> sb.append(v >= 0 && v < 0777 ? "0" + Long.toOctalString(v) : Long.toString(v));
                        default -> sb.append(v);
                    }
                    return new Num(v);
                }
                case 2 -> {
                    StringBuilder f = new StringBuilder(ident());
                    for (int i = r.nextInt(3); i > 0; i--) f.append('|').append(r.nextBoolean() ? ident() : "0" + Integer.toOctalString(r.nextInt(0777)));
                    sb.append(f);
                    return new Flags(f.toString());
                }
                case 3 -> {
                    Fd fd = fd(sb);
                    if (r.nextInt(8) == 0) sb.append(" [unconfined_u:object_r:user_tmp_t:s0!!unconfined_u:object_r:tmp_t:s0]"); // --secontext
                    return fd;
                }
                case 4 -> {
                    int start = sb.length();
                    sb.append('{');
                    for (int i = r.nextInt(4); i > 0; i--) {
                        sb.append(ident()).append('=');
                        value(sb, depth + 1);
                        sb.append(", ");
                    }
                    sb.append(r.nextBoolean() ? "..." : "x=1").append('}');
                    // raw high bytes next to each other may form UTF-8: the text is what its bytes decode to
                    return new Struct(ByteStrings.decode(ByteStrings.encode(sb.substring(start))));
                }
                default -> {
                    sb.append('[');
                    List<StraceArg> elements = new ArrayList<>();
                    int n = r.nextInt(5);
                    for (int i = 0; i < n; i++) {
                        if (i > 0) sb.append(", ");
                        elements.add(value(sb, depth + 1));
                    }
                    boolean cut = r.nextInt(5) == 0;
                    if (cut) sb.append(n > 0 ? ", ..." : "...");
                    sb.append(']');
                    return new Array(elements, cut);
                }
            }
        }

        Fd fd(StringBuilder sb) {
            int fd = r.nextInt(5) == 0 ? Fd.AT_FDCWD : r.nextInt(1 << 20);
            sb.append(fd == Fd.AT_FDCWD ? "AT_FDCWD" : Integer.toString(fd));
            if (fd == Fd.AT_FDCWD && r.nextInt(3) == 0) return new Fd(fd, null, null, false);
            String path, device = null;
            if (r.nextInt(4) == 0) {
                path = new String[] {"TCP:[127.0.0.1:1->127.0.0.1:2]", "UNIX-STREAM:[110359->110360]", "pipe:[116762]", "anon_inode:[eventfd]",
                    "UDP:[[::1]:53]"}[r.nextInt(5)];
                sb.append('<').append(path).append('>');
            } else {
                byte[] b = randomBytes(30);
                byte[] full = new byte[b.length + 1];
                full[0] = '/';
                System.arraycopy(b, 0, full, 1, b.length);
                path = ByteStrings.decode(full);
                sb.append('<');
                escaped(sb, full, "<>", false);
                if (r.nextInt(4) == 0) {
                    device = (r.nextBoolean() ? "char " : "block ") + r.nextInt(300) + ":" + r.nextInt(300);
                    sb.append('<').append(device).append('>');
                }
                sb.append('>');
            }
            boolean deleted = r.nextInt(6) == 0;
            if (deleted) sb.append("(deleted)");
            return new Fd(fd, path, device, deleted);
        }
    }

    @Test
    void printedCallsParseBackToWhatWasPrinted() throws IOException {
        Random r = new Random(SEED + 2);
        Printer printer = new Printer(r);
        for (int c = 0; c < 20_000; c++) {
            int pid = 1 + r.nextInt(99999);
            StringBuilder prefix = new StringBuilder();
            // -Y's command after the pid: spaces and an escaped '>' in it
            String comm = r.nextInt(4) == 0 ? new String[] {"<sh>", "<Web Content>", "<a\\76b>", "<kworker/0:1>"}[r.nextInt(4)] : "";
            switch (r.nextInt(3)) {
                case 0 -> prefix.append(pid).append(comm).append(pid < 10000 && comm.isEmpty() ? "  " : " ");
                case 1 -> prefix.append(String.format("[pid %5d", pid)).append(comm).append("] ");
                default -> prefix.append(""); // no prefix: the default pid
            }
            if (prefix.isEmpty()) pid = 0;
            if (r.nextInt(5) == 0) { // --secontext
                prefix.append(r.nextBoolean() ? "[unconfined_t] " : "[unconfined_u:unconfined_r:unconfined_t:s0-s0:c0.c1023] ");
            }
            long time = -1;
            switch (r.nextInt(4)) {
                case 0 -> {
                    time = 1_700_000_000_000_000_000L + r.nextInt(1_000_000) * 1000L;
                    prefix.append(time / 1_000_000_000).append('.').append(String.format("%06d", time % 1_000_000_000 / 1000)).append(' ');
                }
                case 1 -> {
                    int s = r.nextInt(86400), us = r.nextInt(1_000_000);
                    time = s * 1_000_000_000L + us * 1000L;
                    prefix.append(String.format("%02d:%02d:%02d.%06d ", s / 3600, s / 60 % 60, s % 60, us));
                    if (r.nextInt(3) == 0) prefix.append(String.format("(+ %6d.%06d) ", r.nextInt(3), r.nextInt(1_000_000))); // -r beside -t
                }
                case 2 -> { // --timestamps=unix,s
                    time = 1_700_000_000_000_000_000L + r.nextInt(1_000_000) * 1_000_000_000L;
                    prefix.append(time / 1_000_000_000).append(' ');
                }
                default -> {
                }
            }
            if (r.nextInt(4) == 0) prefix.append(String.format("[%4d] ", r.nextInt(460))); // -n
            if (r.nextInt(4) == 0) prefix.append(r.nextInt(5) == 0 ? "[????????????????] " : String.format("[%016x] ", r.nextLong() >>> 16)); // -i
            String name = new String[] {"openat", "read", "execve", "clone3", "wait4", "syscall_0x1b6", "f"}[r.nextInt(7)];
            List<String> printed = new ArrayList<>();
            List<StraceArg> args = new ArrayList<>();
            for (int i = r.nextInt(6); i > 0; i--) {
                StringBuilder sb = new StringBuilder();
                args.add(printer.value(sb, 0));
                printed.add(sb.toString());
            }
            long result;
            int errno = 0;
            String errnoName = null, note = null;
            boolean unknown = false;
            Fd resultFd = null;
            StringBuilder res = new StringBuilder(" = ");
            switch (r.nextInt(8)) {
                case 5 -> { // strace could not fetch the result
                    result = 0;
                    unknown = true;
                    note = "<unavailable>";
                    res.append("? <unavailable>");
                }
                case 6 -> { // an error strace has no name for; or one it injected
                    result = -1;
                    if (r.nextBoolean()) {
                        errno = 1000 + r.nextInt(3000);
                        note = "(errno " + errno + ")";
                        res.append("-1 ").append(note);
                    } else {
                        errno = 2;
                        errnoName = "ENOENT";
                        note = "(No such file or directory) (INJECTED)";
                        res.append("-1 ENOENT ").append(note);
                    }
                }
                case 7 -> { // --secontext: the context of the file a call returned
                    result = r.nextInt(1000);
                    res.append(result).append(" [user_tmp_t]");
                }
                case 0 -> {
                    result = -1;
                    errno = 1 + r.nextInt(130);
                    errnoName = tot.linux.Errno.name(errno);
                    if (tot.linux.Errno.byName(errnoName) != errno) {
                        errno = 2;
                        errnoName = "ENOENT";
                    }
                    note = "(Some text, with [brackets])";
                    res.append("-1 ").append(errnoName).append(' ').append(note);
                }
                case 1 -> {
                    result = 0;
                    unknown = true;
                    res.append('?');
                    if (r.nextBoolean()) {
                        errno = 514;
                        errnoName = "ERESTARTNOHAND";
                        note = "(To be restarted if no handler)";
                        res.append(' ').append(errnoName).append(' ').append(note);
                    }
                }
                case 2 -> {
                    StringBuilder sb = new StringBuilder();
                    Fd fd;
                    do {
                        sb.setLength(0);
                        fd = printer.fd(sb);
                    } while (fd.fd() < 0);
                    resultFd = fd.path() == null ? null : fd;
                    result = fd.fd();
                    res.append(sb);
                }
                case 3 -> {
                    result = r.nextLong();
                    res.append("0x").append(Long.toHexString(result));
                    if (r.nextBoolean()) {
                        note = "(flags O_RDONLY)";
                        res.append(' ').append(note);
                    }
                }
                default -> {
                    result = r.nextInt(100000);
                    res.append(result);
                }
            }
            long duration = -1;
            if ((!unknown || errno != 0) && !"<unavailable>".equals(note) && r.nextBoolean()) {
                duration = r.nextInt(10_000_000) * 1000L;
                res.append(String.format(" <%d.%06d>", duration / 1_000_000_000, duration % 1_000_000_000 / 1000));
            }
            StringBuilder log = new StringBuilder();
            int split = r.nextInt(3) == 0 && !printed.isEmpty() ? r.nextInt(printed.size() + 1) : -1;
            int line = 1;
            if (split < 0) {
                log.append(prefix).append(name).append('(').append(String.join(", ", printed)).append(')').append(res).append('\n');
            } else { // strace's split: "name(a, b, <unfinished ...>", another task's line, "<... name resumed>c) = …"
                String head = String.join(", ", printed.subList(0, split)) + (split > 0 && split < printed.size() ? ", " : "");
                String tail = String.join(", ", printed.subList(split, printed.size()));
                if (prefix.isEmpty()) log.append("1 getpid() = 1\n");
                log.append(prefix).append(name).append('(').append(head).append(" <unfinished ...>\n");
                log.append("999999 getppid() = 1\n");
                log.append(prefix).append("<... ").append(name).append(" resumed>").append(tail).append(')').append(res).append('\n');
                line = prefix.isEmpty() ? 2 : 1;
            }
            LoggedCall expected = new LoggedCall(line, pid, time, name, args, result, resultFd, errno, errnoName, note, unknown, false, duration);
            String text = log.toString();
            List<StraceRecord> rs;
            try {
                rs = Logs.parse(text);
            } catch (RuntimeException e) {
                throw new AssertionError("case " + c + ": " + text, e);
            }
            String where = "case " + c + ": " + text + rs;
            LoggedCall got = (LoggedCall) rs.stream().filter(x -> x instanceof LoggedCall call && call.name().equals(name)).findFirst()
                    .orElseThrow(() -> new AssertionError(where));
            assertEquals(expected, got, "case " + c + ": " + text);
        }
    }
}
