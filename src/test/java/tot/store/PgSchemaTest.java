package tot.store;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import tot.TestPostgres;

/** PostgreSQL's schema is created once when many tots open a new database at the same moment. */
class PgSchemaTest {
    @Test
    void manyFirstOpenersAtOnceCreateTheSchemaOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 5; round++) {
                String url = TestPostgres.newDatabase();
                Location at = Location.parse(url);
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Integer>> opened = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    opened.add(pool.submit(() -> {
                        go.await();
                        try (StoreReader r = StoreReader.open(at)) {
                            return r.runs(null).size();
                        }
                    }));
                }
                go.countDown();
                for (Future<Integer> f : opened) assertEquals(0, f.get(), "opened, schema there, no run");
                try (var c = TestPostgres.connect(url);
                     var rs = c.createStatement().executeQuery("SELECT count(*) FROM tot_schema")) {
                    rs.next();
                    assertEquals(1, rs.getInt(1), "one version row");
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
