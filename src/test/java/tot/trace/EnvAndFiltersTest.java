package tot.trace;

import static org.junit.jupiter.api.Assertions.*;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tot.trace.TotProcess.Result;

/** `-e` with secret redaction, and the deps.json filters --only-outputs / --only. */
class EnvAndFiltersTest {
    @TempDir
    Path dir;

    private Result logWithEnv(Map<String, String> env, List<String> options, String... command) throws Exception {
        List<String> args = new ArrayList<>(List.of("log", "-d", "deps.json"));
        args.addAll(options);
        args.add("--");
        args.addAll(List.of(command));
        ProcessBuilder pb = TotProcess.builder(dir, args).redirectOutput(dir.resolve("stdout.txt").toFile())
                .redirectError(dir.resolve("stderr.txt").toFile()).redirectInput(new File("/dev/null"));
        pb.environment().putAll(env);
        return TotProcess.read(dir, TotProcess.finish(pb, 120, "tot").exitValue());
    }

    private static final Map<String, String> ENV = Map.of("GITHUB_TOKEN", "ghp_abc", "db_password", "hunter2",
            "AWS_SECRET_ACCESS_KEY", "k", "MY_SESSION_ID", "s", "PLAIN", "visible=yes");

    @Test
    void secretLookingValuesAreRedacted() throws Exception {
        Result r = logWithEnv(ENV, List.of("-e"), "true");
        assertEquals(0, r.status(), r.stderr());
        List<String> env = Result.strings(r.deps().get(0).get("Cmd").get("Env"));
        assertTrue(env.containsAll(List.of("GITHUB_TOKEN=tot:redacted", "db_password=tot:redacted",
                "AWS_SECRET_ACCESS_KEY=tot:redacted", "MY_SESSION_ID=tot:redacted", "PLAIN=visible=yes")), env.toString());
        String raw = Files.readString(dir.resolve("deps.json"));
        for (String secret : List.of("ghp_abc", "hunter2")) assertFalse(raw.contains(secret), secret + " leaked");
    }

    @Test
    void envUnredactedKeepsThem() throws Exception {
        Result r = logWithEnv(ENV, List.of("-e", "--env-unredacted"), "true");
        List<String> env = Result.strings(r.deps().get(0).get("Cmd").get("Env"));
        assertTrue(env.containsAll(List.of("GITHUB_TOKEN=ghp_abc", "db_password=hunter2")), env.toString());
        Result none = logWithEnv(ENV, List.of(), "true");
        assertNull(none.deps().get(0).get("Cmd").get("Env"), "no Env without -e");
    }

    private static List<String> names(Result r) {
        return r.deps().stream().map(n -> Result.strings(n.get("Cmd").get("Args")).get(0)).toList();
    }

    @Test
    void onlyOutputsAndOnlyCommandCombineWithOr() throws Exception {
        Files.writeString(dir.resolve("a"), "a");
        String script = "cat a > b; cat b; wc -c a; /bin/true";
        Result all = TotProcess.log(dir, List.of(), "sh", "-c", script);
        assertEquals(List.of("cat", "cat", "wc", "/bin/true", "sh"), names(all));
        Result outputs = TotProcess.log(dir, List.of("--only-outputs"), "sh", "-c", script);
        assertEquals(List.of("sh"), names(outputs), "only sh wrote a file (the redirection is the shell's)");
        Result wc = TotProcess.log(dir, List.of("--only", "wc"), "sh", "-c", script);
        assertEquals(List.of("wc"), names(wc));
        Result both = TotProcess.log(dir, List.of("--only", "/bin/true", "--only", "wc", "--only-outputs"), "sh", "-c", script);
        assertEquals(List.of("wc", "/bin/true", "sh"), names(both), "a full Path, a basename, and the writer");
    }
}
