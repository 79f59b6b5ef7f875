package tot.strace;

import tot.linux.Signals;

/** clone flags as strace prints them ({@code CLONE_VM|CLONE_FS|SIGCHLD}, or a number) into their bits. */
final class CloneFlags {
    private CloneFlags() {}

    private static final String[] NAMES = {
        "CLONE_VM", "CLONE_FS", "CLONE_FILES", "CLONE_SIGHAND", "CLONE_PIDFD", "CLONE_PTRACE", "CLONE_VFORK",
        "CLONE_PARENT", "CLONE_THREAD", "CLONE_NEWNS", "CLONE_SYSVSEM", "CLONE_SETTLS", "CLONE_PARENT_SETTID",
        "CLONE_CHILD_CLEARTID", "CLONE_DETACHED", "CLONE_UNTRACED", "CLONE_CHILD_SETTID", "CLONE_NEWCGROUP",
        "CLONE_NEWUTS", "CLONE_NEWIPC", "CLONE_NEWUSER", "CLONE_NEWPID", "CLONE_NEWNET", "CLONE_IO",
    };

    /** The bits of {@code text}: flag names (CLONE_VM is 0x100, each next one the next bit), signal names, numbers. */
    static long parse(String text) {
        return FlagBits.of(text, CloneFlags::bit);
    }

    private static long bit(String name) {
        int at = java.util.Arrays.asList(NAMES).indexOf(name);
        if (at >= 0) return 0x100L << at;
        return Math.max(Signals.numberInStrace(name), 0);
    }
}
