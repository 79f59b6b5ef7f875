package tot.trace;

import java.util.HashSet;
import java.util.Set;
import tot.linux.ControllingTerminal;
import tot.syscalls.Handler;
import tot.syscalls.SeccompFilter;
import tot.syscalls.Syscall;

/**
 * tot's own process and thread ids, as they are when a trace starts: what a traced program may
 * not name in a call that acts on a process ({@link tot.syscalls.Syscall#targets}). A kill of
 * tot's process group ({@code -group}) or of every process ({@code -1}) would reach tot too.
 */
record OwnIds(int process, Set<Integer> all, int group, int uid, int helper) {
    /** Before a trace has started: nothing. */
    static final OwnIds NONE = new OwnIds(0, Set.of(), 0, -1, 0);

    static OwnIds now() {
        int self = (int) ProcessHandle.current().pid();
        Set<Integer> ids = new HashSet<>(ProcFs.tasks(self));
        ids.add(self);
        return new OwnIds(self, Set.copyOf(ids), ControllingTerminal.processGroup(), ProcFs.realUid(self), 0);
    }

    /** These ids and tot's helper process {@code pid} (the eBPF engine's {@link Watchdog}, 0: none), leader of a group of its own. */
    OwnIds withHelper(int pid) {
        return new OwnIds(process, all, group, uid, pid);
    }

    /**
     * Whether a setpriority (or ioprio_set) of user {@code who} by task {@code tid} reaches tot:
     * {@code who} (0: the caller's real uid) is tot's real uid once the caller's user namespace
     * maps it to tot's (an unprivileged {@code unshare -U -r} makes tot's uid the caller's 0).
     */
    boolean isUserOf(int who, int tid) {
        if (uid < 0) return false;
        if (who == 0) return ProcFs.realUid(tid) == uid; // /proc shows it as tot's namespace sees it
        return (ProcFs.inTotsUserNamespace(tid) ? who : ProcFs.uidSeenByTot(tid, who)) == uid;
    }

    /** Whether a process argument {@code id} reaches tot: one of its ids, its group's negation, -1 (every process), or its helper (or the helper's group). */
    boolean contains(int id) {
        return all.contains(id) || process != 0 && (id == -1 || group > 0 && id == -group) || helper > 0 && (id == helper || id == -helper);
    }

    /**
     * The guard's rule, both engines': whether call {@code s} with {@code args} of task
     * {@code tid} acts on tot, by number ({@link Syscall#targets}), through a pidfd, or in memory
     * ({@link Decoder#owner}). Numbers count only in tot's pid namespace: a task of a child one
     * names its own processes by them, and cannot reach tot.
     */
    boolean aimedAtBy(Syscall s, long[] args, int tid, Decoder memory) {
        if (s.handler() == Handler.PIDFD) {
            int target = ProcFs.pidfdTarget(tid, (int) args[0]);
            // a pidfd may name any thread (a pidfs file handle opens one), also one the JVM started after `all` was taken
            return contains(target) || target > 0 && ProcFs.threadGroup(target) == process;
        }
        int bpfCommand = s.objectIdInMemory(args);
        if (bpfCommand >= 0) return ProcFs.ownBpfObject(bpfCommand, memory.objectId(tid, args[1]));
        if (s.who(args) == Syscall.Who.USER) return s.targets(args, this::contains, who -> isUserOf(who, tid));
        if (s.watchesCgroup(args)) return true; // a cgroup's processes: tot's perhaps, from any pid namespace
        boolean named = s.targets(args, this::contains) || contains(memory.owner(tid, s, args));
        return named && ProcFs.inTotsPidNamespace(tid);
    }

    /** For a seccomp filter: the process, -1, tot's group negated and the helper first, then as many threads as a guard block holds. */
    int[] forFilter() {
        java.util.stream.IntStream.Builder head = java.util.stream.IntStream.builder().add(process).add(-1);
        if (group > 0) head.add(-group);
        if (helper > 0) head.add(helper).add(-helper);
        int[] first = head.build().toArray();
        int[] threads = all.stream().mapToInt(Integer::intValue).filter(id -> id != process).sorted()
                .limit(SeccompFilter.MAX_PROTECTED_IDS - first.length).toArray();
        int[] out = java.util.Arrays.copyOf(first, first.length + threads.length);
        System.arraycopy(threads, 0, out, first.length, threads.length);
        return out;
    }
}
