package tot.strace;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tot.strace.StraceArg.Fd;
import tot.strace.StraceArg.Num;
import tot.strace.StraceArg.Raw;
import tot.strace.StraceRecord.LoggedCall;
import tot.linux.Errno;

/**
 * A syscall as strace prints it: {@code NAME(ARGS) = RESULT} (strace 4's sigreturn wrote an aside in
 * parentheses after the arguments, {@code sigreturn() (mask [CHLD]) = 0}: skipped), where RESULT is a number (with its
 * {@code -y}/{@code -Y} decoration), {@code -1 ENAME (text)}, {@code -1 (errno N)} for an error
 * strace cannot name, {@code ?} (maybe with the error that interrupted the call, or
 * {@code <unavailable>} when strace could not fetch it), then notes in parentheses
 * ({@code (Timeout)}, {@code (INJECTED)}), a comment ({@code --pidns-translation}) and
 * {@code -T}'s duration {@code <0.000123>}.
 */
final class CallParser {
    private final Cursor in;
    private final ValueParser values;
    private final Interner<String> names;
    /** The call being read ends with -T's duration (the result's text ends before the line does). */
    private boolean durationFollows;

    CallParser(Cursor in, ValueParser values, Interner<String> names) {
        this.in = in;
        this.values = values;
        this.names = names;
    }

    /**
     * What strace prints instead of a name when it could not read a call's registers (its task was
     * being killed, by a sibling's exit_group): {@code ???} since strace 6.1, {@code ????} before.
     */
    static final String UNREADABLE = "???";

    /** Whether {@code name} is strace's {@link #UNREADABLE}. */
    static boolean unreadable(String name) {
        return name.startsWith(UNREADABLE);
    }

    /** The note of a result strace could not read: {@code = ? <unavailable>}. */
    static final String UNAVAILABLE = "<unavailable>";

    /** The arguments of a call strace 4 could not read at its entry ({@code open(= ? <unavailable>}). */
    static final Raw UNREAD_ARGS = new Raw(UNAVAILABLE);

    /** Whether strace could not read {@code c} (its name or its arguments): what it did is unknown. */
    static boolean unreadable(LoggedCall c) {
        return unreadable(c.name()) || c.args().size() == 1 && c.args().get(0) == UNREAD_ARGS;
    }

    /** The syscall name at the cursor and its '(': returns the name's end; the cursor is after the '('. */
    int name() throws StraceParseException {
        int start = in.pos;
        in.pos = nameEnd(start);
        if (in.pos == start || Cursor.isDigit(in.bytes[start])) throw in.fail("expected a syscall name");
        if (!in.at('(')) throw in.fail("expected '(' after the syscall name");
        int end = in.pos;
        in.pos++;
        if (end - start > 64) throw in.fail("syscall name too long");
        return end;
    }

    /** Where the syscall name (a word, or strace's {@link #UNREADABLE}) starting at {@code start} ends; {@code start}: none. */
    int nameEnd(int start) {
        int i = start;
        byte[] b = in.bytes;
        if (i < in.end && b[i] == '?') {
            while (i < in.end && b[i] == '?' && i - start < 4) i++;
            return i - start >= 3 ? i : start;
        }
        while (i < in.end && Cursor.isWord(b[i])) i++;
        return i;
    }

