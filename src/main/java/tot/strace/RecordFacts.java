package tot.strace;

import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tot.model.Execution;
import tot.model.Fact;
import tot.model.OpenFlags;
import tot.model.PathArg;
import tot.model.ProcessModel;
import tot.strace.StraceRecord.LoggedCall;
import tot.syscalls.Arg;
import tot.syscalls.Handler;
import tot.syscalls.Syscall;
import tot.syscalls.SyscallTable;
import tot.util.LexicalPath;

/**
 * The strace front-end: turns a log's records into facts for the {@link ProcessModel}, reading
 * each call's arguments as the syscall table's roles say, from strace's text. A task first seen
 * without a fork the model knew of is spawned from the task the log's first pass says forked it
 * (a vfork returns only after its child exec'd), with the clone flags that call showed; what
 * strace -y shows of an fd the model does not know (inherited) is told to it.
 */
final class RecordFacts {
    private static final long CLONE_VM = 0x100, CLONE_VFORK = 0x4000, SIGCHLD = 17;

    private final ProcessModel model;
    private final LogSurvey survey;
    private final Map<Integer, Deque<StraceReplay.Fork>> forks;
    /** Leader pid → the thread whose execve superseded the thread group (the exec that follows is its). */
    private final Map<Integer, Integer> superseded = new HashMap<>();

    /** No record applied yet: the first tells whether the log begins at an exec. */
    private boolean first = true;

    /**
     * Task pid → its {@code +++ exited|killed} lines still to come: a process whose leader has
     * none ends at its exit_group, or a lone thread's exit, with its status (-qq hides the exited lines, not the killed ones).
     */
    private final Map<Integer, Integer> endLinesToCome;
    /** The tasks the log has an end line of (the survey's count), to know one whose end -e signal= hid. */
    private final java.util.Set<Integer> withEndLines;
    /** The working directories the log states (strace -y's, getcwd's) are each task's ({@link LogSurvey#shownCwds}). */
    private final boolean shownCwds;
    /** Process tree root → the directory the log shows it began in ({@link LogSurvey#startDirectories}). */
    private final Map<Integer, String> startDirectories;

    /** Thread → the process strace attached to with it ({@link LogSurvey#attachedThreads}); and those adopted so far. */
    private final Map<Integer, Integer> attachedThreads;
    private final java.util.Set<Integer> adopted = new java.util.HashSet<>();

    RecordFacts(ProcessModel model, LogSurvey survey) {
        this.model = model;
        this.survey = survey;
        this.forks = survey.parents();
        this.endLinesToCome = new HashMap<>(survey.endLines());
        this.withEndLines = java.util.Set.copyOf(survey.endLines().keySet());
        this.shownCwds = survey.shownCwds();
        this.startDirectories = survey.startDirectories();
        this.attachedThreads = survey.attachedThreads();
    }

    void apply(StraceRecord r) {
        if (first) adoptedUnlessExec(r, ATTACHED);
        first = false;
        seen(r.pid(), r.timeNanos());
        adoptedUnlessExec(r, "the log shows no fork of this task (strace -p attached to it running, the log begins after it"
                + " started, or an -e trace= without %process): its calls are an execution of their own, whose program and"
                + " arguments are unknown");
        String start = startDirectories.get(r.pid());
        if (start != null && !model.knows(r.pid())) model.apply(new Fact.Started(r.timeNanos(), r.pid(), start)); // its exec is in the log
        switch (r) {
            case LoggedCall c -> call(c);
            case StraceRecord.Exited x -> {
                endLinesToCome.computeIfPresent(x.pid(), (pid, n) -> n > 1 ? n - 1 : null);
                model.apply(new Fact.Exited(x.timeNanos(), x.pid(), x.code()));
            }
            case StraceRecord.Killed k -> {
                endLinesToCome.computeIfPresent(k.pid(), (pid, n) -> n > 1 ? n - 1 : null);
                model.apply(new Fact.Exited(k.timeNanos(), k.pid(), -k.signo()));
            }
            case StraceRecord.Superseded s -> superseded.put(s.pid(), s.byPid());
            case StraceRecord.Signal s -> { }
            case StraceRecord.Stopped s -> { }
        }
    }

