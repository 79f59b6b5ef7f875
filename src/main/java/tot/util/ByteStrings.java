package tot.util;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Lossless conversion between the bytes of a path or argument and a Java String: valid UTF-8 is
 * decoded as usual; every byte that is not part of valid UTF-8 becomes the lone surrogate
 * U+DC80..U+DCFF (Python's "surrogateescape"), and {@link #encode} turns it back into that byte.
 */
public final class ByteStrings {
    private ByteStrings() {}

    public static String decode(byte[] b) {
        int i = 0;
        while (i < b.length && b[i] >= 0) i++;
        if (i == b.length) return new String(b, StandardCharsets.ISO_8859_1); // ASCII fast path
        StringBuilder sb = new StringBuilder(b.length);
        for (int k = 0; k < i; k++) sb.append((char) b[k]);
        while (i < b.length) {
            int c = b[i] & 0xff;
            if (c < 0x80) { sb.append((char) c); i++; continue; }
            int n = c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : c >= 0xc2 ? 1 : -1;
            int cp = n == 3 ? c & 0x07 : n == 2 ? c & 0x0f : c & 0x1f;
            boolean ok = n > 0 && c <= 0xf4 && i + n < b.length;
            for (int k = 1; ok && k <= n; k++) {
                if (i + k >= b.length || (b[i + k] & 0xc0) != 0x80) ok = false;
                else cp = (cp << 6) | (b[i + k] & 0x3f);
            }
            if (ok) ok = !(n == 2 && cp < 0x800) && !(n == 3 && (cp < 0x10000 || cp > 0x10ffff))
                    && !(cp >= 0xd800 && cp <= 0xdfff);
            if (ok) { sb.appendCodePoint(cp); i += n + 1; }
            else { sb.append((char) (0xdc00 | c)); i++; }
        }
        return sb.toString();
    }

    public static byte[] encode(String s) {
        int i = 0;
        while (i < s.length() && s.charAt(i) < 0x80) i++;
        if (i == s.length()) return s.getBytes(StandardCharsets.ISO_8859_1);
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length() + 16);
        for (int k = 0; k < s.length(); ) {
            int cp = s.codePointAt(k);
            k += Character.charCount(cp);
            if (cp >= 0xdc80 && cp <= 0xdcff) out.write(cp & 0xff);
            else if (cp < 0x80) out.write(cp);
            else if (cp < 0x800) { out.write(0xc0 | cp >> 6); out.write(0x80 | cp & 0x3f); }
            else if (cp < 0x10000) { out.write(0xe0 | cp >> 12); out.write(0x80 | cp >> 6 & 0x3f); out.write(0x80 | cp & 0x3f); }
            else { out.write(0xf0 | cp >> 18); out.write(0x80 | cp >> 12 & 0x3f); out.write(0x80 | cp >> 6 & 0x3f); out.write(0x80 | cp & 0x3f); }
        }
        return out.toByteArray();
    }

    /** Whether the first {@code length} bytes of {@code b} begin with the ASCII text {@code prefix}. */
    public static boolean startsWith(byte[] b, int length, String prefix) {
        if (length < prefix.length()) return false;
        for (int i = 0; i < prefix.length(); i++) if (b[i] != prefix.charAt(i)) return false;
        return true;
    }

    /** Whether every byte of {@code s} was part of valid UTF-8 (no byte stands for itself). */
    public static boolean isUtf8(String s) {
        return s.codePoints().noneMatch(cp -> cp >= 0xdc80 && cp <= 0xdcff);
    }
}
