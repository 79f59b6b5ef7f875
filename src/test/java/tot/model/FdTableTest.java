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
                1, "/work/real/out.txt",             // a file opened through a symlinked dir: tot's path kept
                2, "/dev/pts/0",                     // inherited, never seen opened: named from /proc
                4, "socket:[77]"));                  // closed unseen, then reused by a socket: /proc's
        assertEquals(new Entry("/dev/fptrace/pipe/1", FdKind.PIPE_READ, null, false), after.get(0));
        assertEquals(new Entry("/work/out.txt", FdKind.FILE, FdMode.TRUNCATE, false), after.get(1));
        assertEquals(new Entry("/dev/pts/0", FdKind.FILE, null, false), after.get(2));
        assertNull(after.get(3), "closed without tot seeing it");
        assertEquals(new Entry("socket:[77]", FdKind.OTHER, null, false), after.get(4));
        assertNull(after.get(5), "close-on-exec");
        assertEquals(Map.of(1, FdMode.TRUNCATE), after.modes(), "how a file was opened survives the exec; /proc cannot tell");
    }

    @Test
    void withoutProcTheCloseOnExecEntriesGo() {
        FdTable after = before().afterExec(null);
        assertNotNull(after.get(0));
        assertNotNull(after.get(3), "tot cannot know it was closed");
        assertNull(after.get(5));
    }
}
