package tot.trace;

import static tot.linux.Linux.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import tot.linux.BpfObject;
import tot.linux.ErrnoException;
import tot.linux.Kernel;
import tot.linux.RawFiles;
import tot.linux.Signals;
import tot.model.Event;
import tot.model.Fact;
import tot.model.PathArg;
import tot.model.ProcessModel;
import tot.model.Sink;
import tot.syscalls.Arg;
import tot.syscalls.Handler;
import tot.syscalls.Syscall;
import tot.syscalls.SyscallTable;
import tot.util.ByteStrings;

/**
 * The eBPF front-end: the command runs without ever being stopped while tot's BPF programs
 * (src/main/bpf/tot.bpf.c) record what its process tree does into a ring buffer; each record
 * becomes the same facts the ptrace front-end makes ({@link CallFacts}), applied to the one
 * {@link ProcessModel}. Records come in the order the kernel reserved them: a call when it
 * returned (its strings read then), a fork, an exec and an exit when they happened. What could
 * not be recorded is counted and reported, never passed silently.
 */
public final class EbpfTracer implements Engine {
    /** The ring buffer's size: $TOT_EBPF_RING_KB KiB (a power of two, at least 4), else 64 MiB. */
    static int ringBytes() {
        String kb = System.getenv("TOT_EBPF_RING_KB");
        if (kb == null || kb.isEmpty()) return 64 << 20;
        try {
            int n = Integer.parseInt(kb);
            if (n >= 4 && n <= (1 << 21) && Integer.bitCount(n) == 1) return n << 10;
        } catch (NumberFormatException e) {
            // the error below
        }
        throw new IllegalArgumentException("TOT_EBPF_RING_KB is a power of two from 4 to 2097152 (KiB), not " + kb);
    }
    /** How often the ring is read: the kernel side wakes tot only when it is filling up. */
    private static final int POLL_MS = 5;
    /** No record for this long: look for processes whose exit record was lost. */
    private static final long IDLE_NANOS = 200_000_000L;

    private final Outlets sinks;
    private final Tracer.Options options;
    private final Clock clock = new Clock();
    private final ProcessModel model;
    private final CallFacts facts;
    private final boolean syscallEvents;
    private final Interrupts interrupts = new Interrupts();
    private final Map<Integer, Tracee> tracees = new HashMap<>();
    /** Live processes (tgids): the trace ends when the last one is gone. */
    private final Set<Integer> live = new HashSet<>();
    /** Leaders that exited before their other threads: their exit is reported with the last thread's, as wait(2) does. */
    private final Map<Integer, Integer> leaderWaiting = new HashMap<>();
    private final EbpfRecord record = new EbpfRecord();
    private int rootPid;
    private BpfObject bpf;

    public EbpfTracer(Tracer.Options options, List<Sink> sinks) {
        this.options = options;
        this.sinks = new Outlets(sinks);
        this.model = new ProcessModel(this::emit, !options.envUnredacted(), RawFiles.cwd());
        this.syscallEvents = this.sinks.wantSyscalls();
        this.facts = new CallFacts(model, ProcView.AFTERWARDS, this.sinks::beforeChange);
    }

    /**
     * Loads and attaches the BPF programs (nothing is recorded before the command starts): the
     * refusal names its cause (not root, no BTF, kernel too old, locked down, built without clang).
     */
    public void prepare() throws Tracer.StartFailed {
        if (bpf != null) return;
        String why = EbpfSupport.unavailable();
        if (why != null) throw new Tracer.StartFailed("the eBPF engine cannot run here: " + why);
        bpf = load();
        try {
            bpf.ring("events", b -> handle(record.read(b)));
            bpf.attachAll();
        } catch (ErrnoException e) {
            bpf.close();
            bpf = null;
            throw new Tracer.StartFailed("the eBPF engine cannot run here: " + EbpfSupport.cause(e));
        }
    }

