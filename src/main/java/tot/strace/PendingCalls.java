package tot.strace;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The calls strace printed up to {@code <unfinished ...>} and whose {@code <... NAME resumed>}
 * has not come yet, one per task at most (a task is in one call at a time).
 */
final class PendingCalls {
    /**
     * A call's start: its text from the name on, the line and time it began; {@code resumeAs}:
     * the pid its end will come under when strace said {@code <pid changed to N ...>}, else -1.
     */
    record Pending(int line, long time, String name, byte[] text, int resumeAs) {}

    /** A pending call and the task it was started by. */
    record Owned(int pid, Pending call) {}

    private final Map<Integer, Pending> byPid = new HashMap<>();

    /** Records {@code pid}'s start; returns the call it had pending, which will not end any more, or null. */
    Pending start(int pid, Pending call) {
        return byPid.put(pid, call);
    }

    /** {@code pid}'s pending call, left pending, or null. */
    Pending peek(int pid) {
        return byPid.get(pid);
    }

    /** Takes {@code pid}'s pending call (its task exited, or its end came), or null. */
    Pending take(int pid) {
        return byPid.remove(pid);
    }

    /** A thread's exec ends under the leader's pid: its pending execve moves there. */
    void move(int from, int to) {
        Pending moved = byPid.remove(from);
        if (moved != null) byPid.put(to, moved);
    }

    /**
     * Takes the start that {@code <... NAME resumed>} on a line of {@code pid} ends, or returns
     * null when there is none. Besides the task's own: the one strace said would end under this
     * pid ({@code <pid changed to N ...>}, in case no superseded line moved it); and, since strace
     * on stderr leaves the prefix out while it traces one process so that one of the two halves
     * may lack it, the one of {@code unprefixedPid} when this end has a prefix, or the latest one of
     * that name when it has none.
     */
    Owned takeStartOf(int pid, boolean prefixed, String name, int unprefixedPid) {
        Integer key = byPid.containsKey(pid) ? Integer.valueOf(pid) : orphanKey(pid, prefixed, name, unprefixedPid);
        if (key == null) return null;
        Pending call = byPid.get(key);
        if (!call.name().equals(name)) return new Owned(key, call); // the caller reports the mismatch; the start stays
        byPid.remove(key);
        return new Owned(key, call);
    }

    private Integer orphanKey(int pid, boolean prefixed, String name, int unprefixedPid) {
        for (Map.Entry<Integer, Pending> e : byPid.entrySet()) {
            if (e.getValue().resumeAs() == pid) return e.getKey();
        }
        if (prefixed) {
            Pending x = byPid.get(unprefixedPid);
            return x != null && x.name().equals(name) ? unprefixedPid : null;
        }
        Integer best = null;
        for (Map.Entry<Integer, Pending> e : byPid.entrySet()) {
            if (e.getValue().name().equals(name) && (best == null || e.getValue().line() > byPid.get(best).line())) best = e.getKey();
        }
        return best;
    }

    /** The one task other than {@code pid} with a call {@code name} pending, or -1 when none or several have. */
    int onlyOther(int pid, String name) {
        int found = -1;
        for (Map.Entry<Integer, Pending> e : byPid.entrySet()) {
            if (e.getKey() == pid || !e.getValue().name().equals(name)) continue;
            if (found >= 0) return -1;
            found = e.getKey();
        }
        return found;
    }

    /** Takes every pending call, in the order they began: the log ended. */
    List<Owned> takeAll() {
        List<Owned> all = new ArrayList<>();
        byPid.forEach((pid, call) -> all.add(new Owned(pid, call)));
        all.sort((x, y) -> Integer.compare(x.call().line(), y.call().line()));
        byPid.clear();
        return all;
    }
}
