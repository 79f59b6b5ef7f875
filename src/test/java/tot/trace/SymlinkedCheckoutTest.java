package tot.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tot.trace.TotProcess.Result;

/**
 * A checkout reached through a symbolic link (a home directory linked to another disk, `$PWD`
 * holding the link's name): the run records the real paths the kernel resolved, and the names a
 * user gives through the link — a depfile's OUTPUT, lineage's PATH, a declared input, a pattern —
 * find them.
 */
class SymlinkedCheckoutTest {
    @TempDir
    Path dir;

    record Out(int status, String stdout, String stderr) {}

    private Out tot(String... args) throws Exception {
        Process p = TotProcess.finish(TotProcess.builder(dir.resolve("real"), List.of(args)).redirectInput(new File("/dev/null"))
                .redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile()), 120, "tot " + args[0]);
        return new Out(p.exitValue(), Files.readString(dir.resolve("out.txt")), Files.readString(dir.resolve("err.txt")));
    }

    @Test
    void namesGivenThroughALinkedCheckoutFindTheRecordedFiles() throws Exception {
        Path real = Files.createDirectories(dir.resolve("real"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), real);
        Files.writeString(real.resolve("in.txt"), "hello\n");
        Result r = TotProcess.log(real, List.of(), "sh", "-c", "tr a-z A-Z < in.txt > out.txt");
        assertEquals(0, r.status(), r.stderr());

        Out depfile = tot("depfile", "--under", link.toString(), link + "/out.txt");
        assertEquals(0, depfile.status(), depfile.stderr());
        assertEquals(real + "/out.txt: \\\n " + real + "/in.txt\n", depfile.stdout(), "the rule of the file the run made, by its recorded name");

        Out lineage = tot("lineage", "--under", link.toString(), link + "/out.txt");
        assertEquals(0, lineage.status(), lineage.stderr());
        assertTrue(lineage.stdout().startsWith(real + "/out.txt (") && lineage.stdout().contains("      " + real + "/in.txt ("), lineage.stdout());

        Files.writeString(dir.resolve("declared.txt"), link + "/in.txt\n");
        Out check = tot("check", "--declared", dir.resolve("declared.txt").toString());
        assertEquals(0, check.status(), check.stdout() + check.stderr());
        Files.writeString(dir.resolve("declared.txt"), link + "/other.txt\n");
        assertEquals(1, tot("check", "--declared", dir.resolve("declared.txt").toString()).status(), "in.txt itself is still needed");
        assertEquals(0, tot("check", "--declared-glob", link + "/*.txt").status(), "a pattern through the link");
        assertEquals("", tot("inputs", "--under", link.toString(), "--exclude", link + "/in.txt").stdout(), "an exclusion through the link");
    }
}
