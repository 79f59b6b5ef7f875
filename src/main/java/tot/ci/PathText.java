package tot.ci;

/**
 * How a CI answer writes paths: absolute as recorded, or ({@code base} not null) relative to
 * that directory when below it ({@code base} itself as "."), absolute otherwise.
 */
public record PathText(String base) {
    public static final PathText ABSOLUTE = new PathText(null);

    public String of(String path) {
        if (base == null || !PathFilter.isUnder(path, base)) return path;
        if (path.length() == base.length()) return ".";
        return path.substring(base.equals("/") ? 1 : base.length() + 1);
    }
}
