package tot.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import tot.model.Event.Access;
import tot.model.FdTable.Entry;
import tot.model.FdKind;
import tot.util.LexicalPath;

/**
 * The semantics of tot's records, once, for every front-end (the ptrace tracer, the strace log
 * importer): tasks and processes, their working directories and fd tables (shared under
 * CLONE_FS and CLONE_FILES), executions from an exec until the last process sharing them ends,
 * inputs, outputs and deletions by the rules of README's deps.json section, renames in running
 * executions, pipes as /dev/fptrace/pipe/N. It applies {@link Fact}s in order and emits the
 * {@link Event}s the sinks consume; it does no I/O. Front-ends may ask it how a path resolves
 * and what an fd is, which is how they render a call before it runs.
 */
public final class ProcessModel {
    /** Pipes are named /dev/fptrace/pipe/N as in fptrace. */
    public static final String PIPE_PREFIX = "/dev/fptrace/pipe/";
    /** An O_TMPFILE fd is named DIR/#tmpfile until linkat gives it a name (the kernel shows DIR/#INODE). */
    static final String TMPFILE_NAME = "/#tmpfile";
    private static final long CLONE_FS = 0x200, CLONE_FILES = 0x400, CLONE_VFORK = 0x4000, CLONE_THREAD = 0x10000, SIGCHLD = 17,
            CLONE_NEWNS = 0x20000, CLONE_NEWUSER = 0x10000000;

    private final Consumer<Event> events;
    private final boolean redactEnv;
    /** The last environment redacted, and the result: a command's children mostly exec with the same one. */
    private List<String> lastEnv, lastRedactedEnv;

    /** Where a task seen for the first time without a Spawned fact works (a log's --cwd). */
    private final String defaultCwd;
    private final Map<Integer, Task> tasks = new HashMap<>();
    /** How many processes share each running execution; the last one to leave ends it. */
    private final Map<Execution, Integer> holders = new IdentityHashMap<>();
    /** The process that exec'd each running execution (forks that share it are not it). */
    private final Map<Execution, Process> owners = new IdentityHashMap<>();
    /**
     * One String per distinct path recorded: executions keep their inputs and outputs until the
     * run ends, and most runs open the same files again and again.
     */
    private final Map<String, String> paths = new HashMap<>();
    private final Map<String, String> pipeNames = new HashMap<>();
    private final DirectoryKinds directories = new DirectoryKinds();
    private final Set<String> warnedOutside = new HashSet<>();
    private int pipes, lastExecutionId;
    private Process root;
    private Integer rootExit;
    private long lastTime = -1; // -1: no time yet (a log without timestamps keeps none)

    /**
     * {@code events}: where events go, in order; {@code redactEnv}: record environments with
     * secret values hidden (EnvRedaction); {@code defaultCwd}: the working directory of a task
     * that first appears without being spawned (a log does not say where its command started).
     */
    public ProcessModel(Consumer<Event> events, boolean redactEnv, String defaultCwd) {
        this.events = events;
        this.redactEnv = redactEnv;
        this.defaultCwd = LexicalPath.normalize(defaultCwd);
    }

