package tot.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Files `tot import` must refuse: one line `tot: FILE:LINE: reason`, exit 2, and the database
 * exactly as it was, also for the good file imported before the bad one in the same command.
 */
class MalformedImportTest {
    @TempDir
    static Path trace;

    @TempDir
    Path dir;

    private static List<String> events, deps;

    @BeforeAll
    static void traceSample() throws Exception {
        Tot.traceSample(trace);
        events = Files.readAllLines(trace.resolve("events.jsonl"));
        deps = Files.readAllLines(trace.resolve("deps.json"));
        if (Tot.run(trace, "import", "--db", "base.db", "events.jsonl").status() != 0) throw new AssertionError("import");
    }

    /** {@code content} in a file named {@code file}: refused on {@code line} for {@code reason} (a prefix of it). */
    record Case(String name, String file, String content, int line, String reason) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        List<Case> cases = new ArrayList<>();
        int last = events.size();
        String lastLine = events.getLast();
        cases.add(new Case("event log cut short in its last line", "cut.jsonl",
                join(events.subList(0, last - 1)) + lastLine.substring(0, lastLine.length() / 2), last,
                "bad JSON: Unexpected end-of-input"));
        int input = lastIndexOf(events, "\"ev\":\"input\"");
        List<String> typed = new ArrayList<>(events);
        typed.set(input, typed.get(input).replaceFirst("\"exec\":(\\d+)", "\"exec\":\"$1\""));
        cases.add(new Case("exec as a string on a late line", "typed.jsonl", join(typed), input + 1,
                "\"exec\": expected an integer, found a string"));
        cases.add(appended("an access by an unknown execution",
                "{\"t\":1,\"ev\":\"input\",\"exec\":99,\"path\":\"/x\",\"syscall\":\"openat\"}", "input event: unknown execution 99"));
        cases.add(appended("an unknown event", "{\"t\":1,\"ev\":\"frobnicate\"}", "unknown event \"frobnicate\""));
        cases.add(appended("a rename without its target", "{\"t\":1,\"ev\":\"renamed\",\"exec\":1,\"from\":\"/a\"}",
                "renamed event: missing \"to\""));
        cases.add(appended("an event without a time", "{\"ev\":\"end\",\"exec\":1}", "end event: missing \"t\""));
        cases.add(appended("an unknown errno", "{\"t\":1,\"ev\":\"input\",\"exec\":1,\"path\":\"/a\",\"err\":\"EWHAT\"}",
                "input event: unknown errno \"EWHAT\""));
        cases.add(appended("two events on one line", "{\"t\":1,\"ev\":\"spawn\"} {\"t\":2,\"ev\":\"spawn\"}",
                "more than one JSON value on the line"));
        cases.add(appended("an array among the events", "[1, 2]", "expected an event (a JSON object), found an array"));
        cases.add(appended("an event over two lines", "{\"t\":1,\n\"ev\":\"spawn\"}", "an event must be on one line (this one ends on line "
                + (events.size() + 2) + ")"));
        cases.add(new Case("an event without its closing brace", "brace.jsonl", join(events.subList(0, 3))
                + events.get(3).substring(0, events.get(3).length() - 1) + "\n" + join(events.subList(4, last)), 4,
                "bad JSON: Unexpected character"));
        cases.add(new Case("an unknown execution early and bad JSON late: the early one", "early.jsonl", join(events.subList(0, 2))
                + "{\"t\":1,\"ev\":\"input\",\"exec\":7,\"path\":\"/x\"}\n" + join(events.subList(2, last)) + "{\"t\":", 3,
                "input event: unknown execution 7"));
        cases.add(appended("an execution ended twice", "{\"t\":1,\"ev\":\"end\",\"exec\":1}", "end event: execution 1 already ended"));