    /** The arguments after the name's '(' at the cursor, then {@code = RESULT} to the line's end. */
    LoggedCall call(int atLine, int pid, long time, String callName) throws StraceParseException {
        // strace 4 (printleader) ends the line of a call whose entry it could not read right after
        // the '(': "????(= ? <unavailable>", "open(= ? <unavailable>"; no argument begins with '='
        List<StraceArg> args = in.startsWith("= ?") ? List.of(UNREAD_ARGS) : values.argList(false);
        long duration = -1;
        durationFollows = false;
        int end = in.end;
        byte[] b = in.bytes;
        if (b[end - 1] == '>') { // -T: " <0.000123>" ends the line; " <0>" with --syscall-times=s
            int i = end - 2;
            while (i > in.pos && (Cursor.isDigit(b[i]) || b[i] == '.')) i--;
            if (b[i] == '<' && b[i - 1] == ' ' && i < end - 2) {
                int save = in.pos;
                in.pos = i + 1;
                long sec = in.digits(12, "duration");
                long frac = in.fraction(); // none with --syscall-times=s
                if (in.pos != end - 1) throw in.fail("bad duration");
                duration = sec * 1_000_000_000L + frac;
                durationFollows = true;
                in.pos = save;
                end = i - 1;
                while (end > in.pos && b[end - 1] == ' ') end--;
            }
        }
        in.skipSpaces();
        if (in.at('(')) { // strace 4's aside after the arguments: "sigreturn() (mask [CHLD RT_1]) = 0"
            values.skip.group();
            in.skipSpaces();
        }
        if (in.pos + 1 >= end && !durationFollows) throw in.failUnclosed("expected \" = \" after the arguments");
        if (in.pos + 1 >= end || b[in.pos] != '=' || b[in.pos + 1] != ' ') throw in.fail("expected \" = \" after the arguments");
        in.pos += 2;
        while (in.pos < end && b[in.pos] == ' ') in.pos++;
        if (in.pos >= end) throw durationFollows ? in.fail("expected a result") : in.failUnclosed("expected a result");
        int saveEnd = in.end;
        in.end = end;
        try {
            return result(atLine, pid, time, callName, args, duration);
        } finally {
            in.end = saveEnd;
        }
    }

    private LoggedCall result(int atLine, int pid, long time, String callName, List<StraceArg> args, long duration) throws StraceParseException {
        long result = 0;
        boolean unknown = false;
        Fd resultFd = null;
        int errno = 0;
        String errnoName = null;
        if (in.peek() == '?') { // maybe with the error that interrupted it: "= ? ERESTARTNOHAND (…)"
            unknown = true;
            in.pos++;
            if (in.startsWith(" E")) {
                in.pos++;
                errnoName = errnoName();
                errno = errno(errnoName);
            }
        } else {
            int start = in.pos;
            Num n = values.number();
            if (n == null) throw in.fail("expected a result");
            result = n.value();
            if (in.at('<') && result >= 0 && result <= Integer.MAX_VALUE) resultFd = values.decorations.decoration((int) result);
            skipContext();
            if (in.bytes[start] == '-' && in.startsWith(" E")) {
                in.pos++;
                errnoName = errnoName();
                errno = errno(errnoName);
            }
        }
        if (!in.atEnd() && in.peek() != ' ') throw in.fail("unexpected text after the result");
        in.skipSpaces();
        if (in.startsWith("/*")) { // --pidns-translation: "= 12 /* 345 in strace's PID NS */"
            int start = in.pos;
            values.skip.comment();
            // a fork in a PID namespace returns the pid the child has there; the log's lines name it by the
            // pid the comment gives, strace's: that is the pid the child is known by
            long translated = translatedPid(in.text(start, in.pos));
            if (translated > 0 && errnoName == null && !unknown && StraceRecord.LoggedCall.spawns(callName)) result = translated;
            in.skipSpaces();
        }
        String note = null;
        if (unknown && in.startsWith(UNAVAILABLE)) {
            note = UNAVAILABLE; // the task went away before strace could read the result
            in.pos += 13;
            in.skipSpaces();
        }
        if (!in.atEnd()) { // "(Timeout)", "(No such file or directory)", "([{fd=3, revents=POLLIN}])", "(INJECTED)"
            int end = in.end;
            while (end > in.pos && in.bytes[end - 1] == ' ') end--;
            byte open = in.peek(), last = in.bytes[end - 1];
            if (note == null && !durationFollows && (open == '(' && last != ')' || open == '<' && last != '>')) {
                throw in.failUnclosed("unexpected text after the result"); // the line ended in "(No such fi", in -T's "<0.00"
            }
            if (note != null || in.peek() != '(') throw in.fail("unexpected text after the result");
            note = in.text(in.pos, end);
            if (errno == 0 && errnoName == null && result < 0) errno = errnoNumber(note);
        }
        return new LoggedCall(atLine, pid, time, callName, args, result, resultFd, errno, errnoName, note, unknown, false, duration);
    }

