package tot.trace;

import static tot.linux.Linux.*;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import tot.model.Event;
import tot.model.Fact;
import tot.model.PathArg;
import tot.model.ProcessModel;
import tot.linux.ErrnoException;
import tot.linux.Kernel;
import tot.linux.SyscallInfo;
import tot.syscalls.Arg;
import tot.syscalls.Handler;
import tot.syscalls.SeccompFilter;
import tot.syscalls.Syscall;
import tot.syscalls.SyscallTable;
import tot.syscalls.TraceSelection;

/**
 * A syscall stop, entry or exit, of a traced thread: which call it is (in which ABI), what it
 * reads from the tracee, whether tot refuses it (aimed at tot, --undelete), the facts it makes,
 * the event --trace asked for, and how the thread is resumed. The root's first entry installs
 * the seccomp filter ({@link Setup}).
 */
final class SyscallStops {
    private final Kernel kernel;
    private final ProcessModel model;
    private final Tracer.Options options;
    private final Decoder decoder;
    private final CallFacts facts;
    private final Setup setup;
    private final LongSupplier clock;
    private final Consumer<Event> emit;
    private final SyscallInfo info = new SyscallInfo();
    /** Whether a sink wants syscall events (else none is made: no argument rendering). */
    private final boolean syscallEvents;
    /** Whether the filter traps only the table's syscalls (false: a stop at every one). */
    private boolean seccomp;
    /** tot's own process and thread ids: a traced program may not act on them ({@link Syscall#targets}). */
    private final OwnIds protectedIds = OwnIds.now();
    /** Whether the root's next exec is its stopper shell's exec of the command ({@link #execTheCommand}). */
    boolean stopperExec;
    /** argv[0] of the command when it differs from its path: set at the stopper's exec. */
    byte[] rootArgv0;
    /** How many variables the environment tot started the stopper shell with has. */
    int rootEnvCount;
    /** The stopper's exec with argv[0] patched: where argv[0] is and what it held (0: none pending). */
    private long patchedArgv, unpatchedArgv0;

    SyscallStops(Kernel kernel, ProcessModel model, Tracer.Options options, boolean seccomp, boolean syscallEvents,
                 LongSupplier clock, Consumer<String> changing, Consumer<Event> emit) {
        this.kernel = kernel;
        this.model = model;
        this.options = options;
        this.seccomp = seccomp;
        this.syscallEvents = syscallEvents;
        this.clock = clock;
        this.emit = emit;
        this.decoder = new Decoder(kernel);
        decoder.readEnv = options.recordEnv();
        this.facts = new CallFacts(model, ProcView.PROC, changing);
        this.setup = new Setup(kernel);
    }

    /** Resumes {@code t}: to its next syscall stop when one is awaited or everything stops, else to the next trap. */
    void resume(Tracee t, int signal) {
        try {
            if (!seccomp || t.pending != null || t.needsSetup) kernel.syscall(t.tid, signal);
            else kernel.cont(t.tid, signal);
        } catch (ErrnoException e) {
            // ESRCH: it died meanwhile; waitpid reports how
        }
    }

    void syscallStop(Tracee t) {
        try {
            kernel.syscallInfo(t.tid, info);
        } catch (ErrnoException e) {
            return; // killed meanwhile
        }
        if (info.isEntry()) {
            if (t.needsSetup && setUp(t)) return;
            entry(t);
        } else if (info.isExit()) {
            DecodedCall c = t.pending;
            t.pending = null;
            if (c != null) exit(t, c);
        }
        resume(t, 0);
    }