    /** Applies one fact; facts must come in the order they happened. */
    public void apply(Fact f) {
        lastTime = Math.max(lastTime, f.time());
        switch (f) {
            case Fact.Started s -> started(s);
            case Fact.Adopted a -> adopted(a);
            case Fact.Spawned s -> spawned(s);
            case Fact.Unshared u -> unshared(task(u.tid()), u.flags());
            case Fact.Execed e -> execed(e);
            case Fact.ExecFailed e -> failed(task(e.tid()), e, e.syscall(), e.path(), AccessKind.EXEC, e.errno());
            case Fact.Exited x -> left(x.tid(), x.time(), x.status());
            case Fact.Detached d -> left(d.tid(), d.time(), null);
            case Fact.Opened o -> opened(task(o.tid()), o);
            case Fact.Closed c -> task(c.tid()).fds.remove(c.fd());
            case Fact.RangeClosed r -> rangeClosed(task(r.tid()), r);
            case Fact.Duped d -> duped(task(d.tid()), d.oldFd(), d.newFd(), d.cloexec());
            case Fact.CloexecSet c -> {
                Task t = task(c.tid());
                Entry e = t.fds.get(c.fd());
                if (e != null) t.fds.put(c.fd(), e.withCloexec(c.cloexec()));
            }
            case Fact.Piped p -> piped(task(p.tid()), p);
            case Fact.FdCreated c -> task(c.tid()).fds.put(c.fd(), new Entry("memfd:" + c.name(), FdKind.OTHER, null, c.cloexec()));
            case Fact.RingMade r -> {
                task(r.tid()).fds.put(r.fd(), new Entry(FdTable.IO_URING, FdKind.OTHER, null, true));
                warn(task(r.tid()), r.time(), "io_uring_setup: file I/O through the ring is not visible to tot");
            }
            case Fact.Reached r -> {
                if (r.target() < 0) {
                    warn(task(r.tid()), r.time(), r.call() + ": a process numbered in a pid namespace of the program's own,"
                            + " which tot cannot tell from the traced ones: if it is outside the trace, what it does for the"
                            + " program is not recorded");
                } else if (!knows(r.target())) {
                    warn(task(r.tid()), r.time(), r.call() + ": process " + r.target() + " is outside the trace: what it does"
                            + " for the program is not recorded");
                }
            }
            case Fact.FdSeen s -> {
                task(s.tid()).fds.put(s.fd(), FdTable.fromProc(s.target(), s.cloexec()));
                if (FdTable.IO_URING.equals(s.target())) warn(task(s.tid()), s.time(), ringNotMade(s.fd()));
            }
            case Fact.ChangedDir c -> changedDir(task(c.tid()), c);
            case Fact.ChangedRoot r -> {
                String root = r.errno() == 0 ? resolve(task(r.tid()), r.dir()) : null;
                if (root != null) task(r.tid()).fs.root = root;
            }
            case Fact.Renamed r -> renamed(task(r.tid()), r);
            case Fact.Linked l -> linked(task(l.tid()), l);
            case Fact.Symlinked s -> {
                Task t = task(s.tid());
                if (s.errno() != 0) failed(t, s, s.syscall(), s.link(), AccessKind.OUTPUT, s.errno());
                else symlinked(t, s, linked(resolve(t, s.link())));
            }
            case Fact.CwdSeen s -> cwdIs(task(s.tid()), s.dir());
            case Fact.MadeNode n -> {
                Task t = task(n.tid());
                if (n.errno() != 0) failed(t, n, n.syscall(), n.path(), AccessKind.OUTPUT, n.errno());
                else access(t, n, forgotten(resolve(t, n.path())), AccessKind.OUTPUT, n.syscall());
            }
            case Fact.MadeDirectory m -> madeDirectory(task(m.tid()), m);
            case Fact.Deleted d -> {
                Task t = task(d.tid());
                if (d.errno() != 0) failed(t, d, d.syscall(), d.path(), AccessKind.DELETED, d.errno());
                else access(t, d, gone(forgotten(resolve(t, d.path()))), AccessKind.DELETED, d.syscall());
            }
            case Fact.Truncated tr -> truncated(task(tr.tid()), tr);
            case Fact.Warned w -> warn(task(w.tid()), w.time(), w.message());
            case Fact.Called c -> {
                Task t = task(c.tid());
                Execution x = t.process.execution;
                emit(new Event.Call(c.time(), t.process.tgid, c.tid(), x == null ? 0 : x.id, c.name(), c.paths(),
                        c.args(), c.result(), c.errno(), c.durationNanos()));
            }
        }
    }

    /** Ends every execution still running (the trace or the log is over): the last fact's time. */
    public void finish() {
        for (Execution x : new ArrayList<>(holders.keySet())) end(x, lastTime);
    }

    // ---- what front-ends may ask

    /** {@code p} absolute and normal as task {@code tid} names it now, or null when it cannot be known. */
    public String resolve(int tid, PathArg p) {
        return resolve(task(tid), p);
    }

    /** Task {@code tid}'s working directory as the model has it (absolute, normal), or null when unknown. */
    public String cwd(int tid) {
        return task(tid).fs.cwd;
    }

    /**
     * {@code name} as task {@code tid} gives it, made absolute against its working directory but
     * not normalized (null when that is unknown): the kernel takes `..` after a symlink to a
     * directory physically, so a front-end that asks the file system where a chdir went needs
     * the name as given.
     */
    public String asGiven(int tid, String name) {
        if (name == null || name.isEmpty()) return name;
        String root = task(tid).fs.root;
        if (name.charAt(0) == '/') return root.equals("/") ? name : name.contains("..") ? LexicalPath.inRoot(root, name) : root + name;
        String cwd = cwd(tid);
        return cwd == null ? null : cwd.equals("/") ? "/" + name : cwd + "/" + name;
    }

    /**
     * {@code name} against directory fd {@code dirfd} (AT_FDCWD: the working directory), made
     * absolute but not normalized, for a front-end that asks the file system where a `..` after
     * a symlink leads; null when the base is not a known path, or the task has a root of its own
     * (the file system would be asked from outside it), or the path is one of /dev or /proc.
     */
    public String unnormalized(int tid, int dirfd, String name) {
        Task t = tasks.get(tid);
        if (t == null || name == null || name.isEmpty() || !t.fs.root.equals("/")) return null;
        String base = name.charAt(0) == '/' ? "" : dirfd == PathArg.AT_FDCWD ? t.fs.cwd : path(t, dirfd);
        if (base == null || (!base.isEmpty() && base.charAt(0) != '/')) return null;
        String given = base.equals("/") ? "/" + name : base.isEmpty() ? name : base + "/" + name;
        return given.startsWith("/dev/") || given.startsWith("/proc/") ? null : given;
    }

