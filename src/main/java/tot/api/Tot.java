package tot.api;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import tot.linux.Kernel;
import tot.linux.RawFiles;
import tot.model.Sink;
import tot.sinks.Blackbox;
import tot.sinks.DepsJson;
import tot.sinks.DirectoryCache;
import tot.sinks.JsonLines;
import tot.sinks.LauncherScripts;
import tot.store.Store;
import tot.store.StoreLocations;
import tot.store.StoreSink;
import tot.syscalls.TraceSelection;
import tot.trace.EbpfPreload;
import tot.trace.EbpfTracer;
import tot.trace.Engine;
import tot.trace.InheritedFds;
import tot.trace.Tracer;
import tot.util.LexicalPath;
import tot.util.OutputFile;

/**
 * tot as a library: trace a command, attach to running processes (recording them, or keeping
 * their last syscalls in a {@link BlackboxRecorder}), and query what tot stored ({@link RunStore}).
 * The {@code tot} command does every trace through these methods.
 *
 * <p>Every trace runs on a platform thread of its own (see {@link Tracing}); the methods here
 * return once the command runs or the processes are attached, except {@link #trace}, which
 * also waits for the end. Tracing makes this JVM's process non-dumpable ({@code PR_SET_DUMPABLE}
 * 0) for good, so that a traced program cannot ptrace it or read its {@code /proc} files.
 * Linux x86_64 only; the JVM needs {@code --enable-native-access=ALL-UNNAMED} (or the jar's
 * manifest entry when it is run with {@code -jar}) for the Foreign Function &amp; Memory API.
 */
public final class Tot {
    private Tot() {}

    /**
     * Traces {@code command} (looked up in {@code PATH} as a shell does; argv[0] as given) with
     * this process's environment, in its working directory unless
     * {@link TraceOptions#directory} says otherwise, and waits until every traced process has
     * exited and the outputs are written. The command inherits this process's standard input,
     * output and error (fds 0, 1, 2) and no other fd (the {@code tot} command passes on every fd
     * it inherited). Interrupting the calling thread kills the traced
     * processes (SIGKILL), waits for the outputs and throws {@link InterruptedException}.
     *
     * @throws TotException         the command cannot run ({@link TotException.Reason#COMMAND_NOT_FOUND},
     *                              {@code NOT_EXECUTABLE}), tracing is refused, an option or output is
     *                              wrong (checked before the command runs: then it never runs), the
     *                              database cannot take the run; {@link OutputsIncompleteException}
     *                              when an output failed during the run
     * @throws InterruptedException the calling thread was interrupted
     */
    public static TracedRun trace(List<String> command, TraceOptions options, TraceListener listener)
            throws TotException, InterruptedException {
        try (Tracing t = begin(command, options, listener)) {
            return t.await();
        }
    }

    /** {@link #trace(List, TraceOptions, TraceListener)} without a listener. */
    public static TracedRun trace(List<String> command, TraceOptions options) throws TotException, InterruptedException {
        return trace(command, options, TraceListener.NONE);
    }

    /**
     * Starts tracing {@code command} and returns once it runs (a few milliseconds); the trace
     * goes on on its own thread. Errors as for {@link #trace}: each is found before the command
     * runs, except an output failing during the run, which {@link Tracing#await} reports.
     * {@code listener} null: none ({@link TraceListener#NONE}).
     */
    public static Tracing start(List<String> command, TraceOptions options, TraceListener listener) throws TotException {
        try {
            return begin(command, options, listener);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw interrupted(options.database(), e);
        }
    }

    /**
     * This run's own files (the event stream, already opened; deps.json; an SQLite database with
     * its -wal, -shm and -journal), as real paths: -s DIR --clean[-force] leaves them alone when
     * they are in DIR (it deleted the stream tot had just opened, and tot.db).
     */
    private static java.util.Set<java.nio.file.Path> ownOutputs(TraceOptions options, boolean stored) {
        List<String> names = new ArrayList<>();
        if (options.events() != null) names.add(options.events());
        if (options.depsJson() != null) names.add(options.depsJson());
        if (stored && StoreLocations.of(options.database()) instanceof tot.store.Location.SqliteFile f) {
            for (String suffix : List.of("", "-wal", "-shm", "-journal")) names.add(f.file() + suffix);
        }
        java.util.Set<java.nio.file.Path> own = new java.util.HashSet<>();
        for (String name : names) {
            try {
                if (OutputFile.resolveDatabase(name) instanceof OutputFile.Regular(java.nio.file.Path p, var existing)) own.add(p);
            } catch (IOException e) {
                // not a file a directory can hold (standard output, /proc): nothing to keep
            }
        }
        return own;
    }

