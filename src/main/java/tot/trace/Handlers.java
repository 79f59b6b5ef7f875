package tot.trace;

import static tot.sys.Linux.*;

import tot.record.Event;
import tot.record.Execution;
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

    private final Events events;
    private int pipes;

    Handlers(Events events) {
        this.events = events;
    }

    /** Where handlers send what they learn. */
    interface Events {
        void emit(Event e);
        long now();
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
            e = new Entry(target, target.startsWith("pipe:") || target.startsWith("socket:")
                    || target.startsWith("anon_inode:") ? Kind.OTHER : Kind.FILE, ProcFs.fdCloexec(t.tid, fd));
            t.fds.put(fd, e);
        }
        return e;
    }

    void entry(Task t, Call c) {
        switch (c.syscall.handler()) {
            case OPEN -> {
                String name = c.syscall.name();
                int pathArg = c.syscall.indexOf(tot.syscalls.Arg.PATH);
                int dirfd = name.equals("open") || name.equals("creat") ? AT_FDCWD : c.intArg(0);
                c.flags = switch (name) {
                    case "creat" -> O_CREAT | O_WRONLY | O_TRUNC;
                    case "openat2" -> c.decoded[2] instanceof Long how ? how : 0;
                    default -> c.args[pathArg + 1];
                };
                c.path = PathResolver.resolve(t, this, dirfd, c.string(pathArg), false);
            }
            case CLOSE -> t.fds.remove(c.intArg(0));
            case CHDIR -> c.path = c.syscall.name().equals("fchdir")
                    ? path(t, c.intArg(0)) : PathResolver.resolve(t, this, AT_FDCWD, c.string(0), false);
            case SPAWN -> t.cloneFlags = switch (c.syscall.name()) {
                case "fork" -> SIGCHLD;
                case "vfork" -> CLONE_VM | CLONE_VFORK | SIGCHLD;
                case "clone3" -> c.decoded[0] instanceof Long f ? f : 0;
                default -> c.args[0];
            };
            case EXEC -> {
                boolean at = c.syscall.name().equals("execveat");
                int pathArg = at ? 1 : 0;
                boolean emptyPath = at && (c.args[4] & AT_EMPTY_PATH) != 0;
                c.path = PathResolver.resolve(t, this, at ? c.intArg(0) : AT_FDCWD, c.string(pathArg), emptyPath);
                t.pendingExec = c;
            }
            case DUP -> {
                // dup2/dup3 close the target only on success: wait for the exit stop
            }
            case CLOSE_RANGE, FCNTL, PIPE -> {
                // applied at exit
            }
        }
    }

    void exit(Task t, Call c, Decoder decoder) {
        if (!c.ok()) return;
        switch (c.syscall.handler()) {
            case OPEN -> opened(t, c);
            case CLOSE, SPAWN, EXEC -> {
                // handled at entry / by ptrace events
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
            case CHDIR -> {
                if (c.path != null) t.fs.cwd = c.path;
            }
        }
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
        boolean pathOnly = (flags & O_PATH) != 0;
        String path = c.path != null ? c.path : ProcFs.fdTarget(t.tid, fd);
        if (path == null) return;
        t.fds.put(fd, new Entry(path, pathOnly ? Kind.PATH_ONLY : Kind.FILE, (flags & O_CLOEXEC) != 0));
        if (pathOnly || (flags & O_DIRECTORY) != 0) return; // neither a read nor a write
        switch ((int) (flags & O_ACCMODE)) {
            case O_RDONLY -> read(t, path);
            case O_WRONLY -> write(t, path);
            default -> {
                if ((flags & O_TRUNC) == 0) read(t, path);
                write(t, path);
            }
        }
    }

    void read(Task t, String path) {
        Execution x = t.proc.execution;
        if (x != null && x.read(path)) events.emit(new Event.Access(events.now(), x.id, path, false));
    }

    void write(Task t, String path) {
        Execution x = t.proc.execution;
        if (x != null && x.write(path)) events.emit(new Event.Access(events.now(), x.id, path, true));
    }
}
