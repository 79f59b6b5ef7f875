package tot.syscalls;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Builds the classic-BPF seccomp program from the table, one section per architecture a tracee
 * can call the kernel with (x86_64 and i386): the listed syscalls, calls that act on tot itself
 * ({@link Syscall#targets}: the tracer refuses and records them), a seccomp filter that asks for
 * a listener ({@link Syscall#asksListener}: refused too), numbers newer than the table,
 * x32 calls and any other ABI return RET_TRACE (tot reports what it cannot decode rather than
 * miss it; the tracer refuses an x32 call); the rest RET_ALLOW. Or ({@link #refusing}) a filter
 * that only refuses the calls that act on tot, and x32 calls, for a command no tracer stops.
 * Each instruction is {code, jt, jf, k}.
 */
public final class SeccompFilter {
    private SeccompFilter() {}

    static final int LD_W_ABS = 0x00 | 0x00 | 0x20, JEQ_K = 0x05 | 0x10, JGE_K = 0x05 | 0x30, JSET_K = 0x05 | 0x40, JA = 0x05, RET_K = 0x06;
    /**
     * The data tot's filter puts in its SECCOMP_RET_TRACE: a seccomp stop with other data was
     * asked for by a filter of the traced program's own ({@code ptrace_syscall_info.seccomp.ret_data}).
     */
    public static final int TRACE_DATA = 0x7074;
    public static final int RET_ALLOW = 0x7fff0000, RET_TRACE = 0x7ff00000 | TRACE_DATA, RET_ERRNO = 0x00050000,
            RET_USER_NOTIF = 0x7fc00000;
    static final int OFF_NR = 0, OFF_ARCH = 4, OFF_ARGS = 16;
    static final int X32_BIT = 0x40000000;
    static final int ENOSYS = 38;

    /** Most JEQs that share one RET_TRACE (a jump offset is 8 bits). */
    private static final int CHUNK = 200;
    /** Most ids one guard block compares with (its jumps must stay within 8 bits). */
    public static final int MAX_PROTECTED_IDS = 100;

    /**
     * The program trapping {@code traced}; a syscall for which {@code argFiltered} holds is
     * trapped only for the argument values of its {@link Syscall#onlyIf()}; so is a call whose
     * PID argument is one of {@code protectedIds} (tot's process and threads).
     */
    public static List<int[]> build(List<Syscall> traced, Predicate<Syscall> argFiltered, int[] protectedIds) {
        if (protectedIds.length > MAX_PROTECTED_IDS) throw new IllegalArgumentException("too many protected ids");
        List<int[]> p = new ArrayList<>();
        List<Integer> jumps = archJumps(p, RET_TRACE);              // another ABI: tot reports it
        for (int i = 0; i < SyscallTable.ARCHES.size(); i++) {
            here(p, jumps.get(i));
            section(p, SyscallTable.ARCHES.get(i), traced, argFiltered, protectedIds);
        }
        if (p.size() > 4096) throw new IllegalStateException("seccomp program too long: " + p.size());
        return p;
    }

    /**
     * The program's start: the architecture loaded, a jump per architecture in {@link SyscallTable#ARCHES}
     * (pointed at its section by {@link #here}), then {@code otherAbi} for any other.
     */
    private static List<Integer> archJumps(List<int[]> p, int otherAbi) {
        p.add(new int[] {LD_W_ABS, 0, 0, OFF_ARCH});
        List<Integer> jumps = new ArrayList<>();
        for (SyscallTable.Arch arch : SyscallTable.ARCHES) {
            p.add(new int[] {JEQ_K, 0, 1, arch.auditArch});
            jumps.add(p.size());
            p.add(new int[] {JA, 0, 0, 0});
        }
        p.add(new int[] {RET_K, 0, 0, otherAbi});
        return jumps;
    }

    /** Points the jump at {@code jump} to the next instruction to be added. */
    private static void here(List<int[]> p, int jump) {
        p.get(jump)[3] = p.size() - jump - 1;
    }

    private static void section(List<int[]> p, SyscallTable.Arch arch, List<Syscall> traced,
                                Predicate<Syscall> argFiltered, int[] protectedIds) {
        p.add(new int[] {LD_W_ABS, 0, 0, OFF_NR});
        if (arch == SyscallTable.X86_64) {                          // x32: tot reports it
            p.add(new int[] {JGE_K, 0, 1, X32_BIT});
            p.add(new int[] {RET_K, 0, 0, RET_TRACE});
        }
        if (protectedIds.length > 0) {
            for (Syscall s : SyscallTable.all()) {
                int nr = arch.number(s);
                if (nr >= 0 && s.namesProcess()) guard(p, s, nr, protectedIds, RET_TRACE);
                if (nr >= 0 && s.ownerInMemoryCommands() != null) inspect(p, s.ownerInMemoryCommands(), nr, RET_TRACE);
            }
        }
        for (Syscall s : SyscallTable.all()) {
            int nr = arch.number(s);
            if (nr >= 0 && s.indexOf(Arg.SECCOMP_FLAGS) >= 0) listener(p, s, nr);
        }
        p.add(new int[] {JGE_K, 0, 1, arch.highest() + 1});         // newer than the table: reported
        p.add(new int[] {RET_K, 0, 0, RET_TRACE});
        List<Syscall> filtered = new ArrayList<>();
        List<Integer> plain = new ArrayList<>();
        for (Syscall s : traced) {
            int nr = arch.number(s);
            if (nr < 0) continue;
            if (s.onlyIf() != null && argFiltered.test(s)) filtered.add(s);
            else plain.add(nr);
        }
        // chunks of JEQs, each ending in its own RET_TRACE that the last JEQ skips on no match
        for (int from = 0; from < plain.size(); from += CHUNK) {
            List<Integer> chunk = plain.subList(from, Math.min(plain.size(), from + CHUNK));
            for (int i = 0; i < chunk.size(); i++) {
                boolean last = i == chunk.size() - 1;
                p.add(new int[] {JEQ_K, chunk.size() - 1 - i, last ? 1 : 0, chunk.get(i)});
            }
            p.add(new int[] {RET_K, 0, 0, RET_TRACE});
        }
        // syscalls trapped only for some argument values: jump to a block that checks it
        List<Integer> blockJumps = new ArrayList<>();
        for (Syscall s : filtered) {
            blockJumps.add(p.size());
            p.add(new int[] {JEQ_K, 0, 0, arch.number(s)});
        }
        p.add(new int[] {RET_K, 0, 0, RET_ALLOW});
        for (int i = 0; i < filtered.size(); i++) {
            Syscall.ArgFilter f = filtered.get(i).onlyIf();
            setJt(p, blockJumps.get(i), p.size());
            p.add(new int[] {LD_W_ABS, 0, 0, OFF_ARGS + 8 * f.index()});
            int values = f.values().length;
            for (int v = 0; v < values; v++) p.add(new int[] {JEQ_K, values - v, 0, f.values()[v]});
            p.add(new int[] {RET_K, 0, 0, RET_ALLOW});
            p.add(new int[] {RET_K, 0, 0, RET_TRACE});
        }
    }

    /**
     * A filter that only guards: every call whose PID argument is one of {@code protectedIds}
     * ({@link Syscall#targets}; tot's only in tot's pid namespace, which a filter cannot see), a
     * call that acts through a pidfd (whose process a filter cannot see) and one that names an
     * fd's owner in memory wait for the filter's listener to decide (RET_USER_NOTIF); everything
     * else runs. For a command no tracer stops (the eBPF engine), installed before it is spawned.
     * An x32 call fails with ENOSYS, as on a kernel without x32: its numbers are not the table's,
     * so no comparison here could tell one aimed at tot. Another ABI's call runs (none exists on x86_64).
     */
    public static List<int[]> refusing(int[] protectedIds) {
        if (protectedIds.length > MAX_PROTECTED_IDS) throw new IllegalArgumentException("too many protected ids");
        List<int[]> p = new ArrayList<>();
        List<Integer> jumps = archJumps(p, RET_ALLOW);
        for (int i = 0; i < SyscallTable.ARCHES.size(); i++) {
            SyscallTable.Arch arch = SyscallTable.ARCHES.get(i);
            here(p, jumps.get(i));
            p.add(new int[] {LD_W_ABS, 0, 0, OFF_NR});
            if (arch == SyscallTable.X86_64) {
                p.add(new int[] {JGE_K, 0, 1, X32_BIT});
                p.add(new int[] {RET_K, 0, 0, RET_ERRNO | ENOSYS});
            }
            for (Syscall s : SyscallTable.all()) {
                int nr = arch.number(s);
                if (nr >= 0 && s.namesProcess()) guard(p, s, nr, protectedIds, RET_USER_NOTIF);
                if (nr >= 0 && s.ownerInMemoryCommands() != null) inspect(p, s.ownerInMemoryCommands(), nr, RET_USER_NOTIF);
                if (nr >= 0 && s.objectIdInMemoryCommands() != null) inspect(p, s.objectIdInMemoryCommands(), nr, RET_USER_NOTIF);
                if (nr >= 0 && s.handler() == Handler.PIDFD) {
                    p.add(new int[] {JEQ_K, 0, 1, nr});
                    p.add(new int[] {RET_K, 0, 0, RET_USER_NOTIF});
                }
            }
            p.add(new int[] {RET_K, 0, 0, RET_ALLOW});
        }
        return p;
    }

    /**
     * {@link Syscall#targets} in BPF for syscall {@code nr}: skipped for other numbers; a signal
     * argument of 0 lets the call through; a PID argument equal to a protected id returns
     * {@code deny}, and so does one that names a group or a user ({@link Syscall#who}), which a
     * filter cannot compare, or a cgroup ({@link Syscall#watchesCgroup}). Leaves the syscall
     * number in the accumulator, as it found it.
     */
    private static void guard(List<int[]> p, Syscall s, int nr, int[] ids, int deny) {
        int skip = p.size();
        p.add(new int[] {JEQ_K, 0, 0, nr});
        int signal = s.indexOf(Arg.SIGNAL_NUMBER);
        List<Integer> toOk = new ArrayList<>(), toDeny = new ArrayList<>();
        if (signal >= 0) {
            p.add(new int[] {LD_W_ABS, 0, 0, OFF_ARGS + 8 * signal});
            toOk.add(p.size());
            p.add(new int[] {JEQ_K, 0, 0, 0});
        }
        int perfFlags = s.indexOf(Arg.PERF_FLAGS);
        if (perfFlags >= 0) { // a cgroup's processes: tot's perhaps
            p.add(new int[] {LD_W_ABS, 0, 0, OFF_ARGS + 8 * perfFlags});
            toDeny.add(p.size());
            p.add(new int[] {JSET_K, 0, 0, Syscall.PERF_FLAG_PID_CGROUP});
        }
        int[] which = s.whichIsProcess();
        if (which != null) { // a group or a user: the tracer (or the listener) decides, knowing tot's group and user
            p.add(new int[] {LD_W_ABS, 0, 0, OFF_ARGS + 8 * which[0]});
            for (int kind = 1; kind <= 2; kind++) {
                toDeny.add(p.size());
                p.add(new int[] {JEQ_K, 0, 0, which[1] + kind});
            }
        }
        for (int i = 0; i < s.args().size(); i++) {
            Arg role = s.args().get(i);
            if (role != Arg.PID && role != Arg.OWNER && role != Arg.PGID) continue;
            int notOwner = -1;
            if (role == Arg.OWNER) { // a process only after F_SETOWN: any other command goes on
                p.add(new int[] {LD_W_ABS, 0, 0, OFF_ARGS + 8 * s.indexOf(Arg.FCNTL_CMD)});
                notOwner = p.size();
                p.add(new int[] {JEQ_K, 0, 0, Syscall.F_SETOWN});
            }
            p.add(new int[] {LD_W_ABS, 0, 0, OFF_ARGS + 8 * i});
            for (int id : ids) {
                if (role == Arg.PGID && id >= -1) continue; // a group to join: tot's, given as -group
                toDeny.add(p.size());
                p.add(new int[] {JEQ_K, 0, 0, role == Arg.PGID ? -id : id});
            }
            if (notOwner >= 0) p.get(notOwner)[2] = p.size() - notOwner - 1; // false: past the comparisons
        }
        toOk.add(p.size());
        p.add(new int[] {JA, 0, 0, 1});
        int denyAt = p.size();
        p.add(new int[] {RET_K, 0, 0, deny});
        int ok = p.size();
        p.add(new int[] {LD_W_ABS, 0, 0, OFF_NR});
        for (int at : toDeny) setJt(p, at, denyAt);
        for (int at : toOk) {
            if (p.get(at)[0] == JA) continue; // already jumps over the RET
            setJt(p, at, ok);
        }
        int offset = p.size() - skip - 1;
        if (offset > 255) throw new IllegalStateException("BPF guard block too long: " + offset);
        p.get(skip)[2] = offset;
    }

    /**
     * For syscall {@code nr}: its {@code commands} ({argument index, values…}) whose argument in
     * memory must be read to decide (a process: {@link Syscall#ownerInMemoryCommands}; a bpf
     * object's id: {@link Syscall#objectIdInMemoryCommands}) return {@code action} (the tracer, or
     * the listener, reads it and decides); skipped for other numbers and commands. Leaves the syscall number in
     * the accumulator, as it found it.
     */
    private static void inspect(List<int[]> p, int[] commands, int nr, int action) {
        int skip = p.size();
        p.add(new int[] {JEQ_K, 0, 0, nr});
        p.add(new int[] {LD_W_ABS, 0, 0, OFF_ARGS + 8 * commands[0]});
        List<Integer> toAction = new ArrayList<>();
        for (int i = 1; i < commands.length; i++) {
            toAction.add(p.size());
            p.add(new int[] {JEQ_K, 0, 0, commands[i]});
        }
        p.add(new int[] {LD_W_ABS, 0, 0, OFF_NR});
        p.add(new int[] {JA, 0, 0, 1});
        int actionAt = p.size();
        p.add(new int[] {RET_K, 0, 0, action});
        for (int at : toAction) setJt(p, at, actionAt);
        p.get(skip)[2] = p.size() - skip - 1;
    }

    /**
     * {@link Syscall#asksListener} in BPF for syscall {@code nr}: SECCOMP_SET_MODE_FILTER with
     * NEW_LISTENER returns RET_TRACE (the tracer refuses it); skipped for other numbers and
     * calls. Leaves the syscall number in the accumulator, as it found it.
     */
    private static void listener(List<int[]> p, Syscall s, int nr) {
        int flags = s.indexOf(Arg.SECCOMP_FLAGS);
        int skip = p.size();
        p.add(new int[] {JEQ_K, 0, 0, nr});
        p.add(new int[] {LD_W_ABS, 0, 0, OFF_ARGS + 8 * (flags - 1)});
        p.add(new int[] {JEQ_K, 0, 2, Syscall.SECCOMP_SET_MODE_FILTER});   // another operation: past the flags
        p.add(new int[] {LD_W_ABS, 0, 0, OFF_ARGS + 8 * flags});
        p.add(new int[] {JSET_K, 2, 0, Syscall.SECCOMP_FILTER_FLAG_NEW_LISTENER});
        p.add(new int[] {LD_W_ABS, 0, 0, OFF_NR});
        p.add(new int[] {JA, 0, 0, 1});
        p.add(new int[] {RET_K, 0, 0, RET_TRACE});
        p.get(skip)[2] = p.size() - skip - 1;
    }

    private static void setJt(List<int[]> p, int from, int to) {
        int offset = to - from - 1;
        if (offset < 0 || offset > 255) throw new IllegalStateException("BPF jump out of range: " + offset);
        p.get(from)[1] = offset;
    }
}
