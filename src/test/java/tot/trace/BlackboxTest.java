package tot.trace;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `tot blackbox`: over a process making thousands of syscalls a second, exactly the last N are kept. */
class BlackboxTest {
    @TempDir
    Path dir;

    @Test
    void keepsExactlyTheLastN() throws Exception {
        Files.writeString(dir.resolve("fast.py"), """
                import os, sys, time
                end = time.time() + 60
                n = 0
                while time.time() < end:
                    os.getppid(); n += 1
                    if n % 1000 == 0:
                        with open(sys.argv[1] + ".tmp", "w") as f: f.write(str(n))
                        os.replace(sys.argv[1] + ".tmp", sys.argv[1])  # never seen half-written
                """);
        Process target = new ProcessBuilder(TracingTest.PYTHON, dir.resolve("fast.py").toString(), dir.resolve("n").toString())
                .redirectOutput(new File("/dev/null")).start();
        try {
            for (int i = 0; i < 100 && !Files.exists(dir.resolve("n")); i++) Thread.sleep(50);
            Process tot = TotProcess.builder(dir, List.of("blackbox", "-p", Long.toString(target.pid()), "-n", "50", "--every", "0",
                    "--dump", "box.json", "--format", "json")).redirectError(dir.resolve("err.txt").toFile())
                    .redirectOutput(new File("/dev/null")).start();
            Thread.sleep(3000);
            int before = Integer.parseInt(Files.readString(dir.resolve("n")).strip());
            tot.destroy();
            assertTrue(tot.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, tot.exitValue(), Files.readString(dir.resolve("err.txt")));
            JsonNode box = TotProcess.JSON.readTree(dir.resolve("box.json").toFile());
            assertEquals(50, box.size(), "exactly the last 50");
            long last = 0;
            for (JsonNode e : box) {
                assertTrue(e.get("t").asLong() > last, "oldest first");
                last = e.get("t").asLong();
            }
            // the loop's calls: getppid, and once every 1000 the file's open, write, close and rename
            long getppid = 0;
            for (JsonNode e : box) if (e.get("name").asText().equals("getppid")) getppid++;
            assertTrue(getppid >= 40, getppid + " of the last 50 are getppid: " + box);
            Thread.sleep(300);
            assertTrue(Integer.parseInt(Files.readString(dir.resolve("n")).strip()) > before, "the process goes on after the detach");
            for (String line : Files.readAllLines(Path.of("/proc/" + target.pid() + "/status"))) {
                if (line.startsWith("TracerPid:")) assertEquals("0", line.substring(10).strip());
            }
        } finally {
            target.destroyForcibly();
        }
    }
}
