package tot.graph;

import tot.ci.PathFilter;

/**
 * What part of a run a picture shows: the files {@code files} accepts (the CI commands' --under
 * and --exclude, device-like paths only when asked); with {@code focus} (a path or a sha1 prefix,
 * or null) only the lineage of that file; a directory holding more than {@code maxFiles} drawn
 * files becomes one node (0: never).
 */
public record GraphOptions(PathFilter files, String focus, int maxFiles) {
    public GraphOptions {
        if (maxFiles < 0) throw new IllegalArgumentException("--max-files: expected 0 or more, not " + maxFiles);
    }

    /** Everything, with the default size guard. */
    public static GraphOptions all() {
        return new GraphOptions(PathFilter.ALL, null, DEFAULT_MAX_FILES);
    }

    /** Files one directory may show before they become one node. */
    public static final int DEFAULT_MAX_FILES = 20;
}
