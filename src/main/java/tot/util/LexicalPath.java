package tot.util;

/** Paths made absolute and normal by text alone, as a program named them (no symlinks followed). */
public final class LexicalPath {
    private LexicalPath() {}

    /** Removes ".", "..", repeated and trailing slashes from an absolute path. */
    public static String normalize(String p) {
        if (isNormal(p)) return p;
        String[] parts = p.split("/");
        String[] stack = new String[parts.length];
        int n = 0;
        for (String part : parts) {
            if (part.isEmpty() || part.equals(".")) continue;
            if (part.equals("..")) { if (n > 0) n--; continue; }
            stack[n++] = part;
        }
        if (n == 0) return "/";
        StringBuilder sb = new StringBuilder(p.length());
        for (int i = 0; i < n; i++) sb.append('/').append(stack[i]);
        return sb.toString();
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

    /** {@code path} against directory {@code base} (absolute), normalized. */
    public static String resolve(String base, String path) {
        return normalize(path.startsWith("/") ? path : base + "/" + path);
    }
}
