package tot.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A --db name is a file name, whatever it holds: SQLite opens the file tot checked, not a URI or pragmas read from it. */
class SqliteUriTest {
    @TempDir
    Path dir;

    @Test
    void aNameWithUriSyntaxIsTheFileOfThatName() throws Exception {
        List<String> names = List.of("file:m.db?mode=memory", "p.db?journal_mode=delete", "q%41.db", "r#s.db", "t é.db");
        for (String name : names) {
            Path db = dir.resolve(name);
            addRun(db, "k-" + name);
            try (StoreReader r = StoreReader.open(db)) {
                assertEquals(1, r.runs(null).size(), name);
            }
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(names.stream().sorted().toList(), files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void aRunIsCopiedFromAFileWithSuchAName() throws Exception {
        Path from = dir.resolve("a.db?journal_mode=delete"), to = dir.resolve("b.db");
        Files.createFile(dir.resolve("a.db")); // what the name would have been cut to: not a database
        long run = addRun(from, "k");
        try (Store s = Store.open(to)) {
            s.copyRun(from, run);
        }
        try (StoreReader r = StoreReader.open(to)) {
            assertEquals(1, r.runs(null).size());
        }
    }

    /** Adds a complete run to {@code db}; returns its id. */
    private static long addRun(Path db, String key) throws Store.StoreException {
        try (Store s = Store.open(db)) {
            s.begin();
            long run = s.addRun(new Store.Run(key, "log", null, List.of("true"), "/", "host", "me", 1L));
            s.finishRun(run, 2L, 0, true);
            s.commit();
            return run;
        }
    }
}
