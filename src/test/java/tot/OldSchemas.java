package tot;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;

/** Databases as older tots left them, made from a current one. */
public final class OldSchemas {
    private OldSchemas() {}

    /** Drops what schema versions after {@code version} added: a database as an older tot left it. */
    public static void downgrade(Path db, int version) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            if (version < 8) { // accesses as schema 1 made it: no 'mkdir' kind
                s.execute("DELETE FROM accesses WHERE kind = 'mkdir'");
                s.execute("""
                        CREATE TABLE accesses_7 (
                          id        INTEGER PRIMARY KEY,
                          execution INTEGER NOT NULL REFERENCES executions(id),
                          path      INTEGER NOT NULL REFERENCES paths(id),
                          kind      TEXT NOT NULL CHECK (kind IN ('read', 'write', 'create', 'delete', 'rename', 'exec')),
                          syscall   TEXT,
                          errno     INTEGER NOT NULL DEFAULT 0,
                          time_ns   INTEGER,
                          content   INTEGER REFERENCES contents(id),
                          detail    TEXT
                        )""");
                s.execute("INSERT INTO accesses_7 SELECT id, execution, path, kind, syscall, errno, time_ns, content, detail FROM accesses");
                s.execute("DROP TABLE accesses");
                s.execute("ALTER TABLE accesses_7 RENAME TO accesses");
                s.execute("CREATE INDEX accesses_execution ON accesses(execution)");
                s.execute("CREATE INDEX accesses_path ON accesses(path)");
                s.execute("CREATE INDEX accesses_content ON accesses(content) WHERE content IS NOT NULL");
            }
            if (version < 6) s.execute("ALTER TABLE executions DROP COLUMN fds");
            if (version < 5) {
                s.execute("DROP INDEX syscalls_execution");
                for (String col : List.of("machine_id", "kernel", "arch", "tot_version")) s.execute("ALTER TABLE runs DROP COLUMN " + col);
                s.execute("ALTER TABLE contents DROP COLUMN machine_id");
            }
            if (version < 4) s.execute("ALTER TABLE executions DROP COLUMN warnings");
            if (version < 3) {
                s.execute("DROP INDEX contents_file");
                s.execute("ALTER TABLE contents DROP COLUMN ctime_ns");
            }
            if (version < 2) s.execute("DROP TABLE syscalls");
            s.execute("PRAGMA user_version = " + version);
        }
    }
}