    /**
     * A task the model does not know whose first record is a call but no exec: a process strace
     * attached to ({@code strace -p}), a log cut after its exec, or a task whose fork the log
     * does not show ({@code -e trace=} without %process). It is an execution of a program the
     * log does not name, with {@code warning} (its calls would be dropped, having no execution to go to).
     */
    private void adoptedUnlessExec(StraceRecord r, String warning) {
        if (!(r instanceof LoggedCall c) || model.knows(c.pid())) return;
        Syscall s = SyscallTable.byName(c.name());
        if (s != null && s.handler() == Handler.EXEC) return;
        Integer process = attachedThreads.get(c.pid()); // a thread strace attached to with its process: one execution
        int pid = process != null ? process : c.pid();
        model.apply(new Fact.Adopted(c.timeNanos(), c.pid(), pid, startDirectories.get(pid), "", List.of(),
                new java.util.TreeMap<>()));
        if (adopted.add(pid)) model.apply(new Fact.Warned(c.timeNanos(), c.pid(), process != null ? ATTACHED : warning));
    }

    private static final String ATTACHED = "the log begins in this process's calls, not at its exec (strace -p attached to it,"
            + " or the log was cut): its program and arguments are unknown";

    /** A task the model does not know yet: spawned by the one that forked it, if the log says. */
    private void seen(int pid, long time) {
        if (model.knows(pid)) return;
        Deque<StraceReplay.Fork> forkers = forks.get(pid);
        StraceReplay.Fork fork = forkers == null ? null : forkers.poll();
        if (fork != null && model.knows(fork.parent())) model.apply(new Fact.Spawned(time, fork.parent(), pid, fork.cloneFlags()));
    }

    private void call(LoggedCall c) {
        boolean unread = CallParser.unreadable(c);
        Syscall s = unread ? null : SyscallTable.byName(c.name()); // arguments unknown: nothing to follow
        List<String> paths = new ArrayList<>(2);
        boolean execed = false; // a successful exec reports its own call, to the execution it ends
        if (s != null) {
            fdsShown(c, s);
            List<PathArg> pathArgs = pathArgs(c, s);
            for (PathArg p : pathArgs) paths.add(model.resolve(c.pid(), p));
            // an exec's "= ?" is its thread's exec seen from the leader; "= ? <unavailable>" is a result strace could
            // not read (the task was gone, or strace 4 printed the exec again after its "= 0"): no exec is known
            boolean ok = !c.failed() && !c.unfinished() && !(c.unknownResult() && s.needsExit()
                    && (s.handler() != Handler.EXEC || CallParser.UNAVAILABLE.equals(c.note())));
            // the exec "+++ superseded by execve" announced: the kernel says so only of one that succeeded, whatever
            // result strace then printed for it (6.8: "= -1 (errno 18446744073709551595)", no error the kernel returns)
            if (s.handler() == Handler.EXEC && !c.unfinished() && superseded.containsKey(c.pid())) ok = true;
            if (ok && injected(c) && s.handler() != Handler.NONE) {
                // strace -e inject=…:retval=N replaced the call by an invalid one and returned N: the kernel did nothing
                ok = false;
                model.apply(new Fact.Warned(c.timeNanos(), c.pid(), "strace injected the result of a call of this process"
                        + " (-e inject=…:retval=, line " + c.line() + ": " + c.name() + "): the kernel did not run it, and"
                        + " nothing it would have done is in the record"));
            }
            if (ok || c.failed()) facts(c, s, ok, pathArgs, paths);
            execed = ok && s.handler() == Handler.EXEC;
            if (ok && s.handler() == Handler.SPAWN && c.spawnedPid() > 0) {
                int inNamespace = survey.namespaceChild(c.pid(), c.line()); // the child the pid it returned there is
                seen(inNamespace > 0 ? inNamespace : c.spawnedPid(), c.timeNanos());
            }
        }
        if (s != null && s.needsExit() && s.handler() != Handler.EXEC && s.handler() != Handler.NONE && c.unknownResult()
                && CallParser.UNAVAILABLE.equals(c.note())) {
            // strace could not read the result (its task was going away; strace 4: "<... ???? resumed> ) = ? <unavailable>")
            model.apply(new Fact.Warned(c.timeNanos(), c.pid(), "strace could not read the result of a call of this process (line "
                    + c.line() + ": " + c.name() + "): whether it succeeded, and what it made, is not in the record"));
        }
        if (unread) {
            model.apply(new Fact.Warned(c.timeNanos(), c.pid(), "strace could not read a call of this process (line " + c.line()
                    + ": " + c.name() + ", its task was being killed): what it did is not in the record"));
        }
        if (!execed) called(c, paths);
        killedChild(c);
        boolean ends = c.name().equals("exit_group") || c.name().equals("exit") && model.aloneInItsProcess(c.pid());
        if (ends && c.arg(0) instanceof StraceArg.Num status && !endLinesToCome.containsKey(model.tgid(c.pid()))) {
            model.apply(new Fact.Exited(c.timeNanos(), model.tgid(c.pid()), (int) (status.value() & 0xff)));
        }
    }

