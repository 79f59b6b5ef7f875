package tot.strace;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tot.strace.StraceRecord.LoggedCall;

/**
 * The forks of a log written in a PID namespace without {@code --pidns-translation} (strace -f of
 * {@code unshare -pf}, a sandbox, a container runtime): strace names every task by its pid outside,
 * while a fork made inside returns the child's pid inside, which no task of the log has. What links
 * such a child to its fork, soundly, in the first pass:
 * <ol>
 *   <li>the child says its own pid inside: {@code set_tid_address(…) = 2} (glibc calls it at the
 *       start of every program) or {@code gettid() = 2}, the tid in its own namespace, which is the
 *       one its parent's fork returned; it is that fork when exactly one unlinked fork began before the
 *       child's first line and returned 2 (namespaces of their own each have a pid 2);</li>
 *   <li>else (or when the child is pid 1, the first of a namespace its parent made: its fork returned its pid in the
 *       parent's), in one log file (its lines in the order strace wrote them; in a -ff set with times, by its times,
 *       a fork at the same time as the child's first line counting as before it) of strace following forks (-f: some fork
 *       returned a task of the log, or a child said its pid by rule 1; without it, strace -p A -p B, a fork's child is
 *       never in the log) that shows its tasks' ends ({@code +++ exited} lines or exit calls: under -qq with an -e trace=
 *       set a child did nothing of, it is silent, and a later task, the root of a run strace -A appended, no child of
 *       that fork), a child can only appear after its fork began: when exactly one unlinked fork that returned a pid no task has began
 *       before the child's first line, the child is that fork's.</li>
 * </ol>
 * A fork whose pid its parent's wait returned before a task's first record (wait4's or waitpid's result, waitid's si_pid),
 * or a SIGCHLD its parent got said ended ({@code si_code=CLD_EXITED, si_pid=N}), did not make that task: its child was
 * dead. A child two or more such forks could have made stays unlinked (the caller warns).
 */
final class NamespaceForks {
    /** A call that made a task: who, the pid it returned, its clone flags, the line it began on and its order in the pass. */
    record Spawn(int parent, int result, long cloneFlags, int line, long time, long order) {}

    private final List<Spawn> spawns = new ArrayList<>();
    /** Task → the first line it appears on (a call's start line), and the order of its first record in the pass. */
    private final Map<Integer, Integer> firstLine = new HashMap<>();
    private final Map<Integer, Long> firstOrder = new HashMap<>();
    /** Task → the time of its first record (-1: none). */
    private final Map<Integer, Long> firstTime = new HashMap<>();
    /** A fork → the order of the wait of its parent that returned its pid: its child was dead by then. */
    private final Map<Spawn, Long> reaped = new HashMap<>();
    /** (parent, pid returned) → the latest such fork not reaped yet. */
    private final Map<Long, Spawn> unreaped = new HashMap<>();
    /** Task → the pid it said it has in its namespace (set_tid_address's or gettid's result). */
    private final Map<Integer, Integer> ownTid = new HashMap<>();
    /** See {@link #followed()}. */
    private boolean followed;

    /** The next record of the first pass ({@code order}: its place in the pass). */
    void count(StraceRecord r, long order) {
        firstLine.merge(r.pid(), r.line(), Math::min);
        firstOrder.putIfAbsent(r.pid(), order);
        firstTime.merge(r.pid(), r.timeNanos(), Math::min);
        int dead = deadChild(r);
        if (dead > 0) {
            Spawn s = unreaped.remove(key(r.pid(), dead));
            if (s != null) reaped.put(s, order);
        }
        if (!(r instanceof LoggedCall c)) return;
        if (c.spawnedPid() > 0) {
            Spawn s = new Spawn(c.pid(), c.spawnedPid(), RecordFacts.cloneFlags(c), c.line(), c.timeNanos(), order);
            spawns.add(s);
            unreaped.put(key(c.pid(), c.spawnedPid()), s);
        }
        int child = waited(c);
        if (child > 0) {
            Spawn s = unreaped.remove(key(c.pid(), child));
            if (s != null) reaped.put(s, order);
        }
        if ((c.name().equals("set_tid_address") || c.name().equals("gettid")) && !c.failed() && !c.unknownResult()
                && !c.unfinished() && c.result() > 0 && c.result() <= Integer.MAX_VALUE) {
            ownTid.putIfAbsent(c.pid(), (int) c.result());
        }
    }

    /** How many of {@code tasks} said they have pid {@code tid} in their namespace. */
    private int saying(List<Integer> tasks, int tid) {
        int n = 0;
        for (int t : tasks) if (ownTid.getOrDefault(t, -1) == tid) n++;
        return n;
    }

    private static long key(int parent, int child) {
        return (long) parent << 32 | child & 0xffffffffL;
    }

    /**
     * Whether strace followed forks (-f), as far as {@link #link} saw: a fork returned a task of the log, or a child in a
     * namespace said its pid there.
     */
    boolean followed() {
        return followed;
    }

    private int spawnsInNamespace(Set<Integer> pids) {
        int n = 0;
        for (Spawn s : spawns) if (!pids.contains(s.result())) n++;
        return n;
    }

