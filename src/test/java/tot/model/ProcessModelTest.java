package tot.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import tot.model.Event.Access;
import tot.model.Fact.*;

/**
 * Every rule of README's deps.json section, fed to the model as facts written by hand: no live
 * process, no strace. Each test names the rule it checks.
 */
class ProcessModelTest {
    private static final long FORK = 17, VFORK = 0x4000 | 0x100 | 17, THREAD = 0x10000 | 0x800 | 0x400 | 0x200 | 0x100;
    private static final int RDONLY = 0, WRONLY = 1, RDWR = 2, CREAT = 0100, EXCL = 0200, TRUNC = 01000, CLOEXEC = 02000000,
            PATH = 010000000, DIRECTORY = 0200000, TMPFILE = 020200000;

    private final List<Event> events = new ArrayList<>();
    private final ProcessModel model = new ProcessModel(events::add, true, "/w");
    private long now;

    private void apply(Fact f) {
        model.apply(f);
    }

    private long t() {
        return ++now;
    }

    /** Task 10 starts in /w and execs /bin/sh (execution 1); returns the execution. */
    private Execution shell() {
        apply(new Started(t(), 10, "/w"));
        return exec(10, "/bin/sh", "sh");
    }

    private Execution exec(int tid, String path, String... argv) {
        apply(new Execed(t(), tid, tid, "execve", PathArg.of(path), null, List.of(argv), null, null));
        return model.execution(tid);
    }

    private void open(int tid, String path, int flags, int fd) {
        apply(new Opened(t(), tid, "openat", PathArg.of(path), OpenFlags.of(flags), fd, null, null, 0));
    }

    private void exit(int tid, int status) {
        apply(new Exited(t(), tid, status));
    }

    private List<Execution> ended() {
        return events.stream().filter(e -> e instanceof Event.End).map(e -> ((Event.End) e).execution()).toList();
    }

    private List<String> accessEvents(AccessKind kind) {
        return events.stream().filter(e -> e instanceof Access a && a.kind() == kind)
                .map(e -> ((Access) e).path() + (((Access) e).errno() == 0 ? "" : " " + ((Access) e).errno())).toList();
    }

    @Test
    void openModesReadWriteBothOrNeither() {
        Execution x = shell();
        open(10, "r", RDONLY, 3);
        open(10, "w", WRONLY | CREAT | TRUNC, 4);
        open(10, "rw", RDWR, 5);
        open(10, "rwtrunc", RDWR | TRUNC, 6);          // truncated: nothing old is read
        open(10, "rwnew", RDWR | CREAT | EXCL, 7);      // new: nothing to read
        open(10, "p", PATH, 8);                          // O_PATH: neither
        open(10, "d", RDONLY | DIRECTORY, 9);            // O_DIRECTORY: neither
        open(10, "rtrunc", RDONLY | TRUNC, 10);         // Linux empties it: a write, nothing to read
        open(10, "rnew", RDONLY | CREAT | EXCL, 11);    // made by the open (flock's lock file): a write, nothing to read
        open(10, "rmaybe", RDONLY | CREAT, 12);         // there already, as far as the front-end says: a read
        assertEquals(List.of("/w/r", "/w/rw", "/w/rmaybe"), List.copyOf(x.inputs()));
        assertEquals(List.of("/w/w", "/w/rw", "/w/rwtrunc", "/w/rwnew", "/w/rtrunc", "/w/rnew"), List.copyOf(x.outputs()));
    }

    /**
     * A read after the execution's own open for writing that kept the file's content (`sort -o f f`:
     * O_WRONLY|O_CREAT on a file that was there, read, then ftruncate) reads what the file held:
     * an input. Not after an open that emptied or made the file, nor once it truncated it.
     */
    @Test
    void aReadAfterItsOwnOpenForWritingThatKeptTheContentIsAnInput() {
        Execution x = shell();
        open(10, "f", WRONLY | CREAT, 3);         // there already (the front-end did not see it made)
        open(10, "f", RDONLY, 4);
        open(10, "g", WRONLY | TRUNC, 5);         // emptied
        open(10, "g", RDONLY, 6);
        open(10, "h", WRONLY | CREAT | EXCL, 7);  // made
        open(10, "h", RDONLY, 8);
        open(10, "k", WRONLY, 9);
        apply(new Truncated(t(), 10, "ftruncate", PathArg.fd(9), 0));
        open(10, "k", RDONLY, 11);
        assertEquals(List.of("/w/f"), x.inputs().stream().filter(p -> p.startsWith("/w/")).toList());
        assertEquals(List.of("/w/f", "/w/g", "/w/h", "/w/k"), List.copyOf(x.outputs()));
    }

    /**
     * A write by an open that emptied the file (O_TRUNC, also read-only) or made it says so: what
     * earlier writers put there is gone (lineage, depfiles). An open that kept the content (append,
     * O_RDWR, an O_CREAT the front-end did not see make the file) does not.
     */
    @Test
    void aWriteThatEmptiedOrMadeTheFileSaysSo() {
        shell();
        open(10, "t", WRONLY | CREAT | TRUNC, 3);
        open(10, "r", RDONLY | TRUNC, 4);
        open(10, "n", WRONLY | CREAT | EXCL, 5);
        open(10, "a", WRONLY | CREAT | 02000, 6);  // O_APPEND, there already
        open(10, "w", RDWR, 7);
        open(10, "c", WRONLY | CREAT, 8);
        java.util.Map<String, Boolean> emptied = new java.util.TreeMap<>();
        for (Event e : events)
            if (e instanceof Event.Access a && a.kind() == AccessKind.OUTPUT) emptied.put(a.path(), a.emptied());
        assertEquals(java.util.Map.of("/w/t", true, "/w/r", true, "/w/n", true, "/w/a", false, "/w/w", false, "/w/c", false), emptied);
    }

