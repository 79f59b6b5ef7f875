package tot.store;

import tot.model.AccessKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RunnableFuture;
import java.util.concurrent.locks.LockSupport;
import tot.linux.ByteLocks;
import tot.linux.RawFiles;
import tot.model.Event;
import tot.model.Sink;
import tot.store.Store.Content;

/**
 * `tot log` into tot.db. The tracer thread only queues events (with the hashes they need, as
 * requests); a writer thread opens the database, takes what is queued every {@link #POLL_NANOS}
 * (the tracer wakes it only at the first event, every {@link #WAKE_EVERY} events and at the end:
 * a wake-up is a cross-CPU interrupt that costs the tracees as much as a stop; the first lets a
 * short run's hashing and run row overlap the command), hashes and inserts it. Inputs
 * are hashed when the writer takes them, outputs are requested when their execution ends (its
 * write handles are then closed), executables at exec; a file a tracee is about to change is
 * hashed first, on the tracer thread ({@link #beforeChange}). The run is written in transactions
 * of at most {@link #ROWS_PER_COMMIT} rows and marked complete at the end: readers only see
 * complete runs, and another tot can write the database meanwhile. A run for PostgreSQL is
 * written into a local spool and pushed at the end ({@link PostgresSpool}).
 */
public final class StoreSink implements Sink {
    static final int ROWS_PER_COMMIT = 50_000;
    private static final long NANOS_PER_COMMIT = 2_000_000_000L;
    /**
     * How long the writer stays out of the database after a commit before it begins the next
     * transaction: SQLite hands its write lock to no one in particular, and another writer (a
     * second tot, a `tot forget`) waiting in SQLite's busy handler polls at most every 100 ms;
     * a run that kept writing would otherwise take the lock back at once, every time.
     */
    private static final long NANOS_BETWEEN_TRANSACTIONS = 110_000_000L;
    /** How long the writer sleeps when nothing is queued. */
    private static final long POLL_NANOS = 100_000_000L;
    /** Events after which the tracer wakes the writer anyway (a busy trace must not pile up). */
    private static final int WAKE_EVERY = 4096;
    /** Events queued and not taken after which the tracer waits for the writer (memory stays bounded). */
    private static final long MAX_BACKLOG = 1 << 15;

    /**
     * An event on its way to the writer, with the hashes requested for the paths it stores with
     * a content (an input, an executable, the outputs at an execution's end); null: the finish.
     */
    private record Item(Event event, Map<String, RunnableFuture<Content>> hashes) {}

    private static final Item FINISH = new Item(null, Map.of());

    private final Path file;
    /** The PostgreSQL store the run is pushed to at the end ({@link #file} is then the spool); null: none. */
    private final Location.Postgres pushTo;
    /** Ends the check before the run and the push after it when tot is interrupted ({@link #abandon}, {@link #cutShort}). */
    private final PgInterrupt pgInterrupt = new PgInterrupt();
    private boolean abandoned;
    private final ContentHasher hasher;
    /** Completes when the writer has opened the database (the hasher then looks up earlier runs' hashes). */
    private final CompletableFuture<Location> opened = new CompletableFuture<>();
    private final Store.Run run;
    private final Queue<Item> queue = new ConcurrentLinkedQueue<>();
    private final Thread writer;
    /** Events queued (tracer thread only) and taken (writer only). */
    private long queued;
    private volatile long taken;
    /** Whether syscall events are stored (`tot log --trace`). */
    private final boolean syscalls;
    private volatile Exception failure;
    /** Where the run went when the database could not take it, and why. */
    private volatile Path spool;
    private volatile Store.StoreException spoolCause;
    private Integer exit;
    private volatile long finishTime;

    /** Told when the database is locked by another process, and of files stored without a sha1. */
    private final java.util.function.Consumer<tot.model.Notice> notices;

    /**
     * Checks {@code db} can be a database now (so a wrong file fails before the trace) and
     * opens it on the writer thread, while the trace starts. {@code hash} false: no sha1s.
     */
    public StoreSink(Path db, boolean hash, boolean syscalls, List<String> command, String cwd) throws Store.StoreException {
        this(new Location.SqliteFile(db), hash, syscalls, command, cwd, tot.model.Notice.NOWHERE);
    }

