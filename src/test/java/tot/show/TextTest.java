package tot.show;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextTest {
    /** A command as tot prints it reads back, in bash, as the very arguments it had: newlines, quotes, backslashes too. */
    @Test
    void aCommandReadsBackAsItsArguments() throws Exception {
        List<String> argv = List.of("printf", "[%s]", "new\nline", "it's", "a b", "tab\there\\n", "plain");
        String shown = Text.command("printf", argv);
        assertEquals("printf '[%s]' $'new\\nline' 'it'\\''s' 'a b' $'tab\\there\\\\n' plain", shown);
        Process p = new ProcessBuilder("bash", "-c", shown).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        assertEquals("[new\nline][it's][a b][tab\there\\n][plain]", out);
    }
}
