package tot.util;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;

/**
 * Where every file tot writes goes, by one set of rules (deps.json, the event stream, launcher
 * scripts, tot.db, CSV exports, blackbox dumps):
 * <ul>
 * <li>Symbolic links are followed by tot itself, one at a time, and a link the kernel's
 *     {@code fs.protected_symlinks} would not follow is refused whatever that setting: one in a
 *     sticky world-writable directory (/tmp) owned neither by tot's user nor by the directory's
 *     owner, i.e. planted by someone else. A file or FIFO planted there is refused too (the
 *     kernel's protected_regular and protected_fifos). A dangling link is refused, as GNU cp does.
 * <li>A regular file (or a new one) is replaced, never written through a name that could be
 *     swapped meanwhile: the name is resolved to its real path and a temporary file beside it is
 *     renamed over it, or it is opened with O_NOFOLLOW. The link itself stays a link.
 * <li>New files get the mode asked for (0666, scripts 0777) less the umask, applied by the
 *     kernel; a file that exists keeps its permissions (and owner, when tot may set it).
 * <li>An existing non-regular file (/dev/null, a FIFO, a terminal) and anything under /proc
 *     (/dev/fd/N, /dev/stdout) is written in place, appended to.
 * </ul>
 * Errors are one-line {@link FileSystemException}s naming the file as the user gave it.
 */
public final class OutputFile {
    private OutputFile() {}

    /** What an output name designates. */
    public sealed interface Target {}

    /** "-": standard output. */
    public record Stdout() implements Target {}

    /** An existing file that is not a regular one, or a file reached through /proc: written in place. */
    public record InPlace(Path path) implements Target {}

    /** A regular file at its real path, {@code existing} its attributes (null when it does not exist yet). */
    public record Regular(Path path, PosixFileAttributes existing) implements Target {}

    /** Modes of new files, before the umask. */
    public static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-rw-rw-");
    public static final Set<PosixFilePermission> EXECUTABLE_MODE = PosixFilePermissions.fromString("rwxrwxrwx");

    private static final Path PROC = Path.of("/proc");
    private static final int MAX_LINKS = 40; // the kernel's limit

    /**
     * The real paths of the databases in use now, each with how many uses hold it: no output may
     * replace one (`-d tot.db` would end its history). A use ends when its trace has written the
     * run or its reader is closed: a JVM that embeds tot may later write where a database was.
     */
    private static final java.util.Map<Path, Integer> DATABASES = new java.util.concurrent.ConcurrentHashMap<>();

    /** One use of a database ({@link #databaseInUse}); closing it again does nothing. */
    public static final class DatabaseUse implements AutoCloseable {
        private Path real;

        private DatabaseUse(Path real) {
            this.real = real;
        }

        @Override
        public synchronized void close() {
            if (real != null) DATABASES.computeIfPresent(real, (p, uses) -> uses == 1 ? null : uses - 1);
            real = null;
        }
    }

    /** {@code file} is a database tot uses until the use is closed: {@link #resolve} refuses it as an output meanwhile. */
    public static DatabaseUse databaseInUse(Path file) {
        if (file == null) return new DatabaseUse(null);
        try {
            Path real = follow(file.toString(), absolute(file.toString()));
            DATABASES.merge(real, 1, Integer::sum);
            return new DatabaseUse(real);
        } catch (FileSystemException e) {
            return new DatabaseUse(null); // a name that cannot be resolved cannot be an output either: resolve fails on it the same way
        }
    }

    /** Resolves {@code name} by the rules above; nothing is created. A database tot uses is refused ({@link #databaseInUse}). */
    public static Target resolve(String name) throws FileSystemException {
        Target t = resolveDatabase(name);
        if ((t instanceof Regular(Path p, PosixFileAttributes a) && DATABASES.containsKey(p))) {
            throw failure(name, "the database tot uses (--db): writing it would replace every run stored there");
        }
        return t;
    }

