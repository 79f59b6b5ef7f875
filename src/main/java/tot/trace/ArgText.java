package tot.trace;

import static tot.linux.Linux.*;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import tot.linux.Signals;
import tot.syscalls.Arg;

/**
 * A syscall's arguments as strace -y shows them, for `--trace` events: paths absolute and
 * quoted, fds with their path ({@code 3</etc/passwd>}), open and *at flags and ioctl requests by
 * name, modes in octal, pointers in hex (NULL for 0). Arguments strace leaves out are left out:
 * an open's mode without O_CREAT or O_TMPFILE, the third argument of an ioctl that takes none.
 */
final class ArgText {
    private ArgText() {}

    /** Open flags beyond the access mode (a name covers all its bits: O_SYNC holds O_DSYNC's). */
    private static final Names OPEN_FLAG_NAMES = Names.of(true, "0", null, O_CREAT, "O_CREAT", O_EXCL, "O_EXCL", 0400, "O_NOCTTY",
            O_TRUNC, "O_TRUNC", O_APPEND, "O_APPEND", 04000, "O_NONBLOCK", 010000, "O_DSYNC", 020000, "O_ASYNC", 040000, "O_DIRECT",
            0100000, "O_LARGEFILE", O_TMPFILE, "O_TMPFILE", O_DIRECTORY, "O_DIRECTORY", O_NOFOLLOW, "O_NOFOLLOW",
            01000000, "O_NOATIME", O_CLOEXEC, "O_CLOEXEC", 04010000, "O_SYNC", O_PATH, "O_PATH");
    private static final Names AT_FLAG_NAMES = Names.of(true, "0", null, 0x100, "AT_SYMLINK_NOFOLLOW", AT_REMOVEDIR, "AT_REMOVEDIR",
            0x400, "AT_SYMLINK_FOLLOW", 0x800, "AT_NO_AUTOMOUNT", AT_EMPTY_PATH, "AT_EMPTY_PATH");