    private void entry(Tracee t) {
        Abi abi = Abi.of(info.arch);
        if (abi == null || (abi == Abi.X86_64 && (info.nr & X32_SYSCALL_BIT) != 0)) {
            foreignAbi(t, abi);
            return;
        }
        Syscall s = abi.syscalls().byNumber(info.nr);
        if (s == null) {
            warn(t, unknown(abi.syscalls(), info.nr));
            return;
        }
        long now = clock.getAsLong();
        DecodedCall c = new DecodedCall(abi.syscalls(), s, info.args, now);
        if (abi == Abi.I386) {
            DecodedCall inner = decoder.unwrap(t.tid, abi.syscalls(), s, info.args, now);
            if (inner != null) {
                c = inner;
                s = inner.syscall;
            }
        }
        boolean event = syscallEvents && options.trace().isEvent(s);
        if (info.op == PTRACE_SYSCALL_INFO_SECCOMP && info.retData != SeccompFilter.TRACE_DATA) {
            c.event = event; // the program's own filter asked for a tracer: none but tot is there, so ENOSYS, as untraced
            refuse(t, c, ENOSYS, s.name() + ": the program's own seccomp filter asked for a tracer (SECCOMP_RET_TRACE); as"
                    + " without tot, it failed with ENOSYS");
            return;
        }
        if (s.asksListener(c.args)) {
            c.event = event;
            refuse(t, c, EPERM, "refused " + s.name() + " with SECCOMP_FILTER_FLAG_NEW_LISTENER (EPERM): the calls its listener"
                    + " answers would run without stopping for tot");
            return;
        }
        if (s.ownerInMemory(c.args) != Syscall.OwnerInMemory.NONE && decoder.owner(t.tid, s, c.args) == Decoder.UNREADABLE) {
            c.event = event; // it may name tot, and F_SETSIG's SIGKILL as its SIGIO would kill tot
            refuse(t, c, EPERM, "refused " + s.name() + " (EPERM): the process it names could not be read from the program's"
                    + " memory (not dumpable, and tot is not root)");
            return;
        }
        if (protectedIds.aimedAtBy(s, c.args, t.tid, decoder)) {
            c.event = event; // a refused call is an event too, with its EPERM
            refuse(t, c, EPERM, "refused " + s.name() + " aimed at tot itself (EPERM)");
            return;
        }
        if (options.undelete() && s.handler() == Handler.REACH) {
            String why = OutsideReach.refusal(s, c, t.tid, model::knows);
            if (why != null) {
                c.event = event;
                refuse(t, c, EPERM, why);
                return;
            }
        }
        if (s.handler() == Handler.NONE && !event) return; // stopped without seccomp: not asked for
        if (s.onlyIf() != null && !matches(s.onlyIf(), c.args) && options.trace().argFiltered(s)) return;
        c.event = event;
        if (stopperExec && s.handler() == Handler.EXEC) {
            stopperExec = false;
            execTheCommand(t, c, now);
        }
        decoder.entry(t.tid, c);
        facts.resolve(t, c, now);
        if (c.event) c.rendered = ArgText.render(c, fd -> shownPath(t.tid, fd)); // before close drops the fd
        if (options.undelete() && s.handler() == Handler.OPEN) {
            String why = OutsideReach.refusal(s, c, t.tid, model::knows);
            if (why != null) {
                refuse(t, c, EACCES, why);
                return;
            }
        }
        if (s.handler() == Handler.OPEN && c.path != null && SelfAccess.forbids(c.path, c.openFlags, protectedIds.all())) {
            refuse(t, c, EACCES, "refused opening " + c.path + " (tot's own process) (EACCES)");
            return;
        }
        if (s.handler() == Handler.SPAWN && !traceable(t, c, abi)) return;
        if (options.undelete() && s.handler() == Handler.IO_URING) { // a ring's unlinkat would delete with no call to rewrite
            refuse(t, c, ENOSYS, "refused " + s.name() + " under --undelete (ENOSYS, as without io_uring): a deletion"
                    + " through the ring could not be turned into a check");
            return;
        }
        if (options.undelete() && s.name().equals("pidfd_getfd") && ProcFs.copiesRing(t.tid, c.intArg(0), c.intArg(1))) {
            refuse(t, c, EPERM, "refused pidfd_getfd of another process's io_uring ring under --undelete (EPERM): a deletion"
                    + " through the ring could not be turned into a check");
            return;
        }
        facts.entering(t, c, now);
        if (options.undelete() && s.handler() == Handler.DELETE) {
            try {
                Undelete.rewrite(kernel, t.tid, abi, s.name());
            } catch (ErrnoException e) {
                return; // the thread died
            }
        }
        // without seccomp every call stops at its exit anyway: an event then waits for its result (close's too)
        if (s.needsExit() || (c.event && !seccomp && !s.name().startsWith("exit"))) t.pending = c;
        else if (c.event) syscallEvent(t, c);
    }

