package tot.linux;

/** Kernel and libc constants tot uses (x86_64). NativeLayoutTest checks each against the C headers. */
public final class Linux {
    private Linux() {}

    // ptrace requests
    public static final int PTRACE_PEEKDATA = 2;
    public static final int PTRACE_CONT = 7;
    public static final int PTRACE_KILL = 8;
    public static final int PTRACE_GETREGS = 12;
    public static final int PTRACE_SETREGS = 13;
    public static final int PTRACE_DETACH = 17;
    public static final int PTRACE_SYSCALL = 24;
    public static final int PTRACE_SETOPTIONS = 0x4200;
    public static final int PTRACE_GETEVENTMSG = 0x4201;
    public static final int PTRACE_SEIZE = 0x4206;
    public static final int PTRACE_INTERRUPT = 0x4207;
    public static final int PTRACE_LISTEN = 0x4208;
    public static final int PTRACE_GET_SYSCALL_INFO = 0x420e;

    // ptrace options
    public static final int PTRACE_O_TRACESYSGOOD = 0x1;
    public static final int PTRACE_O_TRACEFORK = 0x2;
    public static final int PTRACE_O_TRACEVFORK = 0x4;
    public static final int PTRACE_O_TRACECLONE = 0x8;
    public static final int PTRACE_O_TRACEEXEC = 0x10;
    public static final int PTRACE_O_TRACESECCOMP = 0x80;
    public static final int PTRACE_O_EXITKILL = 0x100000;

    // ptrace events (status >> 16)
    public static final int PTRACE_EVENT_FORK = 1;
    public static final int PTRACE_EVENT_VFORK = 2;
    public static final int PTRACE_EVENT_CLONE = 3;
    public static final int PTRACE_EVENT_EXEC = 4;
    public static final int PTRACE_EVENT_SECCOMP = 7;
    public static final int PTRACE_EVENT_STOP = 128;

    // ptrace_syscall_info.op
    public static final int PTRACE_SYSCALL_INFO_NONE = 0;
    public static final int PTRACE_SYSCALL_INFO_ENTRY = 1;
    public static final int PTRACE_SYSCALL_INFO_EXIT = 2;
    public static final int PTRACE_SYSCALL_INFO_SECCOMP = 3;

    // wait
    public static final int WNOHANG = 1;
    public static final int WUNTRACED = 2;
    public static final int __WNOTHREAD = 0x20000000;
    public static final int __WALL = 0x40000000;

    // signals
    public static final int SIGHUP = 1;
    public static final int SIGINT = 2;
    public static final int SIGQUIT = 3;
    public static final int SIGILL = 4;
    public static final int SIGTRAP = 5;
    public static final int SIGABRT = 6;
    public static final int SIGBUS = 7;
    public static final int SIGFPE = 8;
    public static final int SIGKILL = 9;
    public static final int SIGUSR1 = 10;
    public static final int SIGSEGV = 11;
    public static final int SIGPIPE = 13;
    public static final int SIGALRM = 14;
    public static final int SIGTERM = 15;
    public static final int SIGSTKFLT = 16;
    public static final int SIGCHLD = 17;
    public static final int SIGCONT = 18;
    public static final int SIGSTOP = 19;
    public static final int SIGTSTP = 20;
    public static final int SIGTTIN = 21;
    public static final int SIGTTOU = 22;
    public static final int SIGXCPU = 24;
    public static final int SIGVTALRM = 26;
    public static final int SIGPROF = 27;
    public static final int SIGIO = 29;
    public static final int SIGPWR = 30;
    public static final int SIGSYS = 31;
    public static final int SIG_SETMASK = 2;
    public static final long SIG_DFL = 0;
    public static final long SIG_IGN = 1;

    // syscall numbers tot itself calls
    public static final int SYS_rt_sigaction = 13;
    public static final int SYS_rt_sigprocmask = 14;
    public static final int SYS_wait4 = 61;
    public static final int SYS_waitid = 247;
    public static final int SYS_fcntl = 72;
    public static final int SYS_kill = 62;
    public static final int SYS_getpgid = 121;
    public static final int SYS_ptrace = 101;
    public static final int SYS_prctl = 157;
    public static final int SYS_tgkill = 234;
    public static final int SYS_prlimit64 = 302;
    public static final int SYS_gettid = 186;
    public static final int SYS_process_vm_readv = 310;
    public static final int SYS_process_vm_writev = 311;
    public static final int SYS_seccomp = 317;
    public static final int SYS_getcwd = 79;
    public static final int SYS_readlink = 89;
    public static final int SYS_faccessat = 269;
    public static final int SYS_newfstatat = 262;
    public static final int SYS_statx = 332;
    public static final int SYS_name_to_handle_at = 303;
    public static final int SYS_fstat = 5;
    public static final int SYS_openat = 257;
    public static final int SYS_getdents64 = 217;
    public static final int SYS_readlinkat = 267;
    public static final int SYS_kcmp = 312;
    public static final int SYS_close = 3;
    public static final int SYS_pipe2 = 293;
    public static final int SYS_read = 0;
    public static final int SYS_write = 1;
    // what --undelete turns unlink, rmdir and unlinkat into
    public static final int SYS_access = 21;
    public static final int F_OK = 0;
    public static final int X_OK = 1;
    public static final int S_IFMT = 0170000;
    public static final int S_IFDIR = 0040000;
    public static final int S_IFREG = 0100000;
    public static final int ENAMETOOLONG = 36;

