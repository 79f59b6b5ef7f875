package tot.linux;

import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;
import static tot.linux.Linux.*;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Shared advisory locks on single bytes of a file, held by an open file description (OFD locks,
 * fcntl F_OFD_SETLK): unlike POSIX record locks, closing some other descriptor of the same file
 * in the same process does not drop them (SQLite opens and closes the database file beside us),
 * and the kernel drops them when the holder dies, however it dies. They mark "this is in use"
 * to other processes on the machine.
 */
public final class ByteLocks {
    private ByteLocks() {}

    /**
     * Takes a shared lock on byte {@code offset} of {@code path}, through a new read-only
     * descriptor that holds it until {@link RawFiles#close} (returned); -1 when it cannot.
     */
    public static int hold(String path, long offset) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment capture = a.allocate(Libc.CAPTURE_LAYOUT);
            long fd = Libc.syscall(capture, SYS_openat, AT_FDCWD, RawFiles.address(a, path), O_RDONLY | O_CLOEXEC, 0, 0, 0);
            if (fd < 0) return -1;
            if (Libc.syscall(capture, SYS_fcntl, fd, F_OFD_SETLK, flock(a, F_RDLCK, offset).address(), 0, 0, 0) < 0) {
                RawFiles.close((int) fd);
                return -1;
            }
            return (int) fd;
        }
    }

    /** Whether another open file description holds a lock on byte {@code offset} of {@code path} (false when it cannot be told). */
    public static boolean held(String path, long offset) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment capture = a.allocate(Libc.CAPTURE_LAYOUT);
            long fd = Libc.syscall(capture, SYS_openat, AT_FDCWD, RawFiles.address(a, path), O_RDONLY | O_CLOEXEC, 0, 0, 0);
            if (fd < 0) return false;
            try {
                MemorySegment lock = flock(a, F_WRLCK, offset); // GETLK: would a write lock conflict with anyone's?
                if (Libc.syscall(capture, SYS_fcntl, fd, F_OFD_GETLK, lock.address(), 0, 0, 0) < 0) return false;
                return lock.get(JAVA_SHORT, Structs.flock.l_type$offset) != F_UNLCK;
            } finally {
                RawFiles.close((int) fd);
            }
        }
    }

    private static MemorySegment flock(Arena a, int type, long offset) {
        MemorySegment lock = a.allocate(Structs.flock.sizeof, 8); // zeroed: l_pid must be 0 for OFD locks
        lock.set(JAVA_SHORT, Structs.flock.l_type$offset, (short) type);
        lock.set(JAVA_SHORT, Structs.flock.l_whence$offset, (short) SEEK_SET);
        lock.set(JAVA_LONG, Structs.flock.l_start$offset, offset);
        lock.set(JAVA_LONG, Structs.flock.l_len$offset, 1);
        return lock;
    }
}
