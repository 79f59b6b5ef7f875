package tot.store;

import tot.model.AccessKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import tot.model.Event;
import tot.model.Execution;
import tot.model.Sink;
import tot.store.Store.Content;
import tot.store.Store.Kind;

/**
 * `tot log` into tot.db. The tracer thread only collects rows and hands them over in batches; a
 * writer thread opens the database, waits for each row's hash and inserts it. Inputs are hashed
 * when opened, outputs when their execution ends (its write handles are then closed),
 * executables at exec; a file a tracee is about to change is hashed first ({@link #beforeChange}).
 * The run is written in transactions of at most {@link #ROWS_PER_COMMIT} rows and marked complete
 * at the end: readers only see complete runs, and another tot can write the database meanwhile.
 */
public final class StoreSink implements Sink {
    static final int ROWS_PER_COMMIT = 50_000;
    private static final long NANOS_PER_COMMIT = 2_000_000_000L;
    /**
     * Rows the tracer thread collects before handing them over (also at each exec), or the time
     * after which it does: waking the writer for every row would cost the tracees more than the
     * writing.
     */
    private static final int BATCH = 256;
    private static final long BATCH_NANOS = 100_000_000L;

    /** One access row; {@code content} is asked for when the batch is handed over. */
    private static final class AccessRow implements Row {
        final int execution;
        final String path, syscall;
        final Kind kind;
        final int errno;
        final long time;
        final boolean hash;
        Future<Content> content = UNHASHED;

        AccessRow(int execution, String path, Kind kind, String syscall, int errno, long time, boolean hash) {
            this.execution = execution;
            this.path = path;
            this.kind = kind;
            this.syscall = syscall;
            this.errno = errno;
            this.time = time;
            this.hash = hash;
        }
    }

    private sealed interface Row {}
    private record ExecRow(Event.Exec exec, AccessRow binary) implements Row {}
    private record EndRow(Execution execution, List<AccessRow> outputs) implements Row {}
    private record FinishRow(long time, Integer exit) implements Row {}
    private record SyscallRow(int execution, Store.Syscall call) implements Row {}

    private static final Future<Content> UNHASHED = CompletableFuture.completedFuture(null);

    private final Path file;
    private final ContentHasher hasher;
    /** Completes when the writer has opened the database (the hasher then looks up earlier runs' hashes). */
    private final CompletableFuture<Path> opened = new CompletableFuture<>();
    private final Store.Run run;
    private final BlockingQueue<List<Row>> queue = new ArrayBlockingQueue<>(1 << 10);
    private final Thread writer;
    /** Execution ID → its successful writes, hashed when it ends. */
    private final Map<Integer, List<Event.Access>> outputs = new HashMap<>();
    private List<Row> batch = new ArrayList<>(BATCH);
    private long batchStart;
    /** Paths in {@link #batch} whose hash is not asked for yet. */
    private final Set<String> unhashed = new HashSet<>();
    /** Whether syscall events are stored (`tot log --trace`). */
    private final boolean syscalls;
    private volatile Exception failure;
    /** Where the run went when the database could not take it, and why. */
    private volatile Path spool;
    private volatile Store.StoreException spoolCause;
    private Integer exit;

    /**
     * Checks {@code db} can be a database now (so a wrong file fails before the trace) and
     * opens it on the writer thread, while the trace starts. {@code hash} false: no sha1s.
     */
    public StoreSink(Path db, boolean hash, boolean syscalls, List<String> command, String cwd) throws Store.StoreException {
        Store.check(db);
        file = db;
        this.syscalls = syscalls;
        hasher = hash ? new ContentHasher(opened) : null;
        run = new Store.Run(UUID.randomUUID().toString(), "log", null, command, cwd, hostname(),
                System.getProperty("user.name"), Store.nowNanos());
        writer = Thread.ofPlatform().name("tot-store").start(this::write);
    }

    /** The traced command's status, stored with the run. */
    public void exit(int status) {
        exit = status;
    }

