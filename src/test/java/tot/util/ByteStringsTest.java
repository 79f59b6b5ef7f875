package tot.util;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ByteStringsTest {
    @Test
    void utf8DecodesNormally() {
        assertEquals("café ✓ 😀", ByteStrings.decode("café ✓ 😀".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Test
    void invalidBytesBecomeLoneSurrogatesAndRoundTrip() {
        byte[] latin1 = {'a', (byte) 0xe9, 'b', (byte) 0xff, (byte) 0xc0, (byte) 0x80, (byte) 0xed, (byte) 0xa0, (byte) 0x80};
        String s = ByteStrings.decode(latin1);
        assertEquals("a\udce9b\udcff\udcc0\udc80\udced\udca0\udc80", s);
        assertArrayEquals(latin1, ByteStrings.encode(s));
        assertEquals("\"a\\udce9b\\udcff\\udcc0\\udc80\\udced\\udca0\\udc80\"", Json.quote(new StringBuilder(), s).toString());
    }

    @Test
    void everyByteSequenceRoundTrips() {
        Random random = new Random(7);
        for (int i = 0; i < 20000; i++) {
            byte[] b = new byte[random.nextInt(12)];
            random.nextBytes(b);
            assertArrayEquals(b, ByteStrings.encode(ByteStrings.decode(b)));
        }
    }

    @Test
    void isUtf8TellsEscapedBytesFromSupplementaryCharacters() {
        assertTrue(ByteStrings.isUtf8("caf\u00e9 \ud800\udc80"));
        assertFalse(ByteStrings.isUtf8(ByteStrings.decode(new byte[] {'a', (byte) 0xe9})));
    }
}
