package tot.syscalls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Runs the generated BPF program in a small interpreter over seccomp_data values. */
class SeccompFilterTest {
    private static final int X86_64 = 0xc000003e, I386 = 0x40000003;
    private static final int TOT = 4242, TOT_THREAD = 4250;
    private List<int[]> program = SeccompFilter.build(SyscallTable.defaultSet(), s -> true, new int[] {TOT, TOT_THREAD});

    private int run(int arch, int nr, long... args) {
        int acc = 0;
        for (int pc = 0; ; pc++) {
            int[] insn = program.get(pc);
            switch (insn[0]) {
                case 0x20 -> acc = switch (insn[3]) {
                    case 0 -> nr;
                    case 4 -> arch;
                    default -> (int) (insn[3] - 16 < 8 * args.length ? args[(insn[3] - 16) / 8] : 0);
                };
                case 0x15 -> pc += acc == insn[3] ? insn[1] : insn[2];
                case 0x35 -> pc += Integer.compareUnsigned(acc, insn[3]) >= 0 ? insn[1] : insn[2];
                case 0x45 -> pc += (acc & insn[3]) != 0 ? insn[1] : insn[2];
                case 0x05 -> pc += insn[3];
                case 0x06 -> { return insn[3]; }
                default -> throw new AssertionError("unexpected opcode " + insn[0]);
            }
        }
    }

    private static int nr(SyscallTable.Arch arch, String name) {
        return arch.number(SyscallTable.byName(name));
    }

    @Test
    void tracesExactlyTheTableInBothAbis() {
        for (var arch : SyscallTable.ARCHES) {
            int audit = arch == SyscallTable.X86_64 ? X86_64 : I386;
            int trapped = 0;
            for (var s : SyscallTable.defaultSet()) {
                int nr = arch.number(s);
                if (nr < 0 || s.onlyIf() != null) continue;
                assertEquals(SeccompFilter.RET_TRACE, run(audit, nr, 0, 0, 0), arch + " " + s.name());
                trapped++;
            }
            assertTrue(trapped > 30, arch + ": " + trapped + " trapped");
            for (String name : List.of("read", "write", "close", "mmap2", "exit_group", "newfstatat", "stat64", "getpid")) {
                int nr = nr(arch, name);
                if (nr >= 0) assertEquals(SeccompFilter.RET_ALLOW, run(audit, nr, 0, 0, 0), arch + " " + name);
            }
        }
        assertEquals(SeccompFilter.RET_TRACE, run(I386, 10, 0), "i386 unlink");
        assertEquals(SeccompFilter.RET_TRACE, run(I386, 11, 0), "i386 execve");
        assertEquals(SeccompFilter.RET_ALLOW, run(I386, 3, 0), "i386 read");
    }

    @Test
    void fcntlOnlyForFdCommands() {
        for (int[] fcntl : new int[][] {{X86_64, 72}, {I386, 55}, {I386, 221}}) { // fcntl, fcntl, fcntl64
            assertEquals(SeccompFilter.RET_TRACE, run(fcntl[0], fcntl[1], 3, 0));      // F_DUPFD
            assertEquals(SeccompFilter.RET_TRACE, run(fcntl[0], fcntl[1], 3, 1030));   // F_DUPFD_CLOEXEC
            assertEquals(SeccompFilter.RET_TRACE, run(fcntl[0], fcntl[1], 3, 2));      // F_SETFD
            assertEquals(SeccompFilter.RET_ALLOW, run(fcntl[0], fcntl[1], 3, 3));      // F_GETFL
            assertEquals(SeccompFilter.RET_ALLOW, run(fcntl[0], fcntl[1], 3, 1));      // F_GETFD
        }
    }

