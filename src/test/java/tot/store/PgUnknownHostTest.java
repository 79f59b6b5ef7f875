package tot.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * A PostgreSQL URL whose host name does not resolve is refused naming that cause (the driver's
 * own message, "The connection attempt failed.", says nothing of it). No server needed: a name
 * under .invalid never resolves (RFC 6761).
 */
class PgUnknownHostTest {
    @Test
    void aHostThatDoesNotResolveIsNamed() {
        Location.Postgres at = (Location.Postgres) Location.parse("postgresql://tot:secret@no-such-host.invalid:5432/tot");
        Store.StoreException e = assertThrows(Store.StoreException.class, () -> PostgresSpool.check(at));
        assertEquals("postgresql://tot@no-such-host.invalid:5432/tot: unknown host no-such-host.invalid", e.getMessage());
    }
}
