package tot.syscalls;

import static tot.syscalls.Arg.*;
import static tot.syscalls.Handler.*;
import static tot.syscalls.SyscallClass.*;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToIntFunction;
import tot.syscalls.Syscall.ArgFilter;

/**
 * The one syscall table: every syscall tot knows, once, with its classes, argument roles, whether
 * its result is needed and its handler. The seccomp filter, the tracer's dispatch and the
 * `--trace` classes read it. Numbers are per architecture: another architecture is another
 * number column in {@link Row} and another {@link Arch}.
 */
public final class SyscallTable {
    private SyscallTable() {}

    private static final int F_DUPFD = 0, F_SETFD = 2, F_DUPFD_CLOEXEC = 1030, FIONCLEX = 0x5450, FIOCLEX = 0x5451;
    public static final int PTRACE_ATTACH = 16, PTRACE_SEIZE = 0x4206;

    /** The number of a syscall an architecture does not have. */
    private static final int NO = -1;

    /**
     * A table row: the syscall, its number on each architecture ({@link #NO}: absent there), and
     * whether a plain `tot log` traps it.
     */
    private record Row(int x86_64, int i386, Syscall syscall, boolean byDefault) {}

    private static Row row(int x86_64, int i386, String name, Set<SyscallClass> classes, List<Arg> args,
                           boolean needsExit, Handler handler, ArgFilter onlyIf) {
        return new Row(x86_64, i386, new Syscall(name, classes, args, needsExit, handler, onlyIf, Syscall.Result.NUMBER), handler != NONE);
    }

    /**
     * A syscall with a handler that is trapped only when syscall events are reported (-o,
     * --trace): close. Without it deps.json and tot.db lose nothing (the fd table is checked
     * against /proc at each exec instead), and a close is a stop per call (a quarter of the stops
     * of a typical process); events name each fd's file, so then the table must be exact.
     */
    private static Row withEvents(int x86_64, int i386, String name, Set<SyscallClass> classes, List<Arg> args,
                                  Handler handler) {
        return new Row(x86_64, i386, new Syscall(name, classes, args, false, handler, null, Syscall.Result.NUMBER), false);
    }

    private static Row row(int x86_64, int i386, String name, Set<SyscallClass> classes, List<Arg> args,
                           boolean needsExit, Handler handler) {
        return row(x86_64, i386, name, classes, args, needsExit, handler, null);
    }

    /** A syscall tot only reports (`--trace`): no handler. */
    private static Row ev(int x86_64, int i386, String name, Set<SyscallClass> classes, boolean needsExit, Arg... args) {
        return row(x86_64, i386, name, classes, List.of(args), needsExit, NONE, null);
    }

    /** {@code row}, whose call returns {@code r} ({@link Syscall.Result}): an address, a mode. */
    private static Row returning(Syscall.Result r, Row row) {
        return new Row(row.x86_64(), row.i386(), row.syscall().returning(r), row.byDefault());
    }

    private static final Set<SyscallClass> NONE_OF = EnumSet.noneOf(SyscallClass.class);

    private static final Set<SyscallClass> FILE_DESC = EnumSet.of(FILE, DESC);