    /** {@link #start}, interrupted while the database opens: {@link #trace} says so as its Javadoc does. */
    private static Tracing begin(List<String> command, TraceOptions options, TraceListener listener)
            throws TotException, InterruptedException {
        if (listener == null) listener = TraceListener.NONE;
        if (command.isEmpty()) throw badOption("a command to run is needed");
        TraceSelection selection = selection(options.syscalls(), TraceSelection.defaults());
        if (options.engine() == TraceOptions.Engine.EBPF) {
            if (options.undelete()) {
                throw badOption("-u needs the ptrace engine (eBPF only observes calls, it cannot change them): not with --engine ebpf");
            }
            if (!options.seccomp()) throw badOption("--no-seccomp is about the ptrace engine: not with --engine ebpf");
        }
        if ((options.cleanScripts() || options.forceClean()) && options.scripts() == null) {
            throw badOption((options.forceClean() ? "--clean-force" : "--clean") + " empties the -s DIR: give -s DIR too");
        }
        Kernel.linkInBackground(); // while the outputs and the database open
        InheritedFds.standardUnlessTaken();
        int ring = options.undelete() ? InheritedFds.ioUringRing() : -1;
        if (ring >= 0) { // its IORING_OP_UNLINKAT would delete with no call tot could turn into a check
            throw badOption("-u: fd " + ring + ", which the command would inherit, is an io_uring ring: a deletion through it"
                    + " could not be turned into a check (close it for tot: " + ring + "<&-)");
        }
        String dir = options.directory() == null ? null : LexicalPath.resolve(RawFiles.cwd(), options.directory().toString());
        if (dir != null && RawFiles.type(dir) != RawFiles.Type.DIRECTORY) throw badOption(dir + ": not a directory");
        String cwd = dir != null ? dir : RawFiles.cwd();
        String path;
        try {
            path = CommandPath.resolve(command.getFirst(), System.getenv("PATH"), cwd);
        } catch (CommandPath.NotRunnable e) {
            throw new TotException(e.status == 127 ? TotException.Reason.COMMAND_NOT_FOUND : TotException.Reason.NOT_EXECUTABLE,
                    e.getMessage(), e);
        }
        DirectoryCache directories = new DirectoryCache();
        Recorder recorder = new Recorder(listener, options.syscalls() != null, directories); // asks the listener: before anything opens
        // every output is checked before the command runs (a failure then loses nothing), those
        // that change nothing first; the event stream is truncated and the scripts' directory
        // cleaned only when all are fine
        String database = options.store() ? location(options.database()) : null; // known first: no output may be it
        OutputFile.DatabaseUse inUse = database == null ? null : StoreLocations.use(StoreLocations.of(options.database()));
        try {
            OutputFile.Held deps = null; // held from now on: what the command does cannot redirect it
            try {
                distinct(options.events(), options.depsJson());
                if (options.scripts() != null) OutputFile.checkDirectory(options.scripts().toString());
                if (options.depsJson() != null) deps = OutputFile.hold(options.depsJson());
            } catch (IOException e) {
                throw outputFailed(e);
            }
            StoreSink store;
            try {
                store = database == null ? null : store(options.database(), options.hash(), options.syscalls() != null, command, cwd,
                        recorder);
            } catch (TotException | InterruptedException e) {
                if (deps != null) deps.close();
                throw e;
            }
            List<Sink> sinks = new ArrayList<>();
            sinks.add(recorder);
            try {
                if (options.events() != null) sinks.add(new Guarded(new JsonLines(options.events())));
                if (options.scripts() != null) {
                    LauncherScripts.prepare(options.scripts(), options.cleanScripts() || options.forceClean(), options.forceClean(),
                            ownOutputs(options, store != null));
                    sinks.add(new Guarded(new LauncherScripts(options.scripts())));
                }
            } catch (IOException | RuntimeException e) {
                if (store != null) store.abandon(); // nothing ran: no run is stored
                if (deps != null) deps.close();
                if (e instanceof IOException io) throw outputFailed(io);
                throw badOption(e.getMessage());
            }
            if (deps != null) {
                sinks.add(new DepsJson(deps, new DepsJson.Filter(options.depsOnlyOutputs(), options.depsOnly()), directories));
            }
            if (store != null) sinks.add(store);
            Tracer.Options how = new Tracer.Options(options.seccomp(), options.environment(), options.unredacted(), options.undelete(),
                    selection, options.idlePoll());
            return Tracing.start(false, tracing -> {
                String[] note = new String[1];
                Engine engine = engine(options, dir, how, sinks, note);
                tracing.use(engine, note[0]);
                return engine.run(path, command, dir);
            }, command, recorder, sinks, store, database, inUse);
        } catch (TotException | InterruptedException | RuntimeException | Error e) {
            if (inUse != null) inUse.close(); // no trace: nothing uses it
            throw e;
        }
    }