    /**
     * Makes the child of a clone stop for tot: one made with CLONE_UNTRACED never would (no fork
     * event, no stop): where no filter stands in (attach, --no-seccomp, -t all) it could kill tot or
     * delete under -u, and elsewhere its trapped calls would fail with ENOSYS (no tracer). clone's
     * flags are in a register, which no other thread can change while this one is stopped: the
     * flag is cleared there. clone3's are in memory, where another thread can set the flag after
     * tot read them: a clone3 asking for it is refused (EPERM), and where no filter stands in every
     * clone3 is refused with ENOSYS, as a kernel before 5.3 answers, so that the program falls back
     * to clone (glibc does). Under tot's filter a child that won that race still holds the filter:
     * each call it traps (the guard's, the deletions) fails with ENOSYS. False when refused.
     */
    private boolean traceable(Tracee t, DecodedCall c, Abi abi) {
        Syscall s = c.syscall;
        int flagsArg = s.indexOf(Arg.CLONE_FLAGS);
        if (flagsArg >= 0 && (c.args[flagsArg] & CLONE_UNTRACED) != 0) {
            try {
                long[] regs = kernel.getRegs(t.tid);
                c.args[flagsArg] &= ~CLONE_UNTRACED;
                abi.setArg(regs, flagsArg, c.args[flagsArg]);
                kernel.setRegs(t.tid, regs);
            } catch (ErrnoException e) {
                return false; // the thread died
            }
            warn(t, s.name() + ": CLONE_UNTRACED cleared (tot traces every child)");
            return true;
        }
        int argsArg = s.indexOf(Arg.CLONE_ARGS);
        if (argsArg < 0) return true;
        if (c.decoded[argsArg] instanceof Long f && (f & CLONE_UNTRACED) != 0) {
            refuse(t, c, EPERM, "refused " + s.name() + " with CLONE_UNTRACED (EPERM): tot traces every child");
            return false;
        }
        if (!seccomp) {
            refuse(t, c, ENOSYS, "refused " + s.name() + " (ENOSYS) where no seccomp filter stands in: another thread could"
                    + " set CLONE_UNTRACED in its flags after tot read them; the program may fall back to clone");
            return false;
        }
        return true;
    }

    /**
     * At the stopper shell's exec of the command: argv[0] as the command was given, and the
     * environment tot started the shell with, not the one the shell rebuilt ({@link Setup#originalEnvp}).
     */
    private void execTheCommand(Tracee t, DecodedCall c, long now) {
        Syscall s = c.syscall;
        try {
            if (rootArgv0 != null) {
                patchedArgv = c.args[s.indexOf(Arg.ARGV)];
                unpatchedArgv0 = setup.patchArgv0(t.tid, patchedArgv, rootArgv0);
            }
        } catch (ErrnoException e) {
            patchedArgv = 0;
            emit.accept(new Event.Warning(now, t.tid, null, "could not set argv[0]: " + e.getMessage()));
        }
        int envpArg = s.indexOf(Arg.ENVP);
        try {
            long envp = setup.originalEnvp(t.tid, rootEnvCount);
            if (envp == 0) {
                emit.accept(new Event.Warning(now, t.tid, null, "the command's environment is its stopper shell's"
                        + " (sorted, PWD set, names a shell cannot hold left out): tot's own was not found on the shell's stack"));
                return;
            }
            setup.setArg(t.tid, envpArg, envp);
            c.args[envpArg] = envp;
        } catch (ErrnoException e) {
            emit.accept(new Event.Warning(now, t.tid, null, "could not give the command tot's environment: " + e.getMessage()));
        }
    }

