package tot.strace;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
import tot.strace.StraceRecord.Call;
import tot.sys.Errno;
import tot.util.ByteStrings;

/**
 * Parses one strace log stream, line by line, into {@link StraceRecord}s. It works on the bytes
 * (a strace log is bytes; escapes are decoded to bytes and only then to a String) and scans them
 * by hand, one pass per line and no regular expressions; only the current line and the calls
 * still {@code <unfinished ...>} are held in memory.
 *
 * <p>Every malformed input ends in a {@link StraceParseException} thrown by {@link #fail}: the
 * scanners check bounds before each read, and the few places that could overflow (numbers, pids,
 * times) check their digit counts.
 */
final class LogReader implements Closeable {
    static final int MAX_LINE = 64 << 20;
    private static final long NANOS_PER_DAY = 86_400_000_000_000L, HALF_DAY = NANOS_PER_DAY / 2;

    final String name;
    private final InputStream in;
    private final int defaultPid;
    StraceParser.TimeBase timeBase = StraceParser.TimeBase.NONE;

    // input: bytes not yet consumed are buf[bufPos, bufLim)
    private byte[] buf = new byte[1 << 16];
    private int bufPos, bufLim;
    private boolean eof, finished;
    private int physLine; // physical lines consumed
    private int ls, le; // the last physical line, in buf

    // the line being parsed: b[s, e), cursor p; it started at physical line `line`
    private byte[] b;
    private int s, e, p, line;
    private byte[] joined = new byte[256]; // a line strace cut with "strace: Process N attached"
    private byte[] call = new byte[256]; // an <unfinished ...> start joined with its <... resumed> end
    private byte[] bytes = new byte[256]; // scratch for decoding escapes

    private final ArrayDeque<StraceRecord> out = new ArrayDeque<>();
    private final Map<Integer, Pending> pending = new HashMap<>();
    /** Pids seen and not yet exited, kept once the log uses "[pid N]" prefixes (strace writing to stderr). */
    private Set<Integer> live;
    private long lastTimeOfDay = -1, dayOffset, sinceStart;
    private static final long RELATIVE_BELOW = 100_000_000; // seconds: 1973

    private final Interner<String> names = new Interner<>(t -> t);
    private final Interner<Flags> flags = new Interner<>(Flags::new);
    private static final Num[] SMALL = new Num[1024 + 128];

    static {
        for (int i = 0; i < SMALL.length; i++) SMALL[i] = new Num(i - 128);
    }

    /**
     * A call printed up to {@code <unfinished ...>}: its text from the name on; {@code resumeAs}
     * the pid its end will come under when strace said {@code <pid changed to N ...>}, else -1.
     */
    private record Pending(int line, long time, String name, byte[] text, int resumeAs) {}

    LogReader(InputStream in, String name, int defaultPid) {
        this.in = in;
        this.name = name;
        this.defaultPid = defaultPid;
    }

