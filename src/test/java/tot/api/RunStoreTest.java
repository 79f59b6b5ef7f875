package tot.api;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RunStore's answers about a run that is not there. */
class RunStoreTest {
    @TempDir
    Path dir;

    /** executions and accesses of no such run: NOT_FOUND, as inputs, outputs and key say (an empty list looked like a run). */
    @Test
    void aRunThatIsNotThereIsNotFoundByEveryQuery() throws Exception {
        String db = dir.resolve("t.db").toString();
        Tot.trace(List.of("true"), TraceOptions.defaults().withDatabase(db).withDirectory(dir));
        try (RunStore s = RunStore.open(db)) {
            assertEquals(1, s.executions(1).size());
            assertFalse(s.accesses(1).isEmpty());
            for (var query : List.<org.junit.jupiter.api.function.Executable>of(() -> s.executions(2), () -> s.accesses(2),
                    () -> s.inputs(2, FileFilter.ALL), () -> s.key(2, FileFilter.ALL, null))) {
                assertEquals(TotException.Reason.NOT_FOUND, assertThrows(TotException.class, query).reason());
            }
        }
    }
}
