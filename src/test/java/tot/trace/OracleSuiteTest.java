package tot.trace;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tot.trace.StraceOracle.ExecFiles;
import tot.trace.TotProcess.Result;

/**
 * Real commands traced by tot and by strace: for every execution, tot's Inputs, Outputs and
 * Deleted must be exactly what strace's log implies under tot's rules (StraceOracle's replay).
 *
 * <p>Both tracers run the command one after the other in the same directory, reset to the same
 * fixture in between, with the same environment, so that absolute paths are identical and need
 * no rewriting. tot's own files (deps.json, its stdout and stderr) and strace's log are written
 * outside that directory, where the command cannot see them.
 *
 * <p>Executions are matched by argv and order of occurrence: the n-th execution (by start) with a
 * given argv in tot is compared with the n-th in strace. Merging same-argv executions would hide
 * a file recorded in the wrong one; ordering by start is stable here because no case runs two
 * executions with the same argv at the same time.
 *
 * <p>Differences by design, handled explicitly (the rules themselves, e.g. the rename rule, are
 * applied by the replay): pipes (tot's {@code /dev/fptrace/pipe/N}, strace's {@code pipe:[inode]})
 * are left out; the oracle leaves directories out of Inputs and Outputs (not out of Deleted:
 * rmdir); paths compare by real path, because tot records them lexically and strace's -y shows
 * the kernel's (a file that is gone: the real path of its nearest existing directory, joined with
 * the rest); random temp-file names (mkstemp and the like in sed, perl, ln -f, python, gcc, git)
 * are masked in paths and argv, because two runs cannot draw the same ones.
 */
class OracleSuiteTest {
    /** What a case needs from the machine, its command, its volatile names and what the oracle must see. */
    record Case(String name, List<String> needs, List<String> command, List<Volatile> volatiles, List<String> expected) {
        Arguments arguments() {
            return Arguments.of(Named.of(name, this));
        }
    }

    /** A random part of a file name (mkstemp's XXXXXX) replaced by a fixed text before comparing. */
    record Volatile(Pattern pattern, String replacement) {
        String mask(String s) {
            return pattern.matcher(s).replaceAll(replacement);
        }
    }

    private static final Volatile SED = new Volatile(Pattern.compile("(?<=/)sed[A-Za-z0-9]{6}$"), "sedXXXXXX");
    private static final Volatile PYTHON_TEMP = new Volatile(Pattern.compile("(?<=/)tmp[a-z0-9_]{8}$"), "tmpXXXXXXXX");
    /** gcc's TMPDIR files: /…/ccAbC123.s, .o, .res, .cdtor.c (collect2). */
    private static final Volatile GCC = new Volatile(Pattern.compile("(?<=/)cc[A-Za-z0-9]{6}(?=(\\.[a-z]+)+$)"), "ccXXXXXX");
    /** ln -f: a link under a random name, renamed over the target. */
    private static final Volatile LN_TEMP = new Volatile(Pattern.compile("(?<=/)Cu[A-Za-z0-9]{6}$"), "CuXXXXXX");
    /** perl -i: its temp file XXabcdef. */
    private static final Volatile PERL = new Volatile(Pattern.compile("(?<=/)XX[A-Za-z0-9]{6}$"), "XXXXXXXX");
    private static final Volatile GIT_OBJECT = new Volatile(Pattern.compile("(?<=/)tmp_obj_[A-Za-z0-9]{6}$"), "tmp_obj_XXXXXX");
    /** git init's probe of the file system (symlinks, case): .git/tXXXXXX. */
    private static final Volatile GIT_PROBE = new Volatile(Pattern.compile("(?<=/\\.git/)t[A-Za-z0-9]{6}$"), "tXXXXXX");

