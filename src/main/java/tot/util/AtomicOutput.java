package tot.util;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * Writes a whole output file so that readers see either the old or the new content: a regular
 * (or not yet existing) target is written to a temporary file beside it and renamed over it;
 * "-" is standard output; anything else (/dev/null, a FIFO, a tty) is written directly.
 * Where the file is, and which links are followed, is {@link OutputFile}'s rule.
 */
public final class AtomicOutput {
    private AtomicOutput() {}

    /**
     * A launcher script, {@code name} in a directory held since before the run ({@link PinnedDirectory}):
     * new, it is executable (0777 less the umask). Not forced to disk (one per exec on the tracer
     * thread; a crash of the machine may lose it, never half-write it).
     */
    public static void writeExecutable(PinnedDirectory dir, String name, byte[] content) throws IOException {
        replaceEntry(dir.shown() + "/" + name, dir, name, OutputFile.EXECUTABLE_MODE, false, out -> out.write(content));
    }

    /** As {@link #write(String, Body)}, into the output {@link OutputFile#hold} held since before the run. */
    public static void write(OutputFile.Held target, Body body) throws IOException {
        if (target.dir() == null) {
            write(target.name(), body);
        } else if (target.dir().removed()) { // the command removed it (a clean step): by name again, through nothing another user made
            OutputFile.Regular again = OutputFile.resolveAgain(target.name());
            replace(target.name(), again.path(), again.existing(), OutputFile.FILE_MODE, true, body);
        } else {
            replaceEntry(target.name(), target.dir(), target.fileName(), OutputFile.FILE_MODE, true, body);
        }
    }

    /** Replaces entry {@code name} of {@code dir}: whatever is there now (a link too) is replaced, not followed. */
    private static void replaceEntry(String shown, PinnedDirectory dir, String name, Set<PosixFilePermission> mode, boolean force,
            Body body) throws IOException {
        Path file = dir.entry(name);
        PosixFileAttributes existing;
        try {
            existing = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (java.nio.file.NoSuchFileException e) {
            existing = null;
        } catch (IOException e) {
            throw OutputFile.failure(shown, e);
        }
        replace(shown, file, existing != null && existing.isRegularFile() ? existing : null, mode, force, body);
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
        write(target, OutputFile.FILE_MODE, true, body);
    }

    private static void write(String target, Set<PosixFilePermission> mode, boolean force, Body body) throws IOException {
        switch (OutputFile.resolve(target)) {
            case OutputFile.Stdout s -> {
                body.writeTo(System.out);
                System.out.flush();
                if (System.out.checkError()) throw OutputFile.failure("standard output", "write error");
            }
            case OutputFile.InPlace(Path p) -> {
                try (OutputStream out = Files.newOutputStream(p, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                    body.writeTo(out);
                } catch (IOException e) {
                    throw OutputFile.failure(target, e);
                }
            }
            case OutputFile.Regular(Path p, PosixFileAttributes existing) -> replace(target, p, existing, mode, force, body);
        }
    }

    /**
     * The temporary file starts with the target's permissions (or {@code mode}) less the umask, so
     * it is never more open than the file it replaces while it is written; after writing it gets
     * the existing file's permissions and, when tot may set them, its owner and group.
     */
    private static void replace(String target, Path file, PosixFileAttributes existing, Set<PosixFilePermission> mode,
            boolean force, Body body) throws IOException {
        OutputFile.Temp tmp = null;
        try {
            tmp = OutputFile.createTemp(file, existing != null ? existing.permissions() : mode);
            try (FileChannel ch = tmp.channel();
                 OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16)) {
                body.writeTo(out);
                out.flush();
                if (existing != null) keepOwnerAndMode(tmp.path(), existing);
                if (force) ch.force(true);
            }
            try {
                Files.move(tmp.path(), file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp.path(), file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw OutputFile.failure(target, e);
        } finally {
            if (tmp != null) Files.deleteIfExists(tmp.path());
        }
    }

    private static void keepOwnerAndMode(Path tmp, PosixFileAttributes existing) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(tmp, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        try {
            view.setOwner(existing.owner()); // only root may; others keep the file as theirs
        } catch (IOException e) {
            // not permitted
        }
        try {
            view.setGroup(existing.group());
        } catch (IOException e) {
            // not a member
        }
        view.setPermissions(existing.permissions()); // rwx bits only: no setuid survives into tot's file
    }
}