    @Override
    public int run(String path, List<String> argv) throws Tracer.StartFailed {
        prepare();
        try (BpfObject b = bpf; Kernel kernel = new Kernel()) {
            start(b, kernel, path, argv);
            loop(b);
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

    /** Opens, sizes, loads the BPF object and fills its syscall map from the table. */
    private BpfObject load() throws Tracer.StartFailed {
        BpfObject bpf = null;
        try {
            bpf = BpfObject.open(EbpfSupport.program());
            bpf.maxEntries("events", ringBytes());
            bpf.load();
            List<Syscall> events = syscallEvents ? options.trace().trapped() : List.of();
            for (Syscall s : EbpfCalls.selected(events)) {
                for (SyscallTable.Arch arch : SyscallTable.ARCHES) {
                    int nr = arch.number(s);
                    if (nr >= 0 && nr < EbpfCalls.SLOTS) bpf.put("calls", slot(arch) + nr, EbpfCalls.bits(s), 4);
                }
            }
            for (SyscallTable.Arch arch : SyscallTable.ARCHES) {
                for (int nr = arch.highest() + 1; nr < EbpfCalls.SLOTS; nr++) bpf.put("calls", slot(arch) + nr, EbpfCalls.UNKNOWN, 4);
            }
            bpf.put("config", 1, options.recordEnv() ? 1 : 0, 4);
            return bpf;
        } catch (ErrnoException e) {
            if (bpf != null) bpf.close();
            throw new Tracer.StartFailed("the eBPF engine cannot run here: " + EbpfSupport.cause(e));
        }
    }

    private static int slot(SyscallTable.Arch arch) {
        return arch == SyscallTable.I386 ? EbpfCalls.SLOTS : 0;
    }

    /**
     * Spawns the command from this thread while the kernel side adds the forks of this thread to
     * the traced processes: traced from its first instruction, never stopped.
     */
    private void start(BpfObject bpf, Kernel kernel, String path, List<String> argv) throws Tracer.StartFailed {
        List<byte[]> args = new ArrayList<>();
        for (String a : argv) args.add(ByteStrings.encode(a));
        try {
            bpf.put("config", 0, Signals.gettid(), 4);
            try {
                rootPid = Launch.spawn(kernel, path, args);
            } finally {
                bpf.put("config", 0, 0, 4);
            }
        } catch (ErrnoException e) {
            throw new Tracer.StartFailed("cannot start the command: " + e.getMessage());
        }
        long now = clock.now();
        model.apply(new Fact.Started(now, rootPid, RawFiles.cwd()));
        // what the command inherited from tot: tot's own fds it did not mark close-on-exec
        SortedMap<Integer, String> fds = ProcFs.fds((int) ProcessHandle.current().pid());
        for (var fd : fds.entrySet()) {
            if (InheritedFds.contains(fd.getKey())) model.apply(new Fact.FdSeen(now, rootPid, fd.getKey(), fd.getValue(), false));
        }
        live.add(rootPid);
        interrupts.live(rootPid);
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
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            int after = stat.lastIndexOf(')');
            return after < 0 || after + 2 >= stat.length() || stat.charAt(after + 2) == 'Z';
        } catch (IOException e) {
            return true;
        }
    }

    /** The command is tot's child: collect its status so that it does not stay a zombie. */
    private void reap(Kernel kernel) {
        try {
            kernel.wait(rootPid, 0);
        } catch (ErrnoException e) {
            // reaped already
        }
    }

    private void handle(EbpfRecord r) {
        try {
            switch (r.kind) {
                case EbpfRecord.CALL -> call(r);
                case EbpfRecord.FORK -> fork(r);
                case EbpfRecord.EXEC -> exec(r);
                case EbpfRecord.EXIT -> exit(r);
                default -> emit(new Event.Warning(clock.now(), r.tid, null, "an eBPF record of unknown kind " + r.kind));
            }
        } catch (RuntimeException e) { // a bug in tot must not lose the trace: report, go on
            StackTraceElement[] where = e.getStackTrace();
            emit(new Event.Warning(clock.now(), r.tid, null, "internal error at eBPF record " + r.kind + " of " + r.tid
                    + ": " + e + (where.length > 0 ? " at " + where[0] : "")));
        }
    }

    private Tracee tracee(int tid) {
        return tracees.computeIfAbsent(tid, Tracee::new);
    }

    private static SyscallTable.Arch arch(EbpfRecord r) {
        return r.has(EbpfRecord.COMPAT) ? SyscallTable.I386 : SyscallTable.X86_64;
    }

    private void call(EbpfRecord r) {
        SyscallTable.Arch arch = arch(r);
        Syscall s = arch.byNumber(r.nr);
        Tracee t = tracee(r.tid);
        if (s == null) {
            warn(r.tid, clock.at(r.time), SyscallStops.unknown(arch, r.nr & 0xffffffffL));
            return;
        }
        if (s.onlyIf() != null && !SyscallStops.matches(s.onlyIf(), r.args) && options.trace().argFiltered(s)) return;
        boolean event = syscallEvents && options.trace().isEvent(s);
        if (s.handler() == Handler.NONE && !event) return;
        long start = clock.at(r.start), now = clock.at(r.time);
        DecodedCall c = new DecodedCall(arch, s, r.args, start);
        c.event = event;
        decode(r, c);
        facts.resolve(t, c, start);
        if (c.event) c.rendered = ArgText.render(c, fd -> model.fdPath(t.tid, fd));
        facts.entering(t, c, start);
        if ((EbpfCalls.bits(s) & EbpfCalls.AT_ENTRY) != 0) { // close: recorded as it entered, its result not needed
            if (c.event) called(t, c, start);
            return;
        }
        c.exited = true;
        if (r.ret < 0 && r.ret >= -4095) c.errno = (int) -r.ret;
        else c.result = r.ret;
        if (c.errno == 0) {
            if (s.handler() == Handler.PIPE && !r.has(EbpfRecord.DEREF_UNREADABLE)) {
                c.fdPair = new int[] {(int) r.extra, (int) (r.extra >>> 32)};
            }
            unreadable(r, s, now);
        }
        facts.exited(t, c, now);
        if (c.event) called(t, c, now);
    }

    /** Strings and dereferenced values into the call's decoded arguments, in the roles the table gives. */
    private static void decode(EbpfRecord r, DecodedCall c) {
        int strings = 0;
        for (int i = 0; i < c.syscall.args().size(); i++) {
            Arg role = c.syscall.args().get(i);
            if (EbpfCalls.isString(role) && strings < 2) c.decoded[i] = r.string(strings++);
            else if ((role == Arg.OPEN_HOW || role == Arg.CLONE_ARGS) && !r.has(EbpfRecord.DEREF_UNREADABLE)) c.decoded[i] = r.extra;
        }
    }

    /** A call the kernel ran whose string or value tot could not read: its record may lack a path. */
    private void unreadable(EbpfRecord r, Syscall s, long now) {
        boolean missing = r.has(EbpfRecord.STR1_UNREADABLE) || r.has(EbpfRecord.STR2_UNREADABLE)
                || (r.has(EbpfRecord.DEREF_UNREADABLE) && s.handler() != Handler.NONE);
        if (missing) warn(r.tid, now, s.name() + ": an argument could not be read from its memory at its exit: what it did may be missing");
    }

    private void called(Tracee t, DecodedCall c, long now) {
        List<String> paths = c.path2 != null ? java.util.Arrays.asList(c.path, c.path2) : c.path != null ? List.of(c.path) : List.of();
        model.apply(new Fact.Called(now, t.tid, c.syscall.name(), paths, c.rendered, c.result, c.errno,
                c.exited ? now - c.entryNanos : 0));
    }

    private void fork(EbpfRecord r) {
        long now = clock.at(r.time);
        int child = r.aux;
        Tracee parent = tracee(r.tid);
        long flags = r.ret; // what the tasks share
        if (r.has(EbpfRecord.SPAWN_CALL)) {
            Syscall s = arch(r).byNumber(r.nr);
            if (s != null && s.handler() == Handler.SPAWN) { // the call's own flags, as the ptrace front-end reads them
                DecodedCall c = new DecodedCall(arch(r), s, r.args, now);
                if (s.indexOf(Arg.CLONE_ARGS) >= 0 && !r.has(EbpfRecord.DEREF_UNREADABLE)) c.decoded[s.indexOf(Arg.CLONE_ARGS)] = r.extra;
                facts.entering(parent, c, now);
                if (parent.cloneFlags != -1) flags = parent.cloneFlags;
                parent.cloneFlags = -1;
            }
        }
        model.apply(new Fact.Spawned(now, r.tid, child, flags));
        if ((flags & CLONE_THREAD) == 0) {
            live.add(child);
            interrupts.live(child);
        }
    }

    private void exec(EbpfRecord r) {
        long now = clock.at(r.time);
        int leader = r.tid, former = r.aux;
        SyscallTable.Arch arch = arch(r);
        Syscall s = arch.byNumber(r.nr);
        if (s == null || s.handler() != Handler.EXEC) s = SyscallTable.byName("execve"); // its entry was not seen
        Tracee t = tracee(former);
        DecodedCall c = new DecodedCall(arch, s, r.args, clock.at(r.time));
        String name = r.execName();
        int pathArg = s.indexOf(Arg.PATH), dirfdArg = s.indexOf(Arg.DIRFD);
        if (name != null && dirfdArg >= 0) { // execveat: the kernel names it /dev/fd/DIRFD/NAME (or /dev/fd/DIRFD)
            String prefix = "/dev/fd/" + c.intArg(dirfdArg);
            if (name.equals(prefix)) name = "";
            else if (name.startsWith(prefix + "/")) name = name.substring(prefix.length() + 1);
        }
        c.decoded[pathArg] = name;
        c.event = syscallEvents && options.trace().isEvent(s);
        List<String> argv = argv(r, now);
        List<String> env = r.has(EbpfRecord.ENV) ? r.execStrings(true) : null;
        c.decoded[s.indexOf(Arg.ARGV)] = argv;
        facts.resolve(t, c, now);
        if (c.event) c.rendered = ArgText.render(c, fd -> model.fdPath(t.tid, fd));
        if (r.has(EbpfRecord.TRUNCATED)) warn(former, now, "its argv or environment is longer than an eBPF record holds: recorded cut short");
        if (r.has(EbpfRecord.STR2_UNREADABLE)) warn(former, now, "its argv or environment could not be read");
        if (former != leader) { // a non-leader thread exec'd: it takes the leader's id
            tracees.remove(former);
            t.tid = leader;
            tracees.put(leader, t);
        }
        if (c.event) {
            c.exited = true;
            called(t, c, now);
        }
        model.apply(new Fact.Execed(now, leader, former, s.name(), PathArg.of(c.path), r.execName(), argv,
                options.recordEnv() ? env : null, null));
    }

    /**
     * The exec's argv. A #! script's new stack holds the interpreter, its argument and the
     * script's name in place of argv[0]: the rest follows the script's name, argv[0] was read at
     * the call's entry.
     */
    private List<String> argv(EbpfRecord r, long now) {
        List<String> stack = r.execStrings(false);
        if (!r.has(EbpfRecord.SCRIPT)) return stack;
        int script = stack.subList(1, stack.size()).indexOf(r.execName()) + 1;
        String argv0 = r.scriptArgv0();
        if (script == 0 || argv0 == null) {
            warn(r.aux, now, "the argv[0] a script was run with could not be read: its argv is the interpreter's");
            return stack;
        }
        List<String> out = new ArrayList<>(stack.size() - script);
        out.add(argv0);
        out.addAll(stack.subList(script + 1, stack.size()));
        return out;
    }

    private void exit(EbpfRecord r) {
        long now = clock.at(r.time);
        int code = (int) r.ret;
        int status = (code & 0x7f) == 0 ? (code >> 8) & 0xff : -(code & 0x7f);
        boolean groupDead = r.aux != 0;
        if (r.extra > 0) {
            warn(r.tid, now, r.extra + " eBPF events of this process were lost (the ring buffer was full): its record is incomplete");
        }
        tracees.remove(r.tid);
        if (r.tid == r.tgid && !groupDead) {
            leaderWaiting.put(r.tgid, status);
            return;
        }
        model.apply(new Fact.Exited(now, r.tid, status));
        if (!groupDead) return;
        if (leaderWaiting.remove(r.tgid) != null) model.apply(new Fact.Exited(now, r.tgid, status));
        live.remove(r.tgid);
        interrupts.gone(r.tgid);
    }

    private void warn(int tid, long now, String message) {
        model.apply(new Fact.Warned(now, tid, message));
    }

    @Override
    public int rootExit() {
        Integer exit = model.rootExit();
        return exit == null ? 0 : exit;
    }

    /**
     * As with ptrace ({@link Interrupts}): SIGTERM and SIGHUP go to the command, a third
     * interrupt kills every traced process. SIGINT is passed on unless tot is in the foreground
     * process group of its terminal: then the terminal's Ctrl-C reached the command too (no stop
     * shows it to this engine).
     */
    @Override
    public void interrupt(int signal) {
        if (signal == SIGINT && ProcFs.inTerminalForeground()) interrupts.sigintSeen();
        interrupts.interrupt(signal, rootPid);
    }

    private void emit(Event e) {
        sinks.emit(e);
    }
}
