package tot.trace;

/**
 * What a front-end may learn of a traced task beside its calls. The ptrace front-end reads /proc
 * while the task is stopped, so what it reads is the state of the call; the eBPF front-end
 * reads records after the fact, when /proc shows a later state, so it asks nothing.
 */
interface ProcView {
    /** What fd {@code fd} of {@code tid} names (a path, pipe:[N], socket:[N]…), or null. */
    String fdTarget(int tid, int fd);

    boolean fdCloexec(int tid, int fd);

    /** The kernel's working directory of {@code tid} (after `..` through a symlink), or null. */
    String cwd(int tid);

    /** /proc, for a task stopped at the call. */
    ProcView PROC = new ProcView() {
        @Override public String fdTarget(int tid, int fd) { return ProcFs.fdTarget(tid, fd); }
        @Override public boolean fdCloexec(int tid, int fd) { return ProcFs.fdCloexec(tid, fd); }
        @Override public String cwd(int tid) { return ProcFs.cwd(tid); }
    };

    /** Nothing: the model's own knowledge (paths resolved lexically, fds it saw made). */
    ProcView NONE = new ProcView() {
        @Override public String fdTarget(int tid, int fd) { return null; }
        @Override public boolean fdCloexec(int tid, int fd) { return false; }
        @Override public String cwd(int tid) { return null; }
    };
}