    /** {@code notices}: told, from the writer's thread or the closing one, what tot met ({@link tot.model.Notice}). */
    public StoreSink(Location db, boolean hash, boolean syscalls, List<String> command, String cwd,
                     java.util.function.Consumer<tot.model.Notice> notices) throws Store.StoreException {
        this.syscalls = syscalls;
        this.notices = notices;
        run = new Store.Run(UUID.randomUUID().toString(), "log", null, command, cwd, Machine.hostname(), Machine.user(),
                Store.nowNanos(), Machine.local());
        pushTo = db instanceof Location.Postgres p ? p : null;
        file = pushTo != null ? PostgresSpool.newFile(run.key()) : ((Location.SqliteFile) db).file();
        Store.check(file);
        hasher = hash ? new ContentHasher(opened) : null;
        writer = Thread.ofPlatform().name("tot-store").start(this::write);
    }

    /** The traced command's status, stored with the run. */
    public void exit(int status) {
        exit = status;
    }

    @Override
    public void accept(Event event) {
        if (failure != null || hasher == null) {
            if (failure == null) add(new Item(event, Map.of()));
            return;
        }
        Map<String, RunnableFuture<Content>> hashes = switch (event) {
            case Event.Exec e -> Map.of(e.execution().path, hasher.request(e.execution().path));
            case Event.Access a when a.kind() == AccessKind.INPUT && a.errno() == 0 -> Map.of(a.path(), hasher.request(a.path(), a.stamp()));
            case Event.Access a when a.kind() == AccessKind.OUTPUT && a.errno() == 0 -> {
                hasher.settle(a.path()); // an O_RDWR open's own read, requested just now: before the program writes
                yield Map.of();
            }
            case Event.End e -> { // written: closed now, under their final names
                Map<String, RunnableFuture<Content>> m = new HashMap<>();
                for (String p : e.execution().outputs()) m.put(p, hasher.requestMade(p));
                for (String p : e.execution().redirectedOutputs()) m.computeIfAbsent(p, hasher::requestMade);
                yield m;
            }
            default -> Map.of();
        };
        add(new Item(event, hashes));
    }

    @Override
    public boolean wantsSyscalls() {
        return syscalls;
    }

    @Override
    public void beforeChange(String path) {
        if (hasher != null) hasher.settle(path);
    }

    private void add(Item item) {
        queue.add(item);
        if (++queued % WAKE_EVERY != 1 && item != FINISH) return;
        LockSupport.unpark(writer);
        while (queued - taken > MAX_BACKLOG && writer.isAlive()) LockSupport.parkNanos(1_000_000L);
    }

    /**
     * Waits until the writer has opened the database and proved it can write it (before the
     * command runs, so that a database that cannot take the run fails with nothing lost).
     */
    public void awaitReady() throws Store.StoreException, InterruptedException {
        try {
            opened.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Store.StoreException s ? s : new Store.StoreException(file + ": " + e.getCause(), e);
        }
    }

    /** The writer thread: events in order, each after its hashes, in bounded transactions. */
    private void write() {
        RunWriter w;
        try {
            if (pushTo != null) PostgresSpool.check(pushTo, pgInterrupt);
            Store store = Store.open(file, notices);
            try {
                store.keepStatementJournalsInMemory();
                store.checkWritable();
            } catch (Store.StoreException e) {
                store.close();
                throw e;
            }
            w = new RunWriter(store);
            openedAs = RawFiles.stat(file.toString(), true);
            opened.complete(pushTo != null ? pushTo : new Location.SqliteFile(file));
        } catch (Store.StoreException e) {
            opened.completeExceptionally(e);
            failure = e;
            drain();
            return;
        }
        try {
            w.store.startWal(); // while the command starts
        } catch (Store.StoreException e) {
            // the run's own commits meet the same cause and tell it
        }
        if (hasher != null) ContentHasher.warmUp();
        List<Item> batch = new ArrayList<>();
        try {
            while (!w.finished) {
                take(batch);
                if (batch.isEmpty()) LockSupport.parkNanos(this, Math.min(POLL_NANOS, w.nanosUntilDue()));
                for (Item i : batch) for (RunnableFuture<Content> job : i.hashes().values()) job.run(); // early as can be
                for (Item i : batch) w.apply(i);
                batch.clear();
                w.commitWhenDue();
            }
            if (spool == null && pushTo == null) keepIfRemoved(w.store);
        } catch (Store.StoreException e) {
            failure = e;
            drain();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (hasher != null) hasher.close(); // its lookups are over: the writer closes last, so its own synced -wal takes the checkpoint
            w.store.close();
            if (w.writingLock >= 0) RawFiles.close(w.writingLock);
        }
    }

    /** The database file as it was opened: the command may remove it (`--db build/tot.db -- make clean all`). */
    private RawFiles.Stat openedAs;