    /** {@link #resolve} for the database itself. */
    public static Target resolveDatabase(String name) throws FileSystemException {
        if (name.equals("-")) return new Stdout();
        if (name.isEmpty()) throw failure(name, "empty file name");
        if (name.endsWith("/")) throw failure(name, "Is a directory"); // as open(2) says: Path.of would drop the slash
        Path real = follow(name, absolute(name));
        try {
            if (real.startsWith(PROC)) {
                if (Files.isDirectory(real)) throw failure(name, "Is a directory");
                if (!Files.exists(real)) throw failure(name, "cannot create a file under /proc");
                return new InPlace(real);
            }
            PosixFileAttributes a = lstat(real);
            if (a == null) return new Regular(real, null);
            if (a.isDirectory()) throw failure(name, "Is a directory");
            mayWrite(name, real.getParent(), real);
            return a.isRegularFile() ? new Regular(real, a) : new InPlace(real);
        } catch (FileSystemException e) {
            throw e;
        } catch (IOException e) {
            throw failure(name, e);
        }
    }

    /**
     * {@code name} made absolute. Java names files in UTF-8: a name, or a working directory
     * under a relative name, that is not UTF-8 cannot be an output (tot says so rather than write
     * elsewhere).
     */
    private static Path absolute(String name) throws FileSystemException {
        String base = name.startsWith("/") ? "" : tot.linux.RawFiles.cwd();
        if (!ByteStrings.isUtf8(base) || !ByteStrings.isUtf8(name)) {
            throw failure(name, "tot can write files only under names that are UTF-8"
                    + (ByteStrings.isUtf8(name) ? " (the working directory's is not: give a path from /)" : ""));
        }
        try {
            return Path.of(name).toAbsolutePath();
        } catch (InvalidPathException e) {
            throw failure(name, e.getReason());
        }
    }

    /**
     * An output checked before the run ({@link #check}) and held: a regular file's directory is
     * pinned ({@link PinnedDirectory}), so that what the command does meanwhile cannot redirect
     * it; {@code dir} is null for standard output and a file written in place.
     */
    public record Held(String name, PinnedDirectory dir, String fileName) implements AutoCloseable {
        @Override
        public void close() {
            if (dir != null) dir.close();
        }
    }

    /** {@link #check}s {@code name} and holds it ({@link Held}). */
    public static Held hold(String name) throws FileSystemException {
        return check(name) instanceof Regular(Path p, PosixFileAttributes existing)
                ? new Held(name, PinnedDirectory.of(p.getParent(), name), p.getFileName().toString())
                : new Held(name, null, null);
    }

    /** Directory {@code name} (it exists), pinned ({@link PinnedDirectory}) after the same link rules. */
    public static PinnedDirectory pinDirectory(String name) throws FileSystemException {
        return PinnedDirectory.of(follow(name, absolute(name)), name);
    }

