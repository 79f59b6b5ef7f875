package tot.trace;

import static tot.linux.Linux.*;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import tot.model.EnvRedaction;
import tot.model.Event;
import tot.model.Fact;
import tot.model.FileStamp;
import tot.model.PathArg;
import tot.model.ProcessModel;
import tot.syscalls.Arg;
import tot.syscalls.Handler;
import tot.syscalls.Syscall;
import tot.syscalls.SyscallTable;

/**
 * The eBPF engine's records into facts for the {@link ProcessModel}, in the order the kernel
 * reserved them: a call when it returned (its strings read then) through the same
 * {@link CallFacts} as ptrace's stops; a fork, an exec and an exit when they happened. Keeps the
 * set of live processes (the trace ends when it is empty).
 */
final class EbpfFacts {
    private final ProcessModel model;
    private final CallFacts facts;
    private final Clock clock;
    private final Tracer.Options options;
    private final boolean syscallEvents;
    private final Interrupts interrupts;
    private final Set<Integer> live;
    private final Consumer<Event> emit;
    private final Map<Integer, Tracee> tracees = new HashMap<>();
    /** Leaders that exited before their other threads: their exit is reported with the last thread's, as wait(2) does. */
    private final Map<Integer, Integer> leaderWaiting = new HashMap<>();
    /** What tot's guard protects (set when the command is spawned). */
    private OwnIds protectedIds = OwnIds.NONE;

    EbpfFacts(ProcessModel model, CallFacts facts, Clock clock, Tracer.Options options, boolean syscallEvents,
              Interrupts interrupts, Set<Integer> live, Consumer<Event> emit) {
        this.model = model;
        this.facts = facts;
        this.clock = clock;
        this.options = options;
        this.syscallEvents = syscallEvents;
        this.interrupts = interrupts;
        this.live = live;
        this.emit = emit;
    }

    void handle(EbpfRecord r) {
        try {
            switch (r.kind) {
                case EbpfRecord.CALL -> call(r);
                case EbpfRecord.FORK -> fork(r);
                case EbpfRecord.EXEC -> exec(r);
                case EbpfRecord.EXIT -> exit(r);
                default -> emit.accept(new Event.Warning(clock.now(), r.tid, null, "an eBPF record of unknown kind " + r.kind));
            }
        } catch (RuntimeException e) { // a bug in tot must not lose the trace: report, go on
            StackTraceElement[] where = e.getStackTrace();
            emit.accept(new Event.Warning(clock.now(), r.tid, null, "internal error at eBPF record " + r.kind + " of " + r.tid
                    + ": " + e + (where.length > 0 ? " at " + where[0] : "")));
        }
    }

