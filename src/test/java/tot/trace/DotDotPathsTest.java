package tot.trace;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `..` after a symlink as the kernel takes it, and the lexical name kept wherever it names the same file. */
class DotDotPathsTest {
    @TempDir
    Path dir;

    @Test
    void onlyDotDotComponentsClimb() {
        for (String name : new String[] {"..", "../x", "a/..", "a/../b", "/x/.."}) assertTrue(DotDotPaths.climbs(name), name);
        for (String name : new String[] {"", ".", "..x", "x..", "a/..b/c", "a/b../c", "...", "a/.../b"}) {
            assertFalse(DotDotPaths.climbs(name), name);
        }
    }

    /** Directory {@code target} and `link` to it in the test's directory; that directory's real path. */
    private String linkTo(String target) throws Exception {
        Files.createDirectories(dir.resolve(target));
        Files.createSymbolicLink(dir.resolve("link"), Path.of(target));
        return dir.toRealPath().toString();
    }

    @Test
    void dotDotAfterASymlinkIsTheTargetsParent() throws Exception {
        String t = linkTo("real/deep");
        Files.writeString(dir.resolve("x.txt"), "decoy");
        DotDotPaths paths = new DotDotPaths();
        assertEquals(t + "/real/x.txt", paths.resolve(t + "/link/../x.txt", t + "/x.txt"));
        assertEquals(t + "/real/new/y", paths.resolve(t + "/link/../new/y", t + "/new/y"), "a name not there yet");
        assertEquals(t + "/x.txt", paths.resolve(t + "/link/../../x.txt", "/x.txt"), "two up: the directory above real");
        assertEquals(t + "/real", paths.resolve(t + "/link/..", t));
        assertEquals(t + "/a/x", paths.resolve(t + "/a/../a/x", t + "/a/x"), "no symlink: the lexical name");
    }

    @Test
    void theLexicalNameStaysWhereItNamesTheSameFile() throws Exception {
        String t = dir.toRealPath().toString();
        Files.createDirectories(dir.resolve("usr/lib"));
        Files.createSymbolicLink(dir.resolve("lib"), Path.of("usr/lib")); // a merged /usr
        Files.writeString(dir.resolve("usr/lib/libc.so"), "");
        DotDotPaths paths = new DotDotPaths();
        // lib/.. is usr, not the top; but lib under either is the same directory
        assertEquals(t + "/lib/libc.so", paths.resolve(t + "/lib/../lib/libc.so", t + "/lib/libc.so"));
        Files.createDirectories(dir.resolve("d"));
        Files.createSymbolicLink(dir.resolve("dl"), Path.of("d"));
        assertEquals(t + "/f", paths.resolve(t + "/dl/../f", t + "/f"), "a link beside its target: the same parent");
    }

    /** A hard link or a symlink beside the target's file is another entry: the kernel's is named. */
    @Test
    void aLastComponentIsTheKernelsEntryEvenWhenTheLexicalOneIsTheSameFile() throws Exception {
        String t = linkTo("real/dir");
        Files.writeString(dir.resolve("real/h"), "h");
        Files.createLink(dir.resolve("h"), dir.resolve("real/h"));
        Files.writeString(dir.resolve("real/s"), "s");
        Files.createSymbolicLink(dir.resolve("s"), Path.of("real/s"));
        DotDotPaths paths = new DotDotPaths();
        assertEquals(t + "/real/h", paths.resolve(t + "/link/../h", t + "/h"));
        assertEquals(t + "/real/s", paths.resolve(t + "/link/../s", t + "/s"));
    }

    @Test
    void whatTheTreeChangedIsAskedAgain() throws Exception {
        String t = dir.toRealPath().toString();
        Files.createDirectories(dir.resolve("real/deep"));
        Files.createDirectories(dir.resolve("link"));
        DotDotPaths paths = new DotDotPaths();
        assertEquals(t + "/x", paths.resolve(t + "/link/../x", t + "/x"));
        Files.delete(dir.resolve("link"));
        Files.createSymbolicLink(dir.resolve("link"), Path.of("real/deep"));
        assertEquals(t + "/x", paths.resolve(t + "/link/../x", t + "/x"), "kept until the trace says the tree changed");
        paths.forget();
        assertEquals(t + "/real/x", paths.resolve(t + "/link/../x", t + "/x"));
    }
}