    private void exit(Tracee t, DecodedCall c) {
        c.exited = true;
        if (c.refused != 0) {
            setResult(t, -c.refused);
            c.errno = c.refused;
        } else if (info.isError) {
            c.errno = (int) -info.rval;
        } else {
            c.result = info.rval;
        }
        if (patchedArgv != 0 && c.syscall.handler() == Handler.EXEC) { // the stopper's exec ended: failed, its shell goes on
            try {
                if (c.errno != 0) setup.restoreArgv0(t.tid, patchedArgv, unpatchedArgv0);
            } catch (ErrnoException e) {
                // the shell is gone
            }
            patchedArgv = 0;
        }
        if (c.refused == 0) {
            if (c.syscall.handler() == Handler.PIPE && c.errno == 0) c.fdPair = decoder.fdPair(t.tid, c.args[0]);
            if (c.errno == 0) decoder.recheckFileHandle(t.tid, c);
            facts.exited(t, c, clock.getAsLong());
        }
        if (c.event) syscallEvent(t, c);
    }

    /** The warning for a call tot cannot decode: a number the table lacks, or an x32 call (both front-ends say it so). */
    static String unknown(SyscallTable.Arch arch, long nr) {
        if (arch == SyscallTable.X86_64 && isX32Call(nr)) {
            return "x32 syscall " + x32Name(nr) + ": tot does not decode the x32 ABI; what it did is not recorded";
        }
        return arch + " syscall " + (int) nr + " is unknown to tot: what it did is not recorded"; // as the kernel reads it: syscall(-1) is -1
    }

    /**
     * The warning for an x32 call tot refused (ENOSYS; both engines say it so); a number beyond
     * x32's is no call the kernel runs either: said as {@link #unknown}.
     */
    static String refusedX32(long nr) {
        if (!isX32Call(nr)) return unknown(SyscallTable.X86_64, nr);
        return "refused x32 syscall " + x32Name(nr) + " (ENOSYS): tot does not decode the x32 ABI";
    }

    private static boolean isX32Call(long nr) {
        long x32 = nr & ~X32_SYSCALL_BIT;
        return (nr & X32_SYSCALL_BIT) != 0 && x32 >= 0 && x32 < X32_NUMBERS;
    }

    /** An x32 call's name: its x86_64 twin's, or its number (x32's own calls from 512 have no twin). */
    private static String x32Name(long nr) {
        long x32 = nr & ~X32_SYSCALL_BIT;
        Syscall s = x32 < 512 ? SyscallTable.X86_64.byNumber(x32) : null;
        return s == null ? "number " + x32 : s.name();
    }

    /** x32's numbers follow the bit: a few hundred (a number far beyond is no x32 call, syscall(-1) has the bit set too). */
    private static final long X32_NUMBERS = 0x1000;

    static boolean matches(Syscall.ArgFilter f, long[] args) {
        int v = (int) args[f.index()];
        for (int allowed : f.values()) if (v == allowed) return true;
        return false;
    }

    /**
     * A call tot cannot decode: an ABI it does not know (a warning), or an x32 call: refused with
     * ENOSYS, as a kernel without x32 answers (most do), since tot could not record what it did,
     * nor tell a kill or ptrace aimed at tot by x32's numbers. Skipped at entry: the kernel's
     * result for a skipped call is ENOSYS, so no exit stop.
     */
    private void foreignAbi(Tracee t, Abi abi) {
        if (abi == null) {
            warn(t, "a syscall of an ABI tot does not know (audit arch 0x" + Integer.toHexString(info.arch)
                    + ", number " + info.nr + "): what it did is not recorded");
            return;
        }
        if (isX32Call(info.nr) && !skip(t)) return; // the thread died
        warn(t, refusedX32(info.nr));
    }

