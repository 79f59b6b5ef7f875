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
        assertTrue(bar.text().matches("tot: importing: 2 executions, 5 files, 0:0\\d"), bar.text()); // the time: however long it took
    }

    /** A directory made is no file: an event stream's mkdir is not counted as one. */
    @Test
    void aDirectoryMadeIsNoFile() throws Exception {
        Path events = Files.writeString(dir.resolve("ev.jsonl"), """
                {"t":1,"ev":"exec","pid":5,"tid":5,"syscall":"execve","id":1,"parent":0,"path":"/bin/mkdir","args":["mkdir","d"],"dir":"/w","fds":{}}
                {"t":2,"ev":"mkdir","exec":1,"path":"/w/d","syscall":"mkdir"}
                {"t":3,"ev":"input","exec":1,"path":"/w/d/x","syscall":"openat","err":"ENOENT"}
                {"t":4,"ev":"end","exec":1,"exit":0}
                """);
        Progress bar = new Progress("importing: ");
        try (Store store = Store.open(dir.resolve("tot.db"))) {
            Importer importer = new Importer(store, "/w", false);
            importer.count(bar);
            importer.begin(List.of(Source.read(events.toString())));
            importer.importFile(Source.read(events.toString()));
            store.commit();
        } finally {
            bar.close();
        }
        assertTrue(bar.text().startsWith("tot: importing: 1 execution, 1 file, "), "the program, not its directory: " + bar.text());
    }
}
