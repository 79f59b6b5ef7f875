package tot.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tot.trace.TotProcess.Result;

/**
 * A build that links sources into its tree and reads them through the links (a file link, a
 * directory link) took in the sources, as strace shows the kernel opening them; a link to a
 * file the build made itself (`libm.so -> libm.so.1`) takes nothing in.
 */
class ReadThroughLinkTest {
    @TempDir
    Path dir;

    record Out(int status, String stdout, String stderr) {}

    private Out tot(String... args) throws Exception {
        Process p = TotProcess.finish(TotProcess.builder(dir, List.of(args)).redirectInput(new File("/dev/null"))
                .redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile()), 120, "tot " + args[0]);
        return new Out(p.exitValue(), Files.readString(dir.resolve("out.txt")), Files.readString(dir.resolve("err.txt")));
    }

    @Test
    void aReadThroughALinkTheRunMadeTakesInItsTarget() throws Exception {
        Files.createDirectories(dir.resolve("src/inc"));
        Files.createDirectories(dir.resolve("gen"));
        Files.writeString(dir.resolve("src/real.h"), "v1\n");
        Files.writeString(dir.resolve("src/inc/a.h"), "a1\n");
        Result r = TotProcess.log(dir, List.of(), "sh", "-c", "ln -s ../src/real.h gen/link.h; ln -s ../src/inc gen/inc;"
                + " cat gen/link.h gen/inc/a.h > one.txt; echo made > lib.so.1; ln -s lib.so.1 lib.so; cat lib.so > two.txt");
        assertEquals(0, r.status(), r.stderr());

        assertEquals("src/inc/a.h\nsrc/real.h\n", tot("inputs", "--under", ".", "--relative").stdout(), "the sources, not the links' names");
        assertEquals("one.txt: \\\n gen/link.h \\\n src/inc/a.h \\\n src/real.h\n", tot("depfile", "--under", ".", "--relative", "one.txt").stdout(),
                "the sources, and the link the run made (an output of it)");
        assertEquals("two.txt: \\\n lib.so \\\n lib.so.1\n", tot("depfile", "--under", ".", "--relative", "two.txt").stdout());
        assertEquals(0, tot("check", "--declared-glob", "src/**").status(), "the declared sources cover what was read through the links");
        Out undeclared = tot("check", "--declared-glob", "src/inc/**", "--relative");
        assertEquals(1, undeclared.status());
        assertEquals("src/real.h\n", undeclared.stdout().lines().filter(l -> !l.startsWith(" ")).map(l -> l + "\n").findFirst().orElse(""));

        String key = tot("key", "--under", ".").stdout();
        assertEquals(key, tot("key", "--under", ".", "--now").stdout());
        Files.writeString(dir.resolve("src/real.h"), "v2\n");
        assertNotEquals(key, tot("key", "--under", ".", "--now").stdout(), "the key covers the source read through the link");
    }

    /**
     * What a link held when it was read through is recorded at its making: a link the run removed
     * or pointed elsewhere before it ended still names the source read through it (the key
     * covered nothing when the link was read back after the run). Each recorder: both engines,
     * an strace log of the same command imported, and tot's own event stream imported.
     */
    @ParameterizedTest
    @ValueSource(strings = {"ptrace", "ebpf", "strace", "events"})
    void aLinkGoneOrRepointedAfterTheReadStillNamesWhatWasRead(String recorder) throws Exception {
        if (recorder.equals("ebpf")) EbpfEngineTest.assumeEbpf();
        Files.createDirectories(dir.resolve("src"));
        Files.createDirectories(dir.resolve("gen"));
        Files.writeString(dir.resolve("src/a.h"), "a1\n");
        Files.writeString(dir.resolve("src/b.h"), "b1\n");
        Files.writeString(dir.resolve("src/other.h"), "o1\n");
        String script = "ln -s ../src/a.h gen/a.h; cat gen/a.h > one.txt; rm gen/a.h;"
                + " ln -s ../src/b.h gen/b.h; cat gen/b.h > two.txt; ln -sf other.h gen/b.h";
        if (recorder.equals("strace")) {
            Process p = new ProcessBuilder("strace", "-f", "-qq", "-s", "4096", "-o", dir.resolve("s.log").toString(), "sh", "-c", script)
                    .directory(dir.toFile()).redirectInput(new File("/dev/null")).start();
            assertEquals(0, p.waitFor());
            assertEquals(0, tot("import", "s.log").status());
        } else if (recorder.equals("events")) {
            Result r = TotProcess.log(dir, List.of("--no-db", "-o", "ev.jsonl"), "sh", "-c", script);
            assertEquals(0, r.status(), r.stderr());
            assertEquals(0, tot("import", "ev.jsonl").status());
        } else {
            Result r = TotProcess.log(dir, List.of("--engine", recorder), "sh", "-c", script);
            assertEquals(0, r.status(), r.stderr());
        }
        assertEquals("src/a.h\nsrc/b.h\n", tot("inputs", "--under", "src", "--relative").stdout(),
                "what was read through the links, not what gen/b.h points to now");
        String show = tot("show").stdout();
        assertTrue(show.contains("/gen/a.h -> ../src/a.h\n") && show.contains("/gen/b.h -> other.h\n"), "each link with what it held: " + show);
        assertTrue(tot("show", "--format", "json").stdout().contains("\"target\":\"../src/b.h\""));
        String key = tot("key", "--under", "src").stdout();
        Files.writeString(dir.resolve("src/a.h"), "a2\n");
        assertNotEquals(key, tot("key", "--under", "src", "--now").stdout(), "the key covers the source read through the removed link");
    }

    /**
     * A link swapped into place by a rename (`ln -s v2 cur.new && mv -T cur.new cur`, the atomic
     * switch of a "current" link) is read through like one made at its name: the read took in what
     * the renamed link held. The key missed the second version, read after the swap.
     */
    @ParameterizedTest
    @ValueSource(strings = {"ptrace", "ebpf", "strace", "events"})
    void aLinkRenamedIntoPlaceIsReadThroughToWhatItHeld(String recorder) throws Exception {
        if (recorder.equals("ebpf")) EbpfEngineTest.assumeEbpf();
        Files.createDirectories(dir.resolve("src"));
        Files.writeString(dir.resolve("src/v1"), "1\n");
        Files.writeString(dir.resolve("src/v2"), "2\n");
        String script = "ln -s src/v1 cur; cat cur > one.txt; ln -s src/v2 cur.new; mv -T cur.new cur; cat cur > two.txt; rm cur";
        if (recorder.equals("strace")) {
            Process p = new ProcessBuilder("strace", "-f", "-qq", "-tt", "-s", "4096", "-o", dir.resolve("s.log").toString(), "sh", "-c", script)
                    .directory(dir.toFile()).redirectInput(new File("/dev/null")).start();
            assertEquals(0, p.waitFor());
            assertEquals(0, tot("import", "s.log").status());
        } else if (recorder.equals("events")) {
            Result r = TotProcess.log(dir, List.of("--no-db", "-o", "ev.jsonl"), "sh", "-c", script);
            assertEquals(0, r.status(), r.stderr());
            assertEquals(0, tot("import", "ev.jsonl").status());
        } else {
            Result r = TotProcess.log(dir, List.of("--engine", recorder), "sh", "-c", script);
            assertEquals(0, r.status(), r.stderr());
        }
        assertEquals("src/v1\nsrc/v2\n", tot("inputs", "--under", "src", "--relative").stdout(), "both versions read through the link");
        assertEquals("two.txt: \\\n src/v2\n", tot("depfile", "--under", "src", "--relative", "two.txt").stdout());
        String key = tot("key", "--under", "src").stdout();
        Files.writeString(dir.resolve("src/v2"), "changed\n");
        assertNotEquals(key, tot("key", "--under", "src", "--now").stdout(), "the key covers what was read after the swap");
    }

    /**
     * Under eBPF, files are hashed after the fact, checked against what the kernel held at the
     * open: two files of one size written in the same tick of the kernel's file clock have the same
     * size and status-change time, so a link repointed from one to the other before tot hashed the
     * read took the second's sha1 for the first. Its inode tells them apart: such a read is left
     * unhashed (wl24 found it), never given another file's content.
     */
    @Test
    void underEbpfAReadIsNeverHashedAsAnotherFileWrittenInTheSameTick() throws Exception {
        EbpfEngineTest.assumeEbpf();
        Path a = Files.writeString(dir.resolve("a"), "v1\n"), b = Files.writeString(dir.resolve("b"), "v2\n");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.getAttribute(a, "unix:ctime").equals(Files.getAttribute(b, "unix:ctime")),
                "a and b were written in two ticks of the file clock");
        Result r = TotProcess.log(dir, List.of("--engine", "ebpf"), "sh", "-c",
                "ln -sf a cur; cat cur; ln -sf b cur.new && mv -T cur.new cur; cat cur");
        assertEquals(0, r.status(), r.stderr());
        String json = tot("inputs", "--under", ".", "--relative", "--format", "json").stdout();
        com.fasterxml.jackson.databind.JsonNode entry = null;
        for (var e : new com.fasterxml.jackson.databind.ObjectMapper().readTree(json)) if (e.get("path").asText().equals("a")) entry = e;
        assertTrue(entry != null, json);
        String sha1 = entry.get("sha1").isNull() ? null : entry.get("sha1").asText();
        assertTrue(sha1 == null || sha1.equals(tot.linux.FileSha1.of(a.toString())), "a's sha1 is its own or none: " + json);
    }

    /**
     * In a root of its own (chroot, as openat2's RESOLVE_IN_ROOT) the kernel follows a link's
     * absolute target inside that root, while the name tot records, seen from tot's root, leads
     * out of it through the same link: the ptrace engine hashed the file outside for the read.
     * The read is hashed as the file opened, or not at all, never as another file.
     */
    @ParameterizedTest
    @ValueSource(strings = {"ptrace", "ebpf"})
    void aReadInAChrootThroughAnAbsoluteLinkIsNeverHashedAsTheFileOutside(String engine) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getProperty("user.name").equals("root"), "chroot needs root");
        if (engine.equals("ebpf")) EbpfEngineTest.assumeEbpf();
        Path real = dir.toRealPath(), outside = Files.writeString(real.resolve("outside.txt"), "outside\n");
        Path root = real.resolve("root"), inside = root.resolve(outside.toString().substring(1));
        Files.createDirectories(inside.getParent());
        Files.writeString(inside, "inside, another length\n");
        Files.createSymbolicLink(root.resolve("lnk"), outside);
        for (String[] how : List.of(new String[] {"chroot", "import os; os.chroot('root'); os.chdir('/'); print(open('lnk').read(), end='')"},
                new String[] {"openat2", """
                        import ctypes, os, struct
                        how = struct.pack('QQQ', os.O_RDONLY, 0, 0x10)  # RESOLVE_IN_ROOT
                        fd = ctypes.CDLL(None).syscall(437, os.open('root', os.O_RDONLY), b'lnk', how, len(how))
                        print(os.read(fd, 100).decode(), end='')
                        """})) {
            Result r = TotProcess.log(dir, List.of("--engine", engine), "/usr/bin/python3", "-c", how[1]);
            assertEquals(0, r.status(), r.stderr());
            assertEquals("inside, another length\n", Files.readString(dir.resolve("stdout.txt")), how[0]);
            String json = tot("inputs", "--under", "root", "--relative", "--format", "json").stdout();
            com.fasterxml.jackson.databind.JsonNode entry = null;
            for (var e : new com.fasterxml.jackson.databind.ObjectMapper().readTree(json)) if (e.get("path").asText().equals("root/lnk")) entry = e;
            assertTrue(entry != null, json);
            String sha1 = entry.get("sha1").isNull() ? null : entry.get("sha1").asText();
            assertTrue(sha1 == null || sha1.equals(tot.linux.FileSha1.of(inside.toString())), how[0] + ": the file read or none: " + json);
        }
    }
}