    /**
     * A directory opened without O_DIRECTORY (Python's shutil.rmtree, glibc's LC_MESSAGES) is no
     * input: as the front-end saw it at the open, or as the trace showed it before (mkdir, an
     * O_DIRECTORY open, a working directory), until the trace shows it removed, renamed or replaced.
     */
    @Test
    void aDirectoryReadWithoutODirectoryIsNoInput() {
        Execution x = shell();
        apply(new MadeDirectory(t(), 10, "mkdir", PathArg.of("tmp"), 0));
        open(10, "tmp", RDONLY, 3);                                  // made by mkdir
        apply(new Opened(t(), 10, "openat", PathArg.of("pre"), OpenFlags.of(RDONLY), 4, null, true, 0)); // seen at the open
        open(10, "pre", RDONLY, 5);                                  // known since
        open(10, "sub", RDONLY | DIRECTORY, 6);
        open(10, "sub", RDONLY, 7);
        apply(new ChangedDir(t(), 10, "chdir", PathArg.of("cd"), null, 0));
        open(10, "/w/cd", RDONLY, 8);
        apply(new Opened(t(), 10, "openat", PathArg.of("/w/file"), OpenFlags.of(RDONLY), 9, null, false, 0));
        assertEquals(List.of("/w/file"), List.copyOf(x.inputs()));

        apply(new Deleted(t(), 10, "rmdir", PathArg.of("/w/tmp"), 0));   // gone: unknown again
        open(10, "/w/tmp", RDONLY, 3);
        apply(new Renamed(t(), 10, "rename", PathArg.of("/w/pre"), PathArg.of("/w/moved"), false, 0));
        open(10, "/w/moved", RDONLY, 4);                             // the directory under its new name
        open(10, "/w/pre", RDONLY, 5);                               // unknown: whatever is there now
        assertEquals(List.of("/w/file", "/w/tmp", "/w/pre"), List.copyOf(x.inputs()));
        apply(new MadeDirectory(t(), 10, "mkdir", PathArg.of("/w/ln"), 0));
        apply(new Symlinked(t(), 10, "symlink", PathArg.of("/w/ln"), "t", 17)); // EEXIST: still the directory
        assertTrue(model.knowsWhetherDirectory("/w/ln"));
        apply(new Deleted(t(), 10, "rmdir", PathArg.of("/w/ln"), 0));
        apply(new Symlinked(t(), 10, "symlink", PathArg.of("/w/ln"), "t", 0));
        assertFalse(model.knowsWhetherDirectory("/w/ln"), "a symlink is what it points to: unknown");
    }

    /**
     * Every directory made is an event (mkdir, mkdirat against a dirfd), none a failed one
     * (EEXIST: `mkdir -p`), and none is in the record: no input, output or removal.
     */
    @Test
    void everyDirectoryMadeIsAnEventAndInNoRecord() {
        Execution x = shell();
        apply(new MadeDirectory(t(), 10, "mkdir", PathArg.of("tmp.A"), 0));
        apply(new MadeDirectory(t(), 10, "mkdir", PathArg.of("/w/pre"), 17)); // EEXIST
        open(10, "/w/tmp.A", RDONLY | DIRECTORY, 3);
        apply(new MadeDirectory(t(), 10, "mkdirat", PathArg.at(3, "sub", false), 0));
        apply(new Deleted(t(), 10, "rmdir", PathArg.of("/w/tmp.A/sub"), 0));
        apply(new MadeDirectory(t(), 10, "mkdirat", PathArg.at(3, "sub", false), 0)); // made again: again an event
        assertEquals(List.of("/w/tmp.A", "/w/tmp.A/sub", "/w/tmp.A/sub"), accessEvents(AccessKind.MKDIR));
        assertEquals(List.of("mkdir", "mkdirat", "mkdirat"), events.stream().filter(e -> e instanceof Access a && a.kind() == AccessKind.MKDIR)
                .map(e -> ((Access) e).syscall()).toList());
        assertTrue(x.inputs().isEmpty() && x.outputs().isEmpty(), x.inputs() + " " + x.outputs());
        assertTrue(model.knowsWhetherDirectory("/w/tmp.A/sub"));
    }

    /** git's lock protocol twice in one process: the second removal is an event too, so the run's last word on the path is "gone". */
    @Test
    void everyRemovalIsAnEvent() {
        Execution x = shell();
        open(10, "f.lock", WRONLY | CREAT, 3);
        apply(new Deleted(t(), 10, "unlink", PathArg.of("f.lock"), 0));
        open(10, "f.lock", WRONLY | CREAT, 4);
        apply(new Deleted(t(), 10, "unlink", PathArg.of("f.lock"), 0));
        assertEquals(List.of("/w/f.lock", "/w/f.lock"), accessEvents(AccessKind.DELETED));
        assertEquals(List.of("/w/f.lock"), List.copyOf(x.deleted()), "deps.json's Deleted is a set");
    }

    @Test
    void firstAccessOrderAndWrittenThenReadIsNotAnInput() {
        Execution x = shell();
        open(10, "b", RDONLY, 3);
        open(10, "a", WRONLY | CREAT | EXCL, 4);  // made by the open (a front-end says so with O_EXCL)
        open(10, "a", RDONLY, 5);   // written first: not an input
        open(10, "b", WRONLY, 6);   // read first, then written: both
        open(10, "b", RDONLY, 7);
        assertEquals(List.of("/w/b"), List.copyOf(x.inputs()));
        assertEquals(List.of("/w/a", "/w/b"), List.copyOf(x.outputs()));
        assertEquals(3, accessEvents(AccessKind.INPUT).size() + accessEvents(AccessKind.OUTPUT).size(), "each first access once");
    }

    @Test
    void failedCallsAreEventsNeverRecords() {
        Execution x = shell();
        apply(new Opened(t(), 10, "openat", PathArg.of("missing.h"), OpenFlags.of(RDONLY), -1, null, null, 2));
        apply(new Opened(t(), 10, "openat", PathArg.of("ro/out"), OpenFlags.of(WRONLY | CREAT), -1, null, null, 13));
        apply(new Renamed(t(), 10, "rename", PathArg.of("a"), PathArg.of("b"), false, 2));
        apply(new Deleted(t(), 10, "unlink", PathArg.of("gone"), 2));
        apply(new ExecFailed(t(), 10, "execve", PathArg.of("/usr/local/bin/cc"), 2));
        assertTrue(x.inputs().isEmpty() && x.outputs().isEmpty() && x.deleted().isEmpty());
        assertEquals(List.of("/w/missing.h 2"), accessEvents(AccessKind.INPUT));
        assertEquals(List.of("/w/ro/out 13", "/w/b 2"), accessEvents(AccessKind.OUTPUT), "a failed rename tried to write its new name");
        assertEquals(List.of("/w/gone 2"), accessEvents(AccessKind.DELETED));
        assertEquals(List.of("/usr/local/bin/cc 2"), accessEvents(AccessKind.EXEC));
    }

