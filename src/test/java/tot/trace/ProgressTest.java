package tot.trace;

import static org.junit.jupiter.api.Assertions.*;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The progress line of `tot log`: drawn on a terminal during a long run, erased at the end, never elsewhere. */
class ProgressTest {
    @TempDir
    Path dir;

    /** About 2 s and 20 executions. */
    private static final String SLOW = "for i in 1 2 3 4 5 6 7 8 9 10; do cat /etc/hostname > out$i; sleep 0.2; done";

    private static final Pattern LINE = Pattern.compile("\r(tot: (\\d+) executions?, (\\d+) files?, 0:0\\d)\033\\[K\r");

    private String stderr(List<String> totArgs) throws Exception {
        Process p = TotProcess.finish(TotProcess.builder(dir, totArgs).redirectInput(new File("/dev/null"))
                .redirectOutput(new File("/dev/null")).redirectError(dir.resolve("stderr.txt").toFile()), 120, "tot");
        String err = Files.readString(dir.resolve("stderr.txt"), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), err);
        return err;
    }

    @Test
    void forcedItIsDrawnAndErasedAtTheEnd() throws Exception {
        String err = stderr(List.of("log", "--no-db", "-d", "deps.json", "--progress", "sh", "-c", SLOW));
        Matcher m = LINE.matcher(err);
        List<Integer> executions = new ArrayList<>();
        while (m.find()) executions.add(Integer.parseInt(m.group(2)));
        assertFalse(executions.isEmpty(), "drawn: " + err);
        assertEquals(executions.stream().sorted().toList(), executions, "counts only grow");
        int recorded = TotProcess.read(dir, 0).deps().size();
        assertTrue(executions.getLast() <= recorded && executions.getLast() >= 2, executions + " vs " + recorded);
        assertTrue(err.endsWith("\r\033[K"), "erased at the end: " + err.replace("\033", "ESC"));
        assertEquals(0, err.replaceAll(LINE.pattern(), "").replace("\r\033[K", "").length(), "nothing else: " + err);
    }

    @Test
    void totsOwnMessagesEraseTheLineFirst() throws Exception {
        String err = stderr(List.of("log", "--no-db", "--progress", "sh", "-c", "sleep 1.5; python3 -c 'import ctypes;"
                + " ctypes.CDLL(None).syscall(425, 1, ctypes.create_string_buffer(120))'; sleep 0.6"));
        int warning = err.indexOf("tot: warning: ");
        assertTrue(warning > 0 && LINE.matcher(err.substring(0, warning)).find(), "a line drawn before the warning: " + err);
        assertTrue(err.substring(0, warning).endsWith("\r\033[K"), "the line erased before it: " + err.replace("\033", "ESC"));
        assertTrue(err.substring(warning).contains("io_uring_setup: file I/O through the ring is not visible to tot\n"), err);
    }

    @Test
    void offWhenStderrIsNotATerminal() throws Exception {
        assertEquals("", stderr(List.of("log", "--no-db", "sh", "-c", SLOW)));
    }

    /** Runs {@code shell} under script(1): a terminal for tot's stderr (and for stdout unless redirected). */
    private String onATerminal(String shell) throws Exception {
        Process p = TotProcess.finish(new ProcessBuilder("script", "-qec", shell, "/dev/null").directory(dir.toFile())
                .redirectInput(new File("/dev/null")).redirectOutput(dir.resolve("tty.txt").toFile())
                .redirectError(dir.resolve("tty-err.txt").toFile()), 120, "script");
        assertEquals(0, p.exitValue(), Files.readString(dir.resolve("tty-err.txt")));
        return Files.readString(dir.resolve("tty.txt"), StandardCharsets.UTF_8);
    }

    @Test
    void onATerminalItIsDrawnWhenTheCommandDoesNotWriteThere() throws Exception {
        Assumptions.assumeTrue(new File("/usr/bin/script").canExecute(), "script(1) is not installed");
        String tot = String.join(" ", TotProcess.builder(dir, List.of()).command()) + " log --no-db sh -c '" + SLOW + "'";
        String apart = onATerminal(tot + " > /dev/null");
        assertTrue(LINE.matcher(apart).find(), "stdout elsewhere: drawn\n" + apart);
        assertTrue(apart.endsWith("\r\033[K"), apart);
        String shared = onATerminal(tot);
        assertFalse(shared.contains("executions"), "stdout on the same terminal: not drawn\n" + shared);
    }
}
