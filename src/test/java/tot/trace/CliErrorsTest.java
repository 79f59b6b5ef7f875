package tot.trace;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input to the commands that read files: one line naming the file and the cause, exit 2, nothing written. */
class CliErrorsTest {
    @TempDir
    Path dir;

    private String run(int status, String... args) throws Exception {
        Process p = TotProcess.finish(TotProcess.builder(dir, List.of(args)).redirectError(dir.resolve("err.txt").toFile())
                .redirectOutput(dir.resolve("out.txt").toFile()), 60, "tot");
        String err = Files.readString(dir.resolve("err.txt"));
        assertEquals(status, p.exitValue(), err);
        assertEquals(1, err.lines().count(), err);
        return err.strip();
    }

    @Test
    void missingAndWrongFilesAreNamed() throws Exception {
        assertEquals("tot: missing.log: No such file or directory", run(2, "deps", "--from", "missing.log"));
        assertEquals("tot: " + dir + ": Is a directory", run(2, "deps", "--from", dir.toString()));
        Files.writeString(dir.resolve("x.log"), "100 execve(\"/bin/true\", [\"true\"], 0x7ffd /* 1 var */) = 0\n100 close(3) = 0\n"
                + "100 exit_group(0) = ?\n100 +++ exited with 0 +++\n");
        assertEquals("tot: nowhere/deps.json: directory " + dir.resolve("nowhere") + " does not exist",
                run(2, "deps", "--from", "x.log", "-d", "nowhere/deps.json"));
        assertEquals("tot: --run: expected a run number or 'last', not 'x'", run(2, "summary", "--run", "x"));
        assertEquals("tot: tot.db: no such database (tot log writes one)", run(2, "show"));
        // a query names a wrong database as tot log does
        Files.createDirectory(dir.resolve("d.db"));
        Files.writeString(dir.resolve("text.db"), "not a database\n");
        assertEquals(0, new ProcessBuilder("mkfifo", dir.resolve("fifo.db").toString()).start().waitFor());
        assertEquals("tot: d.db: Is a directory", run(2, "show", "--db", "d.db"));
        assertEquals("tot: d.db: Is a directory", run(2, "check", "--declared", "d.db"));
        assertEquals("tot: d.db: Is a directory", run(2, "check", "--declared-depfile", "d.db"));
        assertEquals("tot: no.d: No such file or directory", run(2, "check", "--declared-depfile", "no.d"));
        assertEquals("tot: fifo.db: not a regular file", run(2, "show", "--db", "fifo.db"));
        assertEquals("tot: text.db: not a tot database (not an SQLite file)", run(2, "summary", "--db", "text.db"));
        assertEquals("tot: --trace: unknown syscall 'opne'", run(2, "log", "--trace=opne", "true"));
        assertFalse(Files.exists(dir.resolve("tot.db")), "nothing written");
    }

    /** picocli left COMMAND null when no argument reached it: tot printed a NullPointerException's text. */
    @Test
    void logWithoutACommandIsAUsageError() throws Exception {
        String needed = "tot: a COMMAND to run, or -p PID to attach to, is needed";
        assertEquals(needed, run(2, "log"));
        assertEquals(needed, run(2, "log", "--"));
        assertEquals(needed, run(2, "log", "--no-db", "-d", "x.json"));
        assertFalse(Files.exists(dir.resolve("x.json")), "nothing written");
    }

    /** The ring is allocated whole: -n 2147483647 died of an OutOfMemoryError with a stack trace. */
    @Test
    void blackboxSizeOutOfRangeIsAUsageError() throws Exception {
        String self = Long.toString(ProcessHandle.current().pid());
        assertEquals("tot: -n: expected a number from 1 to 1000000, not 2147483647",
                run(2, "blackbox", "-p", self, "-n", "2147483647", "--every", "0"));
        assertEquals("tot: -n: expected a number from 1 to 1000000, not 0", run(2, "blackbox", "-p", self, "-n", "0"));
    }
}
