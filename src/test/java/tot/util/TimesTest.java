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
}
