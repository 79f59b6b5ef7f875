package tot.trace;

import java.util.function.IntPredicate;
import tot.model.OpenFlags;
import tot.syscalls.Syscall;
import tot.syscalls.SyscallTable;

/**
 * The calls by which a traced program makes another process act for it: attach to it with
 * ptrace, write its memory (process_vm_writev, /proc/PID/mem). A process outside the trace that
 * it drives so reads, writes and deletes files with nothing recorded: a warning on the execution
 * (the model's rule, {@link tot.model.Fact.Reached}); under --undelete such calls are refused, as
 * they would delete files no stop of tot's sees. A process of the trace is one tot already
 * traces (ptrace attaching to it fails anyway), so every attach is refused; a write into another's
 * memory is refused unless tot knows the process as traced, or cannot tell (the caller numbers
 * processes in a pid namespace of its own: then it is refused too).
 */
final class OutsideReach {
    private OutsideReach() {}

    /**
     * How {@code c} reaches another process, as a warning names it ({@code ptrace(PTRACE_SEIZE,
     * 123)}, {@code process_vm_writev(123)}, {@code opening /proc/123/mem for writing}), or null:
     * a ptrace request that takes no process, an open of anything else.
     */
    static String reach(DecodedCall c) {
        return switch (c.syscall.name()) {
            case "ptrace" -> c.args[0] == SyscallTable.PTRACE_ATTACH || c.args[0] == SyscallTable.PTRACE_SEIZE
                    ? "ptrace(" + (c.args[0] == SyscallTable.PTRACE_SEIZE ? "PTRACE_SEIZE" : "PTRACE_ATTACH") + ", " + pid(c) + ")" : null;
            case "process_vm_writev" -> "process_vm_writev(" + pid(c) + ")";
            default -> memoryOpened(c);
        };
    }

    /** An open of /proc/PID/mem (PID a number, not self) for writing: how a warning names it; else null. */
    static String memoryOpened(DecodedCall c) {
        SelfAccess.ProcPath p = c.path == null ? null : SelfAccess.ProcPath.of(c.path);
        return p != null && p.rest().equals("mem") && c.openFlags != null && c.openFlags.accessMode() != OpenFlags.O_RDONLY
                ? "opening " + c.path + " for writing" : null;
    }

    /** The process {@link #reach} names, in tot's numbers; -1 when task {@code tid} numbers processes in a pid namespace of its own. */
    static int target(DecodedCall c, int tid) {
        return ProcFs.inTotsPidNamespace(tid) ? pid(c) : -1;
    }

    private static int pid(DecodedCall c) {
        return switch (c.syscall.name()) {
            case "ptrace" -> (int) c.args[1];
            case "process_vm_writev" -> (int) c.args[0];
            default -> {
                SelfAccess.ProcPath p = c.path == null ? null : SelfAccess.ProcPath.of(c.path);
                yield p == null ? -1 : p.id();
            }
        };
    }

    /**
     * Why {@code c} by task {@code tid} is refused under --undelete, or null: {@code traced} says
     * whether a process tot's numbers name is in the trace.
     */
    static String refusal(Syscall s, DecodedCall c, int tid, IntPredicate traced) {
        if (reach(c) == null) return null;
        int pid = pid(c);
        return switch (s.name()) {
            case "ptrace" -> "refused ptrace(" + (c.args[0] == SyscallTable.PTRACE_SEIZE ? "PTRACE_SEIZE" : "PTRACE_ATTACH") + ", " + pid
                    + ") under --undelete (EPERM): a process it drove would delete files without tot";
            case "process_vm_writev" -> inTrace(pid, tid, traced) ? null : "refused process_vm_writev(" + pid
                    + ") of a process outside the trace under --undelete (EPERM): it would delete files without tot";
            default -> inTrace(pid, tid, traced) ? null : "refused opening " + c.path + " for writing, a process outside the trace,"
                    + " under --undelete (EACCES): it would delete files without tot";
        };
    }

    private static boolean inTrace(int pid, int tid, IntPredicate traced) {
        return pid > 0 && ProcFs.inTotsPidNamespace(tid) && traced.test(pid);
    }
}
