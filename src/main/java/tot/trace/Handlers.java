package tot.trace;

import static tot.sys.Linux.*;

import java.util.HashMap;
import java.util.Map;
import tot.record.Event;
import tot.record.Event.Access;
import tot.record.AccessRules;
import tot.record.Execution;
import tot.syscalls.Handler;
import tot.syscalls.Arg;
import tot.trace.FdTable.Entry;
import tot.trace.FdTable.Kind;

/**
 * What each kind of syscall does to the model: fd tables, cwd, inputs and outputs. Entry
 * handlers resolve paths while the arguments are fresh; exit handlers apply the result. No
 * ptrace, no output: the loop resumes tracees and sinks write.
 */
final class Handlers implements PathResolver.FdLookup {
    /** Pipes are named /dev/fptrace/pipe/N as in fptrace. */
    static final String PIPE_PREFIX = "/dev/fptrace/pipe/";
    /** An O_TMPFILE fd is named DIR/#tmpfile until linkat gives it a name (the kernel shows DIR/#INODE). */
    static final String TMPFILE_NAME = "/#tmpfile";

    private final Events events;

    /**
     * One String per distinct path recorded: executions keep their inputs and outputs until the
     * run ends (deps.json), and most runs open the same files again and again (libc, locales,
     * headers), so a path is kept once, not once per execution.
     */
    private final Map<String, String> paths = new HashMap<>();
    private int pipes;

    Handlers(Events events) {
        this.events = events;
    }

    /** Where handlers send what they learn. */
    interface Events {
        void emit(Event e);
        long now();
        /** The executions still running (a rename renames their outputs). */
        Iterable<Execution> running();
        /** The syscall about to run changes or removes {@code path}. */
        void changing(String path);
    }

    /** An fd's path: the table, else /proc (an fd tot never saw opened, e.g. inherited), then cached. */
    @Override
    public String path(Task t, int fd) {
        Entry e = entry(t, fd);
        return e == null ? null : e.path();
    }

    Entry entry(Task t, int fd) {
        Entry e = t.fds.get(fd);
        if (e == null && fd >= 0) {
            String target = ProcFs.fdTarget(t.tid, fd);
            if (target == null) return null;
            e = FdTable.fromProc(target, ProcFs.fdCloexec(t.tid, fd));
            t.fds.put(fd, e);
        }
        return e;
    }

    void entry(Task t, Call c) {
        if (c.syscall.indexOf(Arg.PATH) >= 0) resolvePaths(t, c);
        if (c.event) c.rendered = ArgText.render(c, fd -> path(t, fd)); // before close drops the fd
        switch (c.syscall.handler()) {
            case OPEN -> {
                String name = c.syscall.name();
                c.flags = switch (name) {
                    case "creat" -> O_CREAT | O_WRONLY | O_TRUNC;
                    case "openat2" -> c.decoded[2] instanceof Long how ? how : 0;
                    default -> c.args[c.syscall.indexOf(Arg.OPEN_FLAGS)];
                };
                if ((c.flags & (O_ACCMODE | O_TRUNC)) != 0 && c.path != null) events.changing(c.path);
            }
            case CLOSE -> t.fds.remove(c.intArg(0));
            case CHDIR -> {
                if (c.syscall.indexOf(Arg.FD) == 0) c.path = path(t, c.intArg(0));
            }
            case SPAWN -> t.cloneFlags = switch (c.syscall.name()) {
                case "fork" -> SIGCHLD;
                case "vfork" -> CLONE_VM | CLONE_VFORK | SIGCHLD;
                case "clone3" -> c.decoded[0] instanceof Long f ? f : 0;
                default -> c.args[0];
            };
            case EXEC -> t.pendingExec = c;
            case TRUNCATE -> {
                if (c.syscall.indexOf(Arg.FD) == 0) c.path = filePath(t, c.intArg(0));
                if (c.path != null) events.changing(c.path);
            }
            case RENAME, DELETE -> {
                if (c.path != null) events.changing(c.path);
                if (c.path2 != null) events.changing(c.path2);
            }
            case DUP, CLOSE_RANGE, FCNTL, PIPE, LINK, SYMLINK, MKDIR, NEW_FD, IO_URING, PIDFD_SIGNAL, NONE -> {
                // paths resolved above; the rest is applied at exit, on success
            }
        }
    }

