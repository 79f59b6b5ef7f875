package tot.ci;

import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tot.util.LexicalPath;

/**
 * Which recorded paths a CI answer keeps: files only (absolute paths outside /dev, /proc and
 * /sys; tot's pipe names are under /dev), under one of the {@code --under} directories (none:
 * anywhere; a directory given through a symbolic link matches by its real path too) and matched
 * by no {@code --exclude} pattern.
 */
public final class PathFilter {
    /** Every file. */
    public static final PathFilter ALL = new PathFilter(List.of(), List.of(), false);

    private final List<String> under;
    private final List<Glob> excludes;
    /** Whether /dev, /proc and /sys paths (and tot's pipes) are kept too (a picture may want them). */
    private final boolean devices;

    private PathFilter(List<String> under, List<Glob> excludes, boolean devices) {
        this.under = under;
        this.excludes = excludes;
        this.devices = devices;
    }

    /** {@code dirs} and {@code globs} as given on the command line, read against the directory {@code cwd}. */
    public static PathFilter of(List<String> dirs, List<String> globs, String cwd) {
        List<String> under = new ArrayList<>();
        for (String d : dirs) {
            if (d.isEmpty()) throw new IllegalArgumentException("--under: an empty directory name");
            String abs = LexicalPath.resolve(cwd, d);
            under.add(abs);
            String real = realPath(abs);
            if (real != null && !real.equals(abs)) under.add(real);
        }
        List<Glob> excludes = new ArrayList<>();
        for (String g : globs) excludes.add(Glob.of(g, cwd));
        return new PathFilter(List.copyOf(under), List.copyOf(excludes), false);
    }

    /** This filter with only the directories {@code dirs} (for a command whose default is not everywhere). */
    public PathFilter under(List<String> dirs) {
        return new PathFilter(List.copyOf(dirs), excludes, devices);
    }

    /** This filter keeping /dev, /proc and /sys paths and tot's pipes as well. */
    public PathFilter withDevices() {
        return new PathFilter(under, excludes, true);
    }

    /** Whether {@code under} was given. */
    public boolean hasDirectories() {
        return !under.isEmpty();
    }

    /** The directories, as matched. */
    public List<String> directories() {
        return under;
    }

    /** Whether the answer keeps {@code path}. */
    public boolean accepts(String path) {
        return accepts(path, path);
    }

    /**
     * Whether the answer keeps the file recorded as {@code path} that is at {@code now} in this
     * checkout (the run's directory read as another): below a directory by either name, and
     * matched by no pattern under either, so that `--under .` and `--exclude build/**` mean the
     * same part of the run's checkout and of this one.
     */
    public boolean accepts(String path, String now) {
        if (devices ? !path.startsWith("/") : !isFile(path)) return false;
        if (!isBelow(path) && !isBelow(now)) return false;
        for (Glob g : excludes) if (g.matches(path) || g.matches(now)) return false;
        return true;
    }

    private boolean isBelow(String path) {
        if (under.isEmpty()) return true;
        for (String dir : under) if (isUnder(path, dir)) return true;
        return false;
    }

    /**
     * Where a file the run recorded as {@code path} is in a checkout at {@code here}: below the
     * run's directory {@code base}, below {@code here}; elsewhere where it was (null base or here: as recorded).
     */
    public static String located(String path, String base, String here) {
        if (base == null || here == null || !isUnder(path, base)) return path;
        String rel = new PathText(base).of(path);
        return rel.equals(".") ? here : here.equals("/") ? "/" + rel : here + "/" + rel;
    }

    /** Whether a recorded path can name a file: absolute, and not a device, a pipe, /proc or /sys. */
    public static boolean isFile(String path) {
        return path.startsWith("/") && !path.startsWith("/dev/") && !path.startsWith("/proc/") && !path.startsWith("/sys/");
    }

    /** Whether {@code path} is {@code dir} or below it. */
    public static boolean isUnder(String path, String dir) {
        if (dir.equals("/")) return path.startsWith("/");
        return path.startsWith(dir) && (path.length() == dir.length() || path.charAt(dir.length()) == '/');
    }

    /**
     * {@code path} (absolute) with the symbolic links of the directory it is in resolved — not its
     * own last name: a link the run made is recorded under its own name — so that a name given
     * through a symlinked checkout (`$PWD/build/app` where `$PWD` is a link) finds what the run
     * recorded under the directory's real path; null when that is the same name or the directory
     * does not exist.
     */
    public static String viaRealDirectory(String path) {
        int slash = path.lastIndexOf('/');
        if (slash <= 0) return null;
        String dir = realPath(path.substring(0, slash));
        if (dir == null) return null;
        String real = (dir.equals("/") ? "" : dir) + path.substring(slash);
        return real.equals(path) ? null : real;
    }

    static String realPath(String dir) {
        try {
            return Path.of(dir).toRealPath().toString();
        } catch (IOException | InvalidPathException | SecurityException e) {
            return null; // missing: matched as given
        }
    }
}
