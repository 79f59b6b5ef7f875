package tot.util;

/** Text for a terminal or a one-line record: control characters and raw bytes escaped. */
public final class Printable {
    private Printable() {}

    /**
     * {@code s} with control characters as \n, \t or \xNN, and the lone surrogates that stand for
     * bytes that are not UTF-8 ({@link ByteStrings}) as \xNN, so one record stays on one line.
     */
    public static String text(String s) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean control = c < 0x20 || c == 0x7f || (c >= 0xdc80 && c <= 0xdcff);
            if (control && sb == null) sb = new StringBuilder(s.substring(0, i));
            if (sb == null) continue;
            if (!control) sb.append(c);
            else if (c == '\n') sb.append("\\n");
            else if (c == '\t') sb.append("\\t");
            else sb.append(String.format("\\x%02x", c >= 0xdc80 ? c - 0xdc00 : c));
        }
        return sb == null ? s : sb.toString();
    }
}