    /** Checks the way to directory {@code name} (which need not exist yet) by the same link rules. */
    public static void checkDirectory(String name) throws FileSystemException {
        if (name.isEmpty()) throw failure(name, "empty file name");
        Path real = follow(name, absolute(name));
        if (Files.exists(real, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(real, LinkOption.NOFOLLOW_LINKS)) {
            throw failure(name, "Not a directory");
        }
    }

    /**
     * As {@link #resolve}, and proves the output can be written (for the checks before a command
     * runs): a temporary file is created and removed beside a regular target; another target
     * must be writable.
     */
    public static Target check(String name) throws FileSystemException {
        return proved(name, resolve(name));
    }

    /** {@link #check} for the database itself. */
    public static Target checkDatabase(String name) throws FileSystemException {
        return proved(name, resolveDatabase(name));
    }

    private static Target proved(String name, Target t) throws FileSystemException {
        switch (t) {
            case Stdout s -> { }
            case InPlace(Path p) -> {
                if (!Files.isWritable(p)) throw failure(name, "Permission denied");
            }
            case Regular(Path p, PosixFileAttributes existing) -> {
                try {
                    Temp probe = createTemp(p, FILE_MODE);
                    probe.channel().close();
                    Files.delete(probe.path());
                } catch (IOException e) {
                    throw failure(name, "cannot create a file in " + p.getParent() + ": " + reason(e));
                }
            }
        }
        return t;
    }

    /**
     * Opens {@code name} for a stream written as it goes (not atomic): a regular file is created
     * or truncated, opened with O_NOFOLLOW at its real path.
     */
    public static OutputStream openStream(String name) throws FileSystemException {
        Target t = resolve(name);
        try {
            return switch (t) {
                case Stdout s -> new FileOutputStream(FileDescriptor.out); // not System.out: it hides write errors
                case InPlace(Path p) -> Files.newOutputStream(p, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
                case Regular(Path p, PosixFileAttributes existing) -> Files.newOutputStream(p, StandardOpenOption.CREATE,
                        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
            };
        } catch (IOException e) {
            throw failure(name, e);
        }
    }

    /** A temporary file beside an output, open for writing. */
    record Temp(Path path, FileChannel channel) {}

    /**
     * A new temporary file beside {@code target} (O_EXCL: never through a link), created with
     * {@code mode} less the umask and open for writing whatever that mode allows; those a killed
     * tot left in that directory are removed first ({@link StaleTemps}).
     */
    static Temp createTemp(Path target, Set<PosixFilePermission> mode) throws IOException {
        var attribute = PosixFilePermissions.asFileAttribute(mode);
        StaleTemps.sweep(target.getParent());
        for (int attempt = 0; ; attempt++) {
            Path p = target.resolveSibling(StaleTemps.name(target, RANDOM.nextLong()));
            try {
                return new Temp(p, FileChannel.open(p, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), attribute));
            } catch (FileAlreadyExistsException e) {
                if (attempt > 100) throw e;
            }
        }
    }

    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    /**
     * The real path of {@code path}: every symbolic link on the way followed by hand, each
     * checked as the kernel's protected_symlinks would. Under /proc the rest is left to the
     * kernel: its links name open files (pipe:[N]), not paths, and nobody can plant one there.
     */
    private static Path follow(String name, Path path) throws FileSystemException {
        return follow(name, path, false);
    }

    /** {@code onlyOurs}: a link on the way must be tot's user's or root's, whatever the directory (see {@link #resolveAgain}). */
    private static Path follow(String name, Path path, boolean onlyOurs) throws FileSystemException {
        Path dir = path.getRoot();
        Deque<Path> rest = new ArrayDeque<>();
        path.forEach(rest::add);
        int links = 0;
        boolean lastFromLink = false;
        try {
            while (!rest.isEmpty()) {
                if (dir.startsWith(PROC)) {
                    Path p = dir;
                    for (Path part : rest) p = p.resolve(part);
                    return p.normalize();
                }
                Path part = rest.removeFirst();
                if (part.toString().equals(".")) continue;
                if (part.toString().equals("..")) {
                    if (dir.getParent() != null) dir = dir.getParent(); // dir is real: its parent is the kernel's ".."
                    continue;
                }
                Path next = dir.resolve(part);
                PosixFileAttributes a = lstat(next);
                if (a == null) {
                    if (!rest.isEmpty()) {
                        Path parent = next;
                        while (rest.size() > 1) parent = parent.resolve(rest.removeFirst());
                        throw failure(name, "directory " + parent + " does not exist");
                    }
                    if (lastFromLink) throw failure(name, "a dangling symbolic link (to " + next + "): not followed");
                    return next;
                }
                if (a.isSymbolicLink()) {
                    mayFollow(name, dir, next);
                    if (onlyOurs) ours(name, next);
                    if (++links > MAX_LINKS) throw failure(name, "Too many levels of symbolic links");
                    lastFromLink = rest.isEmpty();
                    Path target = Files.readSymbolicLink(next);
                    var parts = new ArrayDeque<Path>();
                    target.forEach(parts::add);
                    parts.descendingIterator().forEachRemaining(rest::addFirst);
                    if (target.isAbsolute()) dir = target.getRoot();
                    continue;
                }
                if (!rest.isEmpty() && !a.isDirectory()) throw failure(name, next + ": Not a directory");
                dir = next;
            }
            return dir;
        } catch (FileSystemException e) {
            throw e;
        } catch (IOException e) {
            throw failure(name, e);
        }
    }

    /**
     * {@code name} resolved again at the end of a run whose command removed the directory held
     * for it ({@link PinnedDirectory}; a build's clean step): by name, but only through links and
     * into a directory that are tot's user's or root's, so that what another user put there
     * meanwhile (a command that dropped root's privileges) does not redirect tot.
     */
    public static Regular resolveAgain(String name) throws FileSystemException {
        Path real = follow(name, absolute(name), true);
        try {
            ours(name, real.getParent());
            PosixFileAttributes a = lstat(real);
            if (a != null && !a.isRegularFile()) throw failure(name, "not a regular file since its directory was made again");
            return new Regular(real, a);
        } catch (FileSystemException e) {
            throw e;
        } catch (IOException e) {
            throw failure(name, e);
        }
    }

    private static void ours(String name, Path p) throws IOException {
        int owner = (int) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        if (owner == Fsuid.VALUE || owner == 0) return;
        throw failure(name, "its directory was removed during the run, and " + p + " is now another user's (uid " + owner
                + "): not written");
    }

    /** fs.protected_symlinks: in a sticky world-writable directory, only links of tot's user or of the directory's owner. */
    private static void mayFollow(String name, Path dir, Path link) throws IOException {
        if (!ownedByAnother(dir, link)) return;
        throw failure(name, "a symbolic link owned by another user (uid " + Files.getAttribute(link, "unix:uid", LinkOption.NOFOLLOW_LINKS)
                + ") in the sticky world-writable directory " + dir + ": not followed");
    }

    /**
     * fs.protected_regular and protected_fifos: in a sticky world-writable directory, a file
     * another user owns (which tot would write into, or replace and hand back to that owner) is
     * not written.
     */
    private static void mayWrite(String name, Path dir, Path file) throws IOException {
        if (!ownedByAnother(dir, file)) return;
        throw failure(name, "a file owned by another user (uid " + Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS)
                + ") in the sticky world-writable directory " + dir + ": not written");
    }

    /** Whether {@code entry} of {@code dir} is there by someone else's hand: the kernel's rule for links, FIFOs and files in /tmp. */
    private static boolean ownedByAnother(Path dir, Path entry) throws IOException {
        int mode = (int) Files.getAttribute(dir, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        if ((mode & 01002) != 01002) return false;
        int owner = (int) Files.getAttribute(entry, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        return owner != Fsuid.VALUE && owner != (int) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
    }

    /** lstat, or null when nothing is there. */
    private static PosixFileAttributes lstat(Path p) throws IOException {
        try {
            return Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** {@code name: reason}, one line. */
    public static FileSystemException failure(String name, String reason) {
        return new FileSystemException(name.equals("-") ? "standard output" : name.isEmpty() ? "''" : name, null, reason);
    }

    public static FileSystemException failure(String name, IOException e) {
        return failure(name, reason(e));
    }

    /** The cause of {@code e} as a C tool would word it (no file name: the caller names the user's). */
    public static String reason(IOException e) {
        return switch (e) {
            case NoSuchFileException n when n.getReason() == null -> "No such file or directory";
            case AccessDeniedException a when a.getReason() == null -> "Permission denied";
            case FileAlreadyExistsException f when f.getReason() == null -> "File exists";
            case NotDirectoryException n when n.getReason() == null -> "Not a directory";
            case DirectoryNotEmptyException d when d.getReason() == null -> "Directory not empty";
            case FileSystemException f -> f.getReason() != null ? f.getReason() : f.getClass().getSimpleName();
            default -> e.getMessage() != null ? e.getMessage() : e.toString();
        };
    }

    /** Whether {@code e} is EPIPE (the reader of a pipe went away), as FileOutputStream reports it: strerror's text, which the JVM does not localise. */
    public static boolean isBrokenPipe(IOException e) {
        return e.getMessage() != null && e.getMessage().contains("Broken pipe");
    }

    /** One line for a file error, naming the file and the cause, as a C tool would. */
    public static String describe(IOException e) {
        return switch (e) {
            case java.nio.file.NoSuchFileException n when n.getReason() == null -> n.getFile() + ": No such file or directory";
            case java.nio.file.AccessDeniedException a -> a.getFile() + ": Permission denied";
            case FileSystemException f -> f.getFile() + ": " + (f.getReason() != null ? f.getReason() : f.getClass().getSimpleName());
            default -> e.getMessage() != null ? e.getMessage() : e.toString();
        };
    }
}
