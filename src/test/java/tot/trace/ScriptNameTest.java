package tot.trace;

import static org.junit.jupiter.api.Assertions.*;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A script without #! is run by /bin/sh, with {@code $0} the name the command was exec'd by: as
 * typed when it has a slash, the PATH entry joined to it when found along PATH (what a shell and
 * execvp pass). Traced, the script sees exactly what it sees untraced (it got the absolute path
 * tot had resolved), under either engine.
 */
class ScriptNameTest {
    @TempDir
    Path dir;
    @TempDir
    Path out;

    @ParameterizedTest
    @ValueSource(strings = {"ptrace", "ebpf"})
    void aScriptWithoutInterpreterLineSeesItsNameAsAShellGivesIt(String engine) throws Exception {
        if (engine.equals("ebpf")) EbpfEngineTest.assumeEbpf();
        Files.createDirectory(dir.resolve("bin"));
        String script = "echo \"0=$0\"; for a; do echo \"arg=$a\"; done; tr '\\0' '|' < /proc/$$/cmdline; echo\n";
        for (Path p : List.of(dir.resolve("x"), dir.resolve("bin/y"))) {
            Files.writeString(p, script);
            p.toFile().setExecutable(true);
        }
        String abs = dir.resolve("x").toString();
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("PATH", "bin:" + dir.resolve("bin") + "/:" + System.getenv("PATH"));
        Map<String, String> envFar = new HashMap<>(env);
        envFar.put("PATH", dir.resolve("bin") + ":" + System.getenv("PATH"));
        for (var typed : List.of(Map.entry("./x", env), Map.entry("y", env), Map.entry("y", envFar), Map.entry(abs, env))) {
            List<String> command = List.of(typed.getKey(), "a", "b c");
            String untraced = untraced(command, typed.getValue());
            assertTrue(untraced.startsWith("0=" + (typed.getKey().equals("y") ? (typed.getValue() == env ? "bin/y" : dir + "/bin/y")
                    : typed.getKey()) + "\narg=a\narg=b c\n/bin/sh|"), untraced);
            TotProcess.Result r = TotProcess.log(dir, out, typed.getValue(), List.of("--engine", engine, "--no-db"), command);
            assertEquals(0, r.status(), r.stderr());
            assertEquals(untraced, Files.readString(out.resolve("stdout.txt")), typed.getKey());
        }
    }

    /** What the script prints run as a shell runs a command ({@code exec "$@"}: dash's lookup, its ENOEXEC fallback). */
    private String untraced(List<String> command, Map<String, String> env) throws Exception {
        List<String> sh = new ArrayList<>(List.of("/bin/sh", "-c", "exec \"$@\"", "sh"));
        sh.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(sh).directory(dir.toFile()).redirectInput(new File("/dev/null"))
                .redirectOutput(out.resolve("untraced.txt").toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        assertEquals(0, TotProcess.finish(pb, 30, "sh").exitValue());
        return Files.readString(out.resolve("untraced.txt"));
    }
}
