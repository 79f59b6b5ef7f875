package tot.trace;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The arguments strace shows by name (rt_sigprocmask's how, madvise's advice, mmap's prot and
 * flags, lseek's whence, access modes, flock, wait4, clocks, limits, socket families, types and
 * protocols, getrandom and eventfd flags, dup3's and pipe2's O_CLOEXEC without an access mode,
 * fcntl commands and the argument some take none of; mremap, msync, clock_nanosleep and timerfd
 * flags, arch_prctl codes, every prctl option and socket option levels and names), with typical and
 * unknown values, and the results it shows in hex (an address) or octal (umask) or by name beside
 * the number (fcntl's F_GETFL flags, PR_GET_DUMPABLE): tot's events of testdata/probes/argnames.c
 * read as strace's lines for the same program. An argument strace decodes as a struct (tot gives
 * its address) is compared as PTR on both sides.
 */
class ArgNamesTest {
    @TempDir
    Path dir;

    private static final String TRACE = "rt_sigprocmask,mmap,munmap,mprotect,madvise,brk,lseek,access,fcntl,flock,dup3,pipe2,"
            + "socket,kill,wait4,clock_gettime,prlimit64,getrandom,eventfd2,umask,faccessat2,rt_sigaction,openat,"
            + "mremap,msync,clock_nanosleep,timerfd_create,arch_prctl,prctl,setsockopt,getsockopt";

    @Test
    void namedArgumentsAndResultsReadAsStracePrintsThem() throws Exception {
        Assumptions.assumeTrue(StraceOracle.available(), "strace is not installed");
        Path probe = CProbe.build("argnames", dir.resolve("bin"));
        List<String> strace = strace(probe);
        List<String> tot = tot(probe);
        assertEquals(strace.size(), tot.size(), "strace:\n" + String.join("\n", strace) + "\ntot:\n" + String.join("\n", tot));
        for (int i = 0; i < tot.size(); i++) assertEquals(strace.get(i), tot.get(i));
    }

    /** strace -y's lines from the marker on: no fd after a result, no errno text, AT_FDCWD without its path. */
    private List<String> strace(Path probe) throws Exception {
        Path log = dir.resolve("strace.log");
        Process p = TotProcess.finish(new ProcessBuilder("strace", "-qq", "-y", "-o", log.toString(), "-e", "trace=" + TRACE,
                probe.toString()).directory(dir.toFile()).redirectInput(new File("/dev/null"))
                .redirectError(dir.resolve("err.txt").toFile()), 60, "strace");
        assertEquals(0, p.exitValue(), Files.readString(dir.resolve("err.txt")));
        List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            lines.add(line.replaceAll(" +=", " =").replaceAll("AT_FDCWD<[^>]*>", "AT_FDCWD").replaceAll("= (\\d+)<[^>]*>$", "= $1")
                    .replaceAll(" \\([A-Z][a-z][^)]*\\)$", ""));
        }
        return fromMarker(lines);
    }

    /** tot's syscall events as strace lines, the result as {@link ResultText} shows it (an address in hex, fcntl's flags by name). */
    private List<String> tot(Path probe) throws Exception {
        Path events = dir.resolve("events.jsonl");
        Process p = TotProcess.finish(TotProcess.builder(dir, List.of("log", "--no-db", "-o", events.toString(), "--trace=" + TRACE,
                "--", probe.toString())).redirectInput(new File("/dev/null")).redirectOutput(new File("/dev/null"))
                .redirectError(dir.resolve("err.txt").toFile()), 60, "tot");
        assertEquals(0, p.exitValue(), Files.readString(dir.resolve("err.txt")));
        List<String> lines = new ArrayList<>();
        for (JsonNode e : TotProcess.events(events)) {
            if (!e.get("ev").asText().equals("syscall")) continue;
            String name = e.get("name").asText();
            String result = e.has("err") ? "-1 " + e.get("err").asText()
                    : e.has("ret") ? ResultText.of(name, TotProcess.Result.strings(e.get("args")), e.get("ret").asLong()) : "?";
            lines.add(name + "(" + String.join(", ", TotProcess.Result.strings(e.get("args"))) + ") = " + result);
        }
        return fromMarker(lines);
    }

    /** From the marker's open on; addresses as PTR, kill's pid as PID, a struct strace decodes where tot has a pointer as PTR. */
    private static List<String> fromMarker(List<String> lines) {
        int from = 0;
        while (from < lines.size() && !lines.get(from).contains("/nonexistent-start-marker")) from++;
        assertTrue(from < lines.size(), "no marker in " + lines);
        return lines.subList(from, lines.size()).stream()
                .map(l -> l.replaceAll("0x[0-9a-f]{8,}", "PTR").replaceAll("^kill\\(\\d+,", "kill(PID,"))
                .map(l -> l.replaceAll("\\[\\d+<pipe:\\[\\d+\\]>, \\d+<pipe:\\[\\d+\\]>\\]", "PTR"))
                .map(l -> l.replaceAll("<pipe:\\[\\d+\\]>", "<pipe:[INODE]>")).toList(); // another pipe in each run
    }
}
