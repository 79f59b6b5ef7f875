package tot.store;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Database names: files, and PostgreSQL URLs that never show their password. */
class LocationTest {
    @Test
    void aNameIsAFileUnlessItIsAPostgresqlUrl() {
        assertEquals(new Location.SqliteFile(Path.of("tot.db")), Location.parse("tot.db"));
        assertEquals(new Location.SqliteFile(Path.of("/x/postgresql.db")), Location.parse("/x/postgresql.db"));
        assertInstanceOf(Location.Postgres.class, Location.parse("postgres://u@h/d"));
        assertInstanceOf(Location.Postgres.class, Location.parse("PostgreSQL://u@h/d"));
    }

    @Test
    void aUrlsPartsAndDefaults() {
        var p = (Location.Postgres) Location.parse("postgresql://ci%40corp:s3cr%2Ft@db.example:6543/tot%20db");
        assertEquals("ci@corp", p.user());
        assertEquals("s3cr/t", p.urlPassword());
        assertEquals("db.example", p.host());
        assertEquals(6543, p.port());
        assertEquals("tot db", p.database());
        assertEquals("postgresql://ci@corp@db.example:6543/tot db", p.toString());
        var d = (Location.Postgres) Location.parse("postgresql://");
        assertEquals("localhost", d.host());
        assertEquals(5432, d.port());
        assertEquals(System.getProperty("user.name"), d.user());
        assertEquals(d.user(), d.database());
        var v6 = (Location.Postgres) Location.parse("postgresql://u@[::1]:5433/x?sslmode=require");
        assertEquals("::1", v6.host());
        assertEquals(5433, v6.port());
        assertEquals("postgresql://u@[::1]:5433/x?sslmode=require", v6.toString());
    }

    @Test
    void thePasswordIsInNoMessage() {
        String url = "postgresql://u:hunter2@h:99999/d";
        var e = assertThrows(IllegalArgumentException.class, () -> Location.parse(url));
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
        var bad = assertThrows(IllegalArgumentException.class, () -> Location.parse("postgresql://u:hunter2@h/d?password=hunter2"));
        assertFalse(bad.getMessage().contains("hunter2"), bad.getMessage());
        Location ok = Location.parse("postgresql://u:hunter2@h/d");
        assertFalse(ok.toString().contains("hunter2"));
        assertEquals(Location.parse("postgresql://u:other@h/d"), ok, "equal whatever the password");
    }

    /** A URL of another kind (a JDBC URL pasted from a Java tool's settings) is refused, not taken as a file, its password unsaid. */
    @Test
    void anotherKindOfUrlIsRefusedWithoutItsPassword() {
        var jdbc = assertThrows(IllegalArgumentException.class, () -> Location.parse("jdbc:postgresql://u:hunter2@h/d"));
        assertEquals("jdbc:postgresql://u@h/d: not a database tot can use: --db takes an SQLite file or a postgresql:// URL",
                jdbc.getMessage());
        var query = assertThrows(IllegalArgumentException.class,
                () -> Location.parse("jdbc:postgresql://h/d?user=u&password=hunter2&ssl=true"));
        assertEquals("jdbc:postgresql://h/d?user=u&password=…&ssl=true: not a database tot can use: --db takes an SQLite file"
                + " or a postgresql:// URL", query.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Location.parse("mysql://root:hunter2@db/tot"));
        assertEquals(new Location.SqliteFile(Path.of("a:b.db")), Location.parse("a:b.db"), "a colon alone is a file name");
    }
}
