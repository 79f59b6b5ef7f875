package tot.ci;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import tot.linux.FileSha1;
import tot.linux.RawFiles;
import tot.util.ByteStrings;
import tot.util.Json;

/**
 * `tot key`: a cache key for a run, the SHA-256 of a text that says what it covers, line by line
 * (`tot key --explain` prints it; piped to sha256sum it gives the key):
 *
 * <pre>
 * tot-key 1
 * command ["make","-j2"]
 * input 3f786850e387550fdab836ed7e6dc881de23001b "src/a.c"
 * lookup absent "src/config.h"
 * </pre>
 *
 * The run's command line (argv as a JSON array); then, sorted by path (bytes) and kind, every
 * input the filter keeps with the sha1 of its content, and every lookup (a file the run looked
 * for and did not find, so its result depends on the absence) as {@code absent}. Paths below the
 * run's working directory are relative to it, so the same build in another checkout gets the
 * same key; paths are JSON strings (bytes that are not UTF-8 as JSON escapes of U+DC80..U+DCFF). Not covered: the
 * environment, the outputs, the exit status, and the order of reads.
 *
 * <p>Contents come from the run's records; {@code now} takes them from the file system instead,
 * as they are now, reading the run's directory as the current one: the key the same build would
 * get if run again here, for a cache lookup before building. An input the run did not hash (an
 * imported run, --no-hash, a file gone before it was hashed) is hashed as it is now in either
 * mode ({@link #unhashed} counts them); one that cannot be read now is {@code absent} or
 * {@code unreadable}.
 */
public final class CacheKey {
    private final String text;
    private final int unhashed;
    private final String firstUnhashed;
    private final int files;

    private CacheKey(String text, int unhashed, String firstUnhashed, int files) {
        this.text = text;
        this.unhashed = unhashed;
        this.firstUnhashed = firstUnhashed;
        this.files = files;
    }

    /**
     * The key of run {@code files}' inputs that {@code filter} keeps; {@code now}: their contents
     * now, the run's directory read as {@code here} (the filter keeps a file by its recorded path
     * or by its path here).
     */
    public static CacheKey of(RunFiles files, PathFilter filter, boolean now, String here) {
        String base = files.graph().run().cwd();
        PathText keyPath = new PathText(base);
        record Line(String path, String kind, String content) {}
        List<Line> lines = new ArrayList<>();
        int unhashed = 0;
        String firstUnhashed = null;
        // with now, a file is kept by where it is here too: `--under .` in another checkout keeps its inputs
        PathFilter kept = now ? PathFilter.ALL : filter;
        for (RunFiles.Entry e : files.inputs(kept)) {
            String at = now ? PathFilter.located(e.path(), base, here) : e.path();
            if (now && !filter.accepts(e.path(), at)) continue;
            String sha1 = now ? null : e.sha1();
            if (sha1 == null) {
                if (!now) {
                    unhashed++;
                    if (firstUnhashed == null) firstUnhashed = e.path();
                }
                sha1 = contentNow(at);
            }
            lines.add(new Line(keyPath.of(e.path()), "input", sha1));
        }
        for (RunFiles.Lookup l : files.lookups(kept)) {
            String at = now ? PathFilter.located(l.path(), base, here) : l.path();
            if (now && !filter.accepts(l.path(), at)) continue;
            lines.add(new Line(keyPath.of(l.path()), "lookup", now ? contentNow(at) : "absent"));
        }
        lines.sort(Comparator.comparing(Line::path, RunFiles.BYTE_ORDER).thenComparing(Line::kind));
        StringBuilder sb = new StringBuilder("tot-key 1\ncommand ");
        Json.array(sb, files.graph().run().command()).append('\n');
        for (Line l : lines) Json.quote(sb.append(l.kind()).append(' ').append(l.content()).append(' '), l.path()).append('\n');
        return new CacheKey(sb.toString(), unhashed, firstUnhashed, lines.size());
    }

    /** The text the key digests. */
    public String text() {
        return text;
    }

    /** The key: SHA-256 of {@link #text} (UTF-8), 64 hex digits. */
    public String digest() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(ByteStrings.encode(text)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** How many inputs had no recorded sha1 and were hashed as they are now (without {@code now}). */
    public int unhashed() {
        return unhashed;
    }

    public String firstUnhashed() {
        return firstUnhashed;
    }

    /** How many files (inputs and lookups) the key covers: none means only the command. */
    public int files() {
        return files;
    }

    /** The sha1 of the file at {@code path} now; "absent" when there is none; "unreadable" when it is not a readable regular file. */
    private static String contentNow(String path) {
        RawFiles.Type type = RawFiles.type(path);
        if (type == RawFiles.Type.NONE) return "absent"; // a dangling link too: an open would not find it
        if (type != RawFiles.Type.FILE) return "unreadable";
        String sha1 = FileSha1.of(path);
        return sha1 == null ? "unreadable" : sha1;
    }
}