    static Stream<Arguments> cases() {
        String py = TracingTest.PYTHON;
        return Stream.of(
            c("sh pipeline with redirections", sh("cat a.txt b.txt | sort > c 2>err; wc -l < c >> c2"),
                    "I a.txt", "I b.txt", "O c", "O err", "O c2"),
            c("cp (copy_file_range)", List.of("cp", "a.txt", "copy.txt"), "I a.txt", "O copy.txt"),
            c("cat f > g", sh("cat a.txt > g"), "I a.txt", "O g"),
            c("mv", List.of("mv", "a.txt", "moved.txt"), "D a.txt", "O moved.txt"),
            c("mv over an existing file", List.of("mv", "a.txt", "b.txt"), "D a.txt", "O b.txt"),
            // a link compares as what it points to (real path), a dangling one by its own name; a link
            // to a directory is not a directory
            c("ln -s", sh("ln -s a.txt link.txt && ln -s no-such-file dangling && ln -s tree dirlink"),
                    "O a.txt", "O dangling", "O tree"),
            c("ln (hard link)", List.of("ln", "a.txt", "hard.txt"), "I a.txt", "O hard.txt"),
            c("ln -f over an existing file (link to a temp name, rename)", List.of("ln", "-f", "a.txt", "b.txt"),
                    List.of(LN_TEMP), "I a.txt", "O b.txt", "D CuXXXXXX", "!O CuXXXXXX"),
            c("rm", List.of("rm", "a.txt", "b.txt"), "D a.txt", "D b.txt"),
            c("rm -r on a tree", List.of("rm", "-r", "tree"),
                    "D tree", "D tree/sub", "D tree/one.txt", "D tree/sub/deep/three.dat"),
            c("mkdir -p", List.of("mkdir", "-p", "x/y/z")), // mkdir is in no record
            c("cp -a of a tree", List.of("cp", "-a", "tree", "copy"), "I tree/sub/deep/three.dat", "O copy/sub/deep/three.dat"),
            // directory fds: scandir, openat(dirfd), unlinkat(dirfd, name), rmdir
            c("python3 shutil.copytree + rmtree",
                    List.of(py, "-c", "import shutil; shutil.copytree('tree', 't2'); shutil.rmtree('tree')"),
                    "I tree/one.txt", "O t2/sub/two.txt", "D tree/sub/two.txt", "D tree/sub", "D tree"),
            // a renamed directory is not an output (directories never are); what it holds moves with it in
            // the executions still running (the shell's output is tree2/new.txt)
            c("mv of a directory", sh("echo x > tree/new.txt; mv tree tree2; cat tree2/new.txt"),
                    "O tree2/new.txt", "!O tree/new.txt", "D tree", "!O tree2", "I tree2/new.txt"),
            c("tar cf + tar xf", sh("tar cf t.tar a.txt tree && mkdir out && tar xf t.tar -C out"),
                    "O t.tar", "I t.tar", "I tree/sub/two.txt", "O out/a.txt", "O out/tree/sub/two.txt"),
            c("gzip and gunzip", sh("gzip a.txt && gunzip -c a.txt.gz > back.txt && gzip -k b.txt && gunzip -f b.txt.gz"),
                    "D a.txt", "O a.txt.gz", "I a.txt.gz", "O back.txt", "O b.txt", "D b.txt.gz"),
            c("sed -i (temp file + rename)", List.of("sed", "-i", "s/alpha/ALPHA/", "a.txt"), List.of(SED),
                    "I a.txt", "O a.txt", "D sedXXXXXX", "!O sedXXXXXX"),
            new Case("perl -i (temp file + rename)", List.of("perl"),
                    List.of("perl", "-i", "-pe", "s/alpha/A/", "a.txt", "b.txt"), List.of(PERL),
                    List.of("I a.txt", "O a.txt", "I b.txt", "O b.txt", "D XXXXXXXX", "!O XXXXXXXX")).arguments(),
            c("find -exec cat {} +", List.of("find", ".", "-name", "*.txt", "-exec", "cat", "{}", "+"),
                    "I a.txt", "I tree/one.txt", "I tree/sub/two.txt", "!I tree/sub/deep/three.dat"),
            c("python3 temp file + os.replace", List.of(py, "-c", """
                    import os, tempfile
                    fd, tmp = tempfile.mkstemp(dir='.')
                    os.write(fd, b'{}'); os.close(fd)
                    os.replace(tmp, 'out.json')
                    """), List.of(PYTHON_TEMP), "O out.json", "D tmpXXXXXXXX", "!O tmpXXXXXXXX", "!I tmpXXXXXXXX"),
            c("python3 os.truncate and open r+", List.of(py, "-c", """
                    import os
                    os.truncate('a.txt', 1)
                    with open('b.txt', 'r+') as f: f.write('B')
                    with open('c.txt', 'w') as f: f.truncate(0)
                    """), "O a.txt", "I b.txt", "O b.txt", "O c.txt", "!I c.txt"),
            c("python3 non-at calls after chdir", List.of(py, "-c", """
                    import os
                    os.chdir('tree')
                    os.rename('one.txt', 'uno.txt')
                    os.link('uno.txt', '../hard.txt')
                    os.symlink('no-such-file', 'sub/dangling')
                    os.unlink('sub/two.txt')
                    open('sub/deep/three.dat').close()
                    """), "D tree/one.txt", "O tree/uno.txt", "!I tree/uno.txt", "O hard.txt", "O tree/sub/dangling",
                    "D tree/sub/two.txt", "I tree/sub/deep/three.dat"),
            new Case("make, 3-file C project", List.of("make", "cc"), List.of("make"), List.of(GCC),
                    List.of("I main.c", "I util.c", "I util.h", "O main.o", "O util.o", "O prog", "D ../tmp/ccXXXXXX.s")).arguments(),
            new Case("git init/add/commit", List.of("git"),
                    sh("git init -q && git add a.txt b.txt && git -c user.name=tot -c user.email=tot@example.org commit -q -m first"),
                    List.of(GIT_OBJECT, GIT_PROBE),
                    List.of("O .git/HEAD", "O .git/index", "I a.txt", "D .git/index.lock", "O .git/refs/heads/main")).arguments(),
            // tot's rename rule: the shell wrote t, mv renamed it while the shell was running
            c("shell output renamed by a child mv", sh("echo x > t; mv t out"), "O out", "D t", "!O t"),
            // the writer has ended when mv renames: its record keeps the old name
            c("rename after the writer ended", sh("sh -c 'echo x > t'; mv t out"), "O t", "O out", "D t"),
            // the writer is still running (blocked on a FIFO) when mv renames: its record shows the new name
            c("rename while the writer still runs", sh("mkfifo ready go; sh -c 'echo x > t; echo > ready; read x < go' & "
                    + "read x < ready; mv t out; echo > go; wait"), "O out", "!O t", "D t", "I ready", "O ready", "I go", "O go"),
            c("python3: O_TMPFILE + linkat(AT_EMPTY_PATH), renameat2(RENAME_EXCHANGE)", List.of(py, "-c", """
                    import ctypes, os
                    libc = ctypes.CDLL(None, use_errno=True)
                    fd = os.open('.', os.O_WRONLY | os.O_TMPFILE, 0o644)
                    os.write(fd, b'x'); os.ftruncate(fd, 1)
                    if libc.linkat(fd, b'', -100, b'named', 0x1000) != 0: raise OSError(ctypes.get_errno(), 'linkat')
                    if libc.renameat2(-100, b'a.txt', -100, b'b.txt', 2) != 0: raise OSError(ctypes.get_errno(), 'renameat2')
                    """), "O named", "!I named", "O a.txt", "O b.txt", "!D a.txt", "!I a.txt"),
            // tot's paths are lexical (work/lnk/…), the kernel's physical (work/tree/…): the same entries
            c("cwd through a symlink", sh("ln -s tree lnk && cd lnk && cat one.txt > out && mv out ../out2 && rm sub/two.txt"),
                    "I tree/one.txt", "O out2", "D tree/out", "D tree/sub/two.txt"),
            // ".." after a symlink: the kernel goes to the link target's parent (tree/one.txt, tree/y)
            c("cwd through a symlink, then ..", sh("ln -s tree/sub lnk && cd lnk && cat ../one.txt && echo x > ../y"),
                    "I tree/one.txt", "O tree/y"),
            // a chdir whose own argument has ".." after the symlink: the kernel's parent of the target, under both engines
            c("chdir to .. through a symlink", List.of(py, "-c", "import os; os.symlink('tree/sub', 'lnk'); os.chdir('lnk/..');"
                    + " open('z', 'w').close()"), "O tree/z", "!O z"),
            // ".." after a symlink inside a name: the kernel takes the target's parent (tree/one.txt, tree/y2; two up: a.txt)
            c("a name with .. after a symlink", sh("ln -s tree/sub lnk && cat lnk/../one.txt lnk/../../a.txt > /dev/null"
                    + " && echo x > lnk/../y2 && ln -s tree same && cat same/../a.txt > /dev/null"),
                    "I tree/one.txt", "I a.txt", "O tree/y2", "!I one.txt"),
            c("touch", List.of("touch", "a.txt", "new.txt"), "O a.txt", "O new.txt"),
            // O_TRUNC empties regular files only: a FIFO opened with it and O_RDONLY is read, not written
            c("O_RDONLY|O_TRUNC of a FIFO", sh("mkfifo f && " + py + " -c \"import os;"
                    + " os.close(os.open('f', os.O_RDONLY | os.O_TRUNC | os.O_NONBLOCK))\""), "O f", "I f"),
            // the i386 ABI: its own syscall numbers (open, truncate64, fcntl64, socketcall…), 4-byte argv pointers
            new Case("an i386 program (cc -m32) doing every file operation", List.of("cc -m32"),
                    sh("cp a.txt in.txt && cp b.txt x1 && cp c.txt x2 && cp a.txt trunc1 && cp a.txt trunc2 && "
                            + "cc -m32 -o ../tmp/fileops32 " + Path.of("testdata/probes/fileops.c").toAbsolutePath() + " && ../tmp/fileops32"),
                    List.of(GCC), List.of("O r1.out", "O r3.out", "O x1", "O hard2", "D u2", "D d1", "O trunc1",
                            "I trunc2", "O tmpfile.out", "D r2")).arguments());
    }

