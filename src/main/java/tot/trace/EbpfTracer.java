package tot.trace;

import static tot.linux.Linux.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import tot.linux.BpfObject;
import tot.linux.ErrnoException;
import tot.linux.Kernel;
import tot.linux.RawFiles;
import tot.model.Event;
import tot.model.Fact;
import tot.model.ProcessModel;
import tot.model.Sink;
import tot.syscalls.Syscall;
import tot.syscalls.SyscallTable;
import tot.util.ByteStrings;

/**
 * The eBPF front-end: the command runs without ever being stopped while tot's BPF programs
 * (src/main/bpf/tot.bpf.c) record what its process tree does into a ring buffer; each record
 * becomes the same facts the ptrace front-end makes ({@link EbpfFacts}, through
 * {@link CallFacts}), applied to the one {@link ProcessModel}. This class loads the programs,
 * starts the command, reads the ring until the last traced process is gone, and says what was
 * lost: what could not be recorded is counted and reported, never passed silently.
 */
public final class EbpfTracer implements Engine {
    /** The ring buffer's size: $TOT_EBPF_RING_KB KiB (a power of two, at least 4), else 16 MiB. */
    static int ringBytes() {
        String kb = System.getenv("TOT_EBPF_RING_KB");
        if (kb == null || kb.isEmpty()) return 16 << 20;
        try {
            int n = Integer.parseInt(kb);
            if (n >= 4 && n <= (1 << 21) && Integer.bitCount(n) == 1) return n << 10;
        } catch (NumberFormatException e) {
            // the error below
        }
        throw new IllegalArgumentException("TOT_EBPF_RING_KB is a power of two from 4 to 2097152 (KiB), not " + kb);
    }
    /**
     * How often the ring is read: the kernel side wakes tot only when it is filling up or the last
     * traced process has exited.
     */
    private static final int POLL_MS = 25;
    /** No record for this long: look for processes whose exit record was lost. */
    private static final long IDLE_NANOS = 200_000_000L;

    private final Outlets sinks;
    private final Tracer.Options options;
    private final Clock clock = new Clock();
    private final ProcessModel model;
    private final EbpfFacts records;
    private final boolean syscallEvents;
    private final Interrupts interrupts;
    /** Live processes (tgids): the trace ends when the last one is gone. */
    private final Set<Integer> live = new HashSet<>();
    private final EbpfRecord record = new EbpfRecord();
    private int rootPid;
    /** The command's status as {@link #reap} collected it, or null. */
    private Stop reaped;
    /** The command's process group and the terminal, while it runs. */
    private volatile JobControl jobs;
    private BpfObject bpf;
    private Runnable started = () -> {};

    public EbpfTracer(Tracer.Options options, List<Sink> sinks) {
        this.options = options;
        this.sinks = new Outlets(sinks);
        this.interrupts = new Interrupts(this.sinks::notice);
        this.model = new ProcessModel(this::emit, !options.envUnredacted(), RawFiles.cwd());
        this.syscallEvents = this.sinks.wantSyscalls();
        this.records = new EbpfFacts(model, new CallFacts(model, ProcView.AFTERWARDS, this.sinks::beforeChange), clock, options,
                syscallEvents, interrupts, live, this::emit);
    }

    /**
     * Loads and attaches the BPF programs (nothing is recorded before the command starts), or
     * takes those {@link EbpfPreload} loaded, and sets them up for this trace's options: the
     * refusal names its cause (not root, no BTF, kernel too old, locked down, built without clang).
     */
    public void prepare() throws Tracer.StartFailed {
        if (bpf != null) return;
        // the watchdog and the guarded spawn get ready while the programs load (when they may)
        Ready r = EbpfSupport.unavailable() == null ? ready() : null;
        try {
            BpfObject b = EbpfPreload.take();
            if (b == null) b = loadAndAttach();
            try {
                configure(b);
            } catch (ErrnoException e) {
                b.close();
                throw new Tracer.StartFailed("the eBPF engine cannot run here: " + EbpfSupport.cause(e));
            }
            b.onRecord(data -> records.handle(record.read(data)));
            bpf = b;
            ready = r;
        } catch (Tracer.StartFailed | RuntimeException | Error e) {
            if (r != null) r.close();
            throw e;
        }
    }

