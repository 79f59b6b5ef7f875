package tot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;

/**
 * The PostgreSQL server the tests use: $TOT_TEST_PG (.ci/run starts one and sets it: a URL whose
 * role may create databases), else a private cluster this JVM starts with `.ci/postgres start`
 * and stops at its exit. Each test gets a new database of its own. When PostgreSQL is not
 * installed, the tests that need it are skipped with that reason (never silently passed).
 */
public final class TestPostgres {
    private TestPostgres() {}

    private static String server;
    private static String unavailable;
    private static final AtomicInteger DATABASES = new AtomicInteger();

    /** A new, empty database: its URL with the password (postgresql://tot:PW@127.0.0.1:PORT/NAME). */
    public static synchronized String newDatabase() {
        String url = server();
        String name = "t" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        try (Connection c = connect(url); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new AssertionError("cannot create a test database on " + redacted(url) + ": " + e.getMessage(), e);
        }
        return url.substring(0, url.lastIndexOf('/') + 1) + name;
    }

    /** The server's URL; skips the calling test when there is no PostgreSQL. */
    public static synchronized String server() {
        if (server == null && unavailable == null) start();
        Assumptions.assumeTrue(server != null, () -> "PostgreSQL tests skipped: " + unavailable);
        return server;
    }

    /** A plain JDBC connection to {@code url} (a test's own queries). */
    public static Connection connect(String url) throws SQLException {
        var u = java.net.URI.create(url);
        String[] credentials = u.getUserInfo().split(":", 2);
        Properties p = new Properties();
        p.setProperty("user", credentials[0]);
        if (credentials.length > 1) p.setProperty("password", credentials[1]);
        return DriverManager.getConnection("jdbc:postgresql://" + u.getHost() + ":" + u.getPort() + u.getPath(), p);
    }

    /** The URL without its password. */
    public static String redacted(String url) {
        return url.replaceFirst("://([^:@/]+):[^@/]*@", "://$1@");
    }

    private static void start() {
        String env = System.getenv("TOT_TEST_PG");
        if (env != null && !env.isEmpty()) {
            server = env;
            return;
        }
        try {
            Path dir = Files.createTempDirectory("tot-pg-");
            Path script = Path.of(".ci/postgres").toAbsolutePath();
            Path log = dir.resolveSibling(dir.getFileName() + ".log");
            Process p = new ProcessBuilder(script.toString(), "start", dir.toString()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                unavailable = ".ci/postgres start did not finish";
                return;
            }
            String out = Files.readString(log, StandardCharsets.UTF_8).strip();
            Files.deleteIfExists(log);
            if (p.exitValue() != 0) {
                unavailable = out.contains("not installed") ? "PostgreSQL is not installed (apt-get install postgresql; .ci/run "
                        + "installs it)" : "the private server did not start: " + out;
                return;
            }
            server = out.lines().reduce((a, b) -> b).orElseThrow();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(script, dir)));
        } catch (IOException | InterruptedException e) {
            unavailable = "cannot start a private PostgreSQL server: " + e;
        }
    }

    private static void stop(Path script, Path dir) {
        try {
            new ProcessBuilder(script.toString(), "stop", dir.toString()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(60, TimeUnit.SECONDS);
            new ProcessBuilder("rm", "-rf", dir.toString()).start().waitFor(60, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException e) {
            // the JVM is ending: a temporary directory is left
        }
    }
}
