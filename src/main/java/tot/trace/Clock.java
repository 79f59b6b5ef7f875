package tot.trace;

/** Epoch nanoseconds with nanoTime's resolution (Instant.now() is coarser and slower). */
final class Clock {
    private final long epoch = java.time.Instant.now().getEpochSecond() * 1_000_000_000L + java.time.Instant.now().getNano();
    private final long base = System.nanoTime();

    long now() {
        return epoch + (System.nanoTime() - base);
    }

    /** The epoch time of a CLOCK_MONOTONIC reading (nanoTime's clock, and bpf_ktime_get_ns's). */
    long at(long monotonicNanos) {
        return epoch + (monotonicNanos - base);
    }
}
