package tot.util;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;

/**
 * tot's times are nanoseconds since the Unix epoch, except one kind: a time of day whose date is
 * unknown (an strace log written with {@code -t}/{@code -tt}, imported without {@code --date}).
 * Those count from the midnight before the log began (a day more for each midnight it passed), so
 * they stay ordered and fall in the first year of the epoch, which no real trace does. This class
 * tells the two apart and writes them: never a date that was not known.
 */
public final class Times {
    private Times() {}

    private static final long NANOS_PER_DAY = 86_400_000_000_000L;
    /** Times below this (1971-01-01) are times of day with the date unknown. */
    public static final long DATE_UNKNOWN_BELOW = 365 * NANOS_PER_DAY;

    /** Whether {@code nanos} (not negative: negative is "no time") is a time of day without a date. */
    public static boolean dateUnknown(long nanos) {
        return nanos >= 0 && nanos < DATE_UNKNOWN_BELOW;
    }

    /** The time of day of a {@link #dateUnknown} time. */
    public static LocalTime timeOfDay(long nanos) {
        return LocalTime.ofNanoOfDay(Math.floorMod(nanos, NANOS_PER_DAY));
    }

    /**
     * ISO-8601: an instant in UTC ({@code 2026-11-30T12:34:56.123456Z}), or for a time of day
     * without a date the local time alone ({@code 12:34:56.123456}).
     */
    public static String iso(long nanos) {
        if (dateUnknown(nanos)) return timeOfDay(nanos).toString();
        long seconds = Math.floorDiv(nanos, 1_000_000_000L);
        int nano = (int) Math.floorMod(nanos, 1_000_000_000L);
        if (nanos < 0) return Instant.ofEpochSecond(seconds, nano).toString();
        // Instant.toString's text, written out: its formatter took ~3 µs a time (two per execution in deps.json)
        LocalDate day = LocalDate.ofEpochDay(seconds / 86_400);
        int second = (int) (seconds % 86_400);
        StringBuilder sb = new StringBuilder(30);
        digits(sb, day.getYear(), 4).append('-');
        digits(sb, day.getMonthValue(), 2).append('-');
        digits(sb, day.getDayOfMonth(), 2).append('T');
        digits(sb, second / 3600, 2).append(':');
        digits(sb, second / 60 % 60, 2).append(':');
        digits(sb, second % 60, 2);
        if (nano % 1_000_000 == 0 && nano != 0) digits(sb.append('.'), nano / 1_000_000, 3);
        else if (nano % 1000 == 0 && nano != 0) digits(sb.append('.'), nano / 1000, 6);
        else if (nano != 0) digits(sb.append('.'), nano, 9);
        return sb.append('Z').toString();
    }

    /** {@code value} (not negative) in at least {@code width} digits, zeros first. */
    private static StringBuilder digits(StringBuilder sb, int value, int width) {
        String s = Integer.toString(value);
        for (int i = s.length(); i < width; i++) sb.append('0');
        return sb.append(s);
    }

    /**
     * Reads what {@link #iso} wrote: an ISO-8601 instant, or a local time without a date (then a
     * {@link #dateUnknown} time on the first day).
     *
     * @throws DateTimeParseException when it is neither
     * @throws ArithmeticException    when the instant is out of range
     */
    public static long parseIso(String text) {
        if (text.length() >= 8 && text.charAt(2) == ':') return LocalTime.parse(text).toNanoOfDay();
        Instant i = Instant.parse(text);
        return Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000_000L), i.getNano());
    }
}
