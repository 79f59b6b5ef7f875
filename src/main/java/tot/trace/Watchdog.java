package tot.trace;

import static tot.linux.Linux.SIGKILL;

import java.util.List;
import tot.linux.ErrnoException;
import tot.linux.Kernel;
import tot.linux.RawFiles;
import tot.util.ByteStrings;

/**
 * What kills the command's process group when tot dies without ending its trace (a SIGKILL of
 * tot, or of its group by a CI system cancelling a job): under ptrace the kernel kills the
 * traced processes with their tracer (PTRACE_O_EXITKILL), but under eBPF nothing traces them.
 * A shell in a group of its own, started before the command, reads a pipe whose only writer is
 * tot: first the command's group, then the end of file tot's death makes, its cue. A trace that
 * ends kills it first. The group's number stays the command's while tot lives: the command's
 * first process is reaped only at the trace's end ({@link GuardedSpawn}).
 */
final class Watchdog implements AutoCloseable {
    /** $0 names it in ps; no group read (tot died first): nothing to kill. dash's kill takes no "--". */
    private static final String SCRIPT = "read -r g || exit; read -r _; kill -KILL \"-$g\"";

    private final Kernel kernel;
    private final int pid;
    private final int writeEnd;

    private Watchdog(Kernel kernel, int pid, int writeEnd) {
        this.kernel = kernel;
        this.pid = pid;
        this.writeEnd = writeEnd;
    }

    /** Starts a watchdog; {@code kernel} (the caller's thread's) kills and reaps it at {@link #close}. */
    static Watchdog start(Kernel kernel) throws ErrnoException {
        int[] pipe = kernel.pipe(); // both ends close-on-exec: the command never holds the write end
        try {
            int pid = kernel.spawnHelper(ByteStrings.encode("/bin/sh"), List.of(ByteStrings.encode("sh"),
                    ByteStrings.encode("-c"), ByteStrings.encode(SCRIPT), ByteStrings.encode("tot-watchdog")), pipe[0]);
            return new Watchdog(kernel, pid, pipe[1]);
        } catch (ErrnoException e) {
            RawFiles.close(pipe[1]);
            throw e;
        } finally {
            RawFiles.close(pipe[0]);
        }
    }

    /** Its pid (tot's guard protects it as it protects tot). */
    int pid() {
        return pid;
    }

    /**
     * The command's process group, which the watchdog kills if tot dies: told by the spawning
     * thread as soon as the spawn returns (any thread may). Returns why it could not be told, or null.
     */
    String watch(int group) {
        try {
            RawFiles.write(writeEnd, ByteStrings.encode(group + "\n"));
            return null;
        } catch (ErrnoException e) {
            return e.getMessage();
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
        RawFiles.close(writeEnd);
    }
}
