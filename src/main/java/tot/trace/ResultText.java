package tot.trace;

import java.util.List;
import tot.syscalls.Syscall;
import tot.syscalls.SyscallTable;

/** A successful syscall's result as strace shows it after {@code =}, for the API's records and the blackbox table. */
public final class ResultText {
    private ResultText() {}

    /**
     * {@code value} returned by the call {@code name} whose arguments were rendered as {@code args}
     * (tot's syscall events): an address in hex, umask's mode in octal, fcntl's F_GETFL flags as
     * {@code 0x8002 (flags O_RDWR|O_LARGEFILE)}, prctl's PR_GET_DUMPABLE as {@code 1 (SUID_DUMP_USER)}.
     */
    public static String of(String name, List<String> args, long value) {
        Syscall s = SyscallTable.byName(name);
        return s == null ? Long.toString(value) : ArgText.result(s, args, value);
    }
}
