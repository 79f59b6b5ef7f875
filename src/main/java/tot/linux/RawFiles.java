package tot.linux;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;
import static tot.linux.Linux.*;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import tot.util.ByteStrings;

/**
 * File-system calls on paths as bytes. Java's file API decodes and encodes names with the
 * platform's charset: a name that is not valid UTF-8 (or anything non-ASCII under the C locale)
 * comes back with U+FFFD or cannot be named at all. tot keeps names as {@link ByteStrings}
 * (every byte round-trips) and asks the kernel through these. Usable from any thread.
 */
public final class RawFiles {
    private RawFiles() {}

    /** The link's target (readlink), or null when {@code path} is not a link or cannot be read. */
    public static String readlink(String path) {
        try (Arena a = Arena.ofConfined()) {
            int size = PAGE_SIZE;
            MemorySegment buf = a.allocate(size);
            long n = Libc.syscall(a.allocate(Libc.CAPTURE_LAYOUT), SYS_readlink, address(a, path), buf.address(), size, 0, 0, 0);
            if (n < 0 || n >= size) return null;
            return ByteStrings.decode(buf.asSlice(0, n).toArray(JAVA_BYTE));
        }
    }

    /**
     * The entries of directory {@code path} whose names are numbers (the fds of /proc/PID/fd,
     * the threads of /proc/PID/task), ascending; null when it cannot be listed. One open,
     * getdents64 until the end, one close: a Java directory stream costs twice the syscalls
     * (fstat, fcntl, dup, a second close), and the tracer lists a directory at every exec.
     */
    public static int[] numberedEntries(String path) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment capture = a.allocate(Libc.CAPTURE_LAYOUT);
            long fd = Libc.syscall(capture, SYS_openat, AT_FDCWD, address(a, path), O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0, 0, 0);
            if (fd < 0) return null;
            try {
                return numberedEntries(capture, fd, a.allocate(DIRENTS_BUFFER, 8));
            } finally {
                Libc.syscall(capture, SYS_close, fd, 0, 0, 0, 0, 0);
            }
        }
    }

    /** {@link #numberedEntries(String)} of the directory open as {@code fd}, read from its start, into {@code buf} (DIRENTS_BUFFER bytes). */
    static int[] numberedEntries(MemorySegment capture, long fd, MemorySegment buf) {
        int[] out = new int[16];
        int count = 0;
        for (long n; (n = Libc.syscall(capture, SYS_getdents64, fd, buf.address(), DIRENTS_BUFFER, 0, 0, 0)) != 0; ) {
            if (n < 0) return null;
            for (long at = 0; at < n; at += Short.toUnsignedInt(buf.get(JAVA_SHORT, at + Structs.dirent64.d_reclen$offset))) {
                long number = number(buf, at + Structs.dirent64.d_name$offset);
                if (number < 0) continue;
                if (count == out.length) out = Arrays.copyOf(out, count * 2);
                out[count++] = (int) number;
            }
        }
        int[] sorted = Arrays.copyOf(out, count);
        Arrays.sort(sorted);
        return sorted;
    }

    static final int DIRENTS_BUFFER = 8192;

    /** The NUL-terminated name at {@code at} as a number below 2^31, or -1 ("." and "..", names). */
    private static long number(MemorySegment buf, long at) {
        long value = 0;
        int digits = 0;
        for (byte b; (b = buf.get(JAVA_BYTE, at + digits)) != 0; digits++) {
            if (b < '0' || b > '9' || digits == 10) return -1;
            value = value * 10 + (b - '0');
        }
        return digits == 0 || value > Integer.MAX_VALUE ? -1 : value;
    }

    /**
     * This process's working directory (getcwd, its bytes kept); Java's user.dir when getcwd
     * fails (a directory longer than a page, or removed).
     */
    public static String cwd() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(PAGE_SIZE);
            long n = Libc.syscall(a.allocate(Libc.CAPTURE_LAYOUT), SYS_getcwd, buf.address(), PAGE_SIZE, 0, 0, 0, 0);
            String cwd = n <= 0 ? "" : ByteStrings.decode(buf.asSlice(0, n - 1).toArray(JAVA_BYTE)); // n counts the NUL
            return cwd.startsWith("/") ? cwd : System.getProperty("user.dir"); // "(unreachable)…" is not a path
        }
    }

    /**
     * An O_PATH descriptor of directory {@code path} (links followed), close-on-exec: it names
     * that directory whatever is renamed or linked on the way to it later.
     */
    public static int openDirectory(String path) throws ErrnoException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment capture = a.allocate(Libc.CAPTURE_LAYOUT);
            long fd = Libc.syscall(capture, SYS_openat, AT_FDCWD, address(a, path), O_PATH | O_DIRECTORY | O_CLOEXEC, 0, 0, 0);
            if (fd < 0) throw new ErrnoException("open " + path, Libc.errno(capture));
            return (int) fd;
        }
    }

    /**
     * The generation number of the regular file {@code path} names (FS_IOC_GETVERSION, which
     * ext4, xfs and btrfs answer), or -1 when it cannot be told. Opens the file for reading
     * (without changing its access time, where allowed).
     */
    public static long generation(String path) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment capture = a.allocate(Libc.CAPTURE_LAYOUT);
            int flags = O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC;
            long fd = Libc.syscall(capture, SYS_openat, AT_FDCWD, address(a, path), flags | O_NOATIME, 0, 0, 0);
            if (fd < 0) fd = Libc.syscall(capture, SYS_openat, AT_FDCWD, address(a, path), flags, 0, 0, 0); // O_NOATIME: the owner's or root's
            if (fd < 0) return -1;
            try {
                MemorySegment version = a.allocate(8, 8);
                return Libc.syscall(capture, SYS_ioctl, fd, FS_IOC_GETVERSION, version.address(), 0, 0, 0) == 0
                        ? Integer.toUnsignedLong(version.get(java.lang.foreign.ValueLayout.JAVA_INT, 0)) : -1;
            } finally {
                Libc.syscall(capture, SYS_close, fd, 0, 0, 0, 0, 0);
            }
        }
    }

    private static final int O_NOCTTY = 0400, O_NOATIME = 01000000;
    private static final long FS_IOC_GETVERSION = 0x80087601L;

    /** write(2) of all of {@code data} at once (a pipe takes up to a page so). */
    public static void write(int fd, byte[] data) throws ErrnoException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment capture = a.allocate(Libc.CAPTURE_LAYOUT);
            MemorySegment bytes = a.allocate(Math.max(1, data.length));
            bytes.copyFrom(MemorySegment.ofArray(data));
            long n = Libc.syscall(capture, SYS_write, fd, bytes.address(), data.length, 0, 0, 0);
            if (n < 0) throw new ErrnoException("write", Libc.errno(capture));
            if (n != data.length) throw new ErrnoException("write (short)", EIO);
        }
    }

    /** close(2), its result not looked at (a descriptor tot owns, closed once). */
    public static void close(int fd) {
        try (Arena a = Arena.ofConfined()) {
            Libc.syscall(a.allocate(Libc.CAPTURE_LAYOUT), SYS_close, fd, 0, 0, 0, 0, 0);
        }
    }

    /** What a path names, following links: nothing, a directory, a regular file or something else. */
    public enum Type { NONE, DIRECTORY, FILE, OTHER }

    public static Type type(String path) {
        Stat st = stat(path, true);
        return st == null ? Type.NONE : st.isDirectory() ? Type.DIRECTORY : st.isRegularFile() ? Type.FILE : Type.OTHER;
    }

    /** What stat tells of a file: its device and inode, type and mode, size and times. */
    public record Stat(long dev, long ino, int mode, long size, long mtimeNanos, long ctimeNanos) {
        public boolean isRegularFile() {
            return (mode & S_IFMT) == S_IFREG;
        }

        public boolean isDirectory() {
            return (mode & S_IFMT) == S_IFDIR;
        }
    }

    /** {@code path}'s {@link Stat} (of a symlink's target when {@code follow}), or null when it cannot be stat'ed. */
    public static Stat stat(String path, boolean follow) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(Structs.stat.sizeof, 8);
            long r = Libc.syscall(a.allocate(Libc.CAPTURE_LAYOUT), SYS_newfstatat, AT_FDCWD, address(a, path), st.address(),
                    follow ? 0 : AT_SYMLINK_NOFOLLOW, 0, 0);
            return r != 0 ? null : stat(st);
        }
    }

    /** Whether {@code a} and {@code b} (not following a last symlink) are there and name one file. */
    public static boolean sameEntry(String a, String b) {
        Stat x = stat(a, false), y = x == null ? null : stat(b, false);
        return y != null && x.dev() == y.dev() && x.ino() == y.ino();
    }

    /**
     * What {@code path} (following links) is, as the kernel holds it in memory: statx with
     * AT_STATX_DONT_SYNC asks no network or FUSE server, so a traced FUSE server the tracer holds
     * stopped cannot make the tracer wait for it. NONE when it cannot be stat'ed.
     */
    public static Type typeAsCached(String path) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment stx = a.allocate(Structs.statx.sizeof, 8);
            long r = Libc.syscall(a.allocate(Libc.CAPTURE_LAYOUT), SYS_statx, AT_FDCWD, address(a, path), AT_STATX_DONT_SYNC,
                    STATX_TYPE, stx.address(), 0);
            if (r != 0) return Type.NONE;
            int type = stx.get(JAVA_SHORT, Structs.statx.stx_mode$offset) & S_IFMT;
            return type == S_IFDIR ? Type.DIRECTORY : type == S_IFREG ? Type.FILE : Type.OTHER;
        }
    }

    /**
     * The file {@code path} names (links followed), taken once: its {@link Stat}, its generation
     * (as {@link #generation}, for a regular file; -1 otherwise or unknown) and its name (as
     * /proc shows an fd's), or null when it cannot be opened. The path is opened once
     * ({@code O_PATH}) and everything is asked through that fd, so a magic link of /proc
     * ({@code /proc/PID/fd/N}) that another thread of the process repoints meanwhile (dup2) cannot
     * give the stat of one file and the name of another.
     */
    public static HeldFile held(String path) {
        return throughPathFd(path, (a, capture, fd) -> {
            MemorySegment st = a.allocate(Structs.stat.sizeof, 8);
            if (Libc.syscall(capture, SYS_newfstatat, fd, address(a, ""), st.address(), AT_EMPTY_PATH, 0, 0) != 0) return null;
            Stat stat = stat(st);
            String self = "/proc/self/fd/" + fd; // tot's own fd: no other process can repoint it
            return new HeldFile(stat, stat.isRegularFile() ? generation(self) : -1, readlink(self));
        });
    }

    /** What {@code ask} learns through an O_PATH fd of the file {@code path} names (links followed), closed after; null when it cannot be opened. */
    private static <T> T throughPathFd(String path, PathFdQuery<T> ask) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment capture = a.allocate(Libc.CAPTURE_LAYOUT);
            long fd = Libc.syscall(capture, SYS_openat, AT_FDCWD, address(a, path), O_PATH | O_CLOEXEC, 0, 0, 0);
            if (fd < 0) return null;
            try {
                return ask.ask(a, capture, fd);
            } finally {
                Libc.syscall(capture, SYS_close, fd, 0, 0, 0, 0, 0);
            }
        }
    }

    private interface PathFdQuery<T> {
        T ask(Arena a, MemorySegment capture, long fd);
    }

    /** A file taken at one instant: see {@link #held}. */
    public record HeldFile(Stat stat, long generation, String name) {}

    /**
     * A file handle (name_to_handle_at) of the file {@code path} names, links followed, and the id
     * of the mount it was reached through; null when there is none (a file system that gives no
     * handles, a path that cannot be opened). The path is opened once ({@code O_PATH}) and asked
     * through that fd, so a magic link of /proc ({@code /proc/PID/fd/N}) is taken at one instant:
     * what it names cannot change between the handle and {@link FileHandle#name}.
     */
    public static FileHandle handle(String path) {
        return throughPathFd(path, (a, capture, fd) -> {
            MemorySegment fh = a.allocate(8 + MAX_HANDLE_SZ, 8);
            fh.set(JAVA_INT, 0, MAX_HANDLE_SZ);
            MemorySegment mount = a.allocate(JAVA_INT);
            if (Libc.syscall(capture, SYS_name_to_handle_at, fd, address(a, ""), fh.address(), mount.address(), AT_EMPTY_PATH, 0) != 0) {
                return null;
            }
            int bytes = fh.get(JAVA_INT, 0);
            String name = readlink("/proc/self/fd/" + fd); // the file tot holds, whatever happens to the path meanwhile
            return new FileHandle(fh.get(JAVA_INT, 4), fh.asSlice(8, bytes).toArray(JAVA_BYTE), mount.get(JAVA_INT, 0), name);
        });
    }

    /**
     * A file handle: its type (the file system's encoding; the kernel's own flags above bit 15
     * are not part of it) and bytes, the mount it was taken through, and the file's name then
     * (as /proc shows an fd's: a removed file's ends in " (deleted)"; null: unknown).
     */
    public record FileHandle(int type, byte[] bytes, int mountId, String name) {
        /** Whether a handle given to open_by_handle_at as {@code type} and {@code bytes} names this file in these words. */
        public boolean sameAs(int type, byte[] bytes) {
            return (type & 0xffff) == (this.type & 0xffff) && Arrays.equals(bytes, this.bytes);
        }
    }

    /** A struct stat the kernel filled. */
    private static Stat stat(MemorySegment st) {
        return new Stat(st.get(JAVA_LONG, Structs.stat.st_dev$offset), st.get(JAVA_LONG, Structs.stat.st_ino$offset),
                st.get(JAVA_INT, Structs.stat.st_mode$offset), st.get(JAVA_LONG, Structs.stat.st_size$offset),
                nanos(st, Structs.stat.st_mtim$offset), nanos(st, Structs.stat.st_ctim$offset));
    }

    private static long nanos(MemorySegment st, long timespec) {
        return st.get(JAVA_LONG, timespec) * 1_000_000_000L + st.get(JAVA_LONG, timespec + 8);
    }

    /** What {@link #read} hands each chunk to: its first {@code n} bytes of {@code buf}, valid only during the call. */
    interface Chunks {
        void accept(MemorySegment buf, long n);
    }

    /**
     * Reads the regular file at {@code path} from its start to its end, handing each chunk to
     * {@code chunks}; false when it cannot be opened or read, or is not a regular file once open.
     * A traced program may swap the file for a FIFO or a link to /dev/zero between a check and
     * the open: opened non-blocking and checked on the open fd, neither can hang the reader.
     */
    static boolean read(String path, Chunks chunks) {
        return read(path, true, chunks, () -> false);
    }

    /**
     * {@link #read(String, Chunks)}, giving up (false) at the first chunk after {@code stop} says
     * so; {@code follow} false: a symbolic link at the name is not followed (false).
     */
    static boolean read(String path, boolean follow, Chunks chunks, java.util.function.BooleanSupplier stop) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment capture = a.allocate(Libc.CAPTURE_LAYOUT);
            int flags = O_RDONLY | O_NONBLOCK | O_CLOEXEC | (follow ? 0 : O_NOFOLLOW);
            long fd = Libc.syscall(capture, SYS_openat, AT_FDCWD, address(a, path), flags, 0, 0, 0);
            if (fd < 0) return false;
            try {
                MemorySegment st = a.allocate(Structs.stat.sizeof, 8);
                if (Libc.syscall(capture, SYS_fstat, fd, st.address(), 0, 0, 0, 0) != 0 || !stat(st).isRegularFile()) return false;
                MemorySegment buf = a.allocate(READ_BUFFER, 8);
                for (long n; (n = Libc.syscall(capture, SYS_read, fd, buf.address(), READ_BUFFER, 0, 0, 0)) != 0; ) {
                    if (n < 0) {
                        if (Libc.errno(capture) == EINTR) continue;
                        return false;
                    }
                    if (stop.getAsBoolean()) return false;
                    chunks.accept(buf, n);
                }
                return true;
            } finally {
                Libc.syscall(capture, SYS_close, fd, 0, 0, 0, 0, 0);
            }
        }
    }

    private static final int READ_BUFFER = 1 << 16;

    /** Whether this process may execute {@code path} (faccessat X_OK, with the effective ids as execve checks). */
    public static boolean isExecutable(String path) {
        try (Arena a = Arena.ofConfined()) {
            return Libc.syscall(a.allocate(Libc.CAPTURE_LAYOUT), SYS_faccessat, AT_FDCWD, address(a, path), X_OK, 0, 0, 0) == 0;
        }
    }

    static long address(Arena a, String path) {
        byte[] b = ByteStrings.encode(path);
        MemorySegment m = a.allocate(b.length + 1L);
        MemorySegment.copy(b, 0, m, JAVA_BYTE, 0, b.length);
        return m.address();
    }
}