    /** What the model calls fd {@code fd} of task {@code tid} (a path, a pipe's name, memfd:…), or null (also for a task it does not know). */
    public String fdPath(int tid, int fd) {
        Task t = tasks.get(tid);
        return t == null ? null : path(t, fd);
    }

    /**
     * Whether the trace has shown whether {@code path} (absolute, normal) is a directory: a
     * front-end that can look at what an open opened need not when it has.
     */
    public boolean knowsWhetherDirectory(String path) {
        return directories.isDirectory(path) != null;
    }

    /**
     * What tot believes task {@code tid}'s exec would keep open: the name of each fd not
     * close-on-exec, by fd (null where none; an empty array for a task it does not know). A
     * belief: tot does not see every close, nor every call that makes an fd. The front-end gives
     * the exec's fds back (Fact.Execed's openFds) with these names for the files they name (a
     * name through a symbolic link is not /proc's), /proc's link for anything else.
     */
    public String[] fdsAnExecKeeps(int tid) {
        Task t = tasks.get(tid);
        return t == null ? new String[0] : t.fds.keptByExec();
    }

    /** Whether the model knows what fd {@code fd} of {@code tid} is (else a front-end may tell it: FdSeen). */
    public boolean knowsFd(int tid, int fd) {
        return task(tid).fds.get(fd) != null;
    }

    /** The process (thread group) id of task {@code tid}, or {@code tid} itself when the model does not know it. */
    public int tgid(int tid) {
        Task t = tasks.get(tid);
        return t == null ? tid : t.process.tgid;
    }

    /** Whether task {@code tid} is its process's leader and only known task (its plain exit ends the process). */
    public boolean aloneInItsProcess(int tid) {
        Task t = tasks.get(tid);
        if (t == null || t.process.tgid != tid) return false;
        for (Task other : tasks.values()) if (other != t && other.process == t.process) return false;
        return true;
    }

    /**
     * Whether task {@code tid}'s working directory is unknown since a chdir the trace could not
     * follow (its name unreadable): a front-end that can ask the kernel tells it ({@link Fact.CwdSeen}).
     */
    public boolean cwdUnknown(int tid) {
        Task t = tasks.get(tid);
        return t != null && t.fs.cwdUnknown;
    }

    /** Whether another known task shares task {@code tid}'s process (so the process outlives that task). */
    public boolean sharesItsProcess(int tid) {
        Task t = tasks.get(tid);
        if (t == null) return false;
        for (Task other : tasks.values()) if (other != t && other.process == t.process) return true;
        return false;
    }

    /** Whether task {@code tid} resolves names in a root of its own (chroot): the kernel keeps a symlink's absolute target and `..` in it. */
    public boolean rooted(int tid) {
        Task t = tasks.get(tid);
        return t != null && !t.fs.root.equals("/");
    }

    /** Whether task {@code tid} is known (seen started, spawned or adopted, and not gone). */
    public boolean knows(int tid) {
        return tasks.containsKey(tid);
    }

    /** The execution task {@code tid}'s accesses go to, or null (before the first exec). */
    public Execution execution(int tid) {
        Task t = tasks.get(tid);
        return t == null ? null : t.process.execution;
    }

    /**
     * The processes still running that exec'd their execution, by id: when a trace ends before
     * they did (a log cut short, or one whose exit lines strace did not print), their exits are unknown.
     */
    public List<Integer> runningOwners() {
        List<Integer> out = new ArrayList<>();
        for (Process p : owners.values()) {
            Task leader = tasks.get(p.tgid);
            if (leader != null && leader.process == p) out.add(p.tgid);
        }
        out.sort(null);
        return out;
    }

    /** The exit status of the first process (-N when killed by signal N), or null when it was not seen to exit. */
    public Integer rootExit() {
        return rootExit;
    }

    // ---- tasks, processes, executions

    private Task task(int tid) {
        Task t = tasks.get(tid);
        return t != null ? t : started(new Fact.Started(lastTime, tid, defaultCwd));
    }

    private Task started(Fact.Started s) {
        Process p = new Process(s.tid(), null);
        if (root == null) root = p;
        Task t = new Task(s.tid(), p, new Fs(LexicalPath.normalize(s.cwd())), new FdTable());
        tasks.put(s.tid(), t);
        return t;
    }

