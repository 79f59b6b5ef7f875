package tot.trace;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.TreeMap;

/**
 * The fds tot itself inherited, which the traced command must inherit too; every other fd of
 * the JVM (its jar, its modules file, tot's output files) is hidden from the command: the fds
 * open at the {@link #snapshot} (tot's main takes it first thing), less the JVM's own files,
 * unless -Dtot.inheritedFds=0,1,2,… names them; as a library, fds 0, 1 and 2
 * ({@link #standardUnlessTaken}).
 */
public final class InheritedFds {
    private InheritedFds() {}

    private static final Object NO_KEY = new Object();
    private static Map<Integer, Object> fds;

    /** Takes the snapshot now (call early, before tot opens files). */
    public static synchronized void snapshot() {
        if (fds == null) fds = compute();
    }

    /**
     * tot used as a library: unless a snapshot was taken (or -Dtot.inheritedFds given), the
     * traced command inherits standard input, output and error only, none of the host
     * program's files and sockets.
     */
    public static synchronized void standardUnlessTaken() {
        if (fds != null) return;
        if (System.getProperty("tot.inheritedFds") != null) {
            fds = compute();
            return;
        }
        Map<Integer, Object> standard = new TreeMap<>();
        for (int fd = 0; fd <= 2; fd++) standard.put(fd, NO_KEY);
        fds = standard;
    }

    private static synchronized Map<Integer, Object> fds() {
        snapshot();
        return fds;
    }

    /** Whether {@code fd} is (still) one tot inherited: same number, same open file. */
    static boolean contains(int fd) {
        Map<Integer, Object> fds = fds();
        if (!fds.containsKey(fd)) return false;
        Object key = fds.get(fd);
        return key == NO_KEY || key.equals(fileKey(fd));
    }

    /** The lowest inherited fd that is an io_uring ring, or -1. */
    public static int ioUringRing() {
        for (int fd : fds().keySet()) {
            if (contains(fd) && "anon_inode:[io_uring]".equals(tot.linux.RawFiles.readlink("/proc/self/fd/" + fd))) return fd;
        }
        return -1;
    }

    private static Object fileKey(int fd) {
        try {
            Object key = Files.readAttributes(Path.of("/proc/self/fd/" + fd), BasicFileAttributes.class).fileKey();
            return key == null ? NO_KEY : key;
        } catch (IOException e) {
            return NO_KEY;
        }
    }

    private static Map<Integer, Object> compute() {
        Map<Integer, Object> out = new TreeMap<>();
        String given = System.getProperty("tot.inheritedFds");
        if (given != null) {
            for (String s : given.split(",")) {
                if (!s.isBlank()) out.put(Integer.parseInt(s.trim()), NO_KEY);
            }
            return out;
        }
        String javaHome = System.getProperty("java.home");
        // Java's own listing, not ProcFs's: this runs first thing in main, and the first FFM
        // downcall would link the foreign-function machinery on the critical path of every start
        String[] names = new File("/proc/self/fd").list();
        for (String name : names == null ? new String[0] : names) {
            int fd = Integer.parseInt(name);
            String target;
            try {
                target = Files.readSymbolicLink(Path.of("/proc/self/fd", name)).toString();
            } catch (IOException | java.nio.file.InvalidPathException e) {
                continue; // gone already: the listing's own fd
            }
            boolean jvmOwn = target.endsWith(".jar") || target.endsWith(".jsa") || target.endsWith(".aot")
                    || (javaHome != null && target.startsWith(javaHome + "/"));
            Object key = jvmOwn ? NO_KEY : fileKey(fd);
            if (key != NO_KEY) out.put(fd, key);
        }
        return out;
    }
}
