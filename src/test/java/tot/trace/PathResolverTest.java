package tot.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class PathResolverTest {
    private final Task task = new Task(42, new Proc(40, null), new Fs("/home/u/src"), new FdTable());
    private final PathResolver.FdLookup fds = (t, fd) -> switch (fd) {
        case 0 -> "/dev/pts/1";
        case 3 -> "/opt/dir";
        case 5 -> "/dev/fptrace/pipe/2";
        default -> null;
    };

    private String resolve(int dirfd, String path) {
        return PathResolver.resolve(task, fds, dirfd, path, false);
    }

    @Test
    void relativeToCwdAndDirfd() {
        assertEquals("/home/u/src/a.c", resolve(-100, "a.c"));
        assertEquals("/home/u/b", resolve(-100, "../b"));
        assertEquals("/opt/dir/x/y", resolve(3, "x/./y/"));
        assertEquals("/etc/passwd", resolve(3, "/etc//passwd"));
        assertNull(resolve(9, "x"), "unknown dirfd");
        assertNull(resolve(-100, null), "bad pointer");
        assertEquals("/", resolve(-100, "/../.."));
    }

    @Test
    void emptyPathNeedsAtEmptyPath() {
        assertNull(resolve(3, ""));
        assertEquals("/opt/dir", PathResolver.resolve(task, fds, 3, "", true));
    }

    @Test
    void processRelativePaths() {
        assertEquals("/dev/pts/1", resolve(-100, "/dev/stdin"));
        assertEquals("/dev/fptrace/pipe/2", resolve(-100, "/dev/fd/5"));
        assertEquals("/dev/fptrace/pipe/2", resolve(-100, "/proc/self/fd/5"));
        assertEquals("/dev/fd/7", resolve(-100, "/dev/fd/7"), "unknown fd: left as is");
        assertEquals("/proc/40/maps", resolve(-100, "/proc/self/maps"));
        assertEquals("/proc/40/task/42/comm", resolve(-100, "/proc/thread-self/comm"));
        assertEquals("/proc/selfish", resolve(-100, "/proc/selfish"));
    }

    @Test
    void normalize() {
        assertEquals("/a/b", PathResolver.normalize("/a/b"));
        assertEquals("/a/.b/..c", PathResolver.normalize("/a/.b/..c"));
        assertEquals("/b", PathResolver.normalize("/a/../b/."));
        assertEquals("/", PathResolver.normalize("/"));
    }
}
