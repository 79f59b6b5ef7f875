package tot.api;

/**
 * One file access as a tot database holds it. Immutable; a null field is unknown.
 *
 * @param execution  the execution that made it
 * @param kind       what it did
 * @param path       the absolute path
 * @param sha1       the content it read or wrote (null: not hashed: a pipe, a device, gone)
 * @param size       that content's size in bytes
 * @param errno      0 when it succeeded, else the error
 * @param timeNanos  when (epoch nanoseconds)
 * @param syscall    the call that did it
 */
public record RecordedAccess(RecordedExecution execution, Kind kind, String path, String sha1, Long size, int errno,
                             Long timeNanos, String syscall) {
    /** What an access did to its path, as tot.db's {@code accesses.kind} says it. */
    public enum Kind {
        /** Opened it for reading. */
        READ,
        /** Opened it for writing, truncated it. */
        WRITE,
        /** Made it a link or symlink. */
        CREATE,
        /** Removed it (unlink, rmdir, a rename's old name). */
        DELETE,
        /** Made it a rename's new name. */
        RENAME,
        /** Ran it (execve). */
        EXEC,
        /** Made it, a directory (mkdir, mkdirat): no file; {@code RunStore}'s file lists leave it out. */
        MKDIR
    }
}
