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

/**
 * A file to import, as first read: the sha1 of its bytes (the run's key, so the same file is
 * imported once) and its format, told by its first non-blank byte: {@code [} a deps.json array,
 * <code>{</code> a JSON Lines event log.
 */
public record Source(String name, Path path, long size, FileTime modified, String sha1, Format format, List<Path> parts) {
    /** What a file holds; {@code column} is what runs.source says. */
    public enum Format {
        DEPS_JSON("deps.json"), EVENTS("events"), STRACE("strace");

        final String column;

        Format(String column) {
            this.column = column;
        }
    }

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
        MessageDigest sha1 = newSha1();
        int first = -1, line = 1;
        long size = 0;
        FileTime modified = FileTime.fromMillis(0);
        for (Path part : parts.isEmpty() ? List.of(path) : parts) {
            try (InputStream in = Files.newInputStream(part)) {
                FileTime m = Files.getLastModifiedTime(part);
                if (m.compareTo(modified) > 0) modified = m;
                byte[] buf = new byte[1 << 16];
                for (int n; (n = in.read(buf)) > 0; ) {
                    for (int i = 0; first < 0 && i < n; i++) {
                        byte b = buf[i];
                        if (b == '\n') line++;
                        else if (b != ' ' && b != '\t' && b != '\r') first = b;
                    }
                    sha1.update(buf, 0, n);
                    size += n;
                }
            } catch (IOException e) {
                throw unreadable(name, e);
            }
        }
        Format format = !parts.isEmpty() ? Format.STRACE : switch (first) {
            case '[' -> Format.DEPS_JSON;
            case '{' -> Format.EVENTS;
            case -1 -> throw new ImportException(name, 0, "empty file: neither deps.json, an event log nor an strace log");
            default -> Format.STRACE; // anything else is read as an strace log (its parser says what is wrong)
        };
        return new Source(name, path, size, modified, HexFormat.of().formatHex(sha1.digest()), format, parts);
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
