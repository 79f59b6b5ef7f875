package tot.store;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import tot.TestPostgres;

/**
 * A session the server ends under tot (a restart, an administrator's pg_terminate_backend) is
 * told in words that say so, not in the driver's ("This connection has been closed.").
 */
class PgLostConnectionTest {
    @Test
    void aSessionTheServerEndedIsSaidToBeLost() throws Exception {
        String url = TestPostgres.newDatabase();
        Location at = Location.parse(url);
        try (StoreReader r = StoreReader.open(at)) {
            assertEquals(0, r.runs(null).size());
            try (var c = TestPostgres.connect(url); var s = c.createStatement()) {
                s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()");
            }
            Store.StoreException e = assertThrows(Store.StoreException.class, () -> r.runs(null));
            assertTrue(e.getMessage().startsWith(at + ": lost the connection to the server ("), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
        }
    }
}
