package tot.imports;

import tot.util.SafeText;

/**
 * A file that cannot be imported: unreadable, or not a well-formed deps.json, event log or strace
 * log. The message is {@code FILE:LINE: reason} ({@code FILE: reason} when no line is to blame),
 * safe to print: the places that quote input in a reason cut it ({@link SafeText#quote}), and
 * control characters in the name or the reason are escaped here.
 */
public final class ImportException extends Exception {
    private final String file;
    private final int line;

    ImportException(String file, int line, String reason) {
        super(SafeText.escape((line > 0 ? file + ":" + line : file) + ": " + reason));
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
