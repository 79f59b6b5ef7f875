package tot.linux;

/** A system call failed; {@link #errno} says why. */
public final class ErrnoException extends Exception {
    private static final long serialVersionUID = 1L;
    public final int errno;

    public ErrnoException(String operation, int errno) {
        super(operation + ": " + Errno.name(errno), null, false, false);
        this.errno = errno;
    }
}
