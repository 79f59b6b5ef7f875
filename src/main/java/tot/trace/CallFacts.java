package tot.trace;

import static tot.linux.Linux.*;

import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import tot.model.Fact;
import tot.model.OpenFlags;
import tot.model.PathArg;
import tot.model.ProcessModel;
import tot.model.ProcessPaths;
import tot.syscalls.Arg;
import tot.syscalls.Handler;

/**
 * Turns a traced call into facts for the model, as its table row's handler says. At entry it
 * tells the model what /proc says of fds the model never saw (inherited ones), resolves the
 * paths through the model while the call's view of the cwd is current, and warns the sinks of
 * a file about to change; at exit it applies the call's facts with its result. Both front-ends
 * (ptrace, eBPF) feed their calls through it.
 */
final class CallFacts {
    private final ProcessModel model;
    private final ProcView procs;
    /** The sinks' beforeChange: a file is about to be modified, replaced or removed. */
    private final Consumer<String> changing;
    private final DotDotPaths dotDots = new DotDotPaths();

    CallFacts(ProcessModel model, ProcView procs, Consumer<String> changing) {
        this.model = model;
        this.procs = procs;
        this.changing = changing;
    }

    /** At entry, after the decoder read the arguments: fds the model lacks, paths, open flags. */
    void resolve(Tracee t, DecodedCall c, long now) {
        for (int i = 0; i < c.syscall.args().size(); i++) {
            Arg role = c.syscall.args().get(i);
            int fd = c.intArg(i);
            if ((role == Arg.FD || role == Arg.DIRFD) && fd >= 0) seen(t, fd, now);
            // /dev/fd/N of an fd the model did not see made (received over a socket: SCM_RIGHTS)
            if (role == Arg.PATH && c.string(i) != null) seen(t, ProcessPaths.fdNamed(c.string(i)), now);
        }
        if (c.syscall.indexOf(Arg.PATH) >= 0) resolvePaths(t, c);
        switch (c.syscall.handler()) {
            case OPEN -> c.openFlags = switch (c.syscall.name()) {
                case "creat" -> OpenFlags.CREAT;
                case "openat2" -> OpenFlags.of(c.decoded[2] instanceof OpenHow how ? how.flags() : 0);
                default -> OpenFlags.of(c.args[c.syscall.indexOf(Arg.OPEN_FLAGS)]);
            };
            case CHDIR, TRUNCATE -> {
                if (c.syscall.indexOf(Arg.FD) == 0) c.path = model.resolve(t.tid, PathArg.fd(c.intArg(0)));
            }
            default -> { }
        }
    }

    /** Fd {@code fd} of the task as /proc shows it, when the model lacks it. */
    private void seen(Tracee t, int fd, long now) {
        if (fd < 0 || model.knowsFd(t.tid, fd)) return;
        String target = procs.fdTarget(t.tid, fd);
        if (target != null) model.apply(new Fact.FdSeen(now, t.tid, fd, target, procs.fdCloexec(t.tid, fd)));
    }

    /**
     * The PATH arguments, each against the DIRFD argument before it (else the cwd), into
     * {@code c.path} and {@code c.path2}. AT_EMPTY_PATH applies to the first.
     */
    private void resolvePaths(Tracee t, DecodedCall c) {
        int flagsArg = c.syscall.indexOf(Arg.AT_FLAGS);
        boolean emptyPath = flagsArg >= 0 && (c.args[flagsArg] & AT_EMPTY_PATH) != 0;
        int howArg = c.syscall.indexOf(Arg.OPEN_HOW);
        boolean inRoot = howArg >= 0 && c.decoded[howArg] instanceof OpenHow how && how.inRoot();
        int dirfd = AT_FDCWD;
        int n = 0;
        for (int i = 0; i < c.syscall.args().size(); i++) {
            switch (c.syscall.args().get(i)) {
                case DIRFD -> dirfd = c.intArg(i);
                case PATH -> {
                    String name = c.string(i);
                    String p = model.resolve(t.tid, inRoot ? PathArg.inRoot(dirfd, name) : PathArg.at(dirfd, name, emptyPath && n == 0));
                    if (p != null && !inRoot && DotDotPaths.climbs(name)) {
                        String given = model.unnormalized(t.tid, dirfd, name);
                        if (given != null) p = dotDots.resolve(given, p);
                    }
                    if (n++ == 0) c.path = p;
                    else c.path2 = p;
                    dirfd = AT_FDCWD;
                }
                default -> { }
            }
        }
    }

