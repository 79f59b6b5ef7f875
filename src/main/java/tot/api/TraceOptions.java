package tot.api;

import java.nio.file.Path;
import java.util.Set;

/**
 * How {@link Tot#trace} traces a command: the options of {@code tot log}. Immutable; each
 * {@code with…} returns a copy. {@link #defaults()} stores the run in the default database
 * ({@code $TOT_DB}, else tot's default) with content hashes, and writes no file of its own.
 *
 * @param database         where to store the run: an SQLite file or a {@code postgresql://} URL;
 *                         null for the default; ignored when {@code store} is false
 * @param store            whether to store the run at all ({@code --no-db} when false)
 * @param hash             whether to record the sha1 of the files read and written
 * @param depsJson         write fptrace-compatible deps.json here ({@code -d}; "-": standard
 *                         output), or null
 * @param depsOnlyOutputs  deps.json: only executions with an output other than a terminal
 * @param depsOnly         deps.json: only executions whose path or its basename is in this set
 *                         (empty: all; OR-ed with {@code depsOnlyOutputs})
 * @param events           stream events as JSON Lines here ({@code -o}), or null
 * @param scripts          write a launcher script per execution into this directory
 *                         ({@code -s}), or null
 * @param cleanScripts     empty {@code scripts} first, refused when it holds other files
 *                         ({@code --clean})
 * @param forceClean       as {@code cleanScripts}, also when it holds other files
 *                         ({@code --clean-force}; never {@code /}, a home or the current
 *                         directory)
 * @param environment      record each execution's environment ({@code -e})
 * @param unredacted       with {@code environment}: keep values that look secret
 * @param undelete         turn unlink, unlinkat and rmdir into existence checks ({@code -u})
 * @param syscalls         which syscalls become {@link SyscallRecord} events, strace's
 *                         {@code -e trace=} syntax ({@code -t}); null: the calls tot needs
 * @param seccomp          filter with seccomp-BPF (false: stop at every syscall, slower)
 * @param engine           how to trace: ptrace (stops the command at each traced call), eBPF
 *                         (root: kernel tracepoints record it without stopping it; no undelete)
 *                         or auto (eBPF where permitted, else ptrace;
 *                         {@link Tracing#engineNote} says which)
 * @param directory        where the command starts (null: this process's working directory);
 *                         a command name with a slash is read against it, as a shell would
 *                         after {@code cd}; relative output names and a relative
 *                         {@code directory} are read against this process's working directory
 * @param idlePoll         while the ptrace engine traces, hold a 0 µs /dev/cpu_dma_latency
 *                         request (root only; else nothing happens): idle CPUs poll instead of
 *                         halting, so the wake-ups of each ptrace stop are cheap
 *                         ({@code --no-idle-poll}: off)
 */
