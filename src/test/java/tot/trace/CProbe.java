package tot.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/** Builds a C probe from testdata/probes with cc (the test is skipped when there is no compiler). */
final class CProbe {
    private CProbe() {}

    /** Compiles testdata/probes/NAME.c into DIR/NAME and returns its path. */
    static Path build(String name, Path dir) throws IOException, InterruptedException {
        return build(name, dir, List.of());
    }

    /**
     * Compiles testdata/probes/NAME.c with extra cc {@code flags} (e.g. -m32) into DIR/NAME; the
     * test is skipped when cc cannot build for them (-m32 needs gcc-multilib, which .ci/run installs).
     */
    static Path build(String name, Path dir, List<String> flags) throws IOException, InterruptedException {
        Assumptions.assumeTrue(hasCc(), "no C compiler (cc) to build testdata/probes/" + name + ".c");
        if (!flags.isEmpty()) Assumptions.assumeTrue(canBuild(flags), "cc cannot build with " + flags + " here");
        Path out = java.nio.file.Files.createDirectories(dir).resolve(name);
        List<String> cmd = new ArrayList<>(List.of("cc", "-Wall"));
        cmd.addAll(flags);
        cmd.addAll(List.of("-o", out.toString(), Path.of("testdata/probes", name + ".c").toAbsolutePath().toString()));
        Process cc = new ProcessBuilder(cmd).inheritIO().start();
        assertEquals(0, cc.waitFor(), "cc " + flags + " failed on testdata/probes/" + name + ".c");
        return out;
    }

    /** Whether cc builds a program with {@code flags} here (e.g. -m32 without gcc-multilib does not). */
    static boolean canBuild(List<String> flags) throws IOException, InterruptedException {
        if (!hasCc()) return false;
        Path d = java.nio.file.Files.createTempDirectory("tot-cc");
        Path src = d.resolve("cc-probe.c");
        java.nio.file.Files.writeString(src, "#include <stdio.h>\nint main(void) { return puts(\"\") < 0; }\n");
        List<String> cmd = new ArrayList<>(List.of("cc"));
        cmd.addAll(flags);
        cmd.addAll(List.of("-o", d.resolve("cc-probe").toString(), src.toString()));
        try {
            return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor() == 0;
        } finally {
            try (var files = java.nio.file.Files.list(d)) {
                for (Path f : files.toList()) java.nio.file.Files.delete(f);
            }
            java.nio.file.Files.delete(d);
        }
    }

    static boolean hasCc() {
        try {
            return new ProcessBuilder("cc", "--version").start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
