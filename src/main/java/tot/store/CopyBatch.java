package tot.store;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * PostgreSQL's bulk load: rows stream to the server as COPY … FROM STDIN text while they are
 * made (the server inserts them meanwhile, in its own process), instead of INSERT statements
 * (a parameter per value, a plan per statement). Values are written as COPY's text format wants
 * them: NULL as \N; backslash, tab, newline and carriage return escaped; a byte array (a path) as
 * bytea's hex form. The connection runs nothing else until {@link #flush} ends the COPY.
 */
final class CopyBatch implements Rows {
    private static final int SEND_BYTES = 1 << 18;
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private final Connection db;
    private final String copy;
    private org.postgresql.copy.CopyIn open;
    private byte[] buf = new byte[SEND_BYTES + 4096];
    private int length;

    /** Rows of {@code columns} (all of the table's, in its order, when none are named). */
    CopyBatch(Connection db, String table, String... columns) {
        this.db = db;
        this.copy = "COPY " + table + (columns.length == 0 ? "" : "(" + String.join(", ", columns) + ")") + " FROM STDIN";
    }

    @Override
    public void add(Object... row) throws SQLException {
        for (int i = 0; i < row.length; i++) {
            if (i > 0) put('\t');
            switch (row[i]) {
                case null -> ascii("\\N");
                case byte[] bytes -> hex(bytes);
                case Number n -> ascii(n.toString());
                case Object o -> text(o.toString());
            }
        }
        put('\n');
        if (length >= SEND_BYTES) send();
    }

    /**
     * A row whose first two columns are ids and whose other columns are {@code tail}: already
     * COPY text, tab-separated and escaped (made by the source's SQL).
     */
    void add(long first, long second, byte[] tail) throws SQLException {
        ascii(Long.toString(first));
        put('\t');
        ascii(Long.toString(second));
        put('\t');
        line(tail);
    }

    /**
     * A row whose first columns are ids ({@code third} null for NULL) and whose other columns
     * are {@code tail}: already COPY text, tab-separated and escaped (made by the source's SQL).
     */
    void add(long first, long second, Long third, byte[] tail) throws SQLException {
        ascii(Long.toString(first));
        put('\t');
        ascii(Long.toString(second));
        put('\t');
        ascii(third == null ? "\\N" : third.toString());
        put('\t');
        line(tail);
    }

    /** A row already in COPY text: its columns tab-separated and escaped. */
    void line(byte[] text) throws SQLException {
        bytes(text);
        put('\n');
        if (length >= SEND_BYTES) send();
    }

    private void bytes(byte[] b) {
        if (length + b.length > buf.length) buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, length + b.length));
        System.arraycopy(b, 0, buf, length, b.length);
        length += b.length;
    }

    private void put(char c) {
        if (length == buf.length) buf = java.util.Arrays.copyOf(buf, buf.length * 2);
        buf[length++] = (byte) c;
    }

    private void ascii(String s) {
        for (int i = 0; i < s.length(); i++) put(s.charAt(i));
    }

    private void hex(byte[] bytes) {
        ascii("\\\\x");
        for (byte b : bytes) {
            put((char) HEX[(b >> 4) & 15]);
            put((char) HEX[b & 15]);
        }
    }

    private void text(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> ascii("\\\\");
                case '\t' -> ascii("\\t");
                case '\n' -> ascii("\\n");
                case '\r' -> ascii("\\r");
                default -> {
                    if (c < 0x80) {
                        put(c);
                    } else { // the rest of the string, as UTF-8
                        byte[] utf8 = s.substring(i).getBytes(StandardCharsets.UTF_8);
                        for (byte b : utf8) {
                            if (b == '\\' || b == '\t' || b == '\n' || b == '\r') text(String.valueOf((char) b));
                            else {
                                if (length == buf.length) buf = java.util.Arrays.copyOf(buf, buf.length * 2);
                                buf[length++] = b;
                            }
                        }
                        return;
                    }
                }
            }
        }
    }

    private void send() throws SQLException {
        if (open == null) open = db.unwrap(org.postgresql.PGConnection.class).getCopyAPI().copyIn(copy);
        open.writeToCopy(buf, 0, length);
        length = 0;
    }

    /** Sends what is left and ends the COPY. */
    @Override
    public void flush() throws SQLException {
        if (length > 0) send();
        if (open != null) open.endCopy();
        open = null;
    }

    /** Abandons an unfinished COPY (the transaction is being rolled back), so that the connection takes statements again. */
    void cancel() {
        length = 0;
        if (open == null) return;
        try {
            open.cancelCopy();
        } catch (SQLException ignored) {
            // the connection is broken: it is closed next
        }
        open = null;
    }
}
