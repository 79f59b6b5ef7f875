package tot.trace;

import java.util.List;
import tot.syscalls.Syscall;
import tot.syscalls.SyscallTable;

/**
 * One syscall as tot decoded it: raw arguments, what was read from tracee memory for each
 * argument role, the paths it resolved to, and (after the exit stop) its result.
 */
final class DecodedCall {
    /** The ABI the call was made in (its numbering, its pointer size). */
    final SyscallTable.Arch arch;
    final Syscall syscall;
    final long[] args;
    final long entryNanos;
    /** Per argument: the decoded value (String path, List of String argv/envp, Long flags), or null. */
    final Object[] decoded = new Object[6];
    /** Absolute paths the call names, first PATH argument first. */
    String path;
    String path2;
    /** What an open-family call asks for. */
    tot.model.OpenFlags openFlags;
    /** Whether --trace reports it (an event); {@code rendered}: its arguments as strace -y shows them. */
    boolean event;
    List<String> rendered = List.of();
    long result;
    /** An open-family call: whether its new fd is a directory, as the eBPF kernel side saw it at the exit (null: not seen). */
    Boolean directory;
    /** An open-family call: whether its new fd is a regular file, as the eBPF kernel side saw it at the exit (null: not seen). */
    Boolean regular;
    /**
     * An open with O_CREAT: whether it made the file (ptrace: no such name at its entry; eBPF:
     * the kernel's FMODE_CREATED on the new file), null: not known.
     */
    Boolean created;
    /** An open of a regular file: the file as the eBPF kernel side saw it at the exit (null: not seen). */
    tot.model.FileStamp stamp;
    /**
     * An open with no path (open_by_handle_at): its file's device (the kernel's dev_t), inode
     * number and generation, as the eBPF kernel side saw them at the exit (0: not seen).
     */
    long fileDev, fileIno, fileGeneration;
    /** pipe, pipe2: the two fds the kernel wrote (read at exit), or null. */
    int[] fdPair;
    int errno;
    boolean exited;
    /**
     * An argument pointer tot could not read at entry (ptrace): a bad one the kernel fails the call
     * for too, or memory closed to tot (a process that is not dumpable, when tot is not root).
     */
    boolean unreadable;
    /** Non-zero: tot skipped the call at entry and makes it fail with this errno at exit. */
    int refused;

    DecodedCall(SyscallTable.Arch arch, Syscall syscall, long[] args, long entryNanos) {
        this.arch = arch;
        this.syscall = syscall;
        this.args = args.clone();
        this.entryNanos = entryNanos;
    }

    int intArg(int i) {
        return (int) args[i];
    }

    String string(int i) {
        return decoded[i] instanceof String s ? s : null;
    }

    @SuppressWarnings("unchecked")
    List<String> strings(int i) {
        return decoded[i] instanceof List<?> l ? (List<String>) l : null;
    }

    boolean ok() {
        return exited && errno == 0;
    }
}
