package tot.imports;

/**
 * A file that cannot be imported: unreadable, or not a well-formed deps.json or event log. The
 * message is {@code FILE:LINE: reason} ({@code FILE: reason} when no line is to blame).
 */
public final class ImportException extends Exception {
    private final String file;
    private final int line;

    ImportException(String file, int line, String reason) {
        super((line > 0 ? file + ":" + line : file) + ": " + reason);
        this.file = file;
        this.line = line;
    }

    /** The file as it was named. */
    public String file() {
        return file;
    }

    /** The line at fault, from 1; 0 when none is. */
    public int line() {
        return line;
    }
}
