package tot.strace;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;

/**
 * One log file, record by record: its lines ({@link LogLines}) through a {@link LineParser}. It
 * works on the bytes (a strace log is bytes; escapes are decoded to bytes and only then to a
 * String) and scans them by hand, one pass per line and no regular expressions; only the current
 * line and the calls still {@code <unfinished ...>} are held in memory.
 */
final class LogReader implements Closeable {
    final String name;
    private final LogLines lines;
    /**
     * The last line ended before strace's grammar did (strace stopped writing it: killed, or the
     * log copied while it ran), with or without its newline: skipped.
     */
    boolean cutLastLine;
    /** Such a line, held until the log shows whether it is the last (blank lines may follow), and whether one came after it. */
    private StraceParseException held;
    private boolean lineWaiting;
    private final Cursor cursor;
    final LogClock clock;
    final UnprefixedPids pids;
    final LineParser parser;
    private final ArrayDeque<StraceRecord> out = new ArrayDeque<>();
    private boolean finished;

    /** {@code latest}: the latest time of day read, shared by the files of a -ff set ({@link LogClock.Latest}). */
    LogReader(InputStream in, String name, StraceParser.Options options, int defaultPid, LogClock.Latest latest) {
        this.name = name;
        this.cursor = new Cursor(name);
        this.clock = new LogClock(options.date(), options.zone(), latest);
        this.pids = new UnprefixedPids(defaultPid);
        this.lines = new LogLines(new LineReader(in, name), pids::attachedDuringEvent);
        this.parser = new LineParser(cursor, clock, pids, out);
    }

    /**
     * The next record, or null at the end.
     *
     * @throws StraceParseException for a line strace would not print (consumed: the next call goes on after it)
     */
    StraceRecord next() throws IOException {
        while (out.isEmpty()) {
            if (!lineWaiting && !lines.next(cursor)) {
                if (held != null) cutLastLine = true;
                held = null;
                if (finished) return null;
                finished = true;
                parser.finish();
                continue;
            }
            lineWaiting = false;
            if (held != null && !cursor.atEnd()) { // not the last: a bad line; this one is parsed at the next call
                StraceParseException e = held;
                held = null;
                lineWaiting = true;
                throw goesOn() ? e.saying(" (line " + cursor.lineNumber + " goes on with this call: text that is no part of"
                        + " it was written into its middle, a program's output where strace wrote to the same terminal or"
                        + " file (trace with -o FILE), or strace -d's)") : e;
            }
            StraceParser.TimeBase before = clock.base;
            try {
                parser.parse();
            } catch (StraceParseException e) {
                clock.base = before; // a line strace would not print (a program's "169.254.0.0/16 …") says nothing of its times
                if (!e.lineEnded) throw e;
                held = e;
            }
        }
        return out.poll();
    }

    /**
     * Whether the line at the cursor is the rest of a call, as strace never begins a line: {@code ) = 3},
     * {@code , 0666) = 3}, {@code  <unfinished ...>} (a program's output cut strace's line in two).
     */
    private boolean goesOn() {
        if (cursor.atEnd()) return false;
        return cursor.peek() == ')' || cursor.startsWith(", ") || cursor.startsWith(" <unfinished ...>");
    }

    @Override
    public void close() throws IOException {
        lines.close();
    }
}
