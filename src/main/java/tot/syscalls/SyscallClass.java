package tot.syscalls;

/** strace's syscall classes (`-e trace=%file` …), named as strace names them after the %. */
public enum SyscallClass {
    /** Takes a file name (%file). */
    FILE("file"),
    /** Takes or returns a file descriptor (%desc). */
    DESC("desc"),
    /** Process management: fork, exec, exit, wait (%process). */
    PROCESS("process"),
    /** Sockets (%network, also %net). */
    NETWORK("network"),
    /** Signals (%signal). */
    SIGNAL("signal"),
    /** System V IPC (%ipc). */
    IPC("ipc"),
    /** Memory mapping (%memory). */
    MEMORY("memory"),
    /** User and group ids, capabilities (%creds). */
    CREDS("creds"),
    /** Reading or setting clocks (%clock). */
    CLOCK("clock"),
    /** stat variants (%stat, %lstat, %fstat, %%stat). */
    STAT("stat"), LSTAT("lstat"), FSTAT("fstat"), STAT_LIKE("%stat"),
    /** statfs variants (%statfs, %fstatfs, %%statfs). */
    STATFS("statfs"), FSTATFS("fstatfs"), STATFS_LIKE("%statfs"),
    /** No arguments, always succeed (%pure). */
    PURE("pure");

    /** The name after the % in a trace expression. */
    public final String traceName;

    SyscallClass(String traceName) {
        this.traceName = traceName;
    }
}
