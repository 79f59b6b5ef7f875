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
        """
    );

    /** Version of the newest schema this build knows. */
    static final int VERSION = MIGRATIONS.size();
}
