package tot.model;

/**
 * How an fd on a file was opened, as a shell would redirect to it: read ({@code <}), write
 * from empty ({@code >}: O_TRUNC), append ({@code >>}), or read and write in place ({@code <>}:
 * O_RDWR, and O_WRONLY without O_TRUNC, which no shell operator opens).
 */
public enum FdMode {
    READ("<"), TRUNCATE(">"), APPEND(">>"), READ_WRITE("<>");

    private final String operator;

    FdMode(String operator) {
        this.operator = operator;
    }

    /** The shell's redirection operator that opens a file this way. */
    public String operator() {
        return operator;
    }

    /** The mode of a successful open with {@code flags}, or null when it is no read or write (O_PATH, O_DIRECTORY, O_TMPFILE). */
    public static FdMode of(OpenFlags flags) {
        if (flags.neither()) return null;
        if (flags.accessMode() == OpenFlags.O_RDONLY) return READ;
        if (flags.append()) return APPEND;
        return flags.accessMode() == OpenFlags.O_WRONLY && flags.truncate() ? TRUNCATE : READ_WRITE;
    }
}
