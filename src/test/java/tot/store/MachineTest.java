package tot.store;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The machine id: systemd's where there is one, else one tot makes once and keeps. */
class MachineTest {
    @TempDir
    Path dir;

    @Test
    void theSystemsIdFirstThenAKeptOne() throws Exception {
        Path etc = Files.writeString(dir.resolve("machine-id"), "0123456789abcdef0123456789abcdef\n");
        assertEquals("0123456789abcdef0123456789abcdef", Machine.machineId(List.of(dir.resolve("missing"), etc), dir.resolve("data")));
        Files.writeString(etc, "\n"); // empty, as in a container image
        Path data = dir.resolve("data/tot");
        String made = Machine.machineId(List.of(etc), data);
        assertTrue(made.matches("[0-9a-f]{32}"), made);
        assertEquals(made + "\n", Files.readString(data.resolve("machine-id")));
        assertEquals(made, Machine.machineId(List.of(etc), data), "kept: the same id every run");
        try (var files = Files.list(data)) {
            assertEquals(List.of(data.resolve("machine-id")), files.toList(), "no temporary file left");
        }
    }
}
