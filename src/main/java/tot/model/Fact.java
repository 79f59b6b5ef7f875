package tot.model;

import java.util.List;
import java.util.SortedMap;

/**
 * What a front-end saw one task do, in the order it happened: the tracer turns ptrace stops
 * into facts, the strace importer turns log records into them. {@link ProcessModel} applies
 * them; nothing here reads memory or /proc. {@code tid} is the task that did it; {@code errno}
 * is 0 when the call succeeded (a failed access attempt is an event, never part of a record).
 */
public sealed interface Fact {
    long time();

    int tid();

    /** The traced command's first process, before its first exec, in working directory {@code cwd}. */
    record Started(long time, int tid, String cwd) implements Fact {}

    /**
     * A running process tot attached to ({@code tid}: one of its threads): an execution from
     * what /proc shows of it, or the thread joins its process when that is known already. From a
     * strace log of an attach ({@code strace -p}) {@code cwd} is null (the log's directory) and
     * {@code path} empty (unknown).
     */
    record Adopted(long time, int tid, int pid, String cwd, String path, List<String> argv,
                   SortedMap<Integer, String> fds) implements Fact {}

    /** unshare: the task stops sharing what {@code flags} (clone flags) say with the tasks it shared it with. */
    record Unshared(long time, int tid, long flags) implements Fact {}

    /** fork, vfork, clone, clone3: {@code child} shares what {@code cloneFlags} say. */
    record Spawned(long time, int tid, int child, long cloneFlags) implements Fact {}

    /**
     * A successful exec: {@code tid} is the thread group's id after it, {@code formerTid} the
     * thread that called it (a non-leader thread takes the leader's id). {@code path} as given
     * (null: take {@code fallbackPath}, e.g. /proc/PID/exe); {@code env} null when not recorded;
     * {@code openFds}: fd → what /proc/PID/fd lists after the exec (null: unknown, then the
     * close-on-exec fds are dropped from what the model knows); a file the model names otherwise
     * (through a symbolic link) is given by the model's name (see ProcessModel.fdsAnExecKeeps). {@code argvCut}: {@code argv} is
     * known to be incomplete (an eBPF record holds 128 KiB of it), so it must not be replayed.
     */
    record Execed(long time, int tid, int formerTid, String syscall, PathArg path, String fallbackPath,
                  List<String> argv, List<String> env, SortedMap<Integer, String> openFds, boolean argvCut) implements Fact {
        public Execed(long time, int tid, int formerTid, String syscall, PathArg path, String fallbackPath,
                      List<String> argv, List<String> env, SortedMap<Integer, String> openFds) {
            this(time, tid, formerTid, syscall, path, fallbackPath, argv, env, openFds, false);
        }
    }

    /** A failed exec of {@code path} (each PATH entry a shell tries). */
    record ExecFailed(long time, int tid, String syscall, PathArg path, int errno) implements Fact {}

    /** A task ended: exit code {@code status}, or -N when signal N killed it. */
    record Exited(long time, int tid, int status) implements Fact {}

    /** tot stopped tracing a task (attach: it goes on untraced). */
    record Detached(long time, int tid) implements Fact {}

    /**
     * open, openat, openat2, creat, open_by_handle_at: {@code fd} the new descriptor; {@code path}
     * null for a call that names no path (open_by_handle_at); {@code kernelPath} what /proc
     * (or strace -y) names it, used when {@code path} could not be read; {@code directory} whether
     * the file opened is a directory, as the front-end saw it (null: it did not look).
     */
    record Opened(long time, int tid, String syscall, PathArg path, OpenFlags flags, int fd, String kernelPath,
                  Boolean directory, int errno, FileStamp stamp) implements Fact {
        /** {@code stamp}: the regular file opened, as the kernel held it then (null: not seen). */
        public Opened(long time, int tid, String syscall, PathArg path, OpenFlags flags, int fd, String kernelPath,
                      Boolean directory, int errno) {
            this(time, tid, syscall, path, flags, fd, kernelPath, directory, errno, null);
        }
    }

    record Closed(long time, int tid, int fd) implements Fact {}

    /** close_range(first, last, flags): closed, or only marked close-on-exec; {@code unshare}: a private table first. */
    record RangeClosed(long time, int tid, int first, long last, boolean cloexecOnly, boolean unshare) implements Fact {}

