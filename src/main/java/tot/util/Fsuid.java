package tot.util;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * tot's file-system uid (whom the kernel checks a file's owner and modes against), from
 * /proc/self/status; -1 when it cannot be read, which matches no owner.
 */
public final class Fsuid {
    private Fsuid() {}

    public static final int VALUE = read();

    private static int read() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) return Integer.parseInt(line.substring(4).strip().split("\\s+")[3]);
            }
        } catch (IOException | RuntimeException e) {
            // not known: no owner matches
        }
        return -1;
    }
}
