package tot.strace;

import java.util.HashSet;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Whose a line without a pid is. strace writing to stderr (no {@code -o}) leaves the prefix out
 * while it traces one process and prints {@code [pid N] } once there are more; a log without
 * {@code -f} never has one. So an unprefixed line belongs to the only task seen with a prefix and
 * not gone since; before any prefix, to the root: the process strace started or attached to.
 *
 * <p>The root's pid shows only later, so it is learned, from the surest sign first:
 * <ol>
 *   <li>a call the root began on an unprefixed line ends on a prefixed one
 *       ({@code [pid N] <... clone resumed>}): N;</li>
 *   <li>{@code Process N attached} before any event ({@code -p}), unless a call then returns N as
 *       its child's (the log began just before a child's message);</li>
 *   <li>the first prefixed task that is no child: children are what clone, fork and vfork return
 *       and what strace announces ({@code Process N attached} after the first event). While the
 *       root's own clone, fork or vfork is unfinished, a new task is taken for its child (it may
 *       print before the call returns: a vfork returns only after its child's exec), so nothing
 *       is decided.</li>
 * </ol>
 * Until then the root's lines get the default pid; a second pass (see {@link LogSurvey}) gives
 * them the pid learned. When the root has exited with no other task seen, the next one strace
 * announces ({@code Process N attached}: a child it could not attach before the root was gone) is
 * the one task left, and its lines have no prefix either.
 */
final class UnprefixedPids {
    private final int defaultPid;
    private int root = Leader.NO_PID;
    private boolean sawUnprefixed, sawEvent, rootGone;
    /** The root was taken from {@code Process N attached}: a call that returns N as its child's proves it was not. */
    private boolean rootFromAttach;
    /** Tasks seen with a prefix and not gone; null until the first prefix. */
    private Set<Integer> live;
    /** Children (pids calls returned, or strace announced), while the root is to be learned. */
    private Set<Integer> children;

    UnprefixedPids(int defaultPid) {
        this.defaultPid = defaultPid;
    }

    /** The pid of an unprefixed event line. */
    int unprefixed() {
        sawUnprefixed = true;
        sawEvent = true;
        if (live != null && live.size() == 1) return live.iterator().next();
        return root();
    }

    /** The pid unprefixed lines get when no prefixed task is alone: the root's, when learned. */
    int root() {
        return root != Leader.NO_PID ? root : defaultPid;
    }

    /** The pid unprefixed lines get before the root's is learned. */
    int defaultPid() {
        return defaultPid;
    }

    /** An event line with a log file's prefix, {@code N } (-o: every line has its pid). */
    void prefixed() {
        sawEvent = true;
    }

    /**
     * An event line with stderr's prefix, {@code [pid N] }; {@code rootSpawning}: whether the root
     * has a clone, fork or vfork unfinished. Returns whether it revealed the root's pid (whose lines
     * had the default pid so far).
     */
    boolean prefixed(int pid, BooleanSupplier rootSpawning) {
        sawEvent = true;
        if (live == null) live = new HashSet<>();
        boolean first = live.add(pid);
        if (!first || !unknown() || children != null && children.contains(pid) || rootSpawning.getAsBoolean()) return false;
        return learn(pid);
    }

    /** A call begun on an unprefixed line, the root's, ended on a line of {@code pid}. Returns whether that revealed the root's pid. */
    boolean endedByPrefixed(int pid) {
        return unknown() && learn(pid);
    }

    /** A call returned {@code child} as the pid of a task it created. */
    void spawned(int child) {
        if (rootFromAttach && child == root) { // the message was a child's
            root = Leader.NO_PID;
            rootFromAttach = false;
        }
        if (unknown()) child(child);
    }

    /** Whether {@link #spawned} wants to hear of calls' children: the root of unprefixed lines is unknown or unsure. */
    boolean learning() {
        return unknown() && sawUnprefixed;
    }

    /** strace said {@code Process N attached}: before any event, N is the root; after, a child. */
    void attached(int pid) {
        if (!sawEvent && root == Leader.NO_PID) {
            root = pid;
            rootFromAttach = true;
        } else {
            if (unknown()) child(pid);
            if (rootGone && (live == null || live.isEmpty())) { // the only task now: unprefixed lines are its
                if (live == null) live = new HashSet<>();
                live.add(pid);
            }
        }
    }

    /** strace announced {@code Process N attached} in the middle of a line: an event had begun, so N is a child. */
    void attachedDuringEvent(int pid) {
        if (unknown()) child(pid);
    }

    /** The task is gone (exited, killed, or replaced by a thread's exec). */
    void gone(int pid) {
        if (live != null) live.remove(pid);
        if (pid == root()) rootGone = true;
    }

    private boolean unknown() {
        return root == Leader.NO_PID || rootFromAttach;
    }

    private void child(int pid) {
        if (children == null) children = new HashSet<>();
        children.add(pid);
    }

    private boolean learn(int pid) {
        if (pid == root) {
            rootFromAttach = false;
            return false;
        }
        root = pid;
        rootFromAttach = false;
        children = null;
        return true;
    }
}
