package tot.strace;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import tot.strace.StraceArg.Str;
import tot.util.ByteStrings;

/**
 * strace's C-escaped text: string literals ({@code "a\"b\377"}, followed by {@code ...} when
 * strace cut them at its {@code -s} limit) and the escaped paths of decorations. Escapes are
 * decoded to bytes, and the bytes to a String like {@link ByteStrings#decode}.
 */
final class StringLiterals {
    private final Cursor in;
    /** Decoded bytes of the text being read. */
    private byte[] scratch = new byte[256];
    /** The length in bytes of the longest string strace cut: its {@code -s} limit. */
    int longestCut;

    StringLiterals(Cursor in) {
        this.in = in;
    }

    /** The string literal at the cursor (on its '"'), then {@code ...} when strace cut it. */
    Str string() throws StraceParseException {
        int open = in.pos, i = open + 1;
        byte[] b = in.bytes;
        int end = in.end;
        while (i < end) {
            byte c = b[i];
            if (c == '"' || c == '\\' || c < 0) break;
            i++;
        }
        String value;
        int length;
        if (i < end && b[i] == '"') { // plain ASCII, no escapes
            length = i - open - 1;
            value = new String(b, open + 1, length, StandardCharsets.ISO_8859_1);
            in.pos = i + 1;
        } else {
            length = unescape(open + 1, '"');
            value = ByteStrings.decode(Arrays.copyOf(scratch, length));
        }
        boolean cut = in.startsWith("...");
        if (cut) {
            in.pos += 3;
            if (length > longestCut) longestCut = length;
        }
        return new Str(value, cut);
    }

    /**
     * Decodes the C-escaped bytes from {@code from} up to the unescaped {@code close} into the
     * scratch buffer; the cursor ends after {@code close}. Returns the byte count.
     */
    private int unescape(int from, char close) throws StraceParseException {
        byte[] b = in.bytes;
        int i = from, n = 0, end = in.end;
        while (true) {
            if (i >= end) throw in.failUnclosed(close == '"' ? "unterminated string" : "unterminated decoration");
            byte c = b[i];
            if (c == close) break;
            if (n + 1 >= scratch.length) scratch = Arrays.copyOf(scratch, scratch.length * 2);
            if (c != '\\') {
                scratch[n++] = c;
                i++;
                continue;
            }
            if (++i >= end) throw in.failUnclosed("unterminated escape");
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
                    int h1 = i < end ? Cursor.hex(b[i]) : -1;
                    if (h1 < 0) throw in.fail("bad \\x escape");
                    i++;
                    v = h1;
                    int h2 = i < end ? Cursor.hex(b[i]) : -1;
                    if (h2 >= 0) {
                        v = v << 4 | h2;
                        i++;
                    }
                }
                default -> {
                    if (x < '0' || x > '7') throw in.fail("bad escape \\" + Cursor.quoted(b, i - 1, i));
                    v = x - '0';
                    for (int k = 0; k < 2 && i < end && b[i] >= '0' && b[i] <= '7'; k++) v = v << 3 | (b[i++] - '0');
                    if (v > 0xff) throw in.fail("octal escape above \\377");
                }
            }
            scratch[n++] = (byte) v;
        }
        in.pos = i + 1;
        return n;
    }

    /** {@code bytes[from, to)} with escapes decoded, as a String; {@code bytes[to]} closes it. The cursor does not move. */
    String decode(int from, int to) throws StraceParseException {
        int saveEnd = in.end, savePos = in.pos;
        if (to >= saveEnd) throw in.fail("unterminated decoration");
        char close = (char) in.bytes[to];
        in.end = to + 1;
        try {
            int n = unescape(from, close);
            return ByteStrings.decode(Arrays.copyOf(scratch, n));
        } finally {
            in.end = saveEnd;
            in.pos = savePos;
        }
    }
}