    private static Arguments c(String name, List<String> command, String... expected) {
        return new Case(name, List.of(), command, List.of(), List.of(expected)).arguments();
    }

    private static Arguments c(String name, List<String> command, List<Volatile> volatiles, String... expected) {
        return new Case(name, List.of(), command, volatiles, List.of(expected)).arguments();
    }

    private static List<String> sh(String script) {
        return List.of("sh", "-c", script);
    }

    /**
     * The starting directory of every case. Files are dated in the past: git re-reads a file whose
     * mtime is as recent as its index ("racy git"), which would depend on each run's timing.
     */
    private static void fixture(Path d) throws IOException {
        Files.writeString(d.resolve("a.txt"), "alpha\nbeta\n");
        Files.writeString(d.resolve("b.txt"), "b\n");
        Files.writeString(d.resolve("c.txt"), "c\n");
        Files.createDirectories(d.resolve("tree/sub/deep"));
        Files.writeString(d.resolve("tree/one.txt"), "1\n");
        Files.writeString(d.resolve("tree/sub/two.txt"), "2\n");
        Files.writeString(d.resolve("tree/sub/deep/three.dat"), "3\n");
        Files.writeString(d.resolve("main.c"), "#include \"util.h\"\nint main(void) { return twice(0); }\n");
        Files.writeString(d.resolve("util.c"), "#include \"util.h\"\nint twice(int x) { return 2 * x; }\n");
        Files.writeString(d.resolve("util.h"), "int twice(int x);\n");
        Files.writeString(d.resolve("Makefile"), "prog: main.o util.o\n\tcc -o prog main.o util.o\nmain.o util.o: util.h\n");
        try (Stream<Path> all = Files.walk(d)) {
            for (Path f : all.toList()) Files.setLastModifiedTime(f, FileTime.from(Instant.parse("2001-01-01T00:00:00Z")));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void straceAndTotAgree(Case c, @TempDir Path tmp) throws Exception {
        Assumptions.assumeTrue(StraceOracle.available(), "strace is not installed");
        assumeTools(c);
        Path base = tmp.toRealPath(), work = base.resolve("work");
        Path totOut = Files.createDirectory(base.resolve("tot")), straceOut = Files.createDirectory(base.resolve("strace"));
        Map<String, String> env = environment(base);

        reset(base);
        Result r = TotProcess.log(work, totOut, env, c.command());
        assertEquals(0, r.status(), c.name() + ": tot: " + r.stderr());
        // real paths are taken now, before the directory is reset for strace
        Map<Key, Sets> tot = compared(StraceOracle.executions(r.deps()), c.volatiles(), false);

        reset(base);
        StraceOracle.Run s = StraceOracle.trace(work, straceOut, env, c.command());
        assertEquals(0, s.status(), () -> c.name() + ": strace: " + read(straceOut.resolve("stderr.txt")));
        Map<Key, Sets> strace = compared(s.executions(), c.volatiles(), true);

        for (String e : c.expected()) check(c.name(), strace, e, work);
        if (!strace.equals(tot)) fail(c.name() + ": " + difference(strace, tot) + "tot's stderr:\n" + r.stderr());
    }

    /** Skips the case when the machine lacks a tool it needs. */
    static void assumeTools(Case c) throws IOException, InterruptedException {
        for (String tool : c.needs()) {
            if (tool.equals("cc -m32")) Assumptions.assumeTrue(CProbe.canBuild(List.of("-m32")), "cc -m32 needs gcc-multilib");
            else Assumptions.assumeTrue(onPath(tool), tool + " is not installed");
        }
    }

    /** The same clean environment for both tracers: git's identity and dates fixed, no .pyc writes. */
    static Map<String, String> environment(Path base) {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        env.put("HOME", base.resolve("home").toString());
        env.put("TMPDIR", base.resolve("tmp").toString());
        env.put("LC_ALL", "C");
        env.put("PYTHONDONTWRITEBYTECODE", "1");
        env.put("GIT_CONFIG_NOSYSTEM", "1");
        env.put("GIT_AUTHOR_DATE", "2001-02-03T04:05:06Z");
        env.put("GIT_COMMITTER_DATE", "2001-02-03T04:05:06Z");
        env.put("GIT_CONFIG_COUNT", "1");
        env.put("GIT_CONFIG_KEY_0", "init.defaultBranch");
        env.put("GIT_CONFIG_VALUE_0", "main");
        return env;
    }

    /** The command's directory, HOME and TMPDIR as the fixture makes them, whatever the last run did. */
    static void reset(Path base) throws IOException {
        for (String d : List.of("work", "home", "tmp")) {
            Path p = base.resolve(d);
            if (Files.exists(p)) {
                try (Stream<Path> all = Files.walk(p)) {
                    for (Path f : all.sorted(Comparator.reverseOrder()).toList()) Files.delete(f);
                }
            }
            Files.createDirectory(p);
        }
        fixture(base.resolve("work"));
    }

    /** An execution: its argv (volatile names masked) and which of the executions with that argv it is. */
    record Key(List<String> args, int occurrence) {
        @Override
        public String toString() {
            return args + (occurrence > 1 ? " (#" + occurrence + ")" : "");
        }
    }

    /** An execution's files as compared: real paths, sorted. */
    record Sets(Set<String> inputs, Set<String> outputs, Set<String> deleted) {
        Set<String> get(char field) {
            return switch (field) {
                case 'I' -> inputs;
                case 'O' -> outputs;
                case 'D' -> deleted;
                default -> throw new IllegalArgumentException("no field " + field);
            };
        }
    }

    /**
     * Per execution (in the order they began): pipes left out; every path by real path
     * ({@link StraceOracle#real}); volatile names masked. On the oracle's side directories are
     * left out of Inputs and Outputs (not of Deleted: rmdir), as tot's rules say; tot's own records
     * are taken as they are, so a directory tot wrote into them is a difference. A symlink is not a
     * directory here, even when it points to one.
     */
    static Map<Key, Sets> compared(List<ExecFiles> executions, List<Volatile> volatiles, boolean oracle) {
        Map<Key, Sets> out = new LinkedHashMap<>();
        Map<List<String>, Integer> seen = new HashMap<>();
        for (ExecFiles x : executions) {
            List<String> args = x.args().stream().map(a -> mask(a, volatiles)).toList();
            Key key = new Key(args, seen.merge(args, 1, Integer::sum));
            out.put(key, new Sets(paths(x.inputs(), oracle, volatiles), paths(x.outputs(), oracle, volatiles),
                    paths(x.deleted(), false, volatiles)));
        }
        return out;
    }

    private static Set<String> paths(Set<String> paths, boolean withoutDirectories, List<Volatile> volatiles) {
        Set<String> out = new TreeSet<>();
        for (String p : paths) {
            if (!StraceOracle.isFile(p)) continue;
            if (withoutDirectories && Files.isDirectory(Path.of(p), LinkOption.NOFOLLOW_LINKS)) continue;
            out.add(mask(StraceOracle.real(p), volatiles));
        }
        return out;
    }

    static String mask(String s, List<Volatile> volatiles) {
        for (Volatile v : volatiles) s = v.mask(s);
        return s;
    }

    /**
     * What the case is about must be in the oracle's records, so that a case cannot pass because
     * both sides missed it: "O out" (some execution's Outputs has work/out), "!I x" (none's Inputs).
     */
    private static void check(String name, Map<Key, Sets> strace, String expectation, Path work) {
        boolean negated = expectation.startsWith("!");
        String e = negated ? expectation.substring(1) : expectation;
        String path = work.resolve(e.substring(2)).normalize().toString();
        boolean found = strace.values().stream().anyMatch(s -> s.get(e.charAt(0)).contains(path));
        assertEquals(!negated, found, () -> name + ": the strace oracle: expected " + expectation + " in\n" + render(strace));
    }

    /** For every execution that differs: what only strace and only tot have, per field. */
    static String difference(Map<Key, Sets> strace, Map<Key, Sets> tot) {
        StringBuilder sb = new StringBuilder("strace (expected) and tot (actual) differ:\n");
        Set<Key> keys = new LinkedHashSet<>(strace.keySet());
        keys.addAll(tot.keySet());
        for (Key k : keys) {
            Sets s = strace.get(k), t = tot.get(k);
            if (s == null || t == null) {
                sb.append("  ").append(k).append(": only in ").append(s == null ? "tot" : "strace").append('\n');
                continue;
            }
            if (s.equals(t)) continue;
            sb.append("  ").append(k).append(":\n");
            for (char f : new char[] {'I', 'O', 'D'}) {
                Set<String> onlyStrace = new TreeSet<>(s.get(f)), onlyTot = new TreeSet<>(t.get(f));
                onlyStrace.removeAll(t.get(f));
                onlyTot.removeAll(s.get(f));
                String name = switch (f) {
                    case 'I' -> "Inputs";
                    case 'O' -> "Outputs";
                    default -> "Deleted";
                };
                if (!onlyStrace.isEmpty()) sb.append("    ").append(name).append(" only in strace: ").append(onlyStrace).append('\n');
                if (!onlyTot.isEmpty()) sb.append("    ").append(name).append(" only in tot: ").append(onlyTot).append('\n');
            }
        }
        return sb.toString();
    }

    private static String render(Map<Key, Sets> runs) {
        StringBuilder sb = new StringBuilder();
        runs.forEach((k, s) -> sb.append("  ").append(k).append("\n    Inputs ").append(s.inputs())
                .append("\n    Outputs ").append(s.outputs()).append("\n    Deleted ").append(s.deleted()).append('\n'));
        return sb.toString();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(" + e + ")";
        }
    }

    static boolean onPath(String tool) {
        try {
            return new ProcessBuilder("sh", "-c", "command -v " + tool).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
