package tot.util;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tot.util.ByteStrings;

/** Every byte survives ShellQuote: bash reads back exactly the words that were quoted. */
class ShellQuoteTest {
    /** Runs {@code printf '%s\0' WORDS…} in bash and splits its output at NUL. */
    private static List<String> throughBash(List<String> words) throws Exception {
        StringBuilder script = new StringBuilder("printf '%s\\0'");
        for (String w : words) script.append(' ').append(ShellQuote.quote(w));
        Process p = new ProcessBuilder("bash").start(); // the script's bytes through stdin
        p.getOutputStream().write(ByteStrings.encode(script.toString()));
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        assertEquals(0, p.waitFor());
        List<String> back = new ArrayList<>();
        ByteArrayOutputStream word = new ByteArrayOutputStream();
        for (byte b : out) {
            if (b == 0) { back.add(ByteStrings.decode(word.toByteArray())); word.reset(); }
            else word.write(b);
        }
        return back;
    }

    @Test
    void everySingleByte() throws Exception {
        List<String> words = new ArrayList<>();
        for (int b = 1; b < 256; b++) words.add(ByteStrings.decode(new byte[] {(byte) b}));
        assertEquals(words, throughBash(words));
    }

    @Test
    void hostileWords() throws Exception {
        List<String> words = List.of("", "it's", "'", "''", "$(touch /tmp/pwned)", "`id`", "a\nb", "*", "?", "[a]",
                "-n", "--", "~", "$HOME", "\\", "\"", "!!", "a b", "\t", "{a,b}", "#x", ";", "&", "|", ">x", "<x",
                "\udcff\udcfe", "é", "日本");
        assertEquals(words, throughBash(words));
        assertEquals("plain/path-1.0_x@y%z+a=b:c,d", ShellQuote.quote("plain/path-1.0_x@y%z+a=b:c,d"));
    }

    @Test
    void randomByteStrings() throws Exception {
        Random random = new Random(42);
        List<String> words = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            byte[] b = new byte[random.nextInt(12)];
            for (int k = 0; k < b.length; k++) b[k] = (byte) (1 + random.nextInt(255));
            words.add(ByteStrings.decode(b));
        }
        assertEquals(words, throughBash(words));
    }
}
