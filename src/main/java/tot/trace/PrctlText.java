package tot.trace;

import java.util.ArrayList;
import java.util.List;
import tot.linux.Signals;

/**
 * prctl's arguments as strace 6 shows them: the option by name, then as many of the four
 * arguments after it as that option takes, each as strace decodes it (a signal, a capability, a
 * sub-option by name, a number), the rest in hex. A string or a struct strace reads from memory
 * (PR_SET_NAME's name, PR_SET_SECCOMP's filter) is its address here.
 */
final class PrctlText {
    private PrctlText() {}

    private static final Names OPTIONS;

    static {
        String[] names = {null, "PR_SET_PDEATHSIG", "PR_GET_PDEATHSIG", "PR_GET_DUMPABLE", "PR_SET_DUMPABLE", "PR_GET_UNALIGN",
            "PR_SET_UNALIGN", "PR_GET_KEEPCAPS", "PR_SET_KEEPCAPS", "PR_GET_FPEMU", "PR_SET_FPEMU", "PR_GET_FPEXC", "PR_SET_FPEXC",
            "PR_GET_TIMING", "PR_SET_TIMING", "PR_SET_NAME", "PR_GET_NAME", null, null, "PR_GET_ENDIAN", "PR_SET_ENDIAN",
            "PR_GET_SECCOMP", "PR_SET_SECCOMP", "PR_CAPBSET_READ", "PR_CAPBSET_DROP", "PR_GET_TSC", "PR_SET_TSC",
            "PR_GET_SECUREBITS", "PR_SET_SECUREBITS", "PR_SET_TIMERSLACK", "PR_GET_TIMERSLACK", "PR_TASK_PERF_EVENTS_DISABLE",
            "PR_TASK_PERF_EVENTS_ENABLE", "PR_MCE_KILL", "PR_MCE_KILL_GET", "PR_SET_MM", "PR_SET_CHILD_SUBREAPER",
            "PR_GET_CHILD_SUBREAPER", "PR_SET_NO_NEW_PRIVS", "PR_GET_NO_NEW_PRIVS", "PR_GET_TID_ADDRESS", "PR_SET_THP_DISABLE",
            "PR_GET_THP_DISABLE", "PR_MPX_ENABLE_MANAGEMENT", "PR_MPX_DISABLE_MANAGEMENT", "PR_SET_FP_MODE", "PR_GET_FP_MODE",
            "PR_CAP_AMBIENT", null, null, "PR_SVE_SET_VL", "PR_SVE_GET_VL", "PR_GET_SPECULATION_CTRL", "PR_SET_SPECULATION_CTRL",
            "PR_PAC_RESET_KEYS", "PR_SET_TAGGED_ADDR_CTRL", "PR_GET_TAGGED_ADDR_CTRL", "PR_SET_IO_FLUSHER", "PR_GET_IO_FLUSHER",
            "PR_SET_SYSCALL_USER_DISPATCH", "PR_PAC_SET_ENABLED_KEYS", "PR_PAC_GET_ENABLED_KEYS", "PR_SCHED_CORE", "PR_SME_SET_VL",
            "PR_SME_GET_VL"};
        List<Object> pairs = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            if (names[i] != null) pairs.addAll(List.of(i, names[i]));
        }
        pairs.addAll(List.of(0x53564d41, "PR_SET_VMA", 0x59616d61, "PR_SET_PTRACER"));
        OPTIONS = Names.of(false, null, "PR_???", pairs.toArray());
    }

    private static final Names DUMPABLE = Names.of(false, null, "SUID_DUMP_???", 0, "SUID_DUMP_DISABLE", 1, "SUID_DUMP_USER",
            2, "SUID_DUMP_ROOT");
    private static final Names UNALIGN = Names.of(true, "0", "PR_UNALIGN_???", 1, "PR_UNALIGN_NOPRINT", 2, "PR_UNALIGN_SIGBUS");
    private static final Names SECCOMP_MODES = Names.of(false, null, "SECCOMP_MODE_???", 0, "SECCOMP_MODE_DISABLED",
            1, "SECCOMP_MODE_STRICT", 2, "SECCOMP_MODE_FILTER");
    private static final Names TSC = Names.of(false, null, "PR_TSC_???", 1, "PR_TSC_ENABLE", 2, "PR_TSC_SIGSEGV");
    private static final Names SECBITS = Names.of(true, "0", "SECBIT_???", 1, "SECBIT_NOROOT", 2, "SECBIT_NOROOT_LOCKED",
            4, "SECBIT_NO_SETUID_FIXUP", 8, "SECBIT_NO_SETUID_FIXUP_LOCKED", 16, "SECBIT_KEEP_CAPS", 32, "SECBIT_KEEP_CAPS_LOCKED",
            64, "SECBIT_NO_CAP_AMBIENT_RAISE", 128, "SECBIT_NO_CAP_AMBIENT_RAISE_LOCKED");
    private static final Names MCE_KILL = Names.of(false, null, "PR_MCE_KILL_???", 0, "PR_MCE_KILL_CLEAR", 1, "PR_MCE_KILL_SET");
    private static final Names MCE_POLICY = Names.of(false, null, "PR_MCE_KILL_???", 0, "PR_MCE_KILL_LATE", 1, "PR_MCE_KILL_EARLY",
            2, "PR_MCE_KILL_DEFAULT");
    private static final Names SET_MM = Names.of(false, null, "PR_SET_MM_???", 1, "PR_SET_MM_START_CODE", 2, "PR_SET_MM_END_CODE",
            3, "PR_SET_MM_START_DATA", 4, "PR_SET_MM_END_DATA", 5, "PR_SET_MM_START_STACK", 6, "PR_SET_MM_START_BRK",
            7, "PR_SET_MM_BRK", 8, "PR_SET_MM_ARG_START", 9, "PR_SET_MM_ARG_END", 10, "PR_SET_MM_ENV_START", 11, "PR_SET_MM_ENV_END",
            12, "PR_SET_MM_AUXV", 13, "PR_SET_MM_EXE_FILE", 14, "PR_SET_MM_MAP", 15, "PR_SET_MM_MAP_SIZE");
    private static final Names FP_MODE = Names.of(true, "0", "PR_FP_MODE_???", 1, "PR_FP_MODE_FR", 2, "PR_FP_MODE_FRE");
    private static final Names AMBIENT = Names.of(false, null, "PR_CAP_AMBIENT_???", 1, "PR_CAP_AMBIENT_IS_SET",
            2, "PR_CAP_AMBIENT_RAISE", 3, "PR_CAP_AMBIENT_LOWER", 4, "PR_CAP_AMBIENT_CLEAR_ALL");
    private static final Names SPEC = Names.of(false, null, "PR_SPEC_???", 0, "PR_SPEC_STORE_BYPASS", 1, "PR_SPEC_INDIRECT_BRANCH",
            2, "PR_SPEC_L1D_FLUSH");
    private static final Names SPEC_SET = Names.of(false, null, "PR_SPEC_???", 2, "PR_SPEC_ENABLE", 4, "PR_SPEC_DISABLE",
            8, "PR_SPEC_FORCE_DISABLE", 16, "PR_SPEC_DISABLE_NOEXEC");
    private static final Names DISPATCH = Names.of(false, null, "PR_SYS_DISPATCH_???", 0, "PR_SYS_DISPATCH_OFF",
            1, "PR_SYS_DISPATCH_ON");
    private static final Names VMA = Names.of(false, null, "PR_SET_VMA_???", 0, "PR_SET_VMA_ANON_NAME");
    private static final Names CAPS;

    static {
        String[] caps = {"CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL",
            "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST",
            "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT",
            "CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE", "CAP_SYS_RESOURCE", "CAP_SYS_TIME",
            "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE", "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP",
            "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG", "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ",
            "CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE"};
        Object[] pairs = new Object[2 * caps.length];
        for (int i = 0; i < caps.length; i++) {
            pairs[2 * i] = i;
            pairs[2 * i + 1] = caps[i];
        }
        CAPS = Names.of(false, null, "CAP_???", pairs);
    }

    /** The option and the arguments strace shows for it, from the call's five arguments. */
    static List<String> render(long[] a) {
        int option = (int) a[0];
        List<String> out = new ArrayList<>(5);
        out.add(OPTIONS.show(option & 0xffffffffL)); // strace's unsigned int
        switch (option) {
            case 3, 7, 13, 21, 27, 30, 31, 32, 46, 51, 64 -> {} // no argument
            case 2, 5, 9, 11, 15, 16, 19, 25, 37, 40 -> out.add(Names.pointer(a[1])); // where a value is written (or a name read)
            case 8, 10, 12, 14, 20, 36 -> out.add(Long.toUnsignedString(a[1]));
            case 29 -> out.add(Long.toString(a[1]));
            case 1 -> out.add(a[1] == 0 || Long.compareUnsigned(a[1], 128) > 0 ? Long.toUnsignedString(a[1]) : Signals.name((int) a[1]));
            case 4 -> out.add(DUMPABLE.show(a[1]));
            case 6 -> out.add(UNALIGN.show((int) a[1]));
            case 23, 24 -> out.add(CAPS.show(a[1]));
            case 26 -> out.add(TSC.show((int) a[1]));
            case 28 -> out.add(SECBITS.show(a[1]));
            case 45 -> out.add(FP_MODE.show((int) a[1]));
            case 50, 63 -> out.add(Names.hex(a[1]));
            case 22 -> {
                out.add(SECCOMP_MODES.show(a[1]));
                if (a[1] == 2) out.add(Names.pointer(a[2]));
                else if (a[1] != 1) rest(out, a, 2);
            }
            case 33 -> {
                out.add(MCE_KILL.show(a[1]));
                out.add(a[1] == 1 ? MCE_POLICY.show(a[2]) : Names.hex(a[2]));
                rest(out, a, 3);
            }
            case 35 -> {
                out.add(SET_MM.show((int) a[1]));
                rest(out, a, 2);
            }
            case 38, 41, 57 -> {
                out.add(Long.toUnsignedString(a[1]));
                rest(out, a, 2);
            }
            case 47 -> {
                out.add(AMBIENT.show(a[1]));
                if (a[1] >= 1 && a[1] <= 3) {
                    out.add(CAPS.show(a[2]));
                    rest(out, a, 3);
                } else rest(out, a, 2);
            }
            case 52 -> out.add(SPEC.show(a[1]));
            case 53 -> {
                out.add(SPEC.show(a[1]));
                out.add(a[1] >= 0 && a[1] <= 2 ? SPEC_SET.show(a[2]) : Names.hex(a[2]));
            }
            case 59 -> {
                out.add(DISPATCH.show(a[1]));
                out.add(Names.hex(a[2]));
                out.add(Names.hex(a[3]));
                out.add(Names.pointer(a[4]));
            }
            case 0x53564d41 -> {
                out.add(VMA.show(a[1]));
                if (a[1] == 0) {
                    out.add(Names.pointer(a[2]));
                    out.add(Long.toUnsignedString(a[3]));
                    out.add(Names.pointer(a[4]));
                } else rest(out, a, 2);
            }
            case 0x59616d61 -> out.add((int) a[1] == -1 ? "PR_SET_PTRACER_ANY" : Integer.toString((int) a[1]));
            default -> rest(out, a, 1);
        }
        return out;
    }

    /** A successful result as strace shows it: PR_GET_DUMPABLE's and PR_MCE_KILL_GET's by name beside the number. */
    static String result(String option, long value) {
        String name = switch (option) {
            case "PR_GET_DUMPABLE" -> DUMPABLE.nameOf(value);
            case "PR_MCE_KILL_GET" -> MCE_POLICY.nameOf(value);
            default -> null;
        };
        return name == null ? Long.toString(value) : value + " (" + name + ")";
    }

    private static void rest(List<String> out, long[] a, int from) {
        for (int i = from; i < 5; i++) out.add(Names.hex(a[i]));
    }
}
