package tot.store;

/**
 * What differs between tot's two SQL databases, and nothing else: every query is written once
 * in SQL both accept (NULLS FIRST/LAST spelled out, "user" quoted, a subquery named), and asks
 * the dialect only for these. The schemas are {@link Schema}'s.
 */
enum Dialect {
    /**
     * SQLite: a path is bound as its bytes and cast to TEXT (a name that is not UTF-8 keeps every
     * byte); a statement is cheap, so 64 rows to an INSERT is enough.
     */
    SQLITE("CAST(? AS TEXT)", 64),
    /** PostgreSQL: paths are bytea; every statement is a round trip, so rows go 500 to an INSERT. */
    POSTGRES("?", 500);

    /** The placeholder of a path parameter (bound with {@link Store#setPath}). */
    final String path;
    /** Rows per multi-row INSERT. */
    final int batchRows;

    Dialect(String path, int batchRows) {
        this.path = path;
        this.batchRows = batchRows;
    }

    static Dialect of(Location at) {
        return switch (at) {
            case Location.SqliteFile f -> SQLITE;
            case Location.Postgres p -> POSTGRES;
        };
    }
}
