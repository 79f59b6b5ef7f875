package tot.api;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tot.ci.CacheKey;
import tot.ci.Lineage;
import tot.ci.LineageQuery;
import tot.ci.PathFilter;
import tot.ci.RunFiles;
import tot.ci.Runs;
import tot.linux.RawFiles;
import tot.store.RunGraph;
import tot.store.Store;
import tot.store.StoreLocations;
import tot.store.StoreReader;
import tot.store.StoredAccess;
import tot.store.StoredExecution;
import tot.store.StoredRun;

/**
 * A tot database opened for queries: its runs, their executions and file accesses, and the CI
 * answers of the {@code tot} commands (inputs, outputs, cache key, lineage) as records.
 *
 * <p><b>Threads and blocking.</b> Each method runs its queries on the caller's thread and blocks
 * until they are answered; one store is used by one thread at a time (open one per thread).
 * Only complete runs are answered about unless one is asked for by number. The database may be
 * written meanwhile (a {@code tot log} into it): each answer sees the runs complete when it began.
 * Thread interruption is not checked. {@link #close} releases the database; use
 * try-with-resources.
 */
public final class RunStore implements AutoCloseable {
    private final StoreReader store;
    private final String cwd = RawFiles.cwd();
    /** While open, no trace of this JVM may write an output over the database. */
    private final tot.util.OutputFile.DatabaseUse inUse;

    private RunStore(StoreReader store, tot.util.OutputFile.DatabaseUse inUse) {
        this.store = store;
        this.inUse = inUse;
    }

    /**
     * Opens the database at {@code location}, as the {@code tot} commands' {@code --db} reads it:
     * an SQLite file, or a PostgreSQL URL ({@code postgresql://USER@HOST:PORT/DB}; the password
     * from the URL, {@code PGPASSWORD} or {@code ~/.pgpass}); null: {@link Tot#defaultDatabase}.
     * An older schema is upgraded when the database is writable.
     *
     * @throws TotException {@link TotException.Reason#STORE}: not a tot database, a newer schema,
     *                      unreadable, a server that cannot be reached (the message names the
     *                      database, never a password, and the cause); {@code BAD_OPTION}: a
     *                      location that is no database name
     */
    public static RunStore open(String location) throws TotException {
        return open(location, n -> {});
    }

    /**
     * {@link #open(String)}, telling {@code notices} when a query waits for another process's lock
     * on the database ({@link TraceEvent.Notice.Kind#DATABASE_LOCKED}, once a wait passes a
     * second; 30 s at most, then the query fails): an upgrade of an older schema while a
     * {@code tot log} writes into it, a writer holding SQLite's exclusive locking mode. It is told
     * on the thread of the query that waits.
     */
    public static RunStore open(String location, java.util.function.Consumer<TraceEvent.Notice> notices) throws TotException {
        java.util.Objects.requireNonNull(notices, "notices");
        tot.store.Location at;
        try {
            at = StoreLocations.of(location);
        } catch (IllegalArgumentException e) {
            throw Tot.badOption(e.getMessage());
        }
        tot.util.OutputFile.DatabaseUse inUse = StoreLocations.use(at);
        try {
            return new RunStore(StoreReader.open(at, n -> notices.accept(Events.notice(n))), inUse);
        } catch (IllegalArgumentException e) {
            inUse.close();
            throw Tot.badOption(e.getMessage());
        } catch (Store.StoreException e) {
            inUse.close();
            throw storeFailed(e);
        }
    }

    /** Every complete run, oldest first. */
    public List<RecordedRun> runs() throws TotException {
        try {
            return store.runs(null).stream().map(RunStore::run).toList();
        } catch (Store.StoreException e) {
            throw storeFailed(e);
        }
    }

    /**
     * The run {@code which} names: {@code N} (run N, also an incomplete one), {@code last} (the
     * last complete run) or {@code last~K} (the K-th complete run before the last).
     *
     * @throws TotException {@link TotException.Reason#NOT_FOUND} when there is no such run,
     *                      {@link TotException.Reason#BAD_OPTION} for another form
     */
    public RecordedRun run(String which) throws TotException {
        return run(stored(which));
    }

    /**
     * The executions of run {@code run} in the order they started.
     *
     * @throws TotException {@link TotException.Reason#NOT_FOUND} when there is no such run (as
     *                      {@link #inputs} and the others: no empty list that looks like a run)
     */
    public List<RecordedExecution> executions(long run) throws TotException {
        stored(Long.toString(run));
        try {
            return store.executions(run).stream().map(RunStore::execution).toList();
        } catch (Store.StoreException e) {
            throw storeFailed(e);
        }
    }

    /**
     * Every file access of run {@code run}, failed ones included, in the order they were recorded.
     *
     * @throws TotException {@link TotException.Reason#NOT_FOUND} when there is no such run
     */
    public List<RecordedAccess> accesses(long run) throws TotException {
        stored(Long.toString(run));
        try {
            Map<Long, RecordedExecution> byRow = new HashMap<>();
            for (StoredExecution x : store.executions(run)) byRow.put(x.rowId(), execution(x));
            List<RecordedAccess> out = new ArrayList<>();
            for (StoredAccess a : store.accessesOfRun(run)) {
                out.add(new RecordedAccess(byRow.get(a.executionRow()), RecordedAccess.Kind.valueOf(a.operation().name()), a.path(),
                        a.sha1(), a.size(), a.errno(), a.timeNanos(), a.syscall()));
            }
            return out;
        } catch (Store.StoreException e) {
            throw storeFailed(e);
        }
    }

