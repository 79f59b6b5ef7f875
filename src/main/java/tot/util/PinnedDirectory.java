package tot.util;

import java.nio.file.FileSystemException;
import java.nio.file.Path;
import tot.linux.ErrnoException;
import tot.linux.RawFiles;

/**
 * A directory held open from before a traced command runs, for the files tot writes into it
 * during or after the run (deps.json, launcher scripts, a blackbox dump): they go into that
 * directory whatever the command renames or links on the way to it meanwhile, and a name in it
 * is replaced, never followed, so a link the command plants there is replaced by tot's file and
 * its target is untouched (a root tot tracing a command that dropped its privileges must not
 * write where that command points it). The descriptor is O_PATH and close-on-exec: no traced
 * program inherits it.
 */
public final class PinnedDirectory implements AutoCloseable {
    private final int fd;
    private final String shown;

    private PinnedDirectory(int fd, String shown) {
        this.fd = fd;
        this.shown = shown;
    }

    /** {@code real}: the directory's real path ({@link OutputFile}'s rules resolved it); {@code shown}: as the user named it. */
    static PinnedDirectory of(Path real, String shown) throws FileSystemException {
        try {
            return new PinnedDirectory(RawFiles.openDirectory(real.toString()), shown);
        } catch (ErrnoException e) {
            throw OutputFile.failure(shown, e.getMessage());
        }
    }

    /** Its entry {@code name}, reached through the descriptor, not through the names on the way. */
    Path entry(String name) {
        return Path.of("/proc/self/fd/" + fd, name);
    }

    /** Whether the directory was removed since it was pinned (a build's clean step removed it). */
    boolean removed() {
        try {
            return ((Number) java.nio.file.Files.getAttribute(entry("."), "unix:nlink")).intValue() == 0;
        } catch (java.io.IOException e) {
            return true;
        }
    }

    /** The directory as the user named it, for messages. */
    String shown() {
        return shown;
    }

    @Override
    public void close() {
        RawFiles.close(fd);
    }
}
