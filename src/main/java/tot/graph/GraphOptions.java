package tot.graph;

import java.util.List;

/**
 * What part of a run a picture shows: files under {@code under} (an absolute directory, or null
 * for all), none matching {@code excludes} ({@link PathFilter}), device-like paths only with
 * {@code devices}; with {@code focus} (a path or a sha1 prefix, or null) only the lineage of that
 * file; a directory holding more than {@code maxFiles} drawn files becomes one node (0: never).
 */
public record GraphOptions(String under, List<String> excludes, boolean devices, String focus, int maxFiles) {
    public GraphOptions {
        excludes = List.copyOf(excludes);
        if (maxFiles < 0) throw new IllegalArgumentException("--max-files: expected 0 or more, not " + maxFiles);
    }

    /** Everything, with the default size guard. */
    public static GraphOptions all() {
        return new GraphOptions(null, List.of(), false, null, DEFAULT_MAX_FILES);
    }

    /** Files one directory may show before they become one node. */
    public static final int DEFAULT_MAX_FILES = 20;
}
