package tot.graph;

import java.util.List;
import tot.show.Text;
import tot.store.StoredExecution;
import tot.util.SafeText;

/** The words a picture puts on its nodes: every path and argument escaped as `tot show` prints them. */
final class Labels {
    private Labels() {}

    /** Longest label drawn on a node; the whole text is in the details. */
    static final int WIDTH = 48;

    /** The command line of {@code x}, as a shell would read it. */
    static String command(StoredExecution x) {
        return Text.command(x.path() == null ? "?" : x.path(), x.argv());
    }

    /** A node's name for {@code x}: the program's name and its arguments, cut to {@link #WIDTH}. */
    static String execution(StoredExecution x) {
        List<String> argv = x.argv();
        String program = name(x.path() != null ? x.path() : argv.isEmpty() ? "?" : argv.getFirst());
        return cut(Text.command(program, argv));
    }

    /** A node's name for {@code path}: relative to {@code cwd} when under it. */
    static String file(String path, String cwd) {
        String shown = cwd != null && path.startsWith(cwd + "/") ? path.substring(cwd.length() + 1) : path;
        return cutStart(SafeText.escape(shown));
    }

    /** A node's name for a collapsed directory. */
    static String group(String directory, int size, String cwd) {
        String dir = cwd != null && directory.startsWith(cwd + "/") ? directory.substring(cwd.length() + 1)
                : directory.equals(cwd) ? "." : directory;
        return cutStart(SafeText.escape(dir)) + "/ (" + size + " files)";
    }

    /** {@code path}, escaped for display. */
    static String path(String path) {
        return path == null ? null : SafeText.escape(path);
    }

    private static String name(String path) {
        int slash = path.lastIndexOf('/');
        return slash >= 0 && slash < path.length() - 1 ? path.substring(slash + 1) : path;
    }

    /** {@code s} cut at its start (a path's end says most). */
    private static String cutStart(String s) {
        if (s.length() <= WIDTH) return s;
        int start = s.length() - WIDTH + 1;
        if (Character.isLowSurrogate(s.charAt(start))) start++; // not half a pair
        return "…" + s.substring(start);
    }

    private static String cut(String s) {
        if (s.length() <= WIDTH) return s;
        int end = Character.isHighSurrogate(s.charAt(WIDTH - 2)) ? WIDTH - 2 : WIDTH - 1; // not half a pair
        return s.substring(0, end) + "…";
    }
}
