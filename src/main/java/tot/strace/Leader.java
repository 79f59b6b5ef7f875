package tot.strace;

/**
 * What strace prints before each event (its {@code printleader}), in this order, each optional:
 * <ol>
 *   <li>the task: {@code 1234 } (a log of {@code -f -o}), {@code [pid  1234] } (stderr), with
 *       {@code -Y} its command after the pid: {@code 1234<sh> }, {@code [pid 1234<sh>] };</li>
 *   <li>{@code --secontext}'s context of the task: {@code [unconfined_t] };</li>
 *   <li>the time: {@code 12:34:56.123456 } ({@code -t}/{@code -tt}), {@code 1700000000.123456 }
 *       ({@code -ttt}), {@code      0.000123 } ({@code -r}), {@code (+     0.000123) } after a
 *       {@code -t} time when both are given;</li>
 *   <li>{@code -n}'s syscall number, {@code [ 257] }, and {@code -i}'s instruction pointer,
 *       {@code [00007f4d6253bad7] }.</li>
 * </ol>
 * Only the pid and the time are kept.
 */
final class Leader {
    /** The pid of a line without one. */
    static final int NO_PID = -1;
    /** Linux's highest possible pid: a longer number starting a line is a time ({@code --timestamps=unix,s}). */
    private static final long PID_MAX_LIMIT = 4_194_304;
    /** -ttt seconds beyond this (year 2255) would overflow the nanoseconds. */
    private static final long MAX_SECONDS = 9_000_000_000L;

    private final Cursor in;
    private final LogClock clock;

    /** The line's pid, or {@link #NO_PID}. */
    int pid;
    /** The pid was stderr's {@code [pid N] }, not a log file's {@code N }. */
    boolean bracketed;
    /** The record time of the line's timestamp (see {@link LogClock}), or -1. */
    long time;

    Leader(Cursor in, LogClock clock) {
        this.in = in;
        this.clock = clock;
    }

    /** Reads the leader from the cursor's position; the cursor ends on the event's first byte. */
    void read() throws StraceParseException {
        pid = NO_PID;
        time = -1;
        bracketed = in.startsWith("[pid ");
        if (bracketed) {
            in.pos += 5;
            in.skipSpaces();
            pid = in.pid();
            command();
            if (!in.startsWith("] ")) throw in.fail("expected \"] \" after the pid");
            in.pos += 2;
        } else if (!in.atEnd() && Cursor.isDigit(in.peek()) && pidFollows()) {
            pid = in.pid();
            command();
            in.skipSpaces();
        }
        attributes();
        timestamp();
        attributes();
    }

    /** Whether the digits at the cursor are a pid: followed by a space or {@code -Y}'s {@code <}, and small enough. */
    private boolean pidFollows() {
        int i = in.pos;
        long v = 0;
        while (i < in.end && Cursor.isDigit(in.bytes[i]) && v <= PID_MAX_LIMIT) v = v * 10 + (in.bytes[i++] - '0');
        if (i >= in.end) return false;
        byte next = in.bytes[i];
        return next == '<' || next == ' ' && v <= PID_MAX_LIMIT;
    }

    /** {@code -Y}'s {@code <comm>} after a pid: skipped (strace escapes a '>' in it). */
    private void command() throws StraceParseException {
        if (!in.at('<')) return;
        int i = in.pos + 1;
        while (i < in.end && in.bytes[i] != '>') i += in.bytes[i] == '\\' ? 2 : 1;
        if (i >= in.end) throw in.fail("unterminated <command> after the pid");
        in.pos = i + 1;
    }

    /** {@code [...] } groups: a context, a syscall number, an instruction pointer. */
    private void attributes() throws StraceParseException {
        while (in.at('[') && !in.startsWith("[ Process PID=")) {
            int i = in.pos + 1;
            while (i < in.end && in.bytes[i] != ']') i += in.bytes[i] == '\\' ? 2 : 1;
            if (i + 1 >= in.end || in.bytes[i + 1] != ' ') throw in.fail("expected \"] \" after '[' before the event");
            in.pos = i + 2;
            in.skipSpaces();
        }
    }

    /** The time, if any: after the pid, or starting the line (padded with spaces by {@code -r}). */
    private void timestamp() throws StraceParseException {
        int start = in.pos;
        in.skipSpaces();
        if (in.atEnd() || !Cursor.isDigit(in.peek())) {
            in.pos = start;
            return;
        }
        long first = in.digits(12, "time");
        if (in.at(':')) {
            in.pos++;
            long min = in.digits(2, "time");
            if (!in.at(':')) throw in.fail("expected HH:MM:SS");
            in.pos++;
            long sec = in.digits(2, "time");
            if (first > 23 || min > 59 || sec > 60) throw in.fail("bad time of day");
            time = clock.timeOfDay(((first * 60 + min) * 60 + sec) * 1_000_000_000L + in.fraction());
        } else if (in.at('.') || in.at(' ')) {
            if (first > MAX_SECONDS) throw in.fail("time out of range");
            time = clock.seconds(first, in.fraction());
        } else if (in.atEnd()) { // strace's line ends after its pid only when it stopped writing (the log's last line)
            throw in.failUnclosed("a number alone on a line, which strace writes only when cut short after a pid (in the middle"
                    + " of a log, a program's output mixed into it)");
        } else {
            throw in.fail("expected a time or a pid");
        }
        if (!in.at(' ')) throw in.fail("expected a space after the time");
        in.skipSpaces();
        if (in.startsWith("(+")) { // -r beside -t: the time since the previous line, not kept
            int close = in.pos + 2;
            while (close < in.end && in.bytes[close] != ')') close++;
            if (close + 1 >= in.end || in.bytes[close + 1] != ' ') throw in.fail("expected \"(+ SECONDS) \" after the time");
            in.pos = close + 2;
            in.skipSpaces();
        }
    }
}
