package tot.trace;

import static tot.sys.Linux.*;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import tot.record.EnvRedaction;
import tot.record.Event;
import tot.record.Execution;
import tot.record.Sink;
import tot.sys.Errno;
import tot.sys.ErrnoException;
import tot.sys.Kernel;
import tot.sys.RawFiles;
import tot.sys.Signals;
import tot.sys.SyscallInfo;
import tot.syscalls.Arg;
import tot.syscalls.Handler;
import tot.syscalls.SeccompFilter;
import tot.syscalls.Syscall;
import tot.syscalls.SyscallTable;
import tot.syscalls.TraceSelection;
import tot.util.ByteStrings;

/**
 * Runs a command under ptrace and turns what it does into {@link Event}s for the sinks. Every
 * ptrace call happens on the one platform thread that runs {@link #run}: wait → classify →
 * handle → resume.
 */
public final class Tracer {
    /**
     * How to trace. {@code seccomp}: trap only the table's syscalls (else stop at every one);
     * {@code recordEnv}: keep each execution's environment, secrets redacted unless
     * {@code envUnredacted}; {@code undelete}: turn deletions into existence checks.
     */
    public record Options(boolean seccomp, boolean recordEnv, boolean envUnredacted, boolean undelete,
                          TraceSelection trace) {}

    private static final int OPTIONS = PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK
            | PTRACE_O_TRACECLONE | PTRACE_O_TRACEEXEC | PTRACE_O_TRACESECCOMP | PTRACE_O_EXITKILL;
    private static final String STOPPER = "kill -STOP $$; exec \"$0\" \"$@\"";

    private final List<Sink> sinks;
    private final Options options;
    private final Clock clock = new Clock();
    private boolean seccomp;
    /** Whether a sink wants syscall events (else none is made: no argument rendering). */
    private final boolean syscallEvents;

    private Kernel kernel;
    private Decoder decoder;
    private Handlers handlers;
    private Setup setup;
    private final SyscallInfo info = new SyscallInfo();
    private final Map<Integer, Task> tasks = new HashMap<>();
    /** Tasks seen before their parent's fork event: kept stopped until it arrives. */
    private final Map<Integer, Stop> held = new HashMap<>();
    private final Map<Execution, Integer> holders = new IdentityHashMap<>();
    private final Map<Execution, Proc> owners = new IdentityHashMap<>();
    private int lastExecutionId;
    private Proc rootProc;
    private byte[] rootArgv0;
    private int rootStatus;
    /** tot's own process and thread ids: a traced program may not act on them ({@link Syscall#targets}). */
    private Set<Integer> protectedIds = Set.of();

    /** Live thread-group leaders, for signals forwarded from other threads. */
    private final Set<Integer> liveProcs = ConcurrentHashMap.newKeySet();
    /** Warnings given before the first exec (no execution to hold them). */
    private final Set<String> warnedOutside = new java.util.HashSet<>();
    /** Attach mode: detach everything at the next chance (set by {@link #interrupt}). */
    private volatile boolean attachMode, detachRequested;
    private volatile int tracerTid;
    private boolean follow;
    private final Map<Integer, Proc> procs = new HashMap<>();
    private final Map<Integer, Fs> sharedFs = new HashMap<>();
    private final Map<Integer, FdTable> sharedFds = new HashMap<>();
    private volatile long lastSigintSeen;
    private final AtomicInteger interrupts = new AtomicInteger();

    public Tracer(Options options, List<Sink> sinks) {
        this.options = options;
        this.sinks = new ArrayList<>(sinks);
        this.seccomp = options.seccomp() && !options.trace().all(); // all: stop at every syscall
        this.syscallEvents = sinks.stream().anyMatch(Sink::wantsSyscalls);
    }

    /** The command could not be started. */
    public static final class StartFailed extends Exception {
        private static final long serialVersionUID = 1L;
        public StartFailed(String message) { super(message, null, false, false); }
    }

    /**
     * Traces {@code path} run with {@code argv} (argv[0] as given) until every traced process is
     * gone; returns the root's exit status (128+signal when killed). Call on a platform thread
     * that does nothing else meanwhile.
     */
    public int run(String path, List<String> argv) throws StartFailed {
        try (Kernel k = new Kernel()) {
            init(k);
            start(path, argv);
            loop();
        }
        return rootStatus >= 0 ? rootStatus : 128 - rootStatus;
    }