    // prctl, seccomp, BPF
    public static final int PR_SET_NO_NEW_PRIVS = 38;
    public static final int PR_SET_DUMPABLE = 4;
    public static final int SECCOMP_SET_MODE_FILTER = 1;
    public static final int SECCOMP_RET_ALLOW = 0x7fff0000;
    public static final int SECCOMP_RET_TRACE = 0x7ff00000;
    public static final int SECCOMP_RET_USER_NOTIF = 0x7fc00000;
    public static final int SECCOMP_FILTER_FLAG_NEW_LISTENER = 1 << 3;
    public static final int SECCOMP_USER_NOTIF_FLAG_CONTINUE = 1;
    public static final int SECCOMP_IOCTL_NOTIF_RECV = 0xc0502100;
    public static final int SECCOMP_IOCTL_NOTIF_SEND = 0xc0182101;
    public static final int SECCOMP_IOCTL_NOTIF_ID_VALID = 0x40082102;
    public static final int SYS_ioctl = 16;
    public static final int SYS_poll = 7;
    public static final int POLLIN = 0x001;
    public static final int POLLHUP = 0x010;
    public static final int AUDIT_ARCH_X86_64 = 0xc000003e;
    public static final int X32_SYSCALL_BIT = 0x40000000;
    public static final int BPF_LD = 0x00;
    public static final int BPF_W = 0x00;
    public static final int BPF_ABS = 0x20;
    public static final int BPF_JMP = 0x05;
    public static final int BPF_JEQ = 0x10;
    public static final int BPF_JGE = 0x30;
    public static final int BPF_K = 0x00;
    public static final int BPF_RET = 0x06;
    public static final int BPF_MAXINSNS = 4096;

    // the eBPF engine's maps, links and ring buffer (BpfObject)
    public static final int SYS_bpf = 321;
    public static final int SYS_mmap = 9;
    public static final int SYS_munmap = 11;
    public static final int SYS_epoll_create1 = 291;
    public static final int SYS_epoll_ctl = 233;
    public static final int SYS_epoll_wait = 232;
    public static final int BPF_MAP_LOOKUP_ELEM = 1;
    public static final int BPF_MAP_UPDATE_ELEM = 2;
    public static final int BPF_RAW_TRACEPOINT_OPEN = 17;
    public static final int BPF_MAP_UPDATE_BATCH = 26;
    public static final int EPOLL_CLOEXEC = 02000000;
    public static final int EPOLL_CTL_ADD = 1;
    public static final int EPOLLIN = 0x001;
    public static final int PROT_READ = 0x1;
    public static final int PROT_WRITE = 0x2;
    public static final int MAP_SHARED = 0x01;

    // open flags and *at
    public static final int O_ACCMODE = 3;
    public static final int O_RDONLY = 0;
    public static final int O_WRONLY = 1;
    public static final int O_RDWR = 2;
    public static final int O_CREAT = 0100;
    public static final int O_EXCL = 0200;
    public static final int O_TRUNC = 01000;
    public static final int O_APPEND = 02000;
    public static final int O_NONBLOCK = 04000;
    public static final int O_DIRECTORY = 0200000;
    public static final int O_NOFOLLOW = 0400000;
    public static final int O_CLOEXEC = 02000000;
    public static final int O_PATH = 010000000;
    public static final int O_TMPFILE = 020200000;
    public static final int AT_FDCWD = -100;
    public static final int AT_EMPTY_PATH = 0x1000;
    /** The most bytes a file handle has (open_by_handle_at refuses more). */
    public static final int MAX_HANDLE_SZ = 128;
    public static final int AT_SYMLINK_NOFOLLOW = 0x100;
    public static final int AT_STATX_DONT_SYNC = 0x4000;
    public static final int STATX_TYPE = 0x1;
    public static final int AT_REMOVEDIR = 0x200;
    public static final int RENAME_EXCHANGE = 2;
    public static final int MFD_CLOEXEC = 1;

    // fcntl, close_range
    public static final int F_DUPFD = 0;
    public static final int F_GETFD = 1;
    public static final int F_SETFD = 2;
    /** ioctl's requests that clear and set an fd's close-on-exec flag, as fcntl(F_SETFD) does. */
    public static final int FIONCLEX = 0x5450, FIOCLEX = 0x5451;
    public static final int F_DUPFD_CLOEXEC = 1030;
    public static final int FD_CLOEXEC = 1;
    public static final int CLOSE_RANGE_UNSHARE = 2;
    public static final int CLOSE_RANGE_CLOEXEC = 4;
    /** Open file description locks (ByteLocks), struct flock's types and its whence. */
    public static final int F_OFD_GETLK = 36, F_OFD_SETLK = 37;
    public static final int F_RDLCK = 0, F_WRLCK = 1, F_UNLCK = 2;
    public static final int SEEK_SET = 0;

    // clone flags
    public static final long CLONE_VM = 0x100;
    public static final long CLONE_FS = 0x200;
    public static final long CLONE_FILES = 0x400;
    public static final long CLONE_VFORK = 0x4000;
    public static final long CLONE_THREAD = 0x10000;
    public static final long CLONE_UNTRACED = 0x00800000;

    // errno values tot reacts to
    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int ESRCH = 3;
    public static final int EBADF = 9;
    public static final int EINTR = 4;
    public static final int EFAULT = 14;
    public static final int EINVAL = 22;
    public static final int ENOSYS = 38;
    public static final int EIO = 5;
    public static final int ENOTTY = 25;
    public static final int EACCES = 13;
    public static final int ENOEXEC = 8;

    public static final int PAGE_SIZE = 4096;
    /** sizeof(posix_spawn_file_actions_t): glibc's opaque struct, allocated by its user. */
    public static final int POSIX_SPAWN_FILE_ACTIONS_SIZE = 80;
    public static final int POSIX_SPAWNATTR_SIZE = 336;
    public static final int POSIX_SPAWN_SETPGROUP = 0x02;
    public static final int POSIX_SPAWN_SETSIGDEF = 0x04;
    public static final int SIGSET_SIZE = 128;
}
