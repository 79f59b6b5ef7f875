package tot.store;

import java.util.List;

/**
 * tot.db's tables, as numbered migrations: {@code PRAGMA user_version} is the number applied.
 * A new version is a new entry at the end; entries are never edited once released.
 */
final class Schema {
    private Schema() {}

    static final List<String> MIGRATIONS = List.of(
        """
        CREATE TABLE runs (
          id          INTEGER PRIMARY KEY,
          key         TEXT NOT NULL UNIQUE,   -- random for tot log, sha1 of the file for imports
          source      TEXT NOT NULL,          -- 'log', 'deps.json', 'events'
          source_file TEXT,                   -- the imported file's path as given
          command     TEXT NOT NULL,          -- JSON array
          cwd         TEXT,
          host        TEXT,
          user        TEXT,
          start_ns    INTEGER,
          end_ns      INTEGER,
          exit        INTEGER,                -- exit status, -N when killed by signal N
          complete    INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE executions (
          id             INTEGER PRIMARY KEY,
          run            INTEGER NOT NULL REFERENCES runs(id),
          exec_id        INTEGER NOT NULL,      -- deps.json's ID within the run
          parent_exec_id INTEGER NOT NULL,      -- 0 for the root
          short_id       TEXT NOT NULL,         -- 8 hex digits of sha1(run key '/' exec_id)
          pid            INTEGER,
          tid            INTEGER,               -- the thread that exec'd
          path           TEXT NOT NULL,
          argv           TEXT NOT NULL,         -- JSON array
          cwd            TEXT,
          env            TEXT,                  -- JSON array when recorded
          start_ns       INTEGER,
          end_ns         INTEGER,
          exit           INTEGER,
          UNIQUE (run, exec_id)
        );
        CREATE INDEX executions_short_id ON executions(short_id);
        CREATE TABLE paths (
          id   INTEGER PRIMARY KEY,
          path TEXT NOT NULL UNIQUE
        );
        CREATE TABLE contents (
          id       INTEGER PRIMARY KEY,
          sha1     TEXT NOT NULL,               -- 40 lower-case hex digits
          size     INTEGER NOT NULL,
          dev      INTEGER,
          ino      INTEGER,
          mtime_ns INTEGER,
          UNIQUE (sha1, size, dev, ino, mtime_ns)
        );
        CREATE TABLE accesses (
          id        INTEGER PRIMARY KEY,
          execution INTEGER NOT NULL REFERENCES executions(id),
          path      INTEGER NOT NULL REFERENCES paths(id),
          kind      TEXT NOT NULL CHECK (kind IN ('read', 'write', 'create', 'delete', 'rename', 'exec')),
          syscall   TEXT,
          errno     INTEGER NOT NULL DEFAULT 0, -- 0: succeeded
          time_ns   INTEGER,
          content   INTEGER REFERENCES contents(id),
          detail    TEXT                        -- rename: the old path
        );
        CREATE INDEX accesses_execution ON accesses(execution);
        CREATE INDEX accesses_path ON accesses(path);
        CREATE INDEX accesses_content ON accesses(content) WHERE content IS NOT NULL;
        """,
        // 2: the syscall events of `tot log --trace` (and of imported event logs)
        """
        CREATE TABLE syscalls (
          id          INTEGER PRIMARY KEY,
          run         INTEGER NOT NULL REFERENCES runs(id),
          execution   INTEGER REFERENCES executions(id), -- null before the run's first exec
          time_ns     INTEGER,
          pid         INTEGER,
          tid         INTEGER,
          name        TEXT NOT NULL,
          args        TEXT NOT NULL,                     -- JSON array, as strace -y shows them
          paths       TEXT,                              -- JSON array of the absolute paths; null when none
          result      INTEGER,                           -- the return value, when errno = 0
          errno       INTEGER NOT NULL DEFAULT 0,
          duration_ns INTEGER
        );
        CREATE INDEX syscalls_run ON syscalls(run);
        """,
        // 3: a content's status-change time, so that a later run can reuse a hash: a file whose
        // (dev, ino, size, mtime, ctime) are those of a stored content has that content
        """
        ALTER TABLE contents ADD COLUMN ctime_ns INTEGER;
        CREATE INDEX contents_file ON contents(dev, ino);
        """,
        // 4: what tot could not see or refused in an execution (deps.json's Warnings)
        """
        ALTER TABLE executions ADD COLUMN warnings TEXT; -- JSON array; null when none
        """,
        // 5: the machine a run was recorded on (with host and user), and the machine a content's
        // file identity (dev, ino, times) belongs to; an index for deleting executions (tot forget)
        // (machine_id: /etc/machine-id, or the id tot made where there is none; kernel: uname -r; arch: uname -m)
        """
        ALTER TABLE runs ADD COLUMN machine_id TEXT;
        ALTER TABLE runs ADD COLUMN kernel TEXT;
        ALTER TABLE runs ADD COLUMN arch TEXT;
        ALTER TABLE runs ADD COLUMN tot_version TEXT;
        ALTER TABLE contents ADD COLUMN machine_id TEXT;
        CREATE INDEX syscalls_execution ON syscalls(execution);
        """,
        // 6: the fds each execution held at its exec (deps.json's FDs), so that a run's record is
        // whole in the store and an imported deps.json keeps them
        """
        ALTER TABLE executions ADD COLUMN fds TEXT; -- JSON object: fd -> the path it held at exec (deps.json's FDs); null: unknown
        """,
        // 7: accesses.detail (a rename's old path) holds the path's bytes, as paths do. SQLite's
        // TEXT keeps any bytes once they are bound as bytes, so nothing changes here; PostgreSQL's
        // column becomes bytea (its twin below)
        """
        SELECT 1
        """,
        // 8: accesses.kind 'mkdir': a directory a run made (no file: the CI answers leave out what
        // the run looked for below it). SQLite cannot alter a CHECK: Store.migrate widens it in
        // the table's definition (kindsWithMkdir)
        """
        SELECT 1
        """
    );

