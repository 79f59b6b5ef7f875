package tot.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A PostgreSQL server that takes connections but never answers (a stopped or hung host: its
 * kernel still completes the TCP handshake) is given up with one line, before the run and at
 * the push, which keeps the spool.
 */
class PgHungServerTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // without a login timeout: forever
    void aServerThatDoesNotAnswerIsGivenUp() throws Exception {
        System.setProperty("tot.pgLoginSeconds", "2"); // 20 by default
        List<Socket> held = java.util.Collections.synchronizedList(new ArrayList<>());
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread.ofPlatform().daemon().start(() -> {
                try {
                    while (true) held.add(server.accept()); // and never a byte back
                } catch (java.io.IOException e) {
                    // closed: the test is over
                }
            });
            Location.Postgres at = (Location.Postgres) Location.parse("postgresql://tot@127.0.0.1:" + server.getLocalPort() + "/tot");
            Store.StoreException check = assertThrows(Store.StoreException.class, () -> PostgresSpool.check(at));
            assertEquals(at + ": the server does not answer (no connection in 2 s)", check.getMessage());

            Path spool = dir.resolve("run-1.db");
            Store.open(spool).close();
            Store.StoreException push = assertThrows(Store.StoreException.class, () -> PostgresSpool.push(spool, at));
            assertTrue(push.getMessage().startsWith(at + ": the server does not answer (no connection in 2 s); the run is kept in "
                    + spool), push.getMessage());
            assertTrue(Files.exists(spool));
        } finally {
            for (Socket s : held) s.close();
            System.clearProperty("tot.pgLoginSeconds");
        }
    }
}
