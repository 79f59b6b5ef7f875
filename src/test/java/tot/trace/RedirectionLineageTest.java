package tot.trace;

import static org.junit.jupiter.api.Assertions.*;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tot.trace.TotProcess.Result;

/**
 * A shell's redirections on a real trace: deps.json keeps fptrace's rule (the shell opened the
 * files, the program's FDs name them), while tot.db also has the program reading and writing
 * them, so lineage runs through the program that made the file, not only the shell.
 */
class RedirectionLineageTest {
    @TempDir
    Path dir;

    @Test
    void aRedirectedFileIsMadeByTheProgramThatHeldIt() throws Exception {
        Files.writeString(dir.resolve("in.txt"), "hello\n");
        Result r = TotProcess.log(dir, List.of(), "sh", "-c", "tr a-z A-Z < in.txt > up.txt; cat up.txt >> all.txt; true");
        assertEquals(0, r.status(), r.stderr());
        assertEquals("HELLO\n", Files.readString(dir.resolve("all.txt")));
        var tr = r.byArgs("tr", "a-z", "A-Z");
        assertEquals(List.of(), TotProcess.Result.strings(tr.get("Outputs")), "deps.json: the shell's, as fptrace has it");
        assertEquals(dir + "/up.txt", tr.get("FDs").get("1").asText());
        assertTrue(TotProcess.Result.strings(r.byArgs("sh", "-c", "tr a-z A-Z < in.txt > up.txt; cat up.txt >> all.txt; true")
                .get("Outputs")).contains(dir + "/up.txt"));

        List<List<Object>> written = FleetTest.sqlite(dir.resolve("tot.db"), "SELECT p.path, c.sha1 FROM accesses a JOIN executions e"
                + " ON a.execution = e.id JOIN paths p ON p.id = a.path LEFT JOIN contents c ON c.id = a.content"
                + " WHERE e.path LIKE '%/tr' AND a.kind = 'write'");
        assertEquals(List.of(List.of(dir + "/up.txt", FleetTest.sha1(dir.resolve("up.txt")))), written, "tr wrote it, hashed at its end");

        String trId = FleetTest.sqlite(dir.resolve("tot.db"), "SELECT short_id FROM executions WHERE path LIKE '%/tr'")
                .getFirst().getFirst().toString();
        String shown = run("show", trId);
        assertTrue(shown.contains("read: " + dir + "/in.txt (redirected)"), shown);
        assertTrue(shown.contains("write: " + dir + "/up.txt (redirected) ("), shown);

        String lineage = run("lineage", "all.txt", "--under", ".", "--relative");
        assertTrue(lineage.matches("(?s)all\\.txt \\([^\n]*\n  <- \\w+  \\$ \\S*/cat up\\.txt\n      up\\.txt \\([^\n]*\n"
                + "        <- \\w+  \\$ \\S*/tr a-z A-Z\n            in\\.txt \\(.*"), lineage);
    }

    /**
     * A pipeline's ends are held at exec, and its reader may exec first: the writer here waits
     * before it execs. What the reader wrote still comes from what the writer read, in lineage and
     * in the depfile (the reader's hold on the pipe is no read before the pipe was written).
     */
    @Test
    void aPipelineLinksItsWriterToItsReaderWhicheverExecsFirst() throws Exception {
        Files.writeString(dir.resolve("VERSION"), "v1\n");
        Result r = TotProcess.log(dir, List.of(), "sh", "-c", "(sleep 0.5; exec cat VERSION) | tr a-z A-Z > v.txt");
        assertEquals(0, r.status(), r.stderr());
        assertEquals("V1\n", Files.readString(dir.resolve("v.txt")));
        java.time.Instant catStart = java.time.Instant.parse(r.byArgs("cat", "VERSION").get("Start").asText());
        java.time.Instant trStart = java.time.Instant.parse(r.byArgs("tr", "a-z", "A-Z").get("Start").asText());
        assertTrue(trStart.isBefore(catStart), "tr execs first, cat 0.5 s later");
        assertEquals(dir + "/v.txt: \\\n " + dir + "/VERSION\n", run("depfile", "--under", ".", "v.txt"));
        String lineage = run("lineage", "v.txt", "--under", ".", "--relative");
        assertTrue(lineage.matches("(?s)v\\.txt \\([^\n]*\n  <- \\w+  \\$ \\S*/tr a-z A-Z\n      /dev/fptrace/pipe/1\n"
                + "(        <- \\w+  \\$ \\S*/sleep 0\\.5\n)?        <- \\w+  \\$ \\S*/cat VERSION\n            VERSION \\(.*"), lineage);
    }

    private String run(String... args) throws Exception {
        Process p = TotProcess.finish(TotProcess.builder(dir, List.of(args)).redirectInput(new File("/dev/null"))
                .redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile()), 120, "tot " + args[0]);
        assertEquals(0, p.exitValue(), Files.readString(dir.resolve("err.txt")));
        return Files.readString(dir.resolve("out.txt"));
    }
}