    /**
     * A call a signal interrupted ends with the kernel's restart code (512 ERESTARTSYS … 516):
     * no access, failed or not (it runs again, or the program sees EINTR having looked nothing up).
     */
    @Test
    void aCallInterruptedByASignalIsNoAccess() {
        shell();
        apply(new Opened(t(), 10, "openat", PathArg.of("fifo"), OpenFlags.of(RDONLY), -1, null, null, 512));
        apply(new Opened(t(), 10, "openat", PathArg.of("fifo2"), OpenFlags.of(WRONLY), -1, null, null, 516));
        apply(new Opened(t(), 10, "openat", PathArg.of("fifo3"), OpenFlags.of(RDONLY), -1, null, null, 4)); // EINTR: tried
        assertEquals(List.of("/w/fifo3 4"), accessEvents(AccessKind.INPUT));
        assertEquals(List.of(), accessEvents(AccessKind.OUTPUT));
    }

    @Test
    void oTmpfileIsNothingUntilLinkedThenAnOutputNotAnInput() {
        Execution x = shell();
        apply(new Opened(t(), 10, "openat", PathArg.of("."), OpenFlags.of(WRONLY | TMPFILE), 3, null, null, 0));
        assertTrue(x.outputs().isEmpty() && x.inputs().isEmpty());
        apply(new Linked(t(), 10, "linkat", PathArg.at(3, "", true), PathArg.of("named"), 0));
        assertEquals(List.of("/w/named"), List.copyOf(x.outputs()));
        assertTrue(x.inputs().isEmpty());
    }

    /** rename(a, a), also as ./a: the kernel does nothing, and neither does the model (a stays an output, not deleted). */
    @Test
    void aRenameOntoItsOwnNameIsNothing() {
        Execution sh = shell();
        open(10, "a", WRONLY | CREAT, 3);
        int before = events.size();
        apply(new Renamed(t(), 10, "rename", PathArg.of("a"), PathArg.of("./a"), false, 0));
        assertEquals(List.of("/w/a"), List.copyOf(sh.outputs()));
        assertEquals(List.of(), List.copyOf(sh.deleted()));
        assertEquals(before, events.size(), "no event");
    }

    @Test
    void renameDeletesTheSourceAndRenamesOutputsOfRunningExecutionsInPlace() {
        Execution sh = shell();
        open(10, "first", WRONLY | CREAT, 3);
        open(10, "out.tmp", WRONLY | CREAT, 4);          // the shell's redirection
        open(10, "last", WRONLY | CREAT, 5);
        apply(new Spawned(t(), 10, 11, FORK));
        Execution mv = exec(11, "/bin/mv", "mv", "out.tmp", "out");
        apply(new Renamed(t(), 11, "renameat2", PathArg.of("out.tmp"), PathArg.of("out"), false, 0));
        assertEquals(List.of("/w/first", "/w/out", "/w/last"), List.copyOf(sh.outputs()), "the temp file under its final name, in place");
        assertEquals(List.of("/w/out.tmp"), List.copyOf(mv.deleted()));
        assertEquals(List.of("/w/out"), List.copyOf(mv.outputs()));
        assertTrue(events.stream().anyMatch(e -> e instanceof Event.Renamed r && r.execution() == sh.id && r.to().equals("/w/out")));
        assertEquals("/w/out", model.fdPath(10, 4), "an fd open on the renamed file names it so now");
    }

    /**
     * A directory built under a temporary name and renamed into place (cargo's target directory,
     * pip's metadata): the directory is no output, the outputs inside it take its new name in the
     * running executions that wrote them, and fds, working directories and what the trace knew of
     * the directories inside moved with it.
     */
    /**
     * RENAME_EXCHANGE of two directories: no output (directories never are), what was written
     * below each is below the other now, and so are the fds and working directories inside them.
     */
    @Test
    void exchangedDirectoriesSwapWhatTheyHold() {
        Execution sh = shell();
        apply(new MadeDirectory(t(), 10, "mkdir", PathArg.of("d1"), 0));
        apply(new MadeDirectory(t(), 10, "mkdir", PathArg.of("d2"), 0));
        open(10, "d1/x", WRONLY | CREAT, 3);
        open(10, "d2/y", WRONLY | CREAT, 4);
        apply(new ChangedDir(t(), 10, "chdir", PathArg.of("d1"), null, 0));
        apply(new Renamed(t(), 10, "renameat2", PathArg.of("/w/d1"), PathArg.of("/w/d2"), true, 0));
        assertEquals(List.of("/w/d2/x", "/w/d1/y"), List.copyOf(sh.outputs()));
        assertEquals("/w/d2/x", model.fdPath(10, 3));
        assertEquals("/w/d1/y", model.fdPath(10, 4));
        assertEquals("/w/d2/z", model.resolve(10, PathArg.of("z")), "the working directory moved with its directory");
    }

