package tot.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** `tot completion bash|zsh` completes in bash and loads in zsh; `tot manpages DIR` writes pages man renders. */
class CompletionAndManPagesTest {
    @TempDir
    Path dir;

    private record Ran(int status, String out, String err) {}

    private Ran run(List<String> cmd, String... env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectInput(new File("/dev/null"))
                .redirectOutput(dir.resolve("out").toFile()).redirectError(dir.resolve("err").toFile());
        for (int i = 0; i < env.length; i += 2) pb.environment().put(env[i], env[i + 1]);
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), cmd + " did not end");
        return new Ran(p.exitValue(), Files.readString(dir.resolve("out"), StandardCharsets.UTF_8),
                Files.readString(dir.resolve("err"), StandardCharsets.UTF_8));
    }

    private static boolean has(String program) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) if (Files.isExecutable(Path.of(d, program))) return true;
        return false;
    }

    /** What bash completes for the words typed (the last is being completed). */
    private List<String> bash(Path script, String... words) throws Exception {
        String line = String.join(" ", words);
        StringBuilder array = new StringBuilder();
        for (String w : words) array.append(" '").append(w).append('\'');
        Ran r = run(List.of("bash", "-c", "source " + script + " 2>/dev/null; COMP_WORDS=(" + array + "); COMP_CWORD="
                + (words.length - 1) + "; COMP_LINE='" + line + "'; COMP_POINT=" + line.length()
                + "; _complete_tot 2>/dev/null; printf '%s\\n' \"${COMPREPLY[@]}\""));
        assertEquals(0, r.status(), r.err());
        return r.out().lines().filter(l -> !l.isEmpty()).toList();
    }

    @Test
    void bashCompletesCommandsOptionsAndValues() throws Exception {
        HelpTest.Output o = HelpTest.tot("completion", "bash");
        assertEquals(0, o.status(), o.err());
        Path script = Files.writeString(dir.resolve("tot.bash"), o.out());
        assertEquals(List.of("log"), bash(script, "tot", "lo"));
        assertEquals(List.of("--clean", "--clean-force"), bash(script, "tot", "log", "--cl"));
        assertEquals(List.of("table", "json", "csv"), bash(script, "tot", "show", "--format", ""));
        assertEquals(List.of("summary"), bash(script, "tot", "help", "su"));
        assertFalse(bash(script, "tot", "").contains("train"), "hidden commands are not offered");
        assertEquals(o.out(), HelpTest.tot("completion", "zsh").out(), "one script for both");
        assertEquals(2, HelpTest.tot("completion", "fish").status());
    }

    @Test
    void zshLoadsTheScript() throws Exception {
        Assumptions.assumeTrue(has("zsh"), "zsh is not installed");
        Path script = Files.writeString(dir.resolve("tot.zsh"), HelpTest.tot("completion", "zsh").out());
        Ran r = run(List.of("zsh", "-f", "-c", "source " + script + "; print -r -- $_comps[tot]"));
        assertEquals(0, r.status(), r.err());
        assertEquals("_bash_complete -F _complete_tot -o default\n", r.out(), r.err());
    }

    @Test
    void manPagesRenderWithEveryOption() throws Exception {
        Assumptions.assumeTrue(has("man"), "man is not installed");
        Path man = dir.resolve("man1");
        HelpTest.Output o = HelpTest.tot("manpages", man.toString());
        assertEquals(0, o.status(), o.err());
        CommandLine model = Main.commandLine(Main.SUBCOMMANDS.values());
        List<String> expected = new ArrayList<>(List.of("tot.1"));
        for (var sub : model.getSubcommands().entrySet()) {
            if (!sub.getValue().getCommandSpec().usageMessage().hidden() && !sub.getKey().equals("help")) {
                expected.add("tot-" + sub.getKey() + ".1");
            }
        }
        try (var files = Files.list(man)) {
            assertEquals(expected.stream().sorted().toList(), files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        for (String page : expected) {
            Ran r = run(List.of("man", "-l", man.resolve(page).toString()), "MANPAGER", "cat", "MANWIDTH", "80", "LC_ALL", "C.UTF-8");
            assertEquals(0, r.status(), page + ": " + r.err());
            assertEquals("", r.err(), page + ": warnings");
            String text = r.out().replaceAll(".\b", ""); // no overstrike (bold) left
            for (String section : List.of("NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "SEE ALSO")) {
                assertTrue(text.contains("\n" + section + "\n"), page + " has no " + section + ":\n" + text);
            }
            if (page.equals("tot.1")) {
                assertTrue(text.contains("\nCOMMANDS\n") && text.contains("       log    Run COMMAND under ptrace"), text);
                continue;
            }
            CommandLine cmd = model.getSubcommands().get(page.substring(4, page.length() - 2));
            assertTrue(text.contains("tot-" + cmd.getCommandName() + " - "), page + ": NAME\n" + text);
            for (OptionSpec opt : cmd.getCommandSpec().options()) {
                for (String name : opt.names()) assertTrue(text.contains(name), page + " lacks " + name + ":\n" + text);
            }
        }
        String log = run(List.of("man", "-l", man.resolve("tot-log.1").toString()), "MANPAGER", "cat", "MANWIDTH", "200").out()
                .replaceAll(".\b", "");
        assertTrue(log.contains("(%file %desc %process %network %signal"), "picocli's %% once, not twice:\n" + log);
        assertTrue(log.contains("tot log -d deps.json -- make -j2"), "the example, typed as is:\n" + log);
    }
}