    /**
     * When the command removed or replaced the database during the run, the connection wrote
     * into a file no name leads to: a copy of it (every run it held, this one too) goes to a
     * spool, which the end names, instead of being lost with it.
     */
    private void keepIfRemoved(Store store) throws Store.StoreException, InterruptedException {
        RawFiles.Stat now = RawFiles.stat(file.toString(), true);
        if (openedAs == null || now != null && now.dev() == openedAs.dev() && now.ino() == openedAs.ino()) return;
        Store.StoreException removed = new Store.StoreException(file + ": removed or replaced during the run (by the traced command?)", null);
        Path to = firstSpool(p -> {
            try {
                store.copyTo(p);
                return true;
            } catch (Store.StoreException e) {
                return false;
            }
        });
        if (to == null) throw removed;
        spool = to;
        spoolCause = removed;
    }

    /** Fills a spool; false when it cannot take the run (a full disk). */
    private interface SpoolFill {
        boolean into(Path spool) throws InterruptedException;
    }

    /** The first spool, beside the database then in the temporary directory, that {@code fill} fills (one it cannot, removed); null: none. */
    private Path firstSpool(SpoolFill fill) throws InterruptedException {
        for (boolean beside : new boolean[] {true, false}) {
            Path to = newSpool(beside);
            if (to == null) continue;
            if (fill.into(to)) return to;
            Store.removeWithPrivateTemp(to);
        }
        return null;
    }

    /** Whether the writer took the finish. */
    private boolean finishTaken;

    /** Moves what the tracer queued into {@code into}, up to the finish. */
    private void take(List<Item> into) {
        long n = 0;
        for (Item i; !finishTaken && (i = queue.poll()) != null; n++) {
            into.add(i);
            finishTaken = i == FINISH;
        }
        taken += n;
    }

    /**
     * The run's rows into a store ({@link EventRows}), in transactions. When the database cannot
     * take them any more (a lock held past the wait, a full disk), the run goes on in a new
     * database, the spool: its rows committed so far are copied there with their ids, and those
     * of the transaction that failed are written again.
     */
    private final class RunWriter {
        Store store;
        boolean finished;
        private long runId = -1;
        /** The descriptor that marks the run as being written (`tot forget` leaves it alone), or -1. */
        int writingLock = -1;
        private EventRows rows;
        /** The item being written: the hashes {@link #rows} asks for are its. */
        private Item current;
        private final List<Item> sinceCommit = new ArrayList<>();
        /** A transaction is open (begun at the first row after a commit, so an idle run holds no lock). */
        private boolean inTransaction;
        private int written;
        private long begunAt, committedAt;

        RunWriter(Store store) {
            this.store = store;
        }

        void apply(Item i) throws Store.StoreException, InterruptedException {
            if (finished) return;
            try {
                insert(i);
            } catch (Store.StoreException e) {
                spool(e);
                insert(i);
            }
        }

        private void insert(Item i) throws Store.StoreException, InterruptedException {
            if (i == FINISH) {
                if (runId >= 0) { // else nothing ran (tot could not start the command)
                    committedAt = 0; // the last transaction, short: the run's end waits for no one
                    begin();
                    rows.flush();
                    store.finishRun(runId, finishTime, exit, true);
                    store.commit();
                }
                finished = true;
                return;
            }
            if (runId < 0) { // the run row is visible (incomplete) at once, in its own transaction
                store.begin();
                long id = store.addRun(run);
                writingLock = ByteLocks.hold(file.toString(), Store.writingByte(id)); // before any other tot can see the row
                try {
                    store.commit(); // only then is it the run's: a commit that fails (a full disk) leaves no row to copy to the spool
                } catch (Store.StoreException e) {
                    RawFiles.close(writingLock);
                    writingLock = -1;
                    throw e;
                }
                runId = id;
                rows = new EventRows(store, runId, syscalls, (event, path) -> {
                    RunnableFuture<Content> job = current.hashes().get(path);
                    return job == null ? null : ContentHasher.await(job);
                });
            }
            begin();
            current = i;
            written += rows.apply(i.event());
            sinceCommit.add(i);
        }

        private void begin() throws Store.StoreException {
            if (inTransaction) return;
            for (long wait; (wait = committedAt + NANOS_BETWEEN_TRANSACTIONS - System.nanoTime()) > 0; ) {
                LockSupport.parkNanos(wait);
            }
            store.begin();
            inTransaction = true;
            begunAt = System.nanoTime();
        }

        /** How long the writer may wait for rows before the open transaction is due (Long.MAX_VALUE: none is open). */
        long nanosUntilDue() {
            return inTransaction ? Math.max(0, begunAt + NANOS_PER_COMMIT - System.nanoTime()) : Long.MAX_VALUE;
        }

