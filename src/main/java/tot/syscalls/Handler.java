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
    /** fcntl F_DUPFD, F_DUPFD_CLOEXEC, F_SETFD. */
    FCNTL,
    /** pipe, pipe2. */
    PIPE,
    /** chdir, fchdir. */
    CHDIR,
    /** fork, vfork, clone, clone3: remembers the flags for the child that follows. */
    SPAWN,
    /** execve, execveat. */
    EXEC,
}
