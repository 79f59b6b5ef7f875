package tot.util;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes a whole output file so that readers see either the old or the new content: a regular
 * (or not yet existing) target is written to a temporary file beside it and renamed over it;
 * "-" is standard output; anything else (/dev/null, a FIFO, a tty) is written directly.
 */
public final class AtomicOutput {
    private AtomicOutput() {}

    /**
     * A new executable (0755) file, renamed into place: a killed tot leaves the old file or the
     * new one. Not forced to disk (one per exec on the tracer thread; a crash of the machine may
     * lose it, never half-write it).
     */
    public static void writeExecutable(Path target, byte[] content) throws IOException {
        Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        try {
            Files.write(tmp, content);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    public static void write(String target, byte[] content) throws IOException {
        write(target, out -> out.write(content));
    }

    /** What writes a whole output into the stream it is given. */
    public interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    /** As {@link #write(String, byte[])}, streaming: {@code body} writes the content. */
    public static void write(String target, Body body) throws IOException {
        if (target.equals("-")) {
            body.writeTo(System.out);
            System.out.flush();
            if (System.out.checkError()) throw new IOException("cannot write to standard output");
            return;
        }
        Path path = Path.of(target).toAbsolutePath();
        if (Files.exists(path) && !Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS) && !Files.isSymbolicLink(path)) {
            try (OutputStream out = Files.newOutputStream(path, StandardOpenOption.WRITE)) {
                body.writeTo(out);
            }
            return;
        }
        Path real = Files.isSymbolicLink(path) ? path.toRealPath() : path;
        Path dir = real.getParent();
        if (!Files.isDirectory(dir)) throw new java.nio.file.NoSuchFileException(target, null, "directory " + dir + " does not exist");
        Path tmp = Files.createTempFile(dir, "." + real.getFileName() + ".", ".tmp");
        try {
            try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                body.writeTo(out);
            }
            Files.setPosixFilePermissions(tmp, Files.exists(real)
                    ? Files.getPosixFilePermissions(real) : PosixFilePermissions.fromString("rw-r--r--"));
            try (var ch = java.nio.channels.FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            try {
                Files.move(tmp, real, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, real, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
