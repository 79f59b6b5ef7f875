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

    /** Every byte tot wrote: deps.json, the event stream, the scripts, tot.db (checkpointed at close). */
    private String everythingWritten() throws Exception {
        StringBuilder all = new StringBuilder();
        try (var files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                all.append(new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1));
            }
        }
        return all.toString();
    }

    private static final Map<String, String> SECRETS = Map.of("GITHUB_TOKEN", "ghp_abc123", "DB_PWD", "pw-456",
            "GH_PAT", "pat-789", "DATABASE_URL", "postgres://app:hunter2@db/prod", "PLAIN", "visible-yes");

    @Test
    void noCopyOfASecretIsLeft() throws Exception {
        for (List<String> trace : List.of(List.<String>of(), List.of("--trace=execve"))) {
            Result r = logWithEnv(SECRETS, concat(List.of("-e", "-o", "ev.jsonl", "-s", "scripts", "--db", "t.db"), trace),
                    "sh", "-c", "/bin/true");
            assertEquals(0, r.status(), r.stderr());
            String all = everythingWritten();
            assertTrue(all.contains("visible-yes"), "the environment was recorded");
            for (String secret : List.of("ghp_abc123", "pw-456", "pat-789", "hunter2")) {
                assertFalse(all.contains(secret), secret + " leaked with " + trace);
            }
            String execve = TotProcess.events(dir.resolve("ev.jsonl")).stream()
                    .filter(e -> e.get("ev").asText().equals("syscall") && e.get("name").asText().equals("execve"))
                    .findFirst().orElseThrow().get("args").get(2).asText();
            assertTrue(execve.matches("0x[0-9a-f]+ /\\* \\d+ vars \\*/"), "envp as strace shows it: " + execve);
            int rows;
            try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("t.db"));
                 var rs = c.createStatement().executeQuery("SELECT count(*) FROM syscalls")) {
                rows = rs.getInt(1);
            }
            if (trace.isEmpty()) assertEquals(0, rows, "no syscalls rows without --trace, although -o reports syscalls");
            else assertTrue(rows >= 2, "--trace=execve stores the execve calls: " + rows);
            Files.delete(dir.resolve("t.db"));
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
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
