package tot.trace;

import static tot.linux.Linux.*;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tot.model.Event;
import tot.model.Fact;
import tot.model.ProcessModel;
import tot.model.Sink;
import tot.linux.CpuLatency;
import tot.linux.ErrnoException;
import tot.linux.Kernel;
import tot.linux.RawFiles;
import tot.linux.Signals;
import tot.syscalls.TraceSelection;
import tot.util.ByteStrings;

/**
 * The ptrace front-end: runs a command (or attaches to running processes), waits for stops,
 * turns what each one shows into {@link Fact}s for the {@link ProcessModel}, and resumes. Every
 * ptrace call happens on the one platform thread that runs {@link #run} or {@link #attach}:
 * wait → classify → handle → resume. What a syscall stop means is {@link SyscallStops}'s.
 */
public final class Tracer implements Engine {
    /** The name of the thread that traces: how another tot tells that a process is a tot (Attach). */
    public static final String THREAD_NAME = "tot-trace";

    /**
     * How to trace. {@code seccomp}: trap only the table's syscalls (else stop at every one);
     * {@code recordEnv}: keep each execution's environment, secrets redacted unless
     * {@code envUnredacted}; {@code undelete}: turn deletions into existence checks.
     */
    public record Options(boolean seccomp, boolean recordEnv, boolean envUnredacted, boolean undelete,
                          TraceSelection trace, boolean idlePoll) {}

    private static final int OPTIONS = PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK
            | PTRACE_O_TRACECLONE | PTRACE_O_TRACEEXEC | PTRACE_O_TRACESECCOMP | PTRACE_O_EXITKILL;

    private final Outlets sinks;
    private final Options options;
    private final Clock clock = new Clock();
    private final ProcessModel model;
    private Kernel kernel;
    private SyscallStops stops;
    private final Map<Integer, Tracee> tracees = new HashMap<>();
    /** Threads seen before their parent's fork event: kept stopped until it arrives. */
    private final Map<Integer, Stop> held = new HashMap<>();
    /**
     * Per process: a thread that ended inside an exec while the process lived on. Another thread's
     * exec kills every sibling (de_thread), those inside an exec of their own too: the process's exec
     * event settles it; a process whose last thread ends without one gets the warning then.
     */
    private final Map<Integer, String> execsInDoubt = new HashMap<>();
    /** The live processes that exec'd: no doubt left for their threads. */
    private final Set<Integer> execed = new HashSet<>();
    private int rootPid;

    /** The live processes, and what tot does with the signals it gets. */
    private final Interrupts interrupts;
    /** The command's process group and the terminal (null in attach mode and before the start). */
    private volatile JobControl jobs;
    /** Attach mode: detach everything at the next chance (set by {@link #interrupt}). */
    private volatile boolean attachMode, detachRequested;
    private volatile int tracerTid;
    private boolean follow;
    /** Told once the command runs (or every process is attached), before the first stop is handled. */
    private Runnable started = () -> {};

    public Tracer(Options options, List<Sink> sinks) {
        this.options = options;
        this.sinks = new Outlets(sinks);
        this.interrupts = new Interrupts(this.sinks::notice);
        this.model = new ProcessModel(this::emit, !options.envUnredacted(), RawFiles.cwd());
    }

    /** {@code r} runs on the tracer thread once the command runs or every process is attached. */
    @Override
    public void onStarted(Runnable r) {
        started = r;
    }

    /** The command could not be started. */
    public static final class StartFailed extends Exception {
        private static final long serialVersionUID = 1L;
        public StartFailed(String message) { super(message, null, false, false); }
    }

    @Override
    public int run(String path, List<String> argv, String dir) throws StartFailed {
        // each stop wakes tot, then the command: a CPU that polls when idle wakes without an interrupt
        try (Kernel k = new Kernel(); JobControl j = new JobControl();
             CpuLatency polling = options.idlePoll() ? CpuLatency.hold() : null) {
            jobs = j;
            init(k, options.seccomp() && !options.trace().all()); // all: stop at every syscall
            start(path, argv, dir);
            started.run();
            loop();
        }
        int status = rootExit();
        return status >= 0 ? status : 128 - status;
    }

    private void init(Kernel k, boolean seccomp) {
        kernel = k;
        try {
            k.setDumpable(false); // a traced program of the same user may not ptrace tot, nor read its /proc files
        } catch (ErrnoException e) {
            emit(new Event.Warning(clock.now(), 0, null, "cannot make tot's process non-dumpable: " + e.getMessage()));
        }
        boolean syscallEvents = sinks.wantSyscalls();
        stops = new SyscallStops(k, model, options, seccomp, syscallEvents, clock::now,
                sinks::beforeChange, this::emit);
    }

