package tot.trace;

import static org.junit.jupiter.api.Assertions.*;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tot.trace.TotProcess.Result;

/** `-s DIR`: the script of a recorded execution replays the same argv (bytes) and cwd. */
class LauncherScriptsTest {
    @TempDir
    Path dir;

    /** Prints its argv (as bytes), cwd and two variables into the file named by argv[1]. */
    private static final String PRINTER = """
            import os, sys
            with open(sys.argv[1], 'w') as f:
                f.write(repr([os.fsencode(a) for a in sys.argv]) + '\\n' + os.getcwd() + '\\n')
                f.write(repr(os.environ.get('FOO')) + ' ' + repr(os.environ.get('API_TOKEN')) + '\\n')
            """;

    private static Process run(List<String> cmd, Path cwd, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectInput(new File("/dev/null"))
                .redirectError(cwd.resolve("err.txt").toFile()).redirectOutput(cwd.resolve("out.txt").toFile());
        pb.environment().putAll(env);
        return TotProcess.finish(pb, 120, cmd.getFirst());
    }

    @Test
    void theScriptReproducesArgvAndCwd() throws Exception {
        Path sub = Files.createDirectories(dir.resolve("sub dir"));
        Path printer = Files.writeString(dir.resolve("printer.py"), PRINTER);
        Path record = dir.resolve("recorded.txt");
        List<String> weird = List.of("it's", "$(touch pwned)", "`touch pwned`", "new\nline", "*", "-n", "", "\udcff\udcfe", "a\"b\\c");
        List<String> args = new ArrayList<>(List.of("log", "-e", "-s", dir.resolve("scripts").toString(), "--", "/usr/bin/python3",
                printer.toString(), record.toString()));
        args.addAll(weird);
        List<String> cmd = TotProcess.builder(sub, args).command();
        Process tot = run(cmd, sub, Map.of("FOO", "bar baz", "API_TOKEN", "s3cret"));
        assertEquals(0, tot.exitValue(), Files.readString(sub.resolve("err.txt")));

        Path script = dir.resolve("scripts/0-1-python3");
        assertTrue(Files.getPosixFilePermissions(script).contains(PosixFilePermission.OWNER_EXECUTE));
        String text = Files.readString(script, java.nio.charset.StandardCharsets.ISO_8859_1);
        assertTrue(text.startsWith("#!/bin/bash\ncd ") && text.contains(" || exit\n"), text);
        assertTrue(text.contains("export FOO='bar baz'\n"), text);
        assertTrue(text.contains("# API_TOKEN is redacted: the caller's value is used\n"), text);
        assertFalse(text.contains("s3cret"));

        // replay from another cwd, without FOO, with another token, and an extra argument ("$@"):
        // the same argv bytes and cwd, FOO exported by the script, the caller's token
        String recorded = Files.readString(record);
        Files.delete(record);
        Process again = run(List.of(script.toString(), "EXTRA"), dir, Map.of("API_TOKEN", "other"));
        assertEquals(0, again.exitValue(), Files.readString(dir.resolve("err.txt")));
        assertEquals(recorded.replace("]\n", ", b'EXTRA']\n").replace("'s3cret'", "'other'"), Files.readString(record));
        assertFalse(Files.exists(sub.resolve("pwned")) || Files.exists(dir.resolve("pwned")), "a quoted argument ran");

        Process echo = run(List.of("bash", "-c", "exec=echo " + script), dir, Map.of());
        String printed = Files.readString(dir.resolve("out.txt"));
        assertTrue(printed.startsWith("/usr/bin/python3 " + printer + " " + record + " it's $(touch pwned)"), printed);
        assertEquals(0, echo.exitValue());
    }

    @Test
    void hostileEnvironmentNamesCannotRunCommands() throws Exception {
        // env -i with a name holding a newline: the script must list it in a comment, never run it
        Result r = TotProcess.log(dir, List.of("-e", "-s", "scripts"), "env", "-i", "X\ntouch pwned\n=1", "IFS=:", "/bin/true");
        assertEquals(0, r.status(), r.stderr());
        Path script = dir.resolve("scripts/1-2-true");
        String text = Files.readString(script);
        assertTrue(text.contains("# not exportable by a shell: X\\x0atouch pwned\\x0a\n"), text);
        assertTrue(text.contains("# IFS is not exported"), text);
        Process replay = run(List.of(script.toString()), dir, Map.of());
        assertEquals(0, replay.exitValue(), Files.readString(dir.resolve("err.txt")));
        assertFalse(Files.exists(dir.resolve("pwned")), "a variable name ran as a command");
    }

