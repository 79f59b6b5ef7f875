package tot.trace;

import java.util.HashSet;
import java.util.Set;
import tot.syscalls.SeccompFilter;

/**
 * tot's own process and thread ids, as they are when a trace starts: what a traced program may
 * not name in a call that acts on a process ({@link tot.syscalls.Syscall#targets}).
 */
record OwnIds(int process, Set<Integer> all) {
    static OwnIds now() {
        int self = (int) ProcessHandle.current().pid();
        Set<Integer> ids = new HashSet<>(ProcFs.tasks(self));
        ids.add(self);
        return new OwnIds(self, Set.copyOf(ids));
    }

    boolean contains(int id) {
        return all.contains(id);
    }

    /** For a seccomp filter: the process first, then as many threads as a guard block holds. */
    int[] forFilter() {
        int[] threads = all.stream().mapToInt(Integer::intValue).filter(id -> id != process).sorted()
                .limit(SeccompFilter.MAX_PROTECTED_IDS - 1).toArray();
        int[] out = new int[threads.length + 1];
        out[0] = process;
        System.arraycopy(threads, 0, out, 1, threads.length);
        return out;
    }
}
