package tot.store;

/**
 * A count of stored rows grouped by program ({@code executable}), {@code syscall} or
 * {@code path} and {@code errno} (fields a grouping does not use are null or 0).
 */
public record Counted(long count, String executable, String syscall, String path, int errno) {}
