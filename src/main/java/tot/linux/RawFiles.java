package tot.linux;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static tot.linux.Linux.*;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
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

    /** What a path names, following links: nothing, a directory, a regular file or something else. */
    public enum Type { NONE, DIRECTORY, FILE, OTHER }

    public static Type type(String path) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(Structs.stat.sizeof, 8);
            long r = Libc.syscall(a.allocate(Libc.CAPTURE_LAYOUT), SYS_newfstatat, AT_FDCWD, address(a, path), st.address(), 0, 0, 0);
            if (r != 0) return Type.NONE;
            int mode = st.get(JAVA_INT, Structs.stat.st_mode$offset) & S_IFMT;
            return mode == S_IFDIR ? Type.DIRECTORY : mode == S_IFREG ? Type.FILE : Type.OTHER;
        }
    }

    /** Whether this process may execute {@code path} (faccessat X_OK, with the effective ids as execve checks). */
    public static boolean isExecutable(String path) {
        try (Arena a = Arena.ofConfined()) {
            return Libc.syscall(a.allocate(Libc.CAPTURE_LAYOUT), SYS_faccessat, AT_FDCWD, address(a, path), X_OK, 0, 0, 0) == 0;
        }
    }

    private static long address(Arena a, String path) {
        byte[] b = ByteStrings.encode(path);
        MemorySegment m = a.allocate(b.length + 1L);
        MemorySegment.copy(b, 0, m, JAVA_BYTE, 0, b.length);
        return m.address();
    }
}
