package tot.util;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The temporary files tot writes an output into before renaming it over the target
 * ({@code .NAME.tot-PID-N.tmp} beside it). A tot killed in between (SIGKILL, a power cut) leaves
 * its own behind; the next tot that writes into the same directory removes those whose process
 * is gone (its user's regular files only; a pid in use again keeps its file), once per directory.
 */
final class StaleTemps {
    private StaleTemps() {}

    private static final long PID = ProcessHandle.current().pid();
    private static final Pattern NAME = Pattern.compile("\\..+\\.tot-([0-9]{1,10})-[0-9]+\\.tmp");
    private static final Set<Path> SWEPT = ConcurrentHashMap.newKeySet();

    /** The temporary file's name for {@code target}, {@code n} making it unique. */
    static String name(Path target, long n) {
        return "." + target.getFileName() + ".tot-" + PID + "-" + Long.toUnsignedString(n) + ".tmp";
    }

    /** Removes the temporary files in {@code dir} that gone tot processes of this user left (best effort). */
    static void sweep(Path dir) {
        if (dir == null || !SWEPT.add(dir)) return;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, ".*.tot-*.tmp")) {
            Object me = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            for (Path p : entries) {
                Matcher m = NAME.matcher(p.getFileName().toString());
                if (!m.matches()) continue;
                long pid = Long.parseLong(m.group(1));
                if (pid == PID || Files.exists(Path.of("/proc/" + pid))) continue;
                if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) continue;
                if (!me.equals(Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS))) continue;
                Files.deleteIfExists(p);
            }
        } catch (IOException | RuntimeException e) {
            // best effort: what cannot be listed or removed stays, as before
        }
    }
}
