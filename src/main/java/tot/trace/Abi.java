package tot.trace;

import static tot.linux.Structs.user_regs_struct.*;

import tot.syscalls.SyscallTable;

/**
 * How a syscall sits in the registers, per ABI a tracee can call the kernel with on x86_64:
 * which user_regs_struct fields hold the number and the arguments, and the stack's red zone.
 * Every place that rewrites a tracee's registers asks here (the setup injection, --undelete,
 * refusing a call), so another architecture is another instance, not edits across the tracer.
 */
record Abi(SyscallTable.Arch syscalls, int[] argRegisters, int redZone) {
    /** The native 64-bit ABI: syscall with rdi, rsi, rdx, r10, r8, r9; a 128-byte red zone. */
    static final Abi X86_64 = new Abi(SyscallTable.X86_64, new int[] {RDI, RSI, RDX, R10, R8, R9}, 128);
    /** The 32-bit ABI (int $0x80, sysenter, a -m32 program): ebx, ecx, edx, esi, edi, ebp; no red zone. */
    static final Abi I386 = new Abi(SyscallTable.I386, new int[] {RBX, RCX, RDX, RSI, RDI, RBP}, 0);

    /** Bytes of the instruction that entered the kernel (syscall, int $0x80 and sysenter are all 2). */
    static final int SYSCALL_INSN_LENGTH = 2;
    /** The register that holds the syscall number at entry (changing it at entry changes the call). */
    static final int NUMBER = ORIG_RAX;
    /** The register that holds the result at exit. */
    static final int RESULT = RAX;
    static final int STACK_POINTER = RSP;
    static final int INSTRUCTION_POINTER = RIP;

    /** The ABI of a syscall stop, from PTRACE_GET_SYSCALL_INFO's audit arch; null for one tot does not know. */
    static Abi of(int auditArch) {
        if (auditArch == X86_64.syscalls.auditArch) return X86_64;
        if (auditArch == I386.syscalls.auditArch) return I386;
        return null;
    }

    /** Sets syscall argument {@code i} (0-based) in {@code regs}. */
    void setArg(long[] regs, int i, long value) {
        regs[argRegisters[i]] = value;
    }

    /** The number of {@code name} in this ABI (-1 when it has none). */
    int number(String name) {
        return syscalls.number(SyscallTable.byName(name));
    }
}