    @Test
    void aRenamedDirectoryIsNoOutputAndWhatItHoldsMovesWithIt() {
        Execution sh = shell();
        apply(new MadeDirectory(t(), 10, "mkdir", PathArg.of("tmpd"), 0));
        apply(new MadeDirectory(t(), 10, "mkdir", PathArg.of("tmpd/sub"), 0));
        open(10, "tmpd/sub/a.o", WRONLY | CREAT, 3);
        open(10, "tmpd/TAG", WRONLY | CREAT, 4);
        open(10, "tmpd/sub", RDONLY | DIRECTORY, 5);
        open(10, "tmpdir-sibling", WRONLY | CREAT, 6);   // a name that only begins like it
        apply(new Spawned(t(), 10, 11, FORK | 0x200));   // CLONE_FS: the child's cwd is the shell's
        apply(new ChangedDir(t(), 11, "chdir", PathArg.of("tmpd/sub"), null, 0));
        apply(new Renamed(t(), 11, "rename", PathArg.of("/w/tmpd"), PathArg.of("/w/target"), false, 0));
        assertEquals(List.of("/w/target/sub/a.o", "/w/target/TAG", "/w/tmpdir-sibling"), List.copyOf(sh.outputs()));
        assertEquals(List.of("/w/tmpd"), List.copyOf(sh.deleted()));
        assertEquals(List.of("/w/tmpd/sub/a.o", "/w/tmpd/TAG", "/w/tmpd"), events.stream()
                .filter(e -> e instanceof Event.Renamed r && r.execution() == sh.id).map(e -> ((Event.Renamed) e).from()).toList());
        assertTrue(events.stream().anyMatch(e -> e instanceof Event.Renamed r && r.directory() && r.to().equals("/w/target")),
                "the directory's own move, for what ended before it (the store moves their files)");
        assertEquals("/w/target/sub", model.fdPath(10, 5), "an fd open inside it");
        assertEquals("/w/target/sub/x", model.resolve(10, PathArg.of("x")), "a working directory inside it");
        assertEquals("/w/target/sub/y", model.resolve(10, PathArg.at(5, "y", false)));
        open(10, "/w/target/sub", RDONLY, 7);              // known a directory under its new name: no input
        apply(new Renamed(t(), 10, "rename", PathArg.of("/w/tmpdir-sibling"), PathArg.of("/w/sib"), false, 0));
        assertEquals(List.of("/w/target/sub/a.o", "/w/target/TAG", "/w/sib"), List.copyOf(sh.outputs()), "a file renamed: an output");
        assertTrue(sh.inputs().isEmpty(), sh.inputs().toString());
        open(10, "/w/old/x", WRONLY | CREAT, 8);            // in a directory the trace never saw made: one all the same
        apply(new Renamed(t(), 10, "rename", PathArg.of("/w/old"), PathArg.of("/w/new"), false, 0));
        assertEquals(List.of("/w/target/sub/a.o", "/w/target/TAG", "/w/sib", "/w/new/x"), List.copyOf(sh.outputs()));
        apply(new Symlinked(t(), 10, "symlink", PathArg.of("/w/lnk"), "target", 0));    // ln -s target lnk
        apply(new Opened(t(), 10, "openat", PathArg.of("/w/lnk"), OpenFlags.of(RDONLY), 9, null, true, 0));
        open(10, "/w/lnk/y", RDONLY, 10);                    // read through it
        apply(new Renamed(t(), 10, "rename", PathArg.of("/w/lnk"), PathArg.of("/w/current"), false, 0));
        assertTrue(sh.outputs().contains("/w/current"), "a renamed symlink is an output, though it leads to a directory: "
                + sh.outputs());
    }

    /**
     * A rename moves the outputs of running executions whose file is still under the old name:
     * not one deleted since (SQLite's -wal beside a database in a staging directory), nor one
     * replaced (another program wrote a new file of that name, or renamed one over it).
     */
    @Test
    void aRenameMovesOnlyTheOutputsStillThere() {
        Execution sh = shell();
        apply(new MadeDirectory(t(), 10, "mkdir", PathArg.of("stage"), 0));
        open(10, "stage/db", RDWR | CREAT, 3);
        open(10, "stage/db-wal", RDWR | CREAT, 4);
        apply(new Deleted(t(), 10, "unlink", PathArg.of("stage/db-wal"), 0));
        apply(new Renamed(t(), 10, "rename", PathArg.of("stage"), PathArg.of("release"), false, 0));
        assertEquals(List.of("/w/release/db", "/w/stage/db-wal"), List.copyOf(sh.outputs()));

        open(10, "f", WRONLY | CREAT, 5);
        apply(new Deleted(t(), 10, "unlink", PathArg.of("f"), 0));
        apply(new Spawned(t(), 10, 11, FORK));
        Execution other = exec(11, "/bin/sh", "sh");
        open(11, "f", WRONLY | CREAT, 1);                      // another file of that name
        open(11, "g", WRONLY | CREAT, 2);
        open(10, "h", WRONLY | CREAT, 6);
        apply(new Renamed(t(), 11, "rename", PathArg.of("f"), PathArg.of("f2"), false, 0));
        apply(new Renamed(t(), 11, "rename", PathArg.of("g"), PathArg.of("h"), false, 0)); // over the shell's h
        apply(new Renamed(t(), 11, "rename", PathArg.of("h"), PathArg.of("h2"), false, 0));
        assertEquals(List.of("/w/release/db", "/w/stage/db-wal", "/w/f", "/w/h"), List.copyOf(sh.outputs()),
                "the shell's f was deleted and its h replaced: neither moved");
        assertEquals(List.of("/w/f2", "/w/h2"), List.copyOf(other.outputs()));
        open(10, "h2", WRONLY, 7);                             // written again: its own once more
        apply(new Renamed(t(), 11, "rename", PathArg.of("h2"), PathArg.of("h3"), false, 0));
        assertTrue(sh.outputs().contains("/w/h3"), sh.outputs().toString());
    }

    @Test
    void renameAfterTheWriterEndedLeavesItsRecord() {
        shell();
        apply(new Spawned(t(), 10, 11, FORK));
        Execution writer = exec(11, "/bin/sh", "sh", "-c", "echo x > t");
        open(11, "t", WRONLY | CREAT, 1);
        exit(11, 0);
        apply(new Spawned(t(), 10, 12, FORK));
        exec(12, "/bin/mv", "mv", "t", "out");
        apply(new Renamed(t(), 12, "rename", PathArg.of("t"), PathArg.of("out"), false, 0));
        assertEquals(List.of("/w/t"), List.copyOf(writer.outputs()));
    }

    @Test
    void renameExchangeMakesBothOutputs() {
        Execution x = shell();
        apply(new Renamed(t(), 10, "renameat2", PathArg.of("a"), PathArg.of("b"), true, 0));
        assertEquals(List.of("/w/a", "/w/b"), List.copyOf(x.outputs()));
        assertTrue(x.deleted().isEmpty());
    }

    @Test
    void linkReadsTheOldNameUnlessWrittenSymlinkWritesTheLinkTruncateWrites() {
        Execution x = shell();
        apply(new Linked(t(), 10, "link", PathArg.of("old"), PathArg.of("new"), 0));
        apply(new Symlinked(t(), 10, "symlink", PathArg.of("sym"), "t", 0));
        apply(new Truncated(t(), 10, "truncate", PathArg.of("tr"), 0));
        open(10, "f", RDONLY, 3);
        apply(new Truncated(t(), 10, "ftruncate", PathArg.fd(3), 0));
        open(10, "mine", WRONLY | CREAT | EXCL, 4);
        apply(new Linked(t(), 10, "linkat", PathArg.of("mine"), PathArg.of("mine2"), 0));
        assertEquals(List.of("/w/old", "/w/f"), List.copyOf(x.inputs()));
        assertEquals(List.of("/w/new", "/w/sym", "/w/tr", "/w/f", "/w/mine", "/w/mine2"), List.copyOf(x.outputs()));
    }

