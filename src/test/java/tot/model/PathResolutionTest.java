package tot.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How the model makes a syscall's path absolute and normal, as the calling thread sees it. */
class PathResolutionTest {
    private final ProcessModel model = new ProcessModel(e -> { }, true, "/");
    private static final int THREAD = 0x10000 | 0x800 | 0x400 | 0x200 | 0x100;

    @BeforeEach
    void threadOfAProcess() {
        model.apply(new Fact.Started(1, 40, "/home/u/src"));
        model.apply(new Fact.Spawned(2, 40, 42, THREAD));
        model.apply(new Fact.FdSeen(3, 42, 0, "/dev/pts/1", false));
        model.apply(new Fact.FdSeen(3, 42, 3, "/opt/dir", false));
        model.apply(new Fact.Piped(4, 42, 4, 5, false, null));
    }

    private String resolve(int dirfd, String path) {
        return model.resolve(42, PathArg.at(dirfd, path, false));
    }

    @Test
    void relativeToCwdAndDirfd() {
        assertEquals("/home/u/src/a.c", resolve(PathArg.AT_FDCWD, "a.c"));
        assertEquals("/home/u/b", resolve(PathArg.AT_FDCWD, "../b"));
        assertEquals("/opt/dir/x/y", resolve(3, "x/./y/"));
        assertEquals("/etc/passwd", resolve(3, "/etc//passwd"));
        assertNull(resolve(9, "x"), "unknown dirfd");
        assertNull(resolve(PathArg.AT_FDCWD, null), "bad pointer");
        assertEquals("/", resolve(PathArg.AT_FDCWD, "/../.."));
    }

    @Test
    void emptyPathNeedsAtEmptyPath() {
        assertNull(resolve(3, ""));
        assertEquals("/opt/dir", model.resolve(42, PathArg.at(3, "", true)));
        assertEquals("/home/u/src", model.resolve(42, PathArg.at(PathArg.AT_FDCWD, "", true)));
        assertEquals("/opt/dir", model.resolve(42, PathArg.fd(3)));
    }

    @Test
    void processRelativePaths() {
        assertEquals("/dev/pts/1", resolve(PathArg.AT_FDCWD, "/dev/stdin"));
        assertEquals("/dev/fptrace/pipe/1", resolve(PathArg.AT_FDCWD, "/dev/fd/5"));
        assertEquals("/dev/fptrace/pipe/1", resolve(PathArg.AT_FDCWD, "/proc/self/fd/4"));
        assertEquals("/dev/fd/7", resolve(PathArg.AT_FDCWD, "/dev/fd/7"), "unknown fd: left as is");
        assertEquals("/proc/40/maps", resolve(PathArg.AT_FDCWD, "/proc/self/maps"));
        assertEquals("/proc/40/task/42/comm", resolve(PathArg.AT_FDCWD, "/proc/thread-self/comm"));
        assertEquals("/proc/selfish", resolve(PathArg.AT_FDCWD, "/proc/selfish"));
        assertEquals("/a/.b/..c", resolve(PathArg.AT_FDCWD, "/a/.b/..c"));
        assertEquals("/b", resolve(PathArg.AT_FDCWD, "/a/../b/."));
    }
}
