package tot.api;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import tot.sinks.Blackbox;
import tot.store.Store;

/**
 * A blackbox on running processes ({@link Tot#blackbox}): their last N syscalls in a ring, kept
 * in bounded memory whatever the rate, readable at any time from any thread.
 *
 * <p><b>Threads.</b> The processes are traced on a thread of the recorder's own (see
 * {@link Tracing}); {@link #last}, {@link #snapshot} and {@link #seen} copy the ring under a lock
 * and never block on the trace. Each {@link #every} callback runs on a daemon thread of its own.
 *
 * <p><b>Lifecycle.</b> The recorder ends when the processes exit, or at {@link #detach} (they go
 * on untraced, {@code TracerPid: 0}); {@link #close} detaches too and suits try-with-resources.
 * The ring stays readable after the end.
 */
public final class BlackboxRecorder implements AutoCloseable {
    private final Tracing tracing;
    private final Blackbox box;
    private final List<Thread> timers = new CopyOnWriteArrayList<>();

    BlackboxRecorder(Tracing tracing, Blackbox box) {
        this.tracing = tracing;
        this.box = box;
    }

    /** The last {@code n} syscalls kept (fewer when fewer were seen or the ring is smaller), oldest first. */
    public List<SyscallRecord> last(int n) {
        List<SyscallRecord> all = Events.calls(box.last());
        return all.subList(Math.max(0, all.size() - Math.max(0, n)), all.size());
    }

    /** Every syscall the ring holds and how many went through it, now. */
    public BlackboxSnapshot snapshot() {
        long taken = Store.nowNanos();
        synchronized (box) { // one moment: the count and the ring together
            return new BlackboxSnapshot(box.seen(), Events.calls(box.last()), taken);
        }
    }

    /** How many syscalls went through the ring since the attach. */
    public long seen() {
        return box.seen();
    }

    /**
     * Calls {@code callback} with a {@link #snapshot} every {@code interval}, on a daemon thread of
     * its own, until the recorder ends (the last call may come just before). A callback that
     * throws is not called again.
     */
    public void every(Duration interval, Consumer<BlackboxSnapshot> callback) {
        long millis = Math.max(1, interval.toMillis());
        Thread timer = Thread.ofPlatform().daemon().name("tot-blackbox").unstarted(() -> {
            try {
                while (!tracing.isDone()) {
                    Thread.sleep(millis);
                    if (!tracing.isDone()) callback.accept(snapshot());
                }
            } catch (InterruptedException e) {
                // detached
            }
        });
        timers.add(timer);
        timer.start();
    }

    /** Whether the recorder has ended (the processes exited or were detached). Does not block. */
    public boolean isDone() {
        return tracing.isDone();
    }

    /**
     * Waits until the processes exit (or another thread detaches them); returns the ring then.
     *
     * @throws InterruptedException the waiting thread was interrupted: the recorder goes on
     */
    public BlackboxSnapshot await() throws TotException, InterruptedException {
        tracing.await();
        stopTimers();
        return snapshot();
    }

    /**
     * Detaches every thread (the processes go on untraced), waits until they are, and returns
     * the ring as it was then.
     */
    public BlackboxSnapshot detach() throws TotException, InterruptedException {
        tracing.detach();
        stopTimers();
        return snapshot();
    }

    /** Asks to detach (as {@link #detach}) without waiting: callable from a signal handler. */
    public void requestDetach() {
        if (!tracing.isDone()) tracing.interrupt(tot.linux.Linux.SIGTERM);
    }

    /** Detaches if still attached and waits for it, not interruptibly. Idempotent. */
    @Override
    public void close() {
        tracing.close();
        stopTimers();
    }

    private void stopTimers() {
        for (Thread t : timers) t.interrupt();
    }
}