    /**
     * What the command's start needs besides the programs, on the trace thread: its kernel, the
     * job control, the {@link Watchdog} (null when it could not start) and the guarded spawn.
     */
    private record Ready(Kernel kernel, JobControl jobs, Watchdog watchdog, GuardedSpawn.Pending spawn) implements AutoCloseable {
        @Override
        public void close() {
            spawn.close();
            if (watchdog != null) watchdog.close();
            jobs.close();
            kernel.close();
        }
    }

    /** Set by {@link #prepare}, taken by {@link #run}. */
    private Ready ready;

    private Ready ready() {
        Kernel kernel = new Kernel();
        JobControl jobs = new JobControl();
        Watchdog watchdog = watchdog(kernel); // before the command: no moment without one
        return new Ready(kernel, jobs, watchdog, GuardedSpawn.prepare(jobs, watchdog == null ? 0 : watchdog.pid()));
    }

    /**
     * Opens, sizes and loads the BPF object, fills its syscall map with the calls every trace
     * records, and attaches its programs. With nothing in the traced set they record nothing yet.
     */
    static BpfObject loadAndAttach() throws Tracer.StartFailed {
        String why = EbpfSupport.unavailable();
        if (why != null) throw new Tracer.StartFailed("the eBPF engine cannot run here: " + why);
        BpfObject bpf = null;
        try {
            bpf = BpfObject.open(EbpfSupport.program());
            bpf.maxEntries("events", ringBytes());
            bpf.load();
            Set<Syscall> recorded = EbpfCalls.selected(List.of());
            CallEntries calls = new CallEntries();
            for (Syscall s : recorded) calls.add(s, true, true);
            for (Syscall s : EbpfCalls.guarded()) if (!recorded.contains(s)) calls.add(s, false, false);
            calls.putInto(bpf);
            // above: unknown to tot, recorded to be said
            bpf.putAll("config", new int[] {2, 3}, new int[] {SyscallTable.X86_64.highest(), SyscallTable.I386.highest()});
            bpf.ring("events");
            bpf.attachAll();
            return bpf;
        } catch (ErrnoException e) {
            if (bpf != null) bpf.close();
            throw new Tracer.StartFailed("the eBPF engine cannot run here: " + EbpfSupport.cause(e));
        }
    }

    /** What this trace records beyond what every trace does: the syscall events asked for, environments. */
    private void configure(BpfObject bpf) throws ErrnoException {
        if (syscallEvents) {
            Set<Syscall> always = EbpfCalls.selected(List.of());
            CallEntries calls = new CallEntries();
            for (Syscall s : EbpfCalls.selected(options.trace().trapped())) {
                boolean argFiltered = options.trace().argFiltered(s);
                if (!always.contains(s) || !argFiltered && EbpfCalls.filter(s) != null) calls.add(s, true, argFiltered);
            }
            calls.putInto(bpf);
        }
        if (options.recordEnv()) bpf.put("config", 1, 1);
    }

    /**
     * Entries of the `calls` map, written in one batch: each syscall's on each architecture that
     * has it ({@link EbpfCalls#value}); and of `call_args`, the argument values of those filtered.
     */
    private static final class CallEntries {
        private final int[] keys = new int[SyscallTable.ARCHES.size() * EbpfCalls.SLOTS], values = new int[keys.length];
        private int n;
        private final List<Long> argKeys = new ArrayList<>();

