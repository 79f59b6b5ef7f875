package tot.store;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;

/**
 * Where a run was recorded, besides its host and user: the machine's id (systemd's
 * /etc/machine-id, 32 hex digits), kernel release, architecture (uname -m) and tot's version.
 * Null fields are unknown (a run from an older tot, or an import told the file came from
 * elsewhere).
 */
public record Machine(String id, String kernel, String arch, String totVersion) {
    /** Nothing known. */
    public static final Machine UNKNOWN = new Machine(null, null, null, null);

    private static Machine local;

    /** This machine, now. */
    public static synchronized Machine local() {
        if (local == null) local = new Machine(machineId(), read(Path.of("/proc/sys/kernel/osrelease")), localArch(), localTotVersion());
        return local;
    }

    /** This machine's host name (the kernel's), or $HOSTNAME. */
    public static String hostname() {
        String h = read(Path.of("/proc/sys/kernel/hostname"));
        return h != null ? h : System.getenv("HOSTNAME");
    }

    /** The login name tot runs as. */
    public static String user() {
        return System.getProperty("user.name");
    }

    /**
     * /etc/machine-id (or D-Bus's copy); where neither exists (a minimal container), an id tot
     * makes once and keeps in its data directory (so it names this user's machine, not the host).
     */
    private static String machineId() {
        return machineId(List.of(Path.of("/etc/machine-id"), Path.of("/var/lib/dbus/machine-id")), tot.util.UserDirs.data());
    }

    /** The first of {@code files} that holds a machine id, else the one kept in {@code dir} (made there the first time). */
    static String machineId(List<Path> files, Path dir) {
        for (Path f : files) {
            String id = read(f);
            if (id != null && id.matches("[0-9a-f]{32}")) return id;
        }
        if (dir == null) return null;
        Path file = dir.resolve("machine-id");
        String id = read(file);
        if (id != null && id.matches("[0-9a-f]{32}")) return id;
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        id = HexFormat.of().formatHex(random);
        try {
            Files.createDirectories(dir); // the umask applies, here and to the file
            Path tmp = Files.writeString(dir.resolve("machine-id." + id + ".tmp"), id + "\n", java.nio.file.StandardOpenOption.CREATE_NEW,
                    java.nio.file.StandardOpenOption.WRITE);
            try {
                Files.createLink(file, tmp); // atomic and never replaces: a concurrent first run's id wins
            } catch (FileAlreadyExistsException e) {
                id = read(file);
            } finally {
                Files.deleteIfExists(tmp);
            }
            return id;
        } catch (IOException | UnsupportedOperationException e) {
            return null; // unknown rather than a new id every run
        }
    }

    private static String localArch() {
        String a = System.getProperty("os.arch");
        return switch (a) {
            case "amd64" -> "x86_64";
            case "x86" -> "i686";
            default -> a;
        };
    }

    private static String localTotVersion() {
        String v = Machine.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    private static String read(Path file) {
        try {
            String s = Files.readString(file).strip();
            return s.isEmpty() ? null : s;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
