package tot.strace;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Reads a strace log, record by record: {@code strace -f [-t|-tt|-ttt] [-T] [-y|-yy] [-s N]}
 * written with {@code -o FILE}, to stderr, or as a {@code -ff -o PREFIX} file set. Memory does not
 * grow with the log: only the current line and the calls still {@code <unfinished ...>} are held.
 *
 * <pre>{@code
 * try (StraceParser log = StraceParser.open(Path.of("x.log"))) {
 *     for (StraceRecord r; (r = log.next()) != null; ) {
 *         switch (r) {
 *             case StraceRecord.Call c -> ...
 *             case StraceRecord.Exited x -> ...
 *             ...
 *         }
 *     }
 * }
 * }</pre>
 *
 * <p>What the log lines become is described on {@link StraceRecord} and {@link StraceArg}. Lines
 * that are not events are skipped: blank lines, strace's own messages ({@code strace: Process 12
 * attached}, also when strace wrote one in the middle of a line on stderr: the two halves are
 * joined), {@code [ Process PID=12 runs in 32 bit mode. ]} and {@code -k}'s stack frames
 * ({@code  > /lib/libc.so.6(read+0x12) [0x1234]}). Not understood: {@code -i}'s
 * {@code [00007f…]} and {@code -Y}'s {@code 1234<comm>} prefixes. With {@code -z}/{@code -Z},
 * strace 6.1 sometimes prints the end of a call whose start it left out: that line is an error.
 *
 * <p>A line strace would not print throws {@link StraceParseException} ({@code FILE:LINE: reason});
 * no other exception comes from the text of the log. The line is consumed: calling {@link #next()}
 * again goes on with the next one, so a caller may skip bad lines (e.g. the traced program's own
 * output in a log that was strace's stderr).
 *
 * <p>Pids: lines carry {@code 1234 } (with {@code -f -o}) or {@code [pid  1234] } (on stderr). A
 * {@code -ff} file takes its pid from its name. Otherwise a line has the default pid, 0 unless
 * given: a log written without {@code -f} never says its pid; on stderr, strace leaves the prefix
 * out while it traces a single process, so those lines get the only pid seen and not yet exited,
 * or the default pid before any prefix was seen.
 *
 * <p>A parser is for one thread; records and arguments are immutable and may be shared.
 */
public final class StraceParser implements Closeable {

    /** What the records' {@code timeNanos} count from. */
    public enum TimeBase {
        /** No timestamps: {@code timeNanos} is -1. */
        NONE,
        /** {@code -t}/{@code -tt}: the local time of day (plus a day per midnight passed). */
        TIME_OF_DAY,
        /** {@code -ttt}: the Unix epoch. */
        EPOCH,
        /**
         * {@code -r}: strace printed the time since the previous line; the records sum them up,
         * so they count from the first line. (A {@code -ttt} time before 1973 is taken for this.)
         */
        SINCE_START,
    }

    private final List<LogReader> readers;
    private final PriorityQueue<Head> heads;
    /** Readers whose next record must be read before the queue can say which comes first. */
    private final Deque<Head> toFill = new ArrayDeque<>();

    private static final class Head {
        final LogReader reader;
        final int index;
        StraceRecord record;

        Head(LogReader reader, int index) {
            this.reader = reader;
            this.index = index;
        }
    }

    private StraceParser(List<LogReader> readers) {
        this.readers = readers;
        this.heads = new PriorityQueue<>(Math.max(1, readers.size()),
                Comparator.<Head>comparingLong(h -> h.record.timeNanos()).thenComparingInt(h -> h.index));
        for (int i = 0; i < readers.size(); i++) toFill.add(new Head(readers.get(i), i));
    }

    /** A log file ({@code -o FILE} or strace's stderr); lines without a pid get pid 0. */
    public static StraceParser open(Path log) throws IOException {
        return open(log, 0);
    }

    /** A log file whose lines without a pid prefix belong to {@code defaultPid}. */
    public static StraceParser open(Path log, int defaultPid) throws IOException {
        return new StraceParser(List.of(new LogReader(Files.newInputStream(log), log.toString(), defaultPid)));
    }

    /**
     * A log read from a stream, named {@code name} in error messages; lines without a pid get
     * {@code defaultPid}. The stream is closed with the parser.
     */
    public static StraceParser of(InputStream in, String name, int defaultPid) {
        return new StraceParser(List.of(new LogReader(in, name, defaultPid)));
    }

    /** The files {@code PREFIX.<pid>} that {@code strace -ff -o PREFIX} wrote, by pid; none when there are none. */
    public static List<Path> perPidFiles(Path prefix) throws IOException {
        Path dir = prefix.toAbsolutePath().getParent();
        String base = prefix.getFileName().toString() + ".";
        List<Path> files = new ArrayList<>();
        if (dir == null || !Files.isDirectory(dir)) return files;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path f : ds) {
                String n = f.getFileName().toString();
                if (!n.startsWith(base) || n.length() == base.length() || n.length() - base.length() > 9) continue;
                if (n.substring(base.length()).chars().allMatch(c -> c >= '0' && c <= '9')) files.add(f);
            }
        }
        files.sort(Comparator.comparingInt(f -> Integer.parseInt(f.getFileName().toString().substring(base.length()))));
        return files;
    }

    /**
     * The file set {@code strace -ff -o PREFIX} wrote: {@code PREFIX.PID} for each task, each
     * file's lines belonging to its PID. With timestamps the files are merged by time (ties:
     * lower pid first); without, one file after the other, by pid. Every file is open until
     * the parser is closed.
     *
     * @throws NoSuchFileException when there is no {@code PREFIX.<digits>} file
     */
    public static StraceParser openPerPid(Path prefix) throws IOException {
        List<Path> files = perPidFiles(prefix);
        if (files.isEmpty()) throw new NoSuchFileException(prefix + ".<pid>");
        List<LogReader> readers = new ArrayList<>();
        try {
            for (Path f : files) {
                String name = f.getFileName().toString();
                readers.add(new LogReader(Files.newInputStream(f), f.toString(), Integer.parseInt(name.substring(name.lastIndexOf('.') + 1))));
            }
        } catch (IOException | RuntimeException ex) {
            for (LogReader r : readers) {
                try {
                    r.close();
                } catch (IOException suppressed) {
                    ex.addSuppressed(suppressed);
                }
            }
            throw ex;
        }
        return new StraceParser(readers);
    }

    /**
     * The next record, or null at the end of the log.
     *
     * @throws StraceParseException for a line strace would not print; the next call goes on after it
     * @throws IOException          when reading fails
     */
    public StraceRecord next() throws IOException {
        if (readers.size() == 1) return readers.getFirst().next();
        while (!toFill.isEmpty()) {
            Head h = toFill.peek();
            StraceRecord r = h.reader.next(); // may throw: h stays to fill, the bad line is consumed
            toFill.poll();
            if (r != null) {
                h.record = r;
                heads.add(h);
            }
        }
        Head h = heads.poll();
        if (h == null) return null;
        toFill.add(h);
        return h.record;
    }

    /** What the timestamps read so far count from. */
    public TimeBase timeBase() {
        for (LogReader r : readers) if (r.timeBase != TimeBase.NONE) return r.timeBase;
        return TimeBase.NONE;
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (LogReader r : readers) {
            try {
                r.close();
            } catch (IOException ex) {
                if (first == null) first = ex;
                else first.addSuppressed(ex);
            }
        }
        if (first != null) throw first;
    }
}
