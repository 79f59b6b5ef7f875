package tot.model;

/** A thread as the model knows it: its process and the fs context and fd table it may share. */
final class Task {
    final int tid;
    final Process process;
    Fs fs;
    FdTable fds;

    Task(int tid, Process process, Fs fs, FdTable fds) {
        this.tid = tid;
        this.process = process;
        this.fs = fs;
        this.fds = fds;
    }
}
