package tot.syscalls;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** --trace expressions against the table (strace's classes for x86_64). */
class TraceSelectionTest {
    private static Set<String> names(String expr) {
        return TraceSelection.parse(expr).events().stream().map(Syscall::name).collect(Collectors.toSet());
    }

    @Test
    void classesFollowStrace() {
        Set<String> file = names("%file");
        assertTrue(file.containsAll(List.of("open", "openat", "stat", "lstat", "newfstatat", "statx", "access", "execve",
                "readlink", "chdir", "getcwd", "unlink", "rename", "mkdir", "utimensat", "faccessat2")), file.toString());
        assertFalse(file.contains("read") || file.contains("close") || file.contains("fstat"), file.toString());
        Set<String> net = names("%network");
        assertEquals(names("%net"), net);
        assertTrue(net.containsAll(List.of("socket", "connect", "accept4", "sendto", "recvmsg", "sendfile")), net.toString());
        assertTrue(names("%process").containsAll(List.of("clone", "clone3", "fork", "vfork", "execve", "execveat", "exit_group", "wait4")));
        assertTrue(names("%desc").containsAll(List.of("read", "write", "close", "dup2", "fstat", "openat", "mmap")));
        // as strace's classes, over both ABIs the table holds (i386 adds its old and 64-bit variants)
        assertEquals(Set.of("stat", "oldstat", "stat64"), names("%stat"));
        assertEquals(Set.of("stat", "fstat", "lstat", "newfstatat", "statx", "oldstat", "oldfstat", "oldlstat",
                "stat64", "fstat64", "lstat64", "fstatat64"), names("%%stat"));
    }

    @Test
    void namesRegexNegationAndAll() {
        assertEquals(Set.of("open", "close"), names("open, close"));
        assertEquals(Set.of("openat", "openat2"), names("/^openat"));
        Set<String> notRead = names("!read");
        assertFalse(notRead.contains("read"));
        assertEquals(SyscallTable.all().size() - 1, notRead.size());
        TraceSelection all = TraceSelection.parse("all");
        assertTrue(all.all() && all.isEvent(SyscallTable.byName("futex")));
        assertTrue(TraceSelection.parse("none").events().isEmpty());
    }

    @Test
    void whatDepsJsonNeedsIsAlwaysTrapped() {
        TraceSelection net = TraceSelection.parse("%network");
        assertTrue(net.trapped().containsAll(SyscallTable.defaultSet()));
        assertFalse(net.isEvent(SyscallTable.byName("openat")), "trapped, but not an event");
        Syscall fcntl = SyscallTable.byName("fcntl");
        assertTrue(TraceSelection.defaults().argFiltered(fcntl));
        assertTrue(net.argFiltered(fcntl));
        assertFalse(TraceSelection.parse("%desc").argFiltered(fcntl));
    }

    @Test
    void unknownPartsAreNamed() {
        for (String bad : List.of("opne", "%files", "/[", "", "!")) {
            var e = assertThrows(IllegalArgumentException.class, () -> TraceSelection.parse(bad), bad);
            assertTrue(e.getMessage().startsWith("--trace: "), e.getMessage());
        }
    }

    @Test
    void theTableMatchesTheKernelsNumbers() {
        assertEquals(0, SyscallTable.X86_64.number(SyscallTable.byName("read")));
        assertEquals(257, SyscallTable.X86_64.number(SyscallTable.byName("openat")));
        assertEquals(435, SyscallTable.X86_64.number(SyscallTable.byName("clone3")));
        assertTrue(SyscallTable.all().size() >= 360, "every x86_64 syscall");
    }
}
