package tot.strace;

import java.io.IOException;
import tot.util.ByteStrings;
import tot.util.SafeText;

/**
 * A line of a strace log that is not what strace prints. The message is {@code FILE:LINE: reason},
 * safe to print (see {@link SafeText}); {@link #text()} is the line, or its first
 * {@value #KEPT} bytes when longer. The parser has consumed the line: {@link StraceParser#next()}
 * may be called again to go on with the next one.
 */
public final class StraceParseException extends IOException {
    private static final long serialVersionUID = 1L;

    /** How many bytes of the line an exception keeps: a bad line may be 64 MiB. */
    static final int KEPT = 4096;

    private final String file;
    private final int line;
    private final byte[] kept;
    private final long length;
    private final String reason;
    /** The line ended before what it opened was closed: it is a beginning of a line strace writes ({@link Cursor#failUnclosed}). */
    boolean lineEnded;

    /** {@code kept}: the line's first bytes; {@code length}: its length in all; {@code reason}: safe to print. */
    StraceParseException(String file, int line, byte[] kept, long length, String reason) {
        super(SafeText.escape(file) + (line > 0 ? ":" + line : "") + ": " + reason);
        this.file = file;
        this.line = line;
        this.kept = kept;
        this.length = length;
        this.reason = reason;
    }

    /** This error with {@code more} said after its reason (safe to print). */
    StraceParseException saying(String more) {
        StraceParseException e = new StraceParseException(file, line, kept, length, reason + more);
        e.lineEnded = lineEnded;
        return e;
    }

    /** The log's name: its path, or the name given with the stream. */
    public String file() {
        return file;
    }

    /** The 1-based line number; 0 when the fault is the whole log's. */
    public int line() {
        return line;
    }

    /**
     * The line as it was read (for a call joined from two lines, the line that failed), bytes
     * decoded like {@link ByteStrings#decode}; only its first {@value #KEPT} bytes when longer.
     */
    public String text() {
        return ByteStrings.decode(kept);
    }

    /** The line quoted for a message: escaped, cut to {@link SafeText#LIMIT} characters, saying how long it was. */
    public String quotedText() {
        return SafeText.quote(kept, 0, kept.length, length);
    }

    /** What is wrong, without the file and line. */
    public String reason() {
        return reason;
    }
}