        void add(Syscall s, boolean recorded, boolean argFiltered) {
            for (SyscallTable.Arch arch : SyscallTable.ARCHES) {
                int nr = arch.number(s);
                if (nr < 0 || nr >= EbpfCalls.SLOTS) continue;
                keys[n] = slot(arch) + nr;
                values[n++] = EbpfCalls.value(s, recorded, argFiltered);
                if (recorded && argFiltered && EbpfCalls.filter(s) != null) {
                    for (int v : EbpfCalls.filter(s)) argKeys.add((long) keys[n - 1] << 32 | Integer.toUnsignedLong(v));
                }
            }
        }

        void putInto(BpfObject bpf) throws ErrnoException {
            bpf.putAll("calls", Arrays.copyOf(keys, n), Arrays.copyOf(values, n));
            if (!argKeys.isEmpty()) {
                bpf.putAll("call_args", argKeys.stream().mapToLong(Long::longValue).toArray(), new int[argKeys.size()]);
            }
        }
    }

    @Override
    public int run(String path, List<String> argv, String dir) throws Tracer.StartFailed {
        prepare();
        Ready r = ready != null ? ready : ready();
        ready = null;
        try (BpfObject b = bpf; Kernel kernel = r.kernel(); JobControl j = r.jobs(); GuardedSpawn.Pending spawn = r.spawn()) {
            jobs = j;
            try (Watchdog w = r.watchdog()) {
                start(b, spawn, path, argv, dir, w);
                started.run();
                loop(b);
            }
            letGoWarning();
            model.finish();
            reap(kernel);
            long total = b.get("stats", 0);
            if (total > 0) { // also when every process said its share: the run's last word
                emit(new Event.Warning(clock.now(), 0, null, total + " eBPF events were lost in all (the ring buffer "
                        + "was full or a kernel table was): the record is incomplete"));
            }
        } finally {
            bpf = null;
        }
        int status = rootExit();
        return status >= 0 ? status : 128 - status;
    }

    private static int slot(SyscallTable.Arch arch) {
        return arch == SyscallTable.I386 ? EbpfCalls.SLOTS : 0;
    }

    /**
     * Spawns the command under tot's guard ({@link GuardedSpawn}) while the kernel side adds the
     * spawning thread's forks to the traced processes: traced from its first instruction, never
     * stopped; then what it inherited from tot.
     */
    private void start(BpfObject bpf, GuardedSpawn.Pending spawn, String path, List<String> argv, String dir, Watchdog watchdog)
            throws Tracer.StartFailed {
        List<byte[]> args = new ArrayList<>();
        for (String a : argv) args.add(ByteStrings.encode(a));
        GuardedSpawn.Started started;
        try {
            started = spawn.spawn(bpf, path, args, dir, pid -> {
                String failed = watchdog == null ? null : watchdog.watch(pid);
                if (failed != null) noWatchdog = failed;
            });
        } catch (ErrnoException e) {
            throw new Tracer.StartFailed("cannot start the command: " + e.getMessage());
        }
        rootPid = started.pid();
        records.protect(started.tot());
        long now = clock.now();
        tracedTot = started.tracedTot();
        if (noWatchdog != null) {
            emit(new Event.Warning(now, rootPid, null, "tot's watchdog could not start (" + noWatchdog
                    + "): a SIGKILL of tot would leave the command running"));
        }
        if (started.unguarded() != null) {
            emit(new Event.Warning(now, rootPid, null, "tot's guard could not be installed (" + started.unguarded()
                    + "): calls of the command that act on tot are recorded, not refused"));
        }
        model.apply(new Fact.Started(now, rootPid, dir != null ? dir : RawFiles.cwd()));
        // what the command inherited from tot: tot's own fds it did not mark close-on-exec
        int self = (int) ProcessHandle.current().pid();
        int[] open = RawFiles.numberedEntries("/proc/self/fd");
        for (int fd : open == null ? new int[0] : open) {
            if (!InheritedFds.contains(fd)) continue;
            String target = ProcFs.fdTarget(self, fd);
            if (target != null) model.apply(new Fact.FdSeen(now, rootPid, fd, target, false));
        }
        live.add(rootPid);
        interrupts.live(rootPid);
    }

