package tot.util;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Terminals and tot's standard output. */
public final class Terminals {
    private Terminals() {}

    private static final Path STDOUT = Path.of("/proc/self/fd/1");

    /** Whether {@code path} names a terminal: /dev/tty*, /dev/pts/*, /dev/console. */
    public static boolean isTerminal(String path) {
        return path.equals("/dev/tty") || path.equals("/dev/console") || path.startsWith("/dev/pts/")
                || path.matches("/dev/tty[0-9]*");
    }

    /** Whether tot's standard output is a terminal. */
    public static boolean stdoutIsTerminal() {
        try {
            return isTerminal(Files.readSymbolicLink(STDOUT).toString());
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /**
     * Whether writing {@code target} would land in the file that is tot's standard output (which
     * the traced command inherits), a terminal and /dev/null aside: "-", /dev/stdout, a FIFO or a
     * file that fd 1 also is.
     */
    public static boolean sharesStdout(String target) {
        try {
            if (!Files.exists(STDOUT)) return false; // fd 1 closed
            int mode = (int) Files.getAttribute(STDOUT, "unix:mode");
            if ((mode & 0170000) == 0020000) return false; // a character device: a terminal, /dev/null
            if (target.equals("-")) return true;
            Path p = Path.of(target);
            return Files.exists(p) && Files.isSameFile(p, STDOUT);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
