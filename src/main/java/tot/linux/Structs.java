package tot.linux;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.lang.foreign.UnionLayout;

/**
 * Layouts of the structs in native-headers/tot.h (x86_64), in jextract's shape: a layout and
 * the byte offset of each field tot touches. NativeLayoutTest checks every size and offset.
 */
public final class Structs {
    private Structs() {}

    /** struct user_regs_struct: 27 unsigned longs, in this order. */
    public static final class user_regs_struct {
        private user_regs_struct() {}
        static final String[] FIELDS = {
            "r15", "r14", "r13", "r12", "rbp", "rbx", "r11", "r10", "r9", "r8", "rax", "rcx", "rdx",
            "rsi", "rdi", "orig_rax", "rip", "cs", "eflags", "rsp", "ss", "fs_base", "gs_base",
            "ds", "es", "fs", "gs",
        };
        static final StructLayout LAYOUT;
        static {
            MemoryLayout[] fields = new MemoryLayout[FIELDS.length];
            for (int i = 0; i < fields.length; i++) fields[i] = JAVA_LONG.withName(FIELDS[i]);
            LAYOUT = MemoryLayout.structLayout(fields).withName("user_regs_struct");
        }
        public static StructLayout layout() { return LAYOUT; }
        public static long sizeof() { return LAYOUT.byteSize(); }
        /** Index of a field in the long[] view returned by {@link Kernel#getRegs}. */
        public static int index(String field) {
            for (int i = 0; i < FIELDS.length; i++) if (FIELDS[i].equals(field)) return i;
            throw new IllegalArgumentException(field);
        }
        public static long offset(String field) { return LAYOUT.byteOffset(groupElement(field)); }
        public static final int R10 = index("r10"), R9 = index("r9"), R8 = index("r8"), RAX = index("rax"),
                RDX = index("rdx"), RSI = index("rsi"), RDI = index("rdi"), ORIG_RAX = index("orig_rax"),
                RIP = index("rip"), RSP = index("rsp"), RBX = index("rbx"), RCX = index("rcx"), RBP = index("rbp");
    }

    /** glibc's struct sigaction (signal.h), as sigaction(3) takes it. */
    public static final class sigaction {
        private sigaction() {}
        static final StructLayout LAYOUT = MemoryLayout.structLayout(
                ADDRESS.withName("sa_handler"), MemoryLayout.sequenceLayout(16, JAVA_LONG).withName("sa_mask"),
                JAVA_INT.withName("sa_flags"), MemoryLayout.paddingLayout(4), ADDRESS.withName("sa_restorer"))
                .withName("sigaction");
        public static final long sa_handler$offset = LAYOUT.byteOffset(groupElement("sa_handler"));
        public static final long sa_flags$offset = LAYOUT.byteOffset(groupElement("sa_flags"));
    }

    /** struct ptrace_syscall_info (linux/ptrace.h). */
    public static final class ptrace_syscall_info {
        private ptrace_syscall_info() {}
        static final StructLayout ENTRY = MemoryLayout.structLayout(
                JAVA_LONG.withName("nr"), MemoryLayout.sequenceLayout(6, JAVA_LONG).withName("args"))
                .withName("entry");
        static final StructLayout EXIT = MemoryLayout.structLayout(
                JAVA_LONG.withName("rval"), JAVA_BYTE.withName("is_error"), MemoryLayout.paddingLayout(7))
                .withName("exit");
        static final StructLayout SECCOMP = MemoryLayout.structLayout(
                JAVA_LONG.withName("nr"), MemoryLayout.sequenceLayout(6, JAVA_LONG).withName("args"),
                JAVA_INT.withName("ret_data"), MemoryLayout.paddingLayout(4)).withName("seccomp");
        static final UnionLayout UNION = MemoryLayout.unionLayout(ENTRY, EXIT, SECCOMP);
        static final StructLayout LAYOUT = MemoryLayout.structLayout(
                JAVA_BYTE.withName("op"), JAVA_BYTE.withName("reserved"), JAVA_SHORT.withName("flags"),
                JAVA_INT.withName("arch"), JAVA_LONG.withName("instruction_pointer"),
                JAVA_LONG.withName("stack_pointer"), UNION).withName("ptrace_syscall_info");
        public static StructLayout layout() { return LAYOUT; }
        public static long sizeof() { return LAYOUT.byteSize(); }
        public static final long op$offset = 0, arch$offset = 4, instruction_pointer$offset = 8,
                stack_pointer$offset = 16, entry$nr$offset = 24, entry$args$offset = 32,
                exit$rval$offset = 24, exit$is_error$offset = 32, seccomp$ret_data$offset = 80;
    }