    /** The next record, or null at the end. */
    StraceRecord next() throws IOException {
        while (out.isEmpty()) {
            if (!readLine()) {
                if (finished) return null;
                finished = true;
                List<Integer> pids = new ArrayList<>(pending.keySet());
                pids.sort((x, y) -> Integer.compare(pending.get(x).line(), pending.get(y).line()));
                for (int pid : pids) flushUnfinished(pid);
                continue;
            }
            parseLine();
        }
        return out.poll();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    // ---------------------------------------------------------------- lines

    /**
     * The next logical line into b[s, e): a physical line, or, when strace wrote its own
     * "strace: Process N attached" in the middle of one (it does so on stderr), the two halves
     * around it joined. False at the end of input.
     */
    private boolean readLine() throws IOException {
        if (!physicalLine()) return false;
        line = physLine;
        b = buf;
        s = ls;
        e = le;
        if (e > s && b[e - 1] == '\r') e--; // a log that went through CRLF hands
        int cut;
        while ((cut = messageCut(b, s, e)) > s) {
            int n = cut - s;
            if (b != joined) {
                if (joined.length < n) joined = new byte[Math.max(n, joined.length * 2)];
                System.arraycopy(b, s, joined, 0, n);
            }
            if (!physicalLine()) {
                b = joined; s = 0; e = n;
                break;
            }
            int m = le - ls;
            if (n + m > MAX_LINE) throw fail("line longer than " + (MAX_LINE >> 20) + " MiB");
            if (joined.length < n + m) joined = Arrays.copyOf(joined, Math.max(n + m, joined.length * 2));
            System.arraycopy(buf, ls, joined, n, m);
            b = joined;
            s = 0;
            e = n + m;
        }
        return true;
    }

    private static final byte[] PROCESS = "strace: Process ".getBytes(StandardCharsets.US_ASCII);

    /**
     * Where "strace: Process N attached" (or detached) starts when it ends the line, else -1.
     */
    private static int messageCut(byte[] b, int s, int e) {
        if (e - s < 26 || b[e - 1] != 'd' || b[e - 2] != 'e' || b[e - 3] != 'h' || b[e - 9] != ' ') return -1;
        if (!ascii(b, e - 8, "attached") && !ascii(b, e - 8, "detached")) return -1;
        int i = e - 9; // the space before "attached"
        while (i > s && isDigit(b[i - 1])) i--;
        if (i == e - 9 || i - s < PROCESS.length) return -1;
        int at = i - PROCESS.length;
        for (int k = 0; k < PROCESS.length; k++) if (b[at + k] != PROCESS[k]) return -1;
        return at;
    }

    /** The next physical line into buf[ls, le), without its '\n'. */
    private boolean physicalLine() throws IOException {
        int scan = bufPos;
        boolean overlong = false;
        while (true) {
            int nl = -1;
            byte[] bb = buf;
            for (int i = scan, lim = bufLim; i < lim; i++) {
                if (bb[i] == '\n') {
                    nl = i;
                    break;
                }
            }
            if (nl >= 0 || eof) {
                if (nl < 0 && bufPos == bufLim && !overlong) return false;
                int end = nl >= 0 ? nl : bufLim;
                ls = bufPos;
                le = end;
                bufPos = nl >= 0 ? nl + 1 : bufLim;
                physLine++;
                if (overlong) {
                    line = physLine;
                    b = buf; s = ls; e = Math.min(le, ls + 200);
                    throw fail("line longer than " + (MAX_LINE >> 20) + " MiB");
                }
                return true;
            }
            if (bufPos > 0) {
                System.arraycopy(buf, bufPos, buf, 0, bufLim - bufPos);
                bufLim -= bufPos;
                bufPos = 0;
            }
            scan = bufLim;
            if (bufLim == buf.length) {
                if (buf.length >= MAX_LINE) { // drop the middle of the line, keep its start for the message
                    overlong = true;
                    bufLim = 200;
                    scan = 200;
                } else {
                    buf = Arrays.copyOf(buf, Math.min(MAX_LINE, buf.length * 2));
                }
            }
            int n = in.read(buf, bufLim, buf.length - bufLim);
            if (n < 0) eof = true;
            else bufLim += n;
        }
    }

    // ---------------------------------------------------------------- one line

    private void parseLine() throws StraceParseException {
        p = s;
        // blank, strace's own message (stderr), or a stack frame of -k
        if (p == e || startsWith("strace: ") || startsWith(" > ")) return;
        int pid;
        boolean prefixed = true;
        if (b[p] == '[' && startsWith("[pid ")) {
            p += 5;
            skipSpaces();
            pid = pid();
            if (p + 1 >= e || b[p] != ']' || b[p + 1] != ' ') throw fail("expected \"] \" after the pid");
            p += 2;
            if (live == null) live = new HashSet<>();
            live.add(pid);
        } else if (isDigit(b[p]) && digitsThenSpace()) {
            pid = pid();
            skipSpaces();
        } else {
            prefixed = false;
            // strace on stderr omits the prefix while it traces one process: that one, when known
            pid = live != null && live.size() == 1 ? live.iterator().next() : defaultPid;
        }
        long time = -1;
        if (p < e && isDigit(b[p])) time = time();
        if (p == e) throw fail("nothing after the prefix");
        switch (b[p]) {
            case '+' -> exit(pid, time);
            case '-' -> signal(pid, time);
            case '<' -> resumed(pid, prefixed, time);
            case '[' -> {
                if (!startsWith("[ Process PID=")) throw fail("expected a syscall");
                // "[ Process PID=1234 runs in 32 bit mode. ]": strace's note, no event
            }
            default -> entry(pid, time);
        }
    }

    /** Whether the digits at p are followed by a space (a pid) rather than ':' or '.' (a time). */
    private boolean digitsThenSpace() {
        int i = p;
        while (i < e && isDigit(b[i])) i++;
        return i < e && b[i] == ' ';
    }

    private int pid() throws StraceParseException {
        int start = p;
        long v = 0;
        while (p < e && isDigit(b[p])) {
            v = v * 10 + (b[p++] - '0');
            if (p - start > 10) throw fail("pid too long");
        }
        if (p == start || v > Integer.MAX_VALUE) throw fail("expected a pid");
        return (int) v;
    }

    /** -t {@code 12:34:56}, -tt {@code 12:34:56.123456}, -ttt {@code 1700000000.123456}, then a space. */
    private long time() throws StraceParseException {
        long first = digits(12, "time");
        long t;
        if (p < e && b[p] == ':') {
            p++;
            long min = digits(2, "time");
            if (p >= e || b[p] != ':') throw fail("expected HH:MM:SS");
            p++;
            long sec = digits(2, "time");
            if (first > 23 || min > 59 || sec > 60) throw fail("bad time of day");
            t = ((first * 60 + min) * 60 + sec) * 1_000_000_000L + fraction();
            if (lastTimeOfDay >= 0 && t + dayOffset < lastTimeOfDay - HALF_DAY) dayOffset += NANOS_PER_DAY;
            t += dayOffset;
            lastTimeOfDay = t;
            if (timeBase == StraceParser.TimeBase.NONE) timeBase = StraceParser.TimeBase.TIME_OF_DAY;
        } else if (p < e && b[p] == '.') {
            if (first > 9_000_000_000L) throw fail("time out of range");
            t = first * 1_000_000_000L + fraction();
            if (timeBase == StraceParser.TimeBase.NONE) {
                // -r prints the seconds since the previous line, -ttt since the epoch: no log is from before 1973
                timeBase = first < RELATIVE_BELOW ? StraceParser.TimeBase.SINCE_START : StraceParser.TimeBase.EPOCH;
            }
            if (timeBase == StraceParser.TimeBase.SINCE_START) t = sinceStart += t;
        } else {
            throw fail("expected a time or a pid");
        }
        if (p >= e || b[p] != ' ') throw fail("expected a space after the time");
        skipSpaces();
        return t;
    }

    /** An optional {@code .ddd} (1 to 9 digits) as nanoseconds. */
    private long fraction() throws StraceParseException {
        if (p >= e || b[p] != '.') return 0;
        p++;
        int start = p;
        long v = digits(9, "fraction");
        for (int n = p - start; n < 9; n++) v *= 10;
        return v;
    }

    /** 1 to {@code max} decimal digits. */
    private long digits(int max, String what) throws StraceParseException {
        int start = p;
        long v = 0;
        while (p < e && isDigit(b[p])) {
            if (p - start == max) throw fail(what + ": too many digits");
            v = v * 10 + (b[p++] - '0');
        }
        if (p == start) throw fail("expected digits (" + what + ")");
        return v;
    }

    /** {@code +++ exited with N +++}, {@code +++ killed by SIG (core dumped) +++}, {@code +++ superseded by execve in pid N +++}. */
    private void exit(int pid, long time) throws StraceParseException {
        if (!startsWith("+++ ") || e - p < 8 || b[e - 1] != '+' || b[e - 2] != '+' || b[e - 3] != '+' || b[e - 4] != ' ') {
            throw fail("expected +++ ... +++");
        }
        int bodyEnd = e - 4;
        p += 4;
        StraceRecord r;
        if (startsWith("exited with ")) {
            p += 12;
            boolean neg = p < bodyEnd && b[p] == '-';
            if (neg) p++;
            long code = digits(10, "exit code");
            if (p != bodyEnd || code > Integer.MAX_VALUE) throw fail("bad exit code");
            r = new StraceRecord.Exited(line, pid, time, (int) (neg ? -code : code));
        } else if (startsWith("killed by ")) {
            p += 10;
            int start = p;
            while (p < bodyEnd && isWord(b[p])) p++;
            if (p == start || isDigit(b[start])) throw fail("expected a signal name");
            String sig = names.get(b, start, p);
            boolean core = false;
            if (p < bodyEnd) {
                if (!startsWith(" (core dumped)") || p + 14 != bodyEnd) throw fail("unexpected text after the signal");
                core = true;
            }
            r = new StraceRecord.Killed(line, pid, time, sig, core);
        } else if (startsWith("superseded by execve in pid ")) {
            p += 28;
            int by = pid();
            if (p != bodyEnd) throw fail("unexpected text after the pid");
            r = new StraceRecord.Superseded(line, pid, time, by);
        } else {
            throw fail("unknown +++ line");
        }
        flushUnfinished(pid);
        if (r instanceof StraceRecord.Superseded sup) {
            Pending moved = pending.remove(sup.byPid()); // the execve ends under the leader's pid
            if (moved != null) pending.put(pid, moved);
            if (live != null) live.remove(sup.byPid());
        } else if (live != null) {
            live.remove(pid);
        }
        out.add(r);
    }

    /** {@code --- SIGCHLD {si_signo=…} ---}, {@code --- stopped by SIGSTOP ---}. */
    private void signal(int pid, long time) throws StraceParseException {
        if (!startsWith("--- ") || e - p < 8 || b[e - 1] != '-' || b[e - 2] != '-' || b[e - 3] != '-' || b[e - 4] != ' ') {
            throw fail("expected --- ... ---");
        }
        int bodyEnd = e - 4;
        p += 4;
        boolean stopped = startsWith("stopped by ");
        if (stopped) p += 11;
        int start = p;
        while (p < bodyEnd && isWord(b[p])) p++;
        if (p == start || isDigit(b[start])) throw fail("expected a signal name");
        String sig = names.get(b, start, p);
        if (stopped) {
            if (p != bodyEnd) throw fail("unexpected text after the signal");
            out.add(new StraceRecord.Stopped(line, pid, time, sig));
            return;
        }
        String info = null;
        if (p < bodyEnd) {
            if (b[p] != ' ') throw fail("expected a space after the signal");
            p++;
            info = text(p, bodyEnd);
        }
        out.add(new StraceRecord.Signal(line, pid, time, sig, info));
    }

    private static final byte[] UNFINISHED = " <unfinished ...>".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DETACHED = "<detached ...>".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PID_CHANGED = " <pid changed to ".getBytes(StandardCharsets.US_ASCII);

    /** A syscall line: complete, or its start ({@code <unfinished ...>}, {@code <detached ...>}). */
    private void entry(int pid, long time) throws StraceParseException {
        int nameStart = p;
        int nameEnd = name();
        if (b[e - 1] == '>') {
            if (endsWith(UNFINISHED)) {
                unfinished(pid, -1, time, nameStart, nameEnd, e - UNFINISHED.length);
                return;
            }
            if (endsWith(DETACHED)) { // strace let go of the task during the call: it will not end here
                int end = e - DETACHED.length;
                if (end > nameStart && b[end - 1] == ' ') end--;
                out.add(partialCall(line, pid, time, names.get(b, nameStart, nameEnd), b, nameStart, end));
                return;
            }
            int changed = b[e - 2] == '.' ? pidChanged() : -1;
            if (changed >= 0) { // a thread's execve: it ends under the leader's pid (see Superseded)
                unfinished(pid, changed, time, nameStart, nameEnd, lastIndexOf(PID_CHANGED));
                return;
            }
        }
        out.add(call(line, pid, time, names.get(b, nameStart, nameEnd)));
    }

    /** The syscall name at p, then its '(': returns the name's end; p is after the '('. */
    private int name() throws StraceParseException {
        int start = p;
        if (!isWord(b[p]) || isDigit(b[p])) throw fail("expected a syscall name");
        while (p < e && isWord(b[p])) p++;
        if (p >= e || b[p] != '(') throw fail("expected '(' after the syscall name");
        int end = p;
        p++;
        if (end - start > 64) throw fail("syscall name too long");
        return end;
    }

    /** {@code <pid changed to N ...>} ending the line: N, else -1. */
    private int pidChanged() throws StraceParseException {
        int at = lastIndexOf(PID_CHANGED);
        if (at < 0 || e - at < PID_CHANGED.length + 5 || b[e - 5] != ' ' || b[e - 4] != '.' || b[e - 3] != '.' || b[e - 2] != '.') return -1;
        int save = p;
        p = at + PID_CHANGED.length;
        int pid = pid();
        if (p != e - 5) throw fail("bad <pid changed to N ...>");
        p = save;
        return pid;
    }

    private void unfinished(int pid, int resumeAs, long time, int nameStart, int nameEnd, int end) {
        flushUnfinished(pid); // a second start without an end: the first will not end any more
        pending.put(pid, new Pending(line, time, names.get(b, nameStart, nameEnd), Arrays.copyOfRange(b, nameStart, end), resumeAs));
    }

    /** {@code <... NAME resumed>REST}: joined with its start into one call. */
    private void resumed(int pid, boolean prefixed, long time) throws StraceParseException {
        if (!startsWith("<... ")) throw fail("expected <... NAME resumed>");
        p += 5;
        int start = p;
        while (p < e && isWord(b[p])) p++;
        if (p == start || !startsWith(" resumed>")) throw fail("expected <... NAME resumed>");
        String callName = names.get(b, start, p);
        p += 9;
        Integer key = pid;
        Pending x = pending.get(key);
        if (x == null) key = orphanKey(pid, prefixed, callName);
        x = key == null ? null : pending.get(key);
        if (x == null) throw fail("<... " + callName + " resumed> without its <unfinished ...> start");
        if (!x.name().equals(callName)) throw fail("<... " + callName + " resumed>, but " + x.name() + " was unfinished (line " + x.line() + ")");
        pending.remove(key);
        int callPid = prefixed || key == defaultPid || x.resumeAs() == pid ? pid : key.intValue();
        // the joined text: "read(3, " + "\"…\", 1024) = 5"
        int n = x.text().length, m = e - p;
        if (call.length < n + m) call = new byte[Math.max(n + m, call.length * 2)];
        System.arraycopy(x.text(), 0, call, 0, n);
        System.arraycopy(b, p, call, n, m);
        b = call;
        s = 0;
        e = n + m;
        p = 0;
        name();
        // errors name this line, with the joined text
        out.add(call(x.line(), callPid, x.time() >= 0 ? x.time() : time, callName));
    }

    /**
     * The pending start of a call whose end has no start under its own pid: the one strace said
     * would end under this pid ({@code <pid changed to N ...>}, in case no superseded line moved
     * it); on stderr, where strace omits the prefix while it traces one process so that one of
     * the two halves may lack it, the latest unfinished call of that name whose pid is unknown
     * (or any, if this one's is).
     */
    private Integer orphanKey(int pid, boolean prefixed, String callName) {
        for (Map.Entry<Integer, Pending> en : pending.entrySet()) {
            if (en.getValue().resumeAs() == pid) return en.getKey();
        }
        if (prefixed) {
            Pending x = pending.get(defaultPid);
            return x != null && x.name().equals(callName) ? defaultPid : null;
        }
        Integer best = null;
        for (Map.Entry<Integer, Pending> en : pending.entrySet()) {
            if (en.getValue().name().equals(callName) && (best == null || en.getValue().line() > pending.get(best).line())) {
                best = en.getKey();
            }
        }
        return best;
    }

    /** Reports {@code pid}'s call left unfinished, if any: it will not complete any more. */
    private void flushUnfinished(int pid) {
        Pending x = pending.remove(pid);
        if (x == null) return;
        byte[] t = x.text();
        int end = t.length;
        out.add(partialCall(x.line(), pid, x.time(), x.name(), t, 0, end));
    }

    /**
     * A call's start as printed before {@code <unfinished ...>}: the arguments that parse, the
     * rest as one {@link Raw}; never fails (the name and '(' were checked when it was read).
     */
    private Call partialCall(int atLine, int pid, long time, String callName, byte[] text, int from, int to) {
        byte[] saveB = b;
        int saveS = s, saveE = e, saveP = p;
        b = text;
        s = from;
        e = to;
        p = from;
        while (p < e && b[p] != '(') p++;
        p = Math.min(p + 1, e);
        int argsStart = p;
        List<StraceArg> args;
        try {
            args = argList(true);
        } catch (StraceParseException ex) {
            String rest = text(argsStart, e).strip();
            args = rest.isEmpty() ? List.of() : List.of(new Raw(rest));
        } finally {
            b = saveB;
            s = saveS;
            e = saveE;
            p = saveP;
        }
        return new Call(atLine, pid, time, callName, args, 0, null, 0, null, null, true, true, -1);
    }

    // ---------------------------------------------------------------- a complete call

    /** The arguments after the name's '(' at p, then {@code = RESULT}. */
    private Call call(int atLine, int pid, long time, String callName) throws StraceParseException {
        List<StraceArg> args = argList(false);
        // -T: " <0.000123>" ends the line
        long duration = -1;
        int end = e;
        if (b[e - 1] == '>') {
            int i = e - 2;
            while (i > p && (isDigit(b[i]) || b[i] == '.')) i--;
            if (b[i] == '<' && b[i - 1] == ' ' && i < e - 2) {
                int save = p;
                p = i + 1;
                long sec = digits(12, "duration");
                if (p >= e || b[p] != '.') throw fail("bad duration");
                long frac = fraction();
                if (p != e - 1) throw fail("bad duration");
                duration = sec * 1_000_000_000L + frac;
                p = save;
                end = i - 1;
                while (end > p && b[end - 1] == ' ') end--;
            }
        }
        skipSpaces();
        if (p + 1 >= end || b[p] != '=' || b[p + 1] != ' ') throw fail("expected \" = \" after the arguments");
        p += 2;
        while (p < end && b[p] == ' ') p++;
        if (p >= end) throw fail("expected a result");
        long result = 0;
        boolean unknown = false;
        Fd resultFd = null;
        int errno = 0;
        String errnoName = null;
        if (b[p] == '?') { // maybe with the error that interrupted it: "= ? ERESTARTNOHAND (…)"
            unknown = true;
            p++;
            if (p + 1 < end && b[p] == ' ' && b[p + 1] == 'E') {
                p++;
                int nameStart = p;
                while (p < end && isWord(b[p])) p++;
                errnoName = names.get(b, nameStart, p);
                errno = errno(errnoName);
            }
        } else {
            int saveE = e;
            e = end;
            try {
                int start = p;
                Num n = number();
                if (n == null) throw fail("expected a result");
                result = n.value();
                if (p < e && b[p] == '<' && result >= 0 && result <= Integer.MAX_VALUE) resultFd = decoration((int) result);
                if (b[start] == '-' && p < e && b[p] == ' ' && p + 1 < e && b[p + 1] == 'E') {
                    p++;
                    int nameStart = p;
                    while (p < e && isWord(b[p])) p++;
                    errnoName = names.get(b, nameStart, p);
                    errno = errno(errnoName);
                }
            } finally {
                e = saveE;
            }
        }
        if (p < end && b[p] != ' ') throw fail("unexpected text after the result");
        while (p < end && b[p] == ' ') p++;
        String note = null;
        if (p < end) { // "(Timeout)", "(No such file or directory)", "([{fd=3, revents=POLLIN}])"
            while (end > p && b[end - 1] == ' ') end--;
            if (b[p] != '(' || b[end - 1] != ')') throw fail("unexpected text after the result");
            note = text(p, end);
        }
        return new Call(atLine, pid, time, callName, args, result, resultFd, errno, errnoName, note, unknown, false, duration);
    }

    private static final Map<String, Integer> ERRNOS = new java.util.concurrent.ConcurrentHashMap<>();

    /** The number of an errno name; ERRNO_1234 (strace's name for an unknown one) → 1234; -1 if unknown. */
    private static int errno(String name) {
        Integer cached = ERRNOS.get(name);
        if (cached != null) return cached;
        int n = Errno.byName(name);
        if (n >= 0) {
            ERRNOS.put(name, n); // only names Errno knows: bounded
            return n;
        }
        if (name.startsWith("ERRNO_") && name.length() > 6 && name.length() < 12) {
            int v = 0;
            for (int i = 6; i < name.length(); i++) {
                char c = name.charAt(i);
                if (c < '0' || c > '9') return -1;
                v = v * 10 + (c - '0');
            }
            return v;
        }
        return -1;
    }

    // ---------------------------------------------------------------- arguments

    private StraceArg[] stack = new StraceArg[64];
    private int top;

    /**
     * Arguments up to the closing ')'. {@code partial}: the text may end before it (a call's
     * start): the end of the line closes the list, and an argument cut short is a {@link Raw}.
     */
    private List<StraceArg> argList(boolean partial) throws StraceParseException {
        int base = top;
        try {
            skipSpaces();
            if (p < e && b[p] == ')') {
                p++;
                return List.of();
            }
            while (true) {
                skipSpaces();
                if (partial && p >= e) break;
                int start = p;
                StraceArg a;
                try {
                    a = value();
                } catch (StraceParseException ex) {
                    if (!partial) throw ex;
                    a = new Raw(text(start, e).strip());
                    p = e;
                }
                push(a);
                skipSpaces();
                if (p >= e) {
                    if (partial) break;
                    throw fail("expected ',' or ')' but the line ended");
                }
                if (b[p] == ',') {
                    p++;
                } else if (b[p] == ')') {
                    p++;
                    break;
                } else {
                    throw fail("expected ',' or ')'");
                }
            }
            return list(base);
        } finally {
            top = base;
        }
    }

    private void push(StraceArg a) {
        if (top == stack.length) stack = Arrays.copyOf(stack, top * 2);
        stack[top++] = a;
    }

    /** stack[base, top) as an immutable list (List.of's fixed-arity forms copy no array). */
    private List<StraceArg> list(int base) {
        StraceArg[] a = stack;
        int i = base;
        return switch (top - base) {
            case 0 -> List.of();
            case 1 -> List.of(a[i]);
            case 2 -> List.of(a[i], a[i + 1]);
            case 3 -> List.of(a[i], a[i + 1], a[i + 2]);
            case 4 -> List.of(a[i], a[i + 1], a[i + 2], a[i + 3]);
            case 5 -> List.of(a[i], a[i + 1], a[i + 2], a[i + 3], a[i + 4]);
            case 6 -> List.of(a[i], a[i + 1], a[i + 2], a[i + 3], a[i + 4], a[i + 5]);
            default -> List.of(Arrays.copyOfRange(a, base, top));
        };
    }

    /** How deep arrays, named values and {@code =>} may nest: strace's own stay under 10. */
    private static final int MAX_DEPTH = 200;
    private int nesting;

    /** One value, up to a ',' or a closing bracket at its level. */
    private StraceArg value() throws StraceParseException {
        if (nesting == MAX_DEPTH) throw fail("values nested more than " + MAX_DEPTH + " deep");
        nesting++;
        try {
            return value0();
        } finally {
            nesting--;
        }
    }

    private StraceArg value0() throws StraceParseException {
        skipSpaces();
        int start = p;
        StraceArg v = p < e ? primary() : null;
        if (v != null) {
            skipSpaces();
            if (p + 1 < e && b[p] == '/' && b[p + 1] == '*') {
                int c = p + 2;
                skipComment();
                int ce = p - 2;
                v = new Commented(v, text(c, ce).strip());
                skipSpaces();
            }
            if (p + 1 < e && b[p] == '=' && b[p + 1] == '>') {
                p += 2;
                return new InOut(v, value());
            }
            if (atValueEnd()) return v;
        }
        p = start;
        skipRaw();
        if (p == start) throw fail("expected a value");
        int end = p;
        while (end > start && b[end - 1] == ' ') end--;
        return new Raw(text(start, end));
    }

    private boolean atValueEnd() {
        if (p >= e) return true;
        byte c = b[p];
        return c == ',' || c == ')' || c == ']' || c == '}';
    }

    /** A value of a known form at p, or null (the caller then takes it as {@link Raw}). */
    private StraceArg primary() throws StraceParseException {
        byte c = b[p];
        if (c == '"') return string();
        if (c == '[') return array();
        if (c == '{') {
            int start = p;
            skipGroup();
            return new Struct(text(start, p));
        }
        if (c == '-' || isDigit(c)) {
            int start = p;
            Num n = number();
            if (n == null) return null;
            if (p < e && b[p] == '<' && (p + 1 >= e || b[p + 1] != '<')) {
                if (n.value() < Integer.MIN_VALUE || n.value() > Integer.MAX_VALUE) return null;
                return decoration((int) n.value());
            }
            if (p < e && b[p] == '|') return flagsFrom(start);
            return n;
        }
        if (isWord(c)) {
            int start = p;
            while (p < e && isWord(b[p])) p++;
            if (p < e && b[p] == '=' && (p + 1 >= e || b[p + 1] != '>' && b[p + 1] != '=')) {
                String n = names.get(b, start, p);
                p++;
                if (p >= e || atValueEnd()) return null;
                return new Named(n, value());
            }
            if (p < e && b[p] == '<' && p - start == 8 && startsWith(start, "AT_FDCWD")) {
                return decoration(Fd.AT_FDCWD);
            }
            if (p - start == 8 && startsWith(start, "AT_FDCWD") && (p >= e || b[p] != '|')) {
                return new Fd(Fd.AT_FDCWD, null, null, false);
            }
            return flagsFrom(start);
        }
        return null;
    }

    /** {@code A|B|0x10} from start: names and numbers joined by '|'; null if more follows. */
    private StraceArg flagsFrom(int start) throws StraceParseException {
        p = start;
        while (true) {
            int t = p;
            if (p < e && isDigit(b[p])) {
                if (number() == null) return null;
            } else {
                while (p < e && isWord(b[p])) p++;
            }
            if (p == t) return null;
            if (p < e && b[p] == '|') {
                p++;
                continue;
            }
            break;
        }
        int end = p;
        skipSpaces();
        if (!atValueEnd() && !(p + 1 < e && (b[p] == '/' && b[p + 1] == '*' || b[p] == '=' && b[p + 1] == '>'))) return null;
        return flags.get(b, start, end);
    }

    /**
     * An integer: decimal, {@code -}decimal, {@code 0x}hex or {@code 0}octal, up to 2^64-1; null
     * (p unchanged) when the text there is not one, or is one followed by a letter or digit.
     */
    private Num number() {
        int start = p;
        boolean neg = false;
        int i = p;
        if (i < e && b[i] == '-') {
            neg = true;
            i++;
        }
        if (i >= e || !isDigit(b[i])) return null;
        long v = 0;
        int ds = i;
        if (b[i] == '0' && i + 1 < e && (b[i + 1] == 'x' || b[i + 1] == 'X')) {
            i += 2;
            ds = i;
            while (i < e) {
                int d = hex(b[i]);
                if (d < 0) break;
                if (i - ds == 16) return null;
                v = v << 4 | d;
                i++;
            }
        } else if (b[i] == '0' && i + 1 < e && isDigit(b[i + 1])) {
            i++;
            ds = i;
            while (i < e && b[i] >= '0' && b[i] <= '7') {
                if (i - ds == 22 || (v >>> 61) != 0) return null;
                v = v << 3 | (b[i] - '0');
                i++;
            }
        } else {
            while (i < e && isDigit(b[i])) {
                int d = b[i] - '0';
                if (i - ds >= 18 && !fitsUnsigned(v, d)) return null; // 18 digits always fit
                v = v * 10 + d;
                i++;
            }
        }
        if (i == ds || i < e && (isWord(b[i]))) return null;
        if (neg && v < 0) return null;
        p = i;
        if (neg) v = -v;
        return v >= -128 && v < SMALL.length - 128 ? SMALL[(int) v + 128] : new Num(v);
    }

    /** Whether v * 10 + d fits in an unsigned 64-bit integer. */
    private static boolean fitsUnsigned(long v, int d) {
        long max = -1L; // 2^64-1
        long q = Long.divideUnsigned(max, 10);
        if (Long.compareUnsigned(v, q) < 0) return true;
        return v == q && d <= Long.remainderUnsigned(max, 10);
    }

    /**
     * A string literal at p: its bytes (escapes decoded) as a String; then {@code ...} when strace
     * cut it.
     */
    private Str string() throws StraceParseException {
        int i = p + 1;
        byte[] bb = b;
        int lim = e;
        while (i < lim) {
            byte c = bb[i];
            if (c == '"' || c == '\\' || c < 0) break;
            i++;
        }
        String value;
        if (i < lim && bb[i] == '"') { // plain ASCII, no escapes
            value = new String(bb, p + 1, i - p - 1, StandardCharsets.ISO_8859_1);
            p = i + 1;
        } else {
            int n = unescape(p + 1, '"');
            value = ByteStrings.decode(Arrays.copyOf(bytes, n));
        }
        boolean truncated = p + 2 < e && b[p] == '.' && b[p + 1] == '.' && b[p + 2] == '.';
        if (truncated) p += 3;
        return new Str(value, truncated);
    }

    /**
     * Decodes the C-escaped bytes from {@code from} up to the unescaped {@code close} into
     * {@link #bytes}; p ends after {@code close}. Returns the byte count.
     */
    private int unescape(int from, char close) throws StraceParseException {
        int i = from, n = 0;
        while (true) {
            if (i >= e) throw fail(close == '"' ? "unterminated string" : "unterminated decoration");
            byte c = b[i];
            if (c == close) break;
            if (n + 1 >= bytes.length) bytes = Arrays.copyOf(bytes, bytes.length * 2);
            if (c != '\\') {
                bytes[n++] = c;
                i++;
                continue;
            }
            if (++i >= e) throw fail("unterminated escape");
            byte x = b[i++];
            int v;
            switch (x) {
                case 'n' -> v = '\n';
                case 't' -> v = '\t';
                case 'r' -> v = '\r';
                case 'v' -> v = 0x0b;
                case 'f' -> v = '\f';
                case 'a' -> v = 0x07;
                case 'b' -> v = '\b';
                case 'e' -> v = 0x1b;
                case '\\', '"', '\'', '?' -> v = x;
                case 'x' -> {
                    int h1 = i < e ? hex(b[i]) : -1;
                    if (h1 < 0) throw fail("bad \\x escape");
                    i++;
                    v = h1;
                    int h2 = i < e ? hex(b[i]) : -1;
                    if (h2 >= 0) {
                        v = v << 4 | h2;
                        i++;
                    }
                }
                default -> {
                    if (x < '0' || x > '7') throw fail("bad escape \\" + (char) (x & 0xff));
                    v = x - '0';
                    for (int k = 0; k < 2 && i < e && b[i] >= '0' && b[i] <= '7'; k++) v = v << 3 | (b[i++] - '0');
                    if (v > 0xff) throw fail("octal escape above \\377");
                }
            }
            bytes[n++] = (byte) v;
        }
        p = i + 1;
        return n;
    }

    /** An array at p: {@code [a, b, ...]}; null when an element is not a value. */
    private StraceArg array() throws StraceParseException {
        p++;
        int base = top;
        try {
            boolean truncated = false;
            skipSpaces();
            if (p < e && b[p] == ']') {
                p++;
                return new Array(List.of(), false);
            }
            while (true) {
                skipSpaces();
                if (p + 2 < e && b[p] == '.' && b[p + 1] == '.' && b[p + 2] == '.') {
                    int save = p;
                    p += 3;
                    skipSpaces();
                    if (p < e && b[p] == ']') {
                        truncated = true;
                        p++;
                        break;
                    }
                    p = save;
                }
                push(value());
                skipSpaces();
                if (p >= e) return null;
                if (b[p] == ',') {
                    p++;
                } else if (b[p] == ']') {
                    p++;
                    break;
                } else {
                    return null;
                }
            }
            return new Array(list(base), truncated);
        } finally {
            top = base;
        }
    }

    /**
     * The {@code -y} decoration at p (on '<') of {@code fd}, and a following {@code (deleted)}.
     * A path's own '<' and '>' are escaped by strace, so its first raw '>' ends it; a raw '<'
     * starts {@code -yy}'s device suffix ({@code /dev/null<char 1:3>}). Other decorations
     * ({@code TCP:[1.2.3.4:5->6.7.8.9:10]}) may hold '>' inside their brackets.
     */
    private Fd decoration(int fd) throws StraceParseException {
        int start = ++p;
        String path, device = null;
        if (p < e && b[p] == '/') {
            int i = p;
            boolean plain = true;
            while (i < e && b[i] != '>' && b[i] != '<') {
                if (b[i] == '\\') {
                    plain = false;
                    i++;
                } else if (b[i] < 0) {
                    plain = false;
                }
                i++;
            }
            if (i >= e) throw fail("unterminated decoration");
            int pathEnd = i;
            path = plain ? new String(b, start, pathEnd - start, StandardCharsets.ISO_8859_1) : decode(start, pathEnd);
            if (b[i] == '<') {
                int ds = i + 1;
                while (i < e && b[i] != '>') i++;
                if (i + 1 >= e || b[i + 1] != '>') throw fail("unterminated device decoration");
                device = text(ds, i);
                i++;
            }
            p = i + 1;
        } else {
            int i = p, depth = 0;
            boolean plain = true;
            while (true) {
                if (i >= e) throw fail("unterminated decoration");
                byte c = b[i];
                if (c == '>' && depth == 0) break;
                if (c == '[') depth++;
                else if (c == ']' && depth > 0) depth--;
                else if (c == '\\') {
                    plain = false;
                    i++;
                } else if (c == '"') {
                    i++;
                    while (i < e && b[i] != '"') i += b[i] == '\\' ? 2 : 1;
                } else if (c < 0) {
                    plain = false;
                }
                i++;
            }
            path = plain ? text(start, i) : decode(start, i);
            p = i + 1;
        }
        boolean deleted = p + 8 < e && b[p] == '(' && startsWith("(deleted)");
        if (deleted) p += 9;
        return new Fd(fd, path, device, deleted);
    }

    /** b[from, to) with escapes decoded, as a ByteStrings string. */
    private String decode(int from, int to) throws StraceParseException {
        int saveE = e, saveP = p;
        if (to >= saveE) throw fail("unterminated decoration");
        byte close = b[to];
        e = to + 1;
        try {
            int n = unescape(from, (char) close);
            return ByteStrings.decode(Arrays.copyOf(bytes, n));
        } finally {
            e = saveE;
            p = saveP;
        }
    }

    // ---------------------------------------------------------------- skipping

    private byte[] closers = new byte[32];

    /** From an opening bracket at p to after its match; strings, comments and decorations skipped. */
    private void skipGroup() throws StraceParseException {
        int depth = 0;
        while (p < e) {
            byte c = b[p];
            if (c == '(' || c == '[' || c == '{') {
                if (depth == closers.length) closers = Arrays.copyOf(closers, depth * 2);
                closers[depth++] = (byte) (c == '(' ? ')' : c + 2); // '[' + 2 = ']', '{' + 2 = '}'
                p++;
            } else if (c == ')' || c == ']' || c == '}') {
                if (depth == 0 || closers[--depth] != c) throw fail("mismatched '" + (char) c + "'");
                p++;
                if (depth == 0) return;
            } else {
                skipOne();
            }
        }
        throw fail("unbalanced brackets");
    }

    /** Up to a ',' or closing bracket at this level (or the end). */
    private void skipRaw() throws StraceParseException {
        while (p < e) {
            byte c = b[p];
            if (c == ',' || c == ')' || c == ']' || c == '}') return;
            if (c == '(' || c == '[' || c == '{') skipGroup();
            else skipOne();
        }
    }

    /** One token that is not a bracket: a string, a comment, a decoration, or one byte. */
    private void skipOne() throws StraceParseException {
        byte c = b[p];
        if (c == '"') {
            int i = p + 1;
            while (i < e && b[i] != '"') i += b[i] == '\\' ? 2 : 1;
            if (i >= e) throw fail("unterminated string");
            p = i + 1;
        } else if (c == '/' && p + 1 < e && b[p + 1] == '*') {
            skipComment();
        } else if (c == '<' && p > s && isWord(b[p - 1]) && p + 1 < e && b[p + 1] != '<' && b[p + 1] != ' ' && b[p + 1] != '=') {
            decoration(0);
        } else {
            p++;
        }
    }

    private void skipComment() throws StraceParseException {
        int i = p + 2;
        while (i + 1 < e && !(b[i] == '*' && b[i + 1] == '/')) i++;
        if (i + 1 >= e) throw fail("unterminated comment");
        p = i + 2;
    }

    // ---------------------------------------------------------------- small helpers

    private void skipSpaces() {
        while (p < e && b[p] == ' ') p++;
    }

    private boolean startsWith(String t) {
        return startsWith(p, t);
    }

    private boolean startsWith(int at, String t) {
        if (e - at < t.length()) return false;
        for (int i = 0; i < t.length(); i++) if (b[at + i] != t.charAt(i)) return false;
        return true;
    }

    private boolean endsWith(byte[] t) {
        if (e - p < t.length) return false;
        for (int i = 0, at = e - t.length; i < t.length; i++) if (b[at + i] != t[i]) return false;
        return true;
    }

    private int lastIndexOf(byte[] t) {
        outer:
        for (int at = e - t.length; at >= p; at--) {
            for (int i = 0; i < t.length; i++) if (b[at + i] != t[i]) continue outer;
            return at;
        }
        return -1;
    }

    /** b[from, to) as a String (bytes decoded like ByteStrings). */
    private String text(int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] < 0) return ByteStrings.decode(Arrays.copyOfRange(b, from, to));
        }
        return new String(b, from, to - from, StandardCharsets.ISO_8859_1);
    }

    private StraceParseException fail(String reason) {
        if (b == null) return new StraceParseException(name, line, "", reason);
        int from = Math.max(0, Math.min(s, b.length)), to = Math.max(from, Math.min(e, b.length));
        return new StraceParseException(name, line, ByteStrings.decode(Arrays.copyOfRange(b, from, to)), reason);
    }

    private static boolean ascii(byte[] b, int at, String t) {
        for (int i = 0; i < t.length(); i++) if (b[at + i] != t.charAt(i)) return false;
        return true;
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isWord(byte c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_';
    }

    private static int hex(byte c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }
}