    /**
     * Attaches to the running processes {@code pids} (every thread; with {@code follow}, also
     * the children they fork afterwards) and traces them, stopping at every syscall (no seccomp
     * filter: it would outlive tot), until they exit or {@link #interrupt} asks tot to stop:
     * then every thread is detached and goes on as if never traced.
     */
    public void attach(List<Integer> pids, boolean follow) throws StartFailed {
        attachMode = true;
        this.follow = follow;
        try (Kernel k = new Kernel()) {
            init(k, false);
            tracerTid = Signals.gettid();
            try {
                Signals.wakeOnSignal();
            } catch (ErrnoException e) {
                throw new StartFailed("cannot prepare detaching: " + e.getMessage());
            }
            for (int pid : pids) Attach.seize(k, pid, follow, this::adopt);
            started.run();
            loop();
        }
    }

    /** A thread {@link Attach#seize} took: its process's execution record from /proc (once per process). */
    private void adopt(int pid, int tid) {
        interrupts.live(pid);
        // read through the thread: a main thread that called pthread_exit has no cwd, exe, argv or fds left to show
        String cwd = ProcFs.cwd(tid);
        model.apply(new Fact.Adopted(clock.now(), tid, pid, cwd != null ? cwd : "/", ProcFs.exe(tid), ProcFs.cmdline(tid),
                ProcFs.fds(tid)));
        tracees.put(tid, new Tracee(tid));
    }

    @Override
    public int rootExit() {
        Integer exit = model.rootExit();
        return exit == null ? 0 : exit;
    }

    private void start(String path, List<String> argv, String dir) throws StartFailed {
        List<byte[]> env = Launch.environment(dir);
        int pid = Launch.stopped(kernel, path, argv, dir, env, OPTIONS, jobs);
        rootPid = pid;
        model.apply(new Fact.Started(clock.now(), pid, dir != null ? dir : RawFiles.cwd())); // else in tot's cwd
        Tracee root = new Tracee(pid);
        root.needsSetup = true;
        stops.stopperExec = true;
        stops.rootArgv0 = !argv.isEmpty() && !argv.get(0).equals(path) ? ByteStrings.encode(argv.get(0)) : null;
        stops.rootEnvCount = env.size();
        tracees.put(pid, root);
        interrupts.live(pid);
    }

    private void loop() {
        while (!tracees.isEmpty() || !held.isEmpty()) {
            if (detachRequested) {
                detachAll();
                break;
            }
            if (tracees.isEmpty()) adoptOrphans();
            long waited;
            try {
                waited = kernel.wait(-1, __WALL | __WNOTHREAD);
            } catch (ErrnoException e) {
                if (e.errno == EINTR) continue;
                break; // ECHILD: nothing left to wait for
            }
            Stop stop = Stop.decode(waited);
            try {
                handle(stop);
            } catch (RuntimeException e) { // a bug in tot must not lose the trace: report, resume, go on
                emit(new Event.Warning(clock.now(), stop.tid(), null, "internal error at " + stop + ": " + describe(e)));
                Tracee t = tracees.get(stop.tid());
                if (t != null) {
                    t.pending = null;
                    stops.resume(t, 0);
                }
            }
        }
        model.finish(); // what was never seen to finish
    }

    private void handle(Stop stop) {
        Tracee t = tracees.get(stop.tid());
        if (t == null) {
            switch (stop) {
                case Stop.Exited x -> held.remove(x.tid());
                case Stop.Killed k -> held.remove(k.tid());
                default -> held.put(stop.tid(), stop);
            }
            return;
        }
        if (t.detachAtFirstStop) { // attached without -f: a new process is not followed
            try {
                kernel.detach(t.tid, 0);
            } catch (ErrnoException e) {
                // gone
            }
            tracees.remove(t.tid);
            model.apply(new Fact.Detached(clock.now(), t.tid));
            return;
        }
        switch (stop) {
            case Stop.Seccomp s -> stops.syscallStop(t);
            case Stop.Syscall s -> stops.syscallStop(t);
            case Stop.NewChild n -> newChild(t, n.event());
            case Stop.Exec e -> exec(t);
            case Stop.Exited x -> exited(t, x.code());
            case Stop.Killed k -> exited(t, -k.signal());
            case Stop.Signal s -> stops.resume(t, s.signal());
            case Stop.Group g -> {
                listen(t);
                // the stopper shell's own stop is reported again once seized: not the command's
                if (t.tid == rootPid && jobs != null && !stops.stopperExec) jobs.stopped(g.signal());
            }
            case Stop.Event e -> stops.resume(t, 0);
        }
    }

    private void listen(Tracee t) {
        try {
            kernel.listen(t.tid);
        } catch (ErrnoException e) {
            // gone
        }
    }

