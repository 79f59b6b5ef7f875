package tot.trace;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `tot log --trace=EXPR`: the calls reported are those strace -e trace=EXPR reports for the same command. */
class TraceOptionTest {
    @TempDir
    Path dir;

    private static final String COMMAND = "cat /etc/hostname >/dev/null; ls -l /etc/hostname /nonexistent >/dev/null 2>&1;"
            + " test -e /etc/passwd; readlink -f /proc/self/exe >/dev/null; mkdir d; mv d e; rmdir e; ln -s x y; rm y";

    /** (syscall, ok or errno name) → count, from tot's syscall events. */
    private Map<String, Integer> tot(String expr) throws Exception {
        Path events = dir.resolve("events.jsonl");
        ProcessBuilder pb = TotProcess.builder(dir, List.of("log", "--no-db", "-o", events.toString(), "--trace=" + expr,
                "sh", "-c", COMMAND)).redirectOutput(new File("/dev/null")).redirectError(dir.resolve("err.txt").toFile());
        pb.environment().put("PWD", dir.toString()); // dash, which starts tot's command, would mend a wrong one
        Process p = TotProcess.finish(pb, 120, "tot");
        assertEquals(0, p.exitValue(), Files.readString(dir.resolve("err.txt")));
        Map<String, Integer> counts = new TreeMap<>();
        for (JsonNode e : TotProcess.events(events)) {
            if (e.get("ev").asText().equals("syscall")) {
                counts.merge(e.get("name").asText() + " " + (e.has("err") ? e.get("err").asText() : "ok"), 1, Integer::sum);
            }
        }
        return counts;
    }

    /** A finished call, or the second half of one that was interrupted (`<... NAME resumed>`). */
    private static final Pattern LINE = Pattern.compile("^\\d+ +(?:<\\.\\.\\. )?(\\w+)(?:\\(| resumed>).*\\) += (-?\\w+|\\?)(?: (E[A-Z0-9]+))?");

    private Map<String, Integer> strace(String expr) throws Exception {
        Path log = dir.resolve("strace.log");
        ProcessBuilder pb = new ProcessBuilder("strace", "-f", "-qq", "-o", log.toString(), "-e", "trace=" + expr,
                "sh", "-c", COMMAND).directory(dir.toFile()).redirectOutput(new File("/dev/null")).redirectError(new File("/dev/null"));
        pb.environment().put("PWD", dir.toString());
        Process p = TotProcess.finish(pb, 120, "strace");
        assertEquals(0, p.exitValue());
        Map<String, Integer> counts = new TreeMap<>();
        List<String> unparsed = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            Matcher m = LINE.matcher(line);
            if (m.find()) counts.merge(m.group(1) + " " + (m.group(3) == null ? "ok" : m.group(3)), 1, Integer::sum);
            else if (!line.contains("+++") && !line.contains("---") && !line.endsWith("<unfinished ...>")) unparsed.add(line);
        }
        assertEquals(List.of(), unparsed, "strace lines this test does not read");
        return counts;
    }

    private void sameAsStrace(String expr) throws Exception {
        Assumptions.assumeTrue(StraceOracle.available(), "strace is not installed");
        Map<String, Integer> strace = strace(expr);
        reset();
        assertFalse(strace.isEmpty());
        assertEquals(strace, tot(expr), "calls per syscall and result for --trace=" + expr);
    }

    private void reset() throws Exception {
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) if (!f.getFileName().toString().endsWith(".log")) Files.deleteIfExists(f);
        }
    }

    @Test
    void fileClass() throws Exception {
        sameAsStrace("%file");
    }

    @Test
    void names() throws Exception {
        sameAsStrace("newfstatat,readlink,unlinkat,renameat2,symlinkat,mkdir,mkdirat,rmdir");
    }

    @Test
    void processClassWithoutTheSeccompSetOfDepsJson() throws Exception {
        sameAsStrace("%process");
    }

    /** Arguments as strace -y shows them: the fd of a read with its path, open flags by name. */
    @Test
    void argumentsAreDecoded() throws Exception {
        Path events = dir.resolve("events.jsonl");
        Process p = TotProcess.finish(TotProcess.builder(dir, List.of("log", "--no-db", "-o", events.toString(), "-t", "read,openat",
                "cat", "/etc/hostname")).redirectOutput(new File("/dev/null")).redirectError(new File("/dev/null")), 120, "tot");
        assertEquals(0, p.exitValue());
        List<String> seen = new ArrayList<>();
        for (JsonNode e : TotProcess.events(events)) {
            if (!e.get("ev").asText().equals("syscall")) continue;
            List<String> args = TotProcess.Result.strings(e.get("args"));
            seen.add(e.get("name").asText() + "(" + String.join(", ", args) + ")");
        }
        assertTrue(seen.contains("openat(AT_FDCWD, \"/etc/hostname\", O_RDONLY)"), seen.toString()); // no mode without O_CREAT
        assertTrue(seen.stream().anyMatch(s -> s.matches("read\\(3</etc/hostname>, 0x[0-9a-f]+, \\d+\\)")), seen.toString());
    }
}