    /** dup, dup2, dup3, fcntl F_DUPFD*: {@code newFd} is what {@code oldFd} was. */
    record Duped(long time, int tid, int oldFd, int newFd, boolean cloexec) implements Fact {}

    /** fcntl(fd, F_SETFD). */
    record CloexecSet(long time, int tid, int fd, boolean cloexec) implements Fact {}

    /**
     * pipe, pipe2: named /dev/fptrace/pipe/N in creation order; {@code identity} the kernel's
     * pipe:[inode] when known (strace -y), so that ends met again are named alike.
     */
    record Piped(long time, int tid, int readFd, int writeFd, boolean cloexec, String identity) implements Fact {}

    /** memfd_create and the like: an fd that is not a file. */
    record FdCreated(long time, int tid, int fd, String name, boolean cloexec) implements Fact {}

    /**
     * io_uring_setup: a ring, fd {@code fd} (close-on-exec, as the kernel makes every ring). File
     * I/O through it is not visible to tot: a warning on the execution.
     */
    record RingMade(long time, int tid, int fd) implements Fact {}

    /**
     * A call that took control of process {@code target} or wrote its memory, and succeeded:
     * ptrace(PTRACE_ATTACH/PTRACE_SEIZE), process_vm_writev, a write-open of /proc/PID/mem
     * ({@code call}: how, as a warning shows it). A process outside the trace then acts for the
     * program with nothing recorded: a warning on the execution. {@code target} is -1 when the
     * number cannot be compared with the trace's (the caller numbers processes in a pid
     * namespace of its own).
     */
    record Reached(long time, int tid, String call, int target) implements Fact {}

    /** An fd the model never saw created (inherited): what /proc (or strace -y) says it is. */
    record FdSeen(long time, int tid, int fd, String target, boolean cloexec) implements Fact {}

    /**
     * chdir, fchdir: the new cwd is {@code kernelCwd} when known (/proc's, after `..` through a
     * symlink), else {@code dir} resolved lexically.
     */
    record ChangedDir(long time, int tid, String syscall, PathArg dir, String kernelCwd, int errno) implements Fact {}

    /** chroot: {@code dir} (resolved in the old root) is the task's root from now on, and its fs sharers'. */
    record ChangedRoot(long time, int tid, String syscall, PathArg dir, int errno) implements Fact {}

    /** rename, renameat, renameat2; {@code exchange}: RENAME_EXCHANGE. */
    record Renamed(long time, int tid, String syscall, PathArg from, PathArg to, boolean exchange, int errno) implements Fact {}

    /** link, linkat. */
    record Linked(long time, int tid, String syscall, PathArg from, PathArg to, int errno) implements Fact {}

    /**
     * symlink, symlinkat: {@code link} is made. {@code target}: the text it holds, as given (null:
     * the front-end could not read it, or a log cut it).
     */
    record Symlinked(long time, int tid, String syscall, PathArg link, String target, int errno) implements Fact {}

    /**
     * The front-end was shown task {@code tid}'s working directory as the kernel has it (strace
     * -y's {@code AT_FDCWD</dir>}): after a chdir through a symlink it is not the lexical one.
     */
    record CwdSeen(long time, int tid, String dir) implements Fact {}

    /** mknod, mknodat: {@code path} is made, a node that is no directory (a file, FIFO, socket, device). */
    record MadeNode(long time, int tid, String syscall, PathArg path, int errno) implements Fact {}

    /** mkdir, mkdirat: no access (a directory is neither an input nor an output), but a path known to be a directory. */
    record MadeDirectory(long time, int tid, String syscall, PathArg path, int errno) implements Fact {}

    /** unlink, unlinkat, rmdir (or, with --undelete, the attempt to). */
    record Deleted(long time, int tid, String syscall, PathArg path, int errno) implements Fact {}

    /** truncate, ftruncate ({@code path} then the fd itself). */
    record Truncated(long time, int tid, String syscall, PathArg path, int errno) implements Fact {}

    /** Something the user should know about the task's execution (a warning on it). */
    record Warned(long time, int tid, String message) implements Fact {}

    /**
     * A syscall reported as an event (--trace): its name, the absolute paths it named (null for
     * one that could not be read), its arguments as strace -y shows them, its result or errno,
     * and how long it took (0: unknown).
     */
    record Called(long time, int tid, String name, List<String> paths, List<String> args, long result, int errno,
                  long durationNanos) implements Fact {}
}
