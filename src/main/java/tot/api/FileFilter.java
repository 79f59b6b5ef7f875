package tot.api;

import java.util.List;

/**
 * Which files a query answers about, as the CI commands' {@code --under} and {@code --exclude}:
 * relative names are read against the current directory. Immutable.
 *
 * @param under    only files below one of these directories (empty: anywhere)
 * @param exclude  globs of files to leave out ({@code *.o} a name anywhere, {@code build/**} a
 *                 path relative to the current directory, {@code /usr/**} an absolute one)
 */
public record FileFilter(List<String> under, List<String> exclude) {
    /** Every file. */
    public static final FileFilter ALL = new FileFilter(List.of(), List.of());

    /** Copies the lists. */
    public FileFilter {
        under = List.copyOf(under);
        exclude = List.copyOf(exclude);
    }

    /** Only files below {@code dirs}. */
    public static FileFilter under(String... dirs) {
        return new FileFilter(List.of(dirs), List.of());
    }

    /** This filter, also leaving out what {@code globs} match. */
    public FileFilter excluding(String... globs) {
        return new FileFilter(under, java.util.stream.Stream.concat(exclude.stream(), java.util.Arrays.stream(globs)).toList());
    }
}
