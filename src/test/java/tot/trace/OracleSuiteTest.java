package tot.trace;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tot.trace.TotProcess.Result;

/**
 * Real commands traced by tot and by strace, each in its own copy of the same fixture: per
 * execution, the files strace saw opened, renamed, linked, removed or truncated must be the
 * files in tot's Inputs, Outputs and Deleted (StraceOracle applies tot's documented rules).
 */
class OracleSuiteTest {
    static Stream<Arguments> commands() {
        return Stream.of(
            sh("pipeline with redirections", "cat a b | sort > c 2>err.txt; wc -l < c >> c2; cat c2 >/dev/null"),
            sh("cp (copy_file_range)", "cp a copy"),
            sh("cat f > g (sendfile or read/write)", "cat a > g"),
            sh("mv", "mv a moved"),
            sh("mv over an existing file", "mv a b"),
            sh("ln -s", "ln -s a sym"),
            sh("ln (hard link)", "ln a hard"),
            sh("rm", "rm a"),
            sh("rm -r a tree", "rm -r tree"),
            sh("mkdir -p", "mkdir -p x/y/z && touch x/y/z/f"),
            sh("tar c then tar x", "tar cf t.tar a b tree && mkdir out && tar xf t.tar -C out"),
            sh("gzip and gunzip", "gzip -k a && gunzip -c a.gz > a2"),
            sh("sed -i (temp file + rename)", "sed -i s/a/A/ a"),
            sh("find -exec", "find . -name '*.txt' -exec cat {} +"),
            sh("shell temp file renamed by a child mv", "echo x > out.tmp; mv out.tmp out"),
            sh("python3 temp file + os.replace", TracingTest.PYTHON + " -c \"import os, tempfile\n"
                    + "fd, p = tempfile.mkstemp(dir='.')\nos.write(fd, b'x'); os.close(fd); os.replace(p, 'final')\""),
            sh("python3 truncate and r+", TracingTest.PYTHON + " -c \"import os\nos.truncate('a', 1)\n"
                    + "f = open('b', 'r+'); f.write('B'); f.close()\""),
            tool("make, 3-file C project", "cc", "make -s"),
            tool("git init/add/commit", "git", "export GIT_AUTHOR_DATE=2020-01-01T00:00:00Z GIT_COMMITTER_DATE=2020-01-01T00:00:00Z; git init -q && git add a b"
                    + " && git -c user.name=t -c user.email=t@t commit -qm m"));
    }

    private static Arguments sh(String name, String script) {
        return Arguments.of(Named.of(name, script), null);
    }

    private static Arguments tool(String name, String needs, String script) {
        return Arguments.of(Named.of(name, script), needs);
    }

    /** The same starting directory for both tracers. */
    private static void fixture(Path d) throws IOException {
        for (String f : List.of("stdout.txt", "stderr.txt")) Files.writeString(d.resolve(f), ""); // tot's own, in its run

        Files.writeString(d.resolve("a"), "a\nc\n");
        Files.writeString(d.resolve("b"), "b\n");
        Files.createDirectories(d.resolve("tree/sub"));
        Files.writeString(d.resolve("tree/one.txt"), "1\n");
        Files.writeString(d.resolve("tree/sub/two.txt"), "2\n");
        Files.writeString(d.resolve("main.c"), "int f(void);\nint main(void) { return f(); }\n");
        Files.writeString(d.resolve("f.c"), "#include \"f.h\"\nint f(void) { return G; }\n");
        Files.writeString(d.resolve("f.h"), "#define G 0\n");
        Files.writeString(d.resolve("Makefile"), "prog: main.o f.o\n\tcc -o $@ main.o f.o\nf.o: f.c f.h\n");
        // old timestamps: nothing is "racily clean" for git or make, so both runs read the same files
        try (var files = Files.walk(d)) {
            for (Path p : files.toList()) Files.setLastModifiedTime(p, FileTime.fromMillis(1_600_000_000_000L));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commands")
    void straceAndTotAgree(String script, String needs, @org.junit.jupiter.api.io.TempDir Path base) throws Exception {
        Assumptions.assumeTrue(StraceOracle.available(), "strace is not installed");
        if (needs != null) Assumptions.assumeTrue(onPath(needs), needs + " is not installed");
        Path totDir = Files.createDirectories(base.resolve("tot")), straceDir = Files.createDirectories(base.resolve("strace"));
        fixture(totDir);
        fixture(straceDir);
        Result r = TotProcess.log(totDir, List.of(), "sh", "-c", script);
        assertEquals(0, r.status(), r.stderr());
        Map<String, Set<String>> expected = normalize(StraceOracle.run(straceDir, "sh", "-c", script), straceDir);
        Map<String, Set<String>> actual = normalize(StraceOracle.fromTot(r.deps()), totDir);
        assertEquals(expected, actual, () -> difference(expected, actual));
    }

    /** What only strace and only tot saw, per execution. */
    private static String difference(Map<String, Set<String>> strace, Map<String, Set<String>> tot) {
        StringBuilder sb = new StringBuilder("strace and tot differ:\n");
        Set<String> keys = new TreeSet<>(strace.keySet());
        keys.addAll(tot.keySet());
        for (String k : keys) {
            Set<String> onlyStrace = new TreeSet<>(strace.getOrDefault(k, Set.of())), onlyTot = new TreeSet<>(tot.getOrDefault(k, Set.of()));
            onlyStrace.removeAll(tot.getOrDefault(k, Set.of()));
            onlyTot.removeAll(strace.getOrDefault(k, Set.of()));
            if (!strace.containsKey(k) || !tot.containsKey(k) || !onlyStrace.isEmpty() || !onlyTot.isEmpty()) {
                sb.append("  ").append(k.replace('\0', ' ')).append(strace.containsKey(k) ? "" : " (not in strace)")
                        .append(tot.containsKey(k) ? "" : " (not in tot)").append("\n    only strace: ").append(onlyStrace)
                        .append("\n    only tot: ").append(onlyTot).append('\n');
            }
        }
        return sb.toString();
    }

    /**
     * Paths relative to the run's directory ($D), and the random parts of temp-file names (mkstemp,
     * sed -i, gcc, git) replaced by XXXXXX, so two runs compare.
     */
    private static Map<String, Set<String>> normalize(Map<String, Set<String>> runs, Path dir) throws IOException {
        String root = dir.toRealPath().toString();
        Map<String, Set<String>> out = new TreeMap<>();
        runs.forEach((argv, paths) -> {
            Set<String> files = new TreeSet<>();
            for (String p : paths) {
                if (p.startsWith("/proc/") || p.startsWith("/dev/")) continue; // per-pid and terminal paths differ
                files.add(p.replace(root, "$D").replaceAll("/(tmp|sed|cc|tmp_obj_|incoming-|t)[A-Za-z0-9_]{6,8}((\\.[a-z]+)*)$", "/$1XXXXXX$2"));
            }
            out.merge(argv.replace(root, "$D").replaceAll("/(cc)[A-Za-z0-9_]{6}\\.", "/$1XXXXXX."), files, (x, y) -> {
                x.addAll(y);
                return x;
            });
        });
        return out;
    }

    private static boolean onPath(String tool) {
        try {
            return new ProcessBuilder("sh", "-c", "command -v " + tool).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
