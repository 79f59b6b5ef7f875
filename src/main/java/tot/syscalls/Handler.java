package tot.syscalls;

/** What tot does with a syscall: each row of the table names one; the tracer switches on it. */
public enum Handler {
    /** open, openat, openat2, creat: a new fd for a path; an input and/or output. */
    OPEN,
    /** close. */
    CLOSE,
    /** close_range. */
    CLOSE_RANGE,
    /** dup, dup2, dup3. */
    DUP,
    /** fcntl F_DUPFD, F_DUPFD_CLOEXEC, F_SETFD; ioctl FIOCLEX, FIONCLEX (close-on-exec, as F_SETFD). */
    FCNTL,
    /** pipe, pipe2. */
    PIPE,
    /** chdir, fchdir. */
    CHDIR,
    /** chroot: names from then on are resolved in the new root ("/" and ".." stay in it). */
    CHROOT,
    /** fork, vfork, clone, clone3: remembers the flags for the child that follows. */
    SPAWN,
    /**
     * unshare: CLONE_FS (implied by CLONE_NEWNS and CLONE_NEWUSER) gives the caller a working
     * directory and root of its own, CLONE_FILES an fd table of its own.
     */
    UNSHARE,
    /** execve, execveat. */
    EXEC,
    /** rename, renameat, renameat2: the source is gone, the destination is an output. */
    RENAME,
    /** link, linkat: the old name is an input, the new one an output. */
    LINK,
    /** symlink, symlinkat: the link is an output. */
    SYMLINK,
    /** mknod, mknodat: the node made (a regular file, FIFO, socket or device) is an output. */
    MKNOD,
    /** unlink, unlinkat, rmdir: a deletion (turned into an access check with --undelete). */
    DELETE,
    /** mkdir, mkdirat: no access (directories are not inputs or outputs), but the path is then known to be a directory. */
    MKDIR,
    /** truncate, ftruncate: an output. */
    TRUNCATE,
    /** memfd_create: a new fd that is not a file. */
    NEW_FD,
    /**
     * pidfd_send_signal, pidfd_getfd, process_madvise, process_mrelease: act on the process a
     * pidfd (for the signal also a /proc directory fd) names; refused when that is tot or a thread
     * of it (pidfd_open of tot is refused, but a root program can open a pidfd by a pidfs file
     * handle, and pidfd_getfd would copy tot's fds: its eBPF maps, its guard's listener).
     */
    PIDFD,
    /**
     * ptrace(PTRACE_ATTACH/PTRACE_SEIZE), process_vm_writev: take control of another process or
     * write its memory. One outside the trace then acts for the program with nothing recorded: a
     * warning (under --undelete refused, as it could delete for the program).
     */
    REACH,
    /** io_uring_setup: the execution's I/O through the ring is invisible to tot. */
    IO_URING,
    /** Nothing: a syscall tot only reports when `--trace` selects it (not in the default set). */
    NONE,
}