    private void adopted(Fact.Adopted a) {
        for (Task known : tasks.values()) {
            if (known.process.tgid == a.pid()) { // another thread of a process adopted already
                tasks.put(a.tid(), new Task(a.tid(), known.process, known.fs, known.fds));
                return;
            }
        }
        FdTable fds = new FdTable().afterExec(a.fds());
        String cwd = a.cwd() != null ? a.cwd() : defaultCwd;
        Execution x = new Execution(++lastExecutionId, 0, a.pid(), cwd, a.path(), a.argv(), null, fds.paths(), a.time());
        Process p = new Process(a.pid(), x);
        if (root == null) root = p;
        holders.put(x, 1);
        owners.put(x, p);
        Task t = new Task(a.tid(), p, new Fs(cwd), fds);
        tasks.put(a.tid(), t);
        emit(new Event.Exec(a.time(), a.tid(), x, "attach"));
        fds.forEachOpen(fd -> {
            if (FdTable.IO_URING.equals(fds.get(fd).path())) warn(t, a.time(), ringNotMade(fd));
        });
    }

    /** unshare(flags): as the kernel's, a new namespace of mounts or users takes a working directory of its own too. */
    private static void unshared(Task t, long flags) {
        if ((flags & (CLONE_FS | CLONE_NEWNS | CLONE_NEWUSER)) != 0) t.fs = t.fs.copy();
        if ((flags & CLONE_FILES) != 0) t.fds = t.fds.copy();
    }

    private void spawned(Fact.Spawned s) {
        if (tasks.containsKey(s.child())) return; // seen already (a vfork returns after its child's exec)
        Task parent = task(s.tid());
        long flags = s.cloneFlags();
        Process p;
        String kind;
        if ((flags & CLONE_THREAD) != 0) {
            p = parent.process;
            kind = "thread";
        } else {
            p = new Process(s.child(), parent.process.execution);
            if (p.execution != null) holders.merge(p.execution, 1, Integer::sum);
            kind = (flags & CLONE_VFORK) != 0 ? "vfork" : (flags & 0xff) == SIGCHLD && (flags & ~0xffL) == 0 ? "fork" : "clone";
        }
        Fs fs = (flags & CLONE_FS) != 0 ? parent.fs : parent.fs.copy();
        FdTable fds = (flags & CLONE_FILES) != 0 ? parent.fds : parent.fds.copy();
        tasks.put(s.child(), new Task(s.child(), p, fs, fds));
        emit(new Event.Spawn(s.time(), s.tid(), s.child(), kind, flags));
    }

    private void execed(Fact.Execed e) {
        Task former = tasks.get(e.formerTid());
        if (former != null && e.formerTid() != e.tid()) { // a non-leader thread exec'd: it takes the leader's id
            Task leader = tasks.remove(e.tid());
            tasks.remove(e.formerTid());
            if (leader != null && leader.process != former.process && leader.process.execution != null) {
                release(leader.process.execution, e.time()); // not one process: the log linked them otherwise
            }
            former = new Task(e.tid(), former.process, former.fs, former.fds);
            tasks.put(e.tid(), former);
        }
        Task t = former != null ? former : task(e.tid());
        Process p = t.process;
        p.tgid = e.tid();
        String path = resolve(t, e.path());
        if (path == null) path = e.fallbackPath() != null ? e.fallbackPath() : "";
        t.fds = (p == root && p.execution == null && e.openFds() != null ? new FdTable() : t.fds).afterExec(e.openFds());
        List<String> env = e.env() == null || !redactEnv ? e.env() : redacted(e.env());
        Execution old = p.execution;
        boolean inPlace = old != null && owners.get(old) == p; // the process's own program execs another (not a fork's first)
        Execution x = new Execution(++lastExecutionId, old == null ? 0 : old.id, p.tgid, t.fs.cwd, path, e.argv(), env,
                t.fds.paths(), t.fds.modes(), e.time());
        if (old != null) {
            if (owners.get(old) == p) old.nextExecId(x.id);
            release(old, e.time());
        }
        p.execution = x;
        holders.put(x, 1);
        owners.put(x, p);
        if (e.argvCut()) x.warn(Execution.ARGV_CUT); // before the exec event: a script written from it must know
        emit(new Event.Exec(e.time(), e.tid(), x, e.syscall()));
        if (e.argvCut()) emit(new Event.Warning(e.time(), e.tid(), x, Execution.ARGV_CUT));
        Task task = t;
        t.fds.forEachOpen(fd -> { // a pipe end held at exec is the execution's input or output
            Entry entry = task.fds.get(fd);
            switch (entry.kind()) {
                case PIPE_READ -> access(task, e, entry.path(), AccessKind.INPUT, e.syscall());
                case PIPE_WRITE -> access(task, e, entry.path(), AccessKind.OUTPUT, e.syscall());
                case FILE -> {
                    if (old != null && (entry.openedIn() == old || inPlace && entry.passedTo() == old)) {
                        redirected(x, e, entry);
                        task.fds.put(fd, entry.passedTo(x));
                    }
                }
                case OTHER -> {
                    if (FdTable.IO_URING.equals(entry.path())) warn(task, e.time(), ringNotMade(fd));
                }
                case PATH_ONLY, TMPFILE -> { }
            }
        });
    }

