package tot.api;

import java.util.List;

/**
 * What a {@link BlackboxRecorder} held at one moment. Immutable.
 *
 * @param seen       how many syscalls went through the ring since the attach
 * @param calls      the last ones kept (at most the capacity), oldest first
 * @param takenNanos when the snapshot was taken (epoch nanoseconds)
 */
public record BlackboxSnapshot(long seen, List<SyscallRecord> calls, long takenNanos) {
    /** Copies the list. */
    public BlackboxSnapshot {
        calls = List.copyOf(calls);
    }
}
