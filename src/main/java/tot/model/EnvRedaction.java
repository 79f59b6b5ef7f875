package tot.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Hides the values of environment variables whose names look secret (`-e` without
 * `--env-unredacted`): a name containing TOKEN, SECRET, PASSWORD, PASSWD, KEY, CREDENTIAL, AUTH,
 * COOKIE or SESSION, in any case, keeps its name and gets the value {@link #REDACTED}.
 */
public final class EnvRedaction {
    private EnvRedaction() {}

    /** The value recorded instead of a secret one. */
    public static final String REDACTED = "tot:redacted";

    private static final List<String> SECRET_WORDS =
            List.of("TOKEN", "SECRET", "PASSWORD", "PASSWD", "KEY", "CREDENTIAL", "AUTH", "COOKIE", "SESSION");

    /** {@code env} (NAME=VALUE entries) with secret values replaced; entries without '=' kept as they are. */
    public static List<String> redact(List<String> env) {
        List<String> out = new ArrayList<>(env.size());
        for (String entry : env) {
            int eq = entry.indexOf('=');
            out.add(eq > 0 && isSecret(entry.substring(0, eq)) ? entry.substring(0, eq + 1) + REDACTED : entry);
        }
        return out;
    }

    private static boolean isSecret(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        for (String word : SECRET_WORDS) if (upper.contains(word)) return true;
        return false;
    }
}