    /** A selection longer than one jump can reach (every syscall but read): each chunk has its own RET_TRACE. */
    @Test
    void aLongSelectionTracesExactlyItsSyscalls() {
        TraceSelection sel = TraceSelection.parse("!read");
        program = SeccompFilter.build(sel.trapped(), sel::argFiltered, new int[] {TOT});
        assertEquals(SeccompFilter.RET_ALLOW, run(X86_64, 0, 0, 0, 0), "read");
        for (var s : SyscallTable.all()) {
            int nr = SyscallTable.X86_64.number(s);
            if (nr >= 0 && !s.name().equals("read")) assertEquals(SeccompFilter.RET_TRACE, run(X86_64, nr, 0, 3, 0), s.name());
        }
        assertEquals(SeccompFilter.RET_ALLOW, run(X86_64, 400, 0, 0, 0), "a number no row has");
    }

    @Test
    void selectingFcntlTrapsEveryCommand() {
        TraceSelection sel = TraceSelection.parse("fcntl");
        program = SeccompFilter.build(sel.trapped(), sel::argFiltered, new int[] {TOT});
        assertEquals(SeccompFilter.RET_TRACE, run(X86_64, 72, 3, 3)); // F_GETFL
        assertEquals(SeccompFilter.RET_ALLOW, run(X86_64, 0, 3, 3));  // read
    }

    @Test
    void whatTotCannotDecodeIsTrapped() {
        assertEquals(SeccompFilter.RET_TRACE, run(0x40000028, 5, 0), "another ABI (arm)");
        assertEquals(SeccompFilter.RET_TRACE, run(X86_64, 0x40000000 | 87, 0), "x32 unlink");
        assertEquals(SeccompFilter.RET_TRACE, run(X86_64, SyscallTable.X86_64.highest() + 1, 0), "newer than the table");
        assertEquals(SeccompFilter.RET_TRACE, run(I386, SyscallTable.I386.highest() + 5, 0), "i386, newer than the table");
    }