    /**
     * Schema 8's accesses as SQLite makes the table again when its definition is not the one
     * tot wrote (Store.migrate widens the CHECK of that one in place), its rows and ids as they
     * were, and its indexes (Store.migrate turns foreign keys off meanwhile, as SQLite's own
     * procedure for such changes does).
     */
    static final String ACCESSES_WITH_MKDIR = """
        CREATE TABLE accesses_8 (
          id        INTEGER PRIMARY KEY,
          execution INTEGER NOT NULL REFERENCES executions(id),
          path      INTEGER NOT NULL REFERENCES paths(id),
          kind      TEXT NOT NULL CHECK (kind IN ('read', 'write', 'create', 'delete', 'rename', 'exec', 'mkdir')),
          syscall   TEXT,
          errno     INTEGER NOT NULL DEFAULT 0,
          time_ns   INTEGER,
          content   INTEGER REFERENCES contents(id),
          detail    TEXT
        );
        INSERT INTO accesses_8 (id, execution, path, kind, syscall, errno, time_ns, content, detail)
          SELECT id, execution, path, kind, syscall, errno, time_ns, content, detail FROM accesses;
        DROP TABLE accesses;
        ALTER TABLE accesses_8 RENAME TO accesses;
        CREATE INDEX accesses_execution ON accesses(execution);
        CREATE INDEX accesses_path ON accesses(path);
        CREATE INDEX accesses_content ON accesses(content) WHERE content IS NOT NULL;
        """;

    /** Version of the newest schema this build knows. */
    static final int VERSION = MIGRATIONS.size();

    /**
     * PostgreSQL: the tables of schema {@link #POSTGRES_VERSION} in one go (PostgreSQL stores
     * began there), then {@link #POSTGRES_MIGRATIONS} for each later version: a new SQLite
     * migration needs its PostgreSQL twin there. The concepts are SQLite's; the types differ:
     * 64-bit integers, identity ids, paths as bytea (a file name is bytes, not always UTF-8), and
     * text compared byte by byte (COLLATE "C", as SQLite does), so both answer in the same order.
     * {@code "user"} is quoted: unquoted it is PostgreSQL's CURRENT_USER. The row-heavy tables,
     * accesses and syscalls, have no foreign keys: PostgreSQL checks one with a trigger per row,
     * which cost twice the rest of a bulk load, and their rows only come from a merge, which
     * refers to nothing but rows it has just added or found (paths and contents are removed only
     * while no merge runs: {@link Forget}); nor a primary key index (their ids only order rows,
     * and nothing looks a row up by id: a fifth of the load saved). Row ids, except a run's
     * (its number, which users see), are handed out a thousand at a time per session (CACHE
     * 1000): still unique and in order within a run.
     */
    static final int POSTGRES_VERSION = 5;