    private static final java.util.regex.Pattern CHILD_ENDED =
            java.util.regex.Pattern.compile("si_code=CLD_(?:EXITED|KILLED|DUMPED), si_pid=([1-9][0-9]{0,8})[,<]");

    /**
     * The child whose end a {@code --- SIGCHLD {…, si_code=CLD_EXITED, si_pid=N, …} ---} told its parent (N in the parent's
     * namespace, as a fork returned it), else -1: that child made no task that appears later.
     */
    private static int deadChild(StraceRecord r) {
        if (!(r instanceof StraceRecord.Signal s) || !s.signal().equals("SIGCHLD") || s.info() == null) return -1;
        java.util.regex.Matcher m = CHILD_ENDED.matcher(s.info());
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    /** The child a wait reaped (wait4's or waitpid's result, waitid's si_pid; in the waiter's namespace), else -1. */
    private static int waited(LoggedCall c) {
        if (c.failed() || c.unknownResult() || c.unfinished()) return -1;
        if ((c.name().equals("wait4") || c.name().equals("waitpid")) && c.result() > 0 && c.result() <= Integer.MAX_VALUE) {
            return (int) c.result();
        }
        if (c.name().equals("waitid") && c.result() == 0 && c.arg(2) instanceof StraceArg.Struct info && info.field("si_pid") != null) {
            String pid = info.field("si_pid").replaceFirst("<.*", "");
            return pid.matches("[1-9][0-9]{0,8}") ? Integer.parseInt(pid) : -1;
        }
        return -1;
    }

    /**
     * Links the tasks no fork made ({@code unforked}) to the forks that returned pids no task has
     * ({@code pids}: every task of the log), by the rules above; {@code ordered}: the log's lines are in
     * the order strace wrote them (one file, not a -ff set); {@code timed}: a -ff set whose times order its files' lines
     * (a fork that began at or before a task's first time may have made it); neither: a -ff set without times, where only
     * a pid that one fork returned and one task said links (the replay reads the child's file at that fork,
     * {@link StraceParser#followNamespaceForks}). {@code exitsShown}: the log has {@code +++ exited} lines or exit calls,
     * so a child strace followed shows in it, at least by its end; without (strace -qq and an -e trace= set the child did
     * nothing of) a fork's child may be silent, and a later task, such as the root of a second run strace -A appended,
     * is not linked by order. Each link is added to {@code forks} (child → its fork) and reported to {@code linked}.
     *
     * @return the forks that returned a pid no task has and stay unlinked
     */
    int link(Set<Integer> pids, List<Integer> unforked, boolean ordered, boolean timed, boolean exitsShown,
            Map<Integer, Deque<StraceReplay.Fork>> forks,
            java.util.function.BiConsumer<Integer, Spawn> linked) {
        List<Spawn> open = new ArrayList<>();
        for (Spawn s : spawns) if (!pids.contains(s.result())) open.add(s);
        // order links only where strace followed forks (-f: some fork returned a task of the log): without -f
        // (strace -p A -p B) a fork's child is never in the log, and a task coming after it is another process
        for (Spawn s : spawns) followed |= pids.contains(s.result());
        if (open.isEmpty()) return open.size();
        List<Integer> children = new ArrayList<>(unforked);
        children.sort(Comparator.comparingInt(t -> firstLine.getOrDefault(t, Integer.MAX_VALUE)));
        for (int pass = 0; pass < 2; pass++) { // those that said their pid first: they free forks for the others
            // a child that said its pid is in the log: strace followed its fork (strace -f -p of a process in a namespace,
            // whose forks all return pids there)
            if (pass == 1 && open.size() < spawnsInNamespace(pids)) followed = true;
            for (var it = children.iterator(); it.hasNext(); ) {
                int child = it.next();
                Integer tid = ownTid.get(child);
                // a child that said a pid no fork returned is no fork's, or the first of a namespace of its own (pid 1: its fork
                // returned its pid in its parent's namespace), which order may link
                if (pass == 0 && tid == null || pass == 1 && (!(ordered || timed) || !followed || !exitsShown || tid != null && tid != 1)) {
                    continue;
                }
                // a -ff set without times says nothing of what came first: only a pid one fork returned and one task said
                if (!ordered && !timed && saying(unforked, tid) != 1) continue;
                int first = firstLine.getOrDefault(child, Integer.MAX_VALUE);
                long firstAt = firstTime.getOrDefault(child, Long.MAX_VALUE);
                Spawn only = null;
                int candidates = 0;
                long firstRecord = firstOrder.getOrDefault(child, Long.MAX_VALUE);
                for (Spawn s : open) {
                    // a -ff set's lines are its files': its times say what came first (a tie may be either)
                    if (ordered && s.line() >= first || !ordered && timed && s.time() > firstAt || pass == 0 && s.result() != tid) continue;
                    Long dead = reaped.get(s); // a child its parent had reaped before this task's first record is another
                    if (ordered && dead != null && dead < firstRecord) continue;
                    candidates++;
                    only = s;
                }
                if (candidates != 1) continue;
                open.remove(only);
                it.remove();
                Deque<StraceReplay.Fork> forkers = new ArrayDeque<>();
                forkers.add(new StraceReplay.Fork(only.parent(), only.cloneFlags()));
                forks.put(child, forkers);
                linked.accept(child, only);
            }
        }
        return open.size();
    }
}
