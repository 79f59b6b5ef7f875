package tot.trace;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Syscall events' arguments and results read as strace -y prints them, for what strace
 * decodes by name or leaves out: ioctl requests, an open's mode (only with O_CREAT), close's result.
 */
class ArgTextTest {
    @TempDir
    Path dir;

    private static final String SCRIPT = """
            import fcntl, os, sys
            try: os.open('/nonexistent-start-marker', os.O_RDONLY)
            except OSError: pass
            for code in (0x5401, 0x5413, 0x541B, 0x80045430, 0x5499, 0x12345678, 0x2, 0xc004ee01, 0x8008ee02, 0x4001ee03):
                try: fcntl.ioctl(0, code, bytes(64))
                except OSError: pass
            fcntl.ioctl(0, 0x5451)
            fd = os.open('/etc/hostname', os.O_RDONLY); os.close(fd)
            fd = os.open(sys.argv[1], os.O_WRONLY | os.O_CREAT, 0o640); os.close(fd)
            fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0); os.close(fd)
            try: os.close(fd)
            except OSError: pass
            """;

    private static final String TRACE = "ioctl,openat,close";

    /** strace's lines from the marker on: pointers as PTR, the fd a call returns without its path, no errno text. */
    private List<String> strace(Path script, Path file) throws Exception {
        Path log = dir.resolve("strace.log");
        Process p = TotProcess.finish(new ProcessBuilder("strace", "-qq", "-y", "-o", log.toString(), "-e", "trace=" + TRACE,
                "python3", script.toString(), file.toString()).redirectInput(new File("/dev/null"))
                .redirectError(dir.resolve("err.txt").toFile()), 60, "strace");
        assertEquals(0, p.exitValue(), Files.readString(dir.resolve("err.txt")));
        List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            // strace -y names the cwd of AT_FDCWD; tot's events do not
            lines.add(line.replaceAll(" +=", " =").replace("AT_FDCWD<" + Path.of("").toAbsolutePath() + ">", "AT_FDCWD").replaceAll("= (\\d+)<[^>]*>$", "= $1").replaceAll(" \\([A-Z][a-z][^)]*\\)$", ""));
        }
        return fromMarker(lines);
    }

    private List<String> tot(Path script, Path file, List<String> options) throws Exception {
        Path events = dir.resolve("events.jsonl");
        List<String> args = new ArrayList<>(List.of("log", "--no-db", "-o", events.toString(), "--trace=" + TRACE));
        args.addAll(options);
        args.addAll(List.of("--", "python3", script.toString(), file.toString()));
        Process p = TotProcess.finish(TotProcess.builder(dir, args).redirectInput(new File("/dev/null"))
                .redirectOutput(new File("/dev/null")).redirectError(dir.resolve("err.txt").toFile()), 60, "tot");
        assertEquals(0, p.exitValue(), Files.readString(dir.resolve("err.txt")));
        List<String> lines = new ArrayList<>();
        for (JsonNode e : TotProcess.events(events)) {
            if (!e.get("ev").asText().equals("syscall")) continue;
            List<String> a = TotProcess.Result.strings(e.get("args"));
            String result = e.has("err") ? "-1 " + e.get("err").asText() : e.has("ret") ? e.get("ret").asText() : "?";
            lines.add(e.get("name").asText() + "(" + String.join(", ", a) + ") = " + result);
        }
        return fromMarker(lines);
    }

    private static List<String> fromMarker(List<String> lines) {
        int from = 0;
        while (from < lines.size() && !lines.get(from).contains("/nonexistent-start-marker")) from++;
        assertTrue(from < lines.size(), "no marker in " + lines);
        return lines.subList(from, lines.size()).stream().map(l -> l.replaceAll("0x[0-9a-f]{8,}", "PTR")).toList();
    }

    /**
     * The path behind an fd (3</path>) is the program's: escaped as a string argument is. blackbox's
     * table printed it raw (ESC, BEL, a newline forging a line); C1's CSI (U+009B) was raw in both.
     */
    @Test
    void anFdsPathAndC1ControlsAreEscaped() throws Exception {
        Path script = Files.writeString(dir.resolve("fd.py"), """
                import os
                name = os.getcwd() + '/bb\\x1b]0;T\\x07\\x1b[2J\\n 1 kill(1) = 0 \\u009b31m'
                os.close(os.open(name, os.O_WRONLY | os.O_CREAT, 0o644))
                try: os.open('/nonexistent-start-marker', os.O_RDONLY)
                except OSError: pass
                fd = os.open(name, os.O_RDONLY); os.read(fd, 1); os.close(fd)
                """);
        Path events = dir.resolve("events.jsonl");
        Process p = TotProcess.finish(TotProcess.builder(dir, List.of("log", "--no-db", "-o", events.toString(), "--trace=openat,read",
                "--", "python3", script.toString())).redirectInput(new File("/dev/null"))
                .redirectOutput(new File("/dev/null")).redirectError(dir.resolve("err.txt").toFile()), 60, "tot");
        assertEquals(0, p.exitValue(), Files.readString(dir.resolve("err.txt")));
        String escaped = dir + "/bb\\x1b]0;T\\x07\\x1b[2J\\n 1 kill(1) = 0 \\xc2\\x9b31m";
        List<String> args = new ArrayList<>();
        for (JsonNode e : TotProcess.events(events)) {
            if (e.get("ev").asText().equals("syscall")) args.addAll(TotProcess.Result.strings(e.get("args")));
        }
        assertTrue(args.contains("\"" + escaped + "\""), args.toString());
        assertTrue(args.contains("3<" + escaped + ">"), args.toString());
        for (String a : args) assertTrue(a.chars().noneMatch(c -> c < 0x20 || c >= 0x7f && c <= 0x9f), a);
        String raw = Files.readString(events);
        assertFalse(raw.contains("\u009b") || raw.contains("\u001b"), "no control character raw in the stream");
    }

    @Test
    void ioctlRequestsModesAndCloseResultsAsStracePrintsThem() throws Exception {
        Assumptions.assumeTrue(StraceOracle.available(), "strace is not installed");
        Path script = Files.writeString(dir.resolve("calls.py"), SCRIPT);
        Path file = dir.resolve("created");
        List<String> strace = strace(script, file);
        Files.delete(file);
        assertTrue(strace.contains("ioctl(0</dev/null>, TCGETS, PTR) = -1 ENOTTY"), strace.toString());
        assertTrue(strace.contains("ioctl(0</dev/null>, FIOCLEX) = 0"), strace.toString());
        assertEquals(strace, tot(script, file, List.of("--no-seccomp")), "every call stops: close's result too");
        // with seccomp, close is reported at its entry, without its result (tot does not wait for it)
        Files.delete(file);
        List<String> seccomp = tot(script, file, List.of());
        assertEquals(strace.stream().map(l -> l.replaceAll("^(close\\(.*\\)) = .*", "$1 = ?")).toList(), seccomp);
    }
}
