package tot.store;

/**
 * One access as tot.db holds it: what execution row {@code executionRow} did to {@code path};
 * {@code sha1} and {@code size} of the content it read or wrote (null: not hashed); {@code errno}
 * 0 when it succeeded; {@code timeNanos} and {@code syscall} null when unknown (deps.json);
 * {@code detail} the row's detail column ({@link #movedFrom}, {@link #linkTarget}).
 */
public record StoredAccess(long executionRow, Operation operation, String path, String sha1, Long size, int errno,
                           Long timeNanos, String syscall, String detail) {
    /** An access without a detail. */
    public StoredAccess(long executionRow, Operation operation, String path, String sha1, Long size, int errno, Long timeNanos,
                        String syscall) {
        this(executionRow, operation, path, sha1, size, errno, timeNanos, syscall, null);
    }

    /** The detail of a write by an open that emptied or made the file. */
    public static final String EMPTIED = "emptied";

    /** Whether this write emptied the file (O_TRUNC) or made it: what earlier writers put there is gone. */
    public boolean emptied() {
        return operation == Operation.WRITE && EMPTIED.equals(detail);
    }

    /** A directory's rename's: the directory's old name; else null. */
    public String movedFrom() {
        return operation == Operation.RENAME ? detail : null;
    }

    /** A symbolic link's making: the text it holds, as given (null: a run recorded before tot kept it); else null. */
    public String linkTarget() {
        return operation == Operation.CREATE ? detail : null;
    }
}