    /**
     * Makes the call fail with {@code errno} without running it: skipped at entry (number -1),
     * its result set at the exit stop. Recorded as a warning on the execution.
     */
    /**
     * What an event shows fd {@code fd} of a stopped task as: the model's name, but for a pipe the
     * kernel's ({@code pipe:[INODE]}, as strace -y shows it) where the model has fptrace's name
     * for deps.json. Only while the task is stopped, so the fd is the one the call named.
     */
    private String shownPath(int tid, int fd) {
        String p = model.fdPath(tid, fd);
        if (p == null || !p.startsWith(ProcessModel.PIPE_PREFIX)) return p;
        String link = ProcFs.fdTarget(tid, fd);
        return link != null && link.startsWith("pipe:[") ? link : p;
    }

    private void refuse(Tracee t, DecodedCall c, int errno, String warning) {
        if (!skip(t)) return; // the thread died
        c.refused = errno;
        if (c.event && c.rendered.isEmpty()) c.rendered = ArgText.render(c, fd -> shownPath(t.tid, fd));
        t.pending = c;
        warn(t, warning);
    }

    /** Sets the call's number to -1: the kernel does not run it. False when the thread died meanwhile. */
    private boolean skip(Tracee t) {
        try {
            long[] regs = kernel.getRegs(t.tid);
            regs[Abi.NUMBER] = -1;
            kernel.setRegs(t.tid, regs);
            return true;
        } catch (ErrnoException e) {
            return false;
        }
    }

    private void setResult(Tracee t, long value) {
        try {
            long[] regs = kernel.getRegs(t.tid);
            regs[Abi.RESULT] = value;
            kernel.setRegs(t.tid, regs);
        } catch (ErrnoException e) {
            // it died meanwhile
        }
    }

    private void warn(Tracee t, String message) {
        model.apply(new Fact.Warned(clock.getAsLong(), t.tid, message));
    }

    /**
     * PTRACE_EVENT_EXEC: the exec {@code t} (now thread group leader {@code leader}; {@code former}
     * the thread that called it) succeeded. What it ran and its fds come from the call, else /proc.
     */
    void execed(Tracee t, int leader, int former) {
        DecodedCall pe = t.pendingExec;
        t.pendingExec = null;
        t.pending = null;
        List<String> args = pe != null ? pe.strings(pe.syscall.indexOf(Arg.ARGV)) : null;
        List<String> given = args != null ? ProcFs.cmdlineIfRead(leader) : null;
        // read at the call's entry, the arguments can be changed in memory (by another thread of the caller) before
        // the kernel takes them: the new program, stopped here with nothing of the old one left, holds what it got
        boolean script = given != null && ranAsScript(given, args);
        // an argv of NULL or {NULL}: the kernel gives the program {""}, the call had none (as the eBPF engine records it)
        boolean noneGiven = args != null && args.isEmpty() && List.of("").equals(given);
        boolean changed = given != null && !given.equals(args) && !script && !noneGiven;
        if (changed) args = given;
        // the file name likewise: unless a script ran (its interpreter is the exe), the program that runs is the file
        // the name tot read must lead to; another is named by /proc/PID/exe (not a memfd's name: no file has it)
        String path = pe != null ? pe.path : null;
        boolean otherFile = path != null && path.startsWith("/") && !script && !sameFile(path, "/proc/" + leader + "/exe");
        if (otherFile) path = null;
        List<String> env = pe != null && options.recordEnv() ? pe.strings(pe.syscall.indexOf(Arg.ENVP)) : null;
        if (pe != null && pe.event) { // the call belongs to the execution it ends
            pe.exited = true;
            syscallEvent(t, pe);
        }
        if (model.cwdUnknown(leader)) { // a chdir tot could not read (a process closed to it): the new program may be readable
            String cwd = ProcFs.cwd(leader);
            if (cwd != null) model.apply(new Fact.CwdSeen(clock.getAsLong(), leader, cwd));
        }
        model.apply(new Fact.Execed(clock.getAsLong(), leader, former, pe != null ? pe.syscall.name() : "execve",
                PathArg.resolved(path), ProcFs.exe(leader), args != null ? args : ProcFs.cmdline(leader),
                env, ProcFs.fdsAfterExec(leader, model.fdsAnExecKeeps(former))));
        if (otherFile) {
            model.apply(new Fact.Warned(clock.getAsLong(), leader, pe.syscall.name() + ": the program that runs is not the"
                    + " file " + pe.path + " tot read in the call (its name changed in memory after tot read it, or another"
                    + " file took that name): Path is the one the kernel ran (/proc/PID/exe)"));
        }
        if (changed) {
            model.apply(new Fact.Warned(clock.getAsLong(), leader, pe.syscall.name() + ": its arguments changed in the"
                    + " calling program's memory after tot read them (another thread wrote them): Args are the ones this"
                    + " program got (/proc/PID/cmdline)"));
        }
    }