    /** The ids tot's guard refuses calls at: a refused call naming one is a warning. */
    void protect(OwnIds ids) {
        protectedIds = ids;
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
        if (s == null) { // an x32 call the guard refused, or one that ran (no guard could be installed)
            long nr = r.nr & 0xffffffffL;
            warn(r.tid, clock.at(r.time), r.has(EbpfRecord.REFUSED) ? SyscallStops.refusedX32(nr) : SyscallStops.unknown(arch, nr));
            return;
        }
        long start = clock.at(r.start), now = clock.at(r.time);
        if (r.has(EbpfRecord.REFUSED)) {
            refused(t, arch, s, r.args, now);
            return;
        }
        DecodedCall unwrapped = arch == SyscallTable.I386 ? unwrap(r, s, start) : null;
        if (unwrapped != null) s = unwrapped.syscall;
        long[] args = unwrapped != null ? unwrapped.args : r.args;
        if (s.onlyIf() != null && !SyscallStops.matches(s.onlyIf(), args) && options.trace().argFiltered(s)) return;
        boolean event = syscallEvents && options.trace().isEvent(s);
        if (s.handler() == Handler.NONE && !event) return;
        DecodedCall c = unwrapped != null ? unwrapped : new DecodedCall(arch, s, r.args, start);
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
            if (r.has(EbpfRecord.FD_KNOWN)) {
                c.directory = r.has(EbpfRecord.FD_DIRECTORY);
                c.regular = r.has(EbpfRecord.FD_REGULAR);
                c.created = r.has(EbpfRecord.FD_CREATED);
                if (c.regular && r.ctime != 0) c.stamp = new FileStamp(r.fileSize, r.ctime, r.ino);
                if (s.indexOf(Arg.PATH) < 0 && s.handler() == Handler.OPEN) { // named by its fd: what file it is
                    c.fileDev = Integer.toUnsignedLong(r.aux);
                    c.fileIno = r.extra;
                    c.fileGeneration = Integer.toUnsignedLong(r.len3);
                }
            }
            if (s.handler() == Handler.PIPE && !r.has(EbpfRecord.DEREF_UNREADABLE)) {
                c.fdPair = new int[] {(int) r.extra, (int) (r.extra >>> 32)};
            }
            unreadable(r, s, now);
        }
        facts.exited(t, c, now);
        if (c.event) called(t, c, now);
    }

    /**
     * A call tot's guard refused before it ran (EPERM): a warning, as the ptrace engine's refusal
     * is, and its event when asked for. An EPERM the kernel itself gave a call no entry was
     * recorded for (one naming another process) is nothing; a call through a pidfd always has an
     * entry unless the guard ({@link CallGuard}) refused it, nor have the calls that name an owner
     * in memory.
     */
    private void refused(Tracee t, SyscallTable.Arch arch, Syscall s, long[] args, long now) {
        // a pidfd names its process only through the fd: the guard refused it, so it was tot
        boolean guardListened = s.handler() == Handler.PIDFD || s.ownerInMemory(args) != Syscall.OwnerInMemory.NONE
                || s.objectIdInMemory(args) >= 0;
        // a user: the process that was refused may be gone by now, and 0 is the caller's uid
        if (!guardListened && !s.targets(args, protectedIds::contains, who -> who == 0 || who == protectedIds.uid())) return;
        warn(t.tid, now, "refused " + s.name() + " aimed at tot itself (EPERM)");
        if (syscallEvents && options.trace().isEvent(s)) {
            DecodedCall c = new DecodedCall(arch, s, args, now);
            c.exited = true;
            c.errno = EPERM;
            c.rendered = ArgText.render(c, fd -> model.fdPath(t.tid, fd));
            called(t, c, now);
        }
    }

    /** The call an i386 multiplexer stands for ({@link Multiplexed}), its argument block from the record; else null. */
    private static DecodedCall unwrap(EbpfRecord r, Syscall s, long start) {
        Syscall inner = Multiplexed.inner(s, r.args);
        return inner == null ? null : Multiplexed.unwrap(SyscallTable.I386, s, inner, r.args, r.block(), start);
    }

    /** Strings and dereferenced values into the call's decoded arguments, in the roles the table gives. */
    private static void decode(EbpfRecord r, DecodedCall c) {
        int strings = 0;
        for (int i = 0; i < c.syscall.args().size(); i++) {
            Arg role = c.syscall.args().get(i);
            if (EbpfCalls.isString(role) && strings < 2) c.decoded[i] = r.string(strings++);
            else if (role == Arg.OPEN_HOW && !r.has(EbpfRecord.DEREF_UNREADABLE)) {
                c.decoded[i] = new OpenHow(r.extra, r.has(EbpfRecord.IN_ROOT) ? OpenHow.RESOLVE_IN_ROOT : 0);
            } else if (role == Arg.CLONE_ARGS && !r.has(EbpfRecord.DEREF_UNREADABLE)) c.decoded[i] = r.extra;
        }
    }

    /** A call the kernel ran whose string or value tot could not read: its record may lack a path. */
    private void unreadable(EbpfRecord r, Syscall s, long now) {
        boolean missing = r.has(EbpfRecord.STR1_UNREADABLE) || r.has(EbpfRecord.STR2_UNREADABLE)
                || (r.has(EbpfRecord.DEREF_UNREADABLE) && s.handler() != Handler.NONE);
        if (missing) warn(r.tid, now, s.name() + ": an argument could not be read from its memory at its exit: what it did may be missing");
    }

    private void called(Tracee t, DecodedCall c, long now) {
        model.apply(CallFacts.called(t, c, now));
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
        List<String> env = r.has(EbpfRecord.ENV) ? environment(r) : null;
        c.decoded[s.indexOf(Arg.ARGV)] = argv;
        facts.resolve(t, c, now);
        if (c.event) c.rendered = ArgText.render(c, fd -> model.fdPath(t.tid, fd));
        if (former != leader) { // a non-leader thread exec'd: it takes the leader's id
            tracees.remove(former);
            t.tid = leader;
            tracees.put(leader, t);
        }
        if (c.event) {
            c.exited = true;
            called(t, c, now);
        }
        model.apply(new Fact.Execed(now, leader, former, s.name(), PathArg.resolved(c.path), r.execName(), argv,
                options.recordEnv() ? env : null, null, r.execStringsCut(false)));
        // on the new execution (before the exec they would be its parent's); a cut argv is warned by the model
        if (options.recordEnv() && r.execStringsCut(true)) {
            warnAfterExec.add("its environment is longer than an eBPF record holds: recorded cut short"
                    + (r.lastExecStringCut(true) ? ", its last variable, cut mid-way, as " + EnvRedaction.REDACTED : ""));
        } else if (r.has(EbpfRecord.TRUNCATED) && !r.execStringsCut(false)) {
            warnAfterExec.add("its argv or environment is longer than an eBPF record holds: recorded cut short");
        }
        if (r.has(EbpfRecord.STR2_UNREADABLE)) warnAfterExec.add("its argv or environment could not be read");
        for (String w : warnAfterExec) warn(leader, now, w);
        warnAfterExec.clear();
    }

    /**
     * The exec's environment. One cut mid-way by the record's end keeps its name and gets
     * {@link EnvRedaction#REDACTED}, also with --env-unredacted: the cut may fall inside a secret
     * (`https://user:PASSW`, the '@' that makes it look secret gone), and what is left is not its
     * value anyway; a cut inside the name drops the entry.
     */
    private static List<String> environment(EbpfRecord r) {
        List<String> env = r.execStrings(true);
        if (!r.lastExecStringCut(true) || env.isEmpty()) return env;
        List<String> out = new ArrayList<>(env.subList(0, env.size() - 1));
        String cut = env.getLast();
        int eq = cut.indexOf('=');
        if (eq > 0) out.add(cut.substring(0, eq + 1) + EnvRedaction.REDACTED);
        return out;
    }

    /** Warnings about an exec record, told once its execution exists. */
    private final List<String> warnAfterExec = new ArrayList<>();

    /**
     * The exec's argv. A #! script's new stack holds the interpreter, its argument and the
     * script's name in place of argv[0]: the rest follows the script's name, argv[0] was read at
     * the call's entry. An empty argv is the call's (the kernel gives the program {""} then), as
     * the ptrace engine and strace record it.
     */
    private List<String> argv(EbpfRecord r, long now) {
        if (r.has(EbpfRecord.EMPTY_ARGV)) return List.of();
        List<String> stack = r.execStrings(false);
        if (!r.has(EbpfRecord.SCRIPT)) return stack;
        int script = stack.subList(1, stack.size()).indexOf(r.execName()) + 1;
        String argv0 = r.scriptArgv0();
        if (script == 0 || argv0 == null) {
            warnAfterExec.add("the argv[0] a script was run with could not be read: its argv is the interpreter's");
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
}
