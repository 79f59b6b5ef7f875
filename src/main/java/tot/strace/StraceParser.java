package tot.strace;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Reads a strace log, record by record: {@code strace -f} (or without {@code -f}) written with
 * {@code -o FILE}, to stderr, or as a {@code -ff -o PREFIX} file set, with any of strace's
 * options that change how a line looks: timestamps ({@code -t}, {@code -tt}, {@code -ttt},
 * {@code -r}, {@code --timestamps=…}), {@code -T}, {@code -y}/{@code -yy}, {@code -Y}
 * ({@code --decode-pids=comm}), {@code -i}, {@code -n}, {@code -k}, {@code --secontext},
 * {@code -s N}, {@code -x}, {@code -e read=}/{@code write=}, {@code -e inject=}; strace 4's
 * forms too. Memory does not grow with the log: only the current line and the calls still
 * {@code <unfinished ...>} are held.
 *
 * <pre>{@code
 * try (StraceParser log = StraceParser.open(Path.of("x.log"))) {
 *     for (StraceRecord r; (r = log.next()) != null; ) {
 *         switch (r) {
 *             case StraceRecord.LoggedCall c -> ...
 *             case StraceRecord.Exited x -> ...
 *             ...
 *         }
 *     }
 * }
 * }</pre>
 *
 * <p>The layers, each a class: {@link LineReader} (physical lines, numbered), {@link LogLines}
 * (a line strace cut with its own message on stderr joined again), {@link Leader} (pid, times and
 * the other prefixes; {@link LogClock} makes the times, {@link UnprefixedPids} gives lines without
 * a pid theirs), {@link LineParser} (which event a line is; {@link PendingCalls} joins a call's
 * {@code <unfinished ...>} start with its {@code <... resumed>} end), {@link CallParser},
 * {@link TaskLines} and {@link ValueParser} (the grammar of calls, exits and signals, and values).
 *
 * <p>What the log lines become is described on {@link StraceRecord} and {@link StraceArg}. Lines
 * that are not events are skipped (see {@link LineParser}). The end of a call whose start is not
 * in the log (a log cut from a longer one begins with {@code <... NAME resumed>} lines; with
 * {@code -z} strace 6.1 sometimes prints such ends too) is skipped and counted
 * ({@link #endsWithoutStart()}).
 *
 * <p>A line strace would not print throws {@link StraceParseException} ({@code FILE:LINE: reason});
 * no other exception comes from the text of the log. The line is consumed: calling {@link #next()}
 * again goes on with the next one, so a caller may skip bad lines (e.g. the traced program's own
 * output in a log that was strace's stderr).
 *
 * <p>Pids: lines carry {@code 1234 } (with {@code -f -o}) or {@code [pid  1234] } (on stderr). A
 * {@code -ff} file takes its pid from its name. Lines without a pid belong to the only task
 * seen with a prefix and not gone since, else to the root: its pid when learned (see
 * {@link UnprefixedPids}; {@link #rootPid()}), the default pid before (0 unless given: a log
 * written without {@code -f} never says its pid).
 *
 * <p>A parser is for one thread; records and arguments are immutable and may be shared.
 */
public final class StraceParser implements Closeable {

    /** What the records' {@code timeNanos} count from. */
    public enum TimeBase {
        /** No timestamps: {@code timeNanos} is -1. */
        NONE,
        /**
         * {@code -t}/{@code -tt}: the local time of day. With a date ({@link Options#date}), an
         * instant; without, a time whose date is unknown ({@link tot.util.Times}): nanoseconds
         * since the midnight before the log began, a day more per midnight passed.
         */
        TIME_OF_DAY,
        /** {@code -ttt}: the Unix epoch. */
        EPOCH,
        /**
         * {@code -r}: strace printed the time since the previous line, from which no clock time can
         * be made: {@code timeNanos} is -1. (A {@code -ttt} time before 1973 is taken for this.)
         */
        SINCE_START,
    }

    /**
     * How to read a log: {@code defaultPid} for lines without a pid until the log tells whose
     * they are; {@code date}, the day a {@code -t}/{@code -tt} log began (null: unknown), whose
     * times of day are in {@code zone}.
     */
    public record Options(int defaultPid, LocalDate date, ZoneId zone) {
        /** Pid 0, no date, the system's time zone. */
        public static Options defaults() {
            return new Options(0, null, ZoneId.systemDefault());
        }

        public Options withDefaultPid(int pid) {
            return new Options(pid, date, zone);
        }

        public Options withDate(LocalDate day) {
            return new Options(defaultPid, day, zone);
        }
    }

    private final String name;
    private final List<LogReader> readers;
    private final Options options;
    private final PriorityQueue<Head> heads;
    /** Readers whose next record must be read before the queue can say which comes first. */
    private final Deque<Head> toFill = new ArrayDeque<>();

    /** A -ff set without timestamps, read depth first; null until the first records showed there are none. */
    private DepthFirst untimed;
    private java.util.function.ToIntBiFunction<Integer, Integer> namespaceForks;

    /**
     * The task that the fork of task {@code pid} beginning on line {@code line} made (-1: none known), for a fork that
     * returned a pid in a PID namespace, which names no file of a {@code -ff} set: read without times, the set goes on
     * in that task's file at the fork ({@link NamespaceForks}, found by the first pass). Set before the first record.
     */
    public void followNamespaceForks(java.util.function.ToIntBiFunction<Integer, Integer> childOfFork) {
        this.namespaceForks = childOfFork;
    }

    /**
     * A {@code -ff} set without timestamps: nothing says how its files interleave, so each task's
     * file is read from the call that made it to its end before its parent's goes on, as a parent
     * waits for a vfork, a thread it joins or a child it waits for. (One file after the other by
     * pid put a thread's accesses after its process had ended.) The root's file comes first: the
     * default pid's when it names one ({@link LogSurvey} finds it by the forks: after the pid
     * counter wrapped, a child's pid can be lower than its parent's), else the lowest pid's. Files
     * of tasks no logged call made come after, by pid.
     */
    private static final class DepthFirst {
        private final java.util.TreeMap<Integer, Head> unstarted = new java.util.TreeMap<>();
        private final Deque<Head> stack = new ArrayDeque<>();
        private Head current;
        /** See {@link StraceParser#followNamespaceForks}; null: none. */
        private final java.util.function.ToIntBiFunction<Integer, Integer> namespaceForks;

        DepthFirst(java.util.Collection<Head> heads, int root, java.util.function.ToIntBiFunction<Integer, Integer> namespaceForks) {
            this.namespaceForks = namespaceForks;
            for (Head h : heads) unstarted.put(filePid(h.reader.name), h);
            current = unstarted.remove(root);
        }

        StraceRecord next() throws IOException {
            while (true) {
                if (current == null) current = stack.poll();
                if (current == null) {
                    var first = unstarted.pollFirstEntry();
                    if (first == null) return null;
                    current = first.getValue();
                }
                StraceRecord r = current.record;
                current.record = null;
                if (r == null) r = current.reader.next(); // may throw: the bad line is consumed, the file goes on
                if (r == null) {
                    current = null;
                    continue;
                }
                if (r instanceof StraceRecord.LoggedCall c && c.spawnedPid() > 0) {
                    Head child = unstarted.remove(c.spawnedPid());
                    int linked = child == null && namespaceForks != null ? namespaceForks.applyAsInt(c.pid(), c.line()) : -1;
                    if (linked > 0) child = unstarted.remove(linked); // a pid in a PID namespace, which names no file
                    if (child != null) {
                        stack.push(current);
                        current = child;
                    }
                }
                return r;
            }
        }
    }

    private static final class Head {
        final LogReader reader;
        final int index;
        StraceRecord record;

        Head(LogReader reader, int index) {
            this.reader = reader;
            this.index = index;
        }
    }

    private StraceParser(String name, List<LogReader> readers, Options options) {
        this.name = name;
        this.readers = readers;
        this.options = options;
        this.heads = new PriorityQueue<>(Math.max(1, readers.size()),
                Comparator.<Head>comparingLong(h -> h.record.timeNanos()).thenComparingInt(h -> h.index));
        for (int i = 0; i < readers.size(); i++) toFill.add(new Head(readers.get(i), i));
    }

    /** A log file ({@code -o FILE} or strace's stderr); lines without a pid get pid 0. */
    public static StraceParser open(Path log) throws IOException {
        return open(log, Options.defaults());
    }

    /** A log file whose lines without a pid belong to {@code defaultPid}. */
    public static StraceParser open(Path log, int defaultPid) throws IOException {
        return open(log, Options.defaults().withDefaultPid(defaultPid));
    }

    public static StraceParser open(Path log, Options options) throws IOException {
        return of(Files.newInputStream(log), log.toString(), options);
    }

    /**
     * A log read from a stream, named {@code name} in error messages; lines without a pid get
     * {@code defaultPid}. The stream is closed with the parser.
     */
    public static StraceParser of(InputStream in, String name, int defaultPid) {
        return of(in, name, Options.defaults().withDefaultPid(defaultPid));
    }

    public static StraceParser of(InputStream in, String name, Options options) {
        return new StraceParser(name, List.of(new LogReader(gunzipped(in, name), name, options, options.defaultPid(), new LogClock.Latest())), options);
    }

    /**
     * {@code in}, decompressed when it is gzip's (a log kept as {@code strace.log.gz}): the first
     * two bytes say. A cut or damaged one fails its read with a message naming {@code name}.
     */
    static InputStream gunzipped(InputStream in, String name) {
        InputStream buffered = in.markSupported() ? in : new java.io.BufferedInputStream(in, 1 << 16);
        try {
            buffered.mark(2);
            int first = buffered.read(), second = buffered.read();
            buffered.reset();
            if (first != 0x1f || second != 0x8b) return buffered;
            return new java.util.zip.GZIPInputStream(buffered, 1 << 16) {
                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    try {
                        return super.read(b, off, len);
                    } catch (IOException e) { // the file's name as Java's own file errors carry it: callers print it once
                        var damaged = new java.nio.file.FileSystemException(name, null, "a cut or damaged gzip file (" + e.getMessage() + ")");
                        damaged.initCause(e);
                        throw damaged;
                    }
                }
            };
        } catch (IOException e) {
            return buffered; // unreadable: the reader meets the same error and reports it
        }
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
     * lower pid first); without, depth first from the calls that made each task
     * ({@link DepthFirst}). Every file is open until the parser is closed.
     *
     * @throws NoSuchFileException when there is no {@code PREFIX.<digits>} file
     */
    public static StraceParser openPerPid(Path prefix) throws IOException {
        return openPerPid(prefix, Options.defaults());
    }

    /**
     * {@link #openPerPid(Path)} with {@code options}; each file has its pid, and the default pid,
     * when it names a file, is the root's, read first when there are no timestamps ({@link DepthFirst}).
     */
    public static StraceParser openPerPid(Path prefix, Options options) throws IOException {
        List<Path> files = perPidFiles(prefix);
        if (files.isEmpty()) throw new NoSuchFileException(prefix + ".<pid>");
        List<LogReader> readers = new ArrayList<>();
        LogClock.Latest latest = new LogClock.Latest(); // one clock for the set: a file that begins after midnight is dated so
        try {
            for (Path f : files) {
                String name = f.getFileName().toString();
                readers.add(new LogReader(gunzipped(Files.newInputStream(f), f.toString()), f.toString(), options,
                        filePid(name), latest));
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
        return new StraceParser(prefix.toString(), readers, options);
    }

    /** The pid in a {@code PREFIX.PID} file's name. */
    private static int filePid(String name) {
        return Integer.parseInt(name.substring(name.lastIndexOf('.') + 1));
    }

    /** The pids of a {@code -ff} set's files, in order; empty for one log file. */
    public List<Integer> filePids() {
        List<Integer> pids = new ArrayList<>();
        if (readers.size() > 1) for (LogReader r : readers) pids.add(filePid(r.name));
        return pids;
    }

    /**
     * The next record, or null at the end of the log.
     *
     * @throws StraceParseException for a line strace would not print; the next call goes on after it
     * @throws IOException          when reading fails
     */
    public StraceRecord next() throws IOException {
        if (readers.size() == 1) return readers.getFirst().next();
        if (untimed != null) return untimed.next();
        while (!toFill.isEmpty()) {
            Head h = toFill.peek();
            StraceRecord r = h.reader.next(); // may throw: h stays to fill, the bad line is consumed
            toFill.poll();
            if (r != null) {
                h.record = r;
                heads.add(h);
            }
        }
        if (!heads.isEmpty() && heads.peek().record.timeNanos() < 0) { // no timestamps: nothing to merge by
            untimed = new DepthFirst(heads, options.defaultPid(), namespaceForks);
            heads.clear();
            return untimed.next();
        }
        Head h = heads.poll();
        if (h == null) return null;
        toFill.add(h);
        return h.record;
    }

    /** The log's name (a {@code -ff} set's: its prefix). */
    public String name() {
        return name;
    }

    /** Whether a date was given for times of day ({@link Options#date}). */
    public boolean dated() {
        return options.date() != null;
    }

    /** What the timestamps read so far count from. */
    public TimeBase timeBase() {
        for (LogReader r : readers) if (r.clock.base != TimeBase.NONE) return r.clock.base;
        return TimeBase.NONE;
    }

    /**
     * The pid of the root, whose lines came without a pid before the log showed it (strace on
     * stderr), as learned so far; the default pid while unknown (and for a {@code -ff} set).
     */
    public int rootPid() {
        return readers.size() == 1 ? readers.getFirst().pids.root() : options.defaultPid();
    }

    /**
     * Whether the times read so far are whole seconds ({@code -t}, {@code --timestamps=…,s}): a
     * {@code -ff} set's files cannot be merged in the order the calls ran within a second.
     */
    public boolean wholeSeconds() {
        if (timeBase() == TimeBase.NONE || timeBase() == TimeBase.SINCE_START) return false;
        for (LogReader r : readers) if (r.clock.sawFraction) return false;
        return true;
    }

    /** The length in bytes of the longest string strace cut ({@code "…"...}): its {@code -s} limit; 0 when none was cut. */
    public int stringLimit() {
        int longest = 0;
        for (LogReader r : readers) longest = Math.max(longest, r.parser.values().strings.longestCut);
        return longest;
    }

    /** Whether a file's last line ended before strace's grammar did (strace stopped writing it), newline or not: skipped. */
    public boolean cutLastLine() {
        for (LogReader r : readers) if (r.cutLastLine) return true;
        return false;
    }

    /**
     * The processes strace attached to with their threads so far ({@code Process N attached with M
     * threads}, strace -p of a running process): N → M.
     */
    public java.util.Map<Integer, Integer> attachedWithThreads() {
        java.util.Map<Integer, Integer> all = new java.util.HashMap<>();
        for (LogReader r : readers) all.putAll(r.parser.attachedWithThreads);
        return all;
    }

    /** How many ends of calls came without their start so far (skipped). */
    public int endsWithoutStart() {
        int n = 0;
        for (LogReader r : readers) n += r.parser.endsWithoutStart;
        return n;
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
