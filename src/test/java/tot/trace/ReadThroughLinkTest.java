package tot.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tot.trace.TotProcess.Result;

/**
 * A build that links sources into its tree and reads them through the links (a file link, a
 * directory link) took in the sources, as strace shows the kernel opening them; a link to a
 * file the build made itself (`libm.so -> libm.so.1`) takes nothing in.
 */
class ReadThroughLinkTest {
    @TempDir
    Path dir;

    record Out(int status, String stdout, String stderr) {}

    private Out tot(String... args) throws Exception {
        Process p = TotProcess.finish(TotProcess.builder(dir, List.of(args)).redirectInput(new File("/dev/null"))
                .redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile()), 120, "tot " + args[0]);
        return new Out(p.exitValue(), Files.readString(dir.resolve("out.txt")), Files.readString(dir.resolve("err.txt")));
    }

    @Test
    void aReadThroughALinkTheRunMadeTakesInItsTarget() throws Exception {
        Files.createDirectories(dir.resolve("src/inc"));
        Files.createDirectories(dir.resolve("gen"));
        Files.writeString(dir.resolve("src/real.h"), "v1\n");
        Files.writeString(dir.resolve("src/inc/a.h"), "a1\n");
        Result r = TotProcess.log(dir, List.of(), "sh", "-c", "ln -s ../src/real.h gen/link.h; ln -s ../src/inc gen/inc;"
                + " cat gen/link.h gen/inc/a.h > one.txt; echo made > lib.so.1; ln -s lib.so.1 lib.so; cat lib.so > two.txt");
        assertEquals(0, r.status(), r.stderr());

        assertEquals("src/inc/a.h\nsrc/real.h\n", tot("inputs", "--under", ".", "--relative").stdout(), "the sources, not the links' names");
        assertEquals("one.txt: \\\n gen/link.h \\\n src/inc/a.h \\\n src/real.h\n", tot("depfile", "--under", ".", "--relative", "one.txt").stdout(),
                "the sources, and the link the run made (an output of it)");
        assertEquals("two.txt: \\\n lib.so \\\n lib.so.1\n", tot("depfile", "--under", ".", "--relative", "two.txt").stdout());
        assertEquals(0, tot("check", "--declared-glob", "src/**").status(), "the declared sources cover what was read through the links");
        Out undeclared = tot("check", "--declared-glob", "src/inc/**", "--relative");
        assertEquals(1, undeclared.status());
        assertEquals("src/real.h\n", undeclared.stdout().lines().filter(l -> !l.startsWith(" ")).map(l -> l + "\n").findFirst().orElse(""));

        String key = tot("key", "--under", ".").stdout();
        assertEquals(key, tot("key", "--under", ".", "--now").stdout());
        Files.writeString(dir.resolve("src/real.h"), "v2\n");
        assertNotEquals(key, tot("key", "--under", ".", "--now").stdout(), "the key covers the source read through the link");
    }
}