    /**
     * The engine {@code options} ask for (tot log --engine), on the trace thread. eBPF loads its
     * programs before the command starts, so that a refusal comes before it runs; auto falls back to ptrace where eBPF cannot serve
     * (undelete, no seccomp: ptrace's features; a machine that refuses eBPF), and
     * {@code note[0]} says which.
     */
    private static Engine engine(TraceOptions options, String dir, Tracer.Options how, List<Sink> sinks, String[] note)
            throws Tracer.StartFailed {
        String ptraceOnly = options.undelete() ? "-u" : !options.seccomp() ? "--no-seccomp" : null;
        switch (options.engine()) {
            case PTRACE -> {
                EbpfPreload.discard();
                return new Tracer(how, sinks);
            }
            case AUTO -> {
                if (ptraceOnly != null) {
                    EbpfPreload.discard();
                    note[0] = "tracing with ptrace (" + ptraceOnly + " needs it)";
                    return new Tracer(how, sinks);
                }
                EbpfTracer ebpf = new EbpfTracer(how, sinks);
                try {
                    ebpf.prepare();
                } catch (Tracer.StartFailed e) {
                    note[0] = "tracing with ptrace: " + e.getMessage();
                    return new Tracer(how, sinks);
                }
                note[0] = "tracing with eBPF";
                return ebpf;
            }
            case EBPF -> {
                EbpfTracer ebpf = new EbpfTracer(how, sinks);
                ebpf.prepare();
                return ebpf;
            }
        }
        throw new AssertionError(options.engine());
    }

    /**
     * Attaches to the running processes {@code pids} (every thread; with
     * {@link AttachOptions#follow}, also the children they fork from then on) and records what
     * they do, as {@code tot attach}: each stops at every syscall while attached (no seccomp
     * filter: it would outlive the trace). Returns once all are attached; the trace ends when
     * they exit or at {@link Tracing#detach}, after which they go on untraced. {@code listener}
     * null: none.
     *
     * @throws TotException no such process, one another tracer holds, ptrace not permitted, a
     *                      child of this JVM (the JDK's process reaper would take its ptrace
     *                      stops), this JVM itself ({@link TotException.Reason#TRACING_REFUSED}), a wrong option or
     *                      output, a database that cannot take the run
     */
    public static Tracing attach(List<Integer> pids, AttachOptions options, TraceListener listener) throws TotException {
        if (listener == null) listener = TraceListener.NONE;
        if (pids.isEmpty()) throw badOption("a process to attach to is needed");
        pids = onceEach(pids);
        notOurChildren(pids);
        TraceSelection selection = selection(options.syscalls(), TraceSelection.parse("all"));
        DirectoryCache directories = new DirectoryCache();
        Recorder recorder = new Recorder(listener, true, directories); // asks the listener: before anything opens
        String database = options.store() ? location(options.database()) : null; // known first: no output may be it
        OutputFile.DatabaseUse inUse = database == null ? null : StoreLocations.use(StoreLocations.of(options.database()));
        try {
            OutputFile.Held deps = null; // held from now on: what the processes do cannot redirect it
            try {
                distinct(options.events(), options.depsJson());
                if (options.depsJson() != null) deps = OutputFile.hold(options.depsJson());
            } catch (IOException e) {
                throw outputFailed(e);
            }
            List<String> command = pids.stream().map(p -> "attach:" + p).toList();
            StoreSink store;
            try {
                store = database == null ? null : store(options.database(), options.hash(), true, command, RawFiles.cwd(), recorder);
            } catch (TotException e) {
                if (deps != null) deps.close();
                throw e;
            } catch (InterruptedException e) {
                if (deps != null) deps.close();
                Thread.currentThread().interrupt();
                throw interrupted(options.database(), e);
            }
            List<Sink> sinks = new ArrayList<>();
            sinks.add(recorder);
            try {
                if (options.events() != null) sinks.add(new Guarded(new JsonLines(options.events())));
            } catch (IOException e) {
                if (store != null) store.abandon();
                if (deps != null) deps.close();
                throw outputFailed(e);
            }
            if (deps != null) sinks.add(new DepsJson(deps, new DepsJson.Filter(false, java.util.Set.of()), directories));
            if (store != null) sinks.add(store);
            Tracer tracer = new Tracer(new Tracer.Options(false, false, false, false, selection, false), sinks);
            List<Integer> targets = List.copyOf(pids);
            return Tracing.start(true, tracing -> {
                tracing.use(tracer, null);
                tracer.attach(targets, options.follow());
                return 0;
            }, command, recorder, sinks, store, database, inUse);
        } catch (TotException | RuntimeException | Error e) {
            if (inUse != null) inUse.close(); // no trace: nothing uses it
            throw e;
        }
    }

