package tot.imports;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the tot command line as its own JVM (as a user would), in a directory (also for tot.graph's tests). */
public final class Tot {
    private Tot() {}

    public record Result(int status, String stderr) {
        public List<String> lines() {
            return stderr.lines().toList();
        }
    }

    /** Standard output of a command that must succeed. */
    public static String runOut(Path dir, String... args) throws IOException, InterruptedException {
        Path out = Files.createTempFile(dir, "stdout", ".txt");
        Result r = run(dir, ProcessBuilder.Redirect.to(out.toFile()), args);
        String text = Files.readString(out, StandardCharsets.UTF_8);
        Files.delete(out);
        if (r.status() != 0) throw new AssertionError("tot " + String.join(" ", args) + ": status " + r.status() + "\n" + r.stderr());
        return text;
    }

    public static Result run(Path dir, String... args) throws IOException, InterruptedException {
        return run(dir, ProcessBuilder.Redirect.DISCARD, args);
    }

    private static Result run(Path dir, ProcessBuilder.Redirect stdout, String... args) throws IOException, InterruptedException {
        List<String> cmd = tot.TotJvm.command(List.of(args));
        Path err = Files.createTempFile(dir, "stderr", ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectInput(new File("/dev/null"))
                .redirectOutput(stdout).redirectError(err.toFile());
        pb.environment().put("TOT_DB", "tot.db"); // in the test's directory
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("tot " + String.join(" ", args) + " did not finish");
        }
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        Files.delete(err);
        return new Result(p.exitValue(), stderr);
    }

    /**
     * Traces a small shell command in {@code dir} (writes a, b, a renamed temp file, deletes one,
     * fails to open one, exits 3) into deps.json, events.jsonl and log.db (tot log's own rows).
     */
    static void traceSample(Path dir) throws IOException, InterruptedException {
        Result r = run(dir, "log", "--db", "log.db", "--no-hash", "-d", "deps.json", "-o", "events.jsonl", "--",
                "sh", "-c", "echo a > a; cat a | tee b >/dev/null; { echo x > t.tmp; mv t.tmp t; }; rm a;"
                        + " cat nonexist 2>/dev/null; exit 3");
        if (r.status() != 3) throw new AssertionError("tot log: status " + r.status() + "\n" + r.stderr());
    }
}