    /**
     * Resolves the PATH arguments, each against the DIRFD argument before it (else the cwd),
     * into {@code c.path} and {@code c.path2}. AT_EMPTY_PATH applies to the first.
     */
    private void resolvePaths(Task t, Call c) {
        int flagsArg = c.syscall.indexOf(Arg.AT_FLAGS);
        boolean emptyPath = flagsArg >= 0 && (c.args[flagsArg] & AT_EMPTY_PATH) != 0;
        int dirfd = AT_FDCWD;
        int n = 0;
        for (int i = 0; i < c.syscall.args().size(); i++) {
            switch (c.syscall.args().get(i)) {
                case DIRFD -> dirfd = c.intArg(i);
                case PATH -> {
                    String p = PathResolver.resolve(t, this, dirfd, c.string(i), emptyPath && n == 0);
                    if (n++ == 0) c.path = p;
                    else c.path2 = p;
                    dirfd = AT_FDCWD;
                }
                default -> { }
            }
        }
    }

    void exit(Task t, Call c, Decoder decoder) {
        if (!c.ok()) {
            if (c.exited) failed(t, c);
            return;
        }
        switch (c.syscall.handler()) {
            case OPEN -> opened(t, c);
            case CLOSE, SPAWN, EXEC, MKDIR, PIDFD_SIGNAL, NONE -> {
                // handled at entry / by ptrace events; mkdir is only an event
            }
            case CLOSE_RANGE -> {
                int first = c.intArg(0);
                long last = c.args[1] & 0xffffffffL;
                int flags = c.intArg(2);
                if ((flags & CLOSE_RANGE_UNSHARE) != 0) t.fds = t.fds.copy();
                long hi = Math.min(last, Math.max(t.fds.highest(), first));
                for (long fd = first; fd <= hi; fd++) {
                    if ((flags & CLOSE_RANGE_CLOEXEC) == 0) t.fds.remove((int) fd);
                    else {
                        Entry e = t.fds.get((int) fd);
                        if (e != null) t.fds.put((int) fd, e.withCloexec(true));
                    }
                }
            }
            case DUP -> {
                boolean cloexec = c.syscall.name().equals("dup3") && (c.args[2] & O_CLOEXEC) != 0;
                dup(t, c.intArg(0), (int) c.result, cloexec);
            }
            case FCNTL -> {
                int cmd = c.intArg(1);
                if (cmd == F_SETFD) {
                    Entry e = entry(t, c.intArg(0));
                    if (e != null) t.fds.put(c.intArg(0), e.withCloexec((c.args[2] & FD_CLOEXEC) != 0));
                } else if (cmd == F_DUPFD || cmd == F_DUPFD_CLOEXEC) {
                    dup(t, c.intArg(0), (int) c.result, cmd == F_DUPFD_CLOEXEC);
                }
            }
            case PIPE -> {
                int[] fds = decoder.fdPair(t.tid, c.args[0]);
                if (fds == null) return;
                boolean cloexec = c.syscall.name().equals("pipe2") && (c.args[1] & O_CLOEXEC) != 0;
                String name = PIPE_PREFIX + (++pipes);
                t.fds.put(fds[0], new Entry(name, Kind.PIPE_READ, cloexec));
                t.fds.put(fds[1], new Entry(name, Kind.PIPE_WRITE, cloexec));
                c.path = name;
            }
            case CHDIR -> { // the kernel's: `..` through a symlinked cwd is the target's parent
                String cwd = ProcFs.cwd(t.tid);
                if (cwd == null) cwd = c.path; // /proc shows no cwd longer than a page: the lexical one
                if (cwd != null) t.fs.cwd = cwd;
                else warn(t, "the working directory after " + c.syscall.name() + " is unknown: relative paths may be wrong");
            }
            case RENAME -> renamed(t, c);
            case LINK -> { // the old name is read (unless written before: Execution.read), an O_TMPFILE is not
                if (c.path != null && !c.path.endsWith(TMPFILE_NAME)) read(t, c.path, c);
                write(t, c.path2, c);
            }
            case SYMLINK, TRUNCATE -> write(t, c.path, c);
            case DELETE -> delete(t, c.path, c);
            case NEW_FD -> {
                int flags = c.intArg(1);
                String name = c.string(0);
                t.fds.put((int) c.result, new Entry("memfd:" + (name == null ? "" : name), Kind.OTHER, (flags & MFD_CLOEXEC) != 0));
            }
            case IO_URING -> warn(t, "io_uring_setup: file I/O through the ring is not visible to tot");
        }
    }

