package tot.sinks;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What `-s DIR --clean` may empty. Never {@code /}, a home directory or a directory holding one,
 * nor the current directory or one above it — all compared as real paths, against every notion
 * of home (the passwd entries of the real and effective uid and of {@code $SUDO_UID},
 * {@code $HOME}, Java's {@code user.home}), so a home reached through a symlink or a
 * {@code $HOME} that differs from the passwd entry is still recognised. And, unless forced, only
 * a directory that is empty or holds nothing but the scripts tot writes.
 */
final class CleanGuard {
    /**
     * A script's name (PARENT-ID-NAME) or the temporary file it is written to first
     * (.NAME.tot-PID-N.tmp; .NAME.N.tmp before tot named its pid there).
     */
    private static final Pattern SCRIPT_NAME = Pattern.compile("[0-9]+-[0-9]+-.+|\\.[0-9]+-[0-9]+-.+\\.(tot-[0-9]+-)?[0-9]+\\.tmp");
    /** How every script tot writes begins (LauncherScripts.script). */
    private static final byte[] SCRIPT_START = "#!/bin/bash\ncd ".getBytes(StandardCharsets.US_ASCII);

    /** The directories that are never emptied, and whether foreign files may be removed. */
    record Rules(Set<Path> homes, Path cwd, boolean force) {}

    private CleanGuard() {}

    /** The rules for this process: its homes and cwd, as real paths. */
    static Rules current(boolean force) throws IOException {
        Set<Integer> uids = new LinkedHashSet<>(uids(Path.of("/proc/self/status")));
        String sudo = System.getenv("SUDO_UID");
        if (sudo != null && sudo.matches("[0-9]{1,9}")) uids.add(Integer.parseInt(sudo));
        return new Rules(homes(Path.of("/etc/passwd"), uids, System.getenv(), System.getProperty("user.home")),
                Path.of("").toAbsolutePath().toRealPath(), force);
    }

    /** Every notion of home, each as its real path when it exists (and as written besides). */
    static Set<Path> homes(Path passwd, Set<Integer> uids, Map<String, String> env, String userHome) {
        List<String> named = new ArrayList<>();
        named.add(env.get("HOME"));
        named.add(userHome);
        named.addAll(passwdHomes(passwd, uids));
        Set<Path> homes = new LinkedHashSet<>();
        for (String h : named) {
            if (h == null || h.isEmpty() || !h.startsWith("/")) continue;
            try {
                Path p = Path.of(h).normalize();
                homes.add(p);
                if (Files.exists(p)) homes.add(p.toRealPath());
            } catch (InvalidPathException | IOException e) {
                // not a usable path: nothing there to protect
            }
        }
        return homes;
    }

    /** The home fields of the passwd lines of {@code uids} (the file read directly: no fork of getent). */
    static List<String> passwdHomes(Path passwd, Set<Integer> uids) {
        List<String> found = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(passwd, StandardCharsets.ISO_8859_1)) {
                String[] f = line.split(":", -1);
                if (f.length >= 7 && f[2].matches("[0-9]{1,9}") && uids.contains(Integer.parseInt(f[2]))) found.add(f[5]);
            }
        } catch (IOException e) {
            // no readable passwd file: $HOME and user.home remain
        }
        return found;
    }

    /** The real and effective uid from /proc/self/status ("Uid: real effective saved fs"). */
    static List<Integer> uids(Path status) throws IOException {
        for (String line : Files.readAllLines(status, StandardCharsets.ISO_8859_1)) {
            if (line.startsWith("Uid:")) {
                String[] f = line.substring(4).trim().split("\\s+");
                return Arrays.stream(f).limit(2).map(Integer::valueOf).toList();
            }
        }
        throw new IOException(status + ": no Uid line");
    }

    /**
     * Throws, naming {@code given} (DIR as the user wrote it) and the reason, unless the real
     * directory {@code real} may be emptied; {@code own} (this run's other outputs, real paths)
     * are not counted as foreign.
     */
    static void check(Path given, Path real, Rules rules, Set<Path> own) throws IOException {
        if (real.getParent() == null) throw refused(given, "it is /");
        for (Path home : rules.homes()) {
            if (home.equals(real)) throw refused(given, "it is the home directory " + home);
            if (home.startsWith(real)) throw refused(given, "it holds the home directory " + home);
        }
        if (rules.cwd().startsWith(real)) {
            throw refused(given, rules.cwd().equals(real) ? "it is the current directory" : "it holds the current directory");
        }
        if (rules.force()) return;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(real)) {
            for (Path p : entries) {
                if (!own.contains(p) && !isScript(p)) {
                    throw refused(given, "it holds " + p.getFileName() + ", which is not a script tot wrote"
                            + " (--clean-force empties it anyway)");
                }
            }
        }
    }

    /** A regular file named like tot's scripts that begins as they do. */
    private static boolean isScript(Path p) throws IOException {
        if (!SCRIPT_NAME.matcher(p.getFileName().toString()).matches()) return false;
        if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) return false;
        if (p.getFileName().toString().startsWith(".") && Files.size(p) == 0) return true; // a temp file never written
        try (InputStream in = Files.newInputStream(p, LinkOption.NOFOLLOW_LINKS)) {
            return Arrays.equals(in.readNBytes(SCRIPT_START.length), SCRIPT_START);
        }
    }

    private static IOException refused(Path given, String why) {
        return new IOException(given + ": refusing to --clean: " + why);
    }
}
