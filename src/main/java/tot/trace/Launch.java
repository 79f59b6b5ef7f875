package tot.trace;

import static tot.linux.Linux.*;

import java.util.ArrayList;
import java.util.List;
import tot.linux.ErrnoException;
import tot.linux.Kernel;
import tot.linux.RawFiles;
import tot.util.ByteStrings;

/**
 * Starting the command under ptrace from a JVM (DESIGN-NOTES): not forked from Java, but
 * posix_spawn'd through a stopper shell that stops itself before it execs the command, seized
 * there and continued, so tot sees the command from its first instruction. Only the fds tot
 * inherited reach it, with the signal mask cleared.
 */
final class Launch {
    private Launch() {}

    private static final String STOPPER = "kill -STOP $$; exec \"$0\" \"$@\"";

    /** The stopper shell changes into the command's directory first (its own step, before tot sees anything). */
    private static final String CD = "cd -- \"$1\" || exit; shift; ";

    /**
     * Spawns {@code path} with {@code argv} (argv[0] set later) in directory {@code dir} (null:
     * tot's), in a process group of its own, stopped and seized with {@code options}, and given
     * the terminal ({@link JobControl#started}); its pid. The stopper shell gets {@code env}
     * ({@link #environment}), which the command is given at the shell's exec ({@link Setup#originalEnvp}).
     */
    static int stopped(Kernel kernel, String path, List<String> argv, String dir, List<byte[]> env, int options,
                       JobControl jobs) throws Tracer.StartFailed {
        List<byte[]> stopper = new ArrayList<>();
        stopper.add(ByteStrings.encode("sh"));
        stopper.add(ByteStrings.encode("-c"));
        String script = (dir == null ? "" : CD) + STOPPER;
        stopper.add(ByteStrings.encode(System.getenv("PWD") == null ? "unset PWD; " + script : script));
        stopper.add(ByteStrings.encode(path));
        if (dir != null) stopper.add(ByteStrings.encode(dir));
        for (int i = 1; i < argv.size(); i++) stopper.add(ByteStrings.encode(argv.get(i)));
        int pid;
        try {
            pid = spawn(kernel, "/bin/sh", stopper, null, env, jobs.terminalToHand());
        } catch (ErrnoException e) {
            throw new Tracer.StartFailed("cannot start the command: " + e.getMessage());
        }
        try {
            Stop first = Stop.decode(kernel.wait(pid, WUNTRACED));
            if (!(first instanceof Stop.Signal)) throw new Tracer.StartFailed("the command's stopper shell exited early: " + first);
            kernel.seize(pid, options);
        } catch (ErrnoException e) {
            // a tracer that follows tot's children (strace -f, an outer tot log) took the stopper first
            String tracer = e.errno == EPERM ? Attach.tracedBy(pid) : null;
            discard(kernel, pid);
            throw new Tracer.StartFailed(tracer != null
                    ? "ptrace is not permitted here (" + e.getMessage() + "): the command is traced already, by " + tracer
                      + ", which traces tot and follows its children (strace -f, an outer tot log); a process has one tracer"
                      + " at a time: trace tot's command without that tracer, or with --engine ebpf"
                    : e.errno == EPERM
                    ? "ptrace is not permitted here (" + e.getMessage() + "): run as root, grant CAP_SYS_PTRACE "
                      + "(e.g. docker run --cap-add=SYS_PTRACE), or set /proc/sys/kernel/yama/ptrace_scope to 0 or 1"
                    : "cannot start the command: " + e.getMessage());
        }
        jobs.started(pid); // while it is stopped: it may read the terminal from its first instruction
        try {
            kernel.kill(pid, SIGCONT);
        } catch (ErrnoException e) {
            throw new Tracer.StartFailed("cannot continue the command: " + e.getMessage());
        }
        return pid;
    }

    /** A stopper shell tot could not trace is killed and reaped, not left stopped behind tot. */
    private static void discard(Kernel kernel, int pid) {
        try {
            kernel.kill(pid, SIGKILL);
            kernel.wait(pid, 0);
        } catch (ErrnoException e) {
            // already reaped (it exited early): nothing is left behind
        }
    }

    /**
     * posix_spawn'd with only the fds tot inherited and no signal blocked, in a process group of
     * its own ({@link JobControl}); argv as given; in directory {@code dir} (null: tot's). The eBPF engine starts the command this way, with no
     * stopper: its programs are attached and the forks of this thread traced before the child
     * exists, so nothing is missed at the start.
     */
    static int spawn(Kernel kernel, String path, List<byte[]> argv, String dir, JobControl jobs) throws ErrnoException {
        return spawn(kernel, path, argv, dir, environment(dir), jobs.terminalToHand());
    }

    /** {@link #spawn} with environment {@code env}, given terminal {@code terminal} (-1: none). */
    private static int spawn(Kernel kernel, String path, List<byte[]> argv, String dir, List<byte[]> env, int terminal)
            throws ErrnoException {
        int[] open = RawFiles.numberedEntries("/proc/self/fd");
        for (int fd : open == null ? new int[0] : open) {
            if (InheritedFds.contains(fd)) continue;
            try {
                kernel.setCloexec(fd);
            } catch (ErrnoException e) {
                // the directory listing's own fd, closed by now
            }
        }
        long mask = kernel.setSignalMask(0); // the child inherits this thread's mask: none blocked
        try {
            return kernel.spawnInOwnGroup(ByteStrings.encode(path), argv, dir == null ? null : ByteStrings.encode(dir), env,
                    notGivenIgnored(), terminal);
        } finally {
            kernel.setSignalMask(mask);
        }
    }

    /**
     * Every signal but those tot was given ignored (and SIGKILL, SIGSTOP): they start at their
     * default action in the child, whatever the JVM or glibc's posix_spawn did with them (glibc
     * leaves its own signals 32 and 33 ignored in a child, and ignored stays ignored across exec).
     */
    private static long notGivenIgnored() {
        long all = -1L & ~(1L << (SIGKILL - 1)) & ~(1L << (SIGSTOP - 1));
        return all & ~InheritedSignals.ignored();
    }

    /** The command's environment: tot's, or in directory {@code dir} {@link #environmentIn}. */
    static List<byte[]> environment(String dir) {
        return dir == null ? Kernel.environment() : environmentIn(dir);
    }

    /**
     * tot's environment with PWD the directory and OLDPWD tot's, as a shell's cd leaves them: the
     * command's, under either engine, when it starts in {@code dir}.
     */
    static List<byte[]> environmentIn(String dir) {
        List<byte[]> env = new ArrayList<>();
        for (byte[] e : Kernel.environment()) {
            boolean cd = ByteStrings.startsWith(e, e.length, "PWD=") || ByteStrings.startsWith(e, e.length, "OLDPWD=");
            if (!cd) env.add(e);
        }
        env.add(ByteStrings.encode("PWD=" + dir));
        env.add(ByteStrings.encode("OLDPWD=" + RawFiles.cwd()));
        return env;
    }
}
