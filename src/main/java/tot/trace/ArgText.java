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

    /** Open flags beyond the access mode, by name (x86_64 values). */
    private static final Object[][] OPEN_FLAG_NAMES = {
        {O_CREAT, "O_CREAT"}, {O_EXCL, "O_EXCL"}, {0400, "O_NOCTTY"}, {O_TRUNC, "O_TRUNC"}, {O_APPEND, "O_APPEND"},
        {04000, "O_NONBLOCK"}, {010000, "O_DSYNC"}, {020000, "O_ASYNC"}, {040000, "O_DIRECT"}, {0100000, "O_LARGEFILE"},
        {O_TMPFILE, "O_TMPFILE"}, {O_DIRECTORY, "O_DIRECTORY"}, {O_NOFOLLOW, "O_NOFOLLOW"}, {01000000, "O_NOATIME"},
        {O_CLOEXEC, "O_CLOEXEC"}, {04010000, "O_SYNC"}, {O_PATH, "O_PATH"},
    };
    private static final Object[][] AT_FLAG_NAMES = {
        {0x100, "AT_SYMLINK_NOFOLLOW"}, {AT_REMOVEDIR, "AT_REMOVEDIR"}, {0x400, "AT_SYMLINK_FOLLOW"},
        {0x800, "AT_NO_AUTOMOUNT"}, {AT_EMPTY_PATH, "AT_EMPTY_PATH"},
    };

    static List<String> render(DecodedCall c, IntFunction<String> fdPath) {
        List<Arg> roles = c.syscall.args();
        List<String> out = new ArrayList<>(roles.size());
        int paths = 0;
        for (int i = 0; i < roles.size(); i++) {
            long a = c.args[i];
            if (leftOut(c, roles, i)) continue;
            out.add(switch (roles.get(i)) {
                case INT, PID, OWNER, PGID, PRIO_WHICH, IOPRIO_WHICH, BPF_CMD -> Integer.toString((int) a);
                case SIGNAL_NUMBER -> (int) a == 0 ? "0" : Signals.name((int) a);
                case FD, DIRFD -> fd((int) a, fdPath);
                case PATH -> {
                    String p = paths++ == 0 ? c.path : c.path2;
                    yield a == 0 ? "NULL" : p != null ? quote(p) : hex(a);
                }
                case STRING -> a == 0 ? "NULL" : c.decoded[i] instanceof String s ? quote(s) : hex(a);
                case OPEN_FLAGS -> openFlags(a);
                case OPEN_HOW -> c.decoded[i] instanceof OpenHow h
                        ? "{flags=" + openFlags(h.flags()) + (h.inRoot() ? ", resolve=RESOLVE_IN_ROOT" : "") + "}" : hex(a);
                case MODE -> mode(a);
                case AT_FLAGS -> flags(a, AT_FLAG_NAMES, "0");
                case ARGV -> c.decoded[i] instanceof List<?> l ? strings(l) : a == 0 ? "NULL" : hex(a);
                // as strace shows it without -v: the environment itself is the exec's (redacted) env, never here
                case ENVP -> a == 0 ? "NULL" : c.decoded[i] instanceof List<?> l ? hex(a) + " /* " + l.size() + " vars */" : hex(a);
                case CLONE_ARGS -> c.decoded[i] instanceof Long f ? "{flags=" + hex(f) + "}" : hex(a);
                case FCNTL_CMD -> fcntl((int) a);
                case IOCTL_REQUEST -> IoctlRequests.name((int) a);
                case SIZE -> Long.toUnsignedString(a);
                case CLONE_FLAGS, CLOSE_RANGE_FLAGS, RENAME_FLAGS, SECCOMP_FLAGS, PERF_FLAGS -> hex(a);
                case FD_PAIR_OUT, PTR, IOCTL_ARG, ARG_BLOCK -> a == 0 ? "NULL" : hex(a);
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
            default -> false;
        };
    }

    /** strace's %#03o: 0644, 000. */
    private static String mode(long m) {
        String octal = Long.toOctalString(m & 07777);
        return "0".repeat(Math.max(1, 3 - octal.length())) + octal;
    }

    private static String fd(int fd, IntFunction<String> fdPath) {
        if (fd == AT_FDCWD) return "AT_FDCWD";
        String p = fd >= 0 ? fdPath.apply(fd) : null;
        // the path is the traced program's: escaped as a string argument is (strace -y does too), else a
        // name holding ESC or a newline reaches blackbox's table, meant for a terminal, raw
        return p == null ? Integer.toString(fd) : fd + "<" + escaped(new StringBuilder(), p) + ">";
    }

    private static String openFlags(long f) {
        String mode = switch ((int) (f & O_ACCMODE)) {
            case O_RDONLY -> "O_RDONLY";
            case O_WRONLY -> "O_WRONLY";
            case O_RDWR -> "O_RDWR";
            default -> "O_ACCMODE";
        };
        String rest = flags(f & ~O_ACCMODE, OPEN_FLAG_NAMES, "");
        return rest.isEmpty() ? mode : mode + "|" + rest;
    }

    /** Known flags by name (a name covers all its bits), the rest in hex; {@code zero} when none. */
    private static String flags(long value, Object[][] names, String zero) {
        StringBuilder sb = new StringBuilder();
        long left = value;
        for (Object[] n : names) {
            int bits = (int) n[0];
            if ((left & bits) == bits) {
                if (!sb.isEmpty()) sb.append('|');
                sb.append(n[1]);
                left &= ~bits;
            }
        }
        if (left != 0) sb.append(sb.isEmpty() ? "" : "|").append(hex(left));
        return sb.isEmpty() ? zero : sb.toString();
    }

    private static String fcntl(int cmd) {
        return switch (cmd) {
            case F_DUPFD -> "F_DUPFD";
            case 1 -> "F_GETFD";
            case F_SETFD -> "F_SETFD";
            case 3 -> "F_GETFL";
            case 4 -> "F_SETFL";
            case F_DUPFD_CLOEXEC -> "F_DUPFD_CLOEXEC";
            default -> Integer.toString(cmd);
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
