package tot.trace;

import static tot.linux.Linux.*;

/** Why waitpid returned: one case per kind of ptrace stop or death. */
sealed interface Stop {
    int tid();

    /** Seccomp RET_TRACE stop: a trapped syscall's entry. */
    record Seccomp(int tid) implements Stop {}
    /** Syscall entry or exit stop (PTRACE_SYSCALL); the syscall info says which. */
    record Syscall(int tid) implements Stop {}
    /** fork/vfork/clone event: a new task was created. */
    record NewChild(int tid, int event) implements Stop {}
    /** PTRACE_EVENT_EXEC: reported under the thread group leader's tid. */
    record Exec(int tid) implements Stop {}
    record Exited(int tid, int code) implements Stop {}
    record Killed(int tid, int signal) implements Stop {}
    /** Signal-delivery stop: the signal is delivered when the tracee is resumed with it. */
    record Signal(int tid, int signal) implements Stop {}
    /** Group-stop under PTRACE_SEIZE: answered with PTRACE_LISTEN. */
    record Group(int tid, int signal) implements Stop {}
    /** Any other PTRACE_EVENT_STOP: a new task's first stop, an interrupt, a LISTEN wake-up. */
    record Event(int tid) implements Stop {}

    /** Decodes {@code (tid << 32) | status} from {@link tot.linux.Kernel#wait}. */
    static Stop decode(long waited) {
        int tid = (int) (waited >>> 32);
        int status = (int) waited;
        int low = status & 0x7f;
        if (low == 0) return new Exited(tid, (status >> 8) & 0xff);
        if ((status & 0xff) != 0x7f) return new Killed(tid, low);
        int sig = (status >> 8) & 0xff;
        int event = (status >>> 16) & 0xffff;
        if (sig == (SIGTRAP | 0x80)) return new Syscall(tid);
        return switch (event) {
            case 0 -> new Signal(tid, sig);
            case PTRACE_EVENT_SECCOMP -> new Seccomp(tid);
            case PTRACE_EVENT_EXEC -> new Exec(tid);
            case PTRACE_EVENT_FORK, PTRACE_EVENT_VFORK, PTRACE_EVENT_CLONE -> new NewChild(tid, event);
            case PTRACE_EVENT_STOP -> sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU
                    ? new Group(tid, sig) : new Event(tid);
            default -> new Event(tid); // events tot does not enable; resume
        };
    }
}