    static final String POSTGRES = """
        CREATE TABLE tot_schema (version INTEGER NOT NULL);
        CREATE TABLE runs (
          id          BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
          key         TEXT COLLATE "C" NOT NULL UNIQUE,
          source      TEXT COLLATE "C" NOT NULL,
          source_file TEXT COLLATE "C",
          command     TEXT COLLATE "C" NOT NULL,
          cwd         BYTEA,
          host        TEXT COLLATE "C",
          "user"      TEXT COLLATE "C",
          start_ns    BIGINT,
          end_ns      BIGINT,
          exit        INTEGER,
          complete    INTEGER NOT NULL DEFAULT 0,
          machine_id  TEXT COLLATE "C",
          kernel      TEXT COLLATE "C",
          arch        TEXT COLLATE "C",
          tot_version TEXT COLLATE "C"
        );
        CREATE TABLE executions (
          id             BIGINT GENERATED BY DEFAULT AS IDENTITY (CACHE 1000) PRIMARY KEY,
          run            BIGINT NOT NULL REFERENCES runs(id),
          exec_id        INTEGER NOT NULL,
          parent_exec_id INTEGER NOT NULL,
          short_id       TEXT COLLATE "C" NOT NULL,
          pid            INTEGER,
          tid            INTEGER,
          path           BYTEA NOT NULL,
          argv           TEXT COLLATE "C" NOT NULL,
          cwd            BYTEA,
          env            TEXT COLLATE "C",
          start_ns       BIGINT,
          end_ns         BIGINT,
          exit           INTEGER,
          warnings       TEXT COLLATE "C",
          UNIQUE (run, exec_id)
        );
        CREATE INDEX executions_short_id ON executions(short_id);
        CREATE TABLE paths (
          id   BIGINT GENERATED BY DEFAULT AS IDENTITY (CACHE 1000) PRIMARY KEY,
          path BYTEA NOT NULL UNIQUE
        );
        CREATE TABLE contents (
          id         BIGINT GENERATED BY DEFAULT AS IDENTITY (CACHE 1000) PRIMARY KEY,
          sha1       TEXT COLLATE "C" NOT NULL,
          size       BIGINT NOT NULL,
          dev        BIGINT,
          ino        BIGINT,
          mtime_ns   BIGINT,
          ctime_ns   BIGINT,
          machine_id TEXT COLLATE "C",
          UNIQUE (sha1, size, dev, ino, mtime_ns)
        );
        CREATE INDEX contents_file ON contents(dev, ino);
        CREATE TABLE accesses (
          id        BIGINT GENERATED BY DEFAULT AS IDENTITY (CACHE 1000) NOT NULL,
          execution BIGINT NOT NULL,
          path      BIGINT NOT NULL,
          kind      TEXT COLLATE "C" NOT NULL CHECK (kind IN ('read', 'write', 'create', 'delete', 'rename', 'exec')),
          syscall   TEXT COLLATE "C",
          errno     INTEGER NOT NULL DEFAULT 0,
          time_ns   BIGINT,
          content   BIGINT,
          detail    TEXT COLLATE "C"
        );
        CREATE INDEX accesses_execution ON accesses(execution);
        CREATE INDEX accesses_path ON accesses(path);
        CREATE INDEX accesses_content ON accesses(content) WHERE content IS NOT NULL;
        CREATE TABLE syscalls (
          id          BIGINT GENERATED BY DEFAULT AS IDENTITY (CACHE 1000) NOT NULL,
          run         BIGINT NOT NULL,
          execution   BIGINT,
          time_ns     BIGINT,
          pid         INTEGER,
          tid         INTEGER,
          name        TEXT COLLATE "C" NOT NULL,
          args        TEXT COLLATE "C" NOT NULL,
          paths       TEXT COLLATE "C",
          result      BIGINT,
          errno       INTEGER NOT NULL DEFAULT 0,
          duration_ns BIGINT
        );
        CREATE INDEX syscalls_run ON syscalls(run);
        CREATE INDEX syscalls_execution ON syscalls(execution);
        """;

    /** PostgreSQL's migrations from {@link #POSTGRES_VERSION} on: entry i takes version POSTGRES_VERSION + i to the next. */
    static final List<String> POSTGRES_MIGRATIONS = List.of(
        """
        ALTER TABLE executions ADD COLUMN fds TEXT COLLATE "C";
        """,
        """
        ALTER TABLE accesses ALTER COLUMN detail TYPE BYTEA USING convert_to(detail, 'UTF8');
        """,
        // 8: 'mkdir' is a kind too. NOT VALID: the rows there met the narrower check already, so
        // none is read again (a big store's table would be scanned under lock)
        """
        ALTER TABLE accesses DROP CONSTRAINT accesses_kind_check;
        ALTER TABLE accesses ADD CONSTRAINT accesses_kind_check
          CHECK (kind IN ('read', 'write', 'create', 'delete', 'rename', 'exec', 'mkdir')) NOT VALID;
        """
    );
}