    /**
     * A file the execution before this exec opened and left open for the new program (a shell's
     * {@code < in}, {@code > out}, {@code >> log}, set up in its fork or, as dash does, in the
     * shell itself around a vfork), or that reached that execution so and goes on through an exec
     * in place (a wrapper script that execs the real program): the program reads or writes it, so
     * it is an access of the new execution too — an event only. The record (deps.json, the
     * execution's lists) keeps fptrace's rule that the opener, the shell, did it; its FDs name the
     * file. Fds a forked child inherits from further up (make's log, for make's children) are none
     * of these.
     */
    private void redirected(Execution x, Fact.Execed e, Entry entry) {
        String path = entry.path();
        if (path.startsWith("/dev/") || path.startsWith("/proc/")) return; // a device, a terminal: no file of the build
        if (entry.mode() != FdMode.TRUNCATE && entry.mode() != FdMode.APPEND) {
            emit(new Access(e.time(), x.id, path, AccessKind.INPUT, e.syscall(), 0));
        }
        if (entry.mode() != FdMode.READ && x.writeRedirected(path)) {
            emit(new Access(e.time(), x.id, path, AccessKind.OUTPUT, e.syscall(), 0));
        }
    }

    /** A task ended ({@code status}: its exit, or null when tot only stopped tracing it). */
    private void left(int tid, long time, Integer status) {
        Task t = tasks.remove(tid);
        if (t == null || tid != t.process.tgid) return; // unknown, or a thread: the process goes on
        Process p = t.process;
        if (status != null) emit(new Event.Exit(time, p.tgid, status));
        if (p == root && rootExit == null && status != null) rootExit = status;
        Execution x = p.execution;
        if (x == null) return;
        if (status != null && owners.get(x) == p) x.exit(status);
        release(x, time);
    }

    /** One process stopped sharing {@code x}; the last one ends it. */
    private void release(Execution x, long time) {
        Integer left = holders.merge(x, -1, Integer::sum);
        if (left != null && left <= 0) end(x, time);
    }

    private void end(Execution x, long time) {
        holders.remove(x);
        owners.remove(x);
        x.end(time);
        emit(new Event.End(time, x));
    }

    // ---- files

    private void opened(Task t, Fact.Opened o) {
        OpenFlags flags = o.flags();
        if (o.errno() != 0) {
            if (!flags.neither()) {
                failed(t, o, o.syscall(), o.path(), flags.accessMode() != OpenFlags.O_RDONLY ? AccessKind.OUTPUT : AccessKind.INPUT,
                        o.errno());
            }
            return;
        }
        String path = resolve(t, o.path());
        if (path == null) path = o.kernelPath();
        if (path == null) {
            if (o.path() == null) { // a call with no path (open_by_handle_at), named by its new fd, gone when asked
                warn(t, o.time(), o.syscall() + ": the file it opened as fd " + o.fd() + " could not be named (the call"
                        + " names no path; README: open_by_handle_at): its access is not recorded");
            }
            return;
        }
        path = shared(path);
        if (flags.tmpfile()) { // an unnamed file in directory `path`: an output once linked
            t.fds.put(o.fd(), new Entry(path + TMPFILE_NAME, FdKind.TMPFILE, null, flags.cloexec()));
            return;
        }
        if (!flags.pathOnly() && path.startsWith(PIPE_PREFIX)) {
            // a pipe opened again through /dev/fd/N or /proc/self/fd/N (`> /dev/stdout` in a pipeline): a new end
            // of that pipe, which reads or writes as it was opened, not a file (/proc/PID/fd shows pipe:[…] at exec)
            t.fds.put(o.fd(), new Entry(path, flags.accessMode() == OpenFlags.O_RDONLY ? FdKind.PIPE_READ : FdKind.PIPE_WRITE,
                    null, flags.cloexec()));
        } else {
            t.fds.put(o.fd(), new Entry(path, flags.pathOnly() ? FdKind.PATH_ONLY : FdKind.FILE, FdMode.of(flags), flags.cloexec(),
                    t.process.execution, null));
        }
        Boolean directory = o.directory() != null ? o.directory() : flags.directory() ? Boolean.TRUE
                : flags.writes() ? Boolean.FALSE : null; // a directory cannot be opened for writing
        if (directory != null) directories.saw(path, directory);
        else directory = directories.isDirectory(path);
        if (flags.reads() && !Boolean.TRUE.equals(directory)) access(t, o, path, AccessKind.INPUT, o.syscall(), o.stamp());
        if (flags.keepsContent()) keptWrite(t, o, path);
        else if (flags.empties()) emptied(t, o, path);
        else if (flags.writes()) access(t, o, path, AccessKind.OUTPUT, o.syscall());
    }

    /** An open for writing that kept the file's content: an output whose old content a later read by the same execution still sees. */
    private void keptWrite(Task t, Fact.Opened o, String path) {
        Execution x = t.process.execution;
        if (x == null) return;
        path = shared(path);
        if (x.writeKeeping(path)) emit(new Access(o.time(), x.id, path, AccessKind.OUTPUT, o.syscall(), 0));
    }

