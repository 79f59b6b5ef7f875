package tot.strace;

import java.io.IOException;

/**
 * A line of a strace log that is not what strace prints. The message is {@code FILE:LINE: reason};
 * {@link #text()} is the whole line (bytes decoded like {@link tot.util.ByteStrings#decode}). The
 * parser has consumed the line: {@link StraceParser#next()} may be called again to go on with the
 * next one.
 */
public final class StraceParseException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;
    private final String text;
    private final String reason;

    StraceParseException(String file, int line, String text, String reason) {
        super(file + ":" + line + ": " + reason);
        this.file = file;
        this.line = line;
        this.text = text;
        this.reason = reason;
    }

    /** The log's name: its path, or the name given with the stream. */
    public String file() {
        return file;
    }

    /** The 1-based line number. */
    public int line() {
        return line;
    }

    /** The line as it was read (for a call joined from two lines, the line that failed). */
    public String text() {
        return text;
    }

    /** What is wrong, without the file and line. */
    public String reason() {
        return reason;
    }
}
