package tot.trace;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tot.trace.TotProcess.Result;

/**
 * While the ptrace engine traces, tot (root) holds idle CPUs polling through a
 * /dev/cpu_dma_latency request, which --no-idle-poll leaves out; the traced command never gets
 * the request's fd. The command looks at its parent's fds, tot's, and at its own.
 */
class IdlePollTest {
    private static final String DEVICE = "/dev/cpu_dma_latency";
    private static final String LOOK = "ls -l /proc/$PPID/fd > tot-fds.txt; ls -l /proc/$$/fd > own-fds.txt";

    @TempDir
    Path dir;

    @Test
    void totHoldsTheRequestWhileTracingAndTheCommandNeverGetsIt() throws Exception {
        assumeRootWithDevice();
        Result r = TotProcess.log(dir, List.of("--no-db"), "sh", "-c", LOOK);
        assertEquals(0, r.status(), r.stderr());
        assertTrue(Files.readString(dir.resolve("tot-fds.txt")).contains(DEVICE), "tot holds " + DEVICE);
        assertFalse(Files.readString(dir.resolve("own-fds.txt")).contains(DEVICE), "the command does not");
    }

    @Test
    void noIdlePollHoldsNothing() throws Exception {
        assumeRootWithDevice();
        Result r = TotProcess.log(dir, List.of("--no-db", "--no-idle-poll"), "sh", "-c", LOOK);
        assertEquals(0, r.status(), r.stderr());
        String fds = Files.readString(dir.resolve("tot-fds.txt"));
        assertTrue(fds.contains("pipe:") || fds.contains("/"), "the listing is tot's: " + fds);
        assertFalse(fds.contains(DEVICE));
    }

    private static void assumeRootWithDevice() {
        Assumptions.assumeTrue(ProcessHandle.current().info().user().orElse("").equals("root"), "only root may open " + DEVICE);
        Assumptions.assumeTrue(Files.exists(Path.of(DEVICE)), "this kernel has no " + DEVICE);
    }
}
