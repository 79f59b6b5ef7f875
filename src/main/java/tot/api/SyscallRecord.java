package tot.api;

import java.util.List;
import tot.linux.Errno;

/**
 * One completed syscall, as {@code strace -y} would show it. Immutable.
 *
 * @param time           when it was seen (epoch nanoseconds)
 * @param pid            the process
 * @param tid            the thread that made it
 * @param execution      the execution it belongs to (0 before the first exec of a traced command)
 * @param name           the syscall's name ({@code openat}, {@code pwrite64}, …)
 * @param paths          the absolute paths it named, fds' paths included (an entry is null when
 *                       it could not be read)
 * @param args           every argument as strace -y shows it ({@code "3</var/lib/x/ib_logfile0>"})
 * @param result         the return value, valid when {@code errno} is 0 and {@link #returned}
 * @param errno          0, or the error it failed with
 * @param durationNanos  from entry to exit; 0 when tot did not wait for its result
 */
public record SyscallRecord(long time, int pid, int tid, int execution, String name, List<String> paths, List<String> args,
                            long result, int errno, long durationNanos) implements TraceEvent {
    /** Copies the lists: the record never changes (a path may be null). */
    public SyscallRecord {
        paths = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(paths));
        args = List.copyOf(args);
    }

    /** The error's name ({@code ENOENT}), or null when the call succeeded. */
    public String errorName() {
        return errno == 0 ? null : Errno.name(errno);
    }

    /**
     * The outcome as strace shows it after {@code =}: {@code -1 ENOENT}, the result (in hex for
     * a call that returns an address, as mmap and brk; in octal for umask's mode; fcntl's flags
     * and prctl's values by name beside it: {@code 0x8002 (flags O_RDWR|O_LARGEFILE)}),
     * {@code ?} when tot did not wait for it.
     */
    public String resultText() {
        if (errno != 0) return "-1 " + errorName();
        if (!returned()) return "?";
        return tot.trace.ResultText.of(name, args, result);
    }

    /** Whether its result is known (tot waited for the syscall's exit). */
    public boolean returned() {
        return errno != 0 || durationNanos > 0;
    }
}
