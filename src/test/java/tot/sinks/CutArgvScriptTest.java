package tot.sinks;

import static org.junit.jupiter.api.Assertions.*;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tot.model.Execution;

/** The launcher script of an execution whose argv was recorded cut short refuses to run: replayed, it was another command. */
class CutArgvScriptTest {
    @TempDir
    Path dir;

    @Test
    void aCutArgvsScriptRefusesToRun() throws Exception {
        Files.createDirectories(dir.resolve("data/build"));
        Files.writeString(dir.resolve("data/keep.txt"), "precious");
        // the traced `rm -rf DIR/data/build`, its last argument cut after "data"
        Execution x = new Execution(2, 1, 100, dir.toString(), "/bin/rm", List.of("rm", "-rf", dir + "/data"), null,
                new TreeMap<>(), 0);
        Path whole = Files.writeString(dir.resolve("whole"), LauncherScripts.script(x));
        x.warn(Execution.ARGV_CUT);
        assertTrue(x.argvCut());
        Path cut = Files.writeString(dir.resolve("cut"), LauncherScripts.script(x));
        Process p = new ProcessBuilder("bash", cut.toString()).redirectError(dir.resolve("err.txt").toFile())
                .redirectOutput(new File("/dev/null")).start();
        assertEquals(2, p.waitFor());
        assertEquals(cut + ": not run: the argv tot recorded for this step was cut short (longer than an eBPF record holds)",
                Files.readString(dir.resolve("err.txt")).strip());
        assertTrue(Files.exists(dir.resolve("data/keep.txt")), "nothing ran");
        assertTrue(Files.readString(cut).startsWith("#!/bin/bash\ncd "), "still tot's script to --clean");
        assertTrue(Files.readString(cut).endsWith(Files.readString(whole).substring(Files.readString(whole).indexOf("${exec"))),
                "what was recorded stays readable below");
    }
}