    /** Where a chdir went as the file system resolves it: its path as given (see {@link ProcessModel#asGiven}); fchdir's fd's path. */
    private String chdirTarget(int tid, DecodedCall c) {
        int pathArg = c.syscall.indexOf(Arg.PATH);
        return pathArg < 0 ? c.path : model.asGiven(tid, c.string(pathArg));
    }

    /** At entry, once the call is going to run: what must happen before it does. */
    void entering(Tracee t, DecodedCall c, long now) {
        switch (c.syscall.handler()) {
            case OPEN -> {
                if (c.openFlags.changes() && c.path != null) changing.accept(c.path);
                // whether it will make the file: a new file has nothing to read
                if (c.openFlags.create() && !c.openFlags.exclusive() && (c.openFlags.reads() || c.openFlags.keepsContent())
                        && c.path != null) {
                    Boolean there = procs.exists(c.path);
                    if (there != null) c.created = !there;
                }
            }
            case TRUNCATE, RENAME, DELETE -> {
                if (c.path != null) changing.accept(c.path);
                if (c.path2 != null) changing.accept(c.path2);
            }
            case CLOSE -> model.apply(new Fact.Closed(now, t.tid, c.intArg(0))); // the fd is gone whatever close returns
            case SPAWN -> t.cloneFlags = switch (c.syscall.name()) {
                case "fork" -> SIGCHLD;
                case "vfork" -> CLONE_VM | CLONE_VFORK | SIGCHLD;
                case "clone3" -> c.decoded[0] instanceof Long f ? f : 0;
                default -> c.args[0];
            };
            case EXEC -> t.pendingExec = c;
            case CLOSE_RANGE, DUP, FCNTL, PIPE, CHDIR, CHROOT, LINK, SYMLINK, MKNOD, MKDIR, NEW_FD, IO_URING, PIDFD, UNSHARE,
                 REACH, NONE -> { }
        }
    }

    /**
     * A call that succeeded although tot could not read its arguments (ptrace): the program's
     * memory is closed to tot, not dumpable (PR_SET_DUMPABLE 0, as ssh-agent sets it, or a
     * program tot may not read) while tot lacks CAP_SYS_PTRACE, and /proc's fd links too; what it
     * did is lost, which a warning says.
     */
    void unreadable(int tid, DecodedCall c, long now) {
        model.apply(new Fact.Warned(now, tid, c.syscall.name() + ": its arguments could not be read from the program's memory"
                + " (closed to tot: a process that is not dumpable, and tot is not root): what it did is not recorded"));
    }

