package tot.model;

/** A process (thread group): the execution its accesses go to (null before the root's first exec). */
final class Process {
    /** Its id; a thread that execs makes it the thread group's id. */
    int tgid;
    Execution execution;

    Process(int tgid, Execution execution) {
        this.tgid = tgid;
        this.execution = execution;
    }
}
