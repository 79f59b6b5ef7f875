package tot.model;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import org.junit.jupiter.api.Test;
import tot.model.FdTable.Entry;
import tot.model.FdKind;

/** The fd table after an exec, from what /proc lists then (close is not trapped by default). */
class FdTableTest {
    private static FdTable before() {
        FdTable t = new FdTable();
        t.put(0, new Entry("/dev/fptrace/pipe/1", FdKind.PIPE_READ, null, false));
        t.put(1, new Entry("/work/out.txt", FdKind.FILE, FdMode.TRUNCATE, false));
        t.put(3, new Entry("/work/closed-since.txt", FdKind.FILE, FdMode.READ, false));
        t.put(4, new Entry("/dev/fptrace/pipe/2", FdKind.PIPE_WRITE, null, false));
        t.put(5, new Entry("/work/cloexec.txt", FdKind.FILE, FdMode.APPEND, true));
        return t;
    }

    @Test
    void procDecidesWhatIsOpenAndTotKeepsItsNamesWhereProcAgrees() {
        FdTable after = before().afterExec(Map.of(
                0, "pipe:[123]",                     // the pipe tot named: kept as /dev/fptrace/pipe/1
                1, "/work/out.txt",                  // the file tot named (the front-end gives tot's name for it)
                2, "/dev/pts/0",                     // inherited, never seen opened: named from /proc
                3, "/work/received.txt",             // closed unseen, then taken by a file received over a socket
                4, "socket:[77]"));                  // closed unseen, then reused by a socket: /proc's
        assertEquals(new Entry("/dev/fptrace/pipe/1", FdKind.PIPE_READ, null, false), after.get(0));
        assertEquals(new Entry("/work/out.txt", FdKind.FILE, FdMode.TRUNCATE, false), after.get(1));
        assertEquals(new Entry("/dev/pts/0", FdKind.FILE, null, false), after.get(2));
        assertEquals(new Entry("/work/received.txt", FdKind.FILE, null, false), after.get(3), "another file: /proc's, mode unknown");
        assertEquals(new Entry("socket:[77]", FdKind.OTHER, null, false), after.get(4));
        assertNull(after.get(5), "close-on-exec");
        assertEquals(Map.of(1, FdMode.TRUNCATE), after.modes(), "how a file was opened survives the exec; /proc cannot tell");
    }

    /** A file removed since it was opened is the file tot named: /proc shows its name with " (deleted)". */
    @Test
    void aRemovedFileIsTheOneTotNamed() {
        FdTable after = before().afterExec(Map.of(1, "/work/out.txt (deleted)", 3, "/work/other.txt (deleted)"));
        assertEquals(new Entry("/work/out.txt", FdKind.FILE, FdMode.TRUNCATE, false), after.get(1));
        assertEquals("/work/other.txt (deleted)", after.get(3).path(), "another file");
    }

    /** What an exec keeps, as far as tot knows: the fds that are not close-on-exec, by number. */
    @Test
    void keptByExecAreTheFdsNotCloseOnExec() {
        assertArrayEquals(new String[] {"/dev/fptrace/pipe/1", "/work/out.txt", null, "/work/closed-since.txt", "/dev/fptrace/pipe/2", null},
                before().keptByExec());
        assertArrayEquals(new String[0], new FdTable().keptByExec());
    }

    @Test
    void withoutProcTheCloseOnExecEntriesGo() {
        FdTable after = before().afterExec(null);
        assertNotNull(after.get(0));
        assertNotNull(after.get(3), "tot cannot know it was closed");
        assertNull(after.get(5));
    }
}
