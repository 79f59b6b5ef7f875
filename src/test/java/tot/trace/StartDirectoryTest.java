package tot.trace;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tot.trace.TotProcess.Result;

/** `tot log -C DIR`: the command starts in DIR under either engine; tot's own files stay where tot runs. */
class StartDirectoryTest {
    @TempDir
    Path dir;

    @Test
    void theCommandStartsInTheDirectoryAndTotsFilesStayPut() throws Exception {
        Path sub = Files.createDirectories(dir.resolve("sub"));
        Files.writeString(sub.resolve("in.txt"), "x\n");
        Path step = sub.resolve("step");
        Files.writeString(step, "#!/bin/sh\ncp in.txt out.txt\n");
        step.toFile().setExecutable(true);
        List<List<String>> engines = new ArrayList<>(List.of(List.of()));
        if (EbpfSupport.unavailable() == null) engines.add(List.of("--engine", "ebpf"));
        for (List<String> engine : engines) {
            List<String> extra = new ArrayList<>(engine);
            extra.addAll(List.of("--no-db", "-C", "sub"));
            Result r = TotProcess.log(dir, extra, "./step");
            assertEquals(0, r.status(), engine + ": " + r.stderr());
            assertTrue(Files.exists(dir.resolve("deps.json")), "-d deps.json is where tot runs");
            JsonNode root = r.deps().stream().filter(x -> x.get("Cmd").get("Parent").asInt() == 0).findFirst().orElseThrow().get("Cmd");
            assertEquals(sub.toString(), root.get("Dir").asText(), engine.toString());
            assertEquals(step.toString(), root.get("Path").asText(), engine + ": ./step is found in DIR");
            assertEquals(List.of(sub + "/out.txt"), TotProcess.Result.strings(r.byArgs("cp", "in.txt", "out.txt").get("Outputs")));
            Files.delete(sub.resolve("out.txt"));
        }
        Result missing = TotProcess.log(dir, List.of("--no-db", "-C", "nowhere"), "true");
        assertEquals(2, missing.status());
        assertTrue(missing.stderr().contains("nowhere: not a directory"), missing.stderr());
        Result attach = TotProcess.log(dir, List.of("--no-db", "-C", "sub", "-p", "1"));
        assertEquals(2, attach.status());
        assertTrue(attach.stderr().contains("-C is where a command starts: not with -p"), attach.stderr());
    }
}