    private static void rangeClosed(Task t, Fact.RangeClosed r) {
        if (r.unshare()) t.fds = t.fds.copy();
        long hi = Math.min(r.last(), Math.max(t.fds.highest(), r.first()));
        for (long fd = r.first(); fd <= hi; fd++) {
            if (!r.cloexecOnly()) t.fds.remove((int) fd);
            else {
                Entry e = t.fds.get((int) fd);
                if (e != null) t.fds.put((int) fd, e.withCloexec(true));
            }
        }
    }

    private static void duped(Task t, int oldFd, int newFd, boolean cloexec) {
        if (oldFd == newFd) return; // dup2(fd, fd) changes nothing
        Entry e = t.fds.get(oldFd);
        if (e == null) t.fds.remove(newFd);
        else t.fds.put(newFd, e.withCloexec(cloexec));
    }

    private void piped(Task t, Fact.Piped p) {
        String name = p.identity() != null ? pipeNames.computeIfAbsent(p.identity(), k -> PIPE_PREFIX + (++pipes))
                : PIPE_PREFIX + (++pipes);
        t.fds.put(p.readFd(), new Entry(name, FdKind.PIPE_READ, null, p.cloexec()));
        t.fds.put(p.writeFd(), new Entry(name, FdKind.PIPE_WRITE, null, p.cloexec()));
    }

    private void changedDir(Task t, Fact.ChangedDir c) {
        if (c.errno() != 0) return;
        String cwd = c.kernelCwd() != null ? c.kernelCwd() : resolve(t, c.dir());
        if (cwd != null) {
            cwdIs(t, cwd);
        } else {
            t.fs.cwdUnknown = true;
            warn(t, c.time(), "the working directory after " + c.syscall() + " is unknown: relative paths may be wrong");
        }
    }

    /** Task {@code t}'s (and the tasks sharing its fs) working directory is {@code dir}, a directory. */
    private void cwdIs(Task t, String dir) {
        t.fs.cwd = dir;
        t.fs.cwdUnknown = false;
        directories.saw(dir, true);
    }

    /**
     * rename(from, to): {@code from} is deleted, {@code to} is an output, and every running
     * execution that wrote {@code from} now shows {@code to} instead (a temp file under its final
     * name, also when a child `mv` renames the shell's redirection); fds open on it now name it
     * {@code to}. A renamed directory is no output, but what it holds moves with it: outputs, fds
     * and working directories below {@code from} are below {@code to} now (cargo builds its target
     * directory under a temporary name). RENAME_EXCHANGE swaps two existing files: both are outputs.
     */
    private void renamed(Task t, Fact.Renamed r) {
        if (r.errno() != 0) {
            failed(t, r, r.syscall(), secondElseFirst(t, r.from(), r.to()), AccessKind.OUTPUT, r.errno());
            return;
        }
        String from = resolve(t, r.from()), to = resolve(t, r.to());
        if (from == null || to == null || from.equals(to)) return; // one name: the kernel does nothing
        if (r.exchange()) {
            directories.exchanged(from, to);
            for (String name : List.of(from, to)) { // each holds the other's file now: an output, unless a directory
                if (!Boolean.TRUE.equals(directories.isDirectory(name))) access(t, r, name, AccessKind.OUTPUT, r.syscall());
            }
            // each name is the other's file now, and for two directories what is below each is below the other
            java.util.function.UnaryOperator<String> swapped = p -> {
                String now = LexicalPath.moved(p, from, to);
                return now != null ? now : LexicalPath.moved(p, to, from);
            };
            for (Execution x : holders.keySet()) { // both names are outputs already: only what is below them moves
                x.moveOutputs(p -> p.equals(from) || p.equals(to) ? null : swapped.apply(p))
                        .forEach((was, now) -> emit(new Event.Renamed(r.time(), x.id, was, now)));
            }
            moveOpenPaths(swapped, true);
            return;
        }
        Boolean directory = directories.isDirectory(from);
        boolean mayHold = Boolean.TRUE.equals(directory); // what the trace saw below it made it a known directory
        directories.renamed(from, to);
        access(t, r, from, AccessKind.DELETED, r.syscall());
        gone(to); // replaced, if it was there
        for (Execution x : holders.keySet()) {
            if (x.renameOutput(from, to)) emit(new Event.Renamed(r.time(), x.id, from, to));
            if (mayHold) x.renameOutputsUnder(from, to).forEach((was, now) -> emit(new Event.Renamed(r.time(), x.id, was, now)));
        }
        Execution renamer = t.process.execution;
        if (mayHold && renamer != null) emit(new Event.Renamed(r.time(), renamer.id, from, to, true));
        if (!Boolean.TRUE.equals(directory)) access(t, r, to, AccessKind.OUTPUT, r.syscall());
        moveOpenPaths(p -> LexicalPath.moved(p, from, to), mayHold);
    }