    @Override
    public void accept(Event event) {
        if (failure != null) return;
        switch (event) {
            case Event.Exec e -> {
                Execution x = e.execution();
                add(new ExecRow(e, row(x.id, x.path, Kind.EXEC, e.syscall(), 0, e.time(), true)));
                handOver(); // also so that a run that then waits long is on disk
            }
            case Event.Access a when a.kind() == AccessKind.OUTPUT && a.errno() == 0 ->
                    outputs.computeIfAbsent(a.execution(), k -> new ArrayList<>()).add(a);
            case Event.Access a -> add(row(a.execution(), a.path(), Kind.of(a.kind(), a.syscall()), a.syscall(), a.errno(), a.time(),
                    a.kind() == AccessKind.INPUT && a.errno() == 0));
            case Event.Renamed r -> {
                List<Event.Access> written = outputs.get(r.execution());
                if (written != null) written.replaceAll(a -> a.path().equals(r.from())
                        ? new Event.Access(a.time(), a.execution(), r.to(), a.kind(), a.syscall(), a.errno()) : a);
            }
            case Event.End e -> {
                add(new EndRow(e.execution(), outputRows(outputs.remove(e.execution().id))));
            }
            case Event.Spawn s -> { }
            // other sinks (-o) may make the tracer report syscalls: the table keeps them only with --trace
            case Event.Call s when !syscalls -> { }
            case Event.Call s -> add(new SyscallRow(s.execution(), new Store.Syscall(s.time(), s.pid(), s.tid(), s.name(),
                    s.args(), s.paths(), s.result(), s.errno(), s.durationNanos() > 0 ? s.durationNanos() : null)));
            case Event.Exit x -> { }
            case Event.Warning w -> { }
        }
    }

    @Override
    public boolean wantsSyscalls() {
        return syscalls;
    }

    @Override
    public void beforeChange(String path) {
        if (hasher == null) return;
        if (unhashed.contains(path)) handOver();
        hasher.settle(path);
    }

    private List<AccessRow> outputRows(List<Event.Access> written) {
        List<AccessRow> rows = new ArrayList<>();
        if (written != null) for (Event.Access a : written) rows.add(row(a.execution(), a.path(), Kind.of(a.kind(), a.syscall()), a.syscall(), 0, a.time(), true));
        return rows;
    }

    private AccessRow row(int execution, String path, Kind kind, String syscall, int errno, long time, boolean hash) {
        AccessRow row = new AccessRow(execution, path, kind, syscall, errno, time, hash && hasher != null);
        if (row.hash) unhashed.add(path);
        return row;
    }

    private void add(Row row) {
        long now = System.nanoTime();
        if (batch.isEmpty()) batchStart = now;
        batch.add(row);
        if (batch.size() >= BATCH || now - batchStart > BATCH_NANOS) handOver();
    }

    /** Asks for the batch's hashes (in order, as one request) and gives it to the writer. */
    private void handOver() {
        if (batch.isEmpty()) return;
        List<AccessRow> toHash = new ArrayList<>();
        for (Row r : batch) {
            switch (r) {
                case ExecRow e -> toHash.add(e.binary());
                case AccessRow a -> toHash.add(a);
                case EndRow e -> toHash.addAll(e.outputs());
                case FinishRow f -> { }
                case SyscallRow s -> { }
            }
        }
        toHash.removeIf(row -> !row.hash);
        if (!toHash.isEmpty()) {
            List<Future<Content>> contents = hasher.hash(toHash.stream().map(row -> row.path).toList());
            for (int i = 0; i < toHash.size(); i++) toHash.get(i).content = contents.get(i);
        }
        unhashed.clear();
        put(batch);
        batch = new ArrayList<>(BATCH);
    }