    /**
     * Whether strace injected the call's result ({@code (INJECTED)} after it, -e inject= with error= or retval=: strace
     * replaced the call by an invalid one, which the kernel refuses, and set the result); not {@code (DELAY INJECTED)},
     * a call that ran late.
     */
    private static boolean injected(LoggedCall c) {
        return c.note() != null && c.note().contains("(INJECTED)");
    }

    private static final java.util.regex.Pattern WTERMSIG = java.util.regex.Pattern.compile("WTERMSIG\\(s\\) == (SIG[A-Z0-9_]+)");
    /**
     * A wait that reaped a child a signal killed when the log has no end line of that child: {@code -e signal=none}, or
     * a set without that signal, hides its {@code +++ killed by SIGTERM +++}. The parent's wait says how it ended:
     * wait4's and waitpid's status ({@code wait4(-1, [{WIFSIGNALED(s) && WTERMSIG(s) == SIGTERM}], 0, NULL) = 12}), or
     * waitid's siginfo, whose result is 0 ({@code waitid(P_PID, 12, {si_signo=SIGCHLD, si_code=CLD_KILLED, si_pid=12,
     * si_uid=0, si_status=SIGTERM, …}, WEXITED, NULL) = 0}; CLD_DUMPED when it left a core).
     */
    private void killedChild(LoggedCall c) {
        if (c.failed() || c.unknownResult() || c.unfinished()) return;
        int child = -1, signo = -1;
        if ((c.name().equals("wait4") || c.name().equals("waitpid")) && c.result() > 0 && c.result() <= Integer.MAX_VALUE
                && c.arg(1) != null) {
            child = (int) c.result();
            String status = StraceReplay.render(c.arg(1));
            java.util.regex.Matcher m = WTERMSIG.matcher(status);
            signo = m.find() && status.contains("WIFSIGNALED(s)") ? tot.linux.Signals.numberInStrace(m.group(1)) : -1;
        } else if (c.name().equals("waitid") && c.result() == 0 && c.arg(2) instanceof StraceArg.Struct info) {
            String code = info.field("si_code"), pid = info.field("si_pid"), status = info.field("si_status");
            pid = pid == null ? "" : pid.replaceFirst("<.*", ""); // -Y: "12<sleep>"
            if (("CLD_KILLED".equals(code) || "CLD_DUMPED".equals(code)) && status != null && pid.matches("[1-9][0-9]{0,8}")) {
                child = Integer.parseInt(pid);
                signo = tot.linux.Signals.numberInStrace(status);
            }
        }
        if (signo <= 0 || withEndLines.contains(child) || !model.knows(child)) return;
        model.apply(new Fact.Exited(c.timeNanos(), child, -signo));
    }

    /** The Called fact of a call: a syscall event with the paths it named and its arguments as strace printed them. */
    private void called(LoggedCall c, List<String> paths) {
        model.apply(new Fact.Called(c.timeNanos(), c.pid(), c.name(), paths, StraceReplay.render(c.args()),
                c.failed() ? -1 : c.result(), Math.max(c.errno(), 0), Math.max(c.durationNanos(), 0)));
    }

