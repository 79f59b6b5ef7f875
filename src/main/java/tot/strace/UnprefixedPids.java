package tot.strace;

import java.util.HashSet;
import java.util.Set;

/**
 * Whose a line without a pid is. strace writing to stderr (no {@code -o}) leaves the prefix out
 * while it traces one process and prints {@code [pid N] } once there are more; a log without
 * {@code -f} never has one. So an unprefixed line belongs to the only task seen with a prefix and
 * not gone since; before any prefix, to the root: the process strace started or attached to.
 *
 * <p>The root's pid shows only later, so it is learned: from strace's {@code Process N attached}
 * before any event ({@code -p}), or from the first prefixed task that no call in the log created
 * (clone, fork and vfork return their children's pids: the one task no call created is the root).
 * Until then the root's lines get the default pid; a second pass (see {@link LogSurvey}) can give
 * them the pid learned.
 */
final class UnprefixedPids {
    private final int defaultPid;
    private int root = Leader.NO_PID;
    private boolean sawUnprefixed, sawEvent;
    /** Tasks seen with a prefix and not gone; null until the first prefix. */
    private Set<Integer> live;
    /** Pids that calls returned as their children's, while the root is to be learned. */
    private Set<Integer> spawned;

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

    /**
     * An event line with a prefix: {@code [pid N] } ({@code bracketed}, stderr's) or {@code N } (a
     * log file's). Returns whether it revealed the root's pid (the root's lines had the default pid).
     */
    boolean prefixed(int pid, boolean bracketed) {
        sawEvent = true;
        if (!bracketed) return false; // -o: every line has its pid
        if (live == null) live = new HashSet<>();
        if (!live.add(pid) || root != Leader.NO_PID || !sawUnprefixed || spawned != null && spawned.contains(pid)) return false;
        root = pid;
        spawned = null;
        return true;
    }

    /** The pid unprefixed lines get before the root's is learned. */
    int defaultPid() {
        return defaultPid;
    }

    /** A call returned {@code child} as the pid of a task it created. */
    void spawned(int child) {
        if (root != Leader.NO_PID) return;
        if (spawned == null) spawned = new HashSet<>();
        spawned.add(child);
    }

    /** Whether {@link #spawned} wants to hear of calls' children: the root of unprefixed lines is unknown. */
    boolean learning() {
        return root == Leader.NO_PID && sawUnprefixed;
    }

    /** strace said {@code Process N attached}: before any event, N is the root. */
    void attached(int pid) {
        if (!sawEvent && root == Leader.NO_PID) root = pid;
    }

    /** The task is gone (exited, killed, or replaced by a thread's exec). */
    void gone(int pid) {
        if (live != null) live.remove(pid);
    }
}