    /** A {@link Watchdog}, or null when it cannot start (said once the command runs). */
    private Watchdog watchdog(Kernel kernel) {
        try {
            return Watchdog.start(kernel);
        } catch (ErrnoException e) {
            noWatchdog = e.getMessage();
            return null;
        }
    }

    /** Why there is no watchdog (it could not start, or not be told the command's group), or null. */
    private volatile String noWatchdog;

    /** Set by the spawning thread when the command made tot its tracer ({@link GuardedSpawn}). */
    private AtomicBoolean tracedTot = new AtomicBoolean();

    /** A run-level warning: the command's execution may have ended by the time it is seen. */
    private void letGoWarning() {
        if (!tracedTot.getAndSet(false)) return;
        emit(new Event.Warning(clock.now(), rootPid, null, "the command (pid " + rootPid + ") called ptrace(PTRACE_TRACEME), which"
                + " made tot, its parent, its tracer: tot let it go on untraced"));
    }

    private void loop(BpfObject bpf) {
        long lastRecord = System.nanoTime();
        while (!live.isEmpty()) {
            int n;
            try {
                n = bpf.poll(POLL_MS);
            } catch (ErrnoException e) {
                emit(new Event.Warning(clock.now(), 0, null, "reading the eBPF ring buffer failed: " + e.getMessage()));
                break;
            }
            letGoWarning();
            long now = System.nanoTime();
            if (n > 0) lastRecord = now;
            else if (now - lastRecord > IDLE_NANOS) {
                sweep(bpf);
                lastRecord = now;
            }
        }
    }

    /**
     * Nothing came for a while: a live process that is gone from /proc lost its exit record (the
     * ring buffer was full). Once the ring is drained, it is ended here, with a warning.
     */
    private void sweep(BpfObject bpf) {
        List<Integer> gone = live.stream().filter(EbpfTracer::ended).toList();
        if (gone.isEmpty()) return;
        try {
            if (bpf.poll(0) > 0) return;
        } catch (ErrnoException e) {
            return;
        }
        for (int pid : gone) {
            if (!live.remove(pid)) continue;
            long now = clock.now();
            model.apply(new Fact.Warned(now, pid, "its exit was not recorded (eBPF events were lost): its end time is when tot noticed"));
            model.apply(new Fact.Detached(now, pid));
            interrupts.gone(pid);
        }
    }

    /** Whether process {@code pid} has exited (gone, or a zombie: its exit record was sent before). */
    private static boolean ended(int pid) {
        String[] f = ProcFs.stat(Integer.toString(pid));
        return f == null || f[0].equals("Z");
    }

    /**
     * The command is tot's child: collect its status so that it does not stay a zombie, and keep
     * it for {@link #rootExit} (the ring may have lost its exit record).
     */
    private void reap(Kernel kernel) {
        try {
            reaped = Stop.decode(kernel.wait(rootPid, 0));
        } catch (ErrnoException e) {
            // reaped already
        }
    }

    @Override
    public int rootExit() {
        Integer exit = model.rootExit();
        if (exit != null) return exit;
        // its exit record was lost (a full ring): the kernel's word, not 0, which would say it succeeded
        return switch (reaped) {
            case Stop.Exited x -> x.code();
            case Stop.Killed k -> -k.signal();
            case null, default -> 0;
        };
    }

    /** As with ptrace ({@link Interrupts}): to the command's process group; a third interrupt kills every traced process. */
    @Override
    public void interrupt(int signal) {
        JobControl j = jobs;
        if (signal == SIGCONT && j != null && j.continuing()) return; // after the terminal is the command's again
        interrupts.interrupt(signal, j == null ? 0 : j.group());
    }

    @Override
    public void onStarted(Runnable r) {
        started = r;
    }

    @Override
    public void kill() {
        JobControl j = jobs;
        interrupts.killAll(j == null ? 0 : j.group());
    }

    private void emit(Event e) {
        sinks.emit(e);
    }
}