    private static final List<Row> ROWS = List.of(
        ev(0, 3, "read", EnumSet.of(DESC), true, FD, PTR, SIZE),
        ev(1, 4, "write", EnumSet.of(DESC), true, FD, PTR, SIZE),
        row(2, 5, "open", FILE_DESC, List.of(PATH, OPEN_FLAGS, MODE), true, OPEN),
        withEvents(3, 6, "close", EnumSet.of(DESC), List.of(FD), CLOSE),
        ev(4, 106, "stat", EnumSet.of(FILE, STAT, STAT_LIKE), true, PATH, PTR),
        ev(5, 108, "fstat", EnumSet.of(DESC, FSTAT, STAT_LIKE), true, FD, PTR),
        ev(6, 107, "lstat", EnumSet.of(FILE, LSTAT, STAT_LIKE), true, PATH, PTR),
        ev(7, 168, "poll", EnumSet.of(DESC), true, PTR, INT, INT),
        ev(8, 19, "lseek", EnumSet.of(DESC), true, FD, INT, WHENCE),
        returning(Syscall.Result.ADDRESS, ev(9, NO, "mmap", EnumSet.of(DESC, MEMORY), true, PTR, SIZE, PROT, MMAP_FLAGS, FD, HEX)),
        ev(10, 125, "mprotect", EnumSet.of(MEMORY), true, PTR, SIZE, PROT),
        ev(11, 91, "munmap", EnumSet.of(MEMORY), true, PTR, SIZE),
        returning(Syscall.Result.ADDRESS, ev(12, 45, "brk", EnumSet.of(MEMORY), true, PTR)),
        ev(13, 174, "rt_sigaction", EnumSet.of(SIGNAL), true, SIGNAL_NUMBER, PTR, PTR, SIZE),
        ev(14, 175, "rt_sigprocmask", EnumSet.of(SIGNAL), true, SIGMASK_HOW, PTR, PTR, SIZE),
        ev(15, 173, "rt_sigreturn", EnumSet.of(SIGNAL), true),
        row(16, 54, "ioctl", EnumSet.of(DESC), List.of(FD, IOCTL_REQUEST, IOCTL_ARG), true, FCNTL,
                new ArgFilter(1, FIONCLEX, FIOCLEX)), // close-on-exec, as fcntl's F_SETFD
        ev(17, 180, "pread64", EnumSet.of(DESC), true, FD, PTR, SIZE, INT),
        ev(18, 181, "pwrite64", EnumSet.of(DESC), true, FD, PTR, SIZE, INT),
        ev(19, 145, "readv", EnumSet.of(DESC), true, FD, PTR, INT),
        ev(20, 146, "writev", EnumSet.of(DESC), true, FD, PTR, INT),
        ev(21, 33, "access", EnumSet.of(FILE), true, PATH, ACCESS_MODE),
        row(22, 42, "pipe", EnumSet.of(DESC), List.of(FD_PAIR_OUT), true, PIPE),
        ev(23, NO, "select", EnumSet.of(DESC), true, INT, PTR, PTR, PTR, PTR),
        ev(24, 158, "sched_yield", NONE_OF, true),
        returning(Syscall.Result.ADDRESS, ev(25, 163, "mremap", EnumSet.of(MEMORY), true, PTR, SIZE, SIZE, MREMAP_FLAGS, PTR)),
        ev(26, 144, "msync", EnumSet.of(MEMORY), true, PTR, SIZE, MSYNC_FLAGS),
        ev(27, 218, "mincore", EnumSet.of(MEMORY), true, INT, INT, INT),
        ev(28, 219, "madvise", EnumSet.of(MEMORY), true, PTR, SIZE, MADVICE),
        ev(29, 395, "shmget", EnumSet.of(IPC), true, INT, SIZE, INT),
        returning(Syscall.Result.ADDRESS, ev(30, 397, "shmat", EnumSet.of(IPC, MEMORY), true, INT, PTR, INT)),
        ev(31, 396, "shmctl", EnumSet.of(IPC), true, INT, INT, PTR),
        row(32, 41, "dup", EnumSet.of(DESC), List.of(FD), true, DUP),
        row(33, 63, "dup2", EnumSet.of(DESC), List.of(FD, FD), true, DUP),
        ev(34, 29, "pause", EnumSet.of(SIGNAL), true),
        ev(35, 162, "nanosleep", NONE_OF, true, PTR, PTR),
        ev(36, 105, "getitimer", NONE_OF, true, INT, INT),
        ev(37, 27, "alarm", NONE_OF, true, INT),
        ev(38, 104, "setitimer", NONE_OF, true, INT, INT, INT),
        ev(39, 20, "getpid", EnumSet.of(PURE), true),
        ev(40, 187, "sendfile", EnumSet.of(DESC, NETWORK), true, FD, FD, PTR, SIZE),
        ev(41, 359, "socket", EnumSet.of(NETWORK), true, ADDRESS_FAMILY, SOCKET_TYPE, PROTOCOL),
        ev(42, 362, "connect", EnumSet.of(NETWORK), true, FD, PTR, INT),
        ev(43, NO, "accept", EnumSet.of(NETWORK), true, FD, PTR, PTR),
        ev(44, 369, "sendto", EnumSet.of(NETWORK), true, FD, PTR, SIZE, INT, PTR, INT),
        ev(45, 371, "recvfrom", EnumSet.of(NETWORK), true, FD, PTR, SIZE, INT, PTR, PTR),
        ev(46, 370, "sendmsg", EnumSet.of(NETWORK), true, FD, PTR, INT),
        ev(47, 372, "recvmsg", EnumSet.of(NETWORK), true, FD, PTR, INT),
        ev(48, 373, "shutdown", EnumSet.of(NETWORK), true, FD, INT),
        ev(49, 361, "bind", EnumSet.of(NETWORK), true, FD, PTR, INT),
        ev(50, 363, "listen", EnumSet.of(NETWORK), true, FD, INT),
        ev(51, 367, "getsockname", EnumSet.of(NETWORK), true, FD, PTR, PTR),
        ev(52, 368, "getpeername", EnumSet.of(NETWORK), true, FD, PTR, PTR),
        ev(53, 360, "socketpair", EnumSet.of(NETWORK), true, ADDRESS_FAMILY, SOCKET_TYPE, PROTOCOL, PTR),
        ev(54, 366, "setsockopt", EnumSet.of(NETWORK), true, FD, SOCKOPT_LEVEL, SOCKOPT_NAME, PTR, INT),
        ev(55, 365, "getsockopt", EnumSet.of(NETWORK), true, FD, SOCKOPT_LEVEL, SOCKOPT_NAME, PTR, PTR),
        row(56, 120, "clone", EnumSet.of(PROCESS), List.of(CLONE_FLAGS, PTR, PTR, PTR, PTR), false, SPAWN),
        row(57, 2, "fork", EnumSet.of(PROCESS), List.of(), false, SPAWN),
        row(58, 190, "vfork", EnumSet.of(PROCESS), List.of(), false, SPAWN),
        row(59, 11, "execve", EnumSet.of(FILE, PROCESS), List.of(PATH, ARGV, ENVP), true, EXEC),
        ev(60, 1, "exit", EnumSet.of(PROCESS), false, INT),
        ev(61, 114, "wait4", EnumSet.of(PROCESS), true, INT, PTR, WAIT_OPTIONS, PTR),
        ev(62, 37, "kill", EnumSet.of(SIGNAL, PROCESS), true, PID, SIGNAL_NUMBER),
        ev(63, 122, "uname", NONE_OF, true, PTR),
        ev(64, 393, "semget", EnumSet.of(IPC), true, INT, INT, INT),
        ev(65, NO, "semop", EnumSet.of(IPC), true, INT, PTR, SIZE),
        ev(66, 394, "semctl", EnumSet.of(IPC), true, INT, INT, INT, INT),
        ev(67, 398, "shmdt", EnumSet.of(IPC, MEMORY), true, PTR),
        ev(68, 399, "msgget", EnumSet.of(IPC), true, INT, INT),
        ev(69, 400, "msgsnd", EnumSet.of(IPC), true, INT, PTR, SIZE, INT),
        ev(70, 401, "msgrcv", EnumSet.of(IPC), true, INT, PTR, SIZE, INT, INT),
        ev(71, 402, "msgctl", EnumSet.of(IPC), true, INT, INT, PTR),
        row(72, 55, "fcntl", EnumSet.of(DESC), List.of(FD, FCNTL_CMD, OWNER), true, FCNTL,
                new ArgFilter(1, F_DUPFD, F_DUPFD_CLOEXEC, F_SETFD)),
        ev(73, 143, "flock", EnumSet.of(DESC), true, FD, FLOCK_OP),
        ev(74, 118, "fsync", EnumSet.of(DESC), true, FD),
        ev(75, 148, "fdatasync", EnumSet.of(DESC), true, FD),
        row(76, 92, "truncate", EnumSet.of(FILE), List.of(PATH, SIZE), true, TRUNCATE),
        row(77, 93, "ftruncate", EnumSet.of(DESC), List.of(FD, SIZE), true, TRUNCATE),
        ev(78, 141, "getdents", EnumSet.of(DESC), true, FD, PTR, SIZE),
        ev(79, 183, "getcwd", EnumSet.of(FILE), true, PTR, SIZE),
        row(80, 12, "chdir", EnumSet.of(FILE), List.of(PATH), true, CHDIR),
        row(81, 133, "fchdir", EnumSet.of(DESC), List.of(FD), true, CHDIR),
        row(82, 38, "rename", EnumSet.of(FILE), List.of(PATH, PATH), true, RENAME),
        row(83, 39, "mkdir", EnumSet.of(FILE), List.of(PATH, MODE), true, MKDIR),
        row(84, 40, "rmdir", EnumSet.of(FILE), List.of(PATH), true, DELETE),
        row(85, 8, "creat", FILE_DESC, List.of(PATH, MODE), true, OPEN),
        row(86, 9, "link", EnumSet.of(FILE), List.of(PATH, PATH), true, LINK),
        row(87, 10, "unlink", EnumSet.of(FILE), List.of(PATH), true, DELETE),
        row(88, 83, "symlink", EnumSet.of(FILE), List.of(STRING, PATH), true, SYMLINK),
        ev(89, 85, "readlink", EnumSet.of(FILE), true, PATH, PTR, SIZE),
        ev(90, 15, "chmod", EnumSet.of(FILE), true, PATH, MODE),
        ev(91, 94, "fchmod", EnumSet.of(DESC), true, FD, MODE),
        ev(92, 182, "chown", EnumSet.of(FILE), true, PATH, INT, INT),
        ev(93, 95, "fchown", EnumSet.of(DESC), true, FD, INT, INT),
        ev(94, 16, "lchown", EnumSet.of(FILE), true, PATH, INT, INT),
        returning(Syscall.Result.MODE, ev(95, 60, "umask", NONE_OF, true, MODE)),
        ev(96, 78, "gettimeofday", EnumSet.of(CLOCK), true, INT, INT),
        ev(97, 76, "getrlimit", NONE_OF, true, RLIMIT, PTR),
        ev(98, 77, "getrusage", NONE_OF, true, INT, INT),
        ev(99, 116, "sysinfo", NONE_OF, true, INT),
        ev(100, 43, "times", NONE_OF, true, INT),
        row(101, 26, "ptrace", NONE_OF, List.of(INT, PID, PTR, PTR), true, REACH,
                new ArgFilter(0, PTRACE_ATTACH, PTRACE_SEIZE)), // taking a process: a debugger's reads and writes are not trapped
        ev(102, 24, "getuid", EnumSet.of(CREDS, PURE), true),
        ev(103, 103, "syslog", NONE_OF, true, INT, INT, INT),
        ev(104, 47, "getgid", EnumSet.of(CREDS, PURE), true),
        ev(105, 23, "setuid", EnumSet.of(CREDS), true, INT),
        ev(106, 46, "setgid", EnumSet.of(CREDS), true, INT),
        ev(107, 49, "geteuid", EnumSet.of(CREDS, PURE), true),
        ev(108, 50, "getegid", EnumSet.of(CREDS, PURE), true),
        ev(109, 57, "setpgid", NONE_OF, true, INT, PGID),
        ev(110, 64, "getppid", EnumSet.of(PURE), true),
        ev(111, 65, "getpgrp", EnumSet.of(PURE), true),
        ev(112, 66, "setsid", NONE_OF, true),
        ev(113, 70, "setreuid", EnumSet.of(CREDS), true, INT, INT),
        ev(114, 71, "setregid", EnumSet.of(CREDS), true, INT, INT),
        ev(115, 80, "getgroups", EnumSet.of(CREDS), true, INT, INT),
        ev(116, 81, "setgroups", EnumSet.of(CREDS), true, INT, INT),
        ev(117, 164, "setresuid", EnumSet.of(CREDS), true, INT, INT, INT),
        ev(118, 165, "getresuid", EnumSet.of(CREDS), true, INT, INT, INT),
        ev(119, 170, "setresgid", EnumSet.of(CREDS), true, INT, INT, INT),
        ev(120, 171, "getresgid", EnumSet.of(CREDS), true, INT, INT, INT),
        ev(121, 132, "getpgid", NONE_OF, true, INT),
        ev(122, 138, "setfsuid", EnumSet.of(CREDS), true, INT),
        ev(123, 139, "setfsgid", EnumSet.of(CREDS), true, INT),
        ev(124, 147, "getsid", NONE_OF, true, INT),
        ev(125, 184, "capget", EnumSet.of(CREDS), true, INT, INT),
        ev(126, 185, "capset", EnumSet.of(CREDS), true, INT, INT),
        ev(127, 176, "rt_sigpending", EnumSet.of(SIGNAL), true, INT, INT),
        ev(128, 177, "rt_sigtimedwait", EnumSet.of(SIGNAL), true, INT, INT, INT, INT),
        ev(129, 178, "rt_sigqueueinfo", EnumSet.of(SIGNAL, PROCESS), true, PID, SIGNAL_NUMBER, PTR),
        ev(130, 179, "rt_sigsuspend", EnumSet.of(SIGNAL), true, INT, INT),
        ev(131, 186, "sigaltstack", EnumSet.of(SIGNAL), true, INT, INT),
        ev(132, 30, "utime", EnumSet.of(FILE), true, PATH, PTR),
        row(133, 14, "mknod", EnumSet.of(FILE), List.of(PATH, MODE, INT), true, MKNOD),
        ev(134, 86, "uselib", EnumSet.of(FILE), true, PATH),
        ev(135, 136, "personality", NONE_OF, true, INT),
        ev(136, 62, "ustat", EnumSet.of(STATFS_LIKE), true, INT, INT),
        ev(137, 99, "statfs", EnumSet.of(FILE, STATFS, STATFS_LIKE), true, PATH, PTR),
        ev(138, 100, "fstatfs", EnumSet.of(DESC, FSTATFS, STATFS_LIKE), true, FD, PTR),
        ev(139, 135, "sysfs", NONE_OF, true, INT, INT, INT),
        ev(140, 96, "getpriority", NONE_OF, true, INT, INT),
        ev(141, 97, "setpriority", NONE_OF, true, PRIO_WHICH, PID, INT), // who: a process, a group or a user, by which
        ev(142, 154, "sched_setparam", NONE_OF, true, PID, PTR),
        ev(143, 155, "sched_getparam", NONE_OF, true, INT, INT),
        ev(144, 156, "sched_setscheduler", NONE_OF, true, PID, INT, PTR),
        ev(145, 157, "sched_getscheduler", NONE_OF, true, INT),
        ev(146, 159, "sched_get_priority_max", NONE_OF, true, INT),
        ev(147, 160, "sched_get_priority_min", NONE_OF, true, INT),
        ev(148, 161, "sched_rr_get_interval", NONE_OF, true, INT, INT),
        ev(149, 150, "mlock", EnumSet.of(MEMORY), true, INT, INT),
        ev(150, 151, "munlock", EnumSet.of(MEMORY), true, INT, INT),
        ev(151, 152, "mlockall", EnumSet.of(MEMORY), true, INT),
        ev(152, 153, "munlockall", EnumSet.of(MEMORY), true),
        ev(153, 111, "vhangup", NONE_OF, true),
        ev(154, 123, "modify_ldt", NONE_OF, true, INT, INT, INT),
        ev(155, 217, "pivot_root", EnumSet.of(FILE), true, PATH, PATH),
        ev(156, 149, "_sysctl", NONE_OF, true, INT),
        ev(157, 172, "prctl", EnumSet.of(CREDS), true, PRCTL_OPTION, PRCTL_ARG, PRCTL_ARG, PRCTL_ARG, PRCTL_ARG),
        ev(158, 384, "arch_prctl", NONE_OF, true, ARCH_CODE, ARCH_ARG),
        ev(159, 124, "adjtimex", EnumSet.of(CLOCK), true, INT),
        ev(160, 75, "setrlimit", NONE_OF, true, RLIMIT, PTR),
        row(161, 61, "chroot", EnumSet.of(FILE), List.of(PATH), true, CHROOT),
        ev(162, 36, "sync", NONE_OF, true),
        ev(163, 51, "acct", EnumSet.of(FILE), true, PATH),
        ev(164, 79, "settimeofday", EnumSet.of(CLOCK), true, INT, INT),
        ev(165, 21, "mount", EnumSet.of(FILE), true, STRING, PATH, STRING, INT, PTR),
        ev(166, 52, "umount2", EnumSet.of(FILE), true, PATH, INT),
        ev(167, 87, "swapon", EnumSet.of(FILE), true, PATH, INT),
        ev(168, 115, "swapoff", EnumSet.of(FILE), true, PATH),
        ev(169, 88, "reboot", NONE_OF, true, INT, INT, INT, INT),
        ev(170, 74, "sethostname", NONE_OF, true, INT, INT),
        ev(171, 121, "setdomainname", NONE_OF, true, INT, INT),
        ev(172, 110, "iopl", NONE_OF, true, INT),
        ev(173, 101, "ioperm", NONE_OF, true, INT, INT, INT),
        ev(174, 127, "create_module", NONE_OF, true, INT, INT),
        ev(175, 128, "init_module", NONE_OF, true, INT, INT, INT),
        ev(176, 129, "delete_module", NONE_OF, true, INT, INT),
        ev(177, 130, "get_kernel_syms", NONE_OF, true, INT),
        ev(178, 167, "query_module", NONE_OF, true, INT, INT, INT, INT, INT),
        ev(179, 131, "quotactl", EnumSet.of(FILE), true, INT, STRING, INT, PTR),
        ev(180, 169, "nfsservctl", NONE_OF, true, INT, INT, INT),
        ev(181, 188, "getpmsg", EnumSet.of(NETWORK), true, INT, INT, INT, INT, INT),
        ev(182, 189, "putpmsg", EnumSet.of(NETWORK), true, INT, INT, INT, INT, INT),
        ev(183, 137, "afs_syscall", NONE_OF, true, INT, INT, INT, INT, INT),
        ev(184, NO, "tuxcall", NONE_OF, true, INT, INT, INT),
        ev(185, NO, "security", NONE_OF, true, INT, INT, INT),
        ev(186, 224, "gettid", EnumSet.of(PURE), true),
        ev(187, 225, "readahead", EnumSet.of(DESC), true, FD, INT, SIZE),
        ev(188, 226, "setxattr", EnumSet.of(FILE), true, PATH, STRING, PTR, SIZE, INT),
        ev(189, 227, "lsetxattr", EnumSet.of(FILE), true, PATH, STRING, PTR, SIZE, INT),
        ev(190, 228, "fsetxattr", EnumSet.of(DESC), true, FD, STRING, PTR, SIZE, INT),
        ev(191, 229, "getxattr", EnumSet.of(FILE), true, PATH, STRING, PTR, SIZE),
        ev(192, 230, "lgetxattr", EnumSet.of(FILE), true, PATH, STRING, PTR, SIZE),
        ev(193, 231, "fgetxattr", EnumSet.of(DESC), true, FD, STRING, PTR, SIZE),
        ev(194, 232, "listxattr", EnumSet.of(FILE), true, PATH, PTR, SIZE),
        ev(195, 233, "llistxattr", EnumSet.of(FILE), true, PATH, PTR, SIZE),
        ev(196, 234, "flistxattr", EnumSet.of(DESC), true, FD, PTR, SIZE),
        ev(197, 235, "removexattr", EnumSet.of(FILE), true, PATH, STRING),
        ev(198, 236, "lremovexattr", EnumSet.of(FILE), true, PATH, STRING),
        ev(199, 237, "fremovexattr", EnumSet.of(DESC), true, FD, STRING),
        ev(200, 238, "tkill", EnumSet.of(SIGNAL, PROCESS), true, PID, SIGNAL_NUMBER),
        ev(201, 13, "time", EnumSet.of(CLOCK), true, INT),
        ev(202, 240, "futex", NONE_OF, true, PTR, INT, INT, PTR, PTR, INT),
        ev(203, 241, "sched_setaffinity", NONE_OF, true, PID, SIZE, PTR),
        ev(204, 242, "sched_getaffinity", NONE_OF, true, INT, SIZE, PTR),
        ev(205, 243, "set_thread_area", NONE_OF, true, INT),
        ev(206, 245, "io_setup", EnumSet.of(MEMORY), true, INT, INT),
        ev(207, 246, "io_destroy", EnumSet.of(MEMORY), true, INT),
        ev(208, 247, "io_getevents", NONE_OF, true, INT, INT, INT, INT, INT),
        ev(209, 248, "io_submit", NONE_OF, true, INT, INT, INT),
        ev(210, 249, "io_cancel", NONE_OF, true, INT, INT, INT),
        ev(211, 244, "get_thread_area", NONE_OF, true, INT),
        ev(212, 253, "lookup_dcookie", NONE_OF, true, INT, INT, INT),
        ev(213, 254, "epoll_create", EnumSet.of(DESC), true, INT),
        ev(214, NO, "epoll_ctl_old", NONE_OF, true, INT, INT, INT, INT),
        ev(215, NO, "epoll_wait_old", NONE_OF, true, INT, INT, INT, INT),
        ev(216, 257, "remap_file_pages", EnumSet.of(MEMORY), true, INT, INT, INT, INT, INT),
        ev(217, 220, "getdents64", EnumSet.of(DESC), true, FD, PTR, SIZE),
        ev(218, 258, "set_tid_address", NONE_OF, true, PTR),
        ev(219, 0, "restart_syscall", NONE_OF, true),
        ev(220, NO, "semtimedop", EnumSet.of(IPC), true, INT, PTR, SIZE, PTR),
        ev(221, 250, "fadvise64", EnumSet.of(DESC), true, FD, INT, INT, INT),
        ev(222, 259, "timer_create", NONE_OF, true, INT, INT, INT),
        ev(223, 260, "timer_settime", NONE_OF, true, INT, INT, INT, INT),
        ev(224, 261, "timer_gettime", NONE_OF, true, INT, INT),
        ev(225, 262, "timer_getoverrun", NONE_OF, true, INT),
        ev(226, 263, "timer_delete", NONE_OF, true, INT),
        ev(227, 264, "clock_settime", EnumSet.of(CLOCK), true, CLOCK_ID, PTR),
        ev(228, 265, "clock_gettime", EnumSet.of(CLOCK), true, CLOCK_ID, PTR),
        ev(229, 266, "clock_getres", EnumSet.of(CLOCK), true, CLOCK_ID, PTR),
        ev(230, 267, "clock_nanosleep", NONE_OF, true, CLOCK_ID, TIMER_FLAGS, PTR, PTR),
        ev(231, 252, "exit_group", EnumSet.of(PROCESS), false, INT),
        ev(232, 256, "epoll_wait", EnumSet.of(DESC), true, FD, PTR, INT, INT),
        ev(233, 255, "epoll_ctl", EnumSet.of(DESC), true, FD, INT, FD, PTR),
        ev(234, 270, "tgkill", EnumSet.of(SIGNAL, PROCESS), true, PID, PID, SIGNAL_NUMBER),
        ev(235, 271, "utimes", EnumSet.of(FILE), true, PATH, PTR),
        ev(236, 273, "vserver", NONE_OF, true, INT, INT, INT, INT, INT),
        ev(237, 274, "mbind", EnumSet.of(MEMORY), true, INT, INT, INT, INT, INT, INT),
        ev(238, 276, "set_mempolicy", EnumSet.of(MEMORY), true, INT, INT, INT),
        ev(239, 275, "get_mempolicy", EnumSet.of(MEMORY), true, INT, INT, INT, INT, INT),
        ev(240, 277, "mq_open", EnumSet.of(DESC), true, STRING, INT, MODE, PTR),
        ev(241, 278, "mq_unlink", NONE_OF, true, STRING),
        ev(242, 279, "mq_timedsend", EnumSet.of(DESC), true, FD, PTR, SIZE, INT, PTR),
        ev(243, 280, "mq_timedreceive", EnumSet.of(DESC), true, FD, PTR, SIZE, PTR, PTR),
        ev(244, 281, "mq_notify", EnumSet.of(DESC), true, FD, PTR),
        ev(245, 282, "mq_getsetattr", EnumSet.of(DESC), true, FD, PTR, PTR),
        ev(246, 283, "kexec_load", NONE_OF, true, INT, INT, INT, INT),
        ev(247, 284, "waitid", EnumSet.of(PROCESS), true, INT, INT, PTR, WAIT_OPTIONS, PTR),
        ev(248, 286, "add_key", NONE_OF, true, INT, INT, INT, INT, INT),
        ev(249, 287, "request_key", NONE_OF, true, INT, INT, INT, INT),
        ev(250, 288, "keyctl", NONE_OF, true, INT, INT, INT, INT, INT),
        ev(251, 289, "ioprio_set", NONE_OF, true, IOPRIO_WHICH, PID, INT), // who: as setpriority's
        ev(252, 290, "ioprio_get", NONE_OF, true, INT, INT),
        ev(253, 291, "inotify_init", EnumSet.of(DESC), true),
        ev(254, 292, "inotify_add_watch", EnumSet.of(DESC, FILE), true, FD, PATH, INT),
        ev(255, 293, "inotify_rm_watch", EnumSet.of(DESC), true, FD, INT),
        ev(256, 294, "migrate_pages", EnumSet.of(MEMORY), true, PID, INT, PTR, PTR),
        row(257, 295, "openat", FILE_DESC, List.of(DIRFD, PATH, OPEN_FLAGS, MODE), true, OPEN),
        row(258, 296, "mkdirat", FILE_DESC, List.of(DIRFD, PATH, MODE), true, MKDIR),
        row(259, 297, "mknodat", FILE_DESC, List.of(DIRFD, PATH, MODE, INT), true, MKNOD),
        ev(260, 298, "fchownat", EnumSet.of(DESC, FILE), true, DIRFD, PATH, INT, INT, AT_FLAGS),
        ev(261, 299, "futimesat", EnumSet.of(DESC, FILE), true, DIRFD, PATH, PTR),
        ev(262, NO, "newfstatat", EnumSet.of(DESC, FILE, FSTAT, STAT_LIKE), true, DIRFD, PATH, PTR, AT_FLAGS),
        row(263, 301, "unlinkat", FILE_DESC, List.of(DIRFD, PATH, AT_FLAGS), true, DELETE),
        row(264, 302, "renameat", FILE_DESC, List.of(DIRFD, PATH, DIRFD, PATH), true, RENAME),
        row(265, 303, "linkat", FILE_DESC, List.of(DIRFD, PATH, DIRFD, PATH, AT_FLAGS), true, LINK),
        row(266, 304, "symlinkat", FILE_DESC, List.of(STRING, DIRFD, PATH), true, SYMLINK),
        ev(267, 305, "readlinkat", EnumSet.of(DESC, FILE), true, DIRFD, PATH, PTR, SIZE),
        ev(268, 306, "fchmodat", EnumSet.of(DESC, FILE), true, DIRFD, PATH, MODE),
        ev(269, 307, "faccessat", EnumSet.of(DESC, FILE), true, DIRFD, PATH, ACCESS_MODE),
        ev(270, 308, "pselect6", EnumSet.of(DESC), true, INT, PTR, PTR, PTR, PTR, PTR),
        ev(271, 309, "ppoll", EnumSet.of(DESC), true, PTR, INT, PTR, PTR, SIZE),
        row(272, 310, "unshare", NONE_OF, List.of(CLONE_FLAGS), true, UNSHARE),
        ev(273, 311, "set_robust_list", NONE_OF, true, PTR, SIZE),
        ev(274, 312, "get_robust_list", NONE_OF, true, PID, PTR, PTR),
        ev(275, 313, "splice", EnumSet.of(DESC), true, FD, PTR, FD, PTR, SIZE, INT),
        ev(276, 315, "tee", EnumSet.of(DESC), true, FD, FD, SIZE, INT),
        ev(277, 314, "sync_file_range", EnumSet.of(DESC), true, FD, INT, INT, INT),
        ev(278, 316, "vmsplice", EnumSet.of(DESC), true, FD, PTR, INT, INT),
        ev(279, 317, "move_pages", EnumSet.of(MEMORY), true, PID, INT, PTR, PTR, PTR, INT),
        ev(280, 320, "utimensat", EnumSet.of(DESC, FILE), true, DIRFD, PATH, PTR, AT_FLAGS),
        ev(281, 319, "epoll_pwait", EnumSet.of(DESC), true, FD, PTR, INT, INT, PTR, SIZE),
        ev(282, 321, "signalfd", EnumSet.of(DESC, SIGNAL), true, FD, PTR, SIZE),
        ev(283, 322, "timerfd_create", EnumSet.of(DESC), true, CLOCK_ID, TFD_FLAGS),
        ev(284, 323, "eventfd", EnumSet.of(DESC), true, INT),
        ev(285, 324, "fallocate", EnumSet.of(DESC), true, FD, INT, INT, INT),
        ev(286, 325, "timerfd_settime", EnumSet.of(DESC), true, FD, INT, PTR, PTR),
        ev(287, 326, "timerfd_gettime", EnumSet.of(DESC), true, FD, PTR),
        ev(288, 364, "accept4", EnumSet.of(NETWORK), true, FD, PTR, PTR, INT),
        ev(289, 327, "signalfd4", EnumSet.of(DESC, SIGNAL), true, FD, PTR, SIZE, INT),
        ev(290, 328, "eventfd2", EnumSet.of(DESC), true, INT, EFD_FLAGS),
        ev(291, 329, "epoll_create1", EnumSet.of(DESC), true, INT),
        row(292, 330, "dup3", EnumSet.of(DESC), List.of(FD, FD, OPEN_FLAGS), true, DUP),
        row(293, 331, "pipe2", EnumSet.of(DESC), List.of(FD_PAIR_OUT, OPEN_FLAGS), true, PIPE),
        ev(294, 332, "inotify_init1", EnumSet.of(DESC), true, INT),
        ev(295, 333, "preadv", EnumSet.of(DESC), true, FD, PTR, INT, INT),
        ev(296, 334, "pwritev", EnumSet.of(DESC), true, FD, PTR, INT, INT),
        ev(297, 335, "rt_tgsigqueueinfo", EnumSet.of(PROCESS, SIGNAL), true, PID, PID, SIGNAL_NUMBER, PTR),
        ev(298, 336, "perf_event_open", EnumSet.of(DESC), true, PTR, PID, INT, FD, PERF_FLAGS),
        ev(299, 337, "recvmmsg", EnumSet.of(NETWORK), true, FD, PTR, INT, INT, PTR),
        ev(300, 338, "fanotify_init", EnumSet.of(DESC), true, INT, INT),
        ev(301, 339, "fanotify_mark", EnumSet.of(DESC, FILE), true, FD, INT, INT, DIRFD, PATH),
        ev(302, 340, "prlimit64", NONE_OF, true, PID, RLIMIT, PTR, PTR),
        ev(303, 341, "name_to_handle_at", EnumSet.of(DESC, FILE), true, DIRFD, PATH, PTR, PTR, AT_FLAGS),
        row(304, 342, "open_by_handle_at", EnumSet.of(DESC), List.of(FD, FILE_HANDLE, OPEN_FLAGS), true, OPEN), // named by its new fd
        ev(305, 343, "clock_adjtime", EnumSet.of(CLOCK), true, CLOCK_ID, PTR),
        ev(306, 344, "syncfs", EnumSet.of(DESC), true, FD),
        ev(307, 345, "sendmmsg", EnumSet.of(NETWORK), true, FD, PTR, INT, INT),
        ev(308, 346, "setns", EnumSet.of(DESC), true, FD, INT),
        ev(309, 318, "getcpu", NONE_OF, true, INT, INT, INT),
        ev(310, 347, "process_vm_readv", NONE_OF, true, PID, PTR, SIZE, PTR, SIZE, INT),
        row(311, 348, "process_vm_writev", NONE_OF, List.of(PID, PTR, SIZE, PTR, SIZE, INT), true, REACH),
        ev(312, 349, "kcmp", NONE_OF, true, PID, PID, INT, INT, INT),
        ev(313, 350, "finit_module", EnumSet.of(DESC), true, FD, STRING, INT),
        ev(314, 351, "sched_setattr", NONE_OF, true, PID, PTR, INT),
        ev(315, 352, "sched_getattr", NONE_OF, true, INT, INT, INT, INT),
        row(316, 353, "renameat2", FILE_DESC, List.of(DIRFD, PATH, DIRFD, PATH, RENAME_FLAGS), true, RENAME),
        ev(317, 354, "seccomp", NONE_OF, true, INT, SECCOMP_FLAGS, PTR),
        ev(318, 355, "getrandom", NONE_OF, true, PTR, SIZE, GRND_FLAGS),
        row(319, 356, "memfd_create", EnumSet.of(DESC), List.of(STRING, INT), true, NEW_FD),
        ev(320, NO, "kexec_file_load", EnumSet.of(DESC), true, FD, FD, SIZE, STRING, INT),
        ev(321, 357, "bpf", EnumSet.of(DESC), true, BPF_CMD, PTR, SIZE),
        row(322, 358, "execveat", EnumSet.of(FILE, DESC, PROCESS), List.of(DIRFD, PATH, ARGV, ENVP, AT_FLAGS), true, EXEC),
        ev(323, 374, "userfaultfd", EnumSet.of(DESC), true, INT),
        ev(324, 375, "membarrier", NONE_OF, true, INT, INT, INT),
        ev(325, 376, "mlock2", EnumSet.of(MEMORY), true, INT, INT, INT),
        ev(326, 377, "copy_file_range", EnumSet.of(DESC), true, FD, PTR, FD, PTR, SIZE, INT),
        ev(327, 378, "preadv2", EnumSet.of(DESC), true, FD, PTR, INT, INT, INT, INT),
        ev(328, 379, "pwritev2", EnumSet.of(DESC), true, FD, PTR, INT, INT, INT, INT),
        ev(329, 380, "pkey_mprotect", EnumSet.of(MEMORY), true, PTR, SIZE, PROT, INT),
        ev(330, 381, "pkey_alloc", NONE_OF, true, INT, INT),
        ev(331, 382, "pkey_free", NONE_OF, true, INT),
        ev(332, 383, "statx", EnumSet.of(DESC, FILE, FSTAT, STAT_LIKE), true, DIRFD, PATH, AT_FLAGS, INT, PTR),
        ev(333, 385, "io_pgetevents", NONE_OF, true, INT, INT, INT, INT, INT, INT),
        ev(334, 386, "rseq", NONE_OF, true, PTR, INT, INT, INT),
        row(424, 424, "pidfd_send_signal", EnumSet.of(DESC, SIGNAL, PROCESS), List.of(FD, SIGNAL_NUMBER, PTR, INT), true, PIDFD),
        row(425, 425, "io_uring_setup", EnumSet.of(DESC), List.of(INT, PTR), true, IO_URING),
        ev(426, 426, "io_uring_enter", EnumSet.of(DESC, SIGNAL), true, FD, INT, INT, INT, PTR, SIZE),
        ev(427, 427, "io_uring_register", EnumSet.of(DESC, MEMORY), true, FD, INT, PTR, INT),
        ev(428, 428, "open_tree", EnumSet.of(DESC, FILE), true, DIRFD, PATH, INT),
        ev(429, 429, "move_mount", EnumSet.of(DESC, FILE), true, DIRFD, PATH, DIRFD, PATH, INT),
        ev(430, 430, "fsopen", EnumSet.of(DESC), true, STRING, INT),
        ev(431, 431, "fsconfig", EnumSet.of(DESC, FILE), true, FD, INT, STRING, PTR, INT),
        ev(432, 432, "fsmount", EnumSet.of(DESC), true, FD, INT, INT),
        ev(433, 433, "fspick", EnumSet.of(DESC, FILE), true, DIRFD, PATH, INT),
        ev(434, 434, "pidfd_open", EnumSet.of(DESC), true, PID, INT),
        row(435, 435, "clone3", EnumSet.of(PROCESS), List.of(CLONE_ARGS, SIZE), false, SPAWN),
        row(436, 436, "close_range", EnumSet.of(DESC), List.of(FD, FD, CLOSE_RANGE_FLAGS), true, CLOSE_RANGE),
        row(437, 437, "openat2", FILE_DESC, List.of(DIRFD, PATH, OPEN_HOW, SIZE), true, OPEN),
        row(438, 438, "pidfd_getfd", EnumSet.of(DESC), List.of(FD, FD, INT), true, PIDFD),
        ev(439, 439, "faccessat2", EnumSet.of(DESC, FILE), true, DIRFD, PATH, ACCESS_MODE, ACCESS_FLAGS),
        row(440, 440, "process_madvise", EnumSet.of(DESC), List.of(FD, PTR, SIZE, MADVICE, INT), true, PIDFD),
        ev(441, 441, "epoll_pwait2", EnumSet.of(DESC), true, FD, PTR, INT, PTR, PTR, SIZE),
        ev(442, 442, "mount_setattr", EnumSet.of(DESC, FILE), true, DIRFD, PATH, AT_FLAGS, PTR, SIZE),
        ev(443, 443, "quotactl_fd", EnumSet.of(DESC), true, FD, INT, INT, PTR),
        ev(444, 444, "landlock_create_ruleset", EnumSet.of(DESC), true, PTR, SIZE, INT),
        ev(445, 445, "landlock_add_rule", EnumSet.of(DESC), true, FD, INT, PTR, INT),
        ev(446, 446, "landlock_restrict_self", EnumSet.of(DESC), true, FD, INT),
        ev(447, 447, "memfd_secret", EnumSet.of(DESC), true, INT),
        row(448, 448, "process_mrelease", EnumSet.of(DESC), List.of(FD, INT), true, PIDFD),
        ev(449, 449, "futex_waitv", NONE_OF, true, INT, INT, INT, INT, INT),
        ev(450, 450, "set_mempolicy_home_node", EnumSet.of(MEMORY), true, INT, INT, INT, INT),
        ev(451, 451, "cachestat", EnumSet.of(DESC), true, FD, PTR, PTR, INT),
        ev(452, 452, "fchmodat2", EnumSet.of(DESC, FILE), true, DIRFD, PATH, MODE, AT_FLAGS),
        ev(453, 453, "map_shadow_stack", EnumSet.of(MEMORY), true, INT, INT, INT),
        ev(454, 454, "futex_wake", NONE_OF, true, PTR, INT, INT, INT),
        ev(455, 455, "futex_wait", NONE_OF, true, PTR, INT, INT, INT, PTR, INT),
        ev(456, 456, "futex_requeue", NONE_OF, true, PTR, INT, INT, INT),
        ev(457, 457, "statmount", NONE_OF, true, PTR, PTR, SIZE, INT),
        ev(458, 458, "listmount", NONE_OF, true, PTR, PTR, SIZE, INT),
        ev(459, 459, "lsm_get_self_attr", NONE_OF, true, INT, PTR, PTR, INT),
        ev(460, 460, "lsm_set_self_attr", NONE_OF, true, INT, PTR, SIZE, INT),
        ev(461, 461, "lsm_list_modules", NONE_OF, true, PTR, PTR, INT),
        ev(462, 462, "mseal", EnumSet.of(MEMORY), true, PTR, SIZE, INT),
        ev(463, 463, "setxattrat", FILE_DESC, true, DIRFD, PATH, AT_FLAGS, STRING, PTR, SIZE),
        ev(464, 464, "getxattrat", FILE_DESC, true, DIRFD, PATH, AT_FLAGS, STRING, PTR, SIZE),
        ev(465, 465, "listxattrat", FILE_DESC, true, DIRFD, PATH, AT_FLAGS, PTR, SIZE),
        ev(466, 466, "removexattrat", FILE_DESC, true, DIRFD, PATH, AT_FLAGS, STRING),
        ev(467, 467, "open_tree_attr", FILE_DESC, true, DIRFD, PATH, INT, PTR, SIZE),
        ev(468, 468, "file_getattr", FILE_DESC, true, DIRFD, PATH, PTR, SIZE, AT_FLAGS),
        ev(469, 469, "file_setattr", FILE_DESC, true, DIRFD, PATH, PTR, SIZE, AT_FLAGS),
        ev(470, 470, "listns", NONE_OF, true, PTR, PTR, SIZE, INT),

        // i386 only (older calls, 32-bit variants, multiplexers)
        ev(NO, 7, "waitpid", EnumSet.of(PROCESS), true, INT, PTR, WAIT_OPTIONS),
        ev(NO, 17, "break", EnumSet.of(MEMORY), true),
        ev(NO, 18, "oldstat", EnumSet.of(FILE, STAT, STAT_LIKE), true, PATH, PTR),
        ev(NO, 22, "umount", EnumSet.of(FILE), true, PATH),
        ev(NO, 25, "stime", NONE_OF, true, PTR),
        ev(NO, 28, "oldfstat", EnumSet.of(DESC, FSTAT, STAT_LIKE), true, FD, PTR),
        ev(NO, 31, "stty", NONE_OF, true, INT, INT),
        ev(NO, 32, "gtty", NONE_OF, true, INT, INT),
        ev(NO, 34, "nice", NONE_OF, true, INT),
        ev(NO, 35, "ftime", NONE_OF, true, PTR),
        ev(NO, 44, "prof", NONE_OF, true),
        ev(NO, 48, "signal", EnumSet.of(SIGNAL), true, SIGNAL_NUMBER, PTR),
        ev(NO, 53, "lock", NONE_OF, true),
        ev(NO, 56, "mpx", NONE_OF, true),
        ev(NO, 58, "ulimit", NONE_OF, true, INT, INT),
        ev(NO, 59, "oldolduname", NONE_OF, true, PTR),
        ev(NO, 67, "sigaction", EnumSet.of(SIGNAL), true, SIGNAL_NUMBER, PTR, PTR),
        ev(NO, 68, "sgetmask", EnumSet.of(SIGNAL), true),
        ev(NO, 69, "ssetmask", EnumSet.of(SIGNAL), true, INT),
        ev(NO, 72, "sigsuspend", EnumSet.of(SIGNAL), true, INT, INT, INT),
        ev(NO, 73, "sigpending", EnumSet.of(SIGNAL), true, PTR),
        ev(NO, 82, "old_select", EnumSet.of(DESC), true, PTR),
        ev(NO, 84, "oldlstat", EnumSet.of(FILE, LSTAT, STAT_LIKE), true, PATH, PTR),
        ev(NO, 89, "readdir", EnumSet.of(DESC), true, FD, PTR, INT),
        returning(Syscall.Result.ADDRESS, ev(NO, 90, "old_mmap", EnumSet.of(DESC, MEMORY), true, PTR)),
        ev(NO, 98, "profil", NONE_OF, true, PTR, SIZE, INT, INT),
        ev(NO, 102, "socketcall", EnumSet.of(DESC, NETWORK), true, INT, ARG_BLOCK),
        ev(NO, 109, "olduname", NONE_OF, true, PTR),
        ev(NO, 112, "idle", NONE_OF, true),
        ev(NO, 113, "vm86old", NONE_OF, true, PTR),
        ev(NO, 117, "ipc", EnumSet.of(IPC), true, INT, INT, INT, INT, ARG_BLOCK, INT),
        ev(NO, 119, "sigreturn", EnumSet.of(SIGNAL), true),
        ev(NO, 126, "sigprocmask", EnumSet.of(SIGNAL), true, SIGMASK_HOW, PTR, PTR),
        ev(NO, 134, "bdflush", NONE_OF, true, INT, INT),
        ev(NO, 140, "_llseek", EnumSet.of(DESC), true, FD, INT, INT, PTR, INT),
        ev(NO, 142, "_newselect", EnumSet.of(DESC), true, INT, PTR, PTR, PTR, PTR),
        ev(NO, 166, "vm86", NONE_OF, true, INT, PTR),
        ev(NO, 191, "ugetrlimit", NONE_OF, true, RLIMIT, PTR),
        returning(Syscall.Result.ADDRESS, ev(NO, 192, "mmap2", EnumSet.of(DESC, MEMORY), true, PTR, SIZE, PROT, MMAP_FLAGS, FD, INT)),
        row(NO, 193, "truncate64", EnumSet.of(FILE), List.of(PATH, SIZE, SIZE), true, TRUNCATE),
        row(NO, 194, "ftruncate64", EnumSet.of(DESC), List.of(FD, SIZE, SIZE), true, TRUNCATE),
        ev(NO, 195, "stat64", EnumSet.of(FILE, STAT, STAT_LIKE), true, PATH, PTR),
        ev(NO, 196, "lstat64", EnumSet.of(FILE, LSTAT, STAT_LIKE), true, PATH, PTR),
        ev(NO, 197, "fstat64", EnumSet.of(DESC, FSTAT, STAT_LIKE), true, FD, PTR),
        ev(NO, 198, "lchown32", EnumSet.of(FILE), true, PATH, INT, INT),
        ev(NO, 199, "getuid32", EnumSet.of(CREDS, PURE), true),
        ev(NO, 200, "getgid32", EnumSet.of(CREDS, PURE), true),
        ev(NO, 201, "geteuid32", EnumSet.of(CREDS, PURE), true),
        ev(NO, 202, "getegid32", EnumSet.of(CREDS, PURE), true),
        ev(NO, 203, "setreuid32", EnumSet.of(CREDS), true, INT, INT),
        ev(NO, 204, "setregid32", EnumSet.of(CREDS), true, INT, INT),
        ev(NO, 205, "getgroups32", EnumSet.of(CREDS), true, INT, PTR),
        ev(NO, 206, "setgroups32", EnumSet.of(CREDS), true, INT, PTR),
        ev(NO, 207, "fchown32", EnumSet.of(DESC), true, FD, INT, INT),
        ev(NO, 208, "setresuid32", EnumSet.of(CREDS), true, INT, INT, INT),
        ev(NO, 209, "getresuid32", EnumSet.of(CREDS), true, PTR, PTR, PTR),
        ev(NO, 210, "setresgid32", EnumSet.of(CREDS), true, INT, INT, INT),
        ev(NO, 211, "getresgid32", EnumSet.of(CREDS), true, PTR, PTR, PTR),
        ev(NO, 212, "chown32", EnumSet.of(FILE), true, PATH, INT, INT),
        ev(NO, 213, "setuid32", EnumSet.of(CREDS), true, INT),
        ev(NO, 214, "setgid32", EnumSet.of(CREDS), true, INT),
        ev(NO, 215, "setfsuid32", EnumSet.of(CREDS), true, INT),
        ev(NO, 216, "setfsgid32", EnumSet.of(CREDS), true, INT),
        row(NO, 221, "fcntl64", EnumSet.of(DESC), List.of(FD, FCNTL_CMD, OWNER), true, FCNTL,
                new ArgFilter(1, F_DUPFD, F_DUPFD_CLOEXEC, F_SETFD)),
        ev(NO, 239, "sendfile64", EnumSet.of(DESC, NETWORK), true, FD, FD, PTR, SIZE),
        ev(NO, 268, "statfs64", EnumSet.of(FILE, STATFS, STATFS_LIKE), true, PATH, SIZE, PTR),
        ev(NO, 269, "fstatfs64", EnumSet.of(DESC, FSTATFS, STATFS_LIKE), true, FD, SIZE, PTR),
        ev(NO, 272, "fadvise64_64", EnumSet.of(DESC), true, FD, INT, INT, INT, INT, INT),
        ev(NO, 300, "fstatat64", EnumSet.of(DESC, FILE, FSTAT, STAT_LIKE), true, DIRFD, PATH, PTR, AT_FLAGS),
        ev(NO, 403, "clock_gettime64", EnumSet.of(CLOCK), true, CLOCK_ID, PTR),
        ev(NO, 404, "clock_settime64", EnumSet.of(CLOCK), true, CLOCK_ID, PTR),
        ev(NO, 405, "clock_adjtime64", EnumSet.of(CLOCK), true, CLOCK_ID, PTR),
        ev(NO, 406, "clock_getres_time64", EnumSet.of(CLOCK), true, CLOCK_ID, PTR),
        ev(NO, 407, "clock_nanosleep_time64", NONE_OF, true, CLOCK_ID, TIMER_FLAGS, PTR, PTR),
        ev(NO, 408, "timer_gettime64", NONE_OF, true, INT, PTR),
        ev(NO, 409, "timer_settime64", NONE_OF, true, INT, INT, PTR, PTR),
        ev(NO, 410, "timerfd_gettime64", EnumSet.of(DESC), true, FD, PTR),
        ev(NO, 411, "timerfd_settime64", EnumSet.of(DESC), true, FD, INT, PTR, PTR),
        ev(NO, 412, "utimensat_time64", FILE_DESC, true, DIRFD, PATH, PTR, AT_FLAGS),
        ev(NO, 413, "pselect6_time64", EnumSet.of(DESC), true, INT, PTR, PTR, PTR, PTR, PTR),
        ev(NO, 414, "ppoll_time64", EnumSet.of(DESC), true, PTR, INT, PTR, PTR, SIZE),
        ev(NO, 416, "io_pgetevents_time64", NONE_OF, true, INT, INT, INT, PTR, PTR, PTR),
        ev(NO, 417, "recvmmsg_time64", EnumSet.of(NETWORK), true, FD, PTR, INT, INT, PTR),
        ev(NO, 418, "mq_timedsend_time64", EnumSet.of(DESC), true, FD, PTR, SIZE, INT, PTR),
        ev(NO, 419, "mq_timedreceive_time64", EnumSet.of(DESC), true, FD, PTR, SIZE, PTR, PTR),
        ev(NO, 420, "semtimedop_time64", EnumSet.of(IPC), true, INT, PTR, SIZE, PTR),
        ev(NO, 421, "rt_sigtimedwait_time64", EnumSet.of(SIGNAL), true, PTR, PTR, PTR, SIZE),
        ev(NO, 422, "futex_time64", NONE_OF, true, PTR, INT, INT, PTR, PTR, INT),
        ev(NO, 423, "sched_rr_get_interval_time64", NONE_OF, true, INT, PTR),

        // reached only through i386's socketcall
        ev(NO, NO, "send", EnumSet.of(NETWORK), true, FD, PTR, SIZE, INT),
        ev(NO, NO, "recv", EnumSet.of(NETWORK), true, FD, PTR, SIZE, INT)
    );

