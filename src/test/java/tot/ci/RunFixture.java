package tot.ci;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import tot.model.Execution;
import tot.store.Operation;
import tot.store.RunGraph;
import tot.store.Store;
import tot.store.StoreReader;
import tot.store.StoredRun;

/**
 * Runs written into a tot.db through the Store API, access by access, for the CI tests: each
 * step says what an execution read, wrote, removed or renamed, when, and with which content.
 */
final class RunFixture {
    private final Path db;

    RunFixture(Path db) {
        this.db = db;
    }

    /** One run being written. */
    final class Run {
        private final Store store;
        private final long id;
        private final String cwd;
        private int ids;
        private final List<Step> open = new ArrayList<>();

        private Run(Store store, long id, String cwd) {
            this.store = store;
            this.id = id;
            this.cwd = cwd;
        }

        /** An execution of {@code path} with {@code argv}, started at {@code t} (null: unknown time), in the run's directory. */
        Step exec(String path, List<String> argv, Long t) throws Exception {
            return exec(path, argv, t, cwd);
        }

        /** The same in directory {@code dir}. */
        Step exec(String path, List<String> argv, Long t, String dir) throws Exception {
            int execId = ++ids;
            Execution x = new Execution(execId, execId == 1 ? 0 : 1, 100 + execId, dir, path, argv, null, new TreeMap<>(), t == null ? -1 : t);
            Step s = new Step(x, store.addExecution(id, x, 100 + execId));
            s.access(path, Operation.EXEC, t, sha('e'), 0, "execve"); // a program is hashed at exec
            open.add(s);
            return s;
        }

        long finish() throws Exception {
            for (Step s : open) s.end();
            store.finishRun(id, 1_000_000L, 0, true);
            store.commit();
            store.close();
            return id;
        }
    }

    /** One execution being written. */
    final class Step {
        private final Execution x;
        private final long row;
        private final Store store;

        private Step(Execution x, long row) {
            this.x = x;
            this.row = row;
            this.store = current;
        }

        Step read(String path, Long t, String sha1) throws Exception {
            return access(path, Operation.READ, t, sha1, 0, "openat");
        }

        Step write(String path, Long t, String sha1) throws Exception {
            return access(path, Operation.WRITE, t, sha1, 0, "openat");
        }

        Step fail(String path, Long t, int errno) throws Exception {
            return access(path, Operation.READ, t, null, errno, "openat");
        }

        Step delete(String path, Long t) throws Exception {
            return access(path, Operation.DELETE, t, null, 0, "unlink");
        }

        /** rename(from, to) as tot stores it: the old name removed, the new one made, by one call at one time. */
        Step rename(String from, String to, Long t, String sha1) throws Exception {
            access(from, Operation.DELETE, t, null, 0, "rename");
            return access(to, Operation.RENAME, t, sha1, 0, "rename");
        }

        /** mkdir(path): a directory made. */
        Step mkdir(String path, Long t) throws Exception {
            return access(path, Operation.MKDIR, t, null, 0, "mkdir");
        }

        /** rename(from, to) of a directory, as tot stores it: the old name removed, a row of its own for the move. */
        Step renameDirectory(String from, String to, Long t) throws Exception {
            access(from, Operation.DELETE, t, null, 0, "rename");
            store.addAccess(row, to, Operation.RENAME, "rename", 0, t, null, from);
            return this;
        }

        Step access(String path, Operation op, Long t, String sha1, int errno, String syscall) throws Exception {
            Store.Content c = sha1 == null ? null : new Store.Content(sha1, sha1.length(), 1, path.hashCode(), 0, 0);
            store.addAccess(row, path, op, syscall, errno, t, c, null);
            return this;
        }

        void end() throws Exception {
            if (x.exit() != null) return;
            x.exit(0);
            x.end(x.startNanos + 1);
            store.endExecution(row, x);
        }
    }

    private Store current;

    /** Begins a run whose command ran in {@code cwd}. */
    Run run(String key, String cwd, List<String> command) throws Exception {
        current = Store.open(db);
        current.begin();
        long id = current.addRun(new Store.Run(key, "log", null, command, cwd, "host", "me", 0L));
        return new Run(current, id, cwd);
    }

    /** Run {@code id} as RunFiles. */
    RunFiles files(long id) throws Exception {
        try (StoreReader r = StoreReader.open(db)) {
            StoredRun run = r.runs(String.valueOf(id)).getFirst();
            return RunFiles.of(RunGraph.load(r, run));
        }
    }

    static String sha(char c) {
        return String.valueOf(c).repeat(40);
    }
}
