package tot.sinks;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Directories are not inputs or outputs (a program may open one without O_DIRECTORY); whether a
 * path is one is looked up once per path, when a record is written (not on the tracer's hot
 * path). A read follows symlinks; a write does not (a renamed directory is no output, a
 * symlink to one is).
 */
public final class DirectoryCache {
    private final Map<String, Boolean> directories = new HashMap<>();

    /** Whether {@code path} counts as an input (it is not a directory). */
    public boolean input(String path) {
        return !isDirectory(path);
    }

    /** Whether {@code path} counts as an output (it is not a directory, itself). */
    public boolean output(String path) {
        return !isDirectory(path, LinkOption.NOFOLLOW_LINKS);
    }

    private boolean isDirectory(String path, LinkOption... options) {
        return directories.computeIfAbsent(path + (options.length == 0 ? "" : "\0nofollow"), k -> {
            try {
                return Files.isDirectory(Path.of(path), options);
            } catch (InvalidPathException e) {
                return false;
            }
        });
    }
}