    private static final Names SIGMASK_HOWS = Names.of(false, null, "SIG_???", 0, "SIG_BLOCK", 1, "SIG_UNBLOCK", 2, "SIG_SETMASK");
    private static final Names ADVICE = Names.of(false, null, "MADV_???", 0, "MADV_NORMAL", 1, "MADV_RANDOM", 2, "MADV_SEQUENTIAL",
            3, "MADV_WILLNEED", 4, "MADV_DONTNEED", 8, "MADV_FREE", 9, "MADV_REMOVE", 10, "MADV_DONTFORK", 11, "MADV_DOFORK",
            12, "MADV_MERGEABLE", 13, "MADV_UNMERGEABLE", 14, "MADV_HUGEPAGE", 15, "MADV_NOHUGEPAGE", 16, "MADV_DONTDUMP",
            17, "MADV_DODUMP", 18, "MADV_WIPEONFORK", 19, "MADV_KEEPONFORK", 20, "MADV_COLD", 21, "MADV_PAGEOUT",
            22, "MADV_POPULATE_READ", 23, "MADV_POPULATE_WRITE", 24, "MADV_DONTNEED_LOCKED", 25, "MADV_COLLAPSE",
            100, "MADV_HWPOISON", 101, "MADV_SOFT_OFFLINE", 102, "MADV_GUARD_INSTALL", 103, "MADV_GUARD_REMOVE");
    private static final Names PROTS = Names.of(true, "PROT_NONE", "PROT_???", 1, "PROT_READ", 2, "PROT_WRITE", 4, "PROT_EXEC",
            8, "PROT_SEM", 0x01000000, "PROT_GROWSDOWN", 0x02000000, "PROT_GROWSUP");
    /** The sharing type first (MAP_SHARED_VALIDATE holds both bits of the others), then the flags by value. */
    private static final Names MMAP = Names.of(true, "0", "MAP_???", 3, "MAP_SHARED_VALIDATE", 1, "MAP_SHARED", 2, "MAP_PRIVATE",
            0x10, "MAP_FIXED", 0x20, "MAP_ANONYMOUS", 0x40, "MAP_32BIT", 0x100, "MAP_GROWSDOWN", 0x800, "MAP_DENYWRITE",
            0x1000, "MAP_EXECUTABLE", 0x2000, "MAP_LOCKED", 0x4000, "MAP_NORESERVE", 0x8000, "MAP_POPULATE", 0x10000, "MAP_NONBLOCK",
            0x20000, "MAP_STACK", 0x40000, "MAP_HUGETLB", 0x80000, "MAP_SYNC", 0x100000, "MAP_FIXED_NOREPLACE",
            0x4000000, "MAP_UNINITIALIZED");
    private static final Names WHENCES = Names.of(false, null, "SEEK_???", 0, "SEEK_SET", 1, "SEEK_CUR", 2, "SEEK_END", 3, "SEEK_DATA",
            4, "SEEK_HOLE");
    private static final Names ACCESS_MODES = Names.of(true, "F_OK", "?_OK", 4, "R_OK", 2, "W_OK", 1, "X_OK");
    private static final Names ACCESS_AT = Names.of(true, "0", "AT_???", 0x100, "AT_SYMLINK_NOFOLLOW", 0x200, "AT_EACCESS",
            0x1000, "AT_EMPTY_PATH");
    private static final Names FLOCKS = Names.of(true, "0", "LOCK_???", 1, "LOCK_SH", 2, "LOCK_EX", 4, "LOCK_NB", 8, "LOCK_UN");
    private static final Names WAITS = Names.of(true, "0", "W???", 1, "WNOHANG", 2, "WUNTRACED", 4, "WEXITED", 8, "WCONTINUED",
            0x1000000, "WNOWAIT", 0x20000000, "__WNOTHREAD", 0x40000000, "__WALL", 0x80000000L, "__WCLONE");
    private static final Names CLOCKS = Names.of(false, null, "CLOCK_???", 0, "CLOCK_REALTIME", 1, "CLOCK_MONOTONIC",
            2, "CLOCK_PROCESS_CPUTIME_ID", 3, "CLOCK_THREAD_CPUTIME_ID", 4, "CLOCK_MONOTONIC_RAW", 5, "CLOCK_REALTIME_COARSE",
            6, "CLOCK_MONOTONIC_COARSE", 7, "CLOCK_BOOTTIME", 8, "CLOCK_REALTIME_ALARM", 9, "CLOCK_BOOTTIME_ALARM", 11, "CLOCK_TAI");
    private static final Names RLIMITS = Names.of(false, null, "RLIMIT_???", 0, "RLIMIT_CPU", 1, "RLIMIT_FSIZE", 2, "RLIMIT_DATA",
            3, "RLIMIT_STACK", 4, "RLIMIT_CORE", 5, "RLIMIT_RSS", 6, "RLIMIT_NPROC", 7, "RLIMIT_NOFILE", 8, "RLIMIT_MEMLOCK",
            9, "RLIMIT_AS", 10, "RLIMIT_LOCKS", 11, "RLIMIT_SIGPENDING", 12, "RLIMIT_MSGQUEUE", 13, "RLIMIT_NICE",
            14, "RLIMIT_RTPRIO", 15, "RLIMIT_RTTIME");
    private static final Names FAMILIES = Names.of(false, null, "AF_???", 0, "AF_UNSPEC", 1, "AF_UNIX", 2, "AF_INET", 10, "AF_INET6",
            16, "AF_NETLINK", 17, "AF_PACKET", 38, "AF_ALG", 40, "AF_VSOCK", 44, "AF_XDP");
    private static final Names SOCKET_TYPES = Names.of(false, null, "SOCK_???", 1, "SOCK_STREAM", 2, "SOCK_DGRAM", 3, "SOCK_RAW",
            4, "SOCK_RDM", 5, "SOCK_SEQPACKET", 6, "SOCK_DCCP", 10, "SOCK_PACKET");
    private static final Names SOCKET_FLAGS = Names.of(true, "", "SOCK_???", 04000, "SOCK_NONBLOCK", 02000000, "SOCK_CLOEXEC");
    private static final Names GRNDS = Names.of(true, "0", "GRND_???", 1, "GRND_NONBLOCK", 2, "GRND_RANDOM", 4, "GRND_INSECURE");
    private static final Names EFDS = Names.of(true, "0", "EFD_???", 1, "EFD_SEMAPHORE", 02000000, "EFD_CLOEXEC", 04000, "EFD_NONBLOCK");

