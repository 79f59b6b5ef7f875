package tot.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import tot.syscalls.SyscallTable;

/** How a call tot cannot decode or refused is named: an x32 one by its x32 name, any other number as the kernel reads it. */
class UnknownSyscallTest {
    @Test
    void namesAsTheKernelReadsThem() {
        assertEquals("x32 syscall open: tot does not decode the x32 ABI; what it did is not recorded",
                SyscallStops.unknown(SyscallTable.X86_64, 0x40000000L | 2));
        // syscall(-1) has the x32 bit set too: the ptrace engine gives it signed, the eBPF engine unsigned
        for (long nr : new long[] {-1, 0xffffffffL}) {
            assertEquals("x86_64 syscall -1 is unknown to tot: what it did is not recorded", SyscallStops.unknown(SyscallTable.X86_64, nr));
        }
        assertEquals("i386 syscall 1000 is unknown to tot: what it did is not recorded", SyscallStops.unknown(SyscallTable.I386, 1000));
    }

    /** A refused x32 call by its x32 name (521, x32's own ptrace, by number); a number beyond x32's is no call: unknown. */
    @Test
    void refusedX32CallsNamedByTheirX32Numbers() {
        assertEquals("refused x32 syscall kill (ENOSYS): tot does not decode the x32 ABI", SyscallStops.refusedX32(0x40000000L | 62));
        assertEquals("refused x32 syscall number 521 (ENOSYS): tot does not decode the x32 ABI", SyscallStops.refusedX32(0x40000000L | 521));
        assertEquals("x86_64 syscall -1 is unknown to tot: what it did is not recorded", SyscallStops.refusedX32(0xffffffffL));
    }
}
