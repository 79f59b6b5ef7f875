package tot.trace;

/** A traced thread and the state it shares with others (process, fs, fd table). */
final class Task {
    int tid;
    Proc proc;
    Fs fs;
    FdTable fds;
    /** The call whose exit stop is awaited, or null. */
    Call pending;
    /** The exec whose success (PTRACE_EVENT_EXEC) or failure (exit stop) is awaited. */
    Call pendingExec;
    /** Flags of the fork/clone this task is in, for the child that the next event announces. */
    long cloneFlags = -1;
    /** A process an attach without -f does not follow: detached at its first stop. */
    boolean detachAtFirstStop;
    /** The root task until tot has installed its seccomp filter (and argv[0]). */
    boolean needsSetup;

    Task(int tid, Proc proc, Fs fs, FdTable fds) {
        this.tid = tid;
        this.proc = proc;
        this.fs = fs;
        this.fds = fds;
    }
}