    /** The fds' paths that {@code where} gives a new name (null: not moved) take it, and so do the working directories with {@code cwds}. */
    private void moveOpenPaths(java.util.function.UnaryOperator<String> where, boolean cwds) {
        Set<FdTable> tables = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        Set<Fs> contexts = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        for (Task each : tasks.values()) {
            if (tables.add(each.fds)) each.fds.move(where);
            String cwd = cwds && contexts.add(each.fs) ? where.apply(each.fs.cwd) : null;
            if (cwd != null) each.fs.cwd = cwd;
        }
    }

    /**
     * mkdir, mkdirat: a directory, so no input or output, but an event each time (CI answers
     * leave out what the run looked for below a directory it made: a temporary one's random name
     * would change every key). A failed one is none: EEXIST is how `mkdir -p` finds a directory.
     */
    private void madeDirectory(Task t, Fact.MadeDirectory m) {
        String path = m.errno() == 0 ? resolve(t, m.path()) : null;
        if (path == null) return;
        path = shared(path);
        directories.saw(path, true);
        Execution x = t.process.execution;
        if (x != null) emit(new Access(m.time(), x.id, path, AccessKind.MKDIR, m.syscall(), 0));
    }

    /** link(old, new): the old name is read (unless written before: Execution.read; an O_TMPFILE is not), the new one written. */
    private void linked(Task t, Fact.Linked l) {
        if (l.errno() != 0) {
            failed(t, l, l.syscall(), secondElseFirst(t, l.from(), l.to()), AccessKind.OUTPUT, l.errno());
            return;
        }
        String from = resolve(t, l.from());
        if (from != null && !from.endsWith(TMPFILE_NAME)) access(t, l, from, AccessKind.INPUT, l.syscall());
        String to = resolve(t, l.to());
        if (to != null) directories.saw(to, false); // a directory has no second name
        access(t, l, to, AccessKind.OUTPUT, l.syscall());
    }

    /** truncate and ftruncate write; an ftruncate of what is not a file (a pipe, socket, memfd, O_TMPFILE) is nothing. */
    private void truncated(Task t, Fact.Truncated tr) {
        if (tr.errno() != 0) {
            failed(t, tr, tr.syscall(), tr.path(), AccessKind.OUTPUT, tr.errno());
            return;
        }
        if (tr.path().fdItself()) {
            Entry e = t.fds.get(tr.path().dirfd());
            if (e == null || e.kind() != FdKind.FILE) return;
        }
        String path = resolve(t, tr.path());
        if (path != null) directories.saw(path, false); // only a file can be truncated
        access(t, tr, path, AccessKind.OUTPUT, tr.syscall());
    }

    /**
     * A failed rename or link tried to write its second path (the first when the second cannot
     * be read); nothing when its first path cannot be read.
     */
    private PathArg secondElseFirst(Task t, PathArg first, PathArg second) {
        if (resolve(t, first) == null) return null;
        return resolve(t, second) != null ? second : first;
    }

    /** {@code path} (null: unknown), whose file left its name: the running executions that wrote it wrote another file. */
    private String gone(String path) {
        if (path != null) for (Execution x : holders.keySet()) x.outputGone(path);
        return path;
    }

    /** {@code path} (null: unknown), a symlink made: no directory itself, in directories. */
    private String linked(String path) {
        if (path != null) directories.link(path);
        return path;
    }

    /** {@code path} (null: unknown) after the trace stops knowing what it is: deleted, or now a symlink. */
    private String forgotten(String path) {
        if (path != null) directories.forget(path);
        return path;
    }

    /** The one String kept for {@code path} (the fd table, the directories known, the records). */
    private String shared(String path) {
        String kept = paths.putIfAbsent(path, path);
        return kept != null ? kept : path;
    }

    /** Records a successful access in the task's execution; emits it the first time. */
    private void access(Task t, Fact f, String path, AccessKind kind, String syscall) {
        access(t, f, path, kind, syscall, null);
    }

    /** An open that emptied or made the file: an output whose earlier writers' content is gone (lineage starts anew). */
    private void emptied(Task t, Fact.Opened o, String path) {
        Execution x = t.process.execution;
        if (x == null || path == null) return;
        path = shared(path);
        if (x.record(AccessKind.OUTPUT, path)) emit(Access.emptying(o.time(), x.id, path, o.syscall()));
    }

    private void access(Task t, Fact f, String path, AccessKind kind, String syscall, FileStamp stamp) {
        Execution x = t.process.execution;
        if (x == null || path == null) return;
        path = shared(path);
        if (x.record(kind, path)) emit(new Access(f.time(), x.id, path, kind, syscall, 0, stamp));
    }

