package tot.util;

/** Paths made absolute and normal by text alone, as a program named them (no symlinks followed). */
public final class LexicalPath {
    private LexicalPath() {}

    /** Removes ".", "..", repeated and trailing slashes from an absolute path. */
    public static String normalize(String p) {
        if (isNormal(p)) return p;
        StringBuilder sb = new StringBuilder(p.length());
        append(sb, p);
        return sb.isEmpty() ? "/" : sb.toString();
    }

    /**
     * Appends the segments of {@code p} to the normal path in {@code sb} ("" for the root):
     * "." and empty segments dropped, ".." removing the last segment. One scan, no arrays.
     */
    private static void append(StringBuilder sb, String p) {
        int len = p.length();
        for (int i = 0; i < len; ) {
            while (i < len && p.charAt(i) == '/') i++;
            int end = p.indexOf('/', i);
            if (end < 0) end = len;
            int n = end - i;
            if (n == 0 || (n == 1 && p.charAt(i) == '.')) {
                // nothing
            } else if (n == 2 && p.charAt(i) == '.' && p.charAt(i + 1) == '.') {
                sb.setLength(Math.max(0, sb.lastIndexOf("/")));
            } else {
                sb.append('/').append(p, i, end);
            }
            i = end;
        }
    }

    private static boolean isNormal(String p) {
        int len = p.length();
        if (len == 0 || p.charAt(0) != '/') return false;
        if (len > 1 && p.charAt(len - 1) == '/') return false;
        for (int i = 0; i < len - 1; i++) {
            if (p.charAt(i) == '/') {
                char c = p.charAt(i + 1);
                if (c == '/') return false;
                if (c == '.' && (i + 2 == len || p.charAt(i + 2) == '/'
                        || (p.charAt(i + 2) == '.' && (i + 3 == len || p.charAt(i + 3) == '/')))) return false;
            }
        }
        return true;
    }

    /**
     * {@code path} (normal) after a rename of {@code from} to {@code to}: {@code to} itself, or
     * under it what was under {@code from}; null when the rename did not move it.
     */
    public static String moved(String path, String from, String to) {
        if (!path.startsWith(from)) return null;
        if (path.length() == from.length()) return to;
        return path.charAt(from.length()) == '/' ? to + path.substring(from.length()) : null;
    }

    /**
     * {@code path} with directory {@code root} (absolute, normal) as its root: "/" names
     * {@code root} and ".." never leaves it, as openat2's RESOLVE_IN_ROOT resolves it.
     */
    public static String inRoot(String root, String path) {
        String inside = normalize("/" + path);
        if (inside.equals("/")) return root;
        return root.equals("/") ? inside : root + inside;
    }

    /** {@code path} against directory {@code base} (absolute), normalized, without concatenating them first. */
    public static String resolve(String base, String path) {
        if (path.startsWith("/")) return normalize(path);
        StringBuilder sb = new StringBuilder(base.length() + path.length() + 1);
        append(sb, base);
        append(sb, path);
        return sb.isEmpty() ? "/" : sb.toString();
    }
}
