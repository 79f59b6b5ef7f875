package tot.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * Connections to a PostgreSQL store, through the JDBC driver itself (not DriverManager, whose
 * first use loads every driver on the class path). The password comes from the URL, else
 * PGPASSWORD, else ~/.pgpass (or PGPASSFILE), as libpq takes it; it goes to the driver only.
 * Opening migrates the schema ({@link Schema#POSTGRES}) under an advisory lock, so that many
 * machines starting at once create it once.
 */
final class PgConnect {
    private PgConnect() {}

    /** How long a connection attempt waits for the server's TCP handshake (seconds). */
    private static final int CONNECT_TIMEOUT = 10;

    /**
     * How long opening a connection (TCP, TLS, the password's exchange: milliseconds on a live
     * server) may take in all, in seconds: a server that accepts connections but does not answer
     * (a hung or stopped host, whose kernel still completes the handshake) is given up then. Every
     * check and every push begins with new connections, so that is where a hung server is met.
     * No socketTimeout: a statement's time grows with what it writes (a push, a forget, a schema
     * upgrade's index), and any fixed limit could cut one that a live server was doing.
     */
    static int loginTimeout() {
        return Integer.getInteger("tot.pgLoginSeconds", 20); // a test may shorten it
    }

    /** The advisory lock key of schema changes ("tot schema"). */
    private static final long SCHEMA_LOCK = 0x746f74_736368L;

    /** A connection with the schema created or migrated; {@code forQueries}: read-only. */
    static Connection open(Location.Postgres at, boolean forQueries) throws SQLException {
        return open(at, forQueries, new PgInterrupt());
    }

    /** As {@link #open(Location.Postgres, boolean)}, the connection watched by {@code interrupt} (also while the schema is checked). */
    static Connection open(Location.Postgres at, boolean forQueries, PgInterrupt interrupt) throws SQLException {
        return open(at, forQueries, interrupt, 0);
    }

    /**
     * How long a lookup of an earlier run's hash ({@link ContentHasher}) waits for the server, in
     * seconds. Unlike the statements above, a lookup is an index probe of milliseconds whose
     * failure costs only a file read, and it is made while the command runs, on the thread that
     * writes the run (and on the tracer's, before a file changes): a server that stopped
     * answering mid-run would otherwise stop the trace, and the command with it.
     */
    static int lookupTimeout() {
        return Integer.getInteger("tot.pgLookupSeconds", 10); // a test may shorten it
    }

    /** A read-only connection for hash lookups: every call on it gives up after {@link #lookupTimeout}. */
    static Connection openForLookups(Location.Postgres at) throws SQLException {
        return open(at, true, new PgInterrupt(), lookupTimeout());
    }

    private static Connection open(Location.Postgres at, boolean forQueries, PgInterrupt interrupt, int socketSeconds) throws SQLException {
        Connection db = connect(at, interrupt, socketSeconds);
        try {
            if (!forQueries) requireUnicode(db);
            migrate(db);
            if (forQueries) db.setReadOnly(true);
            return db;
        } catch (SQLException e) {
            db.close();
            throw e;
        }
    }

    /** A bare connection (autocommit), no schema check. */
    static Connection connect(Location.Postgres at) throws SQLException {
        return connect(at, new PgInterrupt());
    }

    /** A bare connection watched by {@code interrupt}. */
    static Connection connect(Location.Postgres at, PgInterrupt interrupt) throws SQLException {
        return connect(at, interrupt, 0);
    }

    /** {@code socketSeconds}: how long any call may wait for the server (0: as long as it takes). */
    private static Connection connect(Location.Postgres at, PgInterrupt interrupt, int socketSeconds) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", at.user());
        String password = password(at);
        if (password != null) p.setProperty("password", password);
        p.setProperty("ApplicationName", "tot");
        p.setProperty("connectTimeout", Integer.toString(CONNECT_TIMEOUT));
        int login = loginTimeout();
        p.setProperty("loginTimeout", Integer.toString(login));
        p.setProperty("tcpKeepAlive", "true");
        if (socketSeconds > 0) p.setProperty("socketTimeout", Integer.toString(socketSeconds));
        if (at.sslmode() != null) p.setProperty("sslmode", at.sslmode());
        String host = at.host().contains(":") ? "[" + at.host() + "]" : at.host();
        String url = "jdbc:postgresql://" + host + ":" + at.port() + "/" + urlEscape(at.database());
        Connection db;
        try {
            db = new org.postgresql.Driver().connect(url, p);
        } catch (SQLException e) {
            if (e.getCause() instanceof java.net.UnknownHostException) { // the driver says only "The connection attempt failed."
                throw new SQLException("unknown host " + at.host(), e.getSQLState(), e);
            }
            if (!"08001".equals(e.getSQLState()) || !String.valueOf(e.getMessage()).contains("timed out")) throw e;
            throw new SQLException("the server does not answer (no connection in " + login + " s)", e.getSQLState(), e);
        }
        if (db == null) throw new SQLException("the PostgreSQL driver refused the URL");
        return interrupt.watch(db);
    }

    /** The URL's password, else PGPASSWORD, else the matching line of ~/.pgpass (PGPASSFILE); null when none. */
    private static String password(Location.Postgres at) {
        if (at.urlPassword() != null) return at.urlPassword();
        String env = System.getenv("PGPASSWORD");
        if (env != null && !env.isEmpty()) return env;
        String home = System.getenv("HOME"); // the driver would look in Java's user.home, the passwd entry's
        if (System.getenv("PGPASSFILE") == null && home != null && home.startsWith("/")) {
            System.setProperty("org.postgresql.pgpassfile", home + "/.pgpass");
        }
        return org.postgresql.jdbcurlresolver.PgPassParser.getPassword(at.host(), Integer.toString(at.port()),
                at.database(), at.user());
    }

    private static String urlEscape(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }

    /**
     * Refuses to write into a database whose encoding cannot hold every text tot stores: a
     * command line, an environment or a warning may hold any character, and one the encoding
     * lacks (LATIN1 has no €) would fail the push after the command ran, and every push of that
     * spool again. UTF8 holds them all; SQL_ASCII keeps the bytes as they come.
     */
    private static void requireUnicode(Connection db) throws SQLException {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SHOW server_encoding")) {
            rs.next();
            String encoding = rs.getString(1);
            if (encoding.equals("UTF8") || encoding.equals("SQL_ASCII")) return;
            throw new SQLException("the database's encoding is " + encoding + ", which cannot hold every name tot stores:"
                    + " tot needs a UTF8 database (createdb -E UTF8 -T template0 …)");
        }
    }

    /** The schema version the database has (0: none yet). */
    static int version(Connection db) throws SQLException {
        try (Statement s = db.createStatement();
             ResultSet rs = s.executeQuery("SELECT to_regclass('tot_schema') IS NOT NULL")) {
            rs.next();
            if (!rs.getBoolean(1)) return 0;
        }
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT max(version) FROM tot_schema")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    /**
     * Creates or upgrades the schema. The lock is taken in a transaction of its own: the one that
     * then creates the tables starts after it, so it sees what a tot that held the lock before
     * committed (inside one transaction, PostgreSQL's catalog cache could still say "no table").
     */
    private static void migrate(Connection db) throws SQLException {
        int version = version(db);
        if (version > Schema.VERSION) {
            throw new SQLException("schema version " + version + " is newer than this tot knows (" + Schema.VERSION + ")");
        }
        if (version == Schema.VERSION) return;
        try (Statement s = db.createStatement()) {
            s.execute("SELECT pg_advisory_lock(" + SCHEMA_LOCK + ")"); // another tot may be creating it
            try {
                int now = version(db);
                if (now == Schema.VERSION) return; // created meanwhile
                db.setAutoCommit(false);
                try {
                    s.execute(MergeTarget.NEVER_IDLE); // between statements the transaction is idle, however briefly
                    if (now == 0) {
                        s.execute(Schema.POSTGRES);
                        now = Schema.POSTGRES_VERSION;
                    }
                    for (int v = now; v < Schema.VERSION; v++) s.execute(Schema.POSTGRES_MIGRATIONS.get(v - Schema.POSTGRES_VERSION));
                    s.execute("INSERT INTO tot_schema(version) VALUES (" + Schema.VERSION + ")");
                    db.commit();
                } catch (SQLException e) {
                    db.rollback();
                    throw e;
                } finally {
                    db.setAutoCommit(true);
                }
            } finally {
                s.execute("SELECT pg_advisory_unlock(" + SCHEMA_LOCK + ")");
            }
        }
    }
}
