package tot.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tot.TestPostgres;

/**
 * While `tot log --db postgresql://…` runs, each file it hashes is first looked up among earlier
 * runs' contents on the server. A server that stops answering mid-run (a hung host, a network
 * partition: no reset, so the socket waits) must not stop the hashing, and with it the trace and
 * the command: the lookup gives up, and files are read and hashed as without a database.
 */
class PgLookupTimeoutTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // without a limit: forever
    void aServerThatStopsAnsweringMidRunOnlyEndsTheLookups() throws Exception {
        String url = TestPostgres.newDatabase();
        System.setProperty("tot.pgLookupSeconds", "2"); // 10 by default
        URI real = URI.create(url);
        try (FreezingProxy proxy = new FreezingProxy(real.getHost(), real.getPort())) {
            Location at = Location.parse(url.replace(":" + real.getPort() + "/", ":" + proxy.port() + "/"));
            StoreReader.open(at).close(); // the schema
            Path a = Files.writeString(dir.resolve("a"), "first\n"), b = Files.writeString(dir.resolve("b"), "second\n");
            try (ContentHasher hasher = new ContentHasher(CompletableFuture.completedFuture(at))) {
                assertEquals(sha1(a), ContentHasher.await(hasher.request(a.toString())).sha1(), "looked up (not there), then read");
                proxy.freeze();
                long start = System.nanoTime();
                Store.Content second = ContentHasher.await(hasher.request(b.toString()));
                assertNotNull(second, "hashed although the server no longer answers");
                assertEquals(sha1(b), second.sha1());
                assertTrue(System.nanoTime() - start < 30_000_000_000L, "given up after the lookup timeout");
            }
        } finally {
            System.clearProperty("tot.pgLookupSeconds");
        }
    }

    private static String sha1(Path f) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(Files.readAllBytes(f)));
    }

    /** A TCP proxy to the server that, once frozen, forwards nothing more either way (and resets nothing). */
    private static final class FreezingProxy implements AutoCloseable {
        private final ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final List<Socket> sockets = java.util.Collections.synchronizedList(new ArrayList<>());
        private volatile boolean frozen;

        FreezingProxy(String host, int port) throws IOException {
            Thread.ofPlatform().daemon().start(() -> {
                try {
                    while (true) {
                        Socket client = listener.accept(), server = new Socket(host, port);
                        sockets.add(client);
                        sockets.add(server);
                        pump(client, server);
                        pump(server, client);
                    }
                } catch (IOException e) {
                    // closed: the test is over
                }
            });
        }

        int port() {
            return listener.getLocalPort();
        }

        void freeze() {
            frozen = true;
        }

        private void pump(Socket from, Socket to) {
            Thread.ofPlatform().daemon().start(() -> {
                byte[] buf = new byte[65536];
                try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                    for (int n; (n = in.read(buf)) > 0; ) {
                        while (frozen) Thread.sleep(1000);
                        out.write(buf, 0, n);
                    }
                } catch (IOException | InterruptedException e) {
                    // a side closed
                }
            });
        }

        @Override
        public void close() throws IOException {
            listener.close();
            synchronized (sockets) {
                for (Socket s : sockets) s.close();
            }
        }
    }
}