    /** struct sock_filter: one classic-BPF instruction. */
    public static final class sock_filter {
        private sock_filter() {}
        static final StructLayout LAYOUT = MemoryLayout.structLayout(
                JAVA_SHORT.withName("code"), JAVA_BYTE.withName("jt"), JAVA_BYTE.withName("jf"),
                JAVA_INT.withName("k")).withName("sock_filter");
        public static long sizeof() { return LAYOUT.byteSize(); }
        public static final long code$offset = 0, jt$offset = 2, jf$offset = 3, k$offset = 4;
    }

    /** struct sock_fprog: the program handed to seccomp(2). */
    public static final class sock_fprog {
        private sock_fprog() {}
        static final StructLayout LAYOUT = MemoryLayout.structLayout(
                JAVA_SHORT.withName("len"), MemoryLayout.paddingLayout(6), ADDRESS.withName("filter"))
                .withName("sock_fprog");
        public static long sizeof() { return LAYOUT.byteSize(); }
        public static final long len$offset = 0, filter$offset = 8;
    }

    /** struct seccomp_data: what a seccomp BPF program loads. */
    public static final class seccomp_data {
        private seccomp_data() {}
        public static final int nr$offset = 0, arch$offset = 4, instruction_pointer$offset = 8, args$offset = 16;
        public static final int sizeof = 64;
    }

    /** struct seccomp_notif: a call a seccomp filter handed to its listener (SECCOMP_RET_USER_NOTIF). */
    public static final class seccomp_notif {
        private seccomp_notif() {}
        public static final int id$offset = 0, pid$offset = 8, flags$offset = 12, data$offset = 16;
        public static final int sizeof = 80;
    }

    /** struct seccomp_notif_resp: the listener's answer to one. */
    public static final class seccomp_notif_resp {
        private seccomp_notif_resp() {}
        public static final int id$offset = 0, val$offset = 8, error$offset = 16, flags$offset = 20;
        public static final int sizeof = 24;
    }

    /** struct iovec. */
    public static final class iovec {
        private iovec() {}
        static final StructLayout LAYOUT = MemoryLayout.structLayout(
                ADDRESS.withName("iov_base"), JAVA_LONG.withName("iov_len")).withName("iovec");
        public static long sizeof() { return LAYOUT.byteSize(); }
        public static final long iov_base$offset = 0, iov_len$offset = 8;
    }

    /** struct open_how (openat2). */
    public static final class open_how {
        private open_how() {}
        public static final long flags$offset = 0, mode$offset = 8, resolve$offset = 16;
        public static final long sizeof = 24;
    }

    /** struct clone_args (clone3): tot reads only the flags. */
    public static final class clone_args {
        private clone_args() {}
        public static final long flags$offset = 0, exit_signal$offset = 32;
    }

    /** struct stat (x86_64, as newfstatat fills it): tot reads only the mode. */
    public static final class stat {
        private stat() {}
        public static final long st_dev$offset = 0, st_ino$offset = 8, st_mode$offset = 24, st_size$offset = 48;
        /** struct timespec: seconds, then nanoseconds, 8 bytes each. */
        public static final long st_mtim$offset = 88, st_ctim$offset = 104;
        public static final long sizeof = 144;
    }

    /** struct statx: tot asks only for the file's type (stx_mode), as the kernel holds it. */
    public static final class statx {
        private statx() {}
        public static final long stx_mode$offset = 28;
        public static final long sizeof = 256;
    }

    /** struct flock (fcntl's record locks, x86_64): a lock's type, and the byte range it covers. */
    public static final class flock {
        private flock() {}
        public static final long l_type$offset = 0, l_whence$offset = 2, l_start$offset = 8, l_len$offset = 16;
        public static final long sizeof = 32;
    }

    /** struct dirent64 (getdents64's records): tot reads the record length and the name. */
    public static final class dirent64 {
        private dirent64() {}
        public static final long d_reclen$offset = 16, d_name$offset = 19;
    }
}
