package tot.trace;

/** Epoch nanoseconds with nanoTime's resolution (Instant.now() is coarser and slower). */
final class Clock {
    private final long epoch = java.time.Instant.now().getEpochSecond() * 1_000_000_000L + java.time.Instant.now().getNano();
    private final long base = System.nanoTime();

    long now() {
        return epoch + (System.nanoTime() - base);
    }
}