    /** At the exit stop: the facts of the finished call (a failed one only when it tried a file access). */
    void exited(Tracee t, DecodedCall c, long now) {
        int tid = t.tid, errno = c.errno;
        String name = c.syscall.name();
        boolean ok = errno == 0;
        Handler h = c.syscall.handler();
        boolean newNames = h == Handler.RENAME || h == Handler.DELETE || h == Handler.SYMLINK || h == Handler.LINK || h == Handler.MKDIR;
        if (ok && newNames) dotDots.forget(); // a directory or link where there was none, or gone
        if (ok && c.unreadable && h != Handler.OPEN) unreadable(tid, c, now);
        switch (h) {
            case OPEN -> {
                int fd = (int) c.result;
                String kernelPath = ok && c.path == null ? procs.openedFile(tid, fd, c) : null;
                if (ok && c.unreadable && c.path == null && kernelPath == null) unreadable(tid, c, now);
                PathArg path = c.syscall.indexOf(Arg.PATH) < 0 ? null : PathArg.resolved(c.path); // null: named by its fd
                model.apply(new Fact.Opened(now, tid, name, path, ok ? effective(tid, c, fd) : c.openFlags, fd, kernelPath,
                        ok ? directory(tid, c, fd) : null, errno, ok ? stamp(tid, c, fd) : null));
                String mem = ok ? OutsideReach.memoryOpened(c) : null; // another process's memory, to write: it may be driven so
                if (mem != null) model.apply(new Fact.Reached(now, tid, mem, OutsideReach.target(c, tid)));
            }
            case EXEC -> { // a successful exec is PTRACE_EVENT_EXEC: this one failed
                t.pendingExec = null;
                model.apply(new Fact.ExecFailed(now, tid, name, PathArg.resolved(c.path), errno));
            }
            case RENAME -> {
                int flagsArg = c.syscall.indexOf(Arg.RENAME_FLAGS);
                boolean exchange = flagsArg >= 0 && (c.args[flagsArg] & RENAME_EXCHANGE) != 0;
                // two names of one file: the kernel leaves both, nothing happened
                if (ok && c.path != null && c.path2 != null && procs.renamedOntoItself(c.path, c.path2)) return;
                model.apply(new Fact.Renamed(now, tid, name, PathArg.resolved(c.path), PathArg.resolved(c.path2), exchange, errno));
            }
            case MKDIR -> model.apply(new Fact.MadeDirectory(now, tid, name, PathArg.resolved(c.path), errno));
            case CHROOT -> model.apply(new Fact.ChangedRoot(now, tid, name, PathArg.resolved(c.path), errno));
            case LINK -> model.apply(new Fact.Linked(now, tid, name, PathArg.resolved(c.path), PathArg.resolved(c.path2), errno));
            case SYMLINK -> model.apply(new Fact.Symlinked(now, tid, name, PathArg.resolved(c.path),
                    c.decoded[c.syscall.indexOf(Arg.STRING)] instanceof String target ? target : null, errno));
            case MKNOD -> model.apply(new Fact.MadeNode(now, tid, name, PathArg.resolved(c.path), errno));
            case DELETE -> model.apply(new Fact.Deleted(now, tid, name, PathArg.resolved(c.path), errno));
            case TRUNCATE -> model.apply(new Fact.Truncated(now, tid, name,
                    c.syscall.indexOf(Arg.FD) == 0 ? PathArg.fd(c.intArg(0)) : PathArg.resolved(c.path), errno));
            case CHDIR -> {
                if (ok) model.apply(new Fact.ChangedDir(now, tid, name, PathArg.resolved(c.path), procs.cwd(tid, chdirTarget(tid, c)), 0));
            }
            case CLOSE_RANGE -> {
                int flags = c.intArg(2);
                if (ok) model.apply(new Fact.RangeClosed(now, tid, c.intArg(0), c.args[1] & 0xffffffffL,
                        (flags & CLOSE_RANGE_CLOEXEC) != 0, (flags & CLOSE_RANGE_UNSHARE) != 0));
            }
            case DUP -> {
                if (ok) model.apply(new Fact.Duped(now, tid, c.intArg(0), (int) c.result,
                        name.equals("dup3") && (c.args[2] & O_CLOEXEC) != 0));
            }
            case FCNTL -> { // every command or request comes here when nothing filters them (attach, --trace)
                int cmd = c.intArg(1);
                if (!ok) return;
                if (name.equals("ioctl")) {
                    if (cmd == FIOCLEX || cmd == FIONCLEX) model.apply(new Fact.CloexecSet(now, tid, c.intArg(0), cmd == FIOCLEX));
                } else if (cmd == F_SETFD) model.apply(new Fact.CloexecSet(now, tid, c.intArg(0), (c.args[2] & FD_CLOEXEC) != 0));
                else if (cmd == F_DUPFD || cmd == F_DUPFD_CLOEXEC) {
                    model.apply(new Fact.Duped(now, tid, c.intArg(0), (int) c.result, cmd == F_DUPFD_CLOEXEC));
                }
            }
            case PIPE -> {
                int[] fds = ok ? c.fdPair : null;
                if (fds != null) model.apply(new Fact.Piped(now, tid, fds[0], fds[1],
                        name.equals("pipe2") && (c.args[1] & O_CLOEXEC) != 0, null));
            }
            case NEW_FD -> {
                String memfd = c.string(0);
                if (ok) model.apply(new Fact.FdCreated(now, tid, (int) c.result, memfd == null ? "" : memfd,
                        (c.intArg(1) & MFD_CLOEXEC) != 0));
            }
            case IO_URING -> {
                if (ok) model.apply(new Fact.RingMade(now, tid, (int) c.result));
            }
            case REACH -> {
                String call = OutsideReach.reach(c);
                if (ok && call != null) model.apply(new Fact.Reached(now, tid, call, OutsideReach.target(c, tid)));
            }
            case UNSHARE -> {
                if (ok) model.apply(new Fact.Unshared(now, tid, c.args[0]));
            }
            case PIDFD -> { // pidfd_getfd: a copy of another process's fd, an io_uring ring perhaps (close-on-exec, as the kernel makes it)
                if (!ok || !name.equals("pidfd_getfd")) return;
                String target = procs.copiedFd(tid, (int) c.result);
                if (target == null) {
                    model.apply(new Fact.Warned(now, tid, "pidfd_getfd: the fd it copied from another process could not be looked at:"
                            + " file I/O through an io_uring ring would not be visible to tot"));
                } else if (!target.isEmpty()) {
                    model.apply(new Fact.FdSeen(now, tid, (int) c.result, target, true));
                }
            }
            case CLOSE, SPAWN, NONE -> { }
        }
    }

