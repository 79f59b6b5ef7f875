package tot.linux;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Both ways of reading a stopped tracee's memory (process_vm_readv, PTRACE_PEEKDATA) give the
 * bytes the kernel itself reports: /proc/PID/cmdline, read at the argument area's address from
 * /proc/PID/stat, aligned and not, across a page end, and EFAULT-like errors for a bad pointer.
 */
class MemoryReadsTest {
    @Test
    void peekdataAndVmReadvReadWhatProcReports() throws Exception {
        String argv0 = "/a/long/argv0/" + "x".repeat(5000) + "/end"; // longer than a page: crosses one
        try (Kernel k = new Kernel()) {
            int child = k.spawn(bytes("/bin/sleep"), List.of(bytes(argv0), bytes("30")));
            try {
                k.seize(child, 0);
                k.interrupt(child);
                k.wait(child, Linux.__WALL);
                String[] stat = Files.readString(Path.of("/proc/" + child + "/stat")).split("\\) ", 2)[1].split(" ");
                long argStart = Long.parseLong(stat[47 - 2]); // field 48, counted after "pid (comm)"
                byte[] cmdline = Files.readAllBytes(Path.of("/proc/" + child + "/cmdline"));
                byte[] first = Arrays.copyOf(cmdline, argv0.length());
                assertArrayEquals(bytes(argv0), first, "/proc's own view");

                for (Kernel.MemoryReads how : Kernel.MemoryReads.values()) {
                    k.memoryReads(how);
                    assertArrayEquals(first, k.readCString(child, argStart, 1 << 16), how + " aligned");
                    assertArrayEquals(Arrays.copyOfRange(first, 3, first.length), k.readCString(child, argStart + 3, 1 << 16),
                            how + " unaligned");
                    assertArrayEquals(Arrays.copyOf(first, 10), k.readCString(child, argStart, 10), how + " capped at max");
                    assertArrayEquals(Arrays.copyOfRange(cmdline, 5, 105), k.readBytes(child, argStart + 5, 100), how + " bytes");
                    assertThrows(ErrnoException.class, () -> k.readCString(child, 8, 100), how + " bad pointer");
                    assertEquals(how, k.memoryReads(), "an ordinary EFAULT does not switch the method");
                }
            } finally {
                Signals.kill(child, Linux.SIGKILL);
                k.wait(child, Linux.__WALL);
            }
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
