package tot.syscalls;

/** What a syscall argument means: decides how it is read from the tracee and shown. */
public enum Arg {
    /** An integer shown as is. */
    INT,
    /** A file descriptor. */
    FD,
    /**
     * A process or thread the call acts on (signals it, reads or changes it): refused when it
     * names tot itself, so a traced program cannot stop, read or steer its tracer.
     */
    PID,
    /**
     * fcntl's third argument, a process when the command is F_SETOWN (the one its SIGIO, or
     * F_SETSIG's signal, goes to): refused as a {@link #PID} is when it names tot. With
     * F_SETOWN_EX it points to that process ({@link Syscall#ownerInMemory}).
     */
    OWNER,
    /**
     * ioctl's third argument: with FIOSETOWN or SIOCSPGRP it points to the fd's new owner, an
     * int as F_SETOWN's ({@link Syscall#ownerInMemory}); else whatever the request takes.
     */
    IOCTL_ARG,
    /**
     * A process group to join (setpgid's): refused when it is tot's, whose signals would then
     * reach tot. Compared as a kill of the group would name it: {@code -group} is a protected id.
     */
    PGID,
    /**
     * setpriority's {@code which} (PRIO_PROCESS 0, PRIO_PGRP 1, PRIO_USER 2): what the
     * {@link #PID} argument after it is, a process, a process group or a user ({@link Syscall#who}).
     */
    PRIO_WHICH,
    /** ioprio_set's {@code which} (IOPRIO_WHO_PROCESS 1, _PGRP 2, _USER 3): as {@link #PRIO_WHICH}. */
    IOPRIO_WHICH,
    /** A signal number (0: only checks that the target exists). */
    SIGNAL_NUMBER,
    /** A directory fd for the next PATH argument (AT_FDCWD = cwd). */
    DIRFD,
    /** A NUL-terminated path, resolved against cwd or the preceding DIRFD. */
    PATH,
    /** A NUL-terminated string that is not resolved (a symlink's target, a memfd's name). */
    STRING,
    /** open(2) flags. */
    OPEN_FLAGS,
    /** A file mode. */
    MODE,
    /** struct open_how * (openat2): its flags are read. */
    OPEN_HOW,
    /**
     * struct file_handle * (open_by_handle_at): its type and bytes are read at entry, so that the
     * file its new fd names can be checked to be the one the handle names (a thread sharing the
     * fd table can put another file at that number before tot looks).
     */
    FILE_HANDLE,
    /** *at flags (AT_EMPTY_PATH, AT_SYMLINK_NOFOLLOW…). */
    AT_FLAGS,
    /** A NULL-terminated array of strings (argv). */
    ARGV,
    /** A NULL-terminated array of strings (envp). */
    ENVP,
    /** clone(2) flags. */
    CLONE_FLAGS,
    /** struct clone_args * (clone3): its flags are read. */
    CLONE_ARGS,
    /**
     * seccomp(2)'s flags, after its operation: with SECCOMP_SET_MODE_FILTER, NEW_LISTENER is
     * refused ({@link Syscall#asksListener}).
     */
    SECCOMP_FLAGS,
    /** int[2] written by the kernel (pipe): read at exit. */
    FD_PAIR_OUT,
    /**
     * perf_event_open's flags: with PERF_FLAG_PID_CGROUP its {@link #PID} argument is a cgroup
     * directory's fd, and the event watches every process of that cgroup, tot's perhaps (neither
     * a filter nor the tracer can tell whose cgroup an fd is): refused as a PID of -1 is.
     */
    PERF_FLAGS,
    /** fcntl command. */
    FCNTL_CMD,
    /**
     * bpf(2)'s command: the *_GET_FD_BY_ID ones take an object's id in memory (the first word of
     * their attr), and would give the caller an fd of tot's own maps and programs (eBPF engine).
     */
    BPF_CMD,
    /** ioctl request code. */
    IOCTL_REQUEST,
    /** close_range flags. */
    CLOSE_RANGE_FLAGS,
    /** renameat2 flags (RENAME_NOREPLACE, RENAME_EXCHANGE, RENAME_WHITEOUT). */
    RENAME_FLAGS,
    /** rt_sigprocmask's how (SIG_BLOCK…). */
    SIGMASK_HOW,
    /** madvise's advice (MADV_DONTNEED…). */
    MADVICE,
    /** Memory protection flags (PROT_READ|PROT_WRITE; PROT_NONE). */
    PROT,
    /** mmap flags (MAP_PRIVATE|MAP_ANONYMOUS…). */
    MMAP_FLAGS,
    /** lseek's whence (SEEK_SET…). */
    WHENCE,
    /** access(2)'s mode (R_OK|W_OK; F_OK). */
    ACCESS_MODE,
    /** faccessat2's flags (AT_EACCESS, AT_SYMLINK_NOFOLLOW, AT_EMPTY_PATH): 0x200 is AT_EACCESS here. */
    ACCESS_FLAGS,
    /** flock's operation (LOCK_SH|LOCK_NB…). */
    FLOCK_OP,
    /** wait4's and waitid's options (WNOHANG, __WALL…). */
    WAIT_OPTIONS,
    /** A clock (CLOCK_MONOTONIC…). */
    CLOCK_ID,
    /** A resource limit (RLIMIT_NOFILE…). */
    RLIMIT,
    /** A socket's address family (AF_UNIX…). */
    ADDRESS_FAMILY,
    /** A socket's type with its flags (SOCK_STREAM|SOCK_CLOEXEC). */
    SOCKET_TYPE,
    /** A socket's protocol, after its {@link #ADDRESS_FAMILY}: by name for an IP family. */
    PROTOCOL,
    /** getrandom's flags (GRND_NONBLOCK…). */
    GRND_FLAGS,
    /** eventfd2's flags (EFD_CLOEXEC…). */
    EFD_FLAGS,
    /** A number strace shows in hex (mmap's file offset): 0 as {@code 0}. */
    HEX,
    /** mremap's flags (MREMAP_MAYMOVE…). */
    MREMAP_FLAGS,
    /** msync's flags (MS_ASYNC|MS_INVALIDATE…). */
    MSYNC_FLAGS,
    /** clock_nanosleep's flags (TIMER_ABSTIME). */
    TIMER_FLAGS,
    /** timerfd_create's flags (TFD_CLOEXEC|TFD_NONBLOCK). */
    TFD_FLAGS,
    /** arch_prctl's code (ARCH_SET_FS…): decides how the {@link #ARCH_ARG} after it is shown. */
    ARCH_CODE,
    /** arch_prctl's argument: an address to write to (ARCH_GET_FS), a feature (ARCH_REQ_XCOMP_PERM), none (ARCH_GET_CPUID). */
    ARCH_ARG,
    /** setsockopt's and getsockopt's level (SOL_SOCKET, SOL_TCP…). */
    SOCKOPT_LEVEL,
    /** The option, after its {@link #SOCKOPT_LEVEL}: by name for the levels tot knows. */
    SOCKOPT_NAME,
    /** prctl's option (PR_SET_NAME…): decides how many of the {@link #PRCTL_ARG}s after it strace shows, and how. */
    PRCTL_OPTION,
    /** An argument of prctl after its {@link #PRCTL_OPTION}. */
    PRCTL_ARG,
    /** A size or count. */
    SIZE,
    /** A pointer tot does not decode. */
    PTR,
    /**
     * Arguments of the call a multiplexer stands for, one 32-bit word each, in memory: all of them
     * (i386's socketcall), or msgp and msgtyp (ipc's ptr in msgrcv's old form).
     */
    ARG_BLOCK,
}
