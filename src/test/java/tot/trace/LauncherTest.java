package tot.trace;

import static org.junit.jupiter.api.Assertions.*;

import java.io.File;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ./tot launcher in a copy of the repository whose ./mvnw is a stand-in that copies a small
 * jar: the slow steps (build, training the start-up cache) say what they do on stderr, also when
 * it is not a terminal; a run that needs neither is silent.
 */
class LauncherTest {
    @TempDir
    Path dir;

    private Path repo;

    private record Run(int status, String out, String err) {}

    private Run tot(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(repo.resolve("tot").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectInput(new File("/dev/null"))
                .redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("FAKE_JAR", dir.resolve("fake.jar").toString());
        pb.environment().put("FAKE_TRAIN_FAILS", dir.resolve("train-fails").toString());
        Process p = TotProcess.finish(pb, 300, "./tot");
        return new Run(p.exitValue(), Files.readString(dir.resolve("out.txt")), Files.readString(dir.resolve("err.txt")));
    }

    /** A jar whose main class is FakeTotMain. */
    private static void fakeJar(Path jar) throws Exception {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, FakeTotMain.class.getName());
        String name = FakeTotMain.class.getName().replace('.', '/') + ".class";
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, m);
             InputStream cls = FakeTotMain.class.getClassLoader().getResourceAsStream(name)) {
            out.putNextEntry(new JarEntry(name));
            cls.transferTo(out);
            out.closeEntry();
        }
    }

    /** A copy of the launcher in a repository whose ./mvnw copies the fake jar: a build takes no time. */
    private void repoWithFakeBuild() throws Exception {
        repo = Files.createDirectories(dir.resolve("repo"));
        Files.createDirectories(repo.resolve(".ci"));
        Files.createDirectories(repo.resolve("src/main"));
        Path source = Path.of("").toAbsolutePath();
        Files.copy(source.resolve("tot"), repo.resolve("tot"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.copy(source.resolve(".ci/find-jdk.sh"), repo.resolve(".ci/find-jdk.sh"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.writeString(repo.resolve("pom.xml"), "<project/>\n");
        Files.writeString(repo.resolve("src/main/Code.java"), "class Code {}\n");
        Files.writeString(repo.resolve("mvnw"), "#!/bin/sh\nmkdir -p target && cp \"$FAKE_JAR\" target/tot.jar\n");
        Files.setPosixFilePermissions(repo.resolve("mvnw"), PosixFilePermissions.fromString("rwxr-xr-x"));
        fakeJar(dir.resolve("fake.jar"));
    }

    /**
     * When the full training fails (ptrace refused, say) the fallback's cache holds only the CLI:
     * the next run tries the full training once more, and only once.
     */
    /** `tot import` of a name that is no file (an strace -ff prefix): the launcher's look at it says nothing. */
    @Test
    void anImportOfANameThatIsNoFileGetsNoWordFromTheLauncher() throws Exception {
        repoWithFakeBuild();
        tot("--version"); // builds and trains: quiet from here on
        Run r = tot("import", "--db", "t.db", dir.resolve("run").toString());
        assertEquals(0, r.status(), r.err());
        assertEquals("", r.err(), "the fake tot prints nothing; the launcher neither");
    }

    @Test
    void aCacheOfTheFallbackTrainingIsRetrainedOnce() throws Exception {
        repoWithFakeBuild();
        Files.writeString(dir.resolve("train-fails"), "");
        Run first = tot("--version");
        assertEquals(0, first.status(), first.err());
        assertTrue(first.err().contains("tot: creating the start-up cache"), first.err());
        Files.delete(dir.resolve("train-fails")); // whatever failed has passed
        Run second = tot("show");
        assertEquals(0, second.status(), second.err());
        assertTrue(second.err().startsWith("tot: creating the start-up cache"), "tried again: " + second.err());
        Run third = tot("show");
        assertEquals(new Run(0, "fake tot show\n", ""), third, "a full cache now: silent");

        Files.writeString(dir.resolve("train-fails"), "");
        Files.delete(repo.resolve("target/tot.jar"));
        tot("--version"); // rebuilt; its training fails, the fallback's cache is made
        Run again = tot("show");
        assertTrue(again.err().startsWith("tot: creating the start-up cache"), again.err());
        Run last = tot("show");
        assertEquals(new Run(0, "fake tot show\n", ""), last, "tried once only, though it failed again");
    }

    /**
     * The signals the launcher says tot was given ignored: SIGQUIT only when it was (bash ignores
     * it itself while it runs a script, so its own SigIgn always has it).
     */
    @Test
    void sigquitIsGivenIgnoredOnlyWhenItWas() throws Exception {
        repoWithFakeBuild();
        tot("--version"); // builds and trains
        long quit = 1L << 2;
        long plain = Long.parseUnsignedLong(tot("signals").out().strip(), 16);
        assertEquals(0, plain & quit, "SIGQUIT was not ignored: " + Long.toHexString(plain));
        String launcher = repo.resolve("tot").toString();
        Run ignored = shell("trap '' QUIT; exec \"$0\" signals", launcher);
        assertEquals(plain | quit, Long.parseUnsignedLong(ignored.out().strip(), 16), ignored.err());
    }

    /** {@code script} run by sh with {@code arg} as $0, in the launcher's environment. */
    private Run shell(String script, String arg) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", script, arg).directory(dir.toFile()).redirectInput(new File("/dev/null"))
                .redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("FAKE_JAR", dir.resolve("fake.jar").toString());
        Process p = TotProcess.finish(pb, 300, "./tot");
        return new Run(p.exitValue(), Files.readString(dir.resolve("out.txt")), Files.readString(dir.resolve("err.txt")));
    }

    /** The cache is made with the launcher's JVM options and training run: a launcher edited after it makes a new one. */
    @Test
    void anEditedLauncherRetrainsTheCache() throws Exception {
        repoWithFakeBuild();
        tot("--version"); // builds and trains
        assertEquals(new Run(0, "fake tot show\n", ""), tot("show"));
        Thread.sleep(20); // past the cache's time
        Files.setLastModifiedTime(repo.resolve("tot"), java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis())); // an edit
        Run edited = tot("show");
        assertEquals(0, edited.status(), edited.err());
        assertTrue(edited.err().startsWith("tot: creating the start-up cache"), "retrained: " + edited.err());
        assertEquals(new Run(0, "fake tot show\n", ""), tot("show"), "then silent");
    }

    /** Run by a relative name (`./tot` in the repository) and through a link elsewhere, it finds its repository and cache. */
    @Test
    void aRelativeNameAndALinkFindTheRepository() throws Exception {
        repoWithFakeBuild();
        tot("--version"); // builds and trains
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Files.createSymbolicLink(bin.resolve("tot"), repo.resolve("tot"));
        for (String[] how : List.of(new String[] {"cd \"$0\" && exec ./tot show", repo.toString()},
                new String[] {"cd \"$0\" && exec ../repo/tot show", bin.toString()},
                new String[] {"exec \"$0\" show", bin.resolve("tot").toString()})) {
            assertEquals(new Run(0, "fake tot show\n", ""), shell(how[0], how[1]), how[0] + " with $0 = " + how[1]);
        }
    }

    @Test
    void theSlowStepsSayWhatTheyDoAndOtherRunsAreSilent() throws Exception {
        repoWithFakeBuild();
        Path code = repo.resolve("src/main/Code.java");

        Run first = tot("--version");
        assertEquals(0, first.status(), first.err());
        assertEquals("fake tot --version\n", first.out());
        List<String> notes = first.err().lines().toList();
        assertEquals(2, notes.size(), first.err());
        assertTrue(notes.get(0).startsWith("tot: building target/tot.jar (once after a clone or an edit;"), notes.get(0));
        assertTrue(notes.get(1).startsWith("tot: creating the start-up cache (once per build"), notes.get(1));

        Run second = tot("show");
        assertEquals(new Run(0, "fake tot show\n", ""), second, "nothing to build or train: silent");

        Files.setLastModifiedTime(code, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
        Run edited = tot("log", "x");
        assertEquals(0, edited.status(), edited.err());
        assertTrue(edited.err().startsWith("tot: building target/tot.jar"), "an edit rebuilds: " + edited.err());
    }
}
