package tot.trace;

import java.util.function.IntPredicate;
import tot.model.OpenFlags;
import tot.syscalls.Syscall;

/**
 * Under --undelete, the calls by which a traced program would make a process outside the trace
 * act for it — attach to it with ptrace, write its memory (process_vm_writev, /proc/PID/mem) —
 * and so delete files no stop of tot's sees, escaping -u. A process of the trace is one tot
 * already traces (ptrace attaching to it fails anyway), so every attach is refused; a write
 * into another's memory is refused unless tot knows the process as traced, or cannot tell (the
 * caller numbers processes in a pid namespace of its own: then it is refused too).
 */
final class OutsideReach {
    private OutsideReach() {}

    private static final long PTRACE_ATTACH = 16, PTRACE_SEIZE = 0x4206;

    /** The calls this looks at beyond those tot traps anyway: trapped under --undelete. */
    static final java.util.List<String> TRAPPED = java.util.List.of("ptrace", "process_vm_writev");

    /**
     * Why {@code c} by task {@code tid} is refused under --undelete, or null: {@code traced} says
     * whether a process tot's numbers name is in the trace.
     */
    static String refusal(Syscall s, DecodedCall c, int tid, IntPredicate traced) {
        switch (s.name()) {
            case "ptrace" -> {
                if (c.args[0] == PTRACE_ATTACH || c.args[0] == PTRACE_SEIZE) {
                    return "refused ptrace(" + (c.args[0] == PTRACE_SEIZE ? "PTRACE_SEIZE" : "PTRACE_ATTACH") + ", " + (int) c.args[1]
                            + ") under --undelete (EPERM): a process it drove would delete files without tot";
                }
            }
            case "process_vm_writev" -> {
                int pid = (int) c.args[0];
                if (!inTrace(pid, tid, traced)) {
                    return "refused process_vm_writev(" + pid + ") of a process outside the trace under --undelete (EPERM):"
                            + " it would delete files without tot";
                }
            }
            default -> {
                SelfAccess.ProcPath p = c.path == null ? null : SelfAccess.ProcPath.of(c.path);
                int pid = p != null && p.rest().equals("mem") ? p.id() : -1;
                if (pid > 0 && c.openFlags != null && c.openFlags.accessMode() != OpenFlags.O_RDONLY && !inTrace(pid, tid, traced)) {
                    return "refused opening " + c.path + " for writing, a process outside the trace, under --undelete (EACCES):"
                            + " it would delete files without tot";
                }
            }
        }
        return null;
    }

    private static boolean inTrace(int pid, int tid, IntPredicate traced) {
        return pid > 0 && ProcFs.inTotsPidNamespace(tid) && traced.test(pid);
    }
}
