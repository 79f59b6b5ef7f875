package tot.store;

import java.nio.file.Path;
import tot.util.ByteStrings;

/**
 * The name SQLite is given for a database file: a {@code file:} URI of its absolute path, every
 * byte but the unreserved ones percent-encoded. A bare name would be read by sqlite-jdbc and
 * SQLite as more than a file: {@code file:x?mode=memory} as a URI (an in-memory database, or
 * another file than the one tot checked), anything after a '?' as the driver's pragmas.
 */
final class SqliteUri {
    private SqliteUri() {}

    /** The URI of {@code file}, with {@code query} (SQLite URI parameters, e.g. "immutable=1") when not empty. */
    static String of(Path file, String query) {
        StringBuilder uri = new StringBuilder("file:");
        for (byte b : ByteStrings.encode(file.toAbsolutePath().toString())) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "/-._~".indexOf(c) >= 0) {
                uri.append((char) c);
            } else {
                uri.append('%').append(HEX.charAt(c >> 4)).append(HEX.charAt(c & 15));
            }
        }
        if (!query.isEmpty()) uri.append('?').append(query);
        return uri.toString();
    }

    private static final String HEX = "0123456789ABCDEF";
}
