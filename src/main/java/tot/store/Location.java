package tot.store;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where a tot database is: an SQLite file, or a PostgreSQL database named by a libpq-style URL
 * ({@code postgresql://USER[:PASSWORD]@HOST[:PORT]/DB}). A location prints without its password
 * ({@link #toString}), so that no message and no stored row ever holds one.
 */
public sealed interface Location permits Location.SqliteFile, Location.Postgres {
    /** An SQLite file. */
    record SqliteFile(Path file) implements Location {
        @Override
        public String toString() {
            return file.toString();
        }
    }

    /**
     * A PostgreSQL database. The password (from the URL, when it had one) is kept out of
     * {@link #toString}, equals and every message; {@link PgConnect} adds PGPASSWORD and ~/.pgpass.
     */
    final class Postgres implements Location {
        private final String host, database, user, sslmode;
        private final int port;
        private final String password;

        Postgres(String host, int port, String database, String user, String password, String sslmode) {
            this.host = host;
            this.port = port;
            this.database = database;
            this.user = user;
            this.password = password;
            this.sslmode = sslmode;
        }

        public String host() {
            return host;
        }

        public int port() {
            return port;
        }

        public String database() {
            return database;
        }

        public String user() {
            return user;
        }

        /** The password the URL gave, or null. */
        String urlPassword() {
            return password;
        }

        String sslmode() {
            return sslmode;
        }

        /** The URL without its password: what messages show. */
        @Override
        public String toString() {
            String h = host.contains(":") ? "[" + host + "]" : host;
            return "postgresql://" + user + "@" + h + ":" + port + "/" + database + (sslmode == null ? "" : "?sslmode=" + sslmode);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Postgres p && p.toString().equals(toString());
        }

        @Override
        public int hashCode() {
            return toString().hashCode();
        }
    }

    /** A database name the user gave (--db, TOT_DB): a PostgreSQL URL, else a file name. */
    static Location parse(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.startsWith("postgresql://") || lower.startsWith("postgres://")) return postgres(name);
        // a URL of another scheme (letters, digits, "+.-", ":" as in jdbc:postgresql, then "://"): no file name anyone means
        if (java.util.regex.Pattern.compile("[A-Za-z][A-Za-z0-9+.:-]*://").matcher(name).lookingAt()) {
            throw new IllegalArgumentException(withoutCredentials(name) + ": not a database tot can use: --db takes an SQLite file"
                    + " or a postgresql:// URL");
        }
        if (name.endsWith("/")) throw new IllegalArgumentException(name + ": Is a directory"); // Path.of would drop the slash
        return new SqliteFile(Path.of(name));
    }

    /** {@code url} without a password, in its user part or as a password=… parameter (a message may be in a CI log). */
    private static String withoutCredentials(String url) {
        return url.replaceFirst("(://[^/@?#]*?):[^/@?#]*@", "$1@").replaceAll("(?i)(password=)[^&;]*", "$1…");
    }

    /**
     * {@code postgresql://[USER[:PASSWORD]@][HOST][:PORT][/DB][?sslmode=MODE]}, percent-escapes
     * decoded; HOST defaults to localhost, PORT to 5432, USER to the login name, DB to USER.
     * The message of a bad URL never repeats it (it may hold a password).
     */
    private static Postgres postgres(String url) {
        String rest = url.substring(url.indexOf("://") + 3);
        String query = null;
        int q = rest.indexOf('?');
        if (q >= 0) {
            query = rest.substring(q + 1);
            rest = rest.substring(0, q);
        }
        String database = null;
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            database = decode(rest.substring(slash + 1));
            rest = rest.substring(0, slash);
        }
        String user = null, password = null;
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            String credentials = rest.substring(0, at);
            rest = rest.substring(at + 1);
            int colon = credentials.indexOf(':');
            user = decode(colon >= 0 ? credentials.substring(0, colon) : credentials);
            if (colon >= 0) password = decode(credentials.substring(colon + 1));
        }
        String host = rest;
        int port = 5432;
        int portColon = rest.startsWith("[") ? rest.indexOf(':', rest.indexOf(']')) : rest.lastIndexOf(':');
        if (portColon >= 0) {
            host = rest.substring(0, portColon);
            String p = rest.substring(portColon + 1);
            if (!p.matches("[0-9]{1,5}") || Integer.parseInt(p) == 0 || Integer.parseInt(p) > 65535) {
                throw new IllegalArgumentException("a PostgreSQL URL's port must be a number from 1 to 65535");
            }
            port = Integer.parseInt(p);
        }
        if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
        host = decode(host);
        if (host.isEmpty()) host = "localhost";
        if (user == null || user.isEmpty()) user = System.getProperty("user.name");
        if (database == null || database.isEmpty()) database = user;
        String sslmode = null;
        if (query != null && !query.isEmpty()) {
            for (String param : query.split("&")) {
                if (param.startsWith("sslmode=")) sslmode = decode(param.substring(8));
                else throw new IllegalArgumentException("a PostgreSQL URL takes only the parameter sslmode, not '"
                        + param.replaceFirst("=.*", "") + "'");
            }
        }
        return new Postgres(host, port, database, user, password, sslmode);
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a PostgreSQL URL has a bad %-escape");
        }
    }
}