    /**
     * strace -y names an fd the model has not seen made (inherited, or made by a call tot does
     * not follow), or shows a working directory ({@code AT_FDCWD</dir>}, the kernel's) that is
     * not the model's: after a chdir through a symlink, `..` is the target's parent.
     */
    private void fdsShown(LoggedCall c, Syscall s) {
        if (shownCwds && c.name().equals("getcwd")) {
            String dir = StartDirectories.stated(c);
            if (dir != null && !dir.equals(model.cwd(c.pid()))) model.apply(new Fact.CwdSeen(c.timeNanos(), c.pid(), dir));
        }
        for (int i = 0; i < s.args().size(); i++) {
            Arg role = s.args().get(i);
            if (role == Arg.DIRFD && shownCwds && c.arg(i) instanceof StraceArg.Fd fd && fd.fd() == StraceArg.Fd.AT_FDCWD
                    && fd.path() != null && fd.path().startsWith("/") && !fd.deleted()) {
                String dir = LexicalPath.normalize(fd.path());
                if (!dir.equals(model.cwd(c.pid()))) model.apply(new Fact.CwdSeen(c.timeNanos(), c.pid(), dir));
                continue;
            }
            if ((role == Arg.FD || role == Arg.DIRFD) && c.arg(i) instanceof StraceArg.Fd fd && fd.fd() >= 0
                    && fd.path() != null && !model.knowsFd(c.pid(), fd.fd())) {
                model.apply(new Fact.FdSeen(c.timeNanos(), c.pid(), fd.fd(), fd.path(), false));
            }
        }
    }

    /** The PATH arguments, each relative to the DIRFD argument before it (else the cwd); AT_EMPTY_PATH for the first. */
    private static List<PathArg> pathArgs(LoggedCall c, Syscall s) {
        List<PathArg> out = new ArrayList<>(2);
        boolean emptyPath = flags(c, s.indexOf(Arg.AT_FLAGS)).has("AT_EMPTY_PATH");
        boolean inRoot = s.indexOf(Arg.OPEN_HOW) >= 0 && c.arg(s.indexOf(Arg.OPEN_HOW)) instanceof StraceArg.Struct how
                && how.field("resolve") != null && new StraceArg.Flags(FlagBits.withoutComments(how.field("resolve")).strip())
                        .has("RESOLVE_IN_ROOT");
        int dirfd = PathArg.AT_FDCWD;
        for (int i = 0; i < s.args().size(); i++) {
            switch (s.args().get(i)) {
                case DIRFD -> dirfd = fd(c.arg(i));
                case PATH -> {
                    String name = c.arg(i) instanceof StraceArg.Str str ? str.value() : null;
                    out.add(inRoot ? PathArg.inRoot(dirfd, name) : PathArg.at(dirfd, name, emptyPath && out.isEmpty()));
                    dirfd = PathArg.AT_FDCWD;
                }
                default -> { }
            }
        }
        return out;
    }

