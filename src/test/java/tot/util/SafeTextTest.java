package tot.util;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Input quoted in a message can neither steer the terminal nor make the message long. */
class SafeTextTest {
    @Test
    void controlCharactersAreEscapedAndTextIsKept() {
        assertEquals("a\\x1b[31mb\\x07c\\n\\t\\r\\x7f", SafeText.escape("a\u001b[31mb\u0007c\n\t\r\u007f"));
        assertEquals("\\x9b2J", SafeText.escape("\u009b2J"), "C1 controls (8-bit CSI)");
        assertEquals("x\\u202ey\\u2028", SafeText.escape("x\u202ey\u2028"), "a bidirectional override, a line separator");
        assertEquals("é ü 😀 \\", SafeText.escape("é ü 😀 \\"), "printable Unicode, a surrogate pair and backslashes stay");
        String plain = "/tmp/a b/c.txt";
        assertSame(plain, SafeText.escape(plain));
    }

    @Test
    void bytesThatAreNotUtf8AreShownAsTheirValue() {
        byte[] b = {'a', (byte) 0xff, (byte) 0xc3, (byte) 0xa9, (byte) 0x80, 0x1b};
        assertEquals("a\\xffé\\x80\\x1b", SafeText.quote(b, 0, b.length, b.length));
        assertEquals("\\xfe", SafeText.escape(ByteStrings.decode(new byte[] {(byte) 0xfe})));
        assertEquals("\\ud800", SafeText.escape("\ud800"), "half a surrogate pair");
    }

    @Test
    void quotedInputIsCutAndSaysHowLongItWas() {
        String big = "\u001b".repeat(10) + "x".repeat(5_000_000);
        String q = SafeText.quote(big);
        assertTrue(q.startsWith("\\x1b".repeat(10) + "xxx"), q);
        assertTrue(q.endsWith("... (5000010 characters in all)"), q);
        assertEquals(SafeText.LIMIT, q.substring(0, q.indexOf("...")).replace("\\x1b", "E").length());
        byte[] bytes = "y".repeat(1000).getBytes(StandardCharsets.US_ASCII);
        assertTrue(SafeText.quote(bytes, 0, 300, 52_428_800).endsWith("y... (52428800 bytes in all)"), "only its start was kept");
        assertEquals("short", SafeText.quote("short"));
        String emoji = "a".repeat(SafeText.LIMIT - 1) + "😀😀";
        assertFalse(SafeText.quote(emoji).contains("\\ud83d"), "a pair is not cut in half");
    }
}
