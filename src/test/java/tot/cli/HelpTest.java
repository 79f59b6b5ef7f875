package tot.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** `tot help`, `tot help CMD`, every `--help`, and a mistyped command. */
class HelpTest {
    record Output(int status, String out, String err) {}

    /** Runs tot in this JVM (only help and usage errors: nothing is traced or written). */
    static synchronized Output tot(String... args) {
        PrintStream out = System.out, err = System.err;
        var o = new ByteArrayOutputStream();
        var e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int status = Main.run(args);
            return new Output(status, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    private static final List<String> COMMANDS = List.of("log", "attach", "blackbox", "show", "import", "export", "deps",
            "summary", "files", "accesses", "forget", "completion", "manpages", "help");

    @Test
    void eachSubcommandIsKeptUnderItsOwnName() {
        Main.SUBCOMMANDS.forEach((name, make) -> assertEquals(name, new picocli.CommandLine(make.get()).getCommandName()));
    }

    @Test
    void helpListsEveryCommand() {
        Output help = tot("help");
        assertEquals(0, help.status(), help.err());
        for (String c : COMMANDS) assertTrue(help.out().contains("\n  " + c + " "), c + " missing from:\n" + help.out());
        assertFalse(help.out().contains("train"), "hidden");
        assertEquals(help.out(), tot("--help").out());
    }

    @Test
    void helpOfACommandIsItsUsage() {
        Output show = tot("help", "show");
        assertEquals(0, show.status(), show.err());
        assertTrue(show.out().startsWith("Usage: tot show "), show.out());
        assertEquals(tot("show", "--help").out(), show.out());
    }

    @Test
    void everyUsageIsCleanAndWrapsBetweenPhrases() {
        for (String c : COMMANDS) {
            Output o = tot(c, "--help");
            assertEquals(0, o.status(), c);
            assertEquals("", o.err(), c + ": nothing on stderr (picocli warnings)");
            List<String> lines = o.out().lines().toList();
            boolean examples = false;
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                examples |= line.startsWith("Example");
                assertTrue(line.length() <= 80, c + ": longer than 80 columns: " + line);
                assertFalse(line.endsWith("%") || line.endsWith("!"), c + ": broken after % or !: " + line);
                if (i + 1 == lines.size() || examples) continue; // examples: a command a line
                // a line broken early: the next line goes on in lower case with a word that would have fitted here
                String next = lines.get(i + 1).strip();
                String word = next.split(" ", 2)[0];
                boolean continues = !next.isEmpty() && Character.isLowerCase(next.charAt(0)) && !line.endsWith(":");
                assertFalse(continues && line.length() + 1 + word.length() < 79, // picocli keeps a column or two free
                        c + ": broken mid-phrase:\n" + line + "\n" + lines.get(i + 1));
            }
        }
    }

    @Test
    void aMistypedCommandGetsASuggestion() {
        Output o = tot("lgo", "-d", "x");
        assertEquals(2, o.status());
        assertEquals("tot: 'lgo' is not a tot command; did you mean 'log'?\n", o.err());
        assertEquals("", o.out());
        assertEquals("tot: 'xyzzy' is not a tot command (tot --help lists them)\n", tot("xyzzy").err());
        assertEquals("tot: 'sumary' is not a tot command; did you mean 'summary'?\n", tot("sumary").err());
        assertEquals(new Output(2, "", "tot: 'shwo' is not a tot command; did you mean 'show'?\n"), tot("help", "shwo"));
        assertEquals(2, tot().status(), "no command");
        assertTrue(tot().err().startsWith("Usage: tot "), "no command: the usage, on stderr");
    }

    @Test
    void suggestionsByEditDistance() {
        List<String> names = List.of("log", "attach", "show", "summary", "files", "accesses", "export", "import");
        assertEquals(List.of("log"), CommandNames.suggestions("lgo", names));
        assertEquals(List.of("show"), CommandNames.suggestions("shw", names));
        assertEquals(List.of("accesses"), CommandNames.suggestions("acc", names), "a unique prefix");
        assertEquals(List.of("import"), CommandNames.suggestions("mport", names), "the nearest only");
        assertEquals(List.of("export", "import"), CommandNames.suggestions("ixport", names), "ties: both");
        assertEquals(List.of(), CommandNames.suggestions("frobnicate", names));
        assertEquals(1, CommandNames.distance("lgo", "log"));
        assertEquals(2, CommandNames.distance("sumary", "summery"));
    }
}
