package tot.syscalls;

/** strace's syscall classes (`-e trace=%file` …). */
public enum SyscallClass {
    /** Takes a file name. */
    FILE,
    /** Takes or returns a file descriptor. */
    DESC,
    /** Process management: fork, exec, exit. */
    PROCESS,
    /** Network related. */
    NETWORK,
    /** Signal related. */
    SIGNAL,
    /** Memory mapping. */
    MEMORY,
}
