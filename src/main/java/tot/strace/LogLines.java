package tot.strace;

import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * The logical lines of a log: its physical lines without a trailing '\r' (a log that went through
 * CRLF hands) or trailing blanks (a pasted log gains them; strace ends no line with one), except that when strace printed its own message about a process in the middle of a
 * line, which it does when the log is its stderr, the two halves around the message are joined
 * again (empty lines between them dropped). The messages: {@code strace: Process N attached} and
 * {@code detached} (strace names itself as it was run: {@code /usr/bin/strace: Process N attached}); strace 4's the same without {@code strace: }; and strace 4.5–4.6's, around a
 * vfork, {@code Process N attached (waiting for parent)}, {@code Process N resumed (parent M
 * ready)}, {@code Process N suspended}, {@code Process N resumed}.
 */
final class LogLines implements Closeable {
    private final LineReader lines;
    private final IntConsumer attached;
    private byte[] joined = new byte[256];

    /** {@code attached}: told the pid of each {@code Process N attached} cut out of a line. */
    LogLines(LineReader lines, IntConsumer attached) {
        this.lines = lines;
        this.attached = attached;
    }

    /** Puts the next logical line in {@code into}; false at the end of the input. */
    boolean next(Cursor into) throws IOException {
        if (!lines.next()) return false;
        byte[] b = lines.buffer;
        int start = lines.lineStart, end = withoutBlanks(b, start, lines.lineEnd);
        int number = lines.number;
        int cut;
        while ((cut = messageCut(b, start, end)) > start) {
            int digitsEnd = pidEnd(b, start, end);
            if (b[digitsEnd + 1] == 'a') attached.accept(messagePid(b, digitsEnd));
            int head = cut - start;
            if (b != joined) {
                if (joined.length < head) joined = new byte[Math.max(head, joined.length * 2)];
                System.arraycopy(b, start, joined, 0, head);
            }
            b = joined;
            start = 0;
            end = head;
            if (!nextNonEmpty()) break;
            int tailEnd = withoutBlanks(lines.buffer, lines.lineStart, lines.lineEnd), tail = tailEnd - lines.lineStart;
            // strace 4 ended the line its message cut with " <unfinished ...>" on the next: a paste that lost the line's
            // leading blank (a line strace never begins so) gets it back
            if (startsWith(lines.buffer, lines.lineStart, tailEnd, UNFINISHED_UNBLANKED)) {
                if (joined.length < head + 1) joined = Arrays.copyOf(joined, Math.max(head + 1, joined.length * 2));
                joined[head++] = ' ';
            }
            if ((long) head + tail > LineReader.MAX_LINE) {
                into.reset(b, start, end, number);
                throw into.fail("line longer than " + (LineReader.MAX_LINE >> 20) + " MiB");
            }
            if (joined.length < head + tail) joined = Arrays.copyOf(joined, Math.max(head + tail, joined.length * 2));
            System.arraycopy(lines.buffer, lines.lineStart, joined, head, tail);
            b = joined;
            end = head + tail;
        }
        into.reset(b, start, end, number);
        return true;
    }

    private boolean nextNonEmpty() throws IOException {
        while (lines.next()) if (withoutBlanks(lines.buffer, lines.lineStart, lines.lineEnd) > lines.lineStart) return true;
        return false;
    }

    private static int withoutBlanks(byte[] b, int start, int end) {
        while (end > start && (b[end - 1] == '\r' || b[end - 1] == ' ' || b[end - 1] == '\t')) end--;
        return end;
    }

    private static final byte[] STRACE = "strace: ".getBytes(StandardCharsets.US_ASCII);
    private static final String UNFINISHED_UNBLANKED = "<unfinished ...>";
    private static final byte[] PROCESS = "Process ".getBytes(StandardCharsets.US_ASCII);
    /** What follows {@code Process N} in strace's messages, each ending a line (see the class comment). */
    private static final String[] TAILS = {" attached", " detached", " suspended", " resumed",
            " attached (waiting for parent)", " attached - interrupt to quit"};
    private static final String RESUMED_BY_PARENT = " resumed (parent ", READY = " ready)";

