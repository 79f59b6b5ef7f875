package tot.util;

/**
 * Minimal JSON output. Strings are written as JSON string literals; the lone surrogates that
 * {@link ByteStrings} uses for non-UTF-8 bytes come out as backslash-u-dcXX escapes, so every
 * byte of a path or argument survives the round trip.
 */
public final class Json {
    private Json() {}

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** {@code s} as a JSON string literal; null as {@code null}. */
    public static StringBuilder quote(StringBuilder sb, String s) {
        if (s == null) return sb.append("null");
        int plain = 0; // printable ASCII other than the quote and the backslash: as it is, in one piece
        for (char c; plain < s.length() && (c = s.charAt(plain)) >= 0x20 && c < 0x7f && c != '"' && c != '\\'; plain++) {}
        sb.append('"').append(s, 0, plain);
        for (int i = plain; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    boolean loneSurrogate = Character.isSurrogate(c) && !(Character.isHighSurrogate(c)
                            && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1)));
                    // C1 too: U+009B is a CSI to a UTF-8 terminal, which `-o -`/`-d -` may write to
                    if (SafeText.isControl(c) || c == 0x2028 || c == 0x2029 || loneSurrogate) unicodeEscape(sb, c);
                    else if (Character.isHighSurrogate(c)) sb.append(c).append(s.charAt(++i));
                    else sb.append(c);
                }
            }
        }
        return sb.append('"');
    }

    private static void unicodeEscape(StringBuilder sb, char c) {
        sb.append("\\u").append(HEX[c >> 12 & 15]).append(HEX[c >> 8 & 15]).append(HEX[c >> 4 & 15]).append(HEX[c & 15]);
    }

    /** An fd table as a JSON object in fd order: {@code {"0":"/dev/null"}}, or {@code {"0": "/dev/null"}} when {@code spaced}. */
    public static StringBuilder fds(StringBuilder sb, java.util.SortedMap<Integer, String> fds, boolean spaced) {
        sb.append('{');
        boolean first = true;
        for (var fd : fds.entrySet()) {
            if (!first) sb.append(spaced ? ", " : ",");
            first = false;
            quote(sb.append('"').append(fd.getKey()).append(spaced ? "\": " : "\":"), fd.getValue());
        }
        return sb.append('}');
    }

    public static StringBuilder array(StringBuilder sb, Iterable<String> items) {
        return array(sb, items, s -> true);
    }

    /** The items {@code keep} accepts, as a JSON array. */
    public static StringBuilder array(StringBuilder sb, Iterable<String> items, java.util.function.Predicate<String> keep) {
        sb.append('[');
        boolean first = true;
        for (String s : items) {
            if (!keep.test(s)) continue;
            if (!first) sb.append(',');
            first = false;
            quote(sb, s);
        }
        return sb.append(']');
    }
}
