package tot.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * fptrace's deps.json (testdata/imports/fptrace-deps.json, written the way fptrace's Go encoder
 * does: one line, nil slices and maps as null, no Pid/Start/End, Exit left out when 0 or after an
 * exec) imports with the IDs, parents and paths it gives and NULL for what it does not record.
 */
class FptraceDepsJsonTest {
    @TempDir
    Path dir;

    @Test
    void importsWithoutTimesOrPids() throws Exception {
        Files.copy(Path.of("testdata/imports/fptrace-deps.json"), dir.resolve("deps.json"));
        Tot.Result r = Tot.run(dir, "import", "--db", "t.db", "deps.json");
        assertEquals(List.of("tot: deps.json: imported run 1 (3 executions, 12 accesses)"), r.lines(), r.stderr());
        Path db = dir.resolve("t.db");
        // the run: sh's argv; sh exec'd ld (Exec 3), which was killed by SIGKILL (Exit -9)
        assertEquals(List.of(row("deps.json", "[\"sh\",\"-c\",\"cc -c a.c -o a.o && exec ld a.o -o a > log\"]", "/src", null, null, -9L, 1L)),
                Db.query(db, "SELECT source, command, cwd, start_ns, end_ns, exit, complete FROM runs"));
        assertEquals(List.of(
                        row(1L, 0L, null, null, "/bin/sh", "[\"sh\",\"-c\",\"cc -c a.c -o a.o && exec ld a.o -o a > log\"]", null, null, null, null),
                        row(2L, 1L, null, null, "/usr/bin/cc", "[\"cc\",\"-c\",\"a.c\",\"-o\",\"a.o\"]", "[\"PATH=/usr/bin\",\"LANG=C\"]", null, null, 0L),
                        row(3L, 1L, null, null, "/usr/bin/ld", "[\"ld\",\"a.o\",\"-o\",\"a\"]", null, null, null, -9L)),
                Db.query(db, "SELECT exec_id, parent_exec_id, pid, tid, path, argv, env, start_ns, end_ns, exit FROM executions ORDER BY exec_id"));
        assertEquals(List.of(
                        row(2L, "exec", "/usr/bin/cc"), row(2L, "read", "/etc/ld.so.cache"), row(2L, "read", "/src/a.c"),
                        row(2L, "read", "/usr/include/stdio.h"), row(2L, "write", "/src/a.o"),
                        row(1L, "exec", "/bin/sh"), row(1L, "read", "/etc/ld.so.cache"), row(1L, "read", "/lib/x86_64-linux-gnu/libc.so.6"),
                        row(3L, "exec", "/usr/bin/ld"), row(3L, "read", "/src/a.o"), row(3L, "write", "/src/log"), row(3L, "write", "/src/a")),
                Db.query(db, "SELECT e.exec_id, a.kind, p.path FROM accesses a JOIN executions e ON a.execution = e.id"
                        + " JOIN paths p ON p.id = a.path ORDER BY a.id"));
        assertEquals(List.of(0L), Db.column(db, "SELECT count(*) FROM accesses WHERE syscall IS NOT NULL OR time_ns IS NOT NULL"));
        String std = "{\"0\":\"/dev/stdin\",\"1\":\"/dev/stdout\",\"2\":\"/dev/stderr\"}";
        assertEquals(List.of(std, std, "{}"), Db.column(db, "SELECT fds FROM executions ORDER BY exec_id"), "FDs kept (ld's null: none)");
    }

    private static List<Object> row(Object... values) {
        return Arrays.asList(values);
    }
}