    /** What the call did, as tot's rules need it: its handler's facts. */
    private void facts(LoggedCall c, Syscall s, boolean ok, List<PathArg> pathArgs, List<String> paths) {
        long t = c.timeNanos();
        int pid = c.pid(), errno = ok ? 0 : Math.max(c.errno(), 1);
        String name = c.name();
        PathArg first = pathArgs.isEmpty() ? null : pathArgs.get(0), second = pathArgs.size() > 1 ? pathArgs.get(1) : null;
        switch (s.handler()) {
            case OPEN -> model.apply(new Fact.Opened(t, pid, name, first, openFlags(c, s), (int) c.result(),
                    c.resultFd() == null ? null : c.resultFd().path(), null, errno));
            case EXEC -> {
                if (!ok) {
                    model.apply(new Fact.ExecFailed(t, pid, name, first, errno));
                    return;
                }
                Integer former = superseded.remove(pid);
                called(c, paths); // the call belongs to the execution it ends
                StraceArg argv = c.arg(s.indexOf(Arg.ARGV));
                model.apply(new Fact.Execed(t, pid, former == null ? pid : former, name, first, null, strings(argv), null, null));
                if (LogSurvey.cut(argv)) {
                    model.apply(new Fact.Warned(t, pid, Execution.ARGV_CUT_BY_STRACE + " (its -s option, line " + c.line()
                            + "): Args are as the log shows them"));
                }
            }
            case RENAME -> model.apply(new Fact.Renamed(t, pid, name, first, second,
                    flags(c, s.indexOf(Arg.RENAME_FLAGS)).has("RENAME_EXCHANGE"), errno));
            case LINK -> model.apply(new Fact.Linked(t, pid, name, first, second, errno));
            case SYMLINK -> model.apply(new Fact.Symlinked(t, pid, name, first,
                    c.arg(s.indexOf(Arg.STRING)) instanceof StraceArg.Str target && !target.truncated() ? target.value() : null, errno));
            case MKNOD -> model.apply(new Fact.MadeNode(t, pid, name, first, errno));
            case DELETE -> model.apply(new Fact.Deleted(t, pid, name, first, errno));
            case TRUNCATE -> model.apply(new Fact.Truncated(t, pid, name,
                    s.indexOf(Arg.FD) == 0 ? PathArg.fd(fd(c.arg(0))) : first, errno));
            case CHDIR -> model.apply(new Fact.ChangedDir(t, pid, name,
                    s.indexOf(Arg.FD) == 0 ? PathArg.fd(fd(c.arg(0))) : first, null, errno));
            case CLOSE -> model.apply(new Fact.Closed(t, pid, fd(c.arg(0))));
            case CLOSE_RANGE -> {
                StraceArg.Flags how = flags(c, 2);
                if (ok) model.apply(new Fact.RangeClosed(t, pid, fd(c.arg(0)), fd(c.arg(1)) & 0xffffffffL,
                        how.has("CLOSE_RANGE_CLOEXEC"), how.has("CLOSE_RANGE_UNSHARE")));
            }
            case DUP -> {
                if (ok) model.apply(new Fact.Duped(t, pid, fd(c.arg(0)), (int) c.result(),
                        name.equals("dup3") && flags(c, 2).has("O_CLOEXEC")));
            }
            case FCNTL -> {
                String cmd = command(name, flags(c, 1).text());
                if (!ok) return;
                if (cmd.equals("F_DUPFD") || cmd.equals("F_DUPFD_CLOEXEC")) {
                    model.apply(new Fact.Duped(t, pid, fd(c.arg(0)), (int) c.result(), cmd.endsWith("CLOEXEC")));
                } else if (cmd.equals("FIOCLEX") || cmd.equals("FIONCLEX")) { // ioctl's
                    model.apply(new Fact.CloexecSet(t, pid, fd(c.arg(0)), cmd.equals("FIOCLEX")));
                } else if (cmd.equals("F_SETFD")) {
                    StraceArg.Flags v = flags(c, 2);
                    model.apply(new Fact.CloexecSet(t, pid, fd(c.arg(0)), v.has("FD_CLOEXEC")));
                }
            }
            case PIPE -> {
                if (ok && c.arg(0) instanceof StraceArg.Array a && a.elements().size() >= 2) {
                    StraceArg r = a.elements().get(0);
                    model.apply(new Fact.Piped(t, pid, fd(r), fd(a.elements().get(1)),
                            name.equals("pipe2") && flags(c, 1).has("O_CLOEXEC"),
                            r instanceof StraceArg.Fd end && end.path() != null ? end.path() : null));
                }
            }
            case NEW_FD -> {
                if (ok) model.apply(new Fact.FdCreated(t, pid, (int) c.result(),
                        c.arg(0) instanceof StraceArg.Str n ? n.value() : "", flags(c, 1).has("MFD_CLOEXEC")));
            }
            case IO_URING -> {
                if (ok) model.apply(new Fact.RingMade(t, pid, (int) c.result()));
            }
            case UNSHARE -> {
                if (ok) model.apply(new Fact.Unshared(t, pid, CloneFlags.parse(flags(c, 0).text())));
            }
            case MKDIR -> model.apply(new Fact.MadeDirectory(t, pid, name, first, errno));
            case CHROOT -> model.apply(new Fact.ChangedRoot(t, pid, name, first, errno));
            case SPAWN, PIDFD, REACH, NONE -> { } // REACH: a log's ptrace(PTRACE_SEIZE, N) is not looked at (README)
        }
    }

    /**
     * An open's flags as strace printed them (creat's are implied; openat2's are in its struct);
     * flags strace would not print (a program's output glued into them) are warned about.
     */
    private OpenFlags openFlags(LoggedCall c, Syscall s) {
        if (c.name().equals("creat")) return OpenFlags.CREAT;
        int at = s.indexOf(Arg.OPEN_FLAGS);
        if (at < 0) at = s.indexOf(Arg.OPEN_HOW);
        String text = flags(c, at).text();
        if (!OPEN_FLAGS.matcher(text).matches()) {
            model.apply(new Fact.Warned(c.timeNanos(), c.pid(), "line " + c.line() + ": " + c.name() + "'s flags are not as strace"
                    + " prints them (" + StraceReplay.render(c.arg(at)) + ": a program's output mixed into the log?): the access"
                    + " mode is unknown, the file recorded as read"));
        }
        return OpenFlags.of(FlagBits.of(text));
    }