    @Test
    void socketsPipesAndMemfdsAreNotFiles() {
        Execution x = shell();
        apply(new FdCreated(t(), 10, 3, "scratch", false));
        apply(new Truncated(t(), 10, "ftruncate", PathArg.fd(3), 0));
        apply(new FdSeen(t(), 10, 4, "socket:[1234]", false));
        apply(new Truncated(t(), 10, "ftruncate", PathArg.fd(4), 0));
        apply(new Piped(t(), 10, 5, 6, false, null));
        apply(new Truncated(t(), 10, "ftruncate", PathArg.fd(6), 0));
        assertTrue(x.outputs().isEmpty(), x.outputs().toString());
    }

    @Test
    void deletionsDoNotRemoveOutputs() {
        Execution x = shell();
        open(10, "tmp", WRONLY | CREAT, 3);
        apply(new Deleted(t(), 10, "unlink", PathArg.of("tmp"), 0));
        apply(new Deleted(t(), 10, "rmdir", PathArg.of("dir"), 0));
        assertEquals(List.of("/w/tmp"), List.copyOf(x.outputs()));
        assertEquals(List.of("/w/tmp", "/w/dir"), List.copyOf(x.deleted()));
    }

    /** Written, removed, written again (CMake's configure_file): the second file is an output again, after the deletion. */
    @Test
    void aFileWrittenAgainAfterItsDeletionIsWrittenAgain() {
        Execution x = shell();
        open(10, "f", WRONLY | CREAT | TRUNC, 3);
        apply(new Closed(t(), 10, 3));
        apply(new Deleted(t(), 10, "unlink", PathArg.of("f"), 0));
        open(10, "f", WRONLY | CREAT | TRUNC, 3);
        open(10, "f", WRONLY | CREAT | TRUNC, 4);
        assertEquals(List.of("/w/f", "/w/f"), accessEvents(AccessKind.OUTPUT), "the second file's write, once");
        assertEquals(List.of("/w/f"), List.copyOf(x.outputs()));
    }

    @Test
    void forksShareTheExecutionUntilTheyExecSoRedirectionsBelongToTheShell() {
        Execution sh = shell();
        apply(new Spawned(t(), 10, 11, FORK));
        open(11, "out", WRONLY | CREAT | TRUNC, 1);       // sh -c 'cat a > out': the fork opens out
        Execution cat = exec(11, "/bin/cat", "cat", "a");
        open(11, "a", RDONLY, 3);
        assertEquals(List.of("/w/out"), List.copyOf(sh.outputs()));
        assertEquals(List.of("/w/a"), List.copyOf(cat.inputs()));
        assertEquals(sh.id, cat.parentId);
        assertEquals("/w/out", cat.fds.get(1));
    }

    /** fptrace's README example: sh -c 'echo a > a; cat a | tee b; exec test -d a'. */
    @Test
    void theFptraceExample() {
        Execution sh = shell();
        open(10, "a", WRONLY | CREAT | TRUNC, 1);
        apply(new Duped(t(), 10, 10, 1, false));
        apply(new Piped(t(), 10, 3, 4, false, null));
        apply(new Spawned(t(), 10, 11, FORK));
        apply(new Duped(t(), 11, 4, 1, false));
        apply(new Closed(t(), 11, 3));
        apply(new Closed(t(), 11, 4));
        Execution cat = exec(11, "/bin/cat", "cat", "a");
        open(11, "a", RDONLY, 3);
        apply(new Spawned(t(), 10, 12, FORK));
        apply(new Duped(t(), 12, 3, 0, false));
        apply(new Closed(t(), 12, 3));
        apply(new Closed(t(), 12, 4));
        Execution tee = exec(12, "/usr/bin/tee", "tee", "b");
        open(12, "b", WRONLY | CREAT | TRUNC, 3);
        exit(11, 0);
        exit(12, 0);
        Execution test = exec(10, "/usr/bin/test", "test", "-d", "a");
        exit(10, 1);

        assertEquals(List.of("/w/a"), List.copyOf(sh.outputs()));
        assertEquals(List.of("/dev/fptrace/pipe/1"), List.copyOf(cat.outputs()));
        assertEquals(List.of("/w/a"), List.copyOf(cat.inputs()));
        assertEquals(List.of("/dev/fptrace/pipe/1"), List.copyOf(tee.inputs()));
        assertEquals(List.of("/w/b"), List.copyOf(tee.outputs()));
        assertEquals(test.id, sh.nextExecId(), "Exec: the shell's process exec'd test");
        assertNull(sh.exit(), "no Exit when it exec'd");
        assertEquals(1, test.exit());
        assertEquals(0, cat.nextExecId(), "a fork sharing an execution that execs is not that execution's Exec");
        assertEquals(List.of(cat.id, tee.id, sh.id, test.id), ended().stream().map(x -> x.id).toList(), "ordered by end");
        assertEquals(1, model.rootExit());
    }