    /**
     * Whether the file name {@code name} (links followed) is the program {@code exe} (a
     * /proc/PID/exe); true when the program cannot be looked at. A name that leads nowhere is not
     * it (a name read half rewritten).
     */
    private static boolean sameFile(String name, String exe) {
        tot.linux.RawFiles.Stat x = tot.linux.RawFiles.stat(exe, true), y = x == null ? null : tot.linux.RawFiles.stat(name, true);
        return x == null || y != null && x.dev() == y.dev() && x.ino() == y.ino();
    }

    /**
     * Whether {@code given}, a new program's arguments, are those an exec of a script (#!, or a
     * binfmt_misc interpreter) with {@code args} gives it: the interpreter (and its argument) and
     * the script's name in place of argv[0], then argv[1…] as called.
     */
    private static boolean ranAsScript(List<String> given, List<String> args) {
        return !args.isEmpty() && given.size() > args.size()
                && given.subList(given.size() - (args.size() - 1), given.size()).equals(args.subList(1, args.size()));
    }

    /** A call --trace asked for: an event of the execution, with the paths it named and its rendered arguments. */
    void syscallEvent(Tracee t, DecodedCall c) {
        model.apply(CallFacts.called(t, c, clock.getAsLong()));
    }

    /** The root's first syscall entry: install the filter; true when the thread was resumed. */
    private boolean setUp(Tracee t) {
        t.needsSetup = false;
        // the command gets the dispositions tot was given: what posix_spawn left ignored that tot
        // was not given ignored goes back to SIG_DFL, what tot was given ignored (and now handles) is ignored
        long childIgnores = ProcFs.ignoredSignals(t.tid), given = InheritedSignals.ignored();
        long reset = childIgnores & ~given, ignore = given & ~childIgnores;
        if (!seccomp && reset == 0 && ignore == 0) return false;
        TraceSelection trace = syscallEvents ? options.trace() : TraceSelection.defaults();
        List<Syscall> trapped = syscallEvents ? trace.trapped() : SyscallTable.defaultSet(); // no one to report to: no more stops
        List<int[]> program = seccomp ? SeccompFilter.build(trapped, trace::argFiltered, protectedIds.forFilter()) : null;
        try {
            setup.run(t.tid, reset, ignore, program == null ? null : Kernel.encodeFilter(program),
                    program == null ? 0 : program.size());
        } catch (Setup.FilterRefused e) {
            seccomp = false;
            emit.accept(new Event.Warning(clock.getAsLong(), t.tid, null, "seccomp is unavailable (" + e.getMessage()
                    + "); stopping at every syscall instead (slower)"));
        } catch (ErrnoException e) {
            return true; // the thread died; waitpid reports it
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
}