    /** The files run {@code run} took in ({@code tot inputs}), sorted by path. */
    public List<RunFile> inputs(long run, FileFilter filter) throws TotException {
        return files(run, filter, RunFile.Role.INPUT);
    }

    /** The files run {@code run} made and left behind ({@code tot outputs}), sorted by path, under their final names. */
    public List<RunFile> outputs(long run, FileFilter filter) throws TotException {
        return files(run, filter, RunFile.Role.OUTPUT);
    }

    /** The files run {@code run} made and removed or renamed away by its end ({@code tot outputs --intermediates}). */
    public List<RunFile> intermediates(long run, FileFilter filter) throws TotException {
        return files(run, filter, RunFile.Role.INTERMEDIATE);
    }

    /**
     * Run {@code run}'s cache key over the inputs {@code filter} keeps ({@code tot key}), from
     * the contents it recorded; with {@code checkout} not null, from their contents as they are
     * now, the run's directory read as {@code checkout} ({@code tot key --now} in that
     * directory: the key to look up before building there).
     */
    public CacheKeyResult key(long run, FileFilter filter, Path checkout) throws TotException {
        PathFilter paths = filter(filter);
        String here = checkout == null ? null : tot.util.LexicalPath.resolve(cwd, checkout.toString());
        try {
            CacheKey key = CacheKey.of(RunFiles.of(RunGraph.load(store, stored(Long.toString(run)))), paths, here != null, here);
            return new CacheKeyResult(key.digest(), key.text(), key.unhashed());
        } catch (Store.StoreException e) {
            throw storeFailed(e);
        }
    }

    /**
     * Everything that went into a file, as a tree ({@code tot lineage}): {@code query} is a path
     * (relative to the current directory) as the last complete run that made it left it, or a
     * content's sha1 prefix (4 to 40 hex digits), where that content was last made; {@code run}
     * (null: that last run) picks a run instead; sources that {@code sources} does not keep are
     * left out; at most {@code maxDepth} files deep.
     *
     * @throws TotException {@link TotException.Reason#NOT_FOUND} when no run read or made it, or a
     *                      prefix is ambiguous (the message lists the candidates)
     */
    public LineageNode lineage(String query, String run, FileFilter sources, int maxDepth) throws TotException {
        if (maxDepth < 1) throw Tot.badOption("--depth: expected a positive number");
        PathFilter leaves = filter(sources);
        try {
            return node(LineageQuery.find(store, new Lineage(store, leaves, maxDepth), query, run, cwd));
        } catch (Store.StoreException e) {
            throw storeFailed(e);
        } catch (Runs.NoSuchRun | LineageQuery.NotFound e) {
            throw new TotException(TotException.Reason.NOT_FOUND, e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw Tot.badOption(e.getMessage());
        }
    }

    /** {@link #lineage(String, String, FileFilter, int)} of the last run, every source, 1000 deep. */
    public LineageNode lineage(String query) throws TotException {
        return lineage(query, null, FileFilter.ALL, 1000);
    }

    /** Releases the database. */
    @Override
    public void close() {
        store.close();
        inUse.close();
    }

    private List<RunFile> files(long run, FileFilter filter, RunFile.Role role) throws TotException {
        PathFilter paths = filter(filter);
        try {
            RunFiles f = RunFiles.of(RunGraph.load(store, stored(Long.toString(run))));
            List<RunFiles.Entry> entries = switch (role) {
                case INPUT -> f.inputs(paths);
                case OUTPUT -> f.outputs(paths);
                case INTERMEDIATE -> f.intermediates(paths);
            };
            return entries.stream().map(e -> new RunFile(e.path(), role, e.sha1(), e.size(),
                    e.executions().stream().map(RunStore::execution).toList())).toList();
        } catch (Store.StoreException e) {
            throw storeFailed(e);
        }
    }

    private StoredRun stored(String which) throws TotException {
        try {
            return Runs.find(store, Runs.check("run", which));
        } catch (IllegalArgumentException e) {
            throw Tot.badOption(e.getMessage());
        } catch (Runs.NoSuchRun e) {
            throw new TotException(TotException.Reason.NOT_FOUND, e.getMessage(), e);
        } catch (Store.StoreException e) {
            throw storeFailed(e);
        }
    }

    private PathFilter filter(FileFilter f) throws TotException {
        try {
            return PathFilter.of(f.under(), f.exclude(), cwd);
        } catch (IllegalArgumentException e) {
            throw Tot.badOption(e.getMessage());
        }
    }

    private static LineageNode node(Lineage.FileNode n) {
        return new LineageNode(n.path(), n.sha1(), n.how(), n.gone(), n.madeBy().stream()
                .map(s -> new LineageNode.Step(execution(s.execution()), s.run().id(), s.repeated(),
                        s.inputs().stream().map(RunStore::node).toList())).toList(), n.cut());
    }

    private static RecordedRun run(StoredRun r) {
        return new RecordedRun(r.id(), r.source(), r.command(), r.cwd(), r.host(), r.user(), r.startNanos(), r.endNanos(), r.exit(),
                r.complete());
    }

    private static RecordedExecution execution(StoredExecution x) {
        return new RecordedExecution(x.run(), x.execId(), x.parentExecId(), x.shortId(), x.pid(), x.path(), x.argv(), x.cwd(),
                x.startNanos(), x.endNanos(), x.exit(), x.warnings() == null ? List.of() : x.warnings(), x.fds());
    }

    private static TotException storeFailed(Store.StoreException e) {
        return new TotException(TotException.Reason.STORE, e.getMessage(), e);
    }
}