    private static final Names MREMAPS = Names.of(true, "0", "MREMAP_???", 1, "MREMAP_MAYMOVE", 2, "MREMAP_FIXED",
            4, "MREMAP_DONTUNMAP");
    private static final Names MSYNCS = Names.of(true, "0", "MS_???", 1, "MS_ASYNC", 2, "MS_INVALIDATE", 4, "MS_SYNC");
    private static final Names TIMERS = Names.of(true, "0", "TIMER_???", 1, "TIMER_ABSTIME");
    private static final Names TFDS = Names.of(true, "0", "TFD_???", 02000000, "TFD_CLOEXEC", 04000, "TFD_NONBLOCK");
    private static final Names ARCH_CODES = Names.of(false, null, "ARCH_???", 0x1001, "ARCH_SET_GS", 0x1002, "ARCH_SET_FS",
            0x1003, "ARCH_GET_FS", 0x1004, "ARCH_GET_GS", 0x1011, "ARCH_GET_CPUID", 0x1012, "ARCH_SET_CPUID",
            0x1021, "ARCH_GET_XCOMP_SUPP", 0x1022, "ARCH_GET_XCOMP_PERM", 0x1023, "ARCH_REQ_XCOMP_PERM",
            0x1024, "ARCH_GET_XCOMP_GUEST_PERM", 0x1025, "ARCH_REQ_XCOMP_GUEST_PERM", 0x2001, "ARCH_MAP_VDSO_X32",
            0x2002, "ARCH_MAP_VDSO_32", 0x2003, "ARCH_MAP_VDSO_64");

    private static final Names XFEATURES = Names.of(false, null, null, 0, "XFEATURE_FP", 1, "XFEATURE_SSE", 2, "XFEATURE_YMM",
            3, "XFEATURE_BNDREGS", 4, "XFEATURE_BNDCSR", 5, "XFEATURE_OPMASK", 6, "XFEATURE_ZMM_Hi256", 7, "XFEATURE_Hi16_ZMM",
            8, "XFEATURE_PT_UNIMPLEMENTED_SO_FAR", 9, "XFEATURE_PKRU", 10, "XFEATURE_PASID", 15, "XFEATURE_LBR",
            17, "XFEATURE_XTILE_CFG", 18, "XFEATURE_XTILE_DATA");

    /** arch_prctl's argument after {@code code}: where a GET writes (an address), a feature for REQ_XCOMP_PERM, else hex. */
    private static String archArg(int code, long a) {
        return switch (code) {
            case 0x1003, 0x1004, 0x1021, 0x1022, 0x1024 -> Names.pointer(a);
            case 0x1023, 0x1025 -> { // strace's verbose style: the number, its name in a comment
                String name = XFEATURES.nameOf(a);
                yield Names.hex(a) + " /* " + (name == null ? "XFEATURE_???" : name) + " */";
            }
            default -> Names.hex(a);
        };
    }

    /** A socket's type: the type by name, then its flags (strace's SOCK_STREAM|SOCK_CLOEXEC); an unknown type, all in hex. */
    private static String socketType(long a) {
        String type = SOCKET_TYPES.show(a & 0xf);
        if (type.contains("???")) return SOCKET_TYPES.show(a);
        String rest = (a & ~0xfL) == 0 ? "" : SOCKET_FLAGS.show(a & ~0xfL);
        return rest.isEmpty() ? type : type + "|" + rest;
    }

    private static final Names IP_PROTOCOLS = Names.of(false, null, "IPPROTO_???", 0, "IPPROTO_IP", 1, "IPPROTO_ICMP",
            6, "IPPROTO_TCP", 17, "IPPROTO_UDP", 58, "IPPROTO_ICMPV6", 132, "IPPROTO_SCTP", 136, "IPPROTO_UDPLITE", 255, "IPPROTO_RAW",
            262, "IPPROTO_MPTCP");

    /** A socket's protocol: an IP protocol by name for AF_INET and AF_INET6 ({@code family}), else the number. */
    private static String protocol(long family, long a) {
        return (int) family == 2 || (int) family == 10 ? IP_PROTOCOLS.show((int) a) : Integer.toString((int) a);
    }

