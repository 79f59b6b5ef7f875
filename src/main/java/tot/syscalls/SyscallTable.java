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

    private static final int F_DUPFD = 0, F_SETFD = 2, F_DUPFD_CLOEXEC = 1030;

    /**
     * A table row: the syscall, its number on each architecture (-1: absent there), and whether
     * a plain `tot log` traps it.
     */
    private record Row(int x86_64, Syscall syscall, boolean byDefault) {}

    private static Row row(int x86_64, String name, Set<SyscallClass> classes, List<Arg> args,
                           boolean needsExit, Handler handler, ArgFilter onlyIf) {
        return new Row(x86_64, new Syscall(name, classes, args, needsExit, handler, onlyIf), handler != NONE);
    }

    /**
     * A syscall with a handler that is trapped only when syscall events are reported (-o,
     * --trace): close. Without it deps.json and tot.db lose nothing (the fd table is checked
     * against /proc at each exec instead), and a close is a stop per call (a quarter of the stops
     * of a typical process); events name each fd's file, so then the table must be exact.
     */
    private static Row withEvents(int x86_64, String name, Set<SyscallClass> classes, List<Arg> args, Handler handler) {
        return new Row(x86_64, new Syscall(name, classes, args, false, handler, null), false);
    }

    private static Row row(int x86_64, String name, Set<SyscallClass> classes, List<Arg> args,
                           boolean needsExit, Handler handler) {
        return row(x86_64, name, classes, args, needsExit, handler, null);
    }

    /** A syscall tot only reports (`--trace`): no handler. */
    private static Row ev(int x86_64, String name, Set<SyscallClass> classes, boolean needsExit, Arg... args) {
        return row(x86_64, name, classes, List.of(args), needsExit, NONE, null);
    }

    private static final Set<SyscallClass> NONE_OF = EnumSet.noneOf(SyscallClass.class);

    private static final Set<SyscallClass> FILE_DESC = EnumSet.of(FILE, DESC);

    private static final List<Row> ROWS = List.of(
        ev(0, "read", EnumSet.of(DESC), true, FD, PTR, SIZE),
        ev(1, "write", EnumSet.of(DESC), true, FD, PTR, SIZE),
        row(2, "open", FILE_DESC, List.of(PATH, OPEN_FLAGS, MODE), true, OPEN),
        withEvents(3, "close", EnumSet.of(DESC), List.of(FD), CLOSE),
        ev(4, "stat", EnumSet.of(FILE, STAT, STAT_LIKE), true, PATH, PTR),
        ev(5, "fstat", EnumSet.of(DESC, FSTAT, STAT_LIKE), true, FD, PTR),
        ev(6, "lstat", EnumSet.of(FILE, LSTAT, STAT_LIKE), true, PATH, PTR),
        ev(7, "poll", EnumSet.of(DESC), true, PTR, INT, INT),
        ev(8, "lseek", EnumSet.of(DESC), true, FD, INT, INT),
        ev(9, "mmap", EnumSet.of(DESC, MEMORY), true, PTR, SIZE, INT, INT, FD, INT),
        ev(10, "mprotect", EnumSet.of(MEMORY), true, PTR, SIZE, INT),
        ev(11, "munmap", EnumSet.of(MEMORY), true, PTR, SIZE),
        ev(12, "brk", EnumSet.of(MEMORY), true, PTR),
        ev(13, "rt_sigaction", EnumSet.of(SIGNAL), true, INT, PTR, PTR, SIZE),
        ev(14, "rt_sigprocmask", EnumSet.of(SIGNAL), true, INT, PTR, PTR, SIZE),
        ev(15, "rt_sigreturn", EnumSet.of(SIGNAL), true),
        ev(16, "ioctl", EnumSet.of(DESC), true, FD, IOCTL_REQUEST, PTR),
        ev(17, "pread64", EnumSet.of(DESC), true, FD, PTR, SIZE, INT),
        ev(18, "pwrite64", EnumSet.of(DESC), true, FD, PTR, SIZE, INT),
        ev(19, "readv", EnumSet.of(DESC), true, FD, PTR, INT),
        ev(20, "writev", EnumSet.of(DESC), true, FD, PTR, INT),
        ev(21, "access", EnumSet.of(FILE), true, PATH, INT),
        row(22, "pipe", EnumSet.of(DESC), List.of(FD_PAIR_OUT), true, PIPE),
        ev(23, "select", EnumSet.of(DESC), true, INT, PTR, PTR, PTR, PTR),
        ev(24, "sched_yield", NONE_OF, true),
        ev(25, "mremap", EnumSet.of(MEMORY), true, PTR, SIZE, SIZE, INT, PTR),
        ev(26, "msync", EnumSet.of(MEMORY), true, PTR, SIZE, INT),
        ev(27, "mincore", EnumSet.of(MEMORY), true, INT, INT, INT),
        ev(28, "madvise", EnumSet.of(MEMORY), true, PTR, SIZE, INT),
        ev(29, "shmget", EnumSet.of(IPC), true, INT, INT, INT),
        ev(30, "shmat", EnumSet.of(IPC, MEMORY), true, INT, INT, INT),
        ev(31, "shmctl", EnumSet.of(IPC), true, INT, INT, INT),
        row(32, "dup", EnumSet.of(DESC), List.of(FD), true, DUP),
        row(33, "dup2", EnumSet.of(DESC), List.of(FD, FD), true, DUP),
        ev(34, "pause", EnumSet.of(SIGNAL), true),
        ev(35, "nanosleep", NONE_OF, true, PTR, PTR),
        ev(36, "getitimer", NONE_OF, true, INT, INT),
        ev(37, "alarm", NONE_OF, true, INT),
        ev(38, "setitimer", NONE_OF, true, INT, INT, INT),
        ev(39, "getpid", EnumSet.of(PURE), true),
        ev(40, "sendfile", EnumSet.of(DESC, NETWORK), true, FD, FD, PTR, SIZE),
        ev(41, "socket", EnumSet.of(NETWORK), true, INT, INT, INT),
        ev(42, "connect", EnumSet.of(NETWORK), true, FD, PTR, INT),
        ev(43, "accept", EnumSet.of(NETWORK), true, FD, PTR, PTR),
        ev(44, "sendto", EnumSet.of(NETWORK), true, FD, PTR, SIZE, INT, PTR, INT),
        ev(45, "recvfrom", EnumSet.of(NETWORK), true, FD, PTR, SIZE, INT, PTR, PTR),
        ev(46, "sendmsg", EnumSet.of(NETWORK), true, FD, PTR, INT),
        ev(47, "recvmsg", EnumSet.of(NETWORK), true, FD, PTR, INT),
        ev(48, "shutdown", EnumSet.of(NETWORK), true, FD, INT),
        ev(49, "bind", EnumSet.of(NETWORK), true, FD, PTR, INT),
        ev(50, "listen", EnumSet.of(NETWORK), true, FD, INT),
        ev(51, "getsockname", EnumSet.of(NETWORK), true, FD, PTR, PTR),
        ev(52, "getpeername", EnumSet.of(NETWORK), true, FD, PTR, PTR),
        ev(53, "socketpair", EnumSet.of(NETWORK), true, INT, INT, INT, PTR),
        ev(54, "setsockopt", EnumSet.of(NETWORK), true, FD, INT, INT, PTR, INT),
        ev(55, "getsockopt", EnumSet.of(NETWORK), true, FD, INT, INT, PTR, PTR),
        row(56, "clone", EnumSet.of(PROCESS), List.of(CLONE_FLAGS, PTR, PTR, PTR, PTR), false, SPAWN),
        row(57, "fork", EnumSet.of(PROCESS), List.of(), false, SPAWN),
        row(58, "vfork", EnumSet.of(PROCESS), List.of(), false, SPAWN),
        row(59, "execve", EnumSet.of(FILE, PROCESS), List.of(PATH, ARGV, ENVP), true, EXEC),
        ev(60, "exit", EnumSet.of(PROCESS), false, INT),
        ev(61, "wait4", EnumSet.of(PROCESS), true, INT, PTR, INT, PTR),
        ev(62, "kill", EnumSet.of(SIGNAL, PROCESS), true, INT, INT),
        ev(63, "uname", NONE_OF, true, PTR),
        ev(64, "semget", EnumSet.of(IPC), true, INT, INT, INT),
        ev(65, "semop", EnumSet.of(IPC), true, INT, INT, INT),
        ev(66, "semctl", EnumSet.of(IPC), true, INT, INT, INT, INT),
        ev(67, "shmdt", EnumSet.of(IPC, MEMORY), true, INT),
        ev(68, "msgget", EnumSet.of(IPC), true, INT, INT),
        ev(69, "msgsnd", EnumSet.of(IPC), true, INT, INT, INT, INT),
        ev(70, "msgrcv", EnumSet.of(IPC), true, INT, INT, INT, INT, INT),
        ev(71, "msgctl", EnumSet.of(IPC), true, INT, INT, INT),
        row(72, "fcntl", EnumSet.of(DESC), List.of(FD, FCNTL_CMD, INT), true, FCNTL,
                new ArgFilter(1, F_DUPFD, F_DUPFD_CLOEXEC, F_SETFD)),
        ev(73, "flock", EnumSet.of(DESC), true, FD, INT),
        ev(74, "fsync", EnumSet.of(DESC), true, FD),
        ev(75, "fdatasync", EnumSet.of(DESC), true, FD),
        row(76, "truncate", EnumSet.of(FILE), List.of(PATH, SIZE), true, TRUNCATE),
        row(77, "ftruncate", EnumSet.of(DESC), List.of(FD, SIZE), true, TRUNCATE),
        ev(78, "getdents", EnumSet.of(DESC), true, FD, PTR, SIZE),
        ev(79, "getcwd", EnumSet.of(FILE), true, PTR, SIZE),
        row(80, "chdir", EnumSet.of(FILE), List.of(PATH), true, CHDIR),
        row(81, "fchdir", EnumSet.of(DESC), List.of(FD), true, CHDIR),
        row(82, "rename", EnumSet.of(FILE), List.of(PATH, PATH), true, RENAME),
        row(83, "mkdir", EnumSet.of(FILE), List.of(PATH, MODE), true, MKDIR),
        row(84, "rmdir", EnumSet.of(FILE), List.of(PATH), true, DELETE),
        row(85, "creat", FILE_DESC, List.of(PATH, MODE), true, OPEN),
        row(86, "link", EnumSet.of(FILE), List.of(PATH, PATH), true, LINK),
        row(87, "unlink", EnumSet.of(FILE), List.of(PATH), true, DELETE),
        row(88, "symlink", EnumSet.of(FILE), List.of(STRING, PATH), true, SYMLINK),
        ev(89, "readlink", EnumSet.of(FILE), true, PATH, PTR, SIZE),
        ev(90, "chmod", EnumSet.of(FILE), true, PATH, MODE),
        ev(91, "fchmod", EnumSet.of(DESC), true, FD, MODE),
        ev(92, "chown", EnumSet.of(FILE), true, PATH, INT, INT),
        ev(93, "fchown", EnumSet.of(DESC), true, FD, INT, INT),
        ev(94, "lchown", EnumSet.of(FILE), true, PATH, INT, INT),
        ev(95, "umask", NONE_OF, true, MODE),
        ev(96, "gettimeofday", EnumSet.of(CLOCK), true, INT, INT),
        ev(97, "getrlimit", NONE_OF, true, INT, INT),
        ev(98, "getrusage", NONE_OF, true, INT, INT),
        ev(99, "sysinfo", NONE_OF, true, INT),
        ev(100, "times", NONE_OF, true, INT),
        ev(101, "ptrace", NONE_OF, true, INT, INT, INT, INT),
        ev(102, "getuid", EnumSet.of(CREDS, PURE), true),
        ev(103, "syslog", NONE_OF, true, INT, INT, INT),
        ev(104, "getgid", EnumSet.of(CREDS, PURE), true),
        ev(105, "setuid", EnumSet.of(CREDS), true, INT),
        ev(106, "setgid", EnumSet.of(CREDS), true, INT),
        ev(107, "geteuid", EnumSet.of(CREDS, PURE), true),
        ev(108, "getegid", EnumSet.of(CREDS, PURE), true),
        ev(109, "setpgid", NONE_OF, true, INT, INT),
        ev(110, "getppid", EnumSet.of(PURE), true),
        ev(111, "getpgrp", EnumSet.of(PURE), true),
        ev(112, "setsid", NONE_OF, true),
        ev(113, "setreuid", EnumSet.of(CREDS), true, INT, INT),
        ev(114, "setregid", EnumSet.of(CREDS), true, INT, INT),
        ev(115, "getgroups", EnumSet.of(CREDS), true, INT, INT),
        ev(116, "setgroups", EnumSet.of(CREDS), true, INT, INT),
        ev(117, "setresuid", EnumSet.of(CREDS), true, INT, INT, INT),
        ev(118, "getresuid", EnumSet.of(CREDS), true, INT, INT, INT),
        ev(119, "setresgid", EnumSet.of(CREDS), true, INT, INT, INT),
        ev(120, "getresgid", EnumSet.of(CREDS), true, INT, INT, INT),
        ev(121, "getpgid", NONE_OF, true, INT),
        ev(122, "setfsuid", EnumSet.of(CREDS), true, INT),
        ev(123, "setfsgid", EnumSet.of(CREDS), true, INT),
        ev(124, "getsid", NONE_OF, true, INT),
        ev(125, "capget", EnumSet.of(CREDS), true, INT, INT),
        ev(126, "capset", EnumSet.of(CREDS), true, INT, INT),
        ev(127, "rt_sigpending", EnumSet.of(SIGNAL), true, INT, INT),
        ev(128, "rt_sigtimedwait", EnumSet.of(SIGNAL), true, INT, INT, INT, INT),
        ev(129, "rt_sigqueueinfo", EnumSet.of(SIGNAL, PROCESS), true, INT, INT, INT),
        ev(130, "rt_sigsuspend", EnumSet.of(SIGNAL), true, INT, INT),
        ev(131, "sigaltstack", EnumSet.of(SIGNAL), true, INT, INT),
        ev(132, "utime", EnumSet.of(FILE), true, PATH, PTR),
        ev(133, "mknod", EnumSet.of(FILE), true, PATH, MODE, INT),
        ev(134, "uselib", EnumSet.of(FILE), true, PATH),
        ev(135, "personality", NONE_OF, true, INT),
        ev(136, "ustat", EnumSet.of(STATFS_LIKE), true, INT, INT),
        ev(137, "statfs", EnumSet.of(FILE, STATFS, STATFS_LIKE), true, PATH, PTR),
        ev(138, "fstatfs", EnumSet.of(DESC, FSTATFS, STATFS_LIKE), true, FD, PTR),
        ev(139, "sysfs", NONE_OF, true, INT, INT, INT),
        ev(140, "getpriority", NONE_OF, true, INT, INT),
        ev(141, "setpriority", NONE_OF, true, INT, INT, INT),
        ev(142, "sched_setparam", NONE_OF, true, INT, INT),
        ev(143, "sched_getparam", NONE_OF, true, INT, INT),
        ev(144, "sched_setscheduler", NONE_OF, true, INT, INT, INT),
        ev(145, "sched_getscheduler", NONE_OF, true, INT),
        ev(146, "sched_get_priority_max", NONE_OF, true, INT),
        ev(147, "sched_get_priority_min", NONE_OF, true, INT),
        ev(148, "sched_rr_get_interval", NONE_OF, true, INT, INT),
        ev(149, "mlock", EnumSet.of(MEMORY), true, INT, INT),
        ev(150, "munlock", EnumSet.of(MEMORY), true, INT, INT),
        ev(151, "mlockall", EnumSet.of(MEMORY), true, INT),
        ev(152, "munlockall", EnumSet.of(MEMORY), true),
        ev(153, "vhangup", NONE_OF, true),
        ev(154, "modify_ldt", NONE_OF, true, INT, INT, INT),
        ev(155, "pivot_root", EnumSet.of(FILE), true, PATH, PATH),
        ev(156, "_sysctl", NONE_OF, true, INT),
        ev(157, "prctl", EnumSet.of(CREDS), true, INT, INT, INT, INT, INT),
        ev(158, "arch_prctl", NONE_OF, true, INT, PTR),
        ev(159, "adjtimex", EnumSet.of(CLOCK), true, INT),
        ev(160, "setrlimit", NONE_OF, true, INT, INT),
        ev(161, "chroot", EnumSet.of(FILE), true, PATH),
        ev(162, "sync", NONE_OF, true),
        ev(163, "acct", EnumSet.of(FILE), true, PATH),
        ev(164, "settimeofday", EnumSet.of(CLOCK), true, INT, INT),
        ev(165, "mount", EnumSet.of(FILE), true, STRING, PATH, STRING, INT, PTR),
        ev(166, "umount2", EnumSet.of(FILE), true, PATH, INT),
        ev(167, "swapon", EnumSet.of(FILE), true, PATH, INT),
        ev(168, "swapoff", EnumSet.of(FILE), true, PATH),
        ev(169, "reboot", NONE_OF, true, INT, INT, INT, INT),
        ev(170, "sethostname", NONE_OF, true, INT, INT),
        ev(171, "setdomainname", NONE_OF, true, INT, INT),
        ev(172, "iopl", NONE_OF, true, INT),
        ev(173, "ioperm", NONE_OF, true, INT, INT, INT),
        ev(174, "create_module", NONE_OF, true, INT, INT),
        ev(175, "init_module", NONE_OF, true, INT, INT, INT),
        ev(176, "delete_module", NONE_OF, true, INT, INT),
        ev(177, "get_kernel_syms", NONE_OF, true, INT),
        ev(178, "query_module", NONE_OF, true, INT, INT, INT, INT, INT),
        ev(179, "quotactl", EnumSet.of(FILE), true, INT, STRING, INT, PTR),
        ev(180, "nfsservctl", NONE_OF, true, INT, INT, INT),
        ev(181, "getpmsg", EnumSet.of(NETWORK), true, INT, INT, INT, INT, INT),
        ev(182, "putpmsg", EnumSet.of(NETWORK), true, INT, INT, INT, INT, INT),
        ev(183, "afs_syscall", NONE_OF, true, INT, INT, INT, INT, INT),
        ev(184, "tuxcall", NONE_OF, true, INT, INT, INT),
        ev(185, "security", NONE_OF, true, INT, INT, INT),
        ev(186, "gettid", EnumSet.of(PURE), true),
        ev(187, "readahead", EnumSet.of(DESC), true, FD, INT, SIZE),
        ev(188, "setxattr", EnumSet.of(FILE), true, PATH, STRING, PTR, SIZE, INT),
        ev(189, "lsetxattr", EnumSet.of(FILE), true, PATH, STRING, PTR, SIZE, INT),
        ev(190, "fsetxattr", EnumSet.of(DESC), true, FD, STRING, PTR, SIZE, INT),
        ev(191, "getxattr", EnumSet.of(FILE), true, PATH, STRING, PTR, SIZE),
        ev(192, "lgetxattr", EnumSet.of(FILE), true, PATH, STRING, PTR, SIZE),
        ev(193, "fgetxattr", EnumSet.of(DESC), true, FD, STRING, PTR, SIZE),
        ev(194, "listxattr", EnumSet.of(FILE), true, PATH, PTR, SIZE),
        ev(195, "llistxattr", EnumSet.of(FILE), true, PATH, PTR, SIZE),
        ev(196, "flistxattr", EnumSet.of(DESC), true, FD, PTR, SIZE),
        ev(197, "removexattr", EnumSet.of(FILE), true, PATH, STRING),
        ev(198, "lremovexattr", EnumSet.of(FILE), true, PATH, STRING),
        ev(199, "fremovexattr", EnumSet.of(DESC), true, FD, STRING),
        ev(200, "tkill", EnumSet.of(SIGNAL, PROCESS), true, INT, INT),
        ev(201, "time", EnumSet.of(CLOCK), true, INT),
        ev(202, "futex", NONE_OF, true, PTR, INT, INT, PTR, PTR, INT),
        ev(203, "sched_setaffinity", NONE_OF, true, INT, INT, INT),
        ev(204, "sched_getaffinity", NONE_OF, true, INT, SIZE, PTR),
        ev(205, "set_thread_area", NONE_OF, true, INT),
        ev(206, "io_setup", EnumSet.of(MEMORY), true, INT, INT),
        ev(207, "io_destroy", EnumSet.of(MEMORY), true, INT),
        ev(208, "io_getevents", NONE_OF, true, INT, INT, INT, INT, INT),
        ev(209, "io_submit", NONE_OF, true, INT, INT, INT),
        ev(210, "io_cancel", NONE_OF, true, INT, INT, INT),
        ev(211, "get_thread_area", NONE_OF, true, INT),
        ev(212, "lookup_dcookie", NONE_OF, true, INT, INT, INT),
        ev(213, "epoll_create", EnumSet.of(DESC), true, INT),
        ev(214, "epoll_ctl_old", NONE_OF, true, INT, INT, INT, INT),
        ev(215, "epoll_wait_old", NONE_OF, true, INT, INT, INT, INT),
        ev(216, "remap_file_pages", EnumSet.of(MEMORY), true, INT, INT, INT, INT, INT),
        ev(217, "getdents64", EnumSet.of(DESC), true, FD, PTR, SIZE),
        ev(218, "set_tid_address", NONE_OF, true, PTR),
        ev(219, "restart_syscall", NONE_OF, true),
        ev(220, "semtimedop", EnumSet.of(IPC), true, INT, INT, INT, INT),
        ev(221, "fadvise64", EnumSet.of(DESC), true, FD, INT, INT, INT),
        ev(222, "timer_create", NONE_OF, true, INT, INT, INT),
        ev(223, "timer_settime", NONE_OF, true, INT, INT, INT, INT),
        ev(224, "timer_gettime", NONE_OF, true, INT, INT),
        ev(225, "timer_getoverrun", NONE_OF, true, INT),
        ev(226, "timer_delete", NONE_OF, true, INT),
        ev(227, "clock_settime", EnumSet.of(CLOCK), true, INT, INT),
        ev(228, "clock_gettime", EnumSet.of(CLOCK), true, INT, PTR),
        ev(229, "clock_getres", EnumSet.of(CLOCK), true, INT, INT),
        ev(230, "clock_nanosleep", NONE_OF, true, INT, INT, PTR, PTR),
        ev(231, "exit_group", EnumSet.of(PROCESS), false, INT),
        ev(232, "epoll_wait", EnumSet.of(DESC), true, FD, PTR, INT, INT),
        ev(233, "epoll_ctl", EnumSet.of(DESC), true, FD, INT, FD, PTR),
        ev(234, "tgkill", EnumSet.of(SIGNAL, PROCESS), true, INT, INT, INT),
        ev(235, "utimes", EnumSet.of(FILE), true, PATH, PTR),
        ev(236, "vserver", NONE_OF, true, INT, INT, INT, INT, INT),
        ev(237, "mbind", EnumSet.of(MEMORY), true, INT, INT, INT, INT, INT, INT),
        ev(238, "set_mempolicy", EnumSet.of(MEMORY), true, INT, INT, INT),
        ev(239, "get_mempolicy", EnumSet.of(MEMORY), true, INT, INT, INT, INT, INT),
        ev(240, "mq_open", EnumSet.of(DESC), true, STRING, INT, MODE, PTR),
        ev(241, "mq_unlink", NONE_OF, true, STRING),
        ev(242, "mq_timedsend", EnumSet.of(DESC), true, FD, PTR, SIZE, INT, PTR),
        ev(243, "mq_timedreceive", EnumSet.of(DESC), true, FD, PTR, SIZE, PTR, PTR),
        ev(244, "mq_notify", EnumSet.of(DESC), true, FD, PTR),
        ev(245, "mq_getsetattr", EnumSet.of(DESC), true, FD, PTR, PTR),
        ev(246, "kexec_load", NONE_OF, true, INT, INT, INT, INT),
        ev(247, "waitid", EnumSet.of(PROCESS), true, INT, INT, PTR, INT, PTR),
        ev(248, "add_key", NONE_OF, true, INT, INT, INT, INT, INT),
        ev(249, "request_key", NONE_OF, true, INT, INT, INT, INT),
        ev(250, "keyctl", NONE_OF, true, INT, INT, INT, INT, INT),
        ev(251, "ioprio_set", NONE_OF, true, INT, INT, INT),
        ev(252, "ioprio_get", NONE_OF, true, INT, INT),
        ev(253, "inotify_init", EnumSet.of(DESC), true),
        ev(254, "inotify_add_watch", EnumSet.of(DESC, FILE), true, FD, PATH, INT),
        ev(255, "inotify_rm_watch", EnumSet.of(DESC), true, FD, INT),
        ev(256, "migrate_pages", EnumSet.of(MEMORY), true, INT, INT, INT, INT),
        row(257, "openat", FILE_DESC, List.of(DIRFD, PATH, OPEN_FLAGS, MODE), true, OPEN),
        row(258, "mkdirat", FILE_DESC, List.of(DIRFD, PATH, MODE), true, MKDIR),
        ev(259, "mknodat", EnumSet.of(DESC, FILE), true, DIRFD, PATH, MODE, INT),
        ev(260, "fchownat", EnumSet.of(DESC, FILE), true, DIRFD, PATH, INT, INT, AT_FLAGS),
        ev(261, "futimesat", EnumSet.of(DESC, FILE), true, DIRFD, PATH, PTR),
        ev(262, "newfstatat", EnumSet.of(DESC, FILE, FSTAT, STAT_LIKE), true, DIRFD, PATH, PTR, AT_FLAGS),
        row(263, "unlinkat", FILE_DESC, List.of(DIRFD, PATH, AT_FLAGS), true, DELETE),
        row(264, "renameat", FILE_DESC, List.of(DIRFD, PATH, DIRFD, PATH), true, RENAME),
        row(265, "linkat", FILE_DESC, List.of(DIRFD, PATH, DIRFD, PATH, AT_FLAGS), true, LINK),
        row(266, "symlinkat", FILE_DESC, List.of(STRING, DIRFD, PATH), true, SYMLINK),
        ev(267, "readlinkat", EnumSet.of(DESC, FILE), true, DIRFD, PATH, PTR, SIZE),
        ev(268, "fchmodat", EnumSet.of(DESC, FILE), true, DIRFD, PATH, MODE),
        ev(269, "faccessat", EnumSet.of(DESC, FILE), true, DIRFD, PATH, INT),
        ev(270, "pselect6", EnumSet.of(DESC), true, INT, PTR, PTR, PTR, PTR, PTR),
        ev(271, "ppoll", EnumSet.of(DESC), true, PTR, INT, PTR, PTR, SIZE),
        ev(272, "unshare", NONE_OF, true, INT),
        ev(273, "set_robust_list", NONE_OF, true, PTR, SIZE),
        ev(274, "get_robust_list", NONE_OF, true, INT, INT, INT),
        ev(275, "splice", EnumSet.of(DESC), true, FD, PTR, FD, PTR, SIZE, INT),
        ev(276, "tee", EnumSet.of(DESC), true, FD, FD, SIZE, INT),
        ev(277, "sync_file_range", EnumSet.of(DESC), true, FD, INT, INT, INT),
        ev(278, "vmsplice", EnumSet.of(DESC), true, FD, PTR, INT, INT),
        ev(279, "move_pages", EnumSet.of(MEMORY), true, INT, INT, INT, INT, INT, INT),
        ev(280, "utimensat", EnumSet.of(DESC, FILE), true, DIRFD, PATH, PTR, AT_FLAGS),
        ev(281, "epoll_pwait", EnumSet.of(DESC), true, FD, PTR, INT, INT, PTR, SIZE),
        ev(282, "signalfd", EnumSet.of(DESC, SIGNAL), true, FD, PTR, SIZE),
        ev(283, "timerfd_create", EnumSet.of(DESC), true, INT, INT),
        ev(284, "eventfd", EnumSet.of(DESC), true, INT),
        ev(285, "fallocate", EnumSet.of(DESC), true, FD, INT, INT, INT),
        ev(286, "timerfd_settime", EnumSet.of(DESC), true, FD, INT, PTR, PTR),
        ev(287, "timerfd_gettime", EnumSet.of(DESC), true, FD, PTR),
        ev(288, "accept4", EnumSet.of(NETWORK), true, FD, PTR, PTR, INT),
        ev(289, "signalfd4", EnumSet.of(DESC, SIGNAL), true, FD, PTR, SIZE, INT),
        ev(290, "eventfd2", EnumSet.of(DESC), true, INT, INT),
        ev(291, "epoll_create1", EnumSet.of(DESC), true, INT),
        row(292, "dup3", EnumSet.of(DESC), List.of(FD, FD, OPEN_FLAGS), true, DUP),
        row(293, "pipe2", EnumSet.of(DESC), List.of(FD_PAIR_OUT, OPEN_FLAGS), true, PIPE),
        ev(294, "inotify_init1", EnumSet.of(DESC), true, INT),
        ev(295, "preadv", EnumSet.of(DESC), true, FD, PTR, INT, INT),
        ev(296, "pwritev", EnumSet.of(DESC), true, FD, PTR, INT, INT),
        ev(297, "rt_tgsigqueueinfo", EnumSet.of(PROCESS, SIGNAL), true, INT, INT, INT, INT),
        ev(298, "perf_event_open", EnumSet.of(DESC), true, PTR, INT, INT, FD, INT),
        ev(299, "recvmmsg", EnumSet.of(NETWORK), true, FD, PTR, INT, INT, PTR),
        ev(300, "fanotify_init", EnumSet.of(DESC), true, INT, INT),
        ev(301, "fanotify_mark", EnumSet.of(DESC, FILE), true, FD, INT, INT, DIRFD, PATH),
        ev(302, "prlimit64", NONE_OF, true, INT, INT, PTR, PTR),
        ev(303, "name_to_handle_at", EnumSet.of(DESC, FILE), true, DIRFD, PATH, PTR, PTR, AT_FLAGS),
        ev(304, "open_by_handle_at", EnumSet.of(DESC), true, FD, PTR, INT),
        ev(305, "clock_adjtime", EnumSet.of(CLOCK), true, INT, INT),
        ev(306, "syncfs", EnumSet.of(DESC), true, FD),
        ev(307, "sendmmsg", EnumSet.of(NETWORK), true, FD, PTR, INT, INT),
        ev(308, "setns", EnumSet.of(DESC), true, FD, INT),
        ev(309, "getcpu", NONE_OF, true, INT, INT, INT),
        ev(310, "process_vm_readv", NONE_OF, true, INT, INT, INT, INT, INT, INT),
        ev(311, "process_vm_writev", NONE_OF, true, INT, INT, INT, INT, INT, INT),
        ev(312, "kcmp", NONE_OF, true, INT, INT, INT, INT, INT),
        ev(313, "finit_module", EnumSet.of(DESC), true, FD, STRING, INT),
        ev(314, "sched_setattr", NONE_OF, true, INT, INT, INT),
        ev(315, "sched_getattr", NONE_OF, true, INT, INT, INT, INT),
        row(316, "renameat2", FILE_DESC, List.of(DIRFD, PATH, DIRFD, PATH, RENAME_FLAGS), true, RENAME),
        ev(317, "seccomp", NONE_OF, true, INT, INT, INT),
        ev(318, "getrandom", NONE_OF, true, PTR, SIZE, INT),
        row(319, "memfd_create", EnumSet.of(DESC), List.of(STRING, INT), true, NEW_FD),
        ev(320, "kexec_file_load", EnumSet.of(DESC), true, FD, FD, SIZE, STRING, INT),
        ev(321, "bpf", EnumSet.of(DESC), true, INT, PTR, SIZE),
        row(322, "execveat", EnumSet.of(FILE, DESC, PROCESS), List.of(DIRFD, PATH, ARGV, ENVP, AT_FLAGS), true, EXEC),
        ev(323, "userfaultfd", EnumSet.of(DESC), true, INT),
        ev(324, "membarrier", NONE_OF, true, INT, INT, INT),
        ev(325, "mlock2", EnumSet.of(MEMORY), true, INT, INT, INT),
        ev(326, "copy_file_range", EnumSet.of(DESC), true, FD, PTR, FD, PTR, SIZE, INT),
        ev(327, "preadv2", EnumSet.of(DESC), true, FD, PTR, INT, INT, INT, INT),
        ev(328, "pwritev2", EnumSet.of(DESC), true, FD, PTR, INT, INT, INT, INT),
        ev(329, "pkey_mprotect", EnumSet.of(MEMORY), true, INT, INT, INT, INT),
        ev(330, "pkey_alloc", NONE_OF, true, INT, INT),
        ev(331, "pkey_free", NONE_OF, true, INT),
        ev(332, "statx", EnumSet.of(DESC, FILE, FSTAT, STAT_LIKE), true, DIRFD, PATH, AT_FLAGS, INT, PTR),
        ev(333, "io_pgetevents", NONE_OF, true, INT, INT, INT, INT, INT, INT),
        ev(334, "rseq", NONE_OF, true, PTR, INT, INT, INT),
        ev(424, "pidfd_send_signal", EnumSet.of(DESC, SIGNAL, PROCESS), true, FD, INT, PTR, INT),
        row(425, "io_uring_setup", EnumSet.of(DESC), List.of(INT, PTR), true, IO_URING),
        ev(426, "io_uring_enter", EnumSet.of(DESC, SIGNAL), true, FD, INT, INT, INT, PTR, SIZE),
        ev(427, "io_uring_register", EnumSet.of(DESC, MEMORY), true, FD, INT, PTR, INT),
        ev(428, "open_tree", EnumSet.of(DESC, FILE), true, DIRFD, PATH, INT),
        ev(429, "move_mount", EnumSet.of(DESC, FILE), true, DIRFD, PATH, DIRFD, PATH, INT),
        ev(430, "fsopen", EnumSet.of(DESC), true, STRING, INT),
        ev(431, "fsconfig", EnumSet.of(DESC, FILE), true, FD, INT, STRING, PTR, INT),
        ev(432, "fsmount", EnumSet.of(DESC), true, FD, INT, INT),
        ev(433, "fspick", EnumSet.of(DESC, FILE), true, DIRFD, PATH, INT),
        ev(434, "pidfd_open", EnumSet.of(DESC), true, INT, INT),
        row(435, "clone3", EnumSet.of(PROCESS), List.of(CLONE_ARGS, SIZE), false, SPAWN),
        row(436, "close_range", EnumSet.of(DESC), List.of(FD, FD, CLOSE_RANGE_FLAGS), true, CLOSE_RANGE),
        row(437, "openat2", FILE_DESC, List.of(DIRFD, PATH, OPEN_HOW, SIZE), true, OPEN),
        ev(438, "pidfd_getfd", EnumSet.of(DESC), true, FD, FD, INT),
        ev(439, "faccessat2", EnumSet.of(DESC, FILE), true, DIRFD, PATH, INT, AT_FLAGS),
        ev(440, "process_madvise", EnumSet.of(DESC), true, FD, PTR, SIZE, INT, INT),
        ev(441, "epoll_pwait2", EnumSet.of(DESC), true, FD, PTR, INT, PTR, PTR, SIZE),
        ev(442, "mount_setattr", EnumSet.of(DESC, FILE), true, DIRFD, PATH, AT_FLAGS, PTR, SIZE),
        ev(443, "quotactl_fd", EnumSet.of(DESC), true, FD, INT, INT, PTR),
        ev(444, "landlock_create_ruleset", EnumSet.of(DESC), true, PTR, SIZE, INT),
        ev(445, "landlock_add_rule", EnumSet.of(DESC), true, FD, INT, PTR, INT),
        ev(446, "landlock_restrict_self", EnumSet.of(DESC), true, FD, INT),
        ev(447, "memfd_secret", EnumSet.of(DESC), true, INT),
        ev(448, "process_mrelease", EnumSet.of(DESC), true, FD, INT),
        ev(449, "futex_waitv", NONE_OF, true, INT, INT, INT, INT, INT),
        ev(450, "set_mempolicy_home_node", EnumSet.of(MEMORY), true, INT, INT, INT, INT),
        ev(451, "cachestat", EnumSet.of(DESC), true, FD, PTR, PTR, INT),
        ev(452, "fchmodat2", EnumSet.of(DESC, FILE), true, DIRFD, PATH, MODE, AT_FLAGS),
        ev(453, "map_shadow_stack", EnumSet.of(MEMORY), true, INT, INT, INT)
    );

    /** The rows of one architecture, indexed by syscall number. */
    public static final class Arch {
        public final String name;
        public final int auditArch;
        private final Syscall[] byNumber;
        private final Map<Syscall, Integer> numbers = new LinkedHashMap<>();

        private Arch(String name, int auditArch, ToIntFunction<Row> column) {
            this.name = name;
            this.auditArch = auditArch;
            byNumber = new Syscall[ROWS.stream().mapToInt(column).max().orElse(0) + 1];
            for (Row r : ROWS) {
                int nr = column.applyAsInt(r);
                if (nr < 0) continue;
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
    }

    public static final Arch X86_64 = new Arch("x86_64", 0xc000003e, Row::x86_64);

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

    private static final Map<String, Syscall> BY_NAME = ROWS.stream()
            .collect(java.util.stream.Collectors.toMap(r -> r.syscall().name(), Row::syscall));

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
