package tot.show;

import java.nio.file.Path;
import java.util.List;
import tot.store.Store;
import tot.store.Store.Content;
import java.util.TreeMap;
import tot.model.Execution;
import tot.store.Operation;

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
        Execution makeX = execution(1, 0, 100, "/usr/bin/make", List.of("make"), t);
        Execution genX = execution(2, 1, 101, "/w/gen", List.of("./gen", "-o", "out"), t + 1);
        long make = s.addExecution(run, makeX, 100);
        long gen = s.addExecution(run, genX, 101);
        Content c = new Store.Content(sha1, 10, 1, 2, t, t);
        s.addAccess(gen, "/w/out", Operation.WRITE, "openat", 0, t + 2, c, null);
        s.addAccess(gen, "/w/missing.h", Operation.READ, "openat", 2, t + 2, null, null);
        for (int i = 0; i < readers.length; i++) {
            Execution readerX = execution(3 + i, 1, 102 + i, "/usr/bin/" + readers[i], List.of(readers[i], "out"), t + 3 + i);
            long r = s.addExecution(run, readerX, 102 + i);
            s.addAccess(r, "/w/out", Operation.READ, "openat", 0, t + 4 + i, c, null);
            s.endExecution(r, ended(readerX, t + 5 + i));
        }
        s.endExecution(gen, ended(genX, t + 3));
        s.endExecution(make, ended(makeX, t + 10));
        s.finishRun(run, t + 10, 0, true);
        s.commit();
    }

    static Execution execution(int id, int parent, int pid, String path, List<String> argv, long start) {
        return new Execution(id, parent, pid, "/w", path, argv, null, new TreeMap<>(), start);
    }

    static Execution ended(Execution x, long at) {
        x.exit(0);
        x.end(at);
        return x;
    }
}
