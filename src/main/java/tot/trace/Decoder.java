package tot.trace;

import static tot.linux.Linux.EFAULT;
import static tot.linux.Linux.ESRCH;
import static tot.linux.Linux.MAX_HANDLE_SZ;

import java.util.ArrayList;
import java.util.List;
import tot.syscalls.Arg;
import tot.syscalls.Syscall;
import tot.syscalls.SyscallTable;
import tot.linux.ErrnoException;
import tot.linux.Kernel;
import tot.util.ByteStrings;

/** Reads what a syscall's arguments point to, as the table's argument roles say. */
final class Decoder {
    static final int PATH_MAX = 4096;
    static final int ARG_MAX_STRINGS = 1 << 20;
    /**
     * The kernel's MAX_ARG_STRLEN: an argument or variable of this many bytes, its NUL included,
     * or more fails execve (E2BIG).
     */
    static final int MAX_ARG_STRLEN = 32 * 4096;
    /**
     * The most argv (or envp) an execve can pass, strings and pointers: 3/4 of the kernel's
     * _STK_LIM, whatever the stack limit; more fails it (E2BIG).
     */
    static final long ARG_MAX_TOTAL = 6L << 20;

    private final Kernel kernel;
    boolean readEnv;

    Decoder(Kernel kernel) {
        this.kernel = kernel;
    }

    /** At entry: paths, argv/envp, flags behind pointers. A bad pointer leaves the value null. */
    void entry(int tid, DecodedCall c) {
        List<Arg> roles = c.syscall.args();
        for (int i = 0; i < roles.size(); i++) {
            long a = c.args[i];
            try {
                c.decoded[i] = switch (roles.get(i)) {
                    case PATH, STRING -> ByteStrings.decode(kernel.readCString(tid, a, PATH_MAX));
                    case ARGV -> a == 0 ? List.of() : strings(tid, a, c.arch.pointerSize);
                    case ENVP -> readEnv ? (a == 0 ? List.of() : strings(tid, a, c.arch.pointerSize)) : null;
                    case OPEN_HOW -> new OpenHow(kernel.readLong(tid, a), kernel.readLong(tid, a + 16)); // flags, resolve
                    case CLONE_ARGS -> kernel.readLong(tid, a);
                    case FILE_HANDLE -> fileHandle(tid, a);
                    default -> null;
                };
            } catch (ErrnoException e) {
                c.decoded[i] = null; // EFAULT: the kernel will fail the call too; ESRCH: the task died
                if (e.errno != ESRCH) c.unreadable = true; // a call that succeeds all the same was closed to tot
            }
        }
    }

    /**
     * The call an i386 multiplexer stands for, with its own arguments ({@link Multiplexed}), its
     * argument block read from the tracee. Null when the call number is unknown or the block
     * cannot be read (the kernel then fails the call too).
     */
    DecodedCall unwrap(int tid, SyscallTable.Arch arch, Syscall multiplexer, long[] args, long now) {
        Syscall inner = Multiplexed.inner(multiplexer, args);
        if (inner == null) return null;
        int words = Multiplexed.blockWords(multiplexer, inner, args);
        long[] block = null;
        if (words > 0) {
            try {
                block = kernel.readWords(tid, args[multiplexer.indexOf(Arg.ARG_BLOCK)], words);
            } catch (ErrnoException e) {
                return null;
            }
        }
        return Multiplexed.unwrap(arch, multiplexer, inner, args, block, now);
    }

    /**
     * struct file_handle at {@code addr}: its type and its handle_bytes bytes; null when the kernel
     * refuses the size (EINVAL).
     */
    private FileHandleArg fileHandle(int tid, long addr) throws ErrnoException {
        byte[] head = kernel.readBytes(tid, addr, 8);
        int bytes = littleEndianInt(head, 0);
        if (bytes <= 0 || bytes > MAX_HANDLE_SZ) return null;
        return new FileHandleArg(littleEndianInt(head, 4), kernel.readBytes(tid, addr + 8, bytes));
    }

    /**
     * At the exit of a call that took a file handle: forgets the handle read at entry when the
     * program's memory no longer holds it (a thread rewrote it during the call), so that the new
     * fd is not taken for the file of a handle the kernel may not have been given.
     */
    void recheckFileHandle(int tid, DecodedCall c) {
        int at = c.syscall.indexOf(Arg.FILE_HANDLE);
        if (at < 0 || !(c.decoded[at] instanceof FileHandleArg entry)) return;
        try {
            if (!entry.equals(fileHandle(tid, c.args[at]))) c.decoded[at] = null;
        } catch (ErrnoException e) {
            c.decoded[at] = null;
        }
    }

    /** At exit: what the kernel wrote (the pipe fds). */
    int[] fdPair(int tid, long addr) {
        try {
            byte[] b = kernel.readBytes(tid, addr, 8);
            return new int[] {littleEndianInt(b, 0), littleEndianInt(b, 4)};
        } catch (ErrnoException e) {
            return null;
        }
    }

    /**
     * The process (a group negated) call {@code s} of task {@code tid} names in its memory, where
     * no filter can read it: fcntl's F_SETOWN_EX (struct f_owner_ex), ioctl's FIOSETOWN and
     * SIOCSPGRP (an int), whose owner gets the fd's SIGIO (or F_SETSIG's signal, SIGKILL
     * included); 0 when none or unreadable. A thread of the program that rewrites it after this
     * read can still get past (as with any argument a tracer reads).
     */
    int owner(int tid, Syscall s, long[] args) {
        Syscall.OwnerInMemory kind = s.ownerInMemory(args);
        if (kind == Syscall.OwnerInMemory.NONE) return 0;
        long at = args[s.ownerPointer()];
        try {
            long word = kind == Syscall.OwnerInMemory.OWNER_EX ? kernel.readLong(tid, at) : littleEndianInt(kernel.readBytes(tid, at, 4), 0);
            return Syscall.ownerNamed(kind, word);
        } catch (ErrnoException e) {
            // EFAULT: the kernel fails the call too; else the memory is closed to tot (not dumpable) and the
            // owner could be tot: with F_SETSIG's SIGKILL, its SIGIO would kill tot
            return e.errno == EFAULT || e.errno == ESRCH ? 0 : UNREADABLE;
        }
    }

    /** The bpf object id at the start of bpf(2)'s attr {@code attr} ({@link Syscall#objectIdInMemory}), or -1 when unreadable (the kernel fails the call too). */
    long objectId(int tid, long attr) {
        try {
            return littleEndianInt(kernel.readBytes(tid, attr, 4), 0) & 0xffffffffL;
        } catch (ErrnoException e) {
            return -1;
        }
    }

    /** {@link #owner}: memory tot may not read, so the process it names is unknown (no process has this number). */
    static final int UNREADABLE = Integer.MIN_VALUE;

    private static int littleEndianInt(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16 | b[at + 3] << 24;
    }

    private List<String> strings(int tid, long array, int pointerSize) throws ErrnoException {
        long[] pointers = kernel.readPointerArray(tid, array, pointerSize, ARG_MAX_STRINGS);
        List<String> out = new ArrayList<>(pointers.length);
        long total = 0;
        for (long p : pointers) {
            byte[] s = kernel.readCString(tid, p, MAX_ARG_STRLEN);
            out.add(ByteStrings.decode(s));
            // past the kernel's limits the exec fails with E2BIG: the rest is not read (the same
            // megabytes pointed to a million times would take tot's memory and minutes)
            total += s.length + 1 + pointerSize;
            if (s.length == MAX_ARG_STRLEN || total > ARG_MAX_TOTAL) break;
        }
        return out;
    }
}