    static List<String> render(DecodedCall c, IntFunction<String> fdPath) {
        List<Arg> roles = c.syscall.args();
        List<String> out = new ArrayList<>(roles.size());
        int paths = 0;
        for (int i = 0; i < roles.size(); i++) {
            long a = c.args[i];
            if (roles.get(i) == Arg.PRCTL_OPTION) out.addAll(PrctlText.render(c.args));
            if (leftOut(c, roles, i)) continue;
            out.add(switch (roles.get(i)) {
                case INT, PID, PGID, PRIO_WHICH, IOPRIO_WHICH, BPF_CMD -> Integer.toString((int) a);
                case OWNER -> fcntlArg((int) c.args[i - 1], a);
                case SIGNAL_NUMBER -> (int) a == 0 ? "0" : Signals.name((int) a);
                case FD, DIRFD -> fd((int) a, fdPath);
                case PATH -> {
                    String p = paths++ == 0 ? c.path : c.path2;
                    yield a != 0 && p != null ? quote(p) : Names.pointer(a);
                }
                case STRING -> a != 0 && c.decoded[i] instanceof String s ? quote(s) : Names.pointer(a);
                // dup3's and pipe2's flags have no access mode: strace shows O_CLOEXEC alone
                case OPEN_FLAGS -> c.syscall.handler() == tot.syscalls.Handler.OPEN ? openFlags(a) : OPEN_FLAG_NAMES.show(a);
                case OPEN_HOW -> c.decoded[i] instanceof OpenHow h
                        ? "{flags=" + openFlags(h.flags()) + (h.inRoot() ? ", resolve=RESOLVE_IN_ROOT" : "") + "}" : hex(a);
                case MODE -> mode(a);
                case AT_FLAGS -> AT_FLAG_NAMES.show(a);
                case ARGV -> c.decoded[i] instanceof List<?> l ? strings(l) : Names.pointer(a);
                // as strace shows it without -v: the environment itself is the exec's (redacted) env, never here
                case ENVP -> a != 0 && c.decoded[i] instanceof List<?> l ? hex(a) + " /* " + l.size() + " vars */" : Names.pointer(a);
                case CLONE_ARGS -> c.decoded[i] instanceof Long f ? "{flags=" + hex(f) + "}" : hex(a);
                case FILE_HANDLE -> c.decoded[i] instanceof FileHandleArg h ? h.text() : Names.pointer(a);
                case FCNTL_CMD -> fcntl((int) a);
                case IOCTL_REQUEST -> IoctlRequests.name((int) a);
                case SIZE -> Long.toUnsignedString(a);
                case HEX -> a == 0 ? "0" : hex(a);
                case SIGMASK_HOW -> SIGMASK_HOWS.show((int) a);
                case MADVICE -> ADVICE.show((int) a);
                case PROT -> PROTS.show(a & 0xffffffffL);
                case MMAP_FLAGS -> MMAP.show(a & 0xffffffffL);
                case WHENCE -> WHENCES.show((int) a);
                case ACCESS_MODE -> ACCESS_MODES.show((int) a);
                case ACCESS_FLAGS -> ACCESS_AT.show(a & 0xffffffffL);
                case FLOCK_OP -> FLOCKS.show((int) a);
                case WAIT_OPTIONS -> WAITS.show(a & 0xffffffffL);
                case CLOCK_ID -> (int) a < 0 ? Integer.toString((int) a) : CLOCKS.show((int) a); // < 0: a process's CPU clock
                case RLIMIT -> RLIMITS.show((int) a);
                case ADDRESS_FAMILY -> FAMILIES.show((int) a);
                case SOCKET_TYPE -> socketType(a & 0xffffffffL);
                case PROTOCOL -> protocol(c.args[roles.indexOf(Arg.ADDRESS_FAMILY)], a);
                case GRND_FLAGS -> GRNDS.show((int) a);
                case EFD_FLAGS -> EFDS.show(a & 0xffffffffL);
                case MREMAP_FLAGS -> MREMAPS.show(a & 0xffffffffL);
                case MSYNC_FLAGS -> MSYNCS.show(a & 0xffffffffL);
                case TIMER_FLAGS -> TIMERS.show(a & 0xffffffffL);
                case TFD_FLAGS -> TFDS.show(a & 0xffffffffL);
                case ARCH_CODE -> ARCH_CODES.show(a & 0xffffffffL);
                case ARCH_ARG -> archArg((int) c.args[i - 1], a);
                case SOCKOPT_LEVEL -> SockoptNames.level(a);
                case SOCKOPT_NAME -> SockoptNames.option(c.args[i - 1], a);
                case PRCTL_OPTION, PRCTL_ARG -> throw new AssertionError("prctl's arguments are shown together");
                case CLONE_FLAGS, CLOSE_RANGE_FLAGS, RENAME_FLAGS, SECCOMP_FLAGS, PERF_FLAGS -> hex(a);
                case FD_PAIR_OUT, PTR, IOCTL_ARG, ARG_BLOCK -> Names.pointer(a);
            });
        }
        return out;
    }