    /** Calls that act on tot's own process or threads are trapped (the tracer refuses them); others are not. */
    @Test
    void callsAimedAtTotAreTrapped() {
        for (var arch : SyscallTable.ARCHES) {
            int audit = arch == SyscallTable.X86_64 ? X86_64 : I386;
            assertEquals(SeccompFilter.RET_TRACE, run(audit, nr(arch, "ptrace"), 16, TOT), arch + " ptrace(ATTACH, tot)");
            assertEquals(SeccompFilter.RET_TRACE, run(audit, nr(arch, "ptrace"), 2, TOT), arch + " ptrace(PEEKDATA, tot)");
            // taking any process is trapped (one outside the trace is a warning); a debugger's other requests are not
            assertEquals(SeccompFilter.RET_TRACE, run(audit, nr(arch, "ptrace"), 16, TOT + 1), arch + " ptrace(ATTACH, other)");
            assertEquals(SeccompFilter.RET_TRACE, run(audit, nr(arch, "ptrace"), 0x4206, TOT + 1), arch + " ptrace(SEIZE, other)");
            assertEquals(SeccompFilter.RET_ALLOW, run(audit, nr(arch, "ptrace"), 2, TOT + 1), arch + " ptrace(PEEKDATA, other)");
            assertEquals(SeccompFilter.RET_TRACE, run(audit, nr(arch, "kill"), TOT, 19), arch + " kill(tot, SIGSTOP)");
            assertEquals(SeccompFilter.RET_ALLOW, run(audit, nr(arch, "kill"), TOT, 0), arch + " kill(tot, 0)");
            assertEquals(SeccompFilter.RET_ALLOW, run(audit, nr(arch, "kill"), 77, 19), arch + " kill(other, SIGSTOP)");
            assertEquals(SeccompFilter.RET_TRACE, run(audit, nr(arch, "tgkill"), 77, TOT_THREAD, 19), arch + " tgkill(_, tot thread)");
            assertEquals(SeccompFilter.RET_TRACE, run(audit, nr(arch, "tkill"), TOT_THREAD, 9), arch + " tkill(tot thread)");
            assertEquals(SeccompFilter.RET_TRACE, run(audit, nr(arch, "process_vm_readv"), TOT, 0, 0, 0, 0, 0), arch + " vm_readv");
            assertEquals(SeccompFilter.RET_TRACE, run(audit, nr(arch, "pidfd_open"), TOT, 0), arch + " pidfd_open(tot)");
            assertEquals(SeccompFilter.RET_ALLOW, run(audit, nr(arch, "pidfd_open"), 88, 0), arch + " pidfd_open(other)");
            assertEquals(SeccompFilter.RET_TRACE, run(audit, nr(arch, "prlimit64"), TOT, 7, 1, 0), arch + " prlimit64(tot)");
            assertEquals(SeccompFilter.RET_TRACE, run(audit, nr(arch, "perf_event_open"), 0x1000, TOT, -1, -1, 0), arch + " perf_event_open(tot)");
            assertEquals(SeccompFilter.RET_ALLOW, run(audit, nr(arch, "perf_event_open"), 0x1000, 77, -1, -1, 0), arch + " perf_event_open(other)");
            assertEquals(SeccompFilter.RET_TRACE, run(audit, nr(arch, "perf_event_open"), 0x1000, 3, 0, -1, Syscall.PERF_FLAG_PID_CGROUP),
                    arch + " perf_event_open(a cgroup's fd): tot's cgroup perhaps");
            // a group or a user (by setpriority's, ioprio_set's which) is for the tracer to compare
            assertEquals(SeccompFilter.RET_TRACE, run(audit, nr(arch, "setpriority"), 0, TOT, 19), arch + " setpriority(PROCESS, tot)");
            assertEquals(SeccompFilter.RET_ALLOW, run(audit, nr(arch, "setpriority"), 0, 77, 19), arch + " setpriority(PROCESS, other)");
            assertEquals(SeccompFilter.RET_TRACE, run(audit, nr(arch, "setpriority"), 1, 77, 19), arch + " setpriority(PGRP, _)");
            assertEquals(SeccompFilter.RET_TRACE, run(audit, nr(arch, "setpriority"), 2, 0, 19), arch + " setpriority(USER, _)");
            assertEquals(SeccompFilter.RET_ALLOW, run(audit, nr(arch, "ioprio_set"), 1, 77, 0), arch + " ioprio_set(PROCESS, other)");
            assertEquals(SeccompFilter.RET_TRACE, run(audit, nr(arch, "ioprio_set"), 1, TOT, 0), arch + " ioprio_set(PROCESS, tot)");
            assertEquals(SeccompFilter.RET_TRACE, run(audit, nr(arch, "ioprio_set"), 2, 77, 0), arch + " ioprio_set(PGRP, _)");
        }
        program = SeccompFilter.build(SyscallTable.defaultSet(), s -> true, new int[0]);
        assertEquals(SeccompFilter.RET_ALLOW, run(X86_64, 101, 2, TOT), "no protected ids: no guard");
    }

    /**
     * A seccomp filter of the program's own with a listener (SECCOMP_SET_MODE_FILTER, flags with
     * NEW_LISTENER) stops for the tracer to refuse it, in both ABIs; one without a listener, or
     * another operation, runs.
     */
    @Test
    void aFilterWithAListenerOfItsOwnIsTrapped() {
        for (var arch : SyscallTable.ARCHES) {
            int audit = arch == SyscallTable.X86_64 ? X86_64 : I386;
            int seccomp = nr(arch, "seccomp");
            assertEquals(SeccompFilter.RET_TRACE, run(audit, seccomp, 1, 8, 0x1000), arch + " NEW_LISTENER");
            assertEquals(SeccompFilter.RET_TRACE, run(audit, seccomp, 1, 8 | 2, 0x1000), arch + " NEW_LISTENER|LOG");
            assertEquals(SeccompFilter.RET_ALLOW, run(audit, seccomp, 1, 0, 0x1000), arch + " a filter without a listener");
            assertEquals(SeccompFilter.RET_ALLOW, run(audit, seccomp, 1, 1, 0x1000), arch + " TSYNC");
            assertEquals(SeccompFilter.RET_ALLOW, run(audit, seccomp, 2, 8, 0x1000), arch + " GET_ACTION_AVAIL");
            assertTrue(SyscallTable.byName("seccomp").asksListener(new long[] {1, 8, 0x1000}));
            assertTrue(!SyscallTable.byName("seccomp").asksListener(new long[] {1, 0, 0x1000}));
        }
    }

