package tot.syscalls;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Builds the classic-BPF seccomp program from the table: RET_TRACE for the listed syscalls (and
 * for any other ABI, which tot reports rather than misses), RET_ALLOW for the rest. Each
 * instruction is {code, jt, jf, k}.
 */
public final class SeccompFilter {
    private SeccompFilter() {}

    static final int LD_W_ABS = 0x00 | 0x00 | 0x20, JEQ_K = 0x05 | 0x10, JGE_K = 0x05 | 0x30, RET_K = 0x06;
    public static final int RET_ALLOW = 0x7fff0000, RET_TRACE = 0x7ff00000;
    static final int OFF_NR = 0, OFF_ARCH = 4, OFF_ARGS = 16;
    static final int X32_BIT = 0x40000000;

    /** Most JEQs that share one RET_TRACE (a jump offset is 8 bits). */
    private static final int CHUNK = 200;

    /**
     * The program trapping {@code traced}; a syscall for which {@code argFiltered} holds is
     * trapped only for the argument values of its {@link Syscall#onlyIf()}.
     */
    public static List<int[]> build(SyscallTable.Arch arch, List<Syscall> traced, Predicate<Syscall> argFiltered) {
        List<int[]> p = new ArrayList<>();
        p.add(new int[] {LD_W_ABS, 0, 0, OFF_ARCH});
        p.add(new int[] {JEQ_K, 1, 0, arch.auditArch});          // other ABI (i386): trace
        p.add(new int[] {RET_K, 0, 0, RET_TRACE});
        p.add(new int[] {LD_W_ABS, 0, 0, OFF_NR});
        p.add(new int[] {JGE_K, 0, 1, X32_BIT});                 // x32: trace
        p.add(new int[] {RET_K, 0, 0, RET_TRACE});
        List<Syscall> filtered = new ArrayList<>();
        List<Integer> plain = new ArrayList<>();
        for (Syscall s : traced) {
            int nr = arch.number(s);
            if (nr < 0) continue;
            if (s.onlyIf() != null && argFiltered.test(s)) filtered.add(s);
            else plain.add(nr);
        }
        // chunks of JEQs, each ending in its own RET_TRACE that the last JEQ skips on no match
        for (int from = 0; from < plain.size(); from += CHUNK) {
            List<Integer> chunk = plain.subList(from, Math.min(plain.size(), from + CHUNK));
            for (int i = 0; i < chunk.size(); i++) {
                boolean last = i == chunk.size() - 1;
                p.add(new int[] {JEQ_K, chunk.size() - 1 - i, last ? 1 : 0, chunk.get(i)});
            }
            p.add(new int[] {RET_K, 0, 0, RET_TRACE});
        }
        // syscalls trapped only for some argument values: jump to a block that checks it
        List<Integer> blockJumps = new ArrayList<>();
        for (Syscall s : filtered) {
            blockJumps.add(p.size());
            p.add(new int[] {JEQ_K, 0, 0, arch.number(s)});
        }
        p.add(new int[] {RET_K, 0, 0, RET_ALLOW});
        for (int i = 0; i < filtered.size(); i++) {
            Syscall.ArgFilter f = filtered.get(i).onlyIf();
            setJt(p, blockJumps.get(i), p.size());
            p.add(new int[] {LD_W_ABS, 0, 0, OFF_ARGS + 8 * f.index()});
            int values = f.values().length;
            for (int v = 0; v < values; v++) p.add(new int[] {JEQ_K, values - v, 0, f.values()[v]});
            p.add(new int[] {RET_K, 0, 0, RET_ALLOW});
            p.add(new int[] {RET_K, 0, 0, RET_TRACE});
        }
        if (p.size() > 4096) throw new IllegalStateException("seccomp program too long: " + p.size());
        return p;
    }

    private static void setJt(List<int[]> p, int from, int to) {
        int offset = to - from - 1;
        if (offset < 0 || offset > 255) throw new IllegalStateException("BPF jump out of range: " + offset);
        p.get(from)[1] = offset;
    }
}