    /**
     * Attaches to {@code pids} as {@code tot blackbox} does and keeps only their last
     * {@link BlackboxOptions#capacity} syscalls, in bounded memory whatever the rate; nothing is
     * stored. {@code listener} gets the other events (executions, warnings), not the syscalls;
     * null: none.
     *
     * @throws TotException as {@link #attach}
     */
    public static BlackboxRecorder blackbox(List<Integer> pids, BlackboxOptions options, TraceListener listener) throws TotException {
        if (listener == null) listener = TraceListener.NONE;
        if (pids.isEmpty()) throw badOption("a process to attach to is needed");
        pids = onceEach(pids);
        notOurChildren(pids);
        // the ring is allocated whole up front: a huge -n would die of an OutOfMemoryError, not a usage error
        if (options.capacity() < 1 || options.capacity() > BLACKBOX_MAX)
            throw badOption("-n: expected a number from 1 to " + BLACKBOX_MAX + ", not " + options.capacity());
        TraceSelection selection = selection(options.syscalls(), TraceSelection.parse("all"));
        Blackbox box = new Blackbox(options.capacity());
        Recorder recorder = new Recorder(listener, false, new DirectoryCache());
        List<Sink> sinks = List.of(recorder, box);
        Tracer tracer = new Tracer(new Tracer.Options(false, false, false, false, selection, false), sinks);
        List<Integer> targets = List.copyOf(pids);
        Tracing tracing = Tracing.start(true, t -> {
            t.use(tracer, null);
            tracer.attach(targets, options.follow());
            return 0;
        }, pids.stream().map(p -> "attach:" + p).toList(), recorder, sinks, null, null, null);
        return new BlackboxRecorder(tracing, box);
    }

    /** The most calls {@link #blackbox} keeps: a million events is hundreds of MB already. */
    private static final int BLACKBOX_MAX = 1_000_000;

    /**
     * {@code pids} as the processes they name, without repeats, in their order: a pid named twice
     * ({@code -p P -p P}, or a process and one of its threads) would be attached a second time and
     * refused as "already traced" by tot itself.
     */
    private static List<Integer> onceEach(List<Integer> pids) {
        return List.copyOf(new java.util.LinkedHashSet<>(pids.stream().map(Tot::process).toList()));
    }