    private static final Map<String, Syscall> BY_NAME = ROWS.stream()
            .collect(java.util.stream.Collectors.toMap(r -> r.syscall().name(), Row::syscall));

    /** The rows of one architecture, indexed by syscall number. */
    public static final class Arch {
        public final String name;
        public final int auditArch;
        /** Bytes of a pointer in this ABI (argv and envp arrays, socketcall's argument block). */
        public final int pointerSize;
        private final Syscall[] byNumber;
        private final Map<Syscall, Integer> numbers = new LinkedHashMap<>();

        private Arch(String name, int auditArch, int pointerSize, ToIntFunction<Row> column) {
            this.name = name;
            this.auditArch = auditArch;
            this.pointerSize = pointerSize;
            byNumber = new Syscall[ROWS.stream().mapToInt(column).max().orElse(0) + 1];
            for (Row r : ROWS) {
                int nr = column.applyAsInt(r);
                if (nr < 0) continue;
                if (byNumber[nr] != null) throw new IllegalStateException(name + " number " + nr + " given twice");
                byNumber[nr] = r.syscall();
                numbers.put(r.syscall(), nr);
            }
        }

        /** The row for syscall number {@code nr}, or null when tot does not know it. */
        public Syscall byNumber(long nr) {
            return nr >= 0 && nr < byNumber.length ? byNumber[(int) nr] : null;
        }

