package tot.syscalls;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * One row of the syscall table.
 *
 * @param name       the syscall's name, as strace prints it
 * @param classes    strace classes it belongs to
 * @param args       the role of each argument, in order
 * @param needsExit  whether tot needs its result (an exit stop), not only its arguments
 * @param handler    what the tracer does with it
 * @param onlyIf     when not null, trap only calls whose argument {@code onlyIf.index} is one of
 *                   {@code onlyIf.values} (the filter checks it; e.g. fcntl's command)
 */
public record Syscall(String name, Set<SyscallClass> classes, List<Arg> args, boolean needsExit,
                      Handler handler, ArgFilter onlyIf, Result result) {

    /** What a successful call returns, as strace shows it. */
    public enum Result {
        /** A number, in decimal. */
        NUMBER,
        /** An address (mmap's, brk's), in hex. */
        ADDRESS,
        /** A file mode (umask's old one), in octal. */
        MODE;

        /** {@code value} as strace shows this kind of number. */
        public String text(long value) {
            return switch (this) {
                case NUMBER -> Long.toString(value);
                case ADDRESS -> "0x" + Long.toHexString(value);
                case MODE -> { // strace's %#03o: 022, 000
                    String octal = Long.toOctalString(value);
                    yield "0".repeat(Math.max(1, 3 - octal.length())) + octal;
                }
            };
        }
    }

    /** This row returning {@code r}. */
    Syscall returning(Result r) {
        return new Syscall(name, classes, args, needsExit, handler, onlyIf, r);
    }

    /** {@code value}, a successful result of this call, as strace shows it ({@link Result}). */
    public String resultText(long value) {
        return result.text(value);
    }

    /** Trap only when argument {@code index} (its low 32 bits) is one of {@code values}. */
    public record ArgFilter(int index, int... values) {}

    /** Index of the {@code n}th argument (0-based) with role {@code role}, or -1. */
    public int indexOf(Arg role, int n) {
        for (int i = 0; i < args.size(); i++) if (args.get(i) == role && n-- == 0) return i;
        return -1;
    }

    /**
     * Rows are told apart by name (unique in the table): cheap for the tracer, which asks the
     * --trace selection about a row at every stop (a record's own hashCode would hash every
     * component, lists and sets included).
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof Syscall other && other.name.equals(name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    public int indexOf(Arg role) {
        return indexOf(role, 0);
    }

    /**
     * Whether this call, with these arguments, acts on a process {@code isProtected} accepts
     * (tot's own): a PID argument names it (or a PGID argument g, when -g is protected: tot's
     * group), unless a SIGNAL_NUMBER argument is 0 (an existence check, which a program's
     * watchdog loop on its parent needs to keep working). The seccomp
     * filter applies the same rule in BPF ({@link SeccompFilter}).
     */
    public boolean targets(long[] callArgs, java.util.function.IntPredicate isProtected) {
        return targets(callArgs, isProtected, uid -> false);
    }

    /**
     * {@link #targets(long[], java.util.function.IntPredicate)}, where a PID argument may also be
     * a process group (a setpriority of the group g acts on tot when -g is protected) or a user
     * ({@code isTotsUser}: whether a setpriority of all that user's processes reaches tot).
     */
    public boolean targets(long[] callArgs, java.util.function.IntPredicate isProtected, java.util.function.IntPredicate isTotsUser) {
        int signal = indexOf(Arg.SIGNAL_NUMBER);
        if (signal >= 0 && (int) callArgs[signal] == 0) return false;
        if (watchesCgroup(callArgs)) return true;
        Who who = who(callArgs);
        for (int i = 0; i < args.size(); i++) {
            int id = (int) callArgs[i];
            if (args.get(i) == Arg.PID && who == Who.GROUP) {
                if (id > 0 && isProtected.test(-id)) return true;
                continue;
            }
            if (args.get(i) == Arg.PID && who == Who.USER) {
                if (isTotsUser.test(id)) return true;
                continue;
            }
            boolean process = args.get(i) == Arg.PID
                    || args.get(i) == Arg.OWNER && (int) callArgs[indexOf(Arg.FCNTL_CMD)] == F_SETOWN;
            if (process && isProtected.test(id)) return true;
            if (args.get(i) == Arg.PGID && id > 1 && isProtected.test(-id)) return true;
        }
        return false;
    }

    /** What a PID argument names: a process, or, by setpriority's and ioprio_set's {@code which}, a process group or a user. */
    public enum Who { PROCESS, GROUP, USER }

    /** What this call's PID argument names, with these arguments ({@link Who}). */
    public Who who(long[] callArgs) {
        int[] which = whichIsProcess();
        if (which == null) return Who.PROCESS;
        int kind = (int) callArgs[which[0]] - which[1]; // 0 a process, 1 a group, 2 a user
        return kind == 1 ? Who.GROUP : kind == 2 ? Who.USER : Who.PROCESS;
    }

    /**
     * For a call whose PID argument's kind a {@code which} argument gives: {its index, the value
     * that makes it a process} (group and user follow in that order); else null.
     */
    public int[] whichIsProcess() {
        if (indexOf(Arg.PRIO_WHICH) >= 0) return new int[] {indexOf(Arg.PRIO_WHICH), 0};
        if (indexOf(Arg.IOPRIO_WHICH) >= 0) return new int[] {indexOf(Arg.IOPRIO_WHICH), 1};
        return null;
    }

    /** perf_event_open's flag that makes its PID argument a cgroup's fd ({@link Arg#PERF_FLAGS}). */
    public static final int PERF_FLAG_PID_CGROUP = 1 << 2;

    /** Whether this call acts on every process of a cgroup ({@link Arg#PERF_FLAGS}), tot's perhaps, whatever pid namespace it is made in. */
    public boolean watchesCgroup(long[] callArgs) {
        int flags = indexOf(Arg.PERF_FLAGS);
        return flags >= 0 && (callArgs[flags] & PERF_FLAG_PID_CGROUP) != 0;
    }

    /** fcntl's command that makes its argument the fd's owner (a process, or -group). */
    public static final int F_SETOWN = 8;
    /** fcntl's command whose argument points to the fd's owner: struct f_owner_ex {int type; pid_t pid;}. */
    public static final int F_SETOWN_EX = 15;
    /** ioctl's requests whose argument points to the fd's owner, an int as F_SETOWN's. */
    public static final int FIOSETOWN = 0x8901, SIOCSPGRP = 0x8902;

    /** How a call names the process it acts on in memory, where a filter cannot read it. */
    public enum OwnerInMemory {
        NONE,
        /** struct f_owner_ex: type (0 a thread, 1 a process, 2 a group) and id. */
        OWNER_EX,
        /** an int: a process, or a group negated. */
        INT
    }

    /** What this call, with these arguments, names a process by in memory (at the pointer of its owner argument). */
    public OwnerInMemory ownerInMemory(long[] callArgs) {
        if (indexOf(Arg.OWNER) < 0 && indexOf(Arg.IOCTL_ARG) < 0) return OwnerInMemory.NONE; // most calls, at every stop
        int[] commands = ownerInMemoryCommands(); // the filter's own list: the stop checks what it trapped
        if (commands == null) return OwnerInMemory.NONE;
        for (int i = 1; i < commands.length; i++) {
            if ((int) callArgs[commands[0]] == commands[i]) return indexOf(Arg.OWNER) >= 0 ? OwnerInMemory.OWNER_EX : OwnerInMemory.INT;
        }
        return OwnerInMemory.NONE;
    }

    /** The commands (or requests) of this call that name a process in memory, for the filter: {argument index, values…}, or null. */
    public int[] ownerInMemoryCommands() {
        if (indexOf(Arg.FCNTL_CMD) >= 0 && indexOf(Arg.OWNER) >= 0) return new int[] {indexOf(Arg.FCNTL_CMD), F_SETOWN_EX};
        if (indexOf(Arg.IOCTL_REQUEST) >= 0 && indexOf(Arg.IOCTL_ARG) >= 0) return new int[] {indexOf(Arg.IOCTL_REQUEST), FIOSETOWN, SIOCSPGRP};
        return null;
    }

    /** bpf(2)'s commands that open an object by the id in their attr's first word: PROG_, MAP_, BTF_, LINK_GET_FD_BY_ID. */
    public static final int BPF_PROG_GET_FD_BY_ID = 13, BPF_MAP_GET_FD_BY_ID = 14, BPF_BTF_GET_FD_BY_ID = 19, BPF_LINK_GET_FD_BY_ID = 30;

    /** The commands of this call that open a bpf object by its id in memory, for the filter: {argument index, values…}, or null. */
    public int[] objectIdInMemoryCommands() {
        int cmd = indexOf(Arg.BPF_CMD);
        return cmd < 0 ? null : new int[] {cmd, BPF_PROG_GET_FD_BY_ID, BPF_MAP_GET_FD_BY_ID, BPF_BTF_GET_FD_BY_ID, BPF_LINK_GET_FD_BY_ID};
    }

    /** The bpf command of this call when it opens an object by an id in memory ({@link #objectIdInMemoryCommands}), else -1. */
    public int objectIdInMemory(long[] callArgs) {
        int[] commands = objectIdInMemoryCommands();
        if (commands == null) return -1;
        for (int i = 1; i < commands.length; i++) if ((int) callArgs[commands[0]] == commands[i]) return commands[i];
        return -1;
    }

    /** The pointer argument where {@link #ownerInMemory} reads. */
    public int ownerPointer() {
        int owner = indexOf(Arg.OWNER);
        return owner >= 0 ? owner : indexOf(Arg.IOCTL_ARG);
    }

    /**
     * The process id (a group negated, as kill takes it) the {@code word} read at the owner
     * pointer names: for f_owner_ex its 8 bytes (type low, id high), for an int its value.
     */
    public static int ownerNamed(OwnerInMemory kind, long word) {
        if (kind != OwnerInMemory.OWNER_EX) return (int) word;
        int type = (int) word, id = (int) (word >>> 32);
        return type == 2 ? -id : id; // F_OWNER_PGRP
    }

    /** seccomp(2)'s operation that installs a filter, and the flag that asks it for a listener fd. */
    public static final int SECCOMP_SET_MODE_FILTER = 1, SECCOMP_FILTER_FLAG_NEW_LISTENER = 1 << 3;

    /**
     * Whether this call installs a seccomp filter with a listener of the program's own
     * (SECCOMP_FILTER_FLAG_NEW_LISTENER): refused, because its SECCOMP_RET_USER_NOTIF outranks the
     * RET_TRACE of tot's filter, so the calls it answers (CONTINUE) would run with no stop for tot,
     * a kill of tot or a deletion under -u included. A listener can only be asked for at install
     * time (prctl's PR_SET_SECCOMP has no flags). The seccomp filter applies the same rule in BPF.
     */
    public boolean asksListener(long[] callArgs) {
        int flags = indexOf(Arg.SECCOMP_FLAGS);
        return flags > 0 && (int) callArgs[flags - 1] == SECCOMP_SET_MODE_FILTER
                && (callArgs[flags] & SECCOMP_FILTER_FLAG_NEW_LISTENER) != 0;
    }

    /** Whether an argument names a process tot may have to refuse ({@link #targets}). */
    public boolean namesProcess() {
        return indexOf(Arg.PID) >= 0 || indexOf(Arg.OWNER) >= 0 || indexOf(Arg.PGID) >= 0;
    }

    static Set<SyscallClass> classes(SyscallClass first, SyscallClass... rest) {
        return EnumSet.of(first, rest);
    }
}