    private void put(List<Row> rows) {
        try {
            queue.put(rows);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Waits until the writer has opened the database and proved it can write it (before the
     * command runs, so that a database that cannot take the run fails with nothing lost).
     */
    public void awaitReady() throws Store.StoreException {
        try {
            opened.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Store.StoreException s ? s : new Store.StoreException(file + ": " + e.getCause(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Store.StoreException(file + ": interrupted", e);
        }
    }

    /** The writer thread: rows in order, each after its hash, in bounded transactions. */
    private void write() {
        RunWriter w;
        try {
            Store store = Store.open(file);
            try {
                store.checkWritable();
            } catch (Store.StoreException e) {
                store.close();
                throw e;
            }
            w = new RunWriter(store);
            opened.complete(file);
        } catch (Store.StoreException e) {
            opened.completeExceptionally(e);
            failure = e;
            drain();
            return;
        }
        List<Row> batch = List.of();
        try {
            while (!w.finished) {
                long wait = w.nanosUntilDue();
                batch = wait == Long.MAX_VALUE ? queue.take() : queue.poll(wait, TimeUnit.NANOSECONDS);
                if (batch == null) batch = List.of();
                for (Row r : batch) w.apply(r);
                w.commitWhenDue();
            }
        } catch (Store.StoreException e) {
            failure = e;
            if (batch.isEmpty() || !(batch.getLast() instanceof FinishRow)) drain();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            w.store.close();
        }
    }

    /**
     * The run's rows into a store, in transactions. When the database cannot take them any more
     * (a lock held past the wait, a full disk), the run goes on in a new database, the spool:
     * its rows committed so far are copied there with their ids, and those of the transaction
     * that failed are inserted again.
     */
    private final class RunWriter {
        Store store;
        boolean finished;
        private long runId = -1;
        private Map<Integer, Long> rowIds = new HashMap<>();
        /** {@link #rowIds} as of the last commit, and the rows inserted since then. */
        private Map<Integer, Long> committedRowIds = Map.of();
        private final List<Row> sinceCommit = new ArrayList<>();
        /** A transaction is open (begun at the first row after a commit, so an idle run holds no lock). */
        private boolean inTransaction;
        private int rows;
        private long begunAt;

        RunWriter(Store store) {
            this.store = store;
        }

        void apply(Row r) throws Store.StoreException, InterruptedException {
            if (finished) return;
            try {
                insert(r);
            } catch (Store.StoreException e) {
                spool(e);
                insert(r);
            }
        }

        private void insert(Row r) throws Store.StoreException, InterruptedException {
            if (r instanceof FinishRow f) {
                if (runId >= 0) { // else nothing ran (tot could not start the command)
                    begin();
                    store.finishRun(runId, f.time(), f.exit(), true);
                    store.commit();
                }
                finished = true;
                return;
            }
            if (runId < 0) { // the run row is visible (incomplete) at once, in its own transaction
                store.begin();
                runId = store.addRun(run);
                store.commit();
            }
            begin();
            rows += StoreSink.insert(store, r, runId, rowIds);
            sinceCommit.add(r);
        }

        private void begin() throws Store.StoreException {
            if (inTransaction) return;
            store.begin();
            inTransaction = true;
            begunAt = System.nanoTime();
        }

        /** How long the writer may wait for rows before the open transaction is due (Long.MAX_VALUE: none is open). */
        long nanosUntilDue() {
            return inTransaction ? Math.max(0, begunAt + NANOS_PER_COMMIT - System.nanoTime()) : Long.MAX_VALUE;
        }

        void commitWhenDue() throws Store.StoreException, InterruptedException {
            if (finished || !inTransaction || (rows < ROWS_PER_COMMIT && nanosUntilDue() > 0)) return;
            try {
                store.commit();
                inTransaction = false;
                committedRowIds = new HashMap<>(rowIds);
                sinceCommit.clear();
                rows = 0;
            } catch (Store.StoreException e) {
                spool(e);
            }
        }

        private void spool(Store.StoreException cause) throws Store.StoreException, InterruptedException {
            if (spool != null) throw cause; // the spool failed too
            store.rollback();
            store.close();
            Path to = newSpool(cause);
            store = Store.open(to);
            spool = to;
            spoolCause = cause;
            inTransaction = false;
            if (runId < 0) return;
            store.copyRun(file, runId);
            rowIds = new HashMap<>(committedRowIds);
            List<Row> again = List.copyOf(sinceCommit);
            sinceCommit.clear();
            rows = 0;
            for (Row r : again) insert(r);
        }
    }

    /** The spool: a new file beside the database, or in the temporary directory when that fails. */
    private Path newSpool(Store.StoreException cause) throws Store.StoreException {
        String name = file.getFileName().toString().replaceFirst("\\.db$", "") + "-spool-" + run.key().substring(0, 8) + ".db";
        Path dir = file.toAbsolutePath().getParent();
        for (Path d : List.of(dir, Path.of(System.getProperty("java.io.tmpdir")))) {
            try {
                return Files.createFile(d.resolve(name)); // O_EXCL; the umask applies
            } catch (IOException e) {
                // try the next place
            }
        }
        throw cause;
    }

    private static int insert(Store store, Row r, long runId, Map<Integer, Long> rowIds)
            throws Store.StoreException, InterruptedException {
        switch (r) {
            case ExecRow(Event.Exec e, AccessRow binary) -> {
                Execution x = e.execution();
                rowIds.put(x.id, store.addExecution(runId, new Store.Execution(x.id, x.parentId, x.pid, e.tid(), x.path,
                        x.args, x.dir, x.env, x.startNanos)));
                return 1 + insert(store, binary, rowIds);
            }
            case AccessRow a -> {
                return insert(store, a, rowIds);
            }
            case EndRow(Execution x, List<AccessRow> written) -> {
                for (AccessRow a : written) insert(store, a, rowIds);
                Long id = rowIds.remove(x.id);
                if (id != null) store.endExecution(id, x.endNanos(), x.exit(), x.warnings());
                return written.size() + 1;
            }
            case SyscallRow(int execution, Store.Syscall call) -> {
                store.addSyscall(runId, rowIds.get(execution), call);
                return 1;
            }
            case FinishRow f -> throw new IllegalStateException("handled by the loop");
        }
    }

    private static int insert(Store store, AccessRow a, Map<Integer, Long> rowIds) throws Store.StoreException, InterruptedException {
        Long id = rowIds.get(a.execution);
        if (id == null) return 0; // before the first exec (tot's own start-up)
        store.addAccess(id, a.path, a.kind, a.syscall, a.errno, a.time, await(a.content), null);
        return 1;
    }

    private static Content await(Future<Content> f) throws InterruptedException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            return null; // unreadable: unhashed
        }
    }

    /** After a failure: keep taking batches so the tracer never blocks, until the finish row. */
    private void drain() {
        try {
            while (!(queue.take().getLast() instanceof FinishRow)) {
                // dropped
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Ends the writer when the command does not run after all: nothing is stored, nothing reported. */
    public void abandon() {
        try {
            close();
        } catch (IOException e) {
            // the caller reports why it gave up
        }
    }

    @Override
    public void close() throws IOException {
        for (var written : outputs.values()) { // executions that never ended (tot was stopped)
            batch.addAll(outputRows(written));
        }
        outputs.clear();
        batch.add(new FinishRow(Store.nowNanos(), exit));
        handOver();
        try {
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (hasher != null) hasher.close();
        if (failure != null) {
            throw new IOException(failure.getMessage() + (spool == null ? "" : " (nor " + spool + ", where the run was going instead)"), failure);
        }
        if (spool != null) {
            throw new IOException(spoolCause.getMessage() + "; the run is stored in " + spool + " instead (tot show --db " + spool + ")", spoolCause);
        }
    }

    private static String hostname() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (IOException e) {
            return System.getenv("HOSTNAME");
        }
    }
}
