package tot.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tot.trace.TotProcess.Result;

/**
 * A build that looks for a file inside a directory it made under a random name (`mktemp -d`,
 * CMake's try-compile, rustc's incremental session directory) looked up a path no earlier run
 * had: such a lookup is no input, so two identical runs get one key. What it looks for in a
 * directory that was there before the run still counts: a file appearing there changes the key.
 * Each recorder: both engines, an strace log of the same command imported, and tot's own event
 * stream imported.
 */
class MadeDirectoryTest {
    @TempDir
    Path dir;

    record Out(int status, String stdout, String stderr) {}

    private Out tot(String... args) throws Exception {
        Process p = TotProcess.finish(TotProcess.builder(dir, List.of(args)).redirectInput(new File("/dev/null"))
                .redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile()), 120, "tot " + args[0]);
        return new Out(p.exitValue(), Files.readString(dir.resolve("out.txt")), Files.readString(dir.resolve("err.txt")));
    }

    private static final String SCRIPT = "d=$(mktemp -d -p .); cat $d/probe.h 2>/dev/null; cat pre/probe.h 2>/dev/null;"
            + " cat in.txt > $d/f; rm -r $d";

    /** Runs SCRIPT once, recorded by {@code recorder}, into tot.db ({@code n}: which run, for the files' names). */
    private void record(String recorder, int n) throws Exception {
        record(recorder, n, SCRIPT);
    }

    /** Runs {@code script} once, recorded by {@code recorder}, into tot.db. */
    private void record(String recorder, int n, String script) throws Exception {
        if (recorder.equals("strace")) {
            Process p = new ProcessBuilder("strace", "-f", "-qq", "-s", "4096", "-o", dir.resolve("s" + n + ".log").toString(), "sh", "-c",
                    script).directory(dir.toFile()).redirectInput(new File("/dev/null")).start();
            assertEquals(0, p.waitFor());
            Out imported = tot("import", "s" + n + ".log");
            assertEquals(0, imported.status(), imported.stderr());
        } else if (recorder.equals("events")) {
            Result r = TotProcess.log(dir, List.of("--no-db", "-o", "ev" + n + ".jsonl"), "sh", "-c", script);
            assertEquals(0, r.status(), r.stderr());
            Out imported = tot("import", "ev" + n + ".jsonl");
            assertEquals(0, imported.status(), imported.stderr());
        } else {
            Result r = TotProcess.log(dir, List.of("--engine", recorder), "sh", "-c", script);
            assertEquals(0, r.status(), r.stderr());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ptrace", "ebpf", "strace", "events"})
    void aLookupBelowADirectoryTheRunMadeIsNoInputButOneBelowADirectoryThatWasThereIs(String recorder) throws Exception {
        if (recorder.equals("ebpf")) EbpfEngineTest.assumeEbpf();
        Files.createDirectories(dir.resolve("pre"));
        Files.writeString(dir.resolve("in.txt"), "src\n");
        record(recorder, 1);
        record(recorder, 2);

        Out first = tot("key", "--run", "last~1", "--under", "."), second = tot("key", "--run", "last", "--under", ".");
        assertEquals(0, second.status(), second.stderr());
        assertEquals(first.stdout(), second.stdout(), "the temporary directory's random name is in neither key");
        String explain = tot("key", "--under", ".", "--explain").stdout();
        assertTrue(explain.contains("lookup absent \"pre/probe.h\"\n"), explain);
        assertTrue(explain.contains("input ") && explain.contains(" \"in.txt\"\n"), explain);
        assertFalse(explain.contains("tmp."), explain);
        assertEquals("", tot("check", "--declared", "-", "--missing", "--under", ".", "--relative").stdout().lines()
                .filter(l -> l.contains("tmp.")).reduce("", String::concat), "no lookup to declare in it");

        // the directory is no file anywhere: inputs, outputs, intermediates, tot show
        for (String[] list : List.of(new String[] {"inputs"}, new String[] {"outputs"}, new String[] {"outputs", "--intermediates"})) {
            String[] args = new String[list.length + 3];
            System.arraycopy(list, 0, args, 0, list.length);
            System.arraycopy(new String[] {"--under", ".", "--relative"}, 0, args, list.length, 3);
            Out files = tot(args);
            assertTrue(files.stdout().lines().noneMatch(l -> l.matches("tmp\\.[^/]*")), String.join(" ", args) + ": " + files.stdout());
        }
        assertTrue(tot("outputs", "--intermediates", "--under", ".", "--relative").stdout().lines().anyMatch(l -> l.matches("tmp\\.[^/]*/f")),
                "the file made in it is an intermediate");
        String accesses = tot("accesses").stdout(), files = tot("files").stdout();
        assertTrue(accesses.contains("/probe.h") && !accesses.contains("mkdir"), "no directory made among the accesses: " + accesses);
        assertTrue(files.contains("/probe.h") && files.lines().noneMatch(l -> l.contains("mktemp") && l.contains("/tmp.")),
                "nor among the files: " + files);
        String show = tot("show").stdout();
        assertTrue(show.contains("/probe.h") && show.lines().noneMatch(l -> l.strip().startsWith("mkdir")), "tot show lists no directory made: " + show);

        String key = tot("key", "--under", ".", "--now").stdout();
        assertEquals(second.stdout(), key, "nothing changed yet");
        Files.writeString(dir.resolve("pre/probe.h"), "now\n");
        assertNotEquals(key, tot("key", "--under", ".", "--now").stdout(), "what was looked for in a directory there before counts");
    }

    /**
     * A name looked for through a symbolic link the run made in its temporary directory (`ln -s
     * /usr/include $d/inc; cc -I$d/inc`) is the link's target's name: keyed so, a file appearing
     * there changes the key, and the random name is in no key.
     */
    @ParameterizedTest
    @ValueSource(strings = {"ptrace", "ebpf", "strace", "events"})
    void aLookupThroughALinkTheRunMadeIsOfItsTarget(String recorder) throws Exception {
        if (recorder.equals("ebpf")) EbpfEngineTest.assumeEbpf();
        Files.createDirectories(dir.resolve("pre"));
        String script = "d=$(mktemp -d -p .); ln -s \"$PWD/pre\" $d/inc; cat $d/inc/probe.h 2>/dev/null; rm -r $d";
        record(recorder, 1, script);
        record(recorder, 2, script);
        Out first = tot("key", "--run", "last~1", "--under", "."), second = tot("key", "--run", "last", "--under", ".");
        assertEquals(0, second.status(), second.stderr());
        assertEquals(first.stdout(), second.stdout(), "the temporary directory's random name is in neither key");
        String explain = tot("key", "--under", ".", "--explain").stdout();
        assertTrue(explain.contains("lookup absent \"pre/probe.h\"\n") && !explain.contains("tmp."), explain);
        String key = tot("key", "--under", ".", "--now").stdout();
        Files.writeString(dir.resolve("pre/probe.h"), "now\n");
        assertNotEquals(key, tot("key", "--under", ".", "--now").stdout(), "what was looked for through the link counts");
    }
}
