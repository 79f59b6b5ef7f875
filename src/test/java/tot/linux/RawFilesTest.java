package tot.linux;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RawFilesTest {
    @TempDir
    Path dir;

    /** Many getdents64 buffers' worth, names that are not numbers left out, ascending. */
    @Test
    void numberedEntriesListsEveryNumberedName() throws Exception {
        for (int i = 2999; i >= 0; i -= 3) Files.createFile(dir.resolve(Integer.toString(i)));
        for (String other : new String[] {"x", "12a", "99999999999", "-1", ".hidden"}) Files.createFile(dir.resolve(other));
        int[] expected = IntStream.iterate(2, i -> i <= 2999, i -> i + 3).toArray();
        assertArrayEquals(expected, RawFiles.numberedEntries(dir.toString()));
    }

    @Test
    void numberedEntriesOfProcSelfFdAreJavasView() throws Exception {
        int[] expected;
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            expected = fds.mapToInt(p -> Integer.parseInt(p.getFileName().toString())).sorted().toArray();
        }
        int[] listed = RawFiles.numberedEntries("/proc/self/fd");
        // each listing has its own directory fd open while it reads: at most that one differs
        var only = new java.util.TreeSet<Integer>(IntStream.of(listed).boxed().toList());
        IntStream.of(expected).forEach(only::remove);
        var missing = new java.util.TreeSet<Integer>(IntStream.of(expected).boxed().toList());
        IntStream.of(listed).forEach(missing::remove);
        assertTrue(only.size() <= 1 && missing.size() <= 1 && listed.length > 3, only + " / " + missing);
        assertNull(RawFiles.numberedEntries(dir.resolve("missing").toString()));
        assertNull(RawFiles.numberedEntries("/etc/hostname"), "not a directory");
    }

    /**
     * read: only regular files, checked on the open fd: what a traced program could put in a file's
     * place (a link to /dev/zero, a FIFO with no writer) ends the read at once instead of hanging it.
     */
    /** What an fd link in /proc is open on: a directory even once its name is gone, a file, a pipe; a closed fd is unknown. */
    @Test
    void typeAsCachedFollowsProcFdLinks() throws Exception {
        Path d = Files.createDirectory(dir.resolve("d"));
        Files.writeString(dir.resolve("f"), "x");
        try (var channel = java.nio.channels.FileChannel.open(dir.resolve("f"))) {
            assertEquals(RawFiles.Type.DIRECTORY, RawFiles.typeAsCached(d.toString()));
            assertEquals(RawFiles.Type.FILE, RawFiles.typeAsCached(dir.resolve("f").toString()));
            assertEquals(RawFiles.Type.NONE, RawFiles.typeAsCached(dir.resolve("missing").toString()));
            assertEquals(RawFiles.Type.DIRECTORY, RawFiles.typeAsCached("/proc/self/cwd"));
            assertEquals(RawFiles.Type.OTHER, RawFiles.typeAsCached("/dev/null"));
        }
        Files.delete(d);
        assertEquals(RawFiles.Type.NONE, RawFiles.typeAsCached(d.toString()));
    }

    @Test
    void readReadsRegularFilesOnly() throws Exception {
        Files.write(dir.resolve("f"), new byte[70_000]);
        long[] total = {0};
        assertTrue(RawFiles.read(dir.resolve("f").toString(), (buf, n) -> total[0] += n));
        assertEquals(70_000, total[0]);
        Files.createSymbolicLink(dir.resolve("zero"), Path.of("/dev/zero"));
        assertFalse(RawFiles.read(dir.resolve("zero").toString(), (buf, n) -> total[0] += n));
        assertEquals(0, new ProcessBuilder("mkfifo", dir.resolve("fifo").toString()).start().waitFor());
        assertFalse(RawFiles.read(dir.resolve("fifo").toString(), (buf, n) -> total[0] += n));
        assertFalse(RawFiles.read(dir.resolve("missing").toString(), (buf, n) -> total[0] += n));
        assertEquals(70_000, total[0]);
    }
}
