package tot.imports;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import tot.util.ByteStrings;
import tot.util.UserDirs;

/**
 * A file to import, as first read: the sha1 of its bytes (the run's key, so the same file is
 * imported once) and its format, told by how it begins ({@link Format#of}). A tot database
 * (an SQLite file) is merged run by run instead: it has no sha1 of its own. {@code copied}: {@code path}
 * is a temporary copy of a pipe's bytes.
 */
public record Source(String name, Path path, long size, FileTime modified, String sha1, Format format, List<Path> parts,
                     boolean copied) {
    /** What a file holds; {@code column} is what runs.source says. */
    public enum Format {
        DEPS_JSON("deps.json"), EVENTS("events"), STRACE("strace"), DATABASE("database");

        final String column;

        Format(String column) {
            this.column = column;
        }

        /**
         * The format of a file that begins with {@code head} (from its first non-blank byte):
         * <code>{</code> an event log; {@code [} a deps.json array, unless the first line goes on
         * like an strace line ({@code [pid 12] …}, {@code [ Process PID=…}, {@code -i}'s
         * {@code [00007f…] …}, {@code --secontext}'s {@code [unconfined_t] …}: a bracket closed on
         * the line, holding no JSON, then a space and more); anything else an strace log.
         */
        static Format of(byte[] head, int length) {
            if (length == 0) return null;
            if (head[0] == '{') return EVENTS;
            if (head[0] != '[') return STRACE;
            if (ByteStrings.startsWith(head, length, "[ Process PID=")) return STRACE;
            for (int i = 1; i < length; i++) {
                byte b = head[i];
                if (b == '\n' || b == '{' || b == '[' || b == '"') return DEPS_JSON;
                if (b == ']') return i + 2 < length && head[i + 1] == ' ' && head[i + 2] != ' ' && head[i + 2] != '\n' ? STRACE : DEPS_JSON;
            }
            return DEPS_JSON;
        }
    }

    /** How much of a file's start {@link Format#of} looks at. */
    private static final int HEAD = 512;

    /**
     * Reads {@code name} once through: its sha1 and format. A name that is no file but the prefix
     * of an {@code strace -ff -o NAME} set ({@code NAME.<pid>} files) is that set: an strace log
     * whose sha1 is that of its files in pid order.
     */
    public static Source read(String name) throws ImportException {
        Path path;
        try {
            path = Path.of(name);
        } catch (InvalidPathException e) {
            throw new ImportException(name, 0, "not a valid file name");
        }
        if (Files.isDirectory(path)) throw new ImportException(name, 0, "Is a directory");
        List<Path> parts = List.of();
        if (!Files.exists(path)) {
            try {
                parts = tot.strace.StraceParser.perPidFiles(path);
            } catch (IOException e) {
                throw unreadable(name, e);
            }
            if (parts.isEmpty()) throw new ImportException(name, 0, "No such file or directory");
        }
        boolean copied = parts.isEmpty() && !Files.isRegularFile(path);
        if (copied) path = buffered(name, path);
        if (parts.isEmpty() && isSqlite(name, path)) {
            try {
                return new Source(name, path, Files.size(path), Files.getLastModifiedTime(path), null, Format.DATABASE, parts, copied);
            } catch (IOException e) {
                throw unreadable(name, e);
            }
        }
        MessageDigest sha1 = newSha1();
        byte[] head = new byte[HEAD];
        int headLength = 0;
        long size = 0;
        FileTime modified = FileTime.fromMillis(0);
        for (Path part : parts.isEmpty() ? List.of(path) : parts) {
            try (InputStream in = Files.newInputStream(part)) {
                FileTime m = Files.getLastModifiedTime(part);
                if (m.compareTo(modified) > 0) modified = m;
                byte[] buf = new byte[1 << 16];
                for (int n; (n = in.read(buf)) > 0; ) {
                    for (int i = 0; headLength < HEAD && i < n; i++) {
                        byte b = buf[i];
                        if (headLength > 0 || b != ' ' && b != '\t' && b != '\r' && b != '\n') head[headLength++] = b;
                    }
                    sha1.update(buf, 0, n);
                    size += n;
                }
            } catch (IOException e) {
                throw unreadable(name, e);
            }
        }
        Format format = !parts.isEmpty() ? Format.STRACE : Format.of(head, headLength); // an strace log's parser says what is wrong
        if (format == null) throw new ImportException(name, 0, "empty file: neither deps.json, an event log nor an strace log");
        return new Source(name, path, size, modified, HexFormat.of().formatHex(sha1.digest()), format, parts, copied);
    }

    /**
     * A pipe or device ({@code /dev/stdin}, {@code <(zcat x.gz)}) copied once into a temporary
     * file (mode 0600; {@link #removeCopy}), read from then on: the format is told, the sha1 taken
     * and the contents parsed by reading the file again, and a pipe gives its bytes only once.
     */
    private static Path buffered(String name, Path path) throws ImportException {
        try {
            Path copy = Files.createTempFile(UserDirs.temp(), "tot-import-", "");
            try (InputStream in = Files.newInputStream(path); var out = Files.newOutputStream(copy)) { // keeps its mode
                in.transferTo(out);
            } catch (IOException e) {
                Files.deleteIfExists(copy);
                throw e;
            }
            return copy;
        } catch (IOException e) {
            throw unreadable(name, e);
        }
    }

    private static final byte[] SQLITE = "SQLite format 3\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** Whether the file begins as an SQLite database does. */
    private static boolean isSqlite(String name, Path path) throws ImportException {
        try (InputStream in = Files.newInputStream(path)) {
            return java.util.Arrays.equals(in.readNBytes(SQLITE.length), SQLITE);
        } catch (IOException e) {
            throw unreadable(name, e);
        }
    }

    /** Removes the temporary copy of a pipe's bytes, if this is one (tot ends by halt: no deleteOnExit). */
    public void removeCopy() {
        if (!copied) return;
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // left in the temporary directory
        }
    }

    /** The file's bytes for the import; {@link #checkUnchanged} after reading them all. */
    InputStream open() throws ImportException {
        try {
            return Files.newInputStream(path);
        } catch (IOException e) {
            throw unreadable(name, e);
        }
    }

    /**
     * Fails when the file is not as it was when its sha1 (the run's key) was taken: a file still
     * being written. Its size and modification time tell (cheaper than hashing it twice).
     */
    void checkUnchanged() throws ImportException {
        long now = 0;
        FileTime latest = FileTime.fromMillis(0);
        try {
            for (Path part : parts.isEmpty() ? List.of(path) : parts) {
                now += Files.size(part);
                FileTime m = Files.getLastModifiedTime(part);
                if (m.compareTo(latest) > 0) latest = m;
            }
        } catch (IOException e) {
            throw unreadable(name, e);
        }
        if (now == size && latest.equals(modified)) return;
        throw new ImportException(name, 0, "changed while being imported (is it still being written?)");
    }

    static ImportException unreadable(String name, IOException e) {
        String reason = switch (e) {
            case NoSuchFileException x -> "No such file or directory";
            case AccessDeniedException x -> "Permission denied";
            case FileSystemException x when x.getReason() != null -> x.getReason();
            default -> e.getMessage() == null ? e.toString() : e.getMessage();
        };
        return new ImportException(name, 0, reason);
    }

    private static MessageDigest newSha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
