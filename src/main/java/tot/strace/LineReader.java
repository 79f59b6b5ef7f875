package tot.strace;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * The physical lines of one log, numbered from 1: {@code buffer[lineStart, lineEnd)}, without
 * the '\n' (a last line needs none). Only the current line is held; a line longer than
 * {@link #MAX_LINE} is an error (its start kept for the message), not an out-of-memory.
 */
final class LineReader implements Closeable {
    static final int MAX_LINE = 64 << 20;
    /** How much of an overlong line is kept for its error message. */
    private static final int OVERLONG_KEPT = 4096;

    private final InputStream in;
    private final String file;

    byte[] buffer = new byte[1 << 16];
    int lineStart, lineEnd;
    /** The number of the line in {@code buffer[lineStart, lineEnd)}: lines read so far. */
    int number;

    /** Bytes read and not yet handed out as lines: {@code buffer[unread, filled)}. */
    private int unread, filled;
    private boolean eof;

    LineReader(InputStream in, String file) {
        this.in = in;
        this.file = file;
    }

    /**
     * Moves to the next line; false at the end of the input.
     *
     * @throws StraceParseException for a line over {@link #MAX_LINE} (consumed: the next call goes on after it)
     */
    boolean next() throws IOException {
        int scanFrom = unread;
        long dropped = 0; // bytes of an overlong line left out of the buffer
        while (true) {
            int newline = indexOfNewline(scanFrom);
            if (newline >= 0 || eof) {
                if (newline < 0 && unread == filled && dropped == 0) return false;
                lineStart = unread;
                lineEnd = newline >= 0 ? newline : filled;
                unread = newline >= 0 ? newline + 1 : filled;
                number++;
                if (dropped > 0) {
                    byte[] kept = Arrays.copyOfRange(buffer, lineStart, Math.min(lineEnd, lineStart + OVERLONG_KEPT));
                    throw new StraceParseException(file, number, kept, dropped + lineEnd - lineStart,
                            "line longer than " + (MAX_LINE >> 20) + " MiB");
                }
                return true;
            }
            if (unread > 0) { // move the partial line to the front
                System.arraycopy(buffer, unread, buffer, 0, filled - unread);
                filled -= unread;
                unread = 0;
            }
            scanFrom = filled;
            if (filled == buffer.length) {
                if (buffer.length >= MAX_LINE) { // drop the middle of the line, keep its start for the message
                    dropped += filled - OVERLONG_KEPT;
                    filled = OVERLONG_KEPT;
                    scanFrom = OVERLONG_KEPT;
                } else {
                    buffer = Arrays.copyOf(buffer, Math.min(MAX_LINE, buffer.length * 2));
                }
            }
            int n = in.read(buffer, filled, buffer.length - filled);
            if (n < 0) eof = true;
            else filled += n;
        }
    }

    private int indexOfNewline(int from) {
        byte[] b = buffer;
        for (int i = from, lim = filled; i < lim; i++) if (b[i] == '\n') return i;
        return -1;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