    /**
     * A file the execution before an exec opened and left open (a shell's redirection, in its
     * fork, around a vfork, or before it execs in place) is an access event of the new execution,
     * and so on through execs in place (a wrapper that execs the real program); the record keeps
     * it the shell's (fptrace), and fds a forked child inherits from further up are neither.
     */
    @Test
    void redirectionsSetUpByTheExecingProcessAreAccessesOfTheNewExecution() {
        Execution sh = shell();
        open(10, "build.log", WRONLY | CREAT | TRUNC, 5);      // the shell's (`exec 5>build.log`): every command it runs holds it
        apply(new Spawned(t(), 10, 12, FORK));
        open(12, "in.txt", RDONLY, 3);
        apply(new Duped(t(), 12, 3, 0, false));
        apply(new Closed(t(), 12, 3));
        open(12, "out.txt", WRONLY | CREAT | TRUNC, 1);
        open(12, "log", WRONLY | CREAT | 02000, 2);            // O_APPEND
        open(12, "/dev/null", WRONLY, 4);
        int before = events.size();
        Execution wrapper = exec(12, "/usr/bin/tr", "tr", "a-z", "A-Z");
        assertEquals(List.of("INPUT /w/in.txt execve " + wrapper.id, "OUTPUT /w/out.txt execve " + wrapper.id,
                "OUTPUT /w/log execve " + wrapper.id, "OUTPUT /w/build.log execve " + wrapper.id), accessesSince(before),
                "/dev/null is no file of the build");
        assertTrue(wrapper.inputs().isEmpty() && wrapper.outputs().isEmpty(), "the record keeps fptrace's rule");
        assertTrue(sh.outputs().contains("/w/out.txt"));
        apply(new Spawned(t(), 12, 13, FORK));
        before = events.size();
        exec(13, "/bin/cat", "cat");                          // the same fds, inherited by a fork of the program: no redirection
        assertEquals(List.of(), accessesSince(before), "inherited, not set up");
        before = events.size();
        Execution real = exec(12, "/usr/lib/tr.real", "tr");   // the wrapper execs the real program in place
        assertEquals(List.of("INPUT /w/in.txt execve " + real.id, "OUTPUT /w/out.txt execve " + real.id,
                "OUTPUT /w/log execve " + real.id, "OUTPUT /w/build.log execve " + real.id), accessesSince(before));
        open(10, "v.txt", WRONLY | CREAT | TRUNC, 6);        // dash: the shell redirects around a vfork, its child execs
        apply(new Spawned(t(), 10, 14, VFORK));
        before = events.size();
        Execution v = exec(14, "/bin/v", "v");
        assertEquals(List.of("OUTPUT /w/build.log execve " + v.id, "OUTPUT /w/v.txt execve " + v.id), accessesSince(before));
        apply(new Closed(t(), 10, 6));                        // and restores its fd
        before = events.size();
        // `exec make > direct.txt` in the shell's own process: fd 5, opened by this shell, reaches make too
        open(10, "direct.txt", WRONLY | CREAT | TRUNC, 1);
        Execution make = exec(10, "/usr/bin/make", "make");
        assertEquals(List.of("OUTPUT /w/direct.txt execve " + make.id, "OUTPUT /w/build.log execve " + make.id),
                accessesSince(before).stream().filter(a -> a.endsWith(" " + make.id)).toList());
        apply(new Spawned(t(), 10, 15, FORK));                // make's children hold make's output, not as theirs
        before = events.size();
        exec(15, "/usr/bin/cc", "cc");
        assertEquals(List.of(), accessesSince(before));
    }

    /** The access events since event {@code before}: "KIND path syscall execution". */
    private List<String> accessesSince(int before) {
        return events.subList(before, events.size()).stream().filter(ev -> ev instanceof Access).map(ev -> (Access) ev)
                .map(a -> a.kind() + " " + a.path() + " " + a.syscall() + " " + a.execution()).toList();
    }

    @Test
    void pipesAreNamedInCreationOrderAndHeldEndsAtExecAreInputsOrOutputs() {
        shell();
        apply(new Piped(t(), 10, 3, 4, false, null));
        apply(new Piped(t(), 10, 5, 6, true, null));      // close-on-exec: not held after exec
        Execution x = exec(10, "/bin/x", "x");
        assertEquals(List.of("/dev/fptrace/pipe/1"), List.copyOf(x.inputs()));
        assertEquals(List.of("/dev/fptrace/pipe/1"), List.copyOf(x.outputs()));
        assertEquals("/dev/fptrace/pipe/1", x.fds.get(3));
        assertNull(x.fds.get(5));
    }

    /**
     * A pipe end opened again through /dev/fd/N or /proc/self/fd/N (bash's `> /dev/fd/1` in a
     * pipeline) is another end of that pipe: held at exec it is the program's output or input, and
     * /proc's pipe:[…] at exec agrees with it (the ptrace engine named it pipe:[…] and lost the link).
     */
    @Test
    void aPipeOpenedAgainThroughDevFdIsThatPipe() {
        shell();
        apply(new Piped(t(), 10, 3, 4, true, null));
        apply(new Piped(t(), 10, 7, 8, true, null));
        open(10, "/dev/fd/4", WRONLY | CREAT | TRUNC, 5);
        open(10, "/proc/self/fd/7", RDONLY, 6);
        SortedMap<Integer, String> proc = new TreeMap<>(java.util.Map.of(5, "pipe:[9]", 6, "pipe:[11]"));
        apply(new Execed(t(), 10, 10, "execve", PathArg.of("/bin/x"), null, List.of("x"), null, proc));
        Execution x = model.execution(10);
        assertEquals(new TreeMap<>(java.util.Map.of(5, "/dev/fptrace/pipe/1", 6, "/dev/fptrace/pipe/2")), x.fds);
        assertEquals(List.of("/dev/fptrace/pipe/1"), List.copyOf(x.outputs()), "the write end it holds");
        assertEquals(List.of("/dev/fptrace/pipe/2"), List.copyOf(x.inputs()), "the read end it holds");
    }

    @Test
    void pipesSeenAgainByTheirIdentityKeepTheirName() {
        shell();
        apply(new Piped(t(), 10, 3, 4, false, "pipe:[77]"));
        apply(new Piped(t(), 10, 5, 6, false, "pipe:[88]"));
        apply(new Piped(t(), 10, 7, 8, false, "pipe:[77]"));
        assertEquals("/dev/fptrace/pipe/1", model.fdPath(10, 7));
        assertEquals("/dev/fptrace/pipe/2", model.fdPath(10, 5));
    }