    /**
     * Open flags as strace prints them: the access mode's name, or a number (-X raw, -X verbose's
     * with its comment removed), then names or numbers joined by '|'.
     */
    private static final java.util.regex.Pattern OPEN_FLAGS = java.util.regex.Pattern.compile(
            "(O_RDONLY|O_WRONLY|O_RDWR|O_ACCMODE|0x[0-9a-f]+|[0-9]+)(\\|([A-Za-z_][A-Za-z0-9_]*|0x[0-9a-f]+|[0-9]+))*");

    /** The clone flags of a call that made a task: fork, vfork, clone's flags=…, clone3's {flags=…, exit_signal=…}. */
    static long cloneFlags(LoggedCall c) {
        return switch (c.name()) {
            case "fork" -> SIGCHLD;
            case "vfork" -> CLONE_VM | CLONE_VFORK | SIGCHLD;
            case "clone3" -> { // {flags=…} alone, or with what the kernel filled in: {flags=…} => {parent_tid=[N]}
                StraceArg a = c.arg(0) instanceof StraceArg.InOut io ? io.in() : c.arg(0);
                yield a instanceof StraceArg.Struct st
                        ? CloneFlags.parse(nullToEmpty(st.field("flags")) + "|" + nullToEmpty(st.field("exit_signal"))) : 0;
            }
            default -> { // clone(child_stack=…, flags=…, …): the flags are named
                for (StraceArg a : c.args()) {
                    if (a instanceof StraceArg.Named n && n.name().equals("flags")) yield CloneFlags.parse(StraceReplay.render(n.value()));
                }
                yield CloneFlags.parse(flags(c, 0).text());
            }
        };
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    /**
     * An argument's flags as strace printed them, without -X verbose's comments: names joined by
     * '|', numbers (-X raw), a struct's {flags=…}, clone's flags=….
     */
    static StraceArg.Flags flags(LoggedCall c, int i) {
        StraceArg a = i < 0 ? null : c.arg(i); // -1: the syscall has no such argument
        return new StraceArg.Flags(FlagBits.withoutComments(switch (a) {
            case StraceArg.Flags f -> f.text();
            case StraceArg.Struct st -> st.field("flags") == null ? "" : st.field("flags");
            case StraceArg.Named n when n.name().equals("flags") -> StraceReplay.render(n.value());
            case StraceArg.Num n -> Long.toString(n.value());
            case StraceArg.Commented cm -> StraceReplay.render(cm.value());
            case null, default -> "";
        }).strip());
    }

    /** fcntl's command or ioctl's request by name, also when strace printed its number (-X raw, -X verbose). */
    private static String command(String call, String text) {
        if (text.isEmpty() || !Character.isDigit(text.charAt(0))) return text;
        int n = (int) FlagBits.number(text);
        if (call.equals("ioctl")) return n == 0x5450 ? "FIONCLEX" : n == 0x5451 ? "FIOCLEX" : text;
        return switch (n) {
            case 0 -> "F_DUPFD";
            case 2 -> "F_SETFD";
            case 1030 -> "F_DUPFD_CLOEXEC";
            default -> text;
        };
    }

    /** An fd argument's number (AT_FDCWD included), or -1. */
    private static int fd(StraceArg a) {
        return switch (a) {
            case StraceArg.Fd fd -> fd.fd();
            case StraceArg.Num n -> (int) n.value();
            case StraceArg.Commented cm -> fd(cm.value()); // -X verbose: -100 /* AT_FDCWD */
            case null, default -> -1;
        };
    }

    private static List<String> strings(StraceArg a) {
        List<String> out = new ArrayList<>();
        if (a instanceof StraceArg.Array arr) {
            for (StraceArg e : arr.elements()) if (e instanceof StraceArg.Str s) out.add(s.value());
        }
        return out;
    }
}