        /** This architecture's number for {@code s}, or -1. */
        public int number(Syscall s) {
            return numbers.getOrDefault(s, -1);
        }

        /** The highest number the table knows here: anything above is a syscall newer than tot. */
        public int highest() {
            return byNumber.length - 1;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    public static final Arch X86_64 = new Arch("x86_64", 0xc000003e, 8, Row::x86_64);
    public static final Arch I386 = new Arch("i386", 0x40000003, 4, Row::i386);

    /** The architectures a traced program may call the kernel with, native first. */
    public static final List<Arch> ARCHES = List.of(X86_64, I386);

    /** The architecture whose audit value PTRACE_GET_SYSCALL_INFO reports, or null. */
    public static Arch byAuditArch(int auditArch) {
        for (Arch a : ARCHES) if (a.auditArch == auditArch) return a;
        return null;
    }

    /**
     * i386's socketcall(call, args): the call it stands for (SYS_SOCKET = 1 … SYS_SENDMMSG = 20
     * of linux/net.h), whose arguments are the words at {@code args}; null for an unknown call.
     */
    public static Syscall socketcall(long call) {
        return call >= 1 && call < SOCKETCALLS.size() ? SOCKETCALLS.get((int) call) : null;
    }

    private static final List<Syscall> SOCKETCALLS = java.util.stream.Stream.of(
            "", "socket", "bind", "connect", "listen", "accept", "getsockname", "getpeername", "socketpair",
            "send", "recv", "sendto", "recvfrom", "shutdown", "setsockopt", "getsockopt", "sendmsg", "recvmsg",
            "accept4", "recvmmsg", "sendmmsg").map(n -> n.isEmpty() ? null : byName(n)).toList();

    /**
     * i386's ipc(call, first, second, third, ptr, fifth): the System V call it stands for (the low
     * 16 bits of call, as linux/ipc.h numbers them), or null.
     */
    public static Syscall ipc(long call) {
        IpcCall c = IPC_CALLS.get((int) (call & 0xffff));
        return c == null ? null : byName(c.name);
    }

    /**
     * The arguments ipc passes on to the call it stands for, in that call's order, as the kernel's
     * compat ipc does: {@code args} are ipc's; msgrcv's old form (version 0 in call's high bits,
     * glibc's on i386) takes msgp and msgtyp from the two words at ptr, {@code block}. Null when
     * the call is unknown or those words are missing.
     */
    public static long[] ipcArguments(long[] args, long[] block) {
        IpcCall c = IPC_CALLS.get((int) (args[0] & 0xffff));
        if (c == null) return null;
        long[] out = new long[6];
        for (int i = 0; i < c.from.length; i++) out[i] = args[c.from[i]];
        if (ipcReadsBlock(args[0])) {
            if (block == null || block.length < 2) return null;
            out[1] = block[0];
            out[3] = (int) block[1]; // a compat long
        }
        return out;
    }

    /** Whether ipc({@code call}, …) is msgrcv's old form, whose ptr points to the words msgp and msgtyp. */
    public static boolean ipcReadsBlock(long call) {
        return (call & 0xffff) == 12 && (call >>> 16 & 0xffff) == 0;
    }

    /** An ipc call: its name, and for each of its arguments the ipc argument it is (1 first, 2 second, 3 third, 4 ptr, 5 fifth). */
    private record IpcCall(String name, int... from) {}

    private static final Map<Integer, IpcCall> IPC_CALLS = Map.ofEntries(
            Map.entry(1, new IpcCall("semop", 1, 4, 2)),
            Map.entry(2, new IpcCall("semget", 1, 2, 3)),
            Map.entry(3, new IpcCall("semctl", 1, 2, 3, 4)),
            Map.entry(4, new IpcCall("semtimedop", 1, 4, 2, 5)),
            Map.entry(11, new IpcCall("msgsnd", 1, 4, 2, 3)),
            Map.entry(12, new IpcCall("msgrcv", 1, 4, 2, 5, 3)),
            Map.entry(13, new IpcCall("msgget", 1, 2)),
            Map.entry(14, new IpcCall("msgctl", 1, 2, 4)),
            Map.entry(21, new IpcCall("shmat", 1, 4, 2)),
            Map.entry(22, new IpcCall("shmdt", 4)),
            Map.entry(23, new IpcCall("shmget", 1, 2, 3)),
            Map.entry(24, new IpcCall("shmctl", 1, 2, 4)));

    /** The syscalls deps.json needs: what `tot log` traps by default (rows with a handler but close). */
    public static List<Syscall> defaultSet() {
        return DEFAULT_SET;
    }

    /** Every row with a handler: what is trapped when --trace selects events. */
    public static List<Syscall> handled() {
        return HANDLED;
    }

    private static final List<Syscall> DEFAULT_SET = ROWS.stream().filter(Row::byDefault).map(Row::syscall).toList();
    private static final List<Syscall> HANDLED = ROWS.stream().map(Row::syscall).filter(s -> s.handler() != NONE).toList();

    /** The row named {@code name} (as strace names it), or null. */
    public static Syscall byName(String name) {
        return BY_NAME.get(name);
    }


    /** Every syscall of the table, in number order. */
    public static List<Syscall> all() {
        return ALL;
    }

    private static final List<Syscall> ALL = ROWS.stream().map(Row::syscall).toList();

    /** The set as strace's `-e trace=` list. */
    public static String names(List<Syscall> set) {
        return String.join(",", set.stream().map(Syscall::name).toList());
    }
}
