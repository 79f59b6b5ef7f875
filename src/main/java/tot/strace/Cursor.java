package tot.strace;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import tot.util.ByteStrings;
import tot.util.SafeText;

/**
 * The line being parsed, {@code bytes[lineStart, end)}, and the position {@code pos} the
 * grammar has reached in it. The parsers of one log share one cursor; each may narrow
 * {@code end} for a while (a result before its {@code -T} duration) and must restore it. Every
 * malformed input ends in {@link #fail}, which names the file, the line and the reason.
 */
final class Cursor {
    final String file;
    byte[] bytes;
    int lineStart, end, pos;
    /** The 1-based line the text began on (a joined call: the line of its end). */
    int lineNumber;
    /** The length in bytes of the line as read, for messages when only its start was kept. */
    long lineLength;

    Cursor(String file) {
        this.file = file;
    }

    /** Parses {@code bytes[from, to)} from now on, as line {@code lineNumber}. */
    void reset(byte[] bytes, int from, int to, int lineNumber) {
        this.bytes = bytes;
        this.lineStart = from;
        this.end = to;
        this.pos = from;
        this.lineNumber = lineNumber;
        this.lineLength = to - from;
    }

    boolean atEnd() {
        return pos >= end;
    }

    /** The byte at {@code pos}; the caller has checked {@link #atEnd}. */
    byte peek() {
        return bytes[pos];
    }

    boolean at(char c) {
        return pos < end && bytes[pos] == c;
    }

    void skipSpaces() {
        while (pos < end && bytes[pos] == ' ') pos++;
    }

    boolean startsWith(String t) {
        return startsWith(pos, t);
    }

    boolean startsWith(int at, String t) {
        if (end - at < t.length()) return false;
        for (int i = 0; i < t.length(); i++) if (bytes[at + i] != t.charAt(i)) return false;
        return true;
    }

    boolean endsWith(byte[] t) {
        if (end - pos < t.length) return false;
        for (int i = 0, at = end - t.length; i < t.length; i++) if (bytes[at + i] != t[i]) return false;
        return true;
    }

    /** Where {@code t} first starts in {@code [pos, end)}, else -1. */
    int indexOf(byte[] t) {
        outer:
        for (int at = pos; at <= end - t.length; at++) {
            for (int i = 0; i < t.length; i++) if (bytes[at + i] != t[i]) continue outer;
            return at;
        }
        return -1;
    }

    /** Where {@code t} last starts in {@code [pos, end)}, else -1. */
    int lastIndexOf(byte[] t) {
        outer:
        for (int at = end - t.length; at >= pos; at--) {
            for (int i = 0; i < t.length; i++) if (bytes[at + i] != t[i]) continue outer;
            return at;
        }
        return -1;
    }

    /** 1 to {@code max} decimal digits at {@code pos}. */
    long digits(int max, String what) throws StraceParseException {
        int start = pos;
        long v = 0;
        while (pos < end && isDigit(bytes[pos])) {
            if (pos - start == max) throw fail(what + ": too many digits");
            v = v * 10 + (bytes[pos++] - '0');
        }
        if (pos == start) throw fail("expected digits (" + what + ")");
        return v;
    }

    /** An optional {@code .ddd} (1 to 9 digits) at {@code pos}, as nanoseconds. */
    long fraction() throws StraceParseException {
        if (pos >= end || bytes[pos] != '.') return 0;
        pos++;
        int start = pos;
        long v = digits(9, "fraction");
        for (int n = pos - start; n < 9; n++) v *= 10;
        return v;
    }

    /** A pid at {@code pos}: decimal digits that fit in an int. */
    int pid() throws StraceParseException {
        int start = pos;
        long v = 0;
        while (pos < end && isDigit(bytes[pos])) {
            v = v * 10 + (bytes[pos++] - '0');
            if (pos - start > 10) throw fail("pid too long");
        }
        if (pos == start || v > Integer.MAX_VALUE) throw fail("expected a pid");
        return (int) v;
    }

    /** {@code bytes[from, to)} as a String (bytes decoded like ByteStrings). */
    String text(int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] < 0) return ByteStrings.decode(Arrays.copyOfRange(bytes, from, to));
        }
        return new String(bytes, from, to - from, StandardCharsets.ISO_8859_1);
    }

    /** The error "{@code file:line: reason}" about the current line, which it quotes (its start, when long). */
    StraceParseException fail(String reason) {
        if (bytes == null) return new StraceParseException(file, lineNumber, new byte[0], 0, reason);
        int from = Math.max(0, Math.min(lineStart, bytes.length)), to = Math.max(from, Math.min(end, bytes.length));
        byte[] kept = Arrays.copyOfRange(bytes, from, Math.min(to, from + StraceParseException.KEPT));
        return new StraceParseException(file, lineNumber, kept, Math.max(lineLength, to - from), reason);
    }

    /**
     * {@link #fail} for a line that ended before what it opened was closed (a string, brackets, the
     * argument list, {@code +++ … +++}): a beginning of a line strace writes
     * ({@link StraceParseException#lineEnded}).
     */
    StraceParseException failUnclosed(String reason) {
        pos = end;
        StraceParseException e = fail(reason);
        e.lineEnded = true;
        return e;
    }

    /** Input named in a reason ({@code <... NAME resumed>}): escaped and cut, like the line. */
    static String quoted(byte[] b, int from, int to) {
        return SafeText.quote(b, from, to, to - from);
    }

    static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    static boolean isWord(byte c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_';
    }

    static int hex(byte c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }
}