    /** A process named in memory (F_SETOWN_EX's struct, FIOSETOWN's and SIOCSPGRP's int) stops for the tracer to read it. */
    @Test
    void ownersInMemoryAreTrappedForTheTracerToRead() {
        for (var arch : SyscallTable.ARCHES) {
            int audit = arch == SyscallTable.X86_64 ? X86_64 : I386;
            assertEquals(SeccompFilter.RET_TRACE, run(audit, nr(arch, "fcntl"), 3, Syscall.F_SETOWN_EX, 0x1000), arch + " F_SETOWN_EX");
            assertEquals(SeccompFilter.RET_TRACE, run(audit, nr(arch, "ioctl"), 3, Syscall.FIOSETOWN, 0x1000), arch + " FIOSETOWN");
            assertEquals(SeccompFilter.RET_TRACE, run(audit, nr(arch, "ioctl"), 3, Syscall.SIOCSPGRP, 0x1000), arch + " SIOCSPGRP");
            assertEquals(SeccompFilter.RET_ALLOW, run(audit, nr(arch, "ioctl"), 1, 0x5401, 0x1000), arch + " TCGETS");
        }
    }

    @Test
    void syscallTargetsIsTheSameRuleInJava() {
        Syscall kill = SyscallTable.byName("kill"), tgkill = SyscallTable.byName("tgkill");
        assertTrue(kill.targets(new long[] {TOT, 19, 0, 0, 0, 0}, id -> id == TOT));
        assertTrue(!kill.targets(new long[] {TOT, 0, 0, 0, 0, 0}, id -> id == TOT));
        assertTrue(tgkill.targets(new long[] {1, TOT, 15, 0, 0, 0}, id -> id == TOT));
        assertTrue(!SyscallTable.byName("openat").targets(new long[] {TOT, TOT, TOT, TOT, 0, 0}, id -> id == TOT));
        // setpriority(which, who): who a process, a group (tot's when -who is protected) or a user
        Syscall setpriority = SyscallTable.byName("setpriority"), ioprio = SyscallTable.byName("ioprio_set");
        java.util.function.IntPredicate tots = id -> id == TOT || id == -TOT_GROUP;
        assertTrue(setpriority.targets(new long[] {0, TOT, 19, 0, 0, 0}, tots));
        assertTrue(!setpriority.targets(new long[] {0, TOT_GROUP, 19, 0, 0, 0}, tots), "a process numbered as tot's group");
        assertTrue(setpriority.targets(new long[] {1, TOT_GROUP, 19, 0, 0, 0}, tots));
        assertTrue(!setpriority.targets(new long[] {1, TOT, 19, 0, 0, 0}, tots), "a group numbered as tot's process");
        assertTrue(setpriority.targets(new long[] {2, 1000, 19, 0, 0, 0}, tots, uid -> uid == 1000));
        assertTrue(!setpriority.targets(new long[] {2, TOT, 19, 0, 0, 0}, tots, uid -> uid == 1000), "a user numbered as tot");
        assertTrue(ioprio.targets(new long[] {2, TOT_GROUP, 0, 0, 0, 0}, tots));
        assertTrue(ioprio.targets(new long[] {3, 0, 0, 0, 0, 0}, tots, uid -> uid == 0));
        assertTrue(!ioprio.targets(new long[] {1, TOT_GROUP, 0, 0, 0, 0}, tots));
    }

    private static final int TOT_GROUP = 4321;

