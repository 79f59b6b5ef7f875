package tot.trace;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;
import tot.trace.StraceOracle.ExecFiles;

/** The oracle's own rules, on strace -f -q -y lines as strace 6 prints them. */
class StraceReplayTest {
    private static ExecFiles only(List<ExecFiles> xs, String... args) {
        return xs.stream().filter(x -> x.args().equals(List.of(args))).findFirst().orElseThrow(() -> new AssertionError(xs.toString()));
    }

    @Test
    void renameRenamesTheOutputsOfRunningExecutionsOnly() {
        List<ExecFiles> xs = StraceOracle.replay(List.of(
                "10 execve(\"/usr/bin/sh\", [\"sh\", \"-c\", \"s\"], 0x7ffe /* 3 vars */) = 0",
                "10 vfork( <unfinished ...>",
                "11 execve(\"/usr/bin/sh\", [\"sh\", \"-c\", \"echo x > t\"], 0x56 /* 3 vars */ <unfinished ...>",
                "10 <... vfork resumed>)              = 11",
                "11 <... execve resumed>)             = 0",
                "11 openat(AT_FDCWD</w>, \"t\", O_WRONLY|O_CREAT|O_TRUNC, 0666) = 3</w/t>",
                "11 openat(AT_FDCWD</w>, \"u\", O_WRONLY|O_CREAT|O_TRUNC, 0666) = 3</w/u>",
                "11 +++ exited with 0 +++",
                "10 openat(AT_FDCWD</w>, \"v\", O_WRONLY|O_CREAT|O_TRUNC, 0666) = 3</w/v>",
                "10 clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7f) = 12",
                "12 execve(\"/usr/bin/mv\", [\"mv\", \"x\", \"y\"], 0x56 /* 3 vars */) = 0",
                "12 renameat2(AT_FDCWD</w>, \"t\", AT_FDCWD</w>, \"t2\", RENAME_NOREPLACE) = 0",
                "12 renameat2(AT_FDCWD</w>, \"v\", AT_FDCWD</w>, \"v2\", RENAME_NOREPLACE) = 0",
                "12 renameat2(AT_FDCWD</w>, \"a\", AT_FDCWD</w>, \"b\", RENAME_EXCHANGE) = 0",
                "12 renameat2(AT_FDCWD</w>, \"c\", AT_FDCWD</w>, \"d\", RENAME_NOREPLACE) = -1 EEXIST (File exists)",
                "12 +++ exited with 0 +++",
                "10 +++ exited with 0 +++"), "/w");
        assertEquals(List.of(List.of("sh", "-c", "s"), List.of("sh", "-c", "echo x > t"), List.of("mv", "x", "y")),
                xs.stream().map(ExecFiles::args).toList());
        assertEquals(List.of("/w/t", "/w/u"), List.copyOf(only(xs, "sh", "-c", "echo x > t").outputs()), "ended before the rename");
        assertEquals(List.of("/w/v2"), List.copyOf(only(xs, "sh", "-c", "s").outputs()), "running: renamed in place");
        ExecFiles mv = only(xs, "mv", "x", "y");
        assertEquals(List.of("/w/t2", "/w/v2", "/w/a", "/w/b"), List.copyOf(mv.outputs()));
        assertEquals(List.of("/w/t", "/w/v"), List.copyOf(mv.deleted()), "RENAME_EXCHANGE and failed calls delete nothing");
    }

    @Test
    void readsWritesLinksAndTheCwdOfNonAtCalls() {
        List<ExecFiles> xs = StraceOracle.replay(List.of(
                "20 execve(\"/usr/bin/python3\", [\"py\"], 0x7ffe /* 3 vars */) = 0",
                "20 openat(AT_FDCWD</w>, \"a\", O_RDONLY|O_CLOEXEC) = 3</w/a>",
                "20 openat(AT_FDCWD</w>, \"d\", O_RDONLY|O_DIRECTORY) = 3</w/d>",
                "20 openat(AT_FDCWD</w>, \"p\", O_RDONLY|O_PATH) = 3</w/p>",
                "20 openat(AT_FDCWD</w>, \"rw\", O_RDWR) = 3</w/rw>",
                "20 openat(AT_FDCWD</w>, \"./tmp1\", O_RDWR|O_CREAT|O_EXCL, 0600) = 3</w/tmp1>",
                "20 openat(AT_FDCWD</w>, \"tmp1\", O_RDONLY) = 4</w/tmp1>",
                "20 openat(AT_FDCWD</w>, \".\", O_WRONLY|O_CLOEXEC|O_TMPFILE, 0644) = 3</w/#2146329>(deleted)",
                "20 ftruncate(3</w/#2146329>(deleted), 1) = 0",
                "20 linkat(3</w/#2146329>(deleted), \"\", AT_FDCWD</w>, \"named\", AT_EMPTY_PATH) = 0",
                "20 chdir(\"sub\")                     = 0",
                "20 rename(\"x\", \"../y, z\")           = 0",
                "20 link(\"../a\", \"hard\")             = 0",
                "20 symlink(\"/nowhere\", \"sym\")       = 0",
                "20 unlink(\"gone\")                   = 0",
                "20 truncate(\"../tr\", 0)             = 0",
                "20 +++ exited with 0 +++"), "/w");
        ExecFiles py = only(xs, "py");
        assertEquals(List.of("/w/a", "/w/rw"), List.copyOf(py.inputs()), "written-then-read, O_CREAT|O_EXCL, O_TMPFILE: no input");
        assertEquals(List.of("/w/rw", "/w/tmp1", "/w/named", "/w/y, z", "/w/sub/hard", "/w/sub/sym", "/w/tr"), List.copyOf(py.outputs()));
        assertEquals(List.of("/w/sub/x", "/w/sub/gone"), List.copyOf(py.deleted()));
    }

    @Test
    void aThreadsExecReplacesItsWholeProcess() {
        List<ExecFiles> xs = StraceOracle.replay(List.of(
                "30 execve(\"/usr/bin/python3\", [\"py\"], 0x7ffe /* 3 vars */) = 0",
                "30 clone3({flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM, exit_signal=0} => {parent_tid=[31]}, 88) = 31",
                "31 execve(\"/bin/cat\", [\"cat\", \"f\"], 0x7ffe /* 3 vars */ <pid changed to 30 ...>",
                "30 +++ superseded by execve in pid 31 +++",
                "30 <... execve resumed>)             = 0",
                "30 openat(AT_FDCWD</w>, \"f\", O_RDONLY) = 3</w/f>",
                "30 +++ exited with 0 +++"), "/w");
        assertEquals(List.of(List.of("py"), List.of("cat", "f")), xs.stream().map(ExecFiles::args).toList());
        assertEquals(List.of("/w/f"), List.copyOf(only(xs, "cat", "f").inputs()));
    }
}
