package tot.util;

/** Shell quoting that is safe for every byte: a word is kept bare or put in single quotes. */
public final class ShellQuote {
    private ShellQuote() {}

    /** {@code s} as one shell word: bare when it is only {@code [A-Za-z0-9_@%+=:,./-]}, else single-quoted. */
    public static String quote(String s) {
        if (s.isEmpty()) return "''";
        if (isBare(s)) return s;
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private static boolean isBare(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!isAlnum(c) && "_@%+=:,./-".indexOf(c) < 0) return false;
        }
        return true;
    }

    /** Whether {@code name} can be exported by a shell ({@code [A-Za-z_][A-Za-z0-9_]*}). */
    public static boolean isIdentifier(String name) {
        if (name.isEmpty() || Character.isDigit(name.charAt(0))) return false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!isAlnum(c) && c != '_') return false;
        }
        return true;
    }

    private static boolean isAlnum(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }
}