        int parent = lastIndexOf(deps, "\"Parent\": 0,");
        List<String> typedDeps = new ArrayList<>(deps);
        typedDeps.set(parent, typedDeps.get(parent).replace("\"Parent\": 0,", "\"Parent\": \"0\","));
        cases.add(new Case("deps.json: Parent as a string in the last record", "typed.json", join(typedDeps), parent + 1,
                "\"Parent\": expected an integer, found a string"));
        int record = deps.lastIndexOf("  {");
        List<String> noOutputs = new ArrayList<>(deps);
        noOutputs.remove(lastIndexOf(deps, "\"Outputs\": ["));
        cases.add(new Case("deps.json: the last record without Outputs", "outputs.json", join(noOutputs), record + 1,
                "missing \"Outputs\""));
        cases.add(new Case("deps.json without its closing bracket", "open.json", join(deps.subList(0, deps.size() - 1)),
                deps.size() - 1, "bad JSON: Unexpected end-of-input: expected close marker for Array (opened on line 1)"));
        cases.add(new Case("deps.json: an ID twice", "twice.json", """
                [
                  {"Cmd": {"Parent": 0, "ID": 1, "Dir": "/", "Path": "/bin/sh", "Args": ["sh"]}, "Inputs": [], "Outputs": []},
                  {"Cmd": {"Parent": 1, "ID": 1, "Dir": "/", "Path": "/bin/true", "Args": ["true"]}, "Inputs": [], "Outputs": []}
                ]
                """, 3, "execution ID 1 appears twice"));
        cases.add(new Case("deps.json: FDs with a key that is no fd", "fdkey.json", """
                [
                  {"Cmd": {"Parent": 0, "ID": 1, "Dir": "/", "Path": "/bin/sh", "Args": ["sh"]}, "Inputs": [], "Outputs": [],
                   "FDs": {"0": "/dev/null", "stdout": "/dev/pts/0"}}
                ]
                """, 3, "\"FDs\": \"stdout\" is not an fd number"));
        cases.add(new Case("deps.json: an fd that names no path", "fdvalue.json", """
                [
                  {"Cmd": {"Parent": 0, "ID": 1, "Dir": "/", "Path": "/bin/sh", "Args": ["sh"]}, "Inputs": [], "Outputs": [],
                   "FDs": {"1": 7}}
                ]
                """, 3, "\"FDs.1\": expected a path (a string), found an integer"));
        cases.add(appended("an exec event whose fds is a list", "{\"t\":1,\"ev\":\"exec\",\"pid\":5,\"tid\":5,\"id\":9,"
                + "\"parent\":1,\"path\":\"/bin/true\",\"args\":[\"true\"],\"dir\":\"/\",\"fds\":[\"/dev/null\"]}",
                "\"fds\": expected an object of fd numbers to paths, found an array"));
        cases.add(new Case("deps.json: a number among the records", "number.json", "[\n  7\n]\n", 2,
                "expected an execution (a JSON object), found an integer"));
        cases.add(new Case("deps.json: a Cmd without Path", "path.json", """
                [
                  {"Inputs": [], "Outputs": [],
                   "Cmd": {"Parent": 0, "ID": 1, "Dir": "/", "Args": ["sh"]}}
                ]
                """, 3, "missing \"Cmd.Path\""));
        cases.add(new Case("neither JSON nor strace", "text.txt", "\n\nhello\n", 3, "expected '(' after the syscall name: hello"));
        cases.add(new Case("valgrind's output", "valgrind.log", "==12345== Memcheck, a memory error detector\n"
                + "==12345== Copyright (C) 2002-2022, and GNU GPL'd, by Julian Seward et al.\n", 1, "expected a syscall name: ==12345=="));
        cases.add(new Case("strace -c's table", "summary.log", """
                % time     seconds  usecs/call     calls    errors syscall
                ------ ----------- ----------- --------- --------- ----------------
                 45.10    0.000092          10         9           mmap
                """, 1, "strace -c's table of counts, not a log of calls (trace without -c, or with -C for both)"));
        List<String> strace = lines(Path.of("testdata/strace/basic.log"));
        cases.add(new Case("a program's output in the middle of an strace log", "mixed.log", join(strace.subList(0, 4))
                + "hello from the program\n" + join(strace.subList(4, strace.size())), 5,
                "expected '(' after the syscall name: hello from the program"));
        return cases.stream();
    }

    private static Case appended(String name, String line, String reason) {
        return new Case(name, "appended.jsonl", join(events) + line + "\n", events.size() + 1, reason);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void refusedWithItsLineAndNothingImported(Case c) throws Exception {
        Files.copy(trace.resolve("events.jsonl"), dir.resolve("events.jsonl"));
        Files.copy(trace.resolve("deps.json"), dir.resolve("deps.json"));
        Files.writeString(dir.resolve(c.file()), c.content(), StandardCharsets.UTF_8);
        Path db = Files.copy(trace.resolve("base.db"), dir.resolve("t.db")); // holds the events.jsonl run
        var before = Db.snapshot(db);

        Tot.Result r = Tot.run(dir, "import", "--db", "t.db", "deps.json", c.file());
        assertEquals(2, r.status(), r.stderr());
        assertEquals(1, r.lines().size(), r.stderr());
        String prefix = "tot: " + c.file() + ":" + c.line() + ": " + c.reason();
        assertTrue(r.stderr().startsWith(prefix), "expected " + prefix + "…, got " + r.stderr());
        var after = Db.snapshot(db);
        for (String table : before.keySet()) Db.assertSameRows(before.get(table), after.get(table));
    }

    @Test
    void aMissingFileIsNamedAndNoDatabaseIsCreated() throws Exception {
        Tot.Result r = Tot.run(dir, "import", "--db", "t.db", "nope.json");
        assertEquals(2, r.status());
        assertEquals(List.of("tot: nope.json: No such file or directory"), r.lines());
        assertFalse(Files.exists(dir.resolve("t.db")));
    }

    /** A failed import into a database that did not exist leaves none (not an empty one with tables). */
    @Test
    void aFailedImportCreatesNoDatabase() throws Exception {
        Files.writeString(dir.resolve("bad.log"), "100 execve(\"/bin/true\", [\"true\"], 0x1 /* 1 var */) = 0\n"
                + "100 openat(AT_FDCWD, \"/etc/x\", O_RDO\n100 exit_group(0) = ?\n");
        Tot.Result r = Tot.run(dir, "import", "--db", "new.db", "bad.log");
        assertEquals(2, r.status(), r.stderr());
        try (var files = Files.list(dir)) {
            assertEquals(List.of(), files.filter(f -> f.getFileName().toString().startsWith("new.db")).toList());
        }
    }

    @Test
    void aDirectoryOrAnEmptyFileIsRefused() throws Exception {
        Files.createDirectory(dir.resolve("d"));
        Files.writeString(dir.resolve("empty.json"), " \n\n");
        assertEquals(new Tot.Result(2, "tot: d: Is a directory\n"), Tot.run(dir, "import", "--db", "t.db", "d"));
        assertEquals(new Tot.Result(2, "tot: empty.json: empty file: neither deps.json, an event log nor an strace log\n"),
                Tot.run(dir, "import", "--db", "t.db", "empty.json"));
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.ISO_8859_1);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * An error copies the offending input: cut to about 200 characters (saying how long it was),
     * control characters escaped, in every format and in file names.
     */
    @Test
    void errorsQuoteTheirInputSafely() throws Exception {
        String esc = "\u001b]0;owned\u0007\u001b[2J\u009b31m";
        String big = "x".repeat(3 << 20);
        Files.writeString(dir.resolve("big.log"), "1 getpid() = 1\n1 write(1, \"" + esc + big + "\n1 getpid() = 1\n", // not last: that is cut
                StandardCharsets.UTF_8);
        String jsonEsc = esc.chars().mapToObj(c -> c < 0x20 || c > 0x7e ? String.format("\\u%04x", c) : String.valueOf((char) c))
                .collect(java.util.stream.Collectors.joining());
        Files.writeString(dir.resolve("big.jsonl"), join(events) + "{\"t\":1,\"ev\":\"" + jsonEsc + big + "\"}\n", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("raw.jsonl"), join(events) + "{\"t\":1,\"ev\":\"" + esc + big + "\"}\n", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("big.json"), "[\n  {\"Cmd\": z" + big + "}\n]\n", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("big-id.json"), "[\n  {\"Cmd\": {\"ID\": 1" + "0".repeat(900) + "}}\n]\n", StandardCharsets.UTF_8);
        for (String file : List.of("big.log", "big.jsonl", "raw.jsonl", "big.json", "big-id.json", "no\u001b[31msuch.log")) {
            Tot.Result r = Tot.run(dir, "import", "--db", "t.db", file);
            assertEquals(2, r.status(), r.stderr());
            assertEquals(1, r.lines().size(), r.stderr());
            String line = r.lines().getFirst();
            assertTrue(line.length() < 600, () -> file + ": " + line.length() + " characters: " + line.substring(0, 600));
            assertTrue(line.chars().noneMatch(c -> c < 0x20 || c >= 0x7f && c <= 0x9f), file + ": " + line);
            if (file.equals("big.log") || file.equals("big.jsonl")) assertTrue(line.contains("in all)"), file + ": " + line);
            if (file.equals("big.json")) assertTrue(line.contains("xxx...'"), "Jackson's excerpt, cut: " + line);
            if (!file.contains(".json")) assertTrue(line.contains("\\x1b"), file + ": " + line);
            if (file.endsWith(".jsonl")) assertTrue(line.startsWith("tot: " + file + ":" + (events.size() + 1) + ": "), file + ": " + line);
        }
        assertTrue(Tot.run(dir, "import", "--db", "t.db", "big.log").stderr().contains("\\x1b]0;owned\\x07\\x1b[2J\\x9b31mxxx"));
        assertTrue(Tot.run(dir, "import", "--db", "t.db", "big.jsonl").stderr().contains("unknown event \"\\x1b]0;owned\\x07\\x1b[2J\\x9b31mxxx"));
    }

    private static String join(List<String> lines) {
        return String.join("\n", lines) + "\n";
    }

    private static int lastIndexOf(List<String> lines, String part) {
        for (int i = lines.size() - 1; i >= 0; i--) if (lines.get(i).contains(part)) return i;
        throw new AssertionError("no line with " + part);
    }
}
