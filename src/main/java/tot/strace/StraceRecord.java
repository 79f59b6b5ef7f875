package tot.strace;

import java.util.List;
import tot.syscalls.Handler;
import tot.syscalls.Syscall;
import tot.syscalls.SyscallTable;

/**
 * One event of a strace log, as {@link StraceParser} reads it: a syscall, a signal, a process
 * leaving. Every record has
 * <ul>
 *   <li>{@code line}: the 1-based line of the log it comes from (for a call split by
 *       {@code <unfinished ...>}, the line where it began);</li>
 *   <li>{@code pid}: the task (thread) it belongs to, from the line's {@code 1234 } or
 *       {@code [pid 1234] } prefix, from the file name with {@code -ff}, else the parser's default
 *       pid (0 unless given: a log written without {@code -f} does not say);</li>
 *   <li>{@code timeNanos}: the timestamp in nanoseconds, or -1 without {@code -t}/{@code -tt}/{@code -ttt}/{@code -r}.
 *       With {@code -ttt} it counts from the epoch, with {@code -r} from the first line (the sum
 *       of strace's deltas); with {@code -t}/{@code -tt} strace prints only
 *       the local time of day, so it counts from the midnight before the log began (one day is
 *       added each time the clock goes back by more than 12 hours, so a log running past midnight
 *       stays ordered). {@link StraceParser#timeBase()} tells which.</li>
 * </ul>
 */
public sealed interface StraceRecord {
    int line();

    int pid();

    long timeNanos();

    /**
     * A syscall. A call strace printed in two parts ({@code read(3,  <unfinished ...>} and later
     * {@code <... read resumed>"…", 1024) = 5}) is one record with all the arguments, the entry's
     * line and time and the exit's result and duration; it is reported when it completes, so
     * records come in the order calls returned.
     *
     * @param name          the syscall's name ({@code openat}, {@code syscall_0x1b6} for unknown ones)
     * @param args          the arguments, in order
     * @param result        the return value as printed (-1 for a failure, the unsigned value of a
     *                      hex result as a long); 0 when {@code unknownResult}
     * @param resultFd      the {@code -y} decoration of the result ({@code = 3</etc/passwd>}), else null
     * @param errno         the error number of a failed call ({@code = -1 ENOENT (…)} → 2), 0 when
     *                      it did not fail; -1 for an error name {@link tot.linux.Errno} does not know
     * @param errnoName     the printed error name ({@code ENOENT}, {@code ERESTARTSYS}), else null
     * @param note          what strace printed after the result, as printed: {@code (Timeout)},
     *                      {@code (flags FD_CLOEXEC)}, {@code ([{fd=3, revents=POLLIN}])},
     *                      {@code (No such file or directory)}; null when nothing
     * @param unknownResult no result is known: {@code = ?} (the task went away during the call:
     *                      {@code exit_group}, a successful exec in another thread; or a signal
     *                      interrupted it, {@code = ? ERESTARTNOHAND (…)}, which sets {@code errno})
     *                      or {@code unfinished}
     * @param unfinished    the call never completed in the log: an {@code <unfinished ...>} whose
     *                      task then exited or was killed, or the log ended, or {@code <detached ...>};
     *                      its arguments are those printed at entry. Such a call is reported just
     *                      before its task's {@link Exited}/{@link Killed}/{@link Superseded} record,
     *                      or at the end of the log
     * @param durationNanos the {@code -T} time spent in the call, or -1
     */
    record LoggedCall(int line, int pid, long timeNanos, String name, List<StraceArg> args,
                long result, StraceArg.Fd resultFd, int errno, String errnoName, String note,
                boolean unknownResult, boolean unfinished, long durationNanos) implements StraceRecord {
        /** The call returned an error. */
        public boolean failed() {
            return errno != 0;
        }

        /** Argument {@code i}, or null when there are fewer. */
        public StraceArg arg(int i) {
            return i < args.size() ? args.get(i) : null;
        }

        /** The pid of the task this call created (a clone, clone3, fork or vfork that returned one), else -1. */
        public int spawnedPid() {
            if (failed() || unknownResult || result <= 0 || result > Integer.MAX_VALUE) return -1;
            return spawns(name) ? (int) result : -1;
        }

        /** Whether the syscall {@code name} creates a task (clone, clone3, fork, vfork). */
        static boolean spawns(String name) {
            Syscall s = SyscallTable.byName(name);
            return s != null && s.handler() == Handler.SPAWN;
        }
    }

    /**
     * A signal delivered to the task: {@code --- SIGCHLD {si_signo=SIGCHLD, …} ---}.
     *
     * @param signal its name ({@code SIGCHLD})
     * @param info   the siginfo as printed, braces included, or null
     */
    record Signal(int line, int pid, long timeNanos, String signal, String info) implements StraceRecord {}

    /** The task entered group-stop: {@code --- stopped by SIGSTOP ---}. */
    record Stopped(int line, int pid, long timeNanos, String signal) implements StraceRecord {}

    /** The task exited: {@code +++ exited with 2 +++}. */
    record Exited(int line, int pid, long timeNanos, int code) implements StraceRecord {}

    /** The task was killed: {@code +++ killed by SIGSEGV (core dumped) +++}. */
    record Killed(int line, int pid, long timeNanos, String signal, boolean coreDumped) implements StraceRecord {
        /** The signal's number ({@link tot.linux.Signals#numberInStrace}: a line with a name it does not know is refused). */
        public int signo() {
            return tot.linux.Signals.numberInStrace(signal);
        }
    }

    /**
     * A thread other than the leader ({@code byPid}) called execve: the whole thread group
     * {@code pid} is replaced ({@code +++ superseded by execve in pid 1235 +++}) and the exec'ing
     * thread goes on under the leader's pid, {@code pid}. The execve {@link LoggedCall} follows, with
     * {@code pid} as its pid (strace prints its end there: {@code <... execve resumed>}).
     */
    record Superseded(int line, int pid, long timeNanos, int byPid) implements StraceRecord {}
}