public record TraceOptions(String database, boolean store, boolean hash, String depsJson, boolean depsOnlyOutputs,
                           Set<String> depsOnly, String events, Path scripts, boolean cleanScripts, boolean forceClean,
                           boolean environment, boolean unredacted, boolean undelete, String syscalls, boolean seccomp,
                           Path directory, Engine engine, boolean idlePoll) {
    /** Copies the set. */
    public TraceOptions {
        depsOnly = Set.copyOf(depsOnly);
    }

    /** Store in the default database with hashes, no files written, default syscalls, seccomp on. */
    public static TraceOptions defaults() {
        return new TraceOptions(null, true, true, null, false, Set.of(), null, null, false, false, false, false, false, null, true, null,
                Engine.PTRACE, true);
    }

    /** Store the run in {@code location} (an SQLite file or a {@code postgresql://} URL). */
    public TraceOptions withDatabase(String location) {
        return with(o -> {
            o.database = location;
            o.store = true;
        });
    }

    /** Do not store the run. */
    public TraceOptions withoutDatabase() {
        return with(o -> {
            o.database = null;
            o.store = false;
        });
    }

    /** Whether to hash the files read and written. */
    public TraceOptions withHashes(boolean on) {
        return with(o -> o.hash = on);
    }

    /** Write deps.json to {@code file}, filtered as {@code tot log --only-outputs --only CMD…}. */
    public TraceOptions withDepsJson(String file, boolean onlyOutputs, Set<String> only) {
        return with(o -> {
            o.depsJson = file;
            o.depsOnlyOutputs = onlyOutputs;
            o.depsOnly = only;
        });
    }

    /** Write deps.json to {@code file}, every execution. */
    public TraceOptions withDepsJson(String file) {
        return withDepsJson(file, false, Set.of());
    }

    /** Stream the events as JSON Lines to {@code file}. */
    public TraceOptions withEvents(String file) {
        return with(o -> o.events = file);
    }

    /** Write launcher scripts into {@code dir}; {@code clean}/{@code force}: as {@code --clean}/{@code --clean-force}. */
    public TraceOptions withScripts(Path dir, boolean clean, boolean force) {
        return with(o -> {
            o.scripts = dir;
            o.cleanScripts = clean;
            o.forceClean = force;
        });
    }

    /** Record each execution's environment; {@code unredacted}: keep values that look secret. */
    public TraceOptions withEnvironment(boolean unredacted) {
        return with(o -> {
            o.environment = true;
            o.unredacted = unredacted;
        });
    }

    /** Nothing is deleted: deletions become existence checks, recorded as deleted. */
    public TraceOptions withUndelete() {
        return with(o -> o.undelete = true);
    }

    /** Report these syscalls as {@link SyscallRecord} events (strace's {@code -e trace=} syntax: {@code %file}, {@code openat,close}, {@code all}). */
    public TraceOptions withSyscalls(String expression) {
        return with(o -> o.syscalls = expression);
    }

    /** Start the command in {@code dir} (null: this process's working directory). */
    public TraceOptions withDirectory(Path dir) {
        return with(o -> o.directory = dir);
    }

    /** Trace with {@code engine} ({@code tot log --engine}). */
    public TraceOptions withEngine(Engine engine) {
        return with(o -> o.engine = engine);
    }

    /** Stop at every syscall instead of filtering with seccomp-BPF (slower; for comparison). */
    public TraceOptions withoutSeccomp() {
        return with(o -> o.seccomp = false);
    }

    /** Do not hold idle CPUs polling while tracing ({@code --no-idle-poll}). */
    public TraceOptions withoutIdlePoll() {
        return with(o -> o.idlePoll = false);
    }

    /** The ways tot can trace a command. */
    public enum Engine {
        /** ptrace with a seccomp filter: every feature (undelete), the traced calls stop the command. */
        PTRACE,
        /** eBPF on kernel tracepoints: needs root and a kernel with BTF; observes without stopping. */
        EBPF,
        /** eBPF where this machine permits it (and the options allow), else ptrace. */
        AUTO
    }

    /** A copy with what {@code change} sets changed: each wither names only its own components. */
    private TraceOptions with(java.util.function.Consumer<Copy> change) {
        Copy o = new Copy(this);
        change.accept(o);
        return new TraceOptions(o.database, o.store, o.hash, o.depsJson, o.depsOnlyOutputs, o.depsOnly, o.events, o.scripts,
                o.cleanScripts, o.forceClean, o.environment, o.unredacted, o.undelete, o.syscalls, o.seccomp, o.directory, o.engine,
                o.idlePoll);
    }

    /** The components, to be changed. */
    private static final class Copy {
        String database, depsJson, events, syscalls;
        boolean store, hash, depsOnlyOutputs, cleanScripts, forceClean, environment, unredacted, undelete, seccomp, idlePoll;
        Set<String> depsOnly;
        Path scripts, directory;
        Engine engine;

        Copy(TraceOptions t) {
            database = t.database;
            store = t.store;
            hash = t.hash;
            depsJson = t.depsJson;
            depsOnlyOutputs = t.depsOnlyOutputs;
            depsOnly = t.depsOnly;
            events = t.events;
            scripts = t.scripts;
            cleanScripts = t.cleanScripts;
            forceClean = t.forceClean;
            environment = t.environment;
            unredacted = t.unredacted;
            undelete = t.undelete;
            syscalls = t.syscalls;
            seccomp = t.seccomp;
            directory = t.directory;
            engine = t.engine;
            idlePoll = t.idlePoll;
        }
    }
}
