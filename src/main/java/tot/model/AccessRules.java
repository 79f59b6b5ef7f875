package tot.model;

import tot.model.Event.Access;
import tot.syscalls.Handler;

/**
 * tot's rules for what a call did to a path, in one place for the tracer's handlers and the
 * strace log replay (each reads the flags from its own form: registers or strace's text).
 */
public final class AccessRules {
    private AccessRules() {}

    /**
     * Whether a successful open reads the file: O_RDONLY does; O_RDWR does unless the file is
     * truncated (O_TRUNC) or new (O_CREAT|O_EXCL): then nothing old is read.
     */
    public static boolean openReads(boolean writeOnly, boolean readWrite, boolean trunc, boolean creat, boolean excl) {
        if (writeOnly) return false;
        return !readWrite || !(trunc || (creat && excl));
    }

    /** Whether a successful open writes the file: O_WRONLY and O_RDWR do. */
    public static boolean openWrites(boolean writeOnly, boolean readWrite) {
        return writeOnly || readWrite;
    }

    /**
     * The access a failed call tried, recorded with its errno (never in the execution's record),
     * or null when it is not one: an open tried a write ({@code openWrites}) or a read; an exec,
     * a deletion; rename and link tried to write their second path, symlink and truncate their
     * first. Opens with O_PATH, O_DIRECTORY or O_TMPFILE are left out by the callers.
     */
    public static AccessKind ofFailure(Handler handler, boolean openWrites) {
        return switch (handler) {
            case OPEN -> openWrites ? AccessKind.OUTPUT : AccessKind.INPUT;
            case EXEC -> AccessKind.EXEC;
            case DELETE -> AccessKind.DELETED;
            case RENAME, LINK, SYMLINK, TRUNCATE -> AccessKind.OUTPUT;
            case CLOSE, CLOSE_RANGE, DUP, FCNTL, PIPE, CHDIR, SPAWN, MKDIR, NEW_FD, IO_URING, PIDFD_SIGNAL, NONE -> null;
        };
    }

    /** Whether {@link #ofFailure} names the call's second path (the new name of rename and link). */
    public static boolean failureNamesSecondPath(Handler handler) {
        return handler == Handler.RENAME || handler == Handler.LINK;
    }
}
