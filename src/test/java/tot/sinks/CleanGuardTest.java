package tot.sinks;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The homes --clean protects besides $HOME: the passwd entry, also when $HOME and user.home say otherwise. */
class CleanGuardTest {
    @TempDir
    Path dir;

    @Test
    void thePasswdHomeIsProtectedWhenHomeDiffers() throws Exception {
        Path passwdHome = Files.createDirectories(dir.resolve("passwd-home"));
        Files.writeString(passwdHome.resolve(".profile"), "x");
        Path passwd = Files.writeString(dir.resolve("passwd"), """
                root:x:0:0:root:/root:/bin/bash
                someone:x:1234:1234:Some One,,,:%s:/bin/bash
                other:x:1235:1235::/home/other:/bin/sh
                """.formatted(passwdHome));
        Set<Path> homes = CleanGuard.homes(passwd, Set.of(1234), Map.of("HOME", dir.resolve("elsewhere").toString()),
                dir.resolve("java-home").toString());
        assertTrue(homes.contains(passwdHome.toRealPath()), homes.toString());
        assertFalse(homes.contains(Path.of("/home/other")), "another uid's home");
        var rules = new CleanGuard.Rules(homes, dir.resolve("cwd"), true);
        IOException e = assertThrows(IOException.class, () -> CleanGuard.check(Path.of("x"), passwdHome.toRealPath(), rules, java.util.Set.of()));
        assertEquals("x: refusing to --clean: it is the home directory " + passwdHome.toRealPath(), e.getMessage());
        assertEquals(List.of(passwdHome.toString()), CleanGuard.passwdHomes(passwd, Set.of(1234)));
    }

    @Test
    void theRealUidIsRead() throws Exception {
        Path status = Files.writeString(dir.resolve("status"), "Name:\tx\nUid:\t1000\t0\t0\t0\nGid:\t1\t1\t1\t1\n");
        assertEquals(List.of(1000, 0), CleanGuard.uids(status));
    }
}
