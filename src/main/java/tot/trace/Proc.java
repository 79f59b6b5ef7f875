package tot.trace;

import tot.record.Execution;

/** A traced process (thread group): its current execution record. */
final class Proc {
    final int tgid;
    /** The execution whose record this process's accesses go to; null before the root's first exec. */
    Execution execution;
    int liveThreads;

    Proc(int tgid, Execution execution) {
        this.tgid = tgid;
        this.execution = execution;
    }
}
