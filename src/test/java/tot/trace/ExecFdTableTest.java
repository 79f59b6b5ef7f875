package tot.trace;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tot.trace.TotProcess.Result;

/**
 * The fds an execution holds (deps.json's FDs) are what the kernel's table holds at the exec,
 * though tot traps neither close nor socket() nor recvmsg() (ptrace engine). tot asks /proc only
 * what it cannot vouch for: these are the changes a shortcut would miss.
 */
class ExecFdTableTest {
    @TempDir
    Path dir;

    /**
     * testdata/probes/exec_fds.c: fds 3-12 are one open a.txt in the parent; its child changes
     * them behind tot's back and execs `true FDS`. Each number is one case (the probe checks the
     * kernel gave it): a copy closed and taken by a socket (4) or by a file received over a unix
     * socket (8) is that, not a.txt; a copy closed (12) is gone; a close-on-exec fd (5) is gone,
     * and one closed and taken by a socket without close-on-exec (6) is kept, as is a socket at
     * a number tot never saw (7); dup2 onto a copy (9) is the file dup'ed; untouched copies (3,
     * 10, 11) and a dup2 of one (14) are a.txt.
     */
    @Test
    void fdsChangedBehindTotsBackAreTheKernels() throws Exception {
        Path probe = CProbe.build("exec_fds", dir.resolve("bin"));
        for (String f : List.of("a", "b", "c", "d", "e")) Files.writeString(dir.resolve(f + ".txt"), f);
        Result r = TotProcess.log(dir, List.of("--engine", "ptrace", "--no-db"), probe.toString());
        assertEquals(0, r.status(), r.stderr());
        JsonNode fds = r.byArgs("true", "FDS").get("FDs");
        Map<Integer, String> held = new TreeMap<>();
        fds.properties().forEach(e -> held.put(Integer.parseInt(e.getKey()), e.getValue().asText()));
        for (int fd : List.of(0, 1, 2)) assertNotNull(held.remove(fd), fd + " in " + fds);
        String a = dir.toRealPath().resolve("a.txt").toString();
        for (int socket : List.of(4, 6, 7)) {
            String s = held.remove(socket);
            assertTrue(s != null && s.matches("socket:\\[[0-9]+\\]"), socket + " is a socket: " + fds);
        }
        assertEquals(Map.of(3, a, 8, dir.toRealPath().resolve("b.txt").toString(), 9, dir.toRealPath().resolve("e.txt").toString(),
                10, a, 11, a, 14, a), held, fds.toString());
    }

    /**
     * A file opened by another name (through a symbolic link) or removed since is the file tot
     * named: kept by tot's name (and how it was opened), though /proc names it otherwise.
     */
    @Test
    void aFileByAnotherNameOrRemovedKeepsTotsName() throws Exception {
        Files.createDirectories(dir.resolve("real"));
        Files.writeString(dir.resolve("real/data.txt"), "x");
        Files.writeString(dir.resolve("gone.txt"), "x");
        Files.createSymbolicLink(dir.resolve("link"), Path.of("real"));
        Result r = TotProcess.log(dir, List.of("--engine", "ptrace", "--no-db"), "sh", "-c",
                "exec 3< link/data.txt 4< gone.txt; rm gone.txt; exec cat /dev/null");
        assertEquals(0, r.status(), r.stderr());
        JsonNode fds = r.byArgs("cat", "/dev/null").get("FDs");
        assertEquals(dir.toRealPath().resolve("link/data.txt").toString(), fds.get("3").asText(), fds.toString());
        assertEquals(dir.toRealPath().resolve("gone.txt").toString(), fds.get("4").asText(), fds.toString());
    }

    /**
     * In a mount namespace of its own a name may be another file for tot (a bind mount tot does
     * not see): tot cannot compare, and keeps its name, the program's, for a file opened through
     * a symbolic link (which /proc does not name).
     */
    @Test
    void inAMountNamespaceOfItsOwnTotsNameStays() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "mount needs root");
        Files.createDirectories(dir.resolve("real"));
        Files.createDirectories(dir.resolve("over"));
        Files.writeString(dir.resolve("real/data.txt"), "real");
        Files.writeString(dir.resolve("over/data.txt"), "over");
        Files.createSymbolicLink(dir.resolve("link"), Path.of("over"));
        Result r = TotProcess.log(dir, List.of("--engine", "ptrace", "--no-db"), "unshare", "-m", "--propagation", "private", "sh", "-c",
                "mount --bind real over && exec 3< link/data.txt && exec cat /dev/null");
        assertEquals(0, r.status(), r.stderr());
        JsonNode fds = r.byArgs("cat", "/dev/null").get("FDs");
        assertEquals(dir.toRealPath().resolve("link/data.txt").toString(), fds.get("3").asText(), fds.toString());
    }
}
