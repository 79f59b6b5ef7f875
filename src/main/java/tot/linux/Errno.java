package tot.linux;

import java.util.HashMap;
import java.util.Map;

/** errno numbers and their symbolic names (Linux, x86_64), as strace prints them. */
public final class Errno {
    private Errno() {}

    private static final String[] NAMES = {
        null, "EPERM", "ENOENT", "ESRCH", "EINTR", "EIO", "ENXIO", "E2BIG", "ENOEXEC", "EBADF", "ECHILD",
        "EAGAIN", "ENOMEM", "EACCES", "EFAULT", "ENOTBLK", "EBUSY", "EEXIST", "EXDEV", "ENODEV", "ENOTDIR",
        "EISDIR", "EINVAL", "ENFILE", "EMFILE", "ENOTTY", "ETXTBSY", "EFBIG", "ENOSPC", "ESPIPE", "EROFS",
        "EMLINK", "EPIPE", "EDOM", "ERANGE", "EDEADLK", "ENAMETOOLONG", "ENOLCK", "ENOSYS", "ENOTEMPTY",
        "ELOOP", null, "ENOMSG", "EIDRM", "ECHRNG", "EL2NSYNC", "EL3HLT", "EL3RST", "ELNRNG", "EUNATCH",
        "ENOCSI", "EL2HLT", "EBADE", "EBADR", "EXFULL", "ENOANO", "EBADRQC", "EBADSLT", null, "EBFONT",
        "ENOSTR", "ENODATA", "ETIME", "ENOSR", "ENONET", "ENOPKG", "EREMOTE", "ENOLINK", "EADV", "ESRMNT",
        "ECOMM", "EPROTO", "EMULTIHOP", "EDOTDOT", "EBADMSG", "EOVERFLOW", "ENOTUNIQ", "EBADFD", "EREMCHG",
        "ELIBACC", "ELIBBAD", "ELIBSCN", "ELIBMAX", "ELIBEXEC", "EILSEQ", "ERESTART", "ESTRPIPE", "EUSERS",
        "ENOTSOCK", "EDESTADDRREQ", "EMSGSIZE", "EPROTOTYPE", "ENOPROTOOPT", "EPROTONOSUPPORT",
        "ESOCKTNOSUPPORT", "EOPNOTSUPP", "EPFNOSUPPORT", "EAFNOSUPPORT", "EADDRINUSE", "EADDRNOTAVAIL",
        "ENETDOWN", "ENETUNREACH", "ENETRESET", "ECONNABORTED", "ECONNRESET", "ENOBUFS", "EISCONN",
        "ENOTCONN", "ESHUTDOWN", "ETOOMANYREFS", "ETIMEDOUT", "ECONNREFUSED", "EHOSTDOWN", "EHOSTUNREACH",
        "EALREADY", "EINPROGRESS", "ESTALE", "EUCLEAN", "ENOTNAM", "ENAVAIL", "EISNAM", "EREMOTEIO",
        "EDQUOT", "ENOMEDIUM", "EMEDIUMTYPE", "ECANCELED", "ENOKEY", "EKEYEXPIRED", "EKEYREVOKED",
        "EKEYREJECTED", "EOWNERDEAD", "ENOTRECOVERABLE", "ERFKILL", "EHWPOISON",
    };
    /** Kernel-internal codes a tracer can see at syscall exit. */
    private static final String[] RESTART = {
        "ERESTARTSYS", "ERESTARTNOINTR", "ERESTARTNOHAND", "ENOIOCTLCMD", "ERESTART_RESTARTBLOCK",
    };

    /** The symbolic name of errno {@code e}, or {@code "E<number>"} when it has none. */
    public static String name(int e) {
        if (e > 0 && e < NAMES.length && NAMES[e] != null) return NAMES[e];
        if (e >= 512 && e < 512 + RESTART.length) return RESTART[e - 512];
        return "E" + e;
    }

    private static final Map<String, Integer> NUMBERS = numbers();

    private static Map<String, Integer> numbers() {
        Map<String, Integer> m = new HashMap<>();
        for (int i = 1; i < NAMES.length; i++) if (NAMES[i] != null) m.put(NAMES[i], i);
        for (int i = 0; i < RESTART.length; i++) m.put(RESTART[i], 512 + i);
        return Map.copyOf(m);
    }

    /** The number named {@code name} (also {@code "E<number>"}, as {@link #name} writes one without a name), or -1. */
    public static int byName(String name) {
        Integer n = NUMBERS.get(name);
        if (n != null) return n;
        if (name.length() > 1 && name.length() < 6 && name.charAt(0) == 'E' && name.chars().skip(1).allMatch(c -> c >= '0' && c <= '9')) {
            int e = Integer.parseInt(name, 1, name.length(), 10);
            return e > 0 ? e : -1;
        }
        return -1;
    }
}