    /** A symbolic link made: an output, which says what it points to (where a read through it went). */
    private void symlinked(Task t, Fact.Symlinked s, String path) {
        Execution x = t.process.execution;
        if (x == null || path == null) return;
        path = shared(path);
        if (x.record(AccessKind.OUTPUT, path)) emit(Access.symlink(s.time(), x.id, path, s.syscall(), s.target()));
    }

    /**
     * A failed attempt to read, write, delete or run a path: every one is an event (the files a
     * build looked for and did not find are its negative dependencies), none is in the record.
     */
    private void failed(Task t, Fact f, String syscall, PathArg p, AccessKind kind, int errno) {
        if (errno >= ERESTARTSYS && errno <= ERESTART_RESTARTBLOCK) return; // interrupted: restarted, or EINTR, never an access
        Execution x = t.process.execution;
        String path = resolve(t, p);
        if (x == null || path == null) return;
        emit(new Access(f.time(), x.id, path, kind, syscall, errno));
    }

    /**
     * The kernel's own codes of a call a signal interrupted (ERESTARTSYS … ERESTART_RESTARTBLOCK),
     * seen at its exit (ptrace, eBPF, strace's "= ? ERESTARTSYS"): the program never sees them;
     * the call runs again or fails with EINTR, having looked nothing up the program can tell.
     */
    private static final int ERESTARTSYS = 512, ERESTART_RESTARTBLOCK = 516;

    /**
     * The warning on an execution holding an io_uring ring it did not make: inherited (also from
     * tot, or from the program before an exec) or received from another process (SCM_RIGHTS,
     * pidfd_getfd). Its file I/O needs no call tot sees: made outside the trace, no
     * io_uring_setup said so; and --undelete, which refuses io_uring_setup, cannot refuse it.
     */
    private static String ringNotMade(int fd) {
        return "fd " + fd + " is an io_uring ring this program did not make (inherited or received): file I/O through it"
                + " is not visible to tot";
    }

    /** A warning on the task's execution (deps.json Warnings, tot.db), emitted once per execution and message. */
    private void warn(Task t, long time, String message) {
        Execution x = t.process.execution;
        String said = x != null ? x.said(message)
                : warnedOutside.size() < Execution.MAX_WARNINGS && warnedOutside.add(message) ? message : null;
        if (said != null) emit(new Event.Warning(time, t.tid, x, said));
    }

    // ---- paths

    private String resolve(Task t, PathArg p) {
        if (p == null || p.name() == null) return null;
        if (p.fdItself()) return p.dirfd() == PathArg.AT_FDCWD ? t.fs.cwd : path(t, p.dirfd());
        String name = p.name();
        if (p.resolved()) return name;
        if (name.isEmpty()) return null; // ENOENT without AT_EMPTY_PATH
        String abs;
        if (p.inRoot()) {
            String root = p.dirfd() == PathArg.AT_FDCWD ? t.fs.cwd : path(t, p.dirfd());
            if (root == null) return null;
            abs = LexicalPath.inRoot(root, name);
        } else if (name.charAt(0) == '/') abs = inRoot(t, name);
        else {
            String base = p.dirfd() == PathArg.AT_FDCWD ? t.fs.cwd : path(t, p.dirfd());
            if (base == null) return null;
            String inside = t.fs.root.equals("/") ? null : LexicalPath.moved(base, t.fs.root, "/");
            abs = inside != null ? inRoot(t, inside + "/" + name) : LexicalPath.resolve(base, name); // ".." stops at the root
        }
        if (!abs.startsWith("/dev/") && !abs.startsWith("/proc/")) return abs; // most paths: no lambda made
        return ProcessPaths.resolve(abs, places, t.process.tgid, t.tid);
    }

    /** What the model knows of each task's fds and directories, for /dev/fd/N and /proc/PID/… names. */
    private final ProcessPaths.Places places = new ProcessPaths.Places() {
        @Override public String fdPath(int tid, int fd) {
            return ProcessModel.this.fdPath(tid, fd);
        }

        @Override public String cwd(int tid) {
            Task t = tasks.get(tid);
            return t == null || t.fs.cwdUnknown ? null : t.fs.cwd;
        }

        @Override public String root(int tid) {
            Task t = tasks.get(tid);
            return t == null ? null : t.fs.root;
        }
    };

    /** Absolute {@code name} in task {@code t}'s root (chroot), normalized. */
    private static String inRoot(Task t, String name) {
        return t.fs.root.equals("/") ? LexicalPath.normalize(name) : LexicalPath.inRoot(t.fs.root, name);
    }

    private static String path(Task t, int fd) {
        Entry e = t.fds.get(fd);
        return e == null ? null : e.path();
    }

    private void emit(Event e) {
        events.accept(e);
    }

    private List<String> redacted(List<String> env) {
        if (!env.equals(lastEnv)) {
            lastRedactedEnv = EnvRedaction.redact(env);
            lastEnv = env;
        }
        return lastRedactedEnv;
    }
}
