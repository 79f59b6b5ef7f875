package tot.util;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import java.util.List;
import org.junit.jupiter.api.Test;

/** JSON strings as tot writes them: escapes wherever they fall, read back as they were by a JSON parser. */
class JsonTest {
    @Test
    void stringsAreEscapedWhereverTheCharactersFall() throws Exception {
        assertEquals("\"/usr/lib/x86_64-linux-gnu/libc.so.6\"", quote("/usr/lib/x86_64-linux-gnu/libc.so.6"));
        assertEquals("\"\\\"a\\\\b\\n\"", quote("\"a\\b\n"));
        assertEquals("\"tab\\there\\u001b[0m\\u007f\"", quote("tab\there\u001b[0m\u007f"));
        assertEquals("\"caf\u00e9 \u2603 \ud83d\ude00 \\u2028\"", quote("caf\u00e9 \u2603 \ud83d\ude00 \u2028"));
        assertEquals("\"\\udce9x\"", quote("\udce9x"), "a lone surrogate (a byte that is not UTF-8) is escaped");
        // C1 controls too: U+009B is a CSI to a UTF-8 terminal (-o - and -d - may write to one)
        assertEquals("\"\\u009b31m\\u0080\\u009f\u00a0\"", quote("\u009b31m\u0080\u009f\u00a0"));
        assertEquals("\"\"", quote(""));
        assertEquals("null", Json.quote(new StringBuilder(), null).toString());
        JsonFactory json = new JsonFactory();
        for (String s : List.of("plain", "\"at start", "at end\\", "mid\rdle", "\u0000", "\u00e9t\u00e9", "a/b c", "\ud83d\ude00end")) {
            try (JsonParser p = json.createParser(quote(s))) {
                p.nextToken();
                assertEquals(s, p.getText(), "read back: " + s);
            }
        }
    }

    private static String quote(String s) {
        return Json.quote(new StringBuilder(), s).toString();
    }
}
