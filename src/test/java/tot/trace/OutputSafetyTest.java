package tot.trace;

import static org.junit.jupiter.api.Assertions.*;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What tot writes, when writing is hostile or fails: the umask, links planted by another user,
 * full disks, outputs that cannot be written (checked before the command runs), and standard
 * output shared with the command. The command touches {@code ran}: a refused run never starts it.
 */
class OutputSafetyTest {
    @TempDir
    Path dir;

    private final List<Path> mounts = new ArrayList<>();

    record Run(int status, String stderr, String stdout) {
        /** Refused before the command ran: exit 2, one line naming {@code file} and saying {@code cause}. */
        void refused(Path dir, String file, String cause) {
            assertEquals(2, status, stderr);
            assertEquals(1, stderr.lines().count(), stderr);
            assertTrue(stderr.startsWith("tot: " + file + ": ") && stderr.contains(cause), stderr);
            assertFalse(Files.exists(dir.resolve("ran")), "the command ran");
        }
    }

    /** tot ARGS in {@code dir}, under {@code umask} (null: the test's), stdout and stderr to files. */
    private Run tot(String umask, List<String> jvmOptions, String... args) throws Exception {
        ProcessBuilder pb = TotProcess.builder(dir, List.of(args));
        List<String> cmd = new ArrayList<>(pb.command());
        cmd.addAll(1, jvmOptions);
        if (umask != null) cmd.addAll(0, List.of("sh", "-c", "umask " + umask + " && exec \"$@\"", "sh"));
        pb.command(cmd).redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile())
                .redirectInput(new File("/dev/null"));
        int status = TotProcess.finish(pb, 120, "tot").exitValue();
        return new Run(status, Files.readString(dir.resolve("err.txt")).strip(), Files.readString(dir.resolve("out.txt")));
    }

    private Run tot(String... args) throws Exception {
        return tot(null, List.of(), args);
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }

    /**
     * The temporary files a killed tot left beside its outputs (deps.json's, a script's) are
     * removed by the next tot that writes there; one whose process still runs (this JVM's pid)
     * and a file that only looks like one of them stay.
     */
    @Test
    void temporaryFilesAKilledTotLeftAreRemovedByTheNext() throws Exception {
        Files.createDirectories(dir.resolve("s"));
        long gone = 4_194_304L + 17; // above pid_max: no such process
        long alive = ProcessHandle.current().pid();
        List<Path> stale = List.of(dir.resolve(".deps.json.tot-" + gone + "-5.tmp"), dir.resolve("s/.1-2-sh.tot-" + gone + "-9.tmp"));
        List<Path> kept = List.of(dir.resolve(".deps.json.tot-" + alive + "-5.tmp"), dir.resolve(".deps.json.123.tmp"),
                dir.resolve("notes.tot-" + gone + "-1.tmp"));
        for (Path p : stale) Files.writeString(p, "half");
        for (Path p : kept) Files.writeString(p, "mine");
        TotProcess.Result r = TotProcess.log(dir, List.of("-s", "s"), "true");
        assertEquals(0, r.status(), r.stderr());
        for (Path p : stale) assertFalse(Files.exists(p), p + " left");
        for (Path p : kept) assertTrue(Files.exists(p), p + " removed");
        try (var left = Files.list(dir)) {
            assertEquals(List.of(), left.filter(p -> p.getFileName().toString().matches("\\.deps\\.json\\.tot-.*")
                    && !kept.contains(p)).toList(), "this run's own temporary file was renamed over deps.json");
        }
    }

    @Test
    void newFilesFollowTheUmaskAndOldOnesKeepTheirMode() throws Exception {
        Path kept = Files.writeString(dir.resolve("kept.json"), "old");
        Files.setPosixFilePermissions(kept, PosixFilePermissions.fromString("rw----r--"));
        Run r = tot("027", List.of(), "log", "-d", "deps.json", "-o", "ev.jsonl", "-s", "scripts", "--db", "t.db",
                "--trace=execve", "--", "true");
        assertEquals(0, r.status(), r.stderr());
        assertEquals("rw-r-----", mode(dir.resolve("deps.json")));
        assertEquals("rw-r-----", mode(dir.resolve("ev.jsonl")));
        assertEquals("rw-r-----", mode(dir.resolve("t.db")));
        assertEquals("rwxr-x---", mode(dir.resolve("scripts")));
        assertEquals("rwxr-x---", mode(dir.resolve("scripts/0-1-true")));
        r = tot("027", List.of(), "export", "--csv", "calls.csv", "--db", "t.db");
        assertEquals(0, r.status(), r.stderr());
        assertEquals("rw-r-----", mode(dir.resolve("calls.csv")));
        r = tot("000", List.of(), "log", "-d", "kept.json", "--no-db", "--", "true");
        assertEquals(0, r.status(), r.stderr());
        assertEquals("rw----r--", mode(kept), "an existing file keeps its mode");
        assertTrue(Files.readString(kept).startsWith("["));
    }

    /** A link in a sticky world-writable directory, owned by nobody: what another user could plant in /tmp. */
    private Path planted(Path sticky, String name, Path target) throws Exception {
        Path link = Files.createSymbolicLink(sticky.resolve(name), target);
        var nobody = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        Files.getFileAttributeView(link, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).setOwner(nobody);
        return link;
    }

    @Test
    void linksPlantedByAnotherUserAreNotFollowed() throws Exception {
        Assumptions.assumeTrue(System.getProperty("user.name").equals("root"), "needs root to make a link owned by nobody");
        Path sticky = Files.createDirectory(dir.resolve("pub"));
        Files.setPosixFilePermissions(sticky, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.setAttribute(sticky, "unix:mode", 01777);
        Path victim = Files.writeString(dir.resolve("victim"), "precious");
        Path victimDir = Files.createDirectory(dir.resolve("victimdir"));
        planted(sticky, "deps.json", victim);
        planted(sticky, "ev.jsonl", victim);
        planted(sticky, "t.db", victim);
        planted(sticky, "scripts", victimDir);
        planted(sticky, "sub", victimDir);
        String cause = "a symbolic link owned by another user (uid ";
        tot("log", "-d", "pub/deps.json", "--no-db", "--", "touch", "ran").refused(dir, "pub/deps.json", cause);
        tot("log", "-o", "pub/ev.jsonl", "--no-db", "--", "touch", "ran").refused(dir, "pub/ev.jsonl", cause);
        tot("log", "-d", "pub/sub/deps.json", "--no-db", "--", "touch", "ran").refused(dir, "pub/sub/deps.json", cause);
        tot("log", "-s", "pub/scripts", "--no-db", "--", "touch", "ran").refused(dir, "pub/scripts", cause);
        tot("log", "--db", "pub/t.db", "--", "touch", "ran").refused(dir, "pub/t.db", cause);
        assertEquals("precious", Files.readString(victim));
        try (var files = Files.list(victimDir)) {
            assertEquals(0, files.count());
        }
        Path mine = Files.createSymbolicLink(sticky.resolve("mine.json"), victim); // tot's own user's link: followed
        Run r = tot("log", "-d", "pub/mine.json", "--no-db", "--", "true");
        assertEquals(0, r.status(), r.stderr());
        assertTrue(Files.isSymbolicLink(mine), "the link stays a link");
        assertTrue(Files.readString(victim).startsWith("["), "its target was replaced");
    }

    /**
     * A command that dropped root's privileges plants links, during the run, at the deps.json
     * name and at a launcher script's name in directories it may write (not sticky: no
     * protected_symlinks rule applies): root tot writes into the directories it checked before
     * the run, replacing the links, never through them.
     */
    @Test
    void linksTheCommandPlantsDuringTheRunAreReplacedNotFollowed() throws Exception {
        Assumptions.assumeTrue(System.getProperty("user.name").equals("root"), "needs root to run the command as nobody");
        Path victim = Files.writeString(dir.resolve("victim"), "precious");
        Files.setPosixFilePermissions(victim, PosixFilePermissions.fromString("rw-------"));
        Path pub = Files.createDirectory(dir.resolve("pub"));
        Path scripts = Files.createDirectory(dir.resolve("scripts"));
        for (Path d : List.of(dir, pub, scripts)) Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setAttribute(pub, "unix:uid", 65534);
        Files.setAttribute(scripts, "unix:uid", 65534);
        // setpriv is execution 1, sh 2, the ln 3 and 4, then /bin/true 5: its script is 2-5-true
        String plant = "ln -s " + victim + " " + pub.resolve("deps.json") + " && ln -s " + victim + " " + scripts.resolve("2-5-true")
                + " && /bin/true && echo done";
        Run r = tot("log", "-d", "pub/deps.json", "-s", "scripts", "--no-db", "--", "setpriv", "--reuid=65534", "--regid=65534",
                "--clear-groups", "sh", "-c", plant);
        assertEquals(0, r.status(), r.stderr());
        assertEquals("precious", Files.readString(victim));
        assertEquals("rw-------", mode(victim));
        assertFalse(Files.isSymbolicLink(pub.resolve("deps.json")), "the planted link was replaced");
        assertTrue(Files.readString(pub.resolve("deps.json")).startsWith("["));
        assertTrue(Files.readString(scripts.resolve("2-5-true")).startsWith("#!"), "the script replaced the planted link");
    }

    /**
     * A command that removes the output's directory and makes it again (a build's clean step)
     * still gets its deps.json there; one that puts another user's link in its place (a command
     * that dropped root's privileges) does not redirect tot: nothing is written, and it says why.
     */
    @Test
    void aDirectoryRemovedDuringTheRunIsResolvedAgainOnlyThroughWhatIsOurs() throws Exception {
        Files.createDirectory(dir.resolve("out"));
        Run r = tot("log", "-d", "out/deps.json", "--no-db", "--", "sh", "-c", "rm -rf out && mkdir out");
        assertEquals(0, r.status(), r.stderr());
        assertTrue(Files.readString(dir.resolve("out/deps.json")).startsWith("["));
        Assumptions.assumeTrue(System.getProperty("user.name").equals("root"), "needs root to run the command as nobody");
        Path box = Files.createDirectory(dir.resolve("box"));
        Files.createDirectory(box.resolve("pub"));
        Path victimDir = Files.createDirectory(dir.resolve("victimdir"));
        for (Path d : List.of(dir, box, box.resolve("pub"))) Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setAttribute(box, "unix:uid", 65534);
        Files.setAttribute(box.resolve("pub"), "unix:uid", 65534);
        Run swapped = tot("log", "-d", "box/pub/deps.json", "--no-db", "--", "setpriv", "--reuid=65534", "--regid=65534",
                "--clear-groups", "sh", "-c", "rm -rf " + box.resolve("pub") + " && ln -s " + victimDir + " " + box.resolve("pub"));
        assertEquals(2, swapped.status(), swapped.stderr());
        assertTrue(swapped.stderr().contains("box/pub/deps.json: its directory was removed during the run, and " + box.resolve("pub")
                + " is now another user's (uid 65534): not written"), swapped.stderr());
        try (var files = Files.list(victimDir)) {
            assertEquals(0, files.count());
        }
    }

    /** A database that cannot be made (a file size limit) says why, not that a rollback failed. */
    @Test
    void aDatabaseThatCannotBeMadeSaysWhy() throws Exception {
        ProcessBuilder pb = TotProcess.builder(dir, List.of("log", "--db", "x.db", "--", "true"));
        List<String> cmd = new ArrayList<>(List.of("sh", "-c", "ulimit -f 64 && exec \"$@\"", "sh"));
        cmd.addAll(pb.command());
        pb.command(cmd).redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile())
                .redirectInput(new File("/dev/null"));
        assertEquals(2, TotProcess.finish(pb, 120, "tot").exitValue());
        String err = Files.readString(dir.resolve("err.txt")).strip();
        assertTrue(err.startsWith("tot: x.db: ") && err.contains("disk I/O error") && !err.contains("rollback"), err);
    }

    @Test
    void unwritableTargetsAreRefusedBeforeTheCommandRuns() throws Exception {
        Files.createDirectory(dir.resolve("adir"));
        Files.createSymbolicLink(dir.resolve("nowhere"), Path.of("/nonexistent/deps.json"));
        Files.createSymbolicLink(dir.resolve("dangling"), dir.resolve("adir/missing.json"));
        tot("log", "-d", "", "--no-db", "--", "touch", "ran").refused(dir, "''", "empty file name");
        tot("log", "-d", "/proc/deps.json", "--no-db", "--", "touch", "ran").refused(dir, "/proc/deps.json", "under /proc");
        tot("log", "-d", "nowhere", "--no-db", "--", "touch", "ran").refused(dir, "nowhere", "directory /nonexistent does not exist");
        tot("log", "-d", "dangling", "--no-db", "--", "touch", "ran").refused(dir, "dangling", "dangling symbolic link");
        tot("log", "-d", "adir", "--no-db", "--", "touch", "ran").refused(dir, "adir", "Is a directory");
        tot("log", "-d", "new.json/", "--no-db", "--", "touch", "ran").refused(dir, "new.json/", "Is a directory");
        tot("log", "--db", "new.db/", "--", "touch", "ran").refused(dir, "new.db/", "Is a directory");
        tot("blackbox", "-p", "1", "--dump", "adir").refused(dir, "adir", "Is a directory");
    }

    /**
     * An output that is the database (`-d tot.db`, `-o ./tot.db`, through a link) would replace
     * every run stored there, and deps.json and the event stream in one file would replace each
     * other: refused before the command runs, the database untouched.
     */
    @Test
    void anOutputThatIsTheDatabaseOrAnotherOutputIsRefused() throws Exception {
        assertEquals(0, tot("log", "--db", "t.db", "--", "true").status());
        byte[] before = Files.readAllBytes(dir.resolve("t.db"));
        Files.createSymbolicLink(dir.resolve("link.db"), dir.resolve("t.db"));
        tot("log", "--db", "t.db", "-d", "t.db", "--", "touch", "ran").refused(dir, "t.db", "the database tot uses");
        tot("log", "--db", "t.db", "-o", "./t.db", "--", "touch", "ran").refused(dir, "./t.db", "the database tot uses");
        tot("log", "--db", "link.db", "-d", "t.db", "--", "touch", "ran").refused(dir, "t.db", "the database tot uses");
        tot("log", "--no-db", "-d", "x.json", "-o", "x.json", "--", "touch", "ran").refused(dir, "x.json", "the event stream");
        assertArrayEquals(before, Files.readAllBytes(dir.resolve("t.db")));
        assertEquals(0, tot("log", "--no-db", "-d", "/dev/null", "-o", "/dev/null", "--", "true").status(), "a device is no file to keep");
    }

    /** A small tmpfs at {@code dir/name}, unmounted after the test; the test is skipped where mounting is refused. */
    private Path tmpfs(String name, String size) throws Exception {
        Path m = Files.createDirectory(dir.resolve(name));
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", m.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        Assumptions.assumeTrue(p.waitFor() == 0, "cannot mount a tmpfs here: " + out.strip());
        mounts.add(m);
        return m;
    }

    private static void sh(String script) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", script).inheritIO().start();
        assertEquals(0, p.waitFor(), script);
    }

    @AfterEach
    void unmount() throws Exception {
        for (Path m : mounts) new ProcessBuilder("umount", "-l", m.toString()).inheritIO().start().waitFor();
    }

    @Test
    void aFullDiskMakesTheStatus2AndNamesTheFile() throws Exception {
        Path full = tmpfs("full", "64k");
        sh("dd if=/dev/zero of=" + full + "/fill bs=4k count=15 2>/dev/null; true");
        Run r = tot("log", "-o", "full/ev.jsonl", "-s", "full/scripts", "--no-db", "--", "sh", "-c",
                "for i in $(seq 40); do /bin/true; done; exit 3");
        assertEquals(2, r.status(), r.stderr());
        assertTrue(r.stderr().contains("tot: cannot write full/ev.jsonl: No space left on device"), r.stderr());
        assertTrue(r.stderr().lines().anyMatch(l -> l.matches("tot: cannot write full/scripts/[0-9]+-[0-9]+-\\S+: No space left on device")),
                r.stderr());
        assertTrue(r.stderr().endsWith("tot: the command's exit status was 3 (tot's is 2: an output is incomplete)"), r.stderr());
        for (String option : List.of("-o", "-d")) {
            r = tot("log", option, "/dev/full", "--no-db", "--", "true");
            assertEquals(2, r.status(), r.stderr());
            assertEquals("tot: cannot write /dev/full: No space left on device", r.stderr());
        }
    }

    /**
     * The database's disk fills during the run: the error names the database given; the spool
     * tot tries beside it (where a locked database's run goes) cannot take the run either and is
     * not left behind, and the run goes on in a spool in the temporary directory, whole.
     */
    @Test
    void aDatabaseOnAFullDiskNamesItAndTheRunGoesToATemporarySpool() throws Exception {
        Path full = tmpfs("full", "256k");
        Run r = tot("log", "--db", "full/tot.db", "--", "sh", "-c", // the command fills the disk, then works on
                "dd if=/dev/zero of=full/fill bs=4k 2>/dev/null; for i in $(seq 60); do cat /etc/services > /dev/null; done");
        assertEquals(2, r.status(), r.stderr());
        assertTrue(r.stderr().lines().anyMatch(l -> l.startsWith("tot: cannot write full/tot.db: ") && l.contains("full")), r.stderr());
        try (var files = Files.list(full)) {
            assertEquals(List.of(), files.map(f -> f.getFileName().toString()).filter(n -> n.contains("spool")).toList());
        }
        var stored = java.util.regex.Pattern.compile("the run is stored in (\\S+) instead").matcher(r.stderr());
        assertTrue(stored.find(), r.stderr());
        Path spool = Path.of(stored.group(1));
        try {
            Run shown = tot("show", "--db", spool.toString(), "--format", "json");
            assertEquals(0, shown.status(), shown.stderr());
            assertEquals(61, shown.stdout().split("\"args\":\\[\"cat\"", -1).length, "the 60 cats are in the spool");
        } finally {
            tot.store.Store.removeWithPrivateTemp(spool);
        }
    }

    /**
     * The command removes the database's directory (`--db build/tot.db -- make clean all`): the
     * history and the run, which SQLite wrote into files no name led to any more, are kept in a
     * spool that the end names (status 2), not lost in silence.
     */
    @Test
    void aDatabaseTheCommandRemovesIsKeptInASpool() throws Exception {
        Files.createDirectory(dir.resolve("out"));
        assertEquals(0, tot("log", "--db", "out/t.db", "--", "true").status());
        Run r = tot("log", "--db", "out/t.db", "--", "sh", "-c", "rm -r out && cat /etc/hostname > /dev/null");
        assertEquals(2, r.status(), r.stderr());
        var stored = java.util.regex.Pattern.compile("^tot: cannot write out/t.db: removed or replaced during the run .*the run is"
                + " stored in (\\S+) instead", java.util.regex.Pattern.MULTILINE).matcher(r.stderr());
        assertTrue(stored.find(), r.stderr());
        Path spool = Path.of(stored.group(1));
        try {
            Run shown = tot("show", "--db", spool.toString());
            assertEquals(2, shown.stdout().lines().filter(l -> l.startsWith("run ")).count(), "the earlier run and this one: " + shown.stdout());
        } finally {
            tot.store.Store.removeWithPrivateTemp(spool);
        }
    }

    @Test
    void aWriteErrorNamesTheUsersFileAndTheCause() throws Exception {
        Path m = tmpfs("m", "1m");
        Run r = tot("log", "-d", "m/deps.json", "--no-db", "--", "mount", "-o", "remount,ro", m.toString());
        assertEquals(2, r.status(), r.stderr());
        assertEquals("tot: cannot write m/deps.json: Read-only file system", r.stderr());
    }

    @Test
    void standardOutputSharedWithTheCommandIsRefused() throws Exception {
        String cause = "standard output is not a terminal and the command writes there too";
        tot("log", "-d", "-", "--no-db", "--", "touch", "ran").refused(dir, "-d -", cause);
        tot("log", "-o", "-", "--no-db", "--", "touch", "ran").refused(dir, "-o -", cause);
        tot("log", "-d", "/dev/stdout", "--no-db", "--", "touch", "ran").refused(dir, "-d /dev/stdout", cause);
        // the way the message shows: the JSON to fd 3 (this standard output), the command's output to standard error
        List<String> cmd = new ArrayList<>(TotProcess.builder(dir, List.of("log", "-d", "/dev/fd/3", "--no-db", "--",
                "echo", "from the command")).command());
        cmd.addAll(0, List.of("sh", "-c", "exec \"$@\" 3>&1 1>&2", "sh"));
        Process p = TotProcess.finish(new ProcessBuilder(cmd).directory(dir.toFile()).redirectError(dir.resolve("err.txt").toFile()),
                120, "tot");
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.exitValue(), Files.readString(dir.resolve("err.txt")));
        assertEquals("echo", TotProcess.JSON.readTree(out).get(0).get("Cmd").get("Args").get(0).asText());
        assertEquals("from the command\n", Files.readString(dir.resolve("err.txt")));
    }

    private static final List<String> SHORT_LOCK_WAIT = List.of("-Dtot.lockWaitSeconds=2");

    private java.sql.Connection sqlite(Path db) throws Exception {
        return java.sql.DriverManager.getConnection("jdbc:sqlite:" + db);
    }

    @Test
    void aDatabaseThatCannotTakeTheRunIsRefusedBeforeTheCommandRuns() throws Exception {
        try (var c = sqlite(dir.resolve("new.db")); var st = c.createStatement()) {
            st.execute("PRAGMA user_version = 99");
        }
        tot("log", "--db", "new.db", "--", "touch", "ran").refused(dir, "new.db", "schema version 99 is newer than this tot knows");
        Path ro = tmpfs("ro", "1m");
        assertEquals(0, tot("log", "--db", "ro/old.db", "--", "true").status());
        sh("mount -o remount,ro " + ro);
        tot("log", "--db", "ro/old.db", "--", "touch", "ran").refused(dir, "ro/old.db", "Read-only file system");
        tot("log", "--db", "ro/new.db", "--", "touch", "ran").refused(dir, "ro/new.db", "Read-only file system");
    }

    @Test
    void aDatabaseLockedByAnotherProcessIsRefusedBeforeTheCommandRuns() throws Exception {
        assertEquals(0, tot("log", "--db", "t.db", "--", "true").status());
        try (var c = sqlite(dir.resolve("t.db")); var st = c.createStatement()) {
            st.execute("BEGIN IMMEDIATE");
            Run r = tot(null, SHORT_LOCK_WAIT, "log", "--db", "t.db", "--", "touch", "ran");
            assertEquals(2, r.status(), r.stderr());
            assertEquals("tot: t.db: locked by another process; waiting (up to 2 s)\n"
                    + "tot: t.db: locked by another process (waited 2 s) (--no-db to trace without it)", r.stderr());
            assertFalse(Files.exists(dir.resolve("ran")), "the command ran");
        }
    }

    /** A SIGTERM while tot waits for the lock, before the command runs, ends tot by it at once (it waited out the 30 s). */
    @Test
    void aSignalDuringTheLockWaitEndsTotAtOnce() throws Exception {
        assertEquals(0, tot("log", "--db", "t.db", "--", "true").status());
        try (var c = sqlite(dir.resolve("t.db")); var st = c.createStatement()) {
            st.execute("BEGIN IMMEDIATE");
            Process p = TotProcess.builder(dir, List.of("log", "--db", "t.db", "--", "touch", "ran"))
                    .redirectError(dir.resolve("err.txt").toFile()).redirectInput(new File("/dev/null")).start();
            for (int i = 0; i < 200 && !Files.readString(dir.resolve("err.txt")).contains("waiting"); i++) Thread.sleep(50);
            assertTrue(Files.readString(dir.resolve("err.txt")).contains("locked by another process; waiting"));
            long sent = System.nanoTime();
            p.destroy(); // SIGTERM
            assertTrue(p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS), "tot still waits");
            assertTrue(System.nanoTime() - sent < 5_000_000_000L, "ended " + (System.nanoTime() - sent) / 1_000_000 + " ms after the signal");
            assertEquals(128 + 15, p.exitValue(), Files.readString(dir.resolve("err.txt")));
            assertFalse(Files.exists(dir.resolve("ran")), "the command ran");
        }
    }

    /** tot keeps the lock for 2 s at most, also when the run is idle; one held past the wait makes it go on in a spool. */
    @Test
    void aLockTakenDuringTheRunSpoolsTheRunToANewDatabase() throws Exception {
        assertEquals(0, tot("log", "--db", "t.db", "--", "true").status());
        List<String> cmd = new ArrayList<>(TotProcess.builder(dir, List.of("log", "--db", "t.db", "--", "sh", "-c",
                "touch started; while [ ! -e go ]; do sleep 0.05; done; cat /etc/hostname > copy")).command());
        cmd.addAll(1, SHORT_LOCK_WAIT);
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectError(dir.resolve("err.txt").toFile())
                .redirectOutput(dir.resolve("out.txt").toFile()).start();
        try (var c = sqlite(dir.resolve("t.db")); var st = c.createStatement()) {
            for (int i = 0; i < 600 && !Files.exists(dir.resolve("started")); i++) Thread.sleep(50);
            st.execute("PRAGMA busy_timeout = 30000"); // tot lets the lock go every 2 s, idle or not
            st.execute("BEGIN IMMEDIATE");
            Files.createFile(dir.resolve("go"));
            assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "tot did not finish");
        } finally { // a failed test leaves no tot (nor its command's loop) running behind it
            if (!Files.exists(dir.resolve("go"))) Files.createFile(dir.resolve("go"));
            p.destroyForcibly();
        }
        String err = Files.readString(dir.resolve("err.txt")).strip();
        assertEquals(2, p.exitValue(), err);
        var m = java.util.regex.Pattern.compile("tot: cannot write t.db: locked by another process \\(waited 2 s\\); the run is stored in"
                + " (\\S+) instead \\(tot show --db \\S+\\)").matcher(err);
        assertTrue(m.find(), err);
        Path spool = Path.of(m.group(1));
        assertEquals(dir.resolve("t-spool-"), spool.resolveSibling("t-spool-"), "beside the database");
        try (var c = sqlite(spool); var st = c.createStatement()) {
            var rs = st.executeQuery("SELECT complete, exit FROM runs");
            assertTrue(rs.next());
            assertEquals(1, rs.getInt(1), "complete");
            rs = st.executeQuery("SELECT group_concat(x.path || ':' || a.kind, ' ') FROM accesses a JOIN executions x"
                    + " ON x.id = a.execution JOIN paths p ON p.id = a.path WHERE p.path IN ('/etc/hostname', '" + dir.toRealPath().resolve("copy")
                    + "', '" + dir.toRealPath().resolve("started") + "')");
            String rows = rs.getString(1);
            for (String expected : List.of("/usr/bin/touch:write", "/usr/bin/cat:read", "/usr/bin/sh:write")) {
                assertTrue(rows.contains(expected), "from before and after the lock: " + expected + " in " + rows);
            }
        }
        try (var c = sqlite(dir.resolve("t.db")); var st = c.createStatement()) {
            assertEquals(0, st.executeQuery("SELECT complete FROM runs WHERE id = 2").getInt(1), "the database keeps an incomplete run");
        }
    }
}
