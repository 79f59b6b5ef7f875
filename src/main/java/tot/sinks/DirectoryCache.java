package tot.sinks;

import java.util.HashMap;
import java.util.Map;
import tot.linux.RawFiles;
import tot.util.ProcDirectories;

/**
 * Directories are not inputs or outputs (a program may open one without O_DIRECTORY). The model
 * leaves out those the trace showed to be directories (DirectoryKinds); whether another path is
 * one is looked up once per path, when a record is written, except for a process's directories
 * in /proc, known by name ({@link ProcDirectories}).
 * A read follows symlinks; a write does not (a renamed directory is no output, a symlink to one
 * is). Names are asked as bytes: a name that is not UTF-8 is looked up too.
 */
public final class DirectoryCache {
    private final Map<String, Boolean> directories = new HashMap<>();

    /** Whether {@code path} counts as an input (it is not a directory). */
    public boolean input(String path) {
        return !isDirectory(path, true);
    }

    /** Whether {@code path} counts as an output (it is not a directory, itself). */
    public boolean output(String path) {
        return !isDirectory(path, false);
    }

    private boolean isDirectory(String path, boolean follow) {
        return directories.computeIfAbsent(follow ? path : path + "\0nofollow", k -> {
            if (ProcDirectories.is(path)) return true;
            RawFiles.Stat st = RawFiles.stat(path, follow);
            return st != null && st.isDirectory();
        });
    }
}
