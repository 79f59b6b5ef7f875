package tot.trace;

import static org.junit.jupiter.api.Assertions.*;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `tot … | head -1`: a reader that goes away ends tot's output quietly (exit 0, nothing on stderr). */
class ClosedPipeTest {
    @TempDir
    static Path dir;

    /** Writes 3000 files: show, files, accesses and export each print far more than a pipe holds. */
    private static final String WRITER = "import os, sys; [open(f'{sys.argv[1]}{i}', 'w').close() for i in range(3000)]";

    @BeforeAll
    static void record() throws Exception {
        Process p = TotProcess.finish(TotProcess.builder(dir, List.of("log", "--trace=openat", "--", "python3", "-c", WRITER, "f"))
                .redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile()), 120, "tot log");
        assertEquals(0, p.exitValue(), Files.readString(dir.resolve("err.txt")));
    }

    /** Runs tot with its standard output read for one line, then closed; returns the status (stderr must stay empty). */
    private static int headOne(List<String> args) throws Exception {
        return headOne(TotProcess.builder(dir, args), args);
    }

    private static int headOne(ProcessBuilder pb, List<String> args) throws Exception {
        Process p = pb.redirectError(dir.resolve("err.txt").toFile()).redirectInput(new File("/dev/null")).start();
        try (var reader = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            assertNotNull(reader.readLine(), args.toString());
        }
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(args + " did not end");
        }
        assertEquals("", Files.readString(dir.resolve("err.txt")), args + ": quiet");
        return p.exitValue();
    }

    @Test
    void queryCommandsEndQuietly() throws Exception {
        for (List<String> args : List.of(List.of("show"), List.of("show", "--format", "json"), List.of("files"),
                List.of("accesses", "--format", "csv"), List.of("export", "--csv", "-"))) {
            assertEquals(0, headOne(args), args.toString());
        }
    }

    /** A verdict stays: `tot check … | head -1` exits 1 when inputs were undeclared, as without the pipe. */
    @Test
    void checksVerdictSurvivesItsReaderGoingAway() throws Exception {
        String readAll = "import glob; [open(f).read() for f in glob.glob('f*')]"; // the 3000 files record() made: undeclared
        Process log = TotProcess.finish(TotProcess.builder(dir, List.of("log", "--db", "check.db", "--", "python3", "-c", readAll))
                .redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile()), 120, "tot log");
        assertEquals(0, log.exitValue(), Files.readString(dir.resolve("err.txt")));
        Process p = TotProcess.builder(dir, List.of("check", "--db", "check.db", "--declared", "/dev/null", "--under", dir.toRealPath().toString()))
                .redirectError(dir.resolve("check-err.txt").toFile()).redirectInput(new File("/dev/null")).start();
        try (var reader = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            assertNotNull(reader.readLine());
        }
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(1, p.exitValue(), Files.readString(dir.resolve("check-err.txt")));
    }

    @Test
    void aTracedCommandRunsOnAndIsStoredWhenTheEventStreamIsClosed() throws Exception {
        // `-o -` is refused when the command shares that standard output: the way README gives, fd 3 as the stream
        List<String> args = List.of("log", "-o", "/dev/fd/3", "--", "python3", "-c", WRITER, "g");
        List<String> command = new java.util.ArrayList<>(List.of("sh", "-c", "exec \"$@\" 3>&1 1>/dev/null", "sh"));
        command.addAll(TotProcess.builder(dir, args).command());
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        pb.environment().put("TOT_DB", "tot.db");
        assertEquals(0, headOne(pb, args));
        for (int i = 0; i < 3000; i++) assertTrue(Files.exists(dir.resolve("g" + i)), "g" + i);
        Process show = TotProcess.finish(TotProcess.builder(dir, List.of("files", "--run", "last", "--format", "csv"))
                .redirectOutput(dir.resolve("files.csv").toFile()).redirectError(dir.resolve("err.txt").toFile()), 60, "tot files");
        assertEquals(0, show.exitValue());
        assertEquals(3000, Files.readAllLines(dir.resolve("files.csv")).stream().filter(l -> l.matches("1,.*python.*/g[0-9]+")).count());
    }

    @Test
    void anOutputThatCannotBeWrittenIsStillAnError() throws Exception {
        Process p = TotProcess.finish(TotProcess.builder(dir, List.of("show")).redirectOutput(new File("/dev/full"))
                .redirectError(dir.resolve("err.txt").toFile()), 60, "tot show");
        assertEquals(2, p.exitValue());
        assertEquals("tot: cannot write to standard output: No space left on device\n", Files.readString(dir.resolve("err.txt")));
    }
}
