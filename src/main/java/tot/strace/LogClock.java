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
 *       whose date is unknown ({@link tot.util.Times}); a day is added each time the clock goes
 *       back by more than 12 hours, so a log running past midnight stays ordered;</li>
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

    private long lastTimeOfDay = -1, dayOffset;
    /** The last hour converted on {@link #date} (counted from its midnight), and its instant. */
    private long cachedHour = Long.MIN_VALUE, cachedHourNanos;

    /** {@code date}: the day a {@code -t}/{@code -tt} log began, or null when unknown. */
    LogClock(LocalDate date, ZoneId zone) {
        this.date = date;
        this.zone = zone;
    }

    /** {@code -t}/{@code -tt}: nanoseconds since midnight as printed. */
    long timeOfDay(long nanos) {
        if (base == StraceParser.TimeBase.NONE) base = StraceParser.TimeBase.TIME_OF_DAY;
        if (lastTimeOfDay >= 0 && nanos + dayOffset < lastTimeOfDay - HALF_DAY) dayOffset += NANOS_PER_DAY;
        long t = nanos + dayOffset;
        lastTimeOfDay = t;
        return date == null ? t : onDate(t);
    }

    /** {@code -ttt} or {@code -r}: seconds and nanoseconds as printed, without a colon. */
    long seconds(long seconds, long nanos) {
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