    /**
     * The stamp of the file a successful open opened (what its later hash must match), or null:
     * the file at the name will do. In a root of its own (chroot, or openat2's RESOLVE_IN_ROOT)
     * the kernel keeps a symlink's absolute target and `..` in that root, while the recorded name
     * (seen from tot's root) leads, through the same link, out of it: the hasher, which follows
     * the name later, would take another file's content. There the file opened is stamped, and
     * one that cannot be stamped never matches: unhashed, not another file's sha1.
     */
    private tot.model.FileStamp stamp(int tid, DecodedCall c, int fd) {
        int how = c.syscall.indexOf(Arg.OPEN_HOW);
        boolean inRoot = model.rooted(tid) || how >= 0 && c.decoded[how] instanceof OpenHow h && h.inRoot();
        if (c.stamp != null || !inRoot) return c.stamp;
        tot.model.FileStamp now = procs.fdStamp(tid, fd);
        return now != null ? now : UNMATCHED;
    }

    /** A stamp no file has: its content is never taken. */
    private static final tot.model.FileStamp UNMATCHED = new tot.model.FileStamp(-1, -1, -1);

    /**
     * Whether a successful open opened a directory: what the kernel side saw (eBPF), else, for a
     * read of a path the model cannot tell, what /proc shows of the new fd (null: not looked at).
     */
    private Boolean directory(int tid, DecodedCall c, int fd) {
        if (c.directory != null) return c.directory;
        if (!c.openFlags.reads() || c.path == null || model.knowsWhetherDirectory(c.path)) return null;
        return procs.fdIsDirectory(tid, fd);
    }

    /**
     * What a successful open did. One with O_CREAT that made the file read nothing, as with
     * O_EXCL. O_TRUNC empties regular files only (a FIFO's or a device's open ignores it), so a
     * read-only open with it of anything else writes nothing, and a read-write one reads what is
     * there (a write-only one is told apart by nothing but its replay's `>`).
     */
    private OpenFlags effective(int tid, DecodedCall c, int fd) {
        OpenFlags flags = c.openFlags;
        if (flags.neither()) return flags;
        if (Boolean.TRUE.equals(c.created) && flags.create()) flags = flags.withExclusive();
        if (flags.accessMode() == OpenFlags.O_WRONLY || !flags.truncate()) return flags;
        Boolean regular = c.regular != null ? c.regular : procs.fdIsRegular(tid, fd);
        return Boolean.FALSE.equals(regular) ? flags.withoutTruncate() : flags;
    }

    /** The event --trace asked for: a call with the paths it named and its rendered arguments, at {@code now}. */
    static Fact.Called called(Tracee t, DecodedCall c, long now) {
        // null stands for a path that could not be read (a bad pointer), so the second keeps its place
        List<String> paths = c.path2 != null ? Arrays.asList(c.path, c.path2) : c.path != null ? List.of(c.path) : List.of();
        return new Fact.Called(now, t.tid, c.syscall.name(), paths, c.rendered, c.result, c.errno, c.exited ? now - c.entryNanos : 0);
    }
}