    /**
     * rename(from, to): {@code from} is deleted, {@code to} is an output, and every running
     * execution that wrote {@code from} now shows {@code to} instead (a temp file under its final
     * name, also when a child `mv` renames the shell's redirection). RENAME_EXCHANGE swaps two
     * existing files: both are outputs.
     */
    private void renamed(Task t, Call c) {
        String from = c.path, to = c.path2;
        if (from == null || to == null) return;
        int flagsArg = c.syscall.indexOf(Arg.RENAME_FLAGS);
        if (flagsArg >= 0 && (c.args[flagsArg] & RENAME_EXCHANGE) != 0) {
            write(t, from, c);
            write(t, to, c);
            return;
        }
        delete(t, from, c);
        for (Execution x : events.running()) {
            if (x.renameOutput(from, to)) events.emit(new Event.Renamed(events.now(), x.id, from, to));
        }
        write(t, to, c);
        t.fds.forEachOpen(fd -> {
            Entry e = t.fds.get(fd);
            if (e.path().equals(from)) t.fds.put(fd, new Entry(to, e.kind(), e.cloexec()));
        });
    }

    /** The path of {@code fd} when it is a file (not a pipe, socket, memfd or O_TMPFILE), else null. */
    private String filePath(Task t, int fd) {
        Entry e = entry(t, fd);
        return e != null && e.kind() == Kind.FILE ? e.path() : null;
    }

    private void dup(Task t, int oldfd, int newfd, boolean cloexec) {
        if (oldfd == newfd) return; // dup2(fd, fd) changes nothing
        Entry e = entry(t, oldfd);
        if (e == null) t.fds.remove(newfd);
        else t.fds.put(newfd, e.withCloexec(cloexec));
    }

    private void opened(Task t, Call c) {
        long flags = c.flags;
        int fd = (int) c.result;
        boolean cloexec = (flags & O_CLOEXEC) != 0;
        String path = c.path != null ? c.path : ProcFs.fdTarget(t.tid, fd);
        if (path == null) return;
        if ((flags & O_TMPFILE) == O_TMPFILE) { // an unnamed file in directory `path`: an output once linked
            t.fds.put(fd, new Entry(path + TMPFILE_NAME, Kind.TMPFILE, cloexec));
            return;
        }
        boolean pathOnly = (flags & O_PATH) != 0;
        t.fds.put(fd, new Entry(path, pathOnly ? Kind.PATH_ONLY : Kind.FILE, cloexec));
        if (pathOnly || (flags & O_DIRECTORY) != 0) return; // neither a read nor a write
        int mode = (int) (flags & O_ACCMODE);
        boolean wronly = mode == O_WRONLY, rdwr = mode != O_RDONLY && !wronly; // O_RDWR (or the invalid 3)
        if (AccessRules.openReads(wronly, rdwr, (flags & O_TRUNC) != 0, (flags & O_CREAT) != 0, (flags & O_EXCL) != 0)) {
            read(t, path, c);
        }
        if (AccessRules.openWrites(wronly, rdwr)) write(t, path, c);
    }

    /**
     * A failed attempt to read, write, delete or exec a path: every one is an event (the files a
     * build looked for and did not find are its negative dependencies), none is in the record.
     */
    private void failed(Task t, Call c) {
        Execution x = t.proc.execution;
        Handler h = c.syscall.handler();
        if (x == null || c.path == null) return;
        if (h == Handler.OPEN && ((c.flags & (O_PATH | O_DIRECTORY)) != 0 || (c.flags & O_TMPFILE) == O_TMPFILE)) return;
        Access.Kind kind = AccessRules.ofFailure(h, (c.flags & O_ACCMODE) != O_RDONLY);
        if (kind == null) return;
        String path = AccessRules.failureNamesSecondPath(h) && c.path2 != null ? c.path2 : c.path;
        events.emit(new Event.Access(events.now(), x.id, path, kind, c.syscall.name(), c.errno));
    }

    /** A warning on the task's execution, emitted the first time that execution gets it. */
    void warn(Task t, String message) {
        Execution x = t.proc.execution;
        if (x != null && x.warn(message)) events.emit(new Event.Warning(events.now(), t.tid, x, message));
    }

    void read(Task t, String path, Call c) {
        access(t, path, Access.Kind.INPUT, c.syscall.name());
    }

    void write(Task t, String path, Call c) {
        access(t, path, Access.Kind.OUTPUT, c.syscall.name());
    }

    private void delete(Task t, String path, Call c) {
        access(t, path, Access.Kind.DELETED, c.syscall.name());
    }

    /** Records a successful access in the execution; emits it the first time. */
    void access(Task t, String path, Access.Kind kind, String syscall) {
        Execution x = t.proc.execution;
        if (x == null || path == null) return;
        String shared = paths.putIfAbsent(path, path);
        if (shared != null) path = shared;
        if (x.record(kind, path)) events.emit(new Event.Access(events.now(), x.id, path, kind, syscall, 0));
    }
}
