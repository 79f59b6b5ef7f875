package tot.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import tot.record.Event;
import tot.record.Execution;
import tot.record.Sink;
import tot.store.Store.Content;
import tot.store.Store.Kind;

/**
 * `tot log` into tot.db. The tracer thread only queues rows; a writer thread waits for each
 * row's hash and inserts it. Inputs are hashed when opened, outputs when their execution ends
 * (its last write handle is then closed), executables at exec. The run is written in
 * transactions of at most {@link #ROWS_PER_COMMIT} rows and marked complete at the end: readers
 * only see complete runs, and another tot can write the same database meanwhile.
 */
public final class StoreSink implements Sink {
    static final int ROWS_PER_COMMIT = 50_000;
    private static final long NANOS_PER_COMMIT = 2_000_000_000L;

    private sealed interface Row {}
    private record ExecRow(Event.Exec exec, Future<Content> binary) implements Row {}
    private record AccessRow(int execution, String path, Kind kind, String syscall, int errno, long time,
                             Future<Content> content) implements Row {}
    private record EndRow(Execution execution, List<AccessRow> outputs) implements Row {}
    private record FinishRow(long time, Integer exit) implements Row {}

    private static final Future<Content> UNHASHED = CompletableFuture.completedFuture(null);

    private final Store store;
    private final ContentHasher hasher;
    private final Store.Run run;
    private final BlockingQueue<Row> queue = new ArrayBlockingQueue<>(1 << 15);
    private final Thread writer;
    /** Execution ID → its successful writes, hashed when it ends. */
    private final Map<Integer, List<Event.Access>> outputs = new HashMap<>();
    private volatile Exception failure;
    private Integer exit;

    /** Opens the database now (so a bad one fails before the trace); {@code hash} false: no sha1s. */
    public StoreSink(Path db, boolean hash, List<String> command, String cwd) throws Store.StoreException {
        store = Store.open(db);
        hasher = hash ? new ContentHasher() : null;
        run = new Store.Run(UUID.randomUUID().toString(), "log", null, command, cwd, hostname(),
                System.getProperty("user.name"), Store.nowNanos());
        writer = Thread.ofPlatform().name("tot-store").start(this::write);
    }

    /** The traced command's status, stored with the run. */
    public void exit(int status) {
        exit = status;
    }

    /** The hasher's counters (null with hashing off). */
    public ContentHasher hasher() {
        return hasher;
    }

    @Override
    public void accept(Event event) {
        if (failure != null) return;
        switch (event) {
            case Event.Exec e -> put(new ExecRow(e, hash(e.execution().path)));
            case Event.Access a when a.kind() == Event.Access.Kind.OUTPUT && a.errno() == 0 ->
                    outputs.computeIfAbsent(a.execution(), k -> new ArrayList<>()).add(a);
            case Event.Access a -> put(row(a, a.path(), a.kind() == Event.Access.Kind.INPUT && a.errno() == 0));
            case Event.Renamed r -> {
                List<Event.Access> written = outputs.get(r.execution());
                if (written != null) written.replaceAll(a -> a.path().equals(r.from())
                        ? new Event.Access(a.time(), a.execution(), r.to(), a.kind(), a.syscall(), a.errno()) : a);
            }
            case Event.End e -> {
                List<AccessRow> rows = new ArrayList<>();
                for (Event.Access a : outputs.getOrDefault(e.execution().id, List.of())) rows.add(row(a, a.path(), true));
                outputs.remove(e.execution().id);
                put(new EndRow(e.execution(), rows));
            }
            case Event.Spawn s -> { }
            case Event.Syscall s -> { }
            case Event.Exit x -> { }
            case Event.Warning w -> { }
        }
    }

    @Override
    public void beforeChange(String path) {
        if (hasher != null) hasher.settle(path);
    }

    private AccessRow row(Event.Access a, String path, boolean hash) {
        return new AccessRow(a.execution(), path, kind(a), a.syscall(), a.errno(), a.time(), hash ? hash(path) : UNHASHED);
    }

    private static Kind kind(Event.Access a) {
        return switch (a.kind()) {
            case INPUT -> Kind.READ;
            case DELETED -> Kind.DELETE;
            case EXEC -> Kind.EXEC;
            case OUTPUT -> Kind.written(a.syscall());
        };
    }

    private Future<Content> hash(String path) {
        return hasher == null ? UNHASHED : hasher.hash(path);
    }

    private void put(Row row) {
        try {
            queue.put(row);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The writer thread: rows in order, each after its hash, in bounded transactions. */
    private void write() {
        Map<Integer, Long> rowIds = new HashMap<>();
        long runId = -1;
        try {
            int rows = 0;
            long committed = System.nanoTime();
            while (true) {
                Row r = queue.take();
                if (r instanceof FinishRow f) {
                    if (runId < 0) return; // nothing ran (tot could not start the command)
                    store.finishRun(runId, f.time(), f.exit(), true);
                    store.commit();
                    return;
                }
                if (runId < 0) { // the run row is visible (incomplete) at once, in its own transaction
                    store.begin();
                    runId = store.addRun(run);
                    store.commit();
                    store.begin();
                }
                rows += insert(r, runId, rowIds);
                if (rows >= ROWS_PER_COMMIT || System.nanoTime() - committed > NANOS_PER_COMMIT) {
                    store.commit();
                    store.begin();
                    rows = 0;
                    committed = System.nanoTime();
                }
            }
        } catch (Store.StoreException e) {
            failure = e;
            store.rollback();
            drain();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private int insert(Row r, long runId, Map<Integer, Long> rowIds) throws Store.StoreException, InterruptedException {
        switch (r) {
            case ExecRow(Event.Exec e, Future<Content> binary) -> {
                Execution x = e.execution();
                long id = store.addExecution(runId, new Store.Execution(x.id, x.parentId, x.pid, e.tid(), x.path, x.args,
                        x.dir, x.env, x.startNanos));
                rowIds.put(x.id, id);
                store.addAccess(id, x.path, Kind.EXEC, e.syscall(), 0, e.time(), await(binary), null);
                return 2;
            }
            case AccessRow a -> {
                Long id = rowIds.get(a.execution());
                if (id == null) return 0; // before the first exec (tot's own start-up)
                store.addAccess(id, a.path(), a.kind(), a.syscall(), a.errno(), a.time(), await(a.content()), null);
                return 1;
            }
            case EndRow(Execution x, List<AccessRow> written) -> {
                for (AccessRow a : written) insert(a, runId, rowIds);
                Long id = rowIds.remove(x.id);
                if (id != null) store.endExecution(id, x.endNanos(), x.exit());
                return written.size() + 1;
            }
            case FinishRow f -> throw new IllegalStateException("handled by the loop");
        }
    }

    private static Content await(Future<Content> f) throws InterruptedException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            return null; // unreadable: unhashed
        }
    }

    /** After a failure: keep taking rows so the tracer never blocks, until the finish row. */
    private void drain() {
        try {
            while (!(queue.take() instanceof FinishRow)) {
                // dropped
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws IOException {
        for (var written : outputs.values()) { // executions that never ended (tot was stopped)
            for (Event.Access a : written) put(row(a, a.path(), true));
        }
        outputs.clear();
        put(new FinishRow(Store.nowNanos(), exit));
        try {
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (hasher != null) hasher.close();
        store.close();
        if (failure != null) throw new IOException(failure.getMessage(), failure);
    }

    private static String hostname() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (IOException e) {
            return System.getenv("HOSTNAME");
        }
    }
}
