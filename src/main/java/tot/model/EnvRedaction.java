package tot.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Hides the values of environment variables that look secret (`-e` without
 * `--env-unredacted`); such an entry keeps its name and gets the value {@link #REDACTED}.
 * Secret by name (any case): a name containing one of {@link #SECRET_WORDS}, or with one of
 * {@link #SECRET_PARTS} as a part between underscores (so {@code DB_PWD} and {@code GH_PAT}, but
 * not {@code PWD}, {@code OLDPWD} or {@code PATH}). Secret by value: a URL carrying a password
 * ({@code scheme://user:password@host}, e.g. {@code DATABASE_URL}, {@code https_proxy}); the whole
 * value goes, so a launcher script uses the caller's value instead of a broken URL.
 */
public final class EnvRedaction {
    private EnvRedaction() {}

    /** The value recorded instead of a secret one. */
    public static final String REDACTED = "tot:redacted";

    /**
     * Anywhere in a name. CERT is left out: certificates are public and such variables
     * (SSL_CERT_FILE, NODE_EXTRA_CA_CERTS) hold paths; a private key is caught by KEY or PRIVATE.
     * WEBHOOK: a webhook URL is itself the credential; CONNECTION_STRING: Azure's carry AccountKey.
     */
    private static final List<String> SECRET_WORDS = List.of("TOKEN", "SECRET", "PASSWORD", "PASSWD", "PASSPHRASE",
            "KEY", "CREDENTIAL", "AUTH", "COOKIE", "SESSION", "PRIVATE", "WEBHOOK", "CONNECTION_STRING");

    /** As a whole part of a name between underscores (too short to match anywhere: PATH, COMPASS, SPWD…). */
    private static final Set<String> SECRET_PARTS = Set.of("PWD", "PASS", "PAT", "JWT", "DSN");

    /** Names that contain a secret part but are not secrets: the shell's working directories. */
    private static final Set<String> NOT_SECRET = Set.of("PWD", "OLDPWD");

    /** scheme://user:password@ — a non-empty password before an '@' (which may follow a '/' in a raw password). */
    private static final Pattern URL_WITH_PASSWORD = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://[^/?#@:\\s]*:[^@\\s]+@");

    /** {@code env} (NAME=VALUE entries) with secret values replaced; entries without '=' kept as they are. Immutable. */
    public static List<String> redact(List<String> env) {
        List<String> out = new ArrayList<>(env.size());
        for (String entry : env) {
            int eq = entry.indexOf('=');
            boolean secret = eq > 0 && (isSecretName(entry.substring(0, eq)) || isSecretValue(entry.substring(eq + 1)));
            out.add(secret ? entry.substring(0, eq + 1) + REDACTED : entry);
        }
        return List.copyOf(out);
    }

    static boolean isSecretName(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        if (NOT_SECRET.contains(upper)) return false;
        for (String word : SECRET_WORDS) if (upper.contains(word)) return true;
        for (String part : upper.split("_")) if (SECRET_PARTS.contains(part)) return true;
        return false;
    }

    static boolean isSecretValue(String value) {
        return value.contains("://") && URL_WITH_PASSWORD.matcher(value).find();
    }
}
