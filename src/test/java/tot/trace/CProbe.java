package tot.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** Builds a C probe from testdata/probes with cc (the test is skipped when there is no compiler). */
final class CProbe {
    private CProbe() {}

    /** Compiles testdata/probes/NAME.c into DIR/NAME and returns its path. */
    static Path build(String name, Path dir) throws IOException, InterruptedException {
        Assumptions.assumeTrue(hasCc(), "no C compiler (cc) to build testdata/probes/" + name + ".c");
        Path out = java.nio.file.Files.createDirectories(dir).resolve(name);
        Process cc = new ProcessBuilder("cc", "-Wall", "-o", out.toString(), Path.of("testdata/probes", name + ".c").toAbsolutePath().toString())
                .inheritIO().start();
        assertEquals(0, cc.waitFor(), "cc failed on testdata/probes/" + name + ".c");
        return out;
    }

    static boolean hasCc() {
        try {
            return new ProcessBuilder("cc", "--version").start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
