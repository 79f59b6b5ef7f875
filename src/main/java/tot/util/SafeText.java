package tot.util;

import java.util.Arrays;

/**
 * Text from an input file or a command line made safe to print in a one-line message: control
 * characters (C0, DEL, C1), bidirectional overrides and line separators are escaped, bytes that are
 * not valid UTF-8 shown as {@code \xNN}, and quoted input is cut to {@link #LIMIT} characters,
 * saying how long it was. A message built from it cannot move the cursor, recolour the terminal or
 * span lines, and stays short however long the offending input is.
 */
public final class SafeText {
    private SafeText() {}

    /** How many characters of quoted input a message keeps. */
    public static final int LIMIT = 200;

    /**
     * {@code b[from, to)} (bytes decoded like {@link ByteStrings#decode}), escaped and cut to
     * {@link #LIMIT} characters; {@code length}: how many bytes the input had in all (more than
     * {@code to - from} when only its start was kept).
     */
    public static String quote(byte[] b, int from, int to, long length) {
        int keep = Math.min(to, from + LIMIT * 4); // a character is at most 4 bytes
        String text = ByteStrings.decode(Arrays.copyOfRange(b, from, Math.max(from, keep)));
        return cut(text, keep == to && length == to - from, length + " bytes");
    }

    /** {@code s} escaped and cut to {@link #LIMIT} characters (saying how long it was). */
    public static String quote(String s) {
        return cut(s, true, s.length() + " characters");
    }

    /** {@code s} escaped, whole: for names (files, keys) that are short by nature. */
    public static String escape(String s) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            int next = i + Character.charCount(c);
            if (unsafe(c)) {
                if (sb == null) sb = new StringBuilder(s.length() + 16).append(s, 0, i);
                append(sb, c);
            } else if (sb != null) {
                sb.append(s, i, next);
            }
            i = next;
        }
        return sb == null ? s : sb.toString();
    }

    private static String cut(String text, boolean whole, String size) {
        if (whole && text.length() <= LIMIT) return escape(text);
        int end = Math.min(LIMIT, text.length());
        if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) end--; // not half a pair
        return escape(text.substring(0, end)) + "... (" + size + " in all)";
    }

    /** C0, DEL or C1 (0x9b is a CSI on some terminals): what any text tot writes for a terminal or JSON escapes. */
    public static boolean isControl(int c) {
        return c < 0x20 || c >= 0x7f && c <= 0x9f;
    }

    private static boolean unsafe(int c) {
        return isControl(c)
                || c >= 0x202a && c <= 0x202e || c >= 0x2066 && c <= 0x2069 // bidirectional overrides
                || c == 0x2028 || c == 0x2029 // line and paragraph separators
                || c >= 0xd800 && c <= 0xdfff; // a byte that was not UTF-8 (ByteStrings), or half a pair
    }

    private static void append(StringBuilder sb, int c) {
        switch (c) {
            case '\n' -> sb.append("\\n");
            case '\t' -> sb.append("\\t");
            case '\r' -> sb.append("\\r");
            default -> {
                if (c >= 0xdc80 && c <= 0xdcff) sb.append(String.format("\\x%02x", c - 0xdc00));
                else if (c < 0x100) sb.append(String.format("\\x%02x", (int) c));
                else sb.append(String.format("\\u%04x", (int) c));
            }
        }
    }
}