    /**
     * The process whose thread {@code id} is (/proc/TID is there for every thread, unlisted): a
     * thread's id is attached as its whole process, and recorded as that process's pid, not its own.
     */
    private static int process(int id) {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc", Integer.toString(id), "status"))) {
                if (line.startsWith("Tgid:")) return Integer.parseInt(line.substring(5).strip());
            }
        } catch (IOException | RuntimeException e) {
            // gone, or no process: the attach says so
        }
        return id;
    }

    /** {@link #blackbox(List, BlackboxOptions, TraceListener)} without a listener. */
    public static BlackboxRecorder blackbox(List<Integer> pids, BlackboxOptions options) throws TotException {
        return blackbox(pids, options, TraceListener.NONE);
    }

    /**
     * The database tot uses when none is named: {@code $TOT_DB} when set and not empty, else the
     * user's one store, {@code $XDG_DATA_HOME/tot/tot.db} ({@code ~/.local/share/tot/tot.db});
     * a PostgreSQL URL is shown without its password.
     *
     * @throws TotException {@link TotException.Reason#BAD_OPTION}: no home directory for the
     *                      default, or a {@code $TOT_DB} that is no database name
     */
    public static String defaultDatabase() throws TotException {
        return location(null);
    }

    /** Where {@code database} (null: the default) is, as messages show it (no password). */
    static String location(String database) throws TotException {
        try {
            return StoreLocations.of(database).toString();
        } catch (IllegalArgumentException e) {
            throw badOption(e.getMessage());
        }
    }

    /**
     * Refuses the event stream and deps.json being one file (standard output, or one regular
     * file: the one written last would replace the other); a database is refused by {@link OutputFile#resolve}.
     */
    private static void distinct(String eventsName, String depsName) throws IOException {
        OutputFile.Target events = eventsName == null ? null : OutputFile.resolve(eventsName);
        OutputFile.Target deps = depsName == null ? null : OutputFile.resolve(depsName);
        if (events == null || deps == null) return;
        boolean same = events instanceof OutputFile.Stdout && deps instanceof OutputFile.Stdout
                || events instanceof OutputFile.Regular(java.nio.file.Path e, var a) && deps instanceof OutputFile.Regular(java.nio.file.Path d, var b) && e.equals(d);
        if (same) throw OutputFile.failure(depsName, "the event stream (-o " + eventsName + ") goes there too");
    }

    /**
     * The run's database ({@code database}; null: the default), opened and proved writable before
     * anything runs; {@code recorder} is told what the database's writer meets (a lock another process holds).
     */
    private static StoreSink store(String database, boolean hash, boolean syscalls, List<String> command, String cwd,
                                   Recorder recorder) throws TotException, InterruptedException {
        StoreSink store = null;
        try {
            store = new StoreSink(StoreLocations.forWriting(database), hash, syscalls, command, cwd, recorder::notice);
            try {
                store.awaitReady();
            } catch (InterruptedException e) {
                store.abandon();
                throw e;
            }
            return store;
        } catch (IllegalArgumentException e) {
            throw badOption(e.getMessage());
        } catch (IOException e) {
            throw new TotException(TotException.Reason.STORE, "cannot create the database's directory: " + OutputFile.describe(e), e);
        } catch (Store.StoreException e) {
            if (store != null) store.abandon();
            throw new TotException(TotException.Reason.STORE, e.getMessage(), e);
        }
    }

    /** Where only a TotException can be thrown ({@link #start}, {@link #attach}): an interruption while the database opened. */
    private static TotException interrupted(String database, InterruptedException e) throws TotException {
        return new TotException(TotException.Reason.STORE, location(database) + ": interrupted", e);
    }

    private static TraceSelection selection(String expression, TraceSelection otherwise) throws TotException {
        try {
            return expression == null ? otherwise : TraceSelection.parse(expression);
        } catch (IllegalArgumentException e) {
            throw badOption(e.getMessage());
        }
    }

    /**
     * Refuses a child of this JVM: the JDK's process reaper thread waits for the children it
     * started (ProcessBuilder, Runtime.exec) without __WNOTHREAD, so it would take their ptrace
     * stops from the trace thread, and the trace would hang. (This JVM itself is refused as tot
     * itself when attaching.)
     */
    private static void notOurChildren(List<Integer> pids) throws TotException {
        long self = ProcessHandle.current().pid();
        for (int pid : pids) {
            Long parent = ProcessHandle.of(pid).flatMap(ProcessHandle::parent).map(ProcessHandle::pid).orElse(null);
            if (parent != null && parent == self) {
                throw new TotException(TotException.Reason.TRACING_REFUSED, "process " + pid + " is a child of this JVM, whose"
                        + " process reaper would take its ptrace stops: start it detached (e.g. sh -c 'cmd & echo $!')");
            }
        }
    }

    static TotException badOption(String message) {
        return new TotException(TotException.Reason.BAD_OPTION, message);
    }

    private static TotException outputFailed(IOException e) {
        return new TotException(TotException.Reason.OUTPUT, OutputFile.describe(e), e);
    }
}
