package tot.trace;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import tot.syscalls.Arg;
import tot.syscalls.Handler;
import tot.syscalls.Syscall;
import tot.syscalls.SyscallTable;

/**
 * What the kernel side of the eBPF engine does with each syscall number (its `calls` map), from
 * the syscall table: whether to record it, when, and which arguments are strings to read or
 * point to 8 bytes or a block of argument words to read at exit. The bits are those of
 * src/main/bpf/tot.bpf.c.
 */
final class EbpfCalls {
    private EbpfCalls() {}

    static final int TRACED = 0x1, AT_ENTRY = 0x2, NO_RECORD = 0x4, FAILED_ONLY = 0x8, GUARDED = 0x10, FD_KIND = 0x20;
    static final int STR1_SHIFT = 8, STR2_SHIFT = 12, DEREF_SHIFT = 16, ARGV_SHIFT = 20, BLOCK_SHIFT = 24, ARGF_SHIFT = 28;
    /** The map's slots per architecture: numbers at or above are never recorded (an x32 call, say). */
    static final int SLOTS = 1024;

    /** The syscalls to record: what deps.json needs (close included: no stop to save here) and the events asked for. */
    static Set<Syscall> selected(List<Syscall> events) {
        Set<Syscall> out = new LinkedHashSet<>(SyscallTable.handled());
        out.addAll(events);
        return out;
    }

    /**
     * The map value for {@code s}: {@link #bits} when it is {@code recorded}; {@link #GUARDED}
     * when it names a process (tot's guard may refuse it, and the kernel side then records it);
     * the index of the argument whose values {@link #filter} lists when {@code argFiltered}.
     */
    static int value(Syscall s, boolean recorded, boolean argFiltered) {
        int filter = recorded && argFiltered && filter(s) != null ? (s.onlyIf().index() + 1) << ARGF_SHIFT : 0;
        return (recorded ? bits(s) : 0) | (namesProcess(s) ? GUARDED : 0) | filter;
    }

    /**
     * The argument values the kernel side records {@code s} for when it filters it (ioctl: only
     * FIOCLEX/FIONCLEX, ptrace: only PTRACE_ATTACH/PTRACE_SEIZE, as the seccomp filter traps
     * them), or null: every call. A call that names a process and is skipped at its entry looks
     * refused by tot's guard at its exit when it failed with EPERM: user space takes it for one
     * only when it names tot ({@link EbpfFacts}), which the guard refuses whatever the request.
     */
    static int[] filter(Syscall s) {
        return s.onlyIf() == null ? null : s.onlyIf().values();
    }

    /** The syscalls that name a process: by number (a PID argument), through a pidfd (pidfd_send_signal, pidfd_getfd, …) or in memory (an fd's owner). */
    static List<Syscall> guarded() {
        return SyscallTable.all().stream().filter(EbpfCalls::namesProcess).toList();
    }

    private static boolean namesProcess(Syscall s) {
        return s.namesProcess() || s.handler() == Handler.PIDFD || s.ownerInMemoryCommands() != null
                || s.objectIdInMemoryCommands() != null;
    }

    /** How the kernel side records {@code s}. */
    static int bits(Syscall s) {
        int bits = TRACED;
        if (s.handler() == Handler.SPAWN) bits |= NO_RECORD; // the fork record says it, with these arguments
        else if (!s.needsExit()) bits |= AT_ENTRY;
        if (s.handler() == Handler.EXEC) bits |= FAILED_ONLY; // a success is the exec record
        if (s.handler() == Handler.OPEN) bits |= FD_KIND; // whether it opened a directory: a read of one is no input
        int strings = 0;
        for (int i = 0; i < s.args().size(); i++) {
            switch (s.args().get(i)) {
                case PATH, STRING -> {
                    if (strings < 2) bits |= (i + 1) << (strings++ == 0 ? STR1_SHIFT : STR2_SHIFT);
                }
                case OPEN_HOW, CLONE_ARGS, FD_PAIR_OUT -> bits |= (i + 1) << DEREF_SHIFT;
                case ARGV -> bits |= (i + 1) << ARGV_SHIFT;
                case ARG_BLOCK -> bits |= (i + 1) << BLOCK_SHIFT;
                default -> { }
            }
        }
        return bits;
    }

    /** Whether argument {@code role} is one the kernel side reads as a string. */
    static boolean isString(Arg role) {
        return role == Arg.PATH || role == Arg.STRING;
    }
}
