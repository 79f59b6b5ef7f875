package tot.cli;

import java.util.ArrayList;
import java.util.List;

/** A mistyped command name: the one-line error and the names it was probably meant to be. */
final class CommandNames {
    private CommandNames() {}

    /** "'lgo' is not a tot command; did you mean 'log'?" */
    static String unknown(String typed, List<String> names) {
        List<String> close = suggestions(typed, names);
        String what = "'" + tot.util.SafeText.quote(typed) + "' is not a tot command";
        if (close.isEmpty()) return what + " (tot --help lists them)";
        return what + "; did you mean " + String.join(" or ", close.stream().map(n -> "'" + n + "'").toList()) + "?";
    }

    /**
     * The names nearest to {@code typed}: those it begins (a unique prefix), else those within an
     * edit distance (with transpositions) of 1, or 2 for names of 5 or more letters.
     */
    static List<String> suggestions(String typed, List<String> names) {
        List<String> prefixed = names.stream().filter(n -> n.startsWith(typed)).toList();
        if (typed.length() >= 2 && prefixed.size() == 1) return prefixed;
        int best = Integer.MAX_VALUE;
        List<String> found = new ArrayList<>();
        for (String n : names) {
            int d = distance(typed, n);
            if (d > (n.length() >= 5 ? 2 : 1) || d > best) continue;
            if (d < best) found.clear();
            best = d;
            found.add(n);
        }
        return found;
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) d[i][0] = i;
        for (int j = 0; j <= b.length(); j++) d[0][j] = j;
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