    @Test
    void pathsResolveAgainstTheCwdOrTheDirfdAndNameProcessThingsAsWhatTheyAre() {
        Execution x = shell();
        apply(new ChangedDir(t(), 10, "chdir", PathArg.of("sub/../src"), null, 0));
        open(10, "./a//b/../c", RDONLY, 3);
        open(10, "/etc/../etc/hosts", RDONLY, 4);
        open(10, "/w/dir", RDONLY | DIRECTORY, 5);
        apply(new Opened(t(), 10, "openat", PathArg.at(5, "d/e", false), OpenFlags.of(RDONLY), 6, null, null, 0));
        open(10, "/dev/fd/4", RDONLY, 7);                 // the fd's file
        open(10, "/dev/stdin", RDONLY, 8);                // fd 0: unknown to the model here, stays as named
        open(10, "/proc/self/status", RDONLY, 9);
        open(10, "/proc/self/fd/3", RDONLY, 11);
        apply(new Opened(t(), 10, "openat", PathArg.of(null), OpenFlags.of(RDONLY), -1, null, null, 14)); // EFAULT: no path
        assertEquals(List.of("/w/src/a/c", "/etc/hosts", "/w/dir/d/e", "/dev/stdin", "/proc/10/status"), List.copyOf(x.inputs()));
        apply(new ChangedDir(t(), 10, "fchdir", PathArg.fd(5), null, 0));
        open(10, "here", RDONLY, 12);
        apply(new ChangedDir(t(), 10, "chdir", PathArg.of("lnk/.."), "/w/real", 0)); // the kernel's cwd wins
        open(10, "there", RDONLY, 13);
        assertTrue(x.inputs().contains("/w/dir/here") && x.inputs().contains("/w/real/there"), x.inputs().toString());
    }

    /** /proc/PID/fd/N (also task/TID/, and thread-self) of the caller's own process is that fd's file; another's stays as named. */
    @Test
    void procPidFdOfATracedTaskIsItsFile() {
        Execution x = shell();
        open(10, "/w/a", RDONLY, 3);
        open(10, "/proc/10/fd/3", RDONLY, 4);
        open(10, "/proc/10/task/10/fd/3", RDONLY, 5);
        open(10, "/proc/thread-self/fd/3", RDONLY, 6);
        open(10, "/proc/77/fd/3", RDONLY, 7);                 // not a traced task: as named
        open(10, "/proc/10/fdinfo/3", RDONLY, 8);
        apply(new Spawned(t(), 10, 12, FORK));
        open(12, "/proc/10/fd/3", RDONLY, 3);                 // another process's: as named (its table may be stale)
        assertEquals(List.of("/w/a", "/proc/77/fd/3", "/proc/10/fdinfo/3", "/proc/10/fd/3"), List.copyOf(x.inputs()));
        assertFalse(model.knows(77), "no task made up for /proc/77");
    }

    @Test
    void anInheritedFdIsWhatTheFrontEndSawItIs() {
        Execution x = shell();
        apply(new FdSeen(t(), 10, 7, "/data/in.txt", false));
        open(10, "/dev/fd/7", RDONLY, 3);
        apply(new Opened(t(), 10, "openat", PathArg.at(7, "x", false), OpenFlags.of(RDONLY), 4, null, null, 0));
        assertEquals(List.of("/data/in.txt", "/data/in.txt/x"), List.copyOf(x.inputs()));
    }

    @Test
    void fdsAtExecWithoutCloseOnExecAndFromProcWhenKnown() {
        shell();
        open(10, "keep", RDONLY, 3);
        open(10, "drop", RDONLY | CLOEXEC, 4);
        open(10, "closed-untrapped", RDONLY, 5);
        apply(new Duped(t(), 10, 4, 6, false));            // dup2 onto a new fd: not close-on-exec
        apply(new CloexecSet(t(), 10, 3, true));
        apply(new CloexecSet(t(), 10, 3, false));
        SortedMap<Integer, String> proc = new TreeMap<>(java.util.Map.of(0, "/dev/null", 3, "/w/keep", 6, "/w/drop",
                9, "socket:[5]"));
        apply(new Execed(t(), 10, 10, "execve", PathArg.of("/bin/x"), null, List.of("x"), null, proc));
        assertEquals(proc, model.execution(10).fds, "what /proc lists: fd 5 was closed without a trap, fd 9 is new");
        apply(new RangeClosed(t(), 10, 3, 0xffffffffL, true, false));
        Execution y = exec(10, "/bin/y", "y");
        assertEquals(new TreeMap<>(java.util.Map.of(0, "/dev/null")), y.fds, "close_range(3, ~0, CLOSE_RANGE_CLOEXEC)");
    }

    /** A memfd's /proc link ("/memfd:NAME (deleted)") is named as memfd_create names it, seen made or not. */
    @Test
    void aMemfdAtExecIsNamedAsItsCreationNamesIt() {
        shell();
        apply(new tot.model.Fact.FdCreated(t(), 10, 3, "m", false));
        SortedMap<Integer, String> proc = new TreeMap<>(java.util.Map.of(3, "/memfd:m (deleted)", 4, "/memfd:other (deleted)"));
        apply(new Execed(t(), 10, 10, "execve", PathArg.of("/bin/x"), null, List.of("x"), null, proc));
        assertEquals(new TreeMap<>(java.util.Map.of(3, "memfd:m", 4, "memfd:other")), model.execution(10).fds);
    }

    /** unshare(CLONE_FS), also implied by CLONE_NEWNS, and unshare(CLONE_FILES) end the sharing for the caller alone. */
    @Test
    void unshareGivesTheCallerItsOwnCwdAndFdTable() {
        shell();
        apply(new Spawned(t(), 10, 11, THREAD));
        apply(new Spawned(t(), 10, 12, THREAD));
        open(10, "shared", RDONLY, 3);
        apply(new tot.model.Fact.Unshared(t(), 11, 0x200 | 0x400)); // CLONE_FS | CLONE_FILES
        apply(new ChangedDir(t(), 11, "chdir", PathArg.of("/tmp"), null, 0));
        apply(new Closed(t(), 11, 3));
        assertEquals("/w/x", model.resolve(10, PathArg.of("x")), "the main thread's cwd");
        assertEquals("/tmp/x", model.resolve(11, PathArg.of("x")));
        assertEquals("/w/shared", model.fdPath(10, 3), "the main thread's fd");
        apply(new tot.model.Fact.Unshared(t(), 12, 0x20000)); // CLONE_NEWNS
        apply(new ChangedDir(t(), 12, "chdir", PathArg.of("/srv"), null, 0));
        assertEquals("/w/x", model.resolve(10, PathArg.of("x")));
        assertNull(model.fdPath(11, 3));
    }

