package tot.linux;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static tot.linux.Linux.*;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import tot.util.ByteStrings;

/**
 * A process's /proc/PID/fd held open, to name many of its fds at once (the tracer does at each
 * exec): a readlinkat relative to it walks one name, not four, into one buffer;
 * kcmp(KCMP_FILE) tells that an fd is the very open file of another fd already named (two
 * pointers compared in the kernel, where naming an fd makes its dentry and inode and writes
 * the path); and the directory's size is the number of open fds (Linux 6.2 on), so a caller
 * that found that many need not list it. One thread; close it.
 */
public final class FdDirectory implements AutoCloseable {
    /** What kcmp says of an fd against one known to be open. */
    public enum Comparison { SAME, DIFFERENT, NOT_OPEN, UNKNOWN }

    private static final int KCMP_FILE = 0;

    private final Arena arena = Arena.ofConfined();
    private final MemorySegment capture = arena.allocate(Libc.CAPTURE_LAYOUT);
    private final MemorySegment name = arena.allocate(16);
    private final MemorySegment target = arena.allocate(PAGE_SIZE);
    private final int pid;
    private long dirfd = -1;

    private FdDirectory(int pid) {
        this.pid = pid;
    }

    /** /proc/PID/fd of process {@code pid}, or null when it cannot be opened (gone, or hidden from tot). */
    public static FdDirectory open(int pid) {
        FdDirectory d = new FdDirectory(pid);
        d.dirfd = Libc.syscall(d.capture, SYS_openat, AT_FDCWD, RawFiles.address(d.arena, "/proc/" + pid + "/fd"),
                O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0, 0, 0);
        if (d.dirfd >= 0) return d;
        d.arena.close();
        return null;
    }

    /**
     * How many fds the process has open, or -1 when the kernel does not say: before Linux 6.2
     * the directory's size is 0, which then means nothing.
     */
    public long openCount() {
        MemorySegment st = arena.allocate(Structs.stat.sizeof, 8);
        if (Libc.syscall(capture, SYS_fstat, dirfd, st.address(), 0, 0, 0, 0) != 0) return -1;
        long size = st.get(JAVA_LONG, Structs.stat.st_size$offset);
        return size > 0 ? size : -1;
    }

    /** What fd {@code fd} is open on (its link's target, the bytes kept: see RawFiles), or null when it is not open. */
    public String link(int fd) {
        String digits = Integer.toString(fd);
        for (int i = 0; i < digits.length(); i++) name.set(JAVA_BYTE, i, (byte) digits.charAt(i));
        name.set(JAVA_BYTE, digits.length(), (byte) 0);
        long n = Libc.syscall(capture, SYS_readlinkat, dirfd, name.address(), target.address(), PAGE_SIZE, 0, 0);
        if (n < 0 || n >= PAGE_SIZE) return null;
        return ByteStrings.decode(target.asSlice(0, n).toArray(JAVA_BYTE));
    }

    /**
     * Whether fd {@code fd} is the open file fd {@code open} is (which must be open): SAME then
     * names the same file, NOT_OPEN when {@code fd} is not open, UNKNOWN when kcmp cannot say
     * (a kernel without it, a seccomp policy that refuses it, the process gone).
     */
    public Comparison compare(int fd, int open) {
        long r = Libc.syscall(capture, SYS_kcmp, pid, pid, KCMP_FILE, fd, open, 0);
        if (r == 0) return Comparison.SAME;
        if (r > 0) return Comparison.DIFFERENT;
        return Libc.errno(capture) == EBADF ? Comparison.NOT_OPEN : Comparison.UNKNOWN;
    }

    /** Every open fd, ascending (call it once); null when the directory cannot be read. */
    public int[] fds() {
        return RawFiles.numberedEntries(capture, dirfd, arena.allocate(RawFiles.DIRENTS_BUFFER, 8));
    }

    @Override
    public void close() {
        Libc.syscall(capture, SYS_close, dirfd, 0, 0, 0, 0, 0);
        arena.close();
    }
}
