package tot.ci;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import tot.util.ByteStrings;
import tot.util.SafeText;

/**
 * Make-format dependency files ({@code target: prerequisite…}), written so that GNU Make and
 * Ninja (1.10 to 1.13, which read fewer characters than Make) read the same names — checked with
 * both: a space as {@code \ } (backslashes right before it doubled), {@code #} as {@code \#},
 * {@code :} as {@code \:}, {@code $} as {@code $$}; letters, digits, bytes above 0x7f and
 * {@code + , / _ . ~ ( ) { } % = @ [ ] ! -} and a backslash as they are; one prerequisite per
 * continued line. Names the two cannot read alike are refused: a control character (a line break,
 * a tab), one of {@code " & ' * ; < > ? ^ ` |} (Ninja ends a name there, Make reads {@code ;} as
 * a recipe and {@code |} as order-only), a backslash right before a {@code #}, {@code :} or {@code $} or
 * at the end, a colon at the end, a leading {@code ~} (Make's home directory), a name ending in
 * {@code )} with a {@code (} (Make's archive member). Read back as Ninja reads them (what GCC's
 * -MD writes reads the same in both).
 */
public final class MakeDeps {
    private MakeDeps() {}

    /** One rule: a target and its prerequisites. */
    public record Rule(String target, List<String> prerequisites) {}

    /** A name a depfile cannot hold. */
    public static final class Unwritable extends Exception {
        Unwritable(String name, String why) {
            super(SafeText.escape(name) + ": a depfile cannot hold this name: " + why + " (--exclude leaves it out)",
                    null, false, false);
        }
    }

    /** {@code name} escaped for a depfile. */
    public static String escape(String name) throws Unwritable {
        if (name.isEmpty()) throw new Unwritable(name, "an empty name");
        if (name.endsWith("\\")) throw new Unwritable(name, "it ends with a backslash");
        if (name.endsWith(":")) throw new Unwritable(name, "it ends with a colon");
        if (name.startsWith("~")) throw new Unwritable(name, "Make reads a leading ~ as a home directory");
        if (name.endsWith(")") && name.indexOf('(') >= 0) throw new Unwritable(name, "Make reads NAME(MEMBER) as an archive member");
        StringBuilder sb = new StringBuilder(name.length() + 8);
        int slashes = 0;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            switch (c) {
                case '"', '&', '\'', '*', ';', '<', '>', '?', '^', '`', '|' -> throw new Unwritable(name, "it holds a '" + c + "'");
                case ' ' -> sb.append("\\".repeat(slashes + 1)); // 2N+1 backslashes and a space: N and a space
                case '#', ':', '$' -> {
                    if (slashes > 0) throw new Unwritable(name, "a backslash comes right before '" + c + "'");
                    sb.append(c == '$' ? '$' : '\\');
                }
                default -> {
                    if (c < 0x20 || c == 0x7f) throw new Unwritable(name, "it holds a control character (a line break, a tab)");
                }
            }
            slashes = c == '\\' ? slashes + 1 : 0;
            sb.append(c);
        }
        return sb.toString();
    }

    /** The rules as a depfile: each prerequisite on a line of its own; {@code phony}: an empty rule for each prerequisite that is no target (gcc's -MP). */
    public static String text(List<Rule> rules, boolean phony) throws Unwritable {
        StringBuilder sb = new StringBuilder();
        java.util.Set<String> targets = new java.util.HashSet<>();
        for (Rule r : rules) targets.add(r.target());
        java.util.Set<String> empty = new java.util.LinkedHashSet<>();
        for (Rule r : rules) {
            sb.append(escape(r.target())).append(':');
            for (String p : r.prerequisites()) {
                sb.append(" \\\n ").append(escape(p));
                if (phony && !targets.contains(p)) empty.add(p);
            }
            sb.append('\n');
        }
        for (String p : empty) sb.append(escape(p)).append(":\n");
        return sb.toString();
    }

    /** The rules of a depfile's bytes, as Ninja reads them (targets and prerequisites decoded by ByteStrings). */
    public static List<Rule> parse(byte[] b) {
        List<Rule> rules = new ArrayList<>();
        String target = null;
        List<String> prerequisites = new ArrayList<>();
        boolean parsingTargets = true;
        ByteArrayOutputStream name = new ByteArrayOutputStream();
        int i = 0;
        while (i <= b.length) {
            boolean endOfName = false, endOfRule = false;
            if (i == b.length) {
                endOfName = endOfRule = true;
                i++;
            } else {
                int c = b[i] & 0xff;
                if (c == '\\') {
                    int k = 0;
                    while (i + k < b.length && b[i + k] == '\\') k++;
                    int next = i + k < b.length ? b[i + k] & 0xff : -1;
                    if (next == ' ') {
                        if (k % 2 == 1) { // 2N+1 backslashes and a space: N and a space
                            repeat(name, '\\', k / 2);
                            name.write(' ');
                        } else { // 2N and a space: the backslashes end the name
                            repeat(name, '\\', k);
                            endOfName = true;
                        }
                        i += k + 1;
                    } else if (next == '#') {
                        repeat(name, '\\', k - 1);
                        name.write('#');
                        i += k + 1;
                    } else if (next == ':' && !(i + k + 1 >= b.length || isSpace(b[i + k + 1]))) {
                        repeat(name, '\\', k - 1);
                        name.write(':');
                        i += k + 1;
                    } else if (next == '\n' || next == '\r' && i + k + 1 < b.length && b[i + k + 1] == '\n') {
                        repeat(name, '\\', k - 1); // a continuation: the last backslash ends the line
                        endOfName = true;
                        i += k + (next == '\r' ? 2 : 1);
                    } else {
                        repeat(name, '\\', k);
                        i += k;
                        if (next >= 0 && next != ':') name.write(b[i++]);
                    }
                } else if (c == '$' && i + 1 < b.length && b[i + 1] == '$') {
                    name.write('$');
                    i += 2;
                } else if (c == '\n' || c == '\r' && i + 1 < b.length && b[i + 1] == '\n') {
                    endOfName = endOfRule = true;
                    i += c == '\r' ? 2 : 1;
                } else if (c == ' ' || c == '\t' || c == '\r') {
                    endOfName = true;
                    i++;
                } else {
                    name.write(c);
                    i++;
                }
            }
            if (endOfName) {
                byte[] n = name.toByteArray();
                name.reset();
                int len = n.length;
                boolean wasTarget = parsingTargets;
                if (len > 0 && n[len - 1] == ':') {
                    len--;
                    parsingTargets = false;
                }
                if (len > 0) {
                    String s = ByteStrings.decode(java.util.Arrays.copyOf(n, len));
                    if (wasTarget) {
                        if (target != null) rules.add(new Rule(target, List.copyOf(prerequisites)));
                        target = s;
                        prerequisites.clear();
                    } else {
                        prerequisites.add(s);
                    }
                }
            }
            if (endOfRule) parsingTargets = true;
        }
        if (target != null) rules.add(new Rule(target, List.copyOf(prerequisites)));
        return rules;
    }

    private static boolean isSpace(byte c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    private static void repeat(ByteArrayOutputStream out, char c, int n) {
        for (int k = 0; k < n; k++) out.write(c);
    }
}
