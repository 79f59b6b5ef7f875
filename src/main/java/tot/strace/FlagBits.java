package tot.strace;

import static java.util.Map.entry;

import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * Flags as strace prints them, into their bits: names joined by '|' ({@code O_WRONLY|O_CREAT}),
 * numbers for bits it has no name for and for all of them with {@code -X raw}
 * ({@code 0x241}, {@code 0x1200000|17}), and with {@code -X verbose} both, the names in a comment
 * after each number ({@code 0x241 /* O_WRONLY|O_CREAT|O_TRUNC *}{@code /}): the numbers count.
 */
final class FlagBits {
    private FlagBits() {}

    /** The flags tot's rules ask about, by name (x86_64 and i386 share these values). */
    static final Map<String, Long> KNOWN = Map.ofEntries(
            entry("O_RDONLY", 0L), entry("O_WRONLY", 1L), entry("O_RDWR", 2L), entry("O_CREAT", 0100L), entry("O_EXCL", 0200L),
            entry("O_NOCTTY", 0400L), entry("O_TRUNC", 01000L), entry("O_APPEND", 02000L), entry("O_NONBLOCK", 04000L),
            entry("O_DSYNC", 010000L), entry("O_DIRECT", 040000L), entry("O_LARGEFILE", 0100000L), entry("O_DIRECTORY", 0200000L),
            entry("O_NOFOLLOW", 0400000L), entry("O_NOATIME", 01000000L), entry("O_CLOEXEC", 02000000L), entry("O_SYNC", 04010000L),
            entry("O_PATH", 010000000L), entry("O_TMPFILE", 020200000L),
            entry("FD_CLOEXEC", 1L), entry("MFD_CLOEXEC", 1L), entry("AT_EMPTY_PATH", 0x1000L), entry("RENAME_NOREPLACE", 1L),
            entry("RENAME_EXCHANGE", 2L), entry("RENAME_WHITEOUT", 4L), entry("CLOSE_RANGE_UNSHARE", 2L), entry("CLOSE_RANGE_CLOEXEC", 4L));

    /** The bits of {@code text} with {@link #KNOWN}'s names (another name counts for nothing). */
    static long of(String text) {
        return of(text, name -> KNOWN.getOrDefault(name, 0L));
    }

    /** The bits of {@code text}, each name's from {@code name} (0: none tot knows). */
    static long of(String text, ToLongFunction<String> name) {
        long bits = 0;
        for (String part : withoutComments(text).split("\\|")) {
            String p = part.strip();
            if (p.isEmpty()) continue;
            bits |= Character.isDigit(p.charAt(0)) || p.charAt(0) == '-' ? number(p) : name.applyAsLong(p);
        }
        return bits;
    }

    /** Whether {@code text}'s bits include all of {@code flag}'s (a name of {@link #KNOWN} with bits). */
    static boolean has(String text, String flag) {
        long v = KNOWN.getOrDefault(flag, 0L);
        return v != 0 && (of(text) & v) == v;
    }

    /** {@code text} without strace's comments ({@code /* … *}{@code /}). */
    static String withoutComments(String text) {
        int open = text.indexOf("/*");
        if (open < 0) return text;
        StringBuilder sb = new StringBuilder(text.length());
        int from = 0;
        while (open >= 0) {
            int close = text.indexOf("*/", open + 2);
            sb.append(text, from, open);
            if (close < 0) return sb.toString();
            from = close + 2;
            open = text.indexOf("/*", from);
        }
        return sb.append(text, from, text.length()).toString();
    }

    /** A number as strace prints one: 0x hex, 0 octal, decimal, maybe negative; 0 when it is none. */
    static long number(String p) {
        try {
            if (p.startsWith("0x")) return Long.parseUnsignedLong(p.substring(2), 16);
            if (p.length() > 1 && p.startsWith("0")) return Long.parseLong(p.substring(1), 8);
            return Long.parseLong(p);
        } catch (NumberFormatException e) {
            return 0; // "8192*1024" and such: no bit tot uses
        }
    }
}