        void commitWhenDue() throws Store.StoreException, InterruptedException {
            if (finished || !inTransaction || (written < ROWS_PER_COMMIT && nanosUntilDue() > 0)) return;
            try {
                store.commit();
                committedAt = System.nanoTime();
                inTransaction = false;
                rows.mark();
                sinceCommit.clear();
                written = 0;
            } catch (Store.StoreException e) {
                spool(e);
            }
        }

        /** The run goes on in a spool beside the database, or, when that cannot take it either (the same full disk), in the temporary directory. */
        private void spool(Store.StoreException cause) throws Store.StoreException, InterruptedException {
            if (spool != null) throw cause; // the spool failed too
            store.rollback();
            store.close();
            if (firstSpool(to -> spoolInto(to, cause)) == null) throw cause; // nowhere to go: the database's failure is the one to tell
        }

        /** Moves the run into spool {@code to}; false when it cannot take it. */
        private boolean spoolInto(Path to, Store.StoreException cause) throws InterruptedException {
            spool = to; // a failure from here on is the spool's
            spoolCause = cause;
            try {
                store = Store.open(to, notices);
                store.keepStatementJournalsInMemory();
                inTransaction = false;
                if (runId >= 0) {
                    store.copyRun(file, runId);
                    rows.reset();
                    rows = rows.into(store);
                    List<Item> again = List.copyOf(sinceCommit);
                    sinceCommit.clear();
                    written = 0;
                    for (Item i : again) insert(i);
                }
                return true;
            } catch (Store.StoreException e) { // the spool cannot take the run either (a full disk)
                store.close();
                spool = null;
                spoolCause = null;
                return false;
            }
        }
    }

    /** A new spool file beside the database, or in a private directory of the temporary one; null when it cannot be made. */
    private Path newSpool(boolean beside) {
        String name = file.getFileName().toString().replaceFirst("\\.db$", "") + "-spool-" + run.key().substring(0, 8) + ".db";
        try {
            return Files.createFile(beside ? file.toAbsolutePath().getParent().resolve(name) : Store.inPrivateTemp(name)); // O_EXCL; the umask applies
        } catch (IOException e) {
            return null;
        }
    }

    /** After a failure: take what the tracer queues until the finish, so that it never waits. */
    private void drain() {
        List<Item> dropped = new ArrayList<>();
        while (!finishTaken) {
            take(dropped);
            dropped.clear();
            if (!finishTaken) LockSupport.parkNanos(this, POLL_NANOS);
        }
    }

    /**
     * tot was interrupted (SIGINT, SIGTERM, SIGHUP) after the command ended, while the run is
     * written: files not hashed yet are stored unhashed, so that it ends now (a file of many
     * gigabytes read by the command would take a minute). A push to PostgreSQL, which may wait
     * for the server as long as it does not answer (a lock another session holds), is ended, and
     * the run stays in its spool.
     */
    public void cutShort() {
        if (hasher != null) hasher.cutShort();
        if (pushTo != null) pgInterrupt.interrupt();
    }

    /** Ends the writer when the command does not run after all: nothing is stored, nothing reported. */
    public void abandon() {
        abandoned = true;
        pgInterrupt.interrupt(); // the check may wait for the server (a lock another session holds)
        writer.interrupt(); // it may wait for another process's lock (up to 30 s): nothing is to be written now
        try {
            close();
        } catch (IOException e) {
            // the caller reports why it gave up
        }
    }

    @Override
    public void finishing() {
        if (finishTime != 0) return;
        finishTime = Store.nowNanos();
        add(FINISH);
    }

    @Override
    public void close() throws IOException {
        finishing();
        try {
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (hasher != null) {
            hasher.close();
            if (hasher.filesDropped() > 0) {
                notices.accept(new tot.model.Notice(tot.model.Notice.Kind.HASHES_DROPPED, "interrupted while the run was written: "
                        + hasher.filesDropped() + " file" + (hasher.filesDropped() == 1 ? " is" : "s are") + " stored without a sha1"));
            }
        }
        if (failure != null) {
            throw new IOException(spool == null ? failure.getMessage() // the database's; else the spool's, after the database's
                    : spoolCause.getMessage() + "; nor could the spool take the run: " + failure.getMessage() + " (what it took is there)", failure);
        }
        if (spool != null) {
            throw new IOException(spoolCause.getMessage() + "; the run is stored in " + spool + " instead (tot show --db " + spool + ")", spoolCause);
        }
        if (pushTo != null) push();
    }

    private void push() throws IOException {
        if (abandoned || !opened.isDone() || opened.isCompletedExceptionally()) {
            Store.removeFiles(file); // nothing ran, or nothing was written
            return;
        }
        try {
            PostgresSpool.push(file, pushTo, pgInterrupt);
        } catch (Store.StoreException e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
