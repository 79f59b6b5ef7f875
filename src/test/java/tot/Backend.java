package tot;

import java.nio.file.Path;
import tot.store.Location;
import tot.store.Merge;

/**
 * The two stores the store and query tests run on. A test writes its fixture into an SQLite
 * file through the Store API; on PostgreSQL the same rows are then merged (tot import's merge,
 * as `tot log --db postgresql://…` pushes its runs) into a database of the test's own, so every
 * query must give the same answer from both.
 */
public enum Backend {
    SQLITE, POSTGRESQL;

    /** A test's database on this backend. */
    public Target target() {
        return new Target(this);
    }

    public static final class Target {
        private final Backend backend;
        private String postgres;

        private Target(Backend backend) {
            this.backend = backend;
        }

        /**
         * Where the queries go: the SQLite file itself, or the test's PostgreSQL database with the
         * file's runs merged into it (again at each call: runs it holds already are skipped).
         */
        public Location location(Path sqlite) throws Exception {
            if (backend == SQLITE) return new Location.SqliteFile(sqlite);
            if (postgres == null) postgres = TestPostgres.newDatabase();
            Location.Postgres pg = (Location.Postgres) Location.parse(postgres);
            try (Merge m = Merge.into(pg)) {
                m.begin();
                m.add(sqlite);
                m.commit();
            }
            return pg;
        }
    }
}
