package tot.syscalls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Runs the generated BPF program in a small interpreter over seccomp_data values. */
class SeccompFilterTest {
    private static final int X86_64 = 0xc000003e, I386 = 0x40000003;
    private List<int[]> program = SeccompFilter.build(SyscallTable.X86_64, SyscallTable.defaultSet(), s -> true);

    private int run(int arch, int nr, long... args) {
        int acc = 0;
        for (int pc = 0; ; pc++) {
            int[] insn = program.get(pc);
            switch (insn[0]) {
                case 0x20 -> acc = switch (insn[3]) {
                    case 0 -> nr;
                    case 4 -> arch;
                    default -> (int) args[(insn[3] - 16) / 8];
                };
                case 0x15 -> pc += acc == insn[3] ? insn[1] : insn[2];
                case 0x35 -> pc += Integer.compareUnsigned(acc, insn[3]) >= 0 ? insn[1] : insn[2];
                case 0x06 -> { return insn[3]; }
                default -> throw new AssertionError("unexpected opcode " + insn[0]);
            }
        }
    }

    @Test
    void tracesExactlyTheTable() {
        for (var s : SyscallTable.defaultSet()) {
            int nr = SyscallTable.X86_64.number(s);
            if (s.onlyIf() == null) assertEquals(SeccompFilter.RET_TRACE, run(X86_64, nr, 0, 0, 0), s.name());
        }
        for (int nr : new int[] {0, 1, 3, 4, 9, 60, 231, 262}) { // read write close stat mmap exit exit_group newfstatat
            assertEquals(SeccompFilter.RET_ALLOW, run(X86_64, nr, 0, 0, 0), "nr " + nr);
        }
    }

    @Test
    void fcntlOnlyForFdCommands() {
        assertEquals(SeccompFilter.RET_TRACE, run(X86_64, 72, 3, 0));      // F_DUPFD
        assertEquals(SeccompFilter.RET_TRACE, run(X86_64, 72, 3, 1030));   // F_DUPFD_CLOEXEC
        assertEquals(SeccompFilter.RET_TRACE, run(X86_64, 72, 3, 2));      // F_SETFD
        assertEquals(SeccompFilter.RET_ALLOW, run(X86_64, 72, 3, 3));      // F_GETFL
        assertEquals(SeccompFilter.RET_ALLOW, run(X86_64, 72, 3, 1));      // F_GETFD
    }

    /** A selection longer than one jump can reach (every syscall but read): each chunk has its own RET_TRACE. */
    @Test
    void aLongSelectionTracesExactlyItsSyscalls() {
        TraceSelection sel = TraceSelection.parse("!read");
        program = SeccompFilter.build(SyscallTable.X86_64, sel.trapped(), sel::argFiltered);
        assertEquals(SeccompFilter.RET_ALLOW, run(X86_64, 0, 0, 0, 0), "read");
        for (var s : SyscallTable.all()) {
            if (!s.name().equals("read")) assertEquals(SeccompFilter.RET_TRACE, run(X86_64, SyscallTable.X86_64.number(s), 0, 3, 0), s.name());
        }
        assertEquals(SeccompFilter.RET_ALLOW, run(X86_64, 400, 0, 0, 0), "a number no row has");
    }

    @Test
    void selectingFcntlTrapsEveryCommand() {
        TraceSelection sel = TraceSelection.parse("fcntl");
        program = SeccompFilter.build(SyscallTable.X86_64, sel.trapped(), sel::argFiltered);
        assertEquals(SeccompFilter.RET_TRACE, run(X86_64, 72, 3, 3)); // F_GETFL
        assertEquals(SeccompFilter.RET_ALLOW, run(X86_64, 0, 3, 3));  // read
    }

    @Test
    void otherAbisAreTraced() {
        assertEquals(SeccompFilter.RET_TRACE, run(I386, 5, 0));
        assertEquals(SeccompFilter.RET_TRACE, run(X86_64, 0x40000000 | 257, 0));
    }
}
