package tot.trace;

/** What the tracer keeps about one traced thread between its stops (the model keeps the rest). */
final class Tracee {
    /** Its id; a thread that execs takes its leader's. */
    int tid;
    /** The call whose exit stop is awaited, or null. */
    DecodedCall pending;
    /** The exec whose success (PTRACE_EVENT_EXEC) or failure (exit stop) is awaited. */
    DecodedCall pendingExec;
    /** Flags of the fork/clone this thread is in, for the child that the next event announces. */
    long cloneFlags = -1;
    /** A process an attach without -f does not follow: detached at its first stop. */
    boolean detachAtFirstStop;
    /** The root thread until tot has installed its seccomp filter (and argv[0]). */
    boolean needsSetup;

    Tracee(int tid) {
        this.tid = tid;
    }
}
