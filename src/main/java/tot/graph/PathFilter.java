package tot.graph;

import java.nio.file.FileSystems;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;

/**
 * Which paths a picture draws: under a directory, matching none of the exclusion globs, and not
 * device-like (/dev, /proc, /sys, as in `tot files`) unless asked for. A glob without a slash
 * matches a file's name ({@code *.so*}); one with a slash the whole path ({@code /usr/**}).
 */
final class PathFilter {
    private final String under;
    private final boolean devices;
    private final List<PathMatcher> names = new ArrayList<>(), paths = new ArrayList<>();

    PathFilter(GraphOptions o) {
        this.under = o.under() == null || o.under().equals("/") ? null : o.under() + "/";
        this.devices = o.devices();
        for (String glob : o.excludes()) {
            PathMatcher m;
            try {
                m = FileSystems.getDefault().getPathMatcher("glob:" + glob);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--exclude: bad glob '" + glob + "': " + e.getMessage());
            }
            (glob.contains("/") ? paths : names).add(m);
        }
    }

    boolean keeps(String path) {
        if (under != null && !path.startsWith(under)) return false;
        if (!devices && isDevice(path)) return false;
        if (names.isEmpty() && paths.isEmpty()) return true;
        Path p;
        try {
            p = Path.of(path);
        } catch (InvalidPathException e) {
            return true; // a name Java cannot hold matches no glob
        }
        Path name = p.getFileName();
        for (PathMatcher m : paths) if (m.matches(p)) return false;
        for (PathMatcher m : names) if (name != null && m.matches(name)) return false;
        return true;
    }

    private static boolean isDevice(String path) {
        return path.startsWith("/dev/") || path.startsWith("/proc/") || path.startsWith("/sys/");
    }
}