    private void init(Kernel k) {
        kernel = k;
        try {
            k.setDumpable(false); // a traced program of the same user may not ptrace tot, nor read its /proc files
        } catch (ErrnoException e) {
            emit(new Event.Warning(clock.now(), 0, null, "cannot make tot's process non-dumpable: " + e.getMessage()));
        }
        int self = (int) ProcessHandle.current().pid();
        Set<Integer> ids = new java.util.HashSet<>(ProcFs.tasks(self));
        ids.add(self);
        protectedIds = Set.copyOf(ids);
        decoder = new Decoder(k);
        decoder.readEnv = options.recordEnv();
        handlers = new Handlers(new Handlers.Events() {
            @Override public void emit(Event e) { Tracer.this.emit(e); }
            @Override public long now() { return clock.now(); }
            @Override public Iterable<Execution> running() { return holders.keySet(); }
            @Override public void changing(String path) { sinks.forEach(s -> s.beforeChange(path)); }
        });
        setup = new Setup(k);
    }

    /**
     * Attaches to the running processes {@code pids} (every thread; with {@code follow}, also
     * the children they fork afterwards) and traces them, stopping at every syscall (no seccomp
     * filter: it would outlive tot), until they exit or {@link #interrupt} asks tot to stop:
     * then every thread is detached and goes on as if never traced.
     */
    public void attach(List<Integer> pids, boolean follow) throws StartFailed {
        seccomp = false;
        attachMode = true;
        this.follow = follow;
        try (Kernel k = new Kernel()) {
            init(k);
            tracerTid = Signals.gettid();
            try {
                Signals.wakeOnSignal();
            } catch (ErrnoException e) {
                throw new StartFailed("cannot prepare detaching: " + e.getMessage());
            }
            for (int pid : pids) Attach.seize(k, pid, follow, this::adopt);
            loop();
        }
    }

    /** A thread {@link Attach#seize} took: its process's state and execution record from /proc. */
    private void adopt(int pid, int tid) {
        Proc proc = procs.computeIfAbsent(pid, p -> {
            Proc created = new Proc(p, null);
            liveProcs.add(p);
            String cwd = knownCwd(p);
            FdTable fds = fdsFromProc(p);
            Execution x = new Execution(++lastExecutionId, 0, p, cwd, ProcFs.exe(p), ProcFs.cmdline(p), null, fdMap(fds),
                    clock.now());
            created.execution = x;
            holders.put(x, 1);
            owners.put(x, created);
            sharedFs.put(p, new Fs(cwd));
            sharedFds.put(p, fds);
            emit(new Event.Exec(clock.now(), p, x, "attach"));
            return created;
        });
        tasks.put(tid, new Task(tid, proc, sharedFs.get(pid), sharedFds.get(pid)));
    }

    /** The command's own exit code after {@link #run}: the status, or -N when signal N killed it. */
    public int rootExit() {
        return rootStatus;
    }

    private void start(String path, List<String> argv) throws StartFailed {
        List<byte[]> stopper = new ArrayList<>();
        stopper.add(ByteStrings.encode("sh"));
        stopper.add(ByteStrings.encode("-c"));
        stopper.add(ByteStrings.encode(System.getenv("PWD") == null ? "unset PWD; " + STOPPER : STOPPER));
        stopper.add(ByteStrings.encode(path));
        for (int i = 1; i < argv.size(); i++) stopper.add(ByteStrings.encode(argv.get(i)));
        if (!argv.isEmpty() && !argv.get(0).equals(path)) rootArgv0 = ByteStrings.encode(argv.get(0));
        int pid;
        try {
            for (int fd : ProcFs.fds((int) ProcessHandle.current().pid()).keySet()) {
                if (InheritedFds.contains(fd)) continue;
                try {
                    kernel.setCloexec(fd);
                } catch (ErrnoException e) {
                    // the directory listing's own fd, closed by now
                }
            }
            long mask = kernel.setSignalMask(0); // the child inherits this thread's mask: none blocked
            try {
                pid = kernel.spawn(ByteStrings.encode("/bin/sh"), stopper);
            } finally {
                kernel.setSignalMask(mask);
            }
            Stop first = Stop.decode(kernel.wait(pid, WUNTRACED));
            if (!(first instanceof Stop.Signal)) throw new StartFailed("the command's stopper shell exited early: " + first);
            kernel.seize(pid, OPTIONS);
        } catch (ErrnoException e) {
            throw new StartFailed(e.errno == EPERM
                    ? "ptrace is not permitted here (" + e.getMessage() + "): run as root, grant CAP_SYS_PTRACE "
                      + "(e.g. docker run --cap-add=SYS_PTRACE), or set /proc/sys/kernel/yama/ptrace_scope to 0 or 1"
                    : "cannot start the command: " + e.getMessage());
        }
        try {
            kernel.kill(pid, SIGCONT);
        } catch (ErrnoException e) {
            throw new StartFailed("cannot continue the command: " + e.getMessage());
        }
        rootProc = new Proc(pid, null);
        Task root = new Task(pid, rootProc, new Fs(RawFiles.cwd()), new FdTable()); // the command starts in tot's cwd
        root.needsSetup = true;
        tasks.put(pid, root);
        liveProcs.add(pid);
    }

