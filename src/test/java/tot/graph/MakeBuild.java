package tot.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import tot.imports.Tot;
import tot.store.StoreReader;
import tot.store.StoredAccess;
import tot.store.StoredExecution;
import tot.store.StoredRun;

/** A small C project built by make under `tot log` (two objects, a header, a link), and what tot.db holds of it. */
final class MakeBuild {
    final Path dir, db;
    final StoredRun run;
    final List<StoredExecution> executions;
    final List<StoredAccess> accesses;

    private MakeBuild(Path dir) throws Exception {
        this.dir = dir;
        this.db = dir.resolve("tot.db");
        try (StoreReader r = StoreReader.open(db)) {
            run = r.runs("last").getFirst();
            executions = r.executions(run.id());
            accesses = r.accessesOfRun(run.id());
        }
    }

    /** Writes the project into {@code dir} and traces `make` there into dir/tot.db. */
    static MakeBuild trace(Path dir) throws Exception {
        Files.createDirectories(dir.resolve("src"));
        Files.writeString(dir.resolve("src/main.c"), "#include <stdio.h>\n#include \"util.h\"\nint main(void) { printf(\"%d\\n\", twice(21)); return 0; }\n");
        Files.writeString(dir.resolve("src/util.c"), "#include \"util.h\"\nint twice(int x) { return 2 * x; }\n");
        Files.writeString(dir.resolve("src/util.h"), "int twice(int x);\n");
        Files.writeString(dir.resolve("Makefile"), "app: main.o util.o\n\tcc -o $@ main.o util.o\n%.o: src/%.c src/util.h\n\tcc -c -o $@ $<\n");
        Tot.Result r = Tot.run(dir, "log", "--db", "tot.db", "--", "make");
        assertEquals(0, r.status(), r.stderr());
        return new MakeBuild(dir);
    }

    /** The execution whose program is named {@code name} (the first one). */
    StoredExecution execution(String name, String argument) {
        return executions.stream().filter(x -> x.path().endsWith("/" + name) && x.argv().contains(argument)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " " + argument + " in " + executions));
    }

    /** Every path the run read, wrote, ran or removed successfully (devices left out, as tot graph does by default). */
    Set<String> paths() {
        Set<String> paths = new LinkedHashSet<>();
        for (StoredAccess a : accesses) {
            if (a.errno() == 0 && !a.path().matches("/(dev|proc|sys)/.*")) paths.add(a.path());
        }
        return paths;
    }

    /** The successful access of {@code path} by {@code x} of that kind. */
    StoredAccess access(StoredExecution x, String path, tot.store.Operation op) {
        return accesses.stream().filter(a -> a.executionRow() == x.rowId() && a.path().equals(path) && a.operation() == op && a.errno() == 0)
                .findFirst().orElseThrow(() -> new AssertionError(x.argv() + " did not " + op + " " + path));
    }
}