    /** Whether strace leaves argument {@code i} out: a mode no open uses, an ioctl's argument it does not take. */
    private static boolean leftOut(DecodedCall c, List<Arg> roles, int i) {
        return switch (roles.get(i)) {
            case MODE -> {
                int flags = roles.indexOf(Arg.OPEN_FLAGS);
                yield flags >= 0 && (c.args[flags] & (O_CREAT | (O_TMPFILE & ~O_DIRECTORY))) == 0;
            }
            case IOCTL_ARG -> IoctlRequests.takesNoArgument((int) c.args[i - 1]);
            case OWNER -> fcntlTakesNone((int) c.args[i - 1]);
            case ARCH_ARG -> (int) c.args[i - 1] == 0x1011; // ARCH_GET_CPUID takes none
            case PTR -> i > 0 && roles.get(i - 1) == Arg.MREMAP_FLAGS && (c.args[i - 1] & 2) == 0; // mremap's new_address, only with MREMAP_FIXED
            case PRCTL_OPTION, PRCTL_ARG -> true; // shown together, by PrctlText
            default -> false;
        };
    }

    /** strace's %#03o: 0644, 000. */
    private static String mode(long m) {
        return tot.syscalls.Syscall.Result.MODE.text(m & 07777);
    }

    private static String fd(int fd, IntFunction<String> fdPath) {
        if (fd == AT_FDCWD) return "AT_FDCWD";
        String p = fd >= 0 ? fdPath.apply(fd) : null;
        // the path is the traced program's: escaped as a string argument is (strace -y does too), else a
        // name holding ESC or a newline reaches blackbox's table, meant for a terminal, raw
        if (p == null) return Integer.toString(fd);
        // a memfd is "/memfd:NAME (deleted)" to the kernel, which strace -y shows as </memfd:NAME>(deleted)
        if (p.startsWith("memfd:")) return fd + "</" + escaped(new StringBuilder(), p) + ">(deleted)";
        return fd + "<" + escaped(new StringBuilder(), p) + ">";
    }

    private static String openFlags(long f) {
        String mode = switch ((int) (f & O_ACCMODE)) {
            case O_RDONLY -> "O_RDONLY";
            case O_WRONLY -> "O_WRONLY";
            case O_RDWR -> "O_RDWR";
            default -> "O_ACCMODE";
        };
        long rest = f & ~O_ACCMODE;
        return rest == 0 ? mode : mode + "|" + OPEN_FLAG_NAMES.show(rest);
    }

    private static final Names FCNTL_CMDS = Names.of(false, null, "F_???", F_DUPFD, "F_DUPFD", 1, "F_GETFD", F_SETFD, "F_SETFD",
            3, "F_GETFL", 4, "F_SETFL", 5, "F_GETLK", 6, "F_SETLK", 7, "F_SETLKW", 8, "F_SETOWN", 9, "F_GETOWN", 10, "F_SETSIG",
            11, "F_GETSIG", 15, "F_SETOWN_EX", 16, "F_GETOWN_EX", 36, "F_OFD_GETLK", 37, "F_OFD_SETLK", 38, "F_OFD_SETLKW",
            1024, "F_SETLEASE", 1025, "F_GETLEASE", 1026, "F_NOTIFY", F_DUPFD_CLOEXEC, "F_DUPFD_CLOEXEC", 1031, "F_SETPIPE_SZ",
            1032, "F_GETPIPE_SZ", 1033, "F_ADD_SEALS", 1034, "F_GET_SEALS");

