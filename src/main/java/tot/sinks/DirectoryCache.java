package tot.sinks;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;
import tot.linux.RawFiles;
import tot.util.ProcDirectories;

/**
 * Directories are not inputs or outputs (a program may open one without O_DIRECTORY). The model
 * leaves out those the trace showed to be directories (DirectoryKinds); whether another path is
 * one is looked up once per path, when a record is written, except for a process's directories
 * in /proc, known by name ({@link ProcDirectories}); a path gone by then is a directory when the
 * run recorded paths below it.
 * A read follows symlinks; a write does not (a renamed directory is no output, a symlink to one
 * is). Names are asked as bytes: a name that is not UTF-8 is looked up too.
 */
public final class DirectoryCache {
    /** What a path is when the record is written. */
    private enum Kind { DIRECTORY, OTHER, GONE }

    /** For a record written while the run goes on: what it will record below a path is not known yet. */
    public static final Predicate<String> NOTHING_HELD_YET = path -> false;

    private final Map<String, Kind> kinds = new HashMap<>();

    /**
     * Whether {@code path} counts as an input (it is not a directory); {@code held}: whether the
     * run recorded paths below a path, which, when the path is gone by now, was a directory (a
     * temporary tree a run made under another name, or renamed away, then removed:
     * {@link RecordedPaths}).
     */
    public boolean input(String path, Predicate<String> held) {
        return counts(kind(path, true), path, held);
    }

    /** Whether {@code path} counts as an output (it is not a directory, itself); {@code held} as for {@link #input}. */
    public boolean output(String path, Predicate<String> held) {
        return counts(kind(path, false), path, held);
    }

    private static boolean counts(Kind kind, String path, Predicate<String> held) {
        return kind == Kind.OTHER || (kind == Kind.GONE && !held.test(path));
    }

    private Kind kind(String path, boolean follow) {
        return kinds.computeIfAbsent(follow ? path : path + "\0nofollow", k -> {
            if (ProcDirectories.is(path)) return Kind.DIRECTORY;
            RawFiles.Stat st = RawFiles.stat(path, follow);
            return st == null ? Kind.GONE : st.isDirectory() ? Kind.DIRECTORY : Kind.OTHER;
        });
    }
}