    private void loop() {
        while (!tasks.isEmpty() || !held.isEmpty()) {
            if (detachRequested) {
                detachAll();
                break;
            }
            if (tasks.isEmpty()) adoptOrphans();
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
                Task t = tasks.get(stop.tid());
                if (t != null) {
                    t.pending = null;
                    resume(t, 0);
                }
            }
        }
        for (Execution x : new ArrayList<>(holders.keySet())) end(x); // never seen to finish
    }

    private void handle(Stop stop) {
        Task t = tasks.get(stop.tid());
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
            tasks.remove(t.tid);
            if (t.proc.tgid == t.tid) exited(t, 0);
            return;
        }
        switch (stop) {
            case Stop.Seccomp s -> syscallStop(t);
            case Stop.Syscall s -> syscallStop(t);
            case Stop.NewChild n -> newChild(t, n.event());
            case Stop.Exec e -> exec(t);
            case Stop.Exited x -> exited(t, x.code());
            case Stop.Killed k -> exited(t, -k.signal());
            case Stop.Signal s -> {
                if (s.signal() == SIGINT) lastSigintSeen = System.nanoTime();
                resume(t, s.signal());
            }
            case Stop.Group g -> listen(t);
            case Stop.Event e -> resume(t, 0);
        }
    }

    private void resume(Task t, int signal) {
        try {
            if (!seccomp || t.pending != null || t.needsSetup) kernel.syscall(t.tid, signal);
            else kernel.cont(t.tid, signal);
        } catch (ErrnoException e) {
            // ESRCH: it died meanwhile; waitpid reports how
        }
    }

    private void listen(Task t) {
        try {
            kernel.listen(t.tid);
        } catch (ErrnoException e) {
            // gone
        }
    }

    private void syscallStop(Task t) {
        try {
            kernel.syscallInfo(t.tid, info);
        } catch (ErrnoException e) {
            return; // killed meanwhile
        }
        if (info.isEntry()) {
            if (t.needsSetup && setUp(t)) return;
            entry(t);
        } else if (info.isExit()) {
            Call c = t.pending;
            t.pending = null;
            if (c != null) {
                c.exited = true;
                if (c.refused != 0) setResult(t, -c.refused);
                if (c.refused != 0) c.errno = c.refused;
                else if (info.isError) c.errno = (int) -info.rval;
                else c.result = info.rval;
                if (c.syscall.handler() == Handler.EXEC) t.pendingExec = null; // it failed
                handlers.exit(t, c, decoder);
                if (c.event) syscallEvent(t, c);
            }
        }
        resume(t, 0);
    }

    private void entry(Task t) {
        Abi abi = Abi.of(info.arch);
        if (abi == null || (abi == Abi.X86_64 && (info.nr & X32_SYSCALL_BIT) != 0)) {
            foreignAbi(t, abi);
            return;
        }
        Syscall s = abi.syscalls().byNumber(info.nr);
        if (s == null) {
            warn(t, abi.syscalls() + " syscall " + info.nr + " is unknown to tot: what it did is not recorded");
            return;
        }
        Call c = new Call(abi.syscalls(), s, info.args, clock.now());
        if (abi == Abi.I386 && (s.name().equals("socketcall") || s.name().equals("ipc"))) {
            Call inner = decoder.unwrap(t.tid, abi.syscalls(), s, info.args, c.entryNanos);
            if (inner != null) {
                c = inner;
                s = inner.syscall;
            }
        }
        if (s.targets(c.args, protectedIds::contains)) {
            refuse(t, c, EPERM, s.name() + " aimed at tot itself");
            return;
        }
        boolean event = syscallEvents && options.trace().isEvent(s);
        if (s.handler() == Handler.NONE && !event) return; // stopped without seccomp: not asked for
        if (s.onlyIf() != null && !matches(s.onlyIf(), c.args) && options.trace().argFiltered(s)) return;
        c.event = event;
        if (rootArgv0 != null && s.handler() == Handler.EXEC && t.proc == rootProc) {
            try {
                setup.patchArgv0(t.tid, c.args[s.indexOf(Arg.ARGV)], rootArgv0);
            } catch (ErrnoException e) {
                emit(new Event.Warning(clock.now(), t.tid, null, "could not set argv[0]: " + e.getMessage()));
            }
            rootArgv0 = null;
        }
        decoder.entry(t.tid, c);
        if (s.handler() == Handler.PIDFD_SIGNAL && protectedIds.contains(ProcFs.pidfdTarget(t.tid, c.intArg(0)))) {
            refuse(t, c, EPERM, s.name() + " aimed at tot itself");
            return;
        }
        handlers.entry(t, c);
        if (s.handler() == Handler.OPEN && c.path != null && SelfAccess.forbids(c.path, c.flags, protectedIds)) {
            refuse(t, c, EACCES, "opening " + c.path + " (tot's own process)");
            return;
        }
        if (options.undelete() && s.handler() == Handler.DELETE) {
            try {
                Undelete.rewrite(kernel, t.tid, abi, s.name());
            } catch (ErrnoException e) {
                return; // the task died
            }
        }
        // without seccomp every call stops at its exit anyway: an event then waits for its result (close's too)
        if (s.needsExit() || (c.event && !seccomp && !s.name().startsWith("exit"))) t.pending = c;
        else if (c.event) syscallEvent(t, c);
    }

    /**
     * A call tot cannot decode: an x32 call, or an ABI it does not know. Never passed silently:
     * a warning on the execution; with --undelete an x32 deletion is refused (it would delete).
     */
    private void foreignAbi(Task t, Abi abi) {
        if (abi == null) {
            warn(t, "a syscall of an ABI tot does not know (audit arch 0x" + Integer.toHexString(info.arch)
                    + ", number " + info.nr + "): what it did is not recorded");
            return;
        }
        long nr = info.nr & ~X32_SYSCALL_BIT;
        Syscall s = Abi.X86_64.syscalls().byNumber(nr);
        String name = s == null ? "number " + nr : s.name();
        warn(t, "x32 syscall " + name + ": tot does not decode the x32 ABI; what it did is not recorded");
        if (options.undelete() && s != null && s.handler() == Handler.DELETE) {
            refuse(t, new Call(Abi.X86_64.syscalls(), s, info.args, clock.now()), EPERM, "x32 " + name + " under --undelete");
        }
    }

    /**
     * Makes the call fail with {@code errno} without running it: skipped at entry (number -1),
     * its result set at the exit stop. Recorded as a warning on the execution.
     */
    private void refuse(Task t, Call c, int errno, String what) {
        try {
            long[] regs = kernel.getRegs(t.tid);
            regs[Abi.NUMBER] = -1;
            kernel.setRegs(t.tid, regs);
        } catch (ErrnoException e) {
            return; // the task died
        }
        c.refused = errno;
        t.pending = c;
        warn(t, "refused " + what + " (" + Errno.name(errno) + ")");
    }

    /** A process's cwd from /proc; "/" with a warning when /proc cannot show it (gone, or longer than a page). */
    private String knownCwd(int pid) {
        String cwd = ProcFs.cwd(pid);
        if (cwd != null) return cwd;
        emit(new Event.Warning(clock.now(), pid, null, "the working directory of process " + pid
                + " is unknown (longer than /proc shows, or gone): its relative paths are taken from /"));
        return "/";
    }

    /** tot's ids for the filter: its process first, then as many threads as a guard block holds. */
    private int[] protectedIdArray() {
        int self = (int) ProcessHandle.current().pid();
        int[] ids = protectedIds.stream().mapToInt(Integer::intValue).filter(id -> id != self).sorted()
                .limit(SeccompFilter.MAX_PROTECTED_IDS - 1).toArray();
        int[] out = new int[ids.length + 1];
        out[0] = self;
        System.arraycopy(ids, 0, out, 1, ids.length);
        return out;
    }

    /** A warning on the task's execution (deps.json Warnings, tot.db), emitted once per execution and message. */
    private void warn(Task t, String message) {
        if (t.proc.execution != null) handlers.warn(t, message);
        else if (warnedOutside.add(message)) emit(new Event.Warning(clock.now(), t.tid, null, message));
    }

    private void setResult(Task t, long value) {
        try {
            long[] regs = kernel.getRegs(t.tid);
            regs[Abi.RESULT] = value;
            kernel.setRegs(t.tid, regs);
        } catch (ErrnoException e) {
            // it died meanwhile
        }
    }

    private static boolean matches(Syscall.ArgFilter f, long[] args) {
        int v = (int) args[f.index()];
        for (int allowed : f.values()) if (v == allowed) return true;
        return false;
    }

    /** The root's first syscall entry: install the filter; true when the task was resumed. */
    private boolean setUp(Task t) {
        t.needsSetup = false;
        // the command gets the dispositions tot was given: what posix_spawn left ignored that tot
        // was not given ignored goes back to SIG_DFL, what tot was given ignored (and now handles) is ignored
        long childIgnores = ProcFs.ignoredSignals(t.tid), given = InheritedSignals.ignored();
        long reset = childIgnores & ~given, ignore = given & ~childIgnores;
        if (!seccomp && reset == 0 && ignore == 0) return false;
        TraceSelection trace = syscallEvents ? options.trace() : TraceSelection.defaults();
        List<Syscall> trapped = syscallEvents ? trace.trapped() : SyscallTable.defaultSet(); // no one to report to: no more stops
        List<int[]> program = seccomp ? SeccompFilter.build(trapped, trace::argFiltered, protectedIdArray()) : null;
        try {
            setup.run(t.tid, reset, ignore, program == null ? null : Kernel.encodeFilter(program),
                    program == null ? 0 : program.size());
        } catch (Setup.FilterRefused e) {
            seccomp = false;
            emit(new Event.Warning(clock.now(), t.tid, null, "seccomp is unavailable (" + e.getMessage()
                    + "); stopping at every syscall instead (slower)"));
        } catch (ErrnoException e) {
            return true; // the task died; waitpid reports it
        }
        resume(t, 0);
        for (int sig : setup.deferredSignals) {
            try {
                kernel.kill(t.tid, sig);
            } catch (ErrnoException e) {
                // gone
            }
        }
        return true;
    }

    private void newChild(Task parent, int event) {
        int child;
        try {
            child = (int) kernel.eventMessage(parent.tid);
        } catch (ErrnoException e) {
            return;
        }
        long flags = parent.cloneFlags != -1 ? parent.cloneFlags
                : event == PTRACE_EVENT_VFORK ? CLONE_VM | CLONE_VFORK : SIGCHLD;
        parent.cloneFlags = -1;
        link(parent, child, flags);
        resume(parent, 0);
        Stop first = held.remove(child);
        if (first != null) handle(first);
    }

    private void link(Task parent, int child, long flags) {
        Proc proc;
        String kind;
        if ((flags & CLONE_THREAD) != 0) {
            proc = parent.proc;
            kind = "thread";
        } else {
            proc = new Proc(child, parent.proc.execution);
            if (proc.execution != null) holders.merge(proc.execution, 1, Integer::sum);
            liveProcs.add(child);
            kind = (flags & CLONE_VFORK) != 0 ? "vfork" : (flags & 0xff) == SIGCHLD && (flags & ~0xffL) == 0 ? "fork" : "clone";
        }
        Fs fs = (flags & CLONE_FS) != 0 ? parent.fs : parent.fs.copy();
        FdTable fds = (flags & CLONE_FILES) != 0 ? parent.fds : parent.fds.copy();
        Task task = new Task(child, proc, fs, fds);
        task.detachAtFirstStop = attachMode && !follow && (flags & CLONE_THREAD) == 0;
        tasks.put(child, task);
        emit(new Event.Spawn(clock.now(), parent.tid, child, kind, flags));
    }

    /**
     * Every task stopped (PTRACE_INTERRUPT) and detached, a signal it was about to receive
     * passed on with the detach; the executions end here (their processes go on untraced).
     */
    private void detachAll() {
        for (int tid : tasks.keySet()) {
            try {
                kernel.interrupt(tid);
            } catch (ErrnoException e) {
                // gone: its exit is reported
            }
        }
        while (!tasks.isEmpty()) {
            Stop stop;
            try {
                stop = Stop.decode(kernel.wait(-1, __WALL | __WNOTHREAD));
            } catch (ErrnoException e) {
                if (e.errno == EINTR) continue;
                break;
            }
            Task t = tasks.get(stop.tid());
            if (t == null) continue;
            switch (stop) {
                case Stop.Exited x -> exited(t, x.code());
                case Stop.Killed k -> exited(t, -k.signal());
                default -> {
                    int signal = stop instanceof Stop.Signal s ? s.signal() : 0;
                    try {
                        kernel.detach(t.tid, signal);
                    } catch (ErrnoException e) {
                        // it died meanwhile
                    }
                    tasks.remove(t.tid);
                }
            }
        }
    }

    /** Tasks whose parent's fork event never came (the parent was killed in fork): trace them anyway. */
    private void adoptOrphans() {
        for (var e : new ArrayList<>(held.entrySet())) {
            int tid = e.getKey();
            Proc proc = new Proc(tid, null);
            liveProcs.add(tid);
            tasks.put(tid, new Task(tid, proc, new Fs(knownCwd(tid)), new FdTable()));
            held.remove(tid);
            handle(e.getValue());
        }
    }

    private void exec(Task t) {
        int leader = t.tid;
        try {
            int former = (int) kernel.eventMessage(leader);
            if (former != leader && tasks.containsKey(former)) { // a non-leader thread exec'd
                Task f = tasks.remove(former);
                f.tid = leader;
                tasks.put(leader, f);
                t = f;
            }
        } catch (ErrnoException e) {
            return;
        }
        Call pe = t.pendingExec;
        t.pendingExec = null;
        t.pending = null;
        Proc p = t.proc;
        String path = pe != null && pe.path != null ? pe.path : ProcFs.exe(leader);
        List<String> args = pe != null ? pe.strings(pe.syscall.indexOf(Arg.ARGV)) : null;
        if (args == null) args = ProcFs.cmdline(leader);
        List<String> env = pe != null ? pe.strings(pe.syscall.indexOf(Arg.ENVP)) : null;
        boolean first = p == rootProc && p.execution == null;
        t.fds = (first ? new FdTable() : t.fds).afterExec(ProcFs.fdsIfListed(leader));
        if (pe != null && pe.event) syscallEvent(t, completed(pe));

        Execution old = p.execution;
        Execution x = new Execution(++lastExecutionId, old == null ? 0 : old.id, p.tgid, t.fs.cwd, path,
                args, recordedEnv(env), fdMap(t.fds), clock.now());
        if (old != null) {
            if (owners.get(old) == p) old.nextExecId(x.id); // a fork sharing `old` that execs is not `old`'s process
            release(old);
        }
        p.execution = x;
        holders.put(x, 1);
        owners.put(x, p);
        String syscall = pe != null ? pe.syscall.name() : "execve";
        emit(new Event.Exec(clock.now(), leader, x, syscall));
        Task task = t;
        t.fds.forEachOpen(fd -> {
            FdTable.Entry e = task.fds.get(fd);
            switch (e.kind()) {
                case PIPE_READ -> handlers.access(task, e.path(), Event.Access.Kind.INPUT, syscall);
                case PIPE_WRITE -> handlers.access(task, e.path(), Event.Access.Kind.OUTPUT, syscall);
                case FILE, PATH_ONLY, TMPFILE, OTHER -> { }
            }
        });
        resume(t, 0);
    }

    /** The environment to keep: none without -e, secrets redacted unless --env-unredacted. */
    private List<String> recordedEnv(List<String> env) {
        if (!options.recordEnv() || env == null) return null;
        return options.envUnredacted() ? env : EnvRedaction.redact(env);
    }

    private static String describe(RuntimeException e) {
        StackTraceElement[] where = e.getStackTrace();
        return e + (where.length > 0 ? " at " + where[0] : "");
    }

    private static Call completed(Call c) {
        c.exited = true;
        return c;
    }

    private static FdTable fdsFromProc(int pid) {
        return new FdTable().afterExec(ProcFs.fds(pid));
    }

    private static SortedMap<Integer, String> fdMap(FdTable fds) {
        SortedMap<Integer, String> out = new TreeMap<>();
        fds.forEachOpen(fd -> out.put(fd, fds.get(fd).path()));
        return out;
    }

    private void exited(Task t, int code) {
        tasks.remove(t.tid);
        Proc p = t.proc;
        if (t.tid != p.tgid) return; // a thread; the process goes on
        liveProcs.remove(p.tgid);
        emit(new Event.Exit(clock.now(), p.tgid, code));
        Execution x = p.execution;
        if (x != null) {
            if (owners.get(x) == p) x.exit(code);
            release(x);
        }
        if (p == rootProc) rootStatus = code;
    }

    /** One process stopped sharing {@code x}; the last one ends it. */
    private void release(Execution x) {
        int left = holders.merge(x, -1, Integer::sum);
        if (left <= 0) end(x);
    }

    private void end(Execution x) {
        holders.remove(x);
        owners.remove(x);
        x.end(clock.now());
        emit(new Event.End(clock.now(), x));
    }

    private void syscallEvent(Task t, Call c) {
        // null stands for a path that could not be read (a bad pointer), so the second keeps its place
        List<String> paths = c.path2 != null ? Arrays.asList(c.path, c.path2) : c.path != null ? List.of(c.path) : List.of();
        Execution x = t.proc.execution;
        long now = clock.now();
        emit(new Event.Syscall(now, t.proc.tgid, t.tid, x == null ? 0 : x.id, c.syscall.name(), paths,
                c.rendered, c.result, c.errno, c.exited ? now - c.entryNanos : 0));
    }

    private void emit(Event e) {
        for (int i = 0; i < sinks.size(); i++) {
            try {
                sinks.get(i).accept(e);
            } catch (IOException ex) {
                System.err.println("tot: " + ex.getMessage() + " (that output stops here)");
                sinks.remove(i--);
            }
        }
    }

    /**
     * tot itself got SIGINT, SIGTERM or SIGHUP (call from any thread). The tracees react as
     * they would untraced: a terminal's Ctrl-C reaches them directly, so SIGINT is passed on
     * only when none of them saw it; SIGTERM and SIGHUP go to the command. A third
     * interrupt kills every tracee.
     */
    public void interrupt(int signal) {
        if (attachMode) { // leave the processes as they were: detach, and wake the tracer thread to do it
            detachRequested = true;
            Signals.tgkill((int) ProcessHandle.current().pid(), tracerTid, Signals.WAKE);
            return;
        }
        if (interrupts.incrementAndGet() >= 3) {
            System.err.println("tot: interrupted three times: killing the traced processes");
            for (int pid : liveProcs) Signals.kill(pid, SIGKILL);
            return;
        }
        if (signal == SIGINT) {
            long sent = System.nanoTime();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            long seen = lastSigintSeen;
            if (seen != 0 && Math.abs(seen - sent) < 300_000_000L) return; // the terminal delivered it to them
            for (int pid : liveProcs) Signals.kill(pid, SIGINT);
        } else {
            int root = rootProc == null ? 0 : rootProc.tgid;
            if (root == 0 || !liveProcs.contains(root) || !Signals.kill(root, signal)) {
                for (int pid : liveProcs) Signals.kill(pid, signal);
            }
        }
    }

    /** Epoch nanoseconds with nanoTime's resolution. */
    private static final class Clock {
        private final long epoch = java.time.Instant.now().getEpochSecond() * 1_000_000_000L
                + java.time.Instant.now().getNano();
        private final long base = System.nanoTime();

        long now() {
            return epoch + (System.nanoTime() - base);
        }
    }
}
