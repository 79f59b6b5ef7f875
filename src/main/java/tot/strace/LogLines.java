package tot.strace;

import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * The logical lines of a log: its physical lines without a trailing '\r' (a log that went through
 * CRLF hands), except that when strace printed its own {@code strace: Process N attached} (or
 * strace 4's {@code Process N attached}, or {@code detached}) in the middle of a line, which it
 * does when the log is its stderr, the two halves around the message are joined again.
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
        int start = lines.lineStart, end = withoutCr(b, start, lines.lineEnd);
        int number = lines.number;
        int cut;
        while ((cut = messageCut(b, start, end)) > start) {
            if (b[end - 8] == 'a') attached.accept(messagePid(b, end));
            int head = cut - start;
            if (b != joined) {
                if (joined.length < head) joined = new byte[Math.max(head, joined.length * 2)];
                System.arraycopy(b, start, joined, 0, head);
            }
            b = joined;
            start = 0;
            end = head;
            if (!lines.next()) break;
            int tailEnd = withoutCr(lines.buffer, lines.lineStart, lines.lineEnd), tail = tailEnd - lines.lineStart;
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

    private static int withoutCr(byte[] b, int start, int end) {
        return end > start && b[end - 1] == '\r' ? end - 1 : end;
    }

    private static final byte[] STRACE = "strace: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PROCESS = "Process ".getBytes(StandardCharsets.US_ASCII);

    /**
     * Where "strace: Process N attached" (or detached; strace 4 leaves out "strace: ") starts when
     * it ends the line after other text, else -1.
     */
    static int messageCut(byte[] b, int start, int end) {
        if (end - start < 18 || b[end - 1] != 'd' || b[end - 2] != 'e' || b[end - 3] != 'h' || b[end - 9] != ' ') return -1;
        if (!ascii(b, end - 8, "attached") && !ascii(b, end - 8, "detached")) return -1;
        int i = end - 9; // the space before "attached"
        while (i > start && Cursor.isDigit(b[i - 1])) i--;
        if (i == end - 9 || i - start < PROCESS.length || !matches(b, i - PROCESS.length, PROCESS)) return -1;
        int at = i - PROCESS.length;
        if (at - start >= STRACE.length && matches(b, at - STRACE.length, STRACE)) at -= STRACE.length;
        return at;
    }

    /** The N of a line ending with "Process N attached" (see {@link #messageCut}). */
    private static int messagePid(byte[] b, int end) {
        int digitsEnd = end - 9, i = digitsEnd;
        while (Cursor.isDigit(b[i - 1])) i--; // "Process " is before the digits
        long pid = 0;
        for (int k = i; k < digitsEnd; k++) pid = Math.min(pid * 10 + (b[k] - '0'), Integer.MAX_VALUE);
        return (int) pid;
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
