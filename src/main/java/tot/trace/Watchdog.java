package tot.trace;

import static tot.linux.Linux.SIGKILL;

import java.util.List;
import tot.linux.ErrnoException;
import tot.linux.Kernel;
import tot.util.ByteStrings;

/**
 * What kills the command's process group when tot dies without ending its trace (a SIGKILL of
 * tot, or of its group by a CI system cancelling a job): under ptrace the kernel kills the
 * traced processes with their tracer (PTRACE_O_EXITKILL), but under eBPF nothing traces them.
 * A shell in a group of its own reads a pipe whose only writer is tot: the end of file tot's
 * death makes is its cue. A trace that ends kills it first.
 */
final class Watchdog implements AutoCloseable {
    /** argv: the shell's $0 names it in ps; $1 is the group. */
    private static final String SCRIPT = "read -r _; kill -KILL \"-$1\""; // dash takes no --

    private final Kernel kernel;
    private final int pid;
    private final int writeEnd;

    private Watchdog(Kernel kernel, int pid, int writeEnd) {
        this.kernel = kernel;
        this.pid = pid;
        this.writeEnd = writeEnd;
    }

    /** Starts the watchdog of process group {@code group}; {@code kernel} kills and reaps it at {@link #close}. */
    static Watchdog start(Kernel kernel, int group) throws ErrnoException {
        int[] pipe = kernel.pipe(); // both ends close-on-exec: the command never holds the write end
        try {
            int pid = kernel.spawnHelper(ByteStrings.encode("/bin/sh"), List.of(ByteStrings.encode("sh"),
                    ByteStrings.encode("-c"), ByteStrings.encode(SCRIPT), ByteStrings.encode("tot-watchdog"),
                    ByteStrings.encode(Integer.toString(group))), pipe[0]);
            return new Watchdog(kernel, pid, pipe[1]);
        } catch (ErrnoException e) {
            kernel.closeFd(pipe[1]);
            throw e;
        } finally {
            kernel.closeFd(pipe[0]);
        }
    }

    /** The trace ended: the watchdog goes, without a word to the command's group. */
    @Override
    public void close() {
        try {
            kernel.kill(pid, SIGKILL);
            kernel.wait(pid, 0);
        } catch (ErrnoException e) {
            // already gone (the command may have killed it): nothing to reap
        }
        kernel.closeFd(writeEnd);
    }
}
