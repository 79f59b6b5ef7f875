package tot.util;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** OutputFile's rules on links, by the kernel's protected_symlinks (end to end: OutputSafetyTest). */
class OutputFileTest {
    @TempDir
    Path dir;

    private UserPrincipal user(String name) throws Exception {
        return dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(name);
    }

    private static void own(Path p, UserPrincipal owner) throws Exception {
        Files.getFileAttributeView(p, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).setOwner(owner);
    }

    private Path target(String name) throws Exception {
        return Files.writeString(dir.resolve(name), "x").toRealPath();
    }

    @Test
    void aLinkInAStickyWorldWritableDirectoryIsFollowedOnlyWhenItsOwnerIsTotsOrTheDirectorys() throws Exception {
        Assumptions.assumeTrue(System.getProperty("user.name").equals("root"), "needs root to chown");
        Path sticky = Files.createDirectory(dir.resolve("sticky"));
        Files.setAttribute(sticky, "unix:mode", 01777);
        Path t = target("t");
        Path planted = Files.createSymbolicLink(sticky.resolve("planted"), t);
        own(planted, user("nobody"));
        assertThrows(FileSystemException.class, () -> OutputFile.resolve(planted.toString()));
        own(sticky, user("nobody")); // the directory's owner may keep links there (the kernel's rule)
        assertEquals(t, ((OutputFile.Regular) OutputFile.resolve(planted.toString())).path());
        Files.setAttribute(sticky, "unix:mode", 0777); // not sticky: whoever may write there may replace files anyway
        own(sticky, user("root"));
        assertEquals(t, ((OutputFile.Regular) OutputFile.resolve(planted.toString())).path());
    }

    @Test
    void aFileAnotherUserPutInAStickyWorldWritableDirectoryIsNotWritten() throws Exception {
        Assumptions.assumeTrue(System.getProperty("user.name").equals("root"), "needs root to chown");
        Path sticky = Files.createDirectory(dir.resolve("sticky"));
        Files.setAttribute(sticky, "unix:mode", 01777);
        Path planted = Files.writeString(sticky.resolve("deps.json"), "theirs");
        own(planted, user("nobody"));
        var e = assertThrows(FileSystemException.class, () -> OutputFile.resolve(planted.toString()));
        assertTrue(e.getMessage().endsWith(": not written"), e.getMessage());
        Files.setAttribute(sticky, "unix:mode", 0777);
        assertEquals(planted, ((OutputFile.Regular) OutputFile.resolve(planted.toString())).path());
    }

    @Test
    void linksAreFollowedAsTheKernelDoes() throws Exception {
        Path t = target("t");
        Files.createDirectory(dir.resolve("d"));
        Files.createSymbolicLink(dir.resolve("d/up"), Path.of(".."));
        Files.createSymbolicLink(dir.resolve("rel"), Path.of("d/up/t"));
        assertEquals(t, ((OutputFile.Regular) OutputFile.resolve(dir.resolve("rel").toString())).path());
        Files.createSymbolicLink(dir.resolve("loop"), dir.resolve("loop"));
        var e = assertThrows(FileSystemException.class, () -> OutputFile.resolve(dir.resolve("loop").toString()));
        assertTrue(e.getMessage().endsWith(": Too many levels of symbolic links"), e.getMessage());
        assertTrue(OutputFile.resolve("/dev/null") instanceof OutputFile.InPlace);
        assertTrue(OutputFile.resolve("/dev/stdout") instanceof OutputFile.InPlace, "an open file, named under /proc");
        assertTrue(OutputFile.resolve("-") instanceof OutputFile.Stdout);
        var missing = (OutputFile.Regular) OutputFile.resolve(dir.resolve("d/up/new.json").toString());
        assertEquals(dir.toRealPath().resolve("new.json"), missing.path());
        assertNull(missing.existing());
    }
}
