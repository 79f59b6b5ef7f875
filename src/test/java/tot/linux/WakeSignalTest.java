package tot.linux;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Signals.WAKE sent to a thread blocked in wait4 makes it return EINTR (what a detach request needs). */
class WakeSignalTest {
    @Test
    void aThreadBlockedInWaitWakesWithEintr() throws Exception {
        Signals.wakeOnSignal();
        CompletableFuture<Integer> waiter = new CompletableFuture<>();
        CompletableFuture<Integer> result = new CompletableFuture<>();
        Thread.ofPlatform().start(() -> {
            try (Kernel k = new Kernel()) {
                int child = k.spawn("/bin/sleep".getBytes(StandardCharsets.UTF_8),
                        List.of("sleep".getBytes(StandardCharsets.UTF_8), "30".getBytes(StandardCharsets.UTF_8)));
                waiter.complete(Signals.gettid());
                try {
                    k.wait(child, 0);
                    result.complete(0);
                } catch (ErrnoException e) {
                    result.complete(e.errno);
                }
                Signals.kill(child, Linux.SIGKILL);
                k.wait(child, 0); // reap it
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        int tid = waiter.get(10, TimeUnit.SECONDS);
        Thread.sleep(300); // let it block in wait4
        assertFalse(result.isDone(), "still waiting for the child");
        assertTrue(Signals.tgkill((int) ProcessHandle.current().pid(), tid, Signals.WAKE));
        assertEquals(Linux.EINTR, result.get(10, TimeUnit.SECONDS), "wait4 interrupted, not restarted");
    }
}
