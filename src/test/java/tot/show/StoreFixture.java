package tot.show;

import java.nio.file.Path;
import java.util.List;
import tot.store.Store;
import tot.store.Store.Content;
import tot.store.Store.Kind;

/** A small tot.db written through the Store API, for the show and analysis tests. */
final class StoreFixture {
    private StoreFixture() {}

    static final String V1 = "abcd1111" + "0".repeat(32), V2 = "abcd2222" + "0".repeat(32);

    /** Run 1: gen writes out (V1), use reads it. Run 2: gen writes out again (V2), use reads it, cat reads it. */
    static Path fill(Path dir) throws Exception {
        Path db = dir.resolve("tot.db");
        try (Store s = Store.open(db)) {
            run(s, "run-a", V1, 1000, "use");
            run(s, "run-b", V2, 5000, "use", "cat");
        }
        return db;
    }

    private static void run(Store s, String key, String sha1, long t, String... readers) throws Exception {
        s.begin();
        long run = s.addRun(new Store.Run(key, "log", null, List.of("make"), "/w", "host", "me", t));
        long make = s.addExecution(run, new Store.Execution(1, 0, 100, 100, "/usr/bin/make", List.of("make"), "/w", null, t));
        long gen = s.addExecution(run, new Store.Execution(2, 1, 101, 101, "/w/gen", List.of("./gen", "-o", "out"), "/w", null, t + 1));
        Content c = new Store.Content(sha1, 10, 1, 2, t, t);
        s.addAccess(gen, "/w/out", Kind.WRITE, "openat", 0, t + 2, c, null);
        s.addAccess(gen, "/w/missing.h", Kind.READ, "openat", 2, t + 2, null, null);
        for (int i = 0; i < readers.length; i++) {
            long r = s.addExecution(run, new Store.Execution(3 + i, 1, 102 + i, 102 + i, "/usr/bin/" + readers[i],
                    List.of(readers[i], "out"), "/w", null, t + 3 + i));
            s.addAccess(r, "/w/out", Kind.READ, "openat", 0, t + 4 + i, c, null);
            s.endExecution(r, t + 5 + i, 0, List.of());
        }
        s.endExecution(gen, t + 3, 0, List.of());
        s.endExecution(make, t + 10, 0, List.of());
        s.finishRun(run, t + 10, 0, true);
        s.commit();
    }

}
