package tot.model;

/**
 * A path as a program named it in a syscall: {@code name} relative to directory fd
 * {@code dirfd} (AT_FDCWD: the working directory), or, with {@code fdItself}, the file that
 * {@code dirfd} is open on (fchdir, ftruncate, AT_EMPTY_PATH with an empty name). A null
 * {@code name} could not be read (a bad pointer). The model resolves it against the calling
 * task's cwd and fd table when it applies the fact, unless it is {@code resolved} already;
 * {@code inRoot}: the directory is the name's root (openat2's RESOLVE_IN_ROOT: "/" and ".." stay in it).
 */
public record PathArg(int dirfd, String name, boolean fdItself, boolean resolved, boolean inRoot) {
    public static final int AT_FDCWD = -100;

    /** {@code name} relative to the working directory (or absolute). */
    public static PathArg of(String name) {
        return new PathArg(AT_FDCWD, name, false, false, false);
    }

    /** {@code name} relative to directory fd {@code dirfd}; an empty name with AT_EMPTY_PATH is the fd itself. */
    public static PathArg at(int dirfd, String name, boolean emptyPathAllowed) {
        return new PathArg(dirfd, name, emptyPathAllowed && name != null && name.isEmpty(), false, false);
    }

    /** {@code name} resolved with directory fd {@code dirfd} (AT_FDCWD: the working directory) as its root. */
    public static PathArg inRoot(int dirfd, String name) {
        return new PathArg(dirfd, name, false, false, true);
    }

    /**
     * A name the front-end resolved already against this model: absolute, or the name of what an
     * fd is open on that is no file (memfd:NAME, exec'd through execveat(fd, "", AT_EMPTY_PATH)),
     * taken as it is, never against the working directory.
     */
    public static PathArg resolved(String name) {
        return new PathArg(AT_FDCWD, name, false, true, false);
    }

    /** The file fd {@code fd} is open on. */
    public static PathArg fd(int fd) {
        return new PathArg(fd, "", true, false, false);
    }
}
