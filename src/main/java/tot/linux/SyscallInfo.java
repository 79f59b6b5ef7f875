package tot.linux;

/** What PTRACE_GET_SYSCALL_INFO said about a stop; one instance is reused by the tracer loop. */
public final class SyscallInfo {
    public int op;
    public int arch;
    public long nr;
    public final long[] args = new long[6];
    /** At exit: the return value, or the negated errno when {@link #isError}. */
    public long rval;
    public boolean isError;
    /** At a seccomp stop: the SECCOMP_RET_DATA of the filter that asked for it. */
    public int retData;

    public boolean isEntry() { return op == Linux.PTRACE_SYSCALL_INFO_ENTRY || op == Linux.PTRACE_SYSCALL_INFO_SECCOMP; }
    public boolean isExit() { return op == Linux.PTRACE_SYSCALL_INFO_EXIT; }
}
