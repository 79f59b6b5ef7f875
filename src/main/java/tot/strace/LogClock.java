package tot.strace;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * Turns the timestamps printed in one log into the records' times ({@link StraceRecord#timeNanos}):
 * <ul>
 *   <li>{@code -ttt} (seconds since the epoch): as printed;</li>
 *   <li>{@code -t}/{@code -tt} (the local time of day): on the date given, in the given zone, as
 *       an instant; without a date, nanoseconds since the midnight before the log began, a time
 *       whose date is unknown ({@link tot.util.Times}); each time is put on the day that brings
 *       it nearest the latest time read so far (a day is added when the clock goes back by more
 *       than 12 hours), so a log running past midnight stays ordered; the files of a {@code -ff}
 *       set share that latest time ({@link Latest}), so a file that begins after midnight is dated
 *       after the one that began before;</li>
 *   <li>{@code -r} (seconds since the previous line): no clock time can be made of it: -1.</li>
 * </ul>
 * The first timestamp tells {@code -ttt} from {@code -r}, which look alike: no log is from before
 * 1973, and no delta that long.
 */
final class LogClock {
    private static final long NANOS_PER_DAY = 86_400_000_000_000L, HALF_DAY = NANOS_PER_DAY / 2;
    private static final long NANOS_PER_HOUR = 3_600_000_000_000L;
    private static final long RELATIVE_BELOW_SECONDS = 100_000_000; // 1973

    private final LocalDate date;
    private final ZoneId zone;
    StraceParser.TimeBase base = StraceParser.TimeBase.NONE;

    /** The latest time of day read, days counted (-1: none), shared by the files of a -ff set. */
    static final class Latest {
        long time = -1;
    }

    private final Latest latest;
    /** Whether a time had a fraction of a second ({@code -t} and {@code --timestamps=…,s} print none). */
    boolean sawFraction;
    /** The last hour converted on {@link #date} (counted from its midnight), and its instant. */
    private long cachedHour = Long.MIN_VALUE, cachedHourNanos;

    /** {@code date}: the day a {@code -t}/{@code -tt} log began, or null when unknown; {@code latest}: see {@link Latest}. */
    LogClock(LocalDate date, ZoneId zone, Latest latest) {
        this.date = date;
        this.zone = zone;
        this.latest = latest;
    }

    /** {@code -t}/{@code -tt}: nanoseconds since midnight as printed. */
    long timeOfDay(long nanos) {
        if (base == StraceParser.TimeBase.NONE) base = StraceParser.TimeBase.TIME_OF_DAY;
        if (nanos % 1_000_000_000L != 0) sawFraction = true;
        long t = nanos;
        if (latest.time >= 0) t += Math.max(0, Math.floorDiv(latest.time - nanos + HALF_DAY, NANOS_PER_DAY)) * NANOS_PER_DAY;
        latest.time = Math.max(latest.time, t);
        return date == null ? t : onDate(t);
    }

    /** {@code -ttt} or {@code -r}: seconds and nanoseconds as printed, without a colon. */
    long seconds(long seconds, long nanos) {
        if (nanos != 0) sawFraction = true;
        if (base == StraceParser.TimeBase.NONE) {
            base = seconds < RELATIVE_BELOW_SECONDS ? StraceParser.TimeBase.SINCE_START : StraceParser.TimeBase.EPOCH;
        }
        return base == StraceParser.TimeBase.EPOCH ? seconds * 1_000_000_000L + nanos : -1;
    }

    /** {@code t} nanoseconds after the midnight that began {@link #date}, local time, as an instant. */
    private long onDate(long t) {
        long hour = Math.floorDiv(t, NANOS_PER_HOUR);
        if (hour != cachedHour) {
            ZonedDateTime start = LocalDateTime.of(date, java.time.LocalTime.MIDNIGHT).plusHours(hour).atZone(zone);
            cachedHour = hour;
            cachedHourNanos = start.toEpochSecond() * 1_000_000_000L;
        }
        return cachedHourNanos + (t - hour * NANOS_PER_HOUR);
    }
}
