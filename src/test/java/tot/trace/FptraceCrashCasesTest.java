package tot.trace;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tot.trace.TotProcess.Result;

/** The inputs that crash or fool fptrace (DESIGN-NOTES): tot records each correctly and carries on. */
class FptraceCrashCasesTest {
    @TempDir
    Path dir;
    String root;

    @BeforeEach
    void realPath() throws IOException {
        root = dir.toRealPath().toString();
    }

    private static List<String> list(JsonNode n) {
        return Result.strings(n);
    }

    @Test
    void badPointersDanglingOPathDup2OntoCloexecAndExecveWithNullArgv() throws Exception {
        Path probe = CProbe.build("crashcases", dir.resolve("bin"));
        Files.createSymbolicLink(dir.resolve("dangling"), Path.of("nowhere"));
        for (String f : List.of("kept.txt", "other.txt", "after.txt")) Files.writeString(dir.resolve(f), f);
        Result r = TotProcess.log(dir, List.of("-e", "-o", "events.jsonl"), probe.toString(), "nullargv");
        assertEquals(0, r.status(), r.stderr());
        assertFalse(r.stderr().contains("internal error"), r.stderr());
        assertEquals(2, r.deps().size(), r.deps().toString());
        JsonNode probeRecord = r.deps().get(0), cat = r.deps().get(1);

        assertEquals(List.of(root + "/kept.txt", root + "/other.txt", root + "/after.txt"),
                list(probeRecord.get("Inputs")).stream().filter(p -> p.startsWith(root)).toList(),
                "the O_PATH open of the dangling symlink is not an input; tracing goes on after the bad pointers");
        assertEquals(2, probeRecord.get("Cmd").get("Exec").asInt());
        assertEquals(List.of(), list(cat.get("Cmd").get("Args")), "execve(path, NULL, envp)");
        assertEquals("/bin/cat", cat.get("Cmd").get("Path").asText());
        assertEquals(List.of("NO_EQUALS_SIGN", "A=b"), list(cat.get("Cmd").get("Env")), "an env entry without '='");
        assertEquals(root + "/kept.txt", cat.get("FDs").get("5").asText(), "dup2 onto a close-on-exec fd is inherited");
        assertEquals(root + "/dangling", cat.get("FDs").get("3").asText());

        List<JsonNode> events = TotProcess.events(dir.resolve("events.jsonl"));
        List<String> efault = events.stream().filter(e -> "EFAULT".equals(e.path("err").asText()))
                .map(e -> e.get("name").asText()).toList();
        assertEquals(List.of("openat", "open", "rename", "unlink", "execve", "chdir"), efault);
        JsonNode rename = events.stream().filter(e -> "rename".equals(e.path("name").asText())).findFirst().orElseThrow();
        assertTrue(rename.get("paths").get(0).isNull(), "the unreadable path keeps its place: " + rename);
        assertEquals(root + "/x", rename.get("paths").get(1).asText());
    }

    @Test
    void aDirfdTotNeverSawOpenedIsResolvedThroughProc() throws Exception {
        Files.createDirectories(dir.resolve("sub"));
        Files.writeString(dir.resolve("sub/f.txt"), "x");
        // tot itself inherits fd 3 (a directory), so the command inherits it without tot seeing an open
        List<String> cmd = new ArrayList<>(List.of("sh", "-c", "exec 3<sub; exec \"$@\"", "sh"));
        cmd.addAll(TotProcess.builder(dir, List.of("log", "-d", "deps.json", "--", TracingTest.PYTHON, "-c",
                "import os\nfor _ in range(3): os.close(os.open('f.txt', os.O_RDONLY, dir_fd=3))\n")).command());
        Process p = TotProcess.finish(new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(dir.resolve("stdout.txt").toFile())
                .redirectError(dir.resolve("stderr.txt").toFile()).redirectInput(new File("/dev/null")), 120, "tot");
        Result r = TotProcess.read(dir, p.exitValue());
        assertEquals(0, r.status(), r.stderr());
        JsonNode py = r.deps().getLast();
        assertTrue(list(py.get("Inputs")).contains(root + "/sub/f.txt"), py.toString());
        assertEquals(root + "/sub", py.get("FDs").get("3").asText());
    }

    @Test
    void pidReuseDoesNotMixRecords() throws Exception {
        Path lastPid = Path.of("/proc/sys/kernel/ns_last_pid");
        Assumptions.assumeTrue(Files.isWritable(lastPid), "needs root to steer pid allocation (ns_last_pid)");
        for (int i = 0; i < 3; i++) Files.writeString(dir.resolve("f" + i), "x");
        // each round: a child exits, then the next child is given the same pid on purpose
        Result r = TotProcess.log(dir, List.of(), TracingTest.PYTHON, "-c", """
                import subprocess
                reused = 0
                for i in range(3):
                    first = subprocess.Popen(['/bin/true']); first.wait()
                    for attempt in range(20):
                        open('/proc/sys/kernel/ns_last_pid', 'w').write(str(first.pid - 1))
                        again = subprocess.Popen(['/bin/cat', 'f%d' % i], stdout=subprocess.DEVNULL); again.wait()
                        if again.pid == first.pid:
                            reused += 1
                            break
                print(reused)
                """);
        assertEquals(0, r.status(), r.stderr());
        int reused = Integer.parseInt(Files.readString(dir.resolve("stdout.txt")).strip());
        Assumptions.assumeTrue(reused > 0, "no pid could be reused (a busy machine)");
        for (int i = 0; i < 3; i++) {
            JsonNode cat = r.byArgs("/bin/cat", "f" + i);
            List<String> mine = list(cat.get("Inputs")).stream().filter(p -> p.startsWith(root)).toList();
            assertEquals(List.of(root + "/f" + i), mine, cat.toString());
        }
        long pids = r.deps().stream().map(n -> n.get("Pid").asInt()).distinct().count();
        assertTrue(pids < r.deps().size(), "some pid was used twice: " + r.deps());
    }

    @Test
    void nonUtf8NamesAndArgumentsRoundTrip() throws Exception {
        Result r = TotProcess.log(dir, List.of(), TracingTest.PYTHON, "-c", """
                import os, subprocess
                name = b'\\xff\\xfe-\\xe9 \\x01.txt'
                open(name, 'wb').write(b'x')
                subprocess.run([b'/bin/cat', name], check=True, stdout=subprocess.DEVNULL)
                """);
        assertEquals(0, r.status(), r.stderr());
        String name = "\udcff\udcfe-\udce9 \u0001.txt";
        JsonNode cat = r.byArgs("/bin/cat", name);
        assertTrue(list(cat.get("Inputs")).contains(root + "/" + name), cat.toString());
        assertTrue(list(r.deps().getLast().get("Outputs")).contains(root + "/" + name));
        String raw = Files.readString(dir.resolve("deps.json"));
        assertTrue(raw.contains("\\udcff\\udcfe-\\udce9 \\u0001.txt"), "documented escapes in the file itself");
    }
}