    private static String fcntl(int cmd) {
        return FCNTL_CMDS.show(cmd);
    }

    private static final Names FD_FLAGS = Names.of(true, "0", null, 1, "FD_CLOEXEC");
    private static final Names LEASES = Names.of(false, null, null, 0, "F_RDLCK", 1, "F_WRLCK", 2, "F_UNLCK");
    private static final Names SEALS = Names.of(true, "0", null, 1, "F_SEAL_SEAL", 2, "F_SEAL_SHRINK", 4, "F_SEAL_GROW",
            8, "F_SEAL_WRITE", 16, "F_SEAL_FUTURE_WRITE", 32, "F_SEAL_EXEC");

    /**
     * A successful call's result as strace shows it, from its already rendered arguments: the
     * table's kind (an address in hex, umask's mode in octal), fcntl's flags, lease, seals and
     * signal by name beside the number, prctl's as {@link PrctlText#result}.
     */
    static String result(tot.syscalls.Syscall s, List<String> args, long value) {
        String first = args.isEmpty() ? "" : args.get(0);
        String second = args.size() < 2 ? "" : args.get(1);
        return switch (s.handler() == tot.syscalls.Handler.FCNTL ? second : s.name().equals("prctl") ? "prctl" : "") {
            case "F_GETFD" -> value == 0 ? "0" : Names.hex(value) + " (flags " + FD_FLAGS.show(value) + ")";
            case "F_GETFL" -> Names.hex(value) + " (flags " + openFlags(value) + ")";
            case "F_GETLEASE" -> LEASES.nameOf(value) == null ? Long.toString(value) : Names.hex(value) + " (" + LEASES.nameOf(value) + ")";
            case "F_GET_SEALS" -> value == 0 ? "0" : Names.hex(value) + " (seals " + SEALS.show(value) + ")";
            case "F_GETSIG" -> value == 0 ? "0" : value + " (" + Signals.name((int) value) + ")";
            case "prctl" -> PrctlText.result(first, value);
            default -> s.resultText(value);
        };
    }

    /** The fcntl commands that take no third argument: strace leaves it out. */
    private static boolean fcntlTakesNone(int cmd) {
        return switch (cmd) {
            case 1, 3, 9, 11, 1025, 1032, 1034 -> true;
            default -> false;
        };
    }

    /** fcntl's third argument as strace shows it for the command before it. */
    private static String fcntlArg(int cmd, long a) {
        return switch (cmd) {
            case F_SETFD -> FD_FLAGS.show((int) a);
            case 10 -> (int) a == 0 ? "0" : Signals.name((int) a); // F_SETSIG
            case 1033 -> SEALS.show((int) a); // F_ADD_SEALS
            case 4 -> openFlags(a);
            case 5, 6, 7, 15, 16, 36, 37, 38 -> Names.pointer(a); // a struct's address
            default -> Integer.toString((int) a);
        };
    }

    private static String strings(List<?> items) {
        StringBuilder sb = new StringBuilder("[");
        for (Object o : items) sb.append(sb.length() > 1 ? ", " : "").append(quote(String.valueOf(o)));
        return sb.append(']').toString();
    }

    /** A C-like string literal; bytes that are not UTF-8 (lone surrogates) as \xNN. */
    private static String quote(String s) {
        return escaped(new StringBuilder(s.length() + 2).append('"'), s).append('"').toString();
    }

    /** {@code s} as the inside of a C-like string literal: controls (C0, DEL, C1 as its UTF-8 bytes) as \xNN. */
    private static StringBuilder escaped(StringBuilder sb, String s) {
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (ch >= 0xdc80 && ch <= 0xdcff) sb.append(String.format("\\x%02x", ch - 0xdc00));
                    else if (ch < 0x20 || ch == 0x7f) sb.append(String.format("\\x%02x", (int) ch));
                    else if (ch >= 0x80 && ch <= 0x9f) sb.append(String.format("\\xc2\\x%02x", (int) ch)); // U+009B: a CSI
                    else sb.append(ch);
                }
            }
        }
        return sb;
    }

    private static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }
}
