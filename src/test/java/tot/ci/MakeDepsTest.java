package tot.ci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tot.util.ByteStrings;

/** Depfiles as GNU Make and Ninja read them: the escapes checked with both programs, and read back. */
class MakeDepsTest {
    @TempDir
    Path dir;

    /** File names with every character the escaping handles, and bytes that are not UTF-8. */
    private static final List<String> ODD = List.of("plain.c", "with space.h", "two  spaces", "hash#sign", "dollar$sign",
            "colon:in", "percent%x.c", "back\\slash", "back\\ space", "tilde~(paren)x", "caf\u00e9.h", "latin\udce9.h", "[brackets]",
            "at@plus+eq=", "bang!{brace},comma");

    private static String run(Path dir, String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) throw new AssertionError(String.join(" ", command) + " hung");
        return ByteStrings.decode(out);
    }

    private static boolean have(String tool) {
        for (String d : System.getenv("PATH").split(":")) if (Files.isExecutable(Path.of(d, tool))) return true;
        return false;
    }

    private byte[] depfile() throws Exception {
        return ByteStrings.encode(MakeDeps.text(List.of(new MakeDeps.Rule("out", ODD)), false));
    }

    @Test
    void gnuMakeReadsEveryNameAsWritten() throws Exception {
        assumeTrue(have("make"), "make is not installed");
        Files.write(dir.resolve("out.d"), depfile());
        Files.writeString(dir.resolve("Makefile"), "include out.d\nout:\n\t@true\n.DEFAULT:\n\t@:\n"); // no prerequisite exists
        Set<String> seen = new TreeSet<>();
        for (String line : run(dir, "make", "-d", "out").split("\n")) {
            int at = line.indexOf("Considering target file '");
            if (at >= 0 && line.endsWith("'.")) seen.add(line.substring(at + 25, line.length() - 2));
        }
        seen.removeAll(Set.of("out", "out.d", "Makefile"));
        assertEquals(new TreeSet<>(ODD), seen);
    }

    @Test
    void ninjaReadsEveryNameAsWritten() throws Exception {
        assumeTrue(have("ninja"), "ninja is not installed");
        Files.writeString(dir.resolve("build.ninja"), "rule gen\n  command = cp out.d.in out.d && touch out\n  depfile = out.d\n  deps = gcc\nbuild out: gen\n");
        Files.write(dir.resolve("out.d.in"), depfile());
        run(dir, "ninja");
        List<String> deps = new ArrayList<>();
        for (String line : run(dir, "ninja", "-t", "deps").split("\n")) if (line.startsWith("    ")) deps.add(line.substring(4));
        assertEquals(new TreeSet<>(ODD), new TreeSet<>(deps));
    }

    @Test
    void whatIsWrittenReadsBackAsItWas() throws Exception {
        Random random = new Random(16);
        String alphabet = "ab \\#:$%*?[]~=(){}\u00e9\udcff/.;|";
        for (int n = 0; n < 2000; n++) {
            List<String> names = new ArrayList<>();
            for (int k = 0; k < 3; k++) {
                StringBuilder sb = new StringBuilder();
                int len = 1 + random.nextInt(8);
                for (int i = 0; i < len; i++) sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
                names.add(sb.toString());
            }
            List<MakeDeps.Rule> rules = List.of(new MakeDeps.Rule(names.get(0), names.subList(1, 3)));
            String text;
            try {
                text = MakeDeps.text(rules, false);
            } catch (MakeDeps.Unwritable e) {
                continue; // names neither program reads back alike
            }
            assertEquals(rules, MakeDeps.parse(ByteStrings.encode(text)), text);
        }
    }

    @Test
    void namesTheTwoReadDifferentlyAreRefused() {
        for (String bad : List.of("line\nbreak", "tab\there", "cr\rhere", "ends\\", "ends:", "back\\#hash", "back\\:colon", "back\\$dollar", "",
                "semi;colon", "quote'mark", "dq\"mark", "star*glob", "pipe|x", "q?", "a&b", "<x>", "^", "`x`", "~home", "lib(member)")) {
            assertThrows(MakeDeps.Unwritable.class, () -> MakeDeps.escape(bad), bad);
        }
    }

    @Test
    void gccStyleDepfilesAreRead() {
        String gcc = "main.o: src/main.c src/a\\ b.h \\\n  /usr/include/stdio.h src/h\\#1.h $$x\n\nsrc/a\\ b.h:\n";
        assertEquals(List.of(new MakeDeps.Rule("main.o", List.of("src/main.c", "src/a b.h", "/usr/include/stdio.h", "src/h#1.h", "$x")),
                new MakeDeps.Rule("src/a b.h", List.of())), MakeDeps.parse(gcc.getBytes(StandardCharsets.UTF_8)));
    }
}
