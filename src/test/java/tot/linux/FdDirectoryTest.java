package tot.linux;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Another process's /proc/PID/fd through FdDirectory: links, kcmp's answers, the kernel's count. */
class FdDirectoryTest {
    @TempDir
    Path dir;

    @Test
    void namesComparesAndCountsTheFdsOfAProcess() throws Exception {
        Path a = Files.writeString(dir.resolve("a.txt"), "a"), b = Files.writeString(dir.resolve("b.txt"), "b");
        // 3 and 4: one open file; 5: a.txt opened again; 6: b.txt; 7: not open
        Process holder = new ProcessBuilder("sh", "-c", "exec 7<&- 3< a.txt 4<&3 5< a.txt 6< b.txt; echo ready; exec sleep 60")
                .directory(dir.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE).start();
        try {
            assertEquals("ready", new String(holder.getInputStream().readNBytes(5)));
            try (FdDirectory fds = FdDirectory.open((int) holder.pid())) {
                assertEquals(a.toRealPath().toString(), fds.link(3));
                assertEquals(b.toRealPath().toString(), fds.link(6));
                assertNull(fds.link(7));
                assertEquals(FdDirectory.Comparison.SAME, fds.compare(4, 3), "a copy (dup) is the same open file");
                assertEquals(FdDirectory.Comparison.DIFFERENT, fds.compare(5, 3), "two opens of one file are two open files");
                assertEquals(FdDirectory.Comparison.DIFFERENT, fds.compare(6, 3));
                assertEquals(FdDirectory.Comparison.NOT_OPEN, fds.compare(7, 3));
                int[] listed = fds.fds();
                assertTrue(Arrays.binarySearch(listed, 6) >= 0 && Arrays.binarySearch(listed, 7) < 0, Arrays.toString(listed));
                String[] release = System.getProperty("os.version").split("[.-]");
                boolean counts = Integer.parseInt(release[0]) > 6 || Integer.parseInt(release[0]) == 6 && Integer.parseInt(release[1]) >= 2;
                assertEquals(counts ? listed.length : -1, fds.openCount(), "the kernel's count (Linux 6.2 on) is the listing's");
            }
        } finally {
            holder.destroyForcibly().waitFor();
        }
        assertNull(FdDirectory.open(Integer.MAX_VALUE), "no such process");
    }
}