    /** `tot log -s DIR --clean…` in {@code dir} with $HOME set to {@code home}. */
    private Result clean(String home, String... args) throws Exception {
        List<String> totArgs = new ArrayList<>(List.of("log", "--no-db"));
        totArgs.addAll(List.of(args));
        totArgs.add("true");
        ProcessBuilder pb = TotProcess.builder(dir, totArgs).redirectInput(new File("/dev/null"))
                .redirectOutput(dir.resolve("stdout.txt").toFile()).redirectError(dir.resolve("stderr.txt").toFile());
        if (home != null) pb.environment().put("HOME", home);
        return TotProcess.read(dir, TotProcess.finish(pb, 60, "tot").exitValue());
    }

    private static List<String> names(Path d) throws Exception {
        try (var files = Files.list(d)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void cleanEmptiesADirectoryOfTotsScripts() throws Exception {
        Result first = clean(null, "-s", "scripts", "--", "sh", "-c", "/bin/true");
        assertEquals(0, first.status(), first.stderr());
        assertEquals(List.of("0-1-sh", "1-2-true"), names(dir.resolve("scripts")));
        Result again = clean(null, "-s", "scripts", "--clean", "--", "/bin/true");
        assertEquals(0, again.status(), again.stderr());
        assertEquals(List.of("0-1-true"), names(dir.resolve("scripts")));
    }

    @Test
    void cleanRefusesADirectoryHoldingOtherFilesUnlessForced() throws Exception {
        Path scripts = Files.createDirectories(dir.resolve("scripts/old"));
        Files.writeString(scripts.resolve("junk"), "x");
        Files.writeString(dir.resolve("scripts/1-2-fake"), "#!/bin/sh\necho not tot's\n"); // tot's name, not tot's script
        Result r = clean(null, "-s", "scripts", "--clean");
        assertEquals(2, r.status(), r.stderr());
        assertTrue(r.stderr().startsWith("tot: scripts: refusing to --clean: it holds "), r.stderr());
        assertTrue(r.stderr().contains("--clean-force"), r.stderr());
        assertEquals(List.of("1-2-fake", "old"), names(dir.resolve("scripts")), "nothing removed");
        Files.delete(scripts.resolve("junk"));
        Files.delete(scripts);
        Result fake = clean(null, "-s", "scripts", "--clean");
        assertEquals(2, fake.status(), "a file named like a script that is not one: " + fake.stderr());
        assertEquals(List.of("1-2-fake"), names(dir.resolve("scripts")));
        Files.createDirectories(scripts);
        Result forced = clean(null, "-s", "scripts", "--clean-force");
        assertEquals(0, forced.status(), forced.stderr());
        assertEquals(List.of("0-1-true"), names(dir.resolve("scripts")));
    }

    /**
     * tot's own outputs of the run in DIR stay: --clean-force deleted the event stream tot had just
     * opened (exit 0, no word) and tot.db (then blamed the command); --clean refused for the stream.
     */
    @Test
    void cleanLeavesTheRunsOwnOutputsInDirAlone() throws Exception {
        Files.createDirectory(dir.resolve("scripts"));
        Result forced = clean(null, "-s", "scripts", "--clean-force", "-o", "scripts/ev.jsonl");
        assertEquals(0, forced.status(), forced.stderr());
        assertEquals(List.of("0-1-true", "ev.jsonl"), names(dir.resolve("scripts")));
        assertTrue(Files.readString(dir.resolve("scripts/ev.jsonl")).contains("\"ev\":\"exec\""), "the stream is whole");
        Result plain = clean(null, "-s", "scripts", "--clean", "-o", "scripts/ev.jsonl", "-d", "scripts/deps.json");
        assertEquals(0, plain.status(), "not refused for tot's own files: " + plain.stderr());
        assertEquals(List.of("0-1-true", "deps.json", "ev.jsonl"), names(dir.resolve("scripts")));
        for (int i = 0; i < 2; i++) {
            Process p = TotProcess.finish(TotProcess.builder(dir, List.of("log", "--db", "scripts/t.db", "-s", "scripts",
                    "--clean-force", "true")).redirectInput(new File("/dev/null")).redirectOutput(dir.resolve("stdout.txt").toFile())
                    .redirectError(dir.resolve("stderr.txt").toFile()), 60, "tot");
            assertEquals(0, p.exitValue(), Files.readString(dir.resolve("stderr.txt")));
            assertEquals("", Files.readString(dir.resolve("stderr.txt")));
        }
        assertTrue(names(dir.resolve("scripts")).containsAll(List.of("0-1-true", "t.db")), names(dir.resolve("scripts")).toString());
        assertFalse(names(dir.resolve("scripts")).contains("ev.jsonl"), "what is not this run's output is cleaned");
    }

    @Test
    void cleanRefusesRootTheCurrentDirectoryAndAboveEvenForced() throws Exception {
        Files.createDirectories(dir.resolve("scripts"));
        Files.writeString(dir.resolve("scripts/keep"), "x");
        for (String target : List.of("/", ".", "..", dir.getParent().getParent().toString())) {
            Result r = clean(null, "-s", target, "--clean-force");
            assertEquals(2, r.status(), target + ": " + r.stderr());
            assertTrue(r.stderr().startsWith("tot: " + target + ": refusing to --clean: it "), r.stderr());
        }
        assertTrue(Files.exists(dir.resolve("scripts/keep")), "nothing was removed");
    }

    @Test
    void cleanRefusesAHomeReachedThroughASymlink() throws Exception {
        Path home = Files.createDirectories(dir.resolve("realhome"));
        Files.writeString(home.resolve(".bashrc"), "precious");
        Files.createSymbolicLink(dir.resolve("link"), home);
        // $HOME is the link (Java's user.home is the passwd entry: neither names realhome itself)
        for (String target : List.of("realhome", "link")) {
            for (String flag : List.of("--clean", "--clean-force")) {
                Result r = clean(dir.resolve("link").toString(), "-s", target, flag);
                assertEquals(2, r.status(), target + " " + flag + ": " + r.stderr());
                assertEquals("tot: " + target + ": refusing to --clean: it is the home directory " + home.toRealPath(),
                        r.stderr().strip());
            }
        }
        // a directory holding the home
        Files.createDirectories(dir.resolve("outer"));
        Files.move(home, dir.resolve("outer/home"));
        Result holding = clean(dir.resolve("outer/home").toString(), "-s", "outer", "--clean-force");
        assertEquals(2, holding.status(), holding.stderr());
        assertEquals("tot: outer: refusing to --clean: it holds the home directory " + dir.resolve("outer/home").toRealPath(),
                holding.stderr().strip());
        assertEquals("precious", Files.readString(dir.resolve("outer/home/.bashrc")));
    }

    @Test
    void scriptsReplayTheRedirectionsThatFedEachStep() throws Exception {
        Path work = Files.createDirectories(dir.resolve("work dir"));
        Files.writeString(work.resolve("in.txt"), "pear\napple\nfig\n");
        Files.writeString(work.resolve("log.txt"), "kept\n");
        String pipeline = "tr a-z A-Z < in.txt > up.txt; sort < up.txt > sorted.txt 2>&1; cat sorted.txt >> log.txt;"
                + " wc -l < sorted.txt 1<> count.txt; cat in.txt | tr p P > piped.txt; rev < 'in.txt' 3< up.txt > rev.txt";
        Result r = TotProcess.log(work, List.of("--no-db", "-s", dir.resolve("scripts").toString()), "sh", "-c", pipeline);
        assertEquals(0, r.status(), r.stderr());
        List<String> outputs = List.of("up.txt", "sorted.txt", "log.txt", "count.txt", "piped.txt", "rev.txt");
        Map<String, byte[]> recorded = new java.util.HashMap<>();
        for (String o : outputs) recorded.put(o, Files.readAllBytes(work.resolve(o)));

        for (String o : outputs) Files.delete(work.resolve(o));
        Files.writeString(work.resolve("log.txt"), "kept\n"); // as it was before the run: >> appends to it
        List<Path> steps;
        try (var list = Files.list(dir.resolve("scripts"))) {
            steps = list.filter(p -> !p.getFileName().toString().startsWith("0-")) // not the shell: the steps it ran
                    .sorted(java.util.Comparator.comparingInt(p -> Integer.parseInt(p.getFileName().toString().split("-")[1]))).toList();
        }
        assertEquals(7, steps.size(), steps.toString());
        String sort = Files.readString(steps.get(1));
        assertTrue(sort.contains("[ -n \"$exec\" ] || exec 0<'" + work + "/up.txt' 1>'" + work + "/sorted.txt' 2>&1 || exit\n"), sort);
        assertTrue(Files.readString(steps.get(2)).contains(" 1>>'" + work + "/log.txt' "), "appended");
        assertTrue(Files.readString(steps.get(3)).contains(" 1<>'" + work + "/count.txt' "), "read and written in place");
        assertFalse(Files.readString(steps.get(5)).contains(" 0<"), "a pipe stays the caller's");
        assertTrue(Files.readString(steps.get(6)).contains(" 0<'" + work + "/in.txt' 1>'" + work + "/rev.txt' 3<'" + work + "/up.txt' "),
                "fds in order, any number");
        for (Path step : steps) {
            Process p = run(List.of(step.toString()), dir, Map.of());
            assertEquals(0, p.exitValue(), step + ": " + Files.readString(dir.resolve("err.txt")));
        }
        for (String o : outputs) {
            if (o.equals("piped.txt")) continue; // its input was a pipe: the caller's (here /dev/null)
            assertArrayEquals(recorded.get(o), Files.readAllBytes(work.resolve(o)), o);
        }
        assertEquals("", Files.readString(dir.resolve("out.txt")), "nothing went to the caller's output");
        Process echo = run(List.of("bash", "-c", "exec=echo '" + steps.get(0) + "'"), dir, Map.of());
        assertEquals(0, echo.exitValue());
        assertEquals("/usr/bin/tr a-z A-Z\n", Files.readString(dir.resolve("out.txt")), "exec=echo prints, redirects nothing");
    }
}
