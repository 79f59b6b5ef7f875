package tot.trace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs `tot log` as its own JVM (as a user would) in a directory and reads what it wrote. */
final class TotProcess {
    static final ObjectMapper JSON = new ObjectMapper();

    record Result(int status, String stderr, List<JsonNode> deps, Path dir) {
        JsonNode byArgs(String... args) {
            for (JsonNode r : deps) {
                List<String> a = new ArrayList<>();
                r.get("Cmd").get("Args").forEach(n -> a.add(n.asText()));
                if (a.equals(List.of(args))) return r;
            }
            throw new AssertionError("no execution with args " + List.of(args) + " in " + deps);
        }

        static List<String> strings(JsonNode array) {
            List<String> out = new ArrayList<>();
            if (array != null) array.forEach(n -> out.add(n.asText()));
            return out;
        }
    }

    static ProcessBuilder builder(Path dir, List<String> totArgs) {
        List<String> cmd = tot.TotJvm.command(totArgs);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().put("TOT_DB", "tot.db"); // in the test's directory, as a relative name (messages say "tot.db")
        return pb;
    }

    /** `tot log -d deps.json [extra] -- command…` in {@code dir}. */
    static Result log(Path dir, List<String> extra, String... command) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("log", "-d", "deps.json"));
        args.addAll(extra);
        args.add("--");
        args.addAll(List.of(command));
        Process p = finish(builder(dir, args).redirectOutput(dir.resolve("stdout.txt").toFile())
                .redirectError(dir.resolve("stderr.txt").toFile()).redirectInput(new File("/dev/null")), 120, "tot");
        return read(dir, p.exitValue());
    }

    /** Starts {@code pb} and waits for it; after {@code seconds}, kills it and fails the test. */
    static Process finish(ProcessBuilder pb, int seconds, String what) throws IOException, InterruptedException {
        Process p = pb.start();
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(what + " did not finish");
        }
        return p;
    }

    /**
     * `tot log -d OUT/deps.json -- command…` run in {@code dir} with exactly {@code env}; tot's
     * deps.json, stdout and stderr (shared with the command) go to {@code out}, not into {@code dir}.
     */
    static Result log(Path dir, Path out, Map<String, String> env, List<String> command) throws IOException, InterruptedException {
        return log(dir, out, env, List.of(), command);
    }

    /** {@link #log(Path, Path, Map, List)} with {@code extra} options before the command. */
    static Result log(Path dir, Path out, Map<String, String> env, List<String> extra, List<String> command)
            throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("log", "-d", out.resolve("deps.json").toString()));
        args.addAll(extra);
        args.add("--");
        args.addAll(command);
        ProcessBuilder pb = builder(dir, args).redirectOutput(out.resolve("stdout.txt").toFile())
                .redirectError(out.resolve("stderr.txt").toFile()).redirectInput(new File("/dev/null"));
        pb.environment().clear();
        pb.environment().putAll(env);
        pb.environment().putIfAbsent("TOT_DB", "tot.db");
        return read(out, finish(pb, 300, "tot").exitValue());
    }

    /** The JSON Lines event stream written with -o. */
    static List<JsonNode> events(Path file) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) out.add(JSON.readTree(line));
        return out;
    }

    static Result read(Path dir, int status) throws IOException {
        String err = Files.readString(dir.resolve("stderr.txt"), StandardCharsets.UTF_8);
        Path deps = dir.resolve("deps.json");
        List<JsonNode> records = new ArrayList<>();
        if (Files.exists(deps)) JSON.readTree(deps.toFile()).forEach(records::add);
        return new Result(status, err, records, dir);
    }
}
