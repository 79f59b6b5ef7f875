package tot.ci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Patterns as .gitignore reads them: a bare name anywhere, a path relative to the current directory. */
class GlobTest {
    private static List<Boolean> matches(String glob, String... paths) {
        Glob g = Glob.of(glob, "/w");
        return java.util.Arrays.stream(paths).map(g::matches).toList();
    }

    @Test
    void patterns() {
        assertEquals(List.of(true, true, false), matches("*.o", "/w/a.o", "/x/y/b.o", "/w/a.c"), "a name, in any directory");
        assertEquals(List.of(true, false, false), matches("src/*.c", "/w/src/a.c", "/w/src/sub/a.c", "/src/a.c"), "* stays in a name");
        assertEquals(List.of(true, true, true, false), matches("build/**", "/w/build/a", "/w/build/x/y.o", "/w/build/", "/w/buildx/a"));
        assertEquals(List.of(true, true), matches("src/**/*.h", "/w/src/a.h", "/w/src/x/y/b.h"), "**/ may match no directory");
        assertEquals(List.of(true, false), matches("/usr/**", "/usr/lib/libc.so", "/w/usr/x"), "absolute");
        assertEquals(List.of(true, false), matches("../other/*", "/other/f", "/w/other/f"), "relative to the current directory");
        assertEquals(List.of(true, false, true), matches("a?[0-9][!x].c", "/w/ab1y.c", "/w/ab1x.c", "/q/az9z.c"));
        assertEquals(List.of(true, false), matches("lit\\*.c", "/w/lit*.c", "/w/litx.c"), "a backslash quotes");
        assertEquals(List.of(true), matches("caf*", "/w/caf\udce9"), "* matches bytes that are not UTF-8");
        assertThrows(IllegalArgumentException.class, () -> Glob.of("", "/w"));
    }

    /** As git reads .gitignore: a pattern that matches a directory matches everything below it. */
    @Test
    void aPatternMatchingADirectoryMatchesWhatIsBelowIt() {
        assertEquals(List.of(true, true, true, false), matches("vendor", "/w/vendor/x/lib.c", "/q/vendor/a", "/w/vendor", "/w/vendors/a"),
                "a name: a directory of that name anywhere, or a file");
        assertEquals(List.of(true, true, false), matches("vendor/", "/w/vendor/x/lib.c", "/q/vendor/a", "/w/vendor"),
                "a trailing slash: directories only, at any depth; a path's own name is a file's");
        assertEquals(List.of(true, false), matches("/abs/vendor", "/abs/vendor/x/lib.c", "/w/abs/vendor/a"), "absolute");
        assertEquals(List.of(true, false), matches("sub/vendor/", "/w/sub/vendor/a", "/q/sub/vendor/a"), "relative to the current directory");
        assertEquals(List.of(true, false), matches("*.d", "/w/x.d/a.c", "/w/x.dd/a.c"), "a wildcard matches a directory too");
    }

    /**
     * A pattern given through a symlinked checkout (`$PWD/src/**`, `$PWD` a link) matches the
     * real paths a run records too; the real directory's name is read literally, wildcards in it
     * or not.
     */
    @Test
    void aPatternThroughALinkedDirectoryMatchesItsRealPath(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path real = java.nio.file.Files.createDirectories(dir.resolve("re[a]l*"));
        java.nio.file.Path link = java.nio.file.Files.createSymbolicLink(dir.resolve("link"), real);
        Glob g = Glob.of(link + "/src/**", "/w");
        assertEquals(List.of(true, true, false, false), java.util.stream.Stream.of(link + "/src/a.c", real + "/src/x/b.h", real + "/other/c",
                dir + "/reAl/src/a.c").map(g::matches).toList());
        assertEquals(List.of(true, false), java.util.stream.Stream.of(real + "/Makefile", real + "/Makefile.in")
                .map(Glob.of("Makefile", link.toString())::matches).toList(), "a bare name stays a name");
        assertEquals(List.of(true), java.util.stream.Stream.of(real + "/Makefile").map(Glob.of(link + "/Makefile", "/w")::matches).toList());
    }
}
