package tot.util;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** A time of day whose date is unknown is written without one, and read back. */
class TimesTest {
    @Test
    void timesOfDayAndInstants() {
        long noon = 12 * 3_600_000_000_000L + 345_000;
        assertTrue(Times.dateUnknown(noon));
        assertEquals("12:00:00.000345", Times.iso(noon));
        assertEquals(noon, Times.parseIso("12:00:00.000345"));
        long nextDay = noon + 86_400_000_000_000L;
        assertEquals("12:00:00.000345", Times.iso(nextDay), "a log past midnight: still no date");
        long instant = 1_732_966_496_123_456_789L;
        assertFalse(Times.dateUnknown(instant));
        assertEquals("2024-11-30T11:34:56.123456789Z", Times.iso(instant));
        assertEquals(instant, Times.parseIso("2024-11-30T11:34:56.123456789Z"));
        assertFalse(Times.dateUnknown(-1), "no time at all");
    }

    /** iso writes an instant exactly as Instant.toString does: every precision, day and year boundary, leap days, the last long. */
    @Test
    void instantsAreWrittenAsInstantWritesThem() {
        java.util.List<Long> times = new java.util.ArrayList<>(java.util.List.of(Times.DATE_UNKNOWN_BELOW, 951_782_400_000_000_000L,
                951_868_799_999_999_999L, 1_704_067_199_999_000_000L, 1_704_067_200_000_000_000L, 1_704_067_200_000_001_000L,
                1_704_067_200_000_000_001L, 1_704_067_200_100_000_000L, 1_704_067_200_010_000_000L, Long.MAX_VALUE));
        java.util.Random random = new java.util.Random(42);
        for (int i = 0; i < 20_000; i++) {
            long t = Times.DATE_UNKNOWN_BELOW + Math.floorMod(random.nextLong(), Long.MAX_VALUE - Times.DATE_UNKNOWN_BELOW);
            times.add(t);
            times.add(t - t % 1_000_000_000L); // whole seconds, milliseconds, microseconds
            times.add(t - t % 1_000_000L);
            times.add(t - t % 1000L);
        }
        for (long t : times) {
            String expected = java.time.Instant.ofEpochSecond(t / 1_000_000_000L, t % 1_000_000_000L).toString();
            assertEquals(expected, Times.iso(t), "at " + t);
            assertEquals(t, Times.parseIso(expected));
        }
    }
}
