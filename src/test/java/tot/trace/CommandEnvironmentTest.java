package tot.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The command gets tot's environment exactly, under either engine: in tot's order, with a PWD
 * that names no directory left as it is, and with entries whose names no shell can hold (GitHub
 * Actions' INPUT_MY-INPUT), which the ptrace engine's stopper shell would drop, sort or mend; the
 * soft limit of open files tot was given, which a JVM raises for itself unless told not to; and
 * the signal dispositions tot was given, not those glibc leaves in a child it spawns.
 */
class CommandEnvironmentTest {
    @TempDir
    Path dir;

    private static final List<String> ENV = List.of("INPUT_MY-INPUT=kept", "ZED=1", "ALPHA=2", "PWD=/no/such/dir", "A.B=3");

    @ParameterizedTest
    @ValueSource(strings = {"ptrace", "ebpf"})
    void theCommandGetsTotsEnvironmentAsItIs(String engine) throws Exception {
        if (engine.equals("ebpf")) EbpfEngineTest.assumeEbpf();
        Files.writeString(dir.resolve("env.py"), "import os, sys\nsys.stdout.buffer.write(open('/proc/self/environ', 'rb').read())\n");
        // env -i starts tot with exactly these entries, in this order
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/env", "-i"));
        cmd.addAll(ENV);
        cmd.addAll(TotProcess.builder(dir, List.of()).command());
        cmd.addAll(List.of("log", "--engine", engine, "--no-db", "-e", "-d", "deps.json", "--", TracingTest.PYTHON, "env.py"));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectInput(new File("/dev/null"))
                .redirectOutput(dir.resolve("environ").toFile()).redirectError(dir.resolve("stderr.txt").toFile());
        int status = TotProcess.finish(pb, 120, "tot").exitValue();
        assertEquals(0, status, Files.readString(dir.resolve("stderr.txt")));
        List<String> seen = List.of(Files.readString(dir.resolve("environ")).split("\0"));
        assertEquals(ENV, seen, "the command's /proc/self/environ");
        TotProcess.Result r = TotProcess.read(dir, status);
        assertEquals(ENV, TotProcess.Result.strings(r.deps().get(0).get("Cmd").get("Env")), "deps.json's Env");
    }

    /**
     * Started with a soft limit of open files below the hard one (1 024 is the usual default), the
     * command has that limit, not the JVM's raised one: the ./tot launcher runs the JVM with
     * -XX:-MaxFDLimit, and so does {@link TotProcess#builder}.
     */
    @ParameterizedTest
    @ValueSource(strings = {"ptrace", "ebpf"})
    void theCommandGetsTheLimitOfOpenFilesTotWasGiven(String engine) throws Exception {
        if (engine.equals("ebpf")) EbpfEngineTest.assumeEbpf();
        List<String> cmd = new ArrayList<>(List.of("sh", "-c", "ulimit -Sn 200 && exec \"$@\"", "sh"));
        cmd.addAll(TotProcess.builder(dir, List.of()).command());
        cmd.addAll(List.of("log", "--engine", engine, "--no-db", "-d", "deps.json", "--", "sh", "-c", "ulimit -Sn > soft.txt"));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectInput(new File("/dev/null"))
                .redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile());
        assertEquals(0, TotProcess.finish(pb, 120, "tot").exitValue(), Files.readString(dir.resolve("out.txt")));
        assertEquals("200", Files.readString(dir.resolve("soft.txt")).strip());
    }

    /**
     * Given no signal ignored, the command ignores none: not glibc's own 32 and 33, which its
     * posix_spawn leaves ignored in a child (and an ignored signal stays ignored across exec).
     */
    @ParameterizedTest
    @ValueSource(strings = {"ptrace", "ebpf"})
    void theCommandIgnoresNoSignalTotWasNotGivenIgnored(String engine) throws Exception {
        if (engine.equals("ebpf")) EbpfEngineTest.assumeEbpf();
        List<String> cmd = new ArrayList<>(TotProcess.builder(dir, List.of()).command());
        cmd.add(1, "-Dtot.ignoredSignals=0000000000000000"); // what the ./tot launcher passes from a shell that ignores none
        cmd.addAll(List.of("log", "--engine", engine, "--no-db", "-d", "deps.json", "--", "sh", "-c", "grep SigIgn /proc/$$/status > ign.txt"));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectInput(new File("/dev/null"))
                .redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile());
        assertEquals(0, TotProcess.finish(pb, 120, "tot").exitValue(), Files.readString(dir.resolve("out.txt")));
        assertEquals("SigIgn:\t0000000000000000", Files.readString(dir.resolve("ign.txt")).strip());
    }
}
