package tot.api;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a listener may do, as TraceListener's Javadoc says: throw anything (the trace goes on and
 * await reports it), call tot back on the trace thread (close its own trace; not wait for it),
 * and fail in {@code wants} with nothing left open.
 */
class ListenerTest {
    @TempDir
    Path dir;

    private TraceOptions options() {
        return TraceOptions.defaults().withoutDatabase().withDirectory(dir);
    }

    /** A failed assertion in a listener (an Error, not a RuntimeException) is the LISTENER failure; the command runs to its end. */
    @Test
    void aListenerThatThrowsAnErrorIsDroppedAndTheTraceGoesOn() throws Exception {
        TotException e = assertThrows(TotException.class, () -> Tot.trace(List.of("sh", "-c", "echo a > x; echo b > y"), options(),
                event -> { throw new AssertionError("listener's own check"); }));
        assertEquals(TotException.Reason.LISTENER, e.reason());
        assertInstanceOf(AssertionError.class, e.getCause());
        assertEquals("b\n", Files.readString(dir.resolve("y")), "the command ran on without the listener");
    }

    /**
     * A {@code wants} that throws: a LISTENER failure before anything opens; the database's writer
     * thread (not a daemon) would keep the JVM from exiting, deps.json would be held.
     */
    @Test
    void aWantsThatThrowsOpensNothing() throws Exception {
        TraceListener l = new TraceListener() {
            @Override public void onEvent(TraceEvent event) { }
            @Override public boolean wants(Class<? extends TraceEvent> kind) { throw new IllegalStateException("no"); }
        };
        long writers = storeThreads();
        TraceOptions o = options().withDatabase(dir.resolve("t.db").toString()).withDepsJson(dir.resolve("deps.json").toString());
        TotException e = assertThrows(TotException.class, () -> Tot.trace(List.of("true"), o, l));
        assertEquals(TotException.Reason.LISTENER, e.reason());
        assertInstanceOf(IllegalStateException.class, e.getCause());
        try (var files = Files.list(dir)) {
            assertEquals(List.of(), files.toList(), "no database, no deps.json");
        }
        assertEquals(writers, storeThreads(), "no database writer left running");
        assertThrows(TotException.class, () -> Tot.attach(List.of(1), AttachOptions.defaults().withoutDatabase(), l));
    }

    private static long storeThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("tot-store") && t.isAlive()).count();
    }

    /**
     * The listener closes its own trace (the command is killed once it returns) and cannot wait
     * for it: await and detach would wait for the thread they run on.
     */
    @Test
    void theListenerMayCloseItsTraceButNotWaitForIt() throws Exception {
        AtomicReference<Tracing> self = new AtomicReference<>();
        AtomicReference<Throwable> waited = new AtomicReference<>();
        CountDownLatch started = new CountDownLatch(1);
        Tracing t = Tot.start(List.of("sh", "-c", "echo a > x; sleep 20; echo b > y"), options(), event -> {
            if (event instanceof TraceEvent.FileAccess a && a.path().equals(dir.resolve("x").toString())) {
                try {
                    started.await();
                    try {
                        self.get().await(Duration.ofSeconds(1));
                    } catch (Exception | Error e) {
                        waited.set(e);
                    }
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
                self.get().close();
            }
        });
        self.set(t);
        started.countDown();
        TracedRun run = t.await(Duration.ofSeconds(15)); // it hung for good
        assertEquals(9, run.killedBy());
        assertFalse(Files.exists(dir.resolve("y")));
        assertInstanceOf(IllegalStateException.class, waited.get(), "await on the listener's thread");
    }

    /** A null listener is none for a blackbox too, as for Tot.start and Tot.attach. */
    @Test
    void aBlackboxWithANullListenerRecords() throws Exception {
        ProcessHandle target = ApiTest.detached("sh", "-c", "while :; do : < /dev/null; done");
        try {
            try (BlackboxRecorder box = Tot.blackbox(List.of((int) target.pid()), BlackboxOptions.last(10), null)) {
                Thread.sleep(300);
                assertEquals(10, box.detach().calls().size());
            }
        } finally {
            target.destroyForcibly();
        }
    }

    /** A zombie (exited, not reaped by its parent): refused as such, not "ptrace not permitted … CAP_SYS_PTRACE". */
    @Test
    void attachingToAZombieSaysItHasExited() throws Exception {
        ProcessHandle parent = ApiTest.detached("sh", "-c", "sleep 0 & echo $! > " + dir.resolve("zombie") + "; exec sleep 30");
        try {
            for (int i = 0; i < 100 && !Files.exists(dir.resolve("zombie")); i++) Thread.sleep(20);
            int zombie = Integer.parseInt(Files.readString(dir.resolve("zombie")).strip());
            for (int i = 0; i < 100 && !Files.readString(Path.of("/proc/" + zombie + "/stat")).contains(") Z "); i++) Thread.sleep(20);
            TotException e = assertThrows(TotException.class, () -> Tot.attach(List.of(zombie), AttachOptions.defaults().withoutDatabase(), null));
            assertEquals(TotException.Reason.TRACING_REFUSED, e.reason());
            assertTrue(e.getMessage().endsWith("it has ended (a zombie: its parent has not reaped it yet)"), e.getMessage());
        } finally {
            parent.destroyForcibly();
        }
    }

    /** This JVM itself: refused with a cause, not "ptrace not permitted … CAP_SYS_PTRACE". */
    @Test
    void attachingToThisJvmIsRefusedAsItself() {
        int self = (int) ProcessHandle.current().pid();
        TotException e = assertThrows(TotException.class, () -> Tot.attach(List.of(self), AttachOptions.defaults().withoutDatabase(), null));
        assertEquals(TotException.Reason.TRACING_REFUSED, e.reason());
        assertTrue(e.getMessage().endsWith("it is tot itself"), e.getMessage());
    }
}