    /**
     * The guard alone (the eBPF engine's command): calls naming tot's ids, and a signal sent
     * through a pidfd, wait for the listener; an x32 call fails with ENOSYS (a kill of tot through
     * x32's numbers would not match the x86_64 comparisons); every other call runs untraced.
     */
    @Test
    void theGuardAloneRefusesCallsAimedAtTotAndLetsEverythingElseRun() {
        program = SeccompFilter.refusing(new int[] {TOT, TOT_THREAD});
        int eperm = SeccompFilter.RET_USER_NOTIF; // the listener decides: tot's only in tot's pid namespace
        for (var arch : SyscallTable.ARCHES) {
            int audit = arch == SyscallTable.X86_64 ? X86_64 : I386;
            assertEquals(eperm, run(audit, nr(arch, "kill"), TOT, 19), arch + " kill(tot, SIGSTOP)");
            assertEquals(SeccompFilter.RET_ALLOW, run(audit, nr(arch, "kill"), TOT, 0), arch + " kill(tot, 0)");
            assertEquals(eperm, run(audit, nr(arch, "tgkill"), 77, TOT_THREAD, 19), arch + " tgkill(_, tot thread)");
            assertEquals(eperm, run(audit, nr(arch, "ptrace"), 16, TOT), arch + " ptrace(ATTACH, tot)");
            assertEquals(eperm, run(audit, nr(arch, "perf_event_open"), 0x1000, 3, 0, -1, Syscall.PERF_FLAG_PID_CGROUP), arch + " perf_event_open(cgroup)");
            assertEquals(SeccompFilter.RET_ALLOW, run(audit, nr(arch, "ptrace"), 16, TOT + 1), arch + " ptrace(ATTACH, other)");
            for (Syscall s : SyscallTable.all()) {
                int nr = arch.number(s);
                if (nr < 0) continue;
                boolean throughPidfd = List.of("pidfd_send_signal", "pidfd_getfd", "process_madvise", "process_mrelease").contains(s.name());
                int expected = throughPidfd ? SeccompFilter.RET_USER_NOTIF : SeccompFilter.RET_ALLOW;
                assertEquals(expected, run(audit, nr, 77, 78, 79, 80), arch + " " + s.name() + " naming no tot id");
            }
            assertEquals(SeccompFilter.RET_USER_NOTIF, run(audit, nr(arch, "fcntl"), 3, Syscall.F_SETOWN_EX, 0x1000), arch + " F_SETOWN_EX");
            assertEquals(SeccompFilter.RET_USER_NOTIF, run(audit, nr(arch, "ioctl"), 3, Syscall.FIOSETOWN, 0x1000), arch + " FIOSETOWN");
            assertEquals(SeccompFilter.RET_ALLOW, run(audit, nr(arch, "ioctl"), 1, 0x5401, 0x1000), arch + " TCGETS");
            assertEquals(SeccompFilter.RET_USER_NOTIF, run(audit, nr(arch, "bpf"), Syscall.BPF_MAP_GET_FD_BY_ID, 0x1000, 128), arch + " bpf(MAP_GET_FD_BY_ID)");
            assertEquals(SeccompFilter.RET_USER_NOTIF, run(audit, nr(arch, "bpf"), Syscall.BPF_LINK_GET_FD_BY_ID, 0x1000, 128), arch + " bpf(LINK_GET_FD_BY_ID)");
            assertEquals(SeccompFilter.RET_ALLOW, run(audit, nr(arch, "bpf"), 0, 0x1000, 128), arch + " bpf(MAP_CREATE)");
        }
        assertEquals(SeccompFilter.RET_ALLOW, run(0x40000028, 129, TOT, 19), "another ABI runs");
        assertEquals(SeccompFilter.RET_ALLOW, run(X86_64, SyscallTable.X86_64.highest() + 1, TOT, 19), "newer than the table");
        int enosys = SeccompFilter.RET_ERRNO | 38;
        assertEquals(enosys, run(X86_64, 0x40000000 | nr(SyscallTable.X86_64, "kill"), TOT, 19), "x32 kill(tot, SIGSTOP)");
        assertEquals(enosys, run(X86_64, 0x40000000 | 521, 16, TOT), "x32 ptrace (its own number, 521)");
        assertEquals(enosys, run(X86_64, 0x40000000 | 87, 0), "x32 unlink");
        assertEquals(SeccompFilter.RET_ALLOW, run(I386, 0x40000000 | 37, TOT, 19), "an i386 number that large is no x32 call: the kernel's ENOSYS");
    }
}
