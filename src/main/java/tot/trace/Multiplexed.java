package tot.trace;

import tot.syscalls.Syscall;
import tot.syscalls.SyscallTable;

/**
 * i386's multiplexing calls: socketcall(call, args) and ipc(call, first, second, third, ptr,
 * fifth) each stand for another call (connect, msgctl…), recorded as that call by both engines.
 * Some of their arguments may be words in memory (the multiplexer's {@code ARG_BLOCK}), which each
 * engine reads its own way.
 */
final class Multiplexed {
    private Multiplexed() {}

    /** The call {@code multiplexer} run with {@code args} stands for; null: not a multiplexer, or an unknown call number. */
    static Syscall inner(Syscall multiplexer, long[] args) {
        return switch (multiplexer.name()) {
            case "socketcall" -> SyscallTable.socketcall(args[0]);
            case "ipc" -> SyscallTable.ipc(args[0]);
            default -> null;
        };
    }

    /** How many words of the argument block {@code inner}, run through {@code multiplexer} with {@code args}, takes. */
    static int blockWords(Syscall multiplexer, Syscall inner, long[] args) {
        if (multiplexer.name().equals("socketcall")) return inner.args().size();
        return SyscallTable.ipcReadsBlock(args[0]) ? 2 : 0;
    }

    /**
     * {@code inner} with its own arguments, from the multiplexer's {@code args} and {@code block}
     * (the words read of its argument block: null when none). Null when words it takes are
     * missing (the kernel then fails the call too).
     */
    static DecodedCall unwrap(SyscallTable.Arch arch, Syscall multiplexer, Syscall inner, long[] args, long[] block, long now) {
        long[] innerArgs;
        if (multiplexer.name().equals("socketcall")) {
            int n = inner.args().size();
            if (block == null || block.length < n) return null;
            innerArgs = new long[6];
            System.arraycopy(block, 0, innerArgs, 0, n);
        } else {
            innerArgs = SyscallTable.ipcArguments(args, block);
            if (innerArgs == null) return null;
        }
        return new DecodedCall(arch, inner, innerArgs, now);
    }
}