    private void newChild(Tracee parent, int event) {
        int child;
        try {
            child = (int) kernel.eventMessage(parent.tid);
        } catch (ErrnoException e) {
            return;
        }
        long flags = parent.cloneFlags != -1 ? parent.cloneFlags
                : event == PTRACE_EVENT_VFORK ? CLONE_VM | CLONE_VFORK : SIGCHLD;
        parent.cloneFlags = -1;
        model.apply(new Fact.Spawned(clock.now(), parent.tid, child, flags));
        Tracee t = new Tracee(child);
        t.detachAtFirstStop = attachMode && !follow && (flags & CLONE_THREAD) == 0;
        tracees.put(child, t);
        if ((flags & CLONE_THREAD) == 0) interrupts.live(child);
        stops.resume(parent, 0);
        Stop first = held.remove(child);
        if (first != null) handle(first);
    }

    /** Every thread detached (attach mode); the executions end here, their processes go on untraced. */
    private void detachAll() {
        Attach.detachAll(kernel, tracees.keySet(), tid -> {
            tracees.remove(tid);
            model.apply(new Fact.Detached(clock.now(), tid));
        }, (tid, status) -> exited(tracees.get(tid), status));
    }

    /** Threads whose parent's fork event never came (the parent was killed in fork): trace them anyway. */
    private void adoptOrphans() {
        for (var e : new ArrayList<>(held.entrySet())) {
            int tid = e.getKey();
            String cwd = ProcFs.cwd(tid);
            if (cwd == null) {
                emit(new Event.Warning(clock.now(), tid, null, "the working directory of process " + tid
                        + " is unknown (longer than /proc shows, or gone): its relative paths are taken from /"));
            }
            model.apply(new Fact.Started(clock.now(), tid, cwd != null ? cwd : "/"));
            interrupts.live(tid);
            tracees.put(tid, new Tracee(tid));
            held.remove(tid);
            handle(e.getValue());
        }
    }

    /** PTRACE_EVENT_EXEC, reported under the thread group leader's id (the exec'ing thread may be another). */
    private void exec(Tracee t) {
        int leader = t.tid;
        int former;
        try {
            former = (int) kernel.eventMessage(leader);
        } catch (ErrnoException e) {
            return;
        }
        Tracee caller = tracees.get(former);
        if (former != leader && caller != null) { // a non-leader thread exec'd: it is the leader now
            tracees.remove(former);
            caller.tid = leader;
            tracees.put(leader, caller);
            t = caller;
        }
        execed.add(leader); // its threads inside an exec of their own, ended before or after this event, lost to this one
        execsInDoubt.remove(leader);
        stops.execed(t, leader, former);
        stops.resume(t, 0);
    }

    private static String describe(RuntimeException e) {
        StackTraceElement[] where = e.getStackTrace();
        return e + (where.length > 0 ? " at " + where[0] : "");
    }

    private void exited(Tracee t, int code) {
        tracees.remove(t.tid);
        interrupts.gone(t.tid);
        DecodedCall exec = t.pendingExec;
        int process = model.tgid(t.tid);
        boolean last = !model.sharesItsProcess(t.tid);
        String doubt = exec == null ? null : (code < 0 ? "killed by " + Signals.name(-code) : "ended") + " inside "
                + exec.syscall.name() + "(" + (exec.path == null ? "?" : exec.path) + "): whether the new program was loaded"
                + " is unknown (no exec event came; strace shows \"= ?\")";
        // a thread of a process that lives on: a sibling's exec may have killed it (de_thread), which the process's exec event says
        if (doubt != null && !last && !execed.contains(process)) execsInDoubt.putIfAbsent(process, doubt);
        if (last) {
            execed.remove(process);
            String earlier = execsInDoubt.remove(process);
            if (doubt == null) doubt = earlier;
            // ended inside an exec (a vfork child killed as its parent resumed): the kernel tells no result
            if (doubt != null) model.apply(new Fact.Warned(clock.now(), t.tid, doubt));
        }
        model.apply(new Fact.Exited(clock.now(), t.tid, code));
    }

    private void emit(Event e) {
        sinks.emit(e);
    }

    /**
     * tot itself got SIGINT, SIGTERM or SIGHUP (call from any thread): in attach mode, detach
     * every thread (the tracer thread is woken to do it); else the traced processes react as
     * they would untraced ({@link Interrupts}).
     */
    @Override
    public void interrupt(int signal) {
        if (attachMode) {
            if (signal == SIGCONT) return; // not an interrupt: the processes go on as they were
            detachRequested = true;
            Signals.tgkill((int) ProcessHandle.current().pid(), tracerTid, Signals.WAKE);
            return;
        }
        JobControl j = jobs;
        if (signal == SIGCONT && j != null && j.continuing()) return; // after the terminal is the command's again
        interrupts.interrupt(signal, j == null ? 0 : j.group());
    }

    /** Kills every traced process of a command (SIGKILL; call from any thread); attach mode: detaches instead. */
    @Override
    public void kill() {
        if (attachMode) {
            interrupt(SIGTERM);
            return;
        }
        JobControl j = jobs;
        interrupts.killAll(j == null ? 0 : j.group());
    }
}