    @Test
    void cloneFilesSharesTheFdTableAndCloneFsTheCwd() {
        shell();
        apply(new Spawned(t(), 10, 11, THREAD));
        apply(new Spawned(t(), 10, 12, FORK));
        open(11, "shared", RDONLY, 3);
        apply(new ChangedDir(t(), 11, "chdir", PathArg.of("/tmp"), null, 0));
        assertEquals("/w/shared", model.fdPath(10, 3), "a thread shares the fd table");
        assertNull(model.fdPath(12, 3), "a fork has its own copy");
        assertEquals("/tmp/x", model.resolve(10, PathArg.of("x")), "and the cwd");
        assertEquals("/w/x", model.resolve(12, PathArg.of("x")));
        assertTrue(events.stream().anyMatch(e -> e instanceof Event.Spawn s && s.childTid() == 11 && s.kind().equals("thread")));
    }

    @Test
    void aThreadThatExecsTakesTheLeadersId() {
        Execution sh = shell();
        apply(new Spawned(t(), 10, 11, THREAD));
        apply(new Execed(t(), 10, 11, "execve", PathArg.of("/bin/x"), null, List.of("x"), null, null));
        Execution x = model.execution(10);
        assertEquals(sh.id, x.parentId);
        assertEquals(10, x.pid);
        assertEquals(x.id, sh.nextExecId());
        assertTrue(!model.knows(11), "the exec'ing thread is now the leader");
        exit(10, 0);
        assertEquals(List.of(sh.id, x.id), ended().stream().map(e -> e.id).toList());
    }

    @Test
    void anExecutionEndsWhenTheLastProcessSharingItLeaves() {
        Execution sh = shell();
        apply(new Spawned(t(), 10, 11, VFORK));
        apply(new Spawned(t(), 10, 12, FORK));
        exit(10, 0);
        exit(11, 0);
        assertTrue(ended().isEmpty(), "a fork still shares it");
        exit(12, -9);
        assertEquals(List.of(sh), ended());
        assertEquals(0, sh.exit(), "the execution's exit is its own process's, not a fork's");
        assertTrue(events.stream().anyMatch(e -> e instanceof Event.Exit ex && ex.pid() == 12 && ex.code() == -9));
    }

    @Test
    void aSignalDeathIsANegativeExit() {
        Execution sh = shell();
        exit(10, -15);
        assertEquals(-15, sh.exit());
        assertEquals(-15, model.rootExit());
    }

    @Test
    void aDetachedProcessEndsItsExecutionWithoutAnExit() {
        apply(new Adopted(t(), 20, 20, "/srv", "/usr/bin/server", List.of("server"), new TreeMap<>(java.util.Map.of(3, "/srv/log"))));
        apply(new Adopted(t(), 21, 20, "/srv", "/usr/bin/server", List.of("server"), new TreeMap<>()));
        Execution x = model.execution(21);
        assertEquals("/srv/log", x.fds.get(3));
        apply(new Detached(t(), 21));
        apply(new Detached(t(), 20));
        assertEquals(List.of(x), ended());
        assertNull(x.exit());
        assertTrue(events.stream().noneMatch(e -> e instanceof Event.Exit));
        assertTrue(events.stream().anyMatch(e -> e instanceof Event.Exec ex && ex.syscall().equals("attach")));
    }

    @Test
    void secretsInTheEnvironmentAreRedacted() {
        apply(new Started(t(), 10, "/w"));
        apply(new Execed(t(), 10, 10, "execve", PathArg.of("/bin/x"), null, List.of("x"),
                List.of("HOME=/root", "API_TOKEN=abc", "NOEQUALS"), null));
        assertEquals(List.of("HOME=/root", "API_TOKEN=" + EnvRedaction.REDACTED, "NOEQUALS"), model.execution(10).env);
    }

    /** A warning is kept once per execution, with how many times it was given; the event comes once, at the first. */
    @Test
    void warningsAreKeptOncePerExecutionWithTheirCount() {
        Execution x = shell();
        apply(new Warned(t(), 10, "io_uring_setup: file I/O through the ring is not visible to tot"));
        assertEquals(List.of("io_uring_setup: file I/O through the ring is not visible to tot"), List.copyOf(x.warnings()));
        apply(new Warned(t(), 10, "io_uring_setup: file I/O through the ring is not visible to tot"));
        assertEquals(List.of("io_uring_setup: file I/O through the ring is not visible to tot (2 times)"), List.copyOf(x.warnings()));
        assertEquals(1, events.stream().filter(e -> e instanceof Event.Warning).count());
    }

    @Test
    void calledBecomesASyscallEventOfTheExecution() {
        Execution x = shell();
        apply(new Called(t(), 10, "openat", List.of("/w/a"), List.of("AT_FDCWD", "\"/w/a\"", "O_RDONLY"), 3, 0, 500));
        Event.Call s = (Event.Call) events.getLast();
        assertEquals(x.id, s.execution());
        assertEquals(10, s.pid());
        assertEquals(3, s.result());
    }

    @Test
    void whatIsStillRunningAtTheEndEnds() {
        Execution sh = shell();
        model.finish();
        assertEquals(List.of(sh), ended());
        assertNull(sh.exit());
    }

    /**
     * A program that makes a new warning at every call (100 000 unknown syscall numbers: hostile24)
     * filled tot's memory, deps.json and stderr with them: an execution keeps 1 000 different ones,
     * and one more that counts the rest; each is an event once.
     */
    @Test
    void anExecutionKeepsAThousandDifferentWarningsAndCountsTheRest() {
        Execution x = shell();
        for (int i = 0; i < 1500; i++) apply(new Fact.Warned(t(), 10, "syscall " + (1000 + i) + " is unknown"));
        apply(new Fact.Warned(t(), 10, "syscall 1000 is unknown")); // one it keeps: counted as before
        List<String> kept = List.copyOf(x.warnings());
        assertEquals(Execution.MAX_WARNINGS + 1, kept.size());
        assertEquals("syscall 1000 is unknown (2 times)", kept.get(0));
        assertEquals(Execution.TOO_MANY_WARNINGS + " (500 times)", kept.getLast());
        List<String> said = events.stream().filter(e -> e instanceof Event.Warning).map(e -> ((Event.Warning) e).message()).toList();
        assertEquals(Execution.MAX_WARNINGS + 1, said.size());
        assertEquals(Execution.TOO_MANY_WARNINGS, said.getLast());
    }
}
