package tot.util;

import java.util.regex.Pattern;

/**
 * The directories of a process in /proc, known by their names: {@code /proc/PID},
 * {@code /proc/PID/fd}, {@code fdinfo}, {@code task}, {@code ns}, {@code map_files}, {@code net},
 * {@code attr}, and the same under {@code task/TID}. A program may open one without O_DIRECTORY
 * (Python's subprocess lists {@code /proc/self/fd} so); by the time a record asks whether it is a
 * directory, the process may be gone and the name no longer there to look up.
 */
public final class ProcDirectories {
    private ProcDirectories() {}

    private static final Pattern SHAPE = Pattern.compile("/proc/[0-9]+(/task/[0-9]+)?(/(fd|fdinfo|task|ns|map_files|net|attr))?/?");

    /** Whether {@code path} (absolute, normalized) names one of them. */
    public static boolean is(String path) {
        return path.startsWith("/proc/") && SHAPE.matcher(path).matches();
    }
}
