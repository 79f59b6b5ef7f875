package tot.store;

/**
 * One access as tot.db holds it: what execution row {@code executionRow} did to {@code path};
 * {@code sha1} and {@code size} of the content it read or wrote (null: not hashed); {@code errno}
 * 0 when it succeeded; {@code timeNanos} and {@code syscall} null when unknown (deps.json).
 */
public record StoredAccess(long executionRow, Operation operation, String path, String sha1, Long size, int errno,
                           Long timeNanos, String syscall, String movedFrom) {
    /** An access of a file; {@code movedFrom} is only a directory's rename's (the directory's old name). */
    public StoredAccess(long executionRow, Operation operation, String path, String sha1, Long size, int errno, Long timeNanos,
                        String syscall) {
        this(executionRow, operation, path, sha1, size, errno, timeNanos, syscall, null);
    }
}
