package tot.model;

/**
 * What an open asks for, decoded once from its bits (the tracers; strace's text through
 * tot.strace's FlagBits). {@link #reads} and {@link #writes} are tot's rules
 * (README, deps.json): O_RDONLY reads, O_WRONLY writes, O_RDWR both, but a truncated or new
 * file (O_TRUNC, O_CREAT|O_EXCL) has nothing to read, and O_TRUNC writes (Linux empties the file
 * also for O_RDONLY, given write permission), as an open that made the file does (also a
 * read-only one: flock(1)'s lock file is made by the run); O_PATH and O_DIRECTORY opens are neither;
 * an O_TMPFILE file is nothing until it is linked.
 */
public record OpenFlags(int accessMode, boolean create, boolean exclusive, boolean truncate, boolean append,
                        boolean directory, boolean pathOnly, boolean tmpfile, boolean cloexec) {
    public static final int O_RDONLY = 0, O_WRONLY = 1, O_RDWR = 2;
    private static final long O_ACCMODE = 3, O_CREAT = 0100, O_EXCL = 0200, O_TRUNC = 01000, O_APPEND = 02000,
            O_DIRECTORY = 0200000, O_CLOEXEC = 02000000, O_PATH = 010000000, O_TMPFILE = 020200000;

    /** creat(path, mode): open(path, O_WRONLY|O_CREAT|O_TRUNC, mode). */
    public static final OpenFlags CREAT = of(O_WRONLY | O_CREAT | O_TRUNC);

    /** From the open flags' bits (the same on x86_64 and i386). */
    public static OpenFlags of(long bits) {
        return new OpenFlags((int) (bits & O_ACCMODE), (bits & O_CREAT) != 0, (bits & O_EXCL) != 0,
                (bits & O_TRUNC) != 0, (bits & O_APPEND) != 0, (bits & O_DIRECTORY) != 0 && (bits & O_TMPFILE) != O_TMPFILE,
                (bits & O_PATH) != 0, (bits & O_TMPFILE) == O_TMPFILE, (bits & O_CLOEXEC) != 0);
    }

    /** Neither a read nor a write: O_PATH, O_DIRECTORY (and O_TMPFILE until linked). */
    public boolean neither() {
        return pathOnly || directory || tmpfile;
    }

    /** Whether a successful open reads the file. */
    public boolean reads() {
        if (neither() || accessMode == O_WRONLY) return false;
        return !(truncate || madeFile());
    }

    /** Whether a successful open made the file: O_CREAT|O_EXCL (a front-end that saw the open make it sets O_EXCL). */
    private boolean madeFile() {
        return create && exclusive;
    }

    /** Whether a successful open writes the file (O_WRONLY, O_RDWR, the invalid mode 3, O_TRUNC, or it made the file). */
    public boolean writes() {
        return !neither() && (accessMode != O_RDONLY || truncate || madeFile());
    }

    /**
     * Whether a successful open writes a file that was there without emptying it (O_WRONLY,
     * without O_TRUNC, not made by the open): what it held is still there to read (`sort -o f f`
     * opens f for writing, reads it, then truncates it).
     */
    public boolean keepsContent() {
        return !neither() && accessMode == O_WRONLY && !truncate && !madeFile();
    }

    /**
     * Whether a successful open leaves the file empty, whatever it held: it writes and truncates
     * it or made it (a front-end that does not know whether an O_CREAT open made the file says
     * no).
     */
    public boolean empties() {
        return writes() && (truncate || madeFile());
    }

    /** The same open without O_TRUNC: what it was on a file the kernel does not truncate (a FIFO, a device). */
    public OpenFlags withoutTruncate() {
        return new OpenFlags(accessMode, create, exclusive, false, append, directory, pathOnly, tmpfile, cloexec);
    }

    /** The same open with O_EXCL: what an O_CREAT open that made the file was (nothing to read). */
    public OpenFlags withExclusive() {
        return new OpenFlags(accessMode, create, true, truncate, append, directory, pathOnly, tmpfile, cloexec);
    }

    /** Whether the open changes the file before any program reads it (a sink that must read it first, must do it now). */
    public boolean changes() {
        return accessMode != O_RDONLY || truncate;
    }
}