    /** Where strace's message about a process starts when it ends the line after other text, else -1. */
    static int messageCut(byte[] b, int start, int end) {
        int digitsEnd = pidEnd(b, start, end);
        if (digitsEnd < 0) return -1;
        int i = digitsEnd;
        while (i > start && Cursor.isDigit(b[i - 1])) i--;
        if (i == digitsEnd || i - start <= PROCESS.length || !matches(b, i - PROCESS.length, PROCESS)) return -1;
        int at = i - PROCESS.length;
        if (at - start >= STRACE.length && matches(b, at - STRACE.length, STRACE)) at = programDirectory(b, start, at - STRACE.length);
        return at;
    }

    /**
     * Where the program's name that ends with "strace" at {@code at} begins, its directory included: strace names itself
     * by the argv[0] it was run with ({@code /usr/bin/strace: Process N attached}, {@code ./strace: …}). Written into
     * the middle of a line, after strace's own text ({@code vfork(}, {@code …|SIGCHLD}), the directory begins at the
     * first '/', "./" or "../" of the run of path characters before it, but not at the end of strace's own text: a
     * comment's {@code *}{@code /} ({@code /* 3 vars *}{@code /}) or a cut string's {@code ...}; {@code at} when
     * there is none (plain {@code strace: }).
     */
    static int programDirectory(byte[] b, int start, int at) {
        int run = at;
        while (run > start && pathCharacter(b[run - 1])) run--;
        for (int i = run; i < at; i++) {
            byte before = i > start ? b[i - 1] : (byte) ' ';
            if (b[i] == '/' && before != '*') return i;
            boolean dots = b[i] == '.' && (i + 1 < at && b[i + 1] == '/' || i + 2 < at && b[i + 1] == '.' && b[i + 2] == '/');
            if (dots && before != '.') return i;
        }
        return at;
    }

    private static boolean pathCharacter(byte c) {
        return Cursor.isWord(c) || c == '/' || c == '.' || c == '-' || c == '+';
    }

    /** Where the N of a line ending with {@code Process N} and one of strace's tails ends, else -1. */
    private static int pidEnd(byte[] b, int start, int end) {
        for (String tail : TAILS) if (endsWith(b, start, end, tail)) return end - tail.length();
        if (!endsWith(b, start, end, READY)) return -1;
        int i = end - READY.length(), digits = i;
        while (i > start && Cursor.isDigit(b[i - 1])) i--;
        return i < digits && endsWith(b, start, i, RESUMED_BY_PARENT) ? i - RESUMED_BY_PARENT.length() : -1;
    }

    /** The N of {@code Process N} whose digits end at {@code digitsEnd} (see {@link #messageCut}). */
    private static int messagePid(byte[] b, int digitsEnd) {
        int i = digitsEnd;
        while (Cursor.isDigit(b[i - 1])) i--; // "Process " is before the digits
        long pid = 0;
        for (int k = i; k < digitsEnd; k++) pid = Math.min(pid * 10 + (b[k] - '0'), Integer.MAX_VALUE);
        return (int) pid;
    }

    private static boolean endsWith(byte[] b, int start, int end, String t) {
        return end - start >= t.length() && ascii(b, end - t.length(), t);
    }

    private static boolean startsWith(byte[] b, int start, int end, String t) {
        return end - start >= t.length() && ascii(b, start, t);
    }

    private static boolean matches(byte[] b, int at, byte[] t) {
        for (int k = 0; k < t.length; k++) if (b[at + k] != t[k]) return false;
        return true;
    }

    private static boolean ascii(byte[] b, int at, String t) {
        for (int i = 0; i < t.length(); i++) if (b[at + i] != t.charAt(i)) return false;
        return true;
    }

    @Override
    public void close() throws IOException {
        lines.close();
    }
}