    private static final java.util.regex.Pattern PIDNS = java.util.regex.Pattern.compile("/\\* ([1-9][0-9]{0,9}) in strace's PID NS \\*/");

    /** The pid of {@code --pidns-translation}'s comment {@code /* 345 in strace's PID NS *}{@code /}, else -1. */
    private static long translatedPid(String comment) {
        java.util.regex.Matcher m = PIDNS.matcher(comment);
        if (!m.matches()) return -1;
        long pid = Long.parseLong(m.group(1));
        return pid <= Integer.MAX_VALUE ? pid : -1;
    }

    /** {@code --secontext}'s {@code  [context]} of a returned fd or created file: skipped. */
    private void skipContext() {
        if (!in.startsWith(" [")) return;
        int i = in.pos + 2;
        while (i < in.end && in.bytes[i] != ']' && in.bytes[i] != ' ') i += in.bytes[i] == '\\' ? 2 : 1;
        if (i < in.end && in.bytes[i] == ']' && i > in.pos + 2) in.pos = i + 1;
    }

    /** The error name at the cursor ({@code ENOENT}, {@code ERESTARTSYS}, {@code ERRNO_1234}). */
    private String errnoName() {
        int start = in.pos;
        while (in.pos < in.end && Cursor.isWord(in.bytes[in.pos])) in.pos++;
        return names.get(in.bytes, start, in.pos);
    }

    private static final Map<String, Integer> ERRNOS = new ConcurrentHashMap<>();

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
            int v = parseSmall(name, 6, name.length());
            if (v > 0) return v;
        }
        return -1;
    }

    /** The largest error number the kernel returns (MAX_ERRNO): a result from -4095 to -1 is an error. */
    private static final int MAX_ERRNO = 4095;

    /**
     * {@code (errno 1234)}, what strace prints for an error it has no name for: 1234; a number the kernel
     * cannot return as an error (above {@link #MAX_ERRNO}: strace 6.8 printed {@code = -1 (errno
     * 18446744073709551595)} for a thread's exec seen from its leader) is an unknown error, -1; not that note: 0.
     */
    private static int errnoNumber(String note) {
        if (!note.startsWith("(errno ") || note.length() < 9 || note.length() > 7 + 20 + 1 || !note.endsWith(")")) return 0;
        String digits = note.substring(7, note.length() - 1);
        if (!digits.chars().allMatch(c -> c >= '0' && c <= '9')) return 0;
        if (digits.length() > 4) return -1;
        int n = Integer.parseInt(digits);
        return n >= 1 && n <= MAX_ERRNO ? n : -1;
    }

    /** The decimal digits of {@code s[from, to)}, or -1. */
    private static int parseSmall(String s, int from, int to) {
        if (from >= to) return -1;
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') return -1;
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /**
     * A call's start as printed before {@code <unfinished ...>} (or {@code <detached ...>}), in
     * {@code text[from, to)} from its name on: the arguments that parse, the rest as one
     * {@link Raw}; never fails (the name and '(' were checked when it was read). The cursor is
     * left as it was.
     */
    LoggedCall partial(int atLine, int pid, long time, String callName, byte[] text, int from, int to) {
        byte[] saveBytes = in.bytes;
        int saveStart = in.lineStart, saveEnd = in.end, savePos = in.pos, saveLine = in.lineNumber;
        long saveLength = in.lineLength;
        in.reset(text, from, to, atLine);
        while (in.pos < in.end && in.bytes[in.pos] != '(') in.pos++;
        in.pos = Math.min(in.pos + 1, in.end);
        int argsStart = in.pos;
        List<StraceArg> args;
        try {
            args = values.argList(true);
        } catch (StraceParseException ex) {
            String rest = in.text(argsStart, in.end).strip();
            args = rest.isEmpty() ? List.of() : List.of(new Raw(rest));
        } finally {
            in.reset(saveBytes, saveStart, saveEnd, saveLine);
            in.pos = savePos;
            in.lineLength = saveLength;
        }
        return new LoggedCall(atLine, pid, time, callName, args, 0, null, 0, null, null, true, true, -1);
    }
}
