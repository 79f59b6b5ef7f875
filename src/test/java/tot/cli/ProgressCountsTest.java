package tot.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tot.imports.Importer;
import tot.imports.Source;
import tot.store.Store;

/** What the progress line counts during an import: executions and distinct files, from the importer. */
class ProgressCountsTest {
    @TempDir
    Path dir;

    @Test
    void anImportIsCounted() throws Exception {
        Path deps = Files.writeString(dir.resolve("deps.json"), """
                [{"Cmd": {"Parent": 0, "ID": 1, "Dir": "/w", "Path": "/bin/sh", "Args": ["sh"]},
                  "Inputs": ["/w/a", "/w/b"], "Outputs": ["/w/c"]},
                 {"Cmd": {"Parent": 1, "ID": 2, "Dir": "/w", "Path": "/bin/cat", "Args": ["cat", "a"]},
                  "Inputs": ["/w/a"], "Outputs": []}]
                """);
        Progress bar = new Progress("importing: ");
        try (Store store = Store.open(dir.resolve("tot.db"))) {
            Importer importer = new Importer(store, "/w", false);
            importer.count(bar);
            importer.begin(List.of(Source.read(deps.toString())));
            importer.importFile(Source.read(deps.toString()));
            store.commit();
        } finally {
            bar.close();
        }
        // the binaries /bin/sh and /bin/cat are files it accessed too
        assertEquals("tot: importing: 2 executions, 5 files, 0:00", bar.text());
    }
}
