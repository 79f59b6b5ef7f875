package tot.strace;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import tot.syscalls.Arg;
import tot.syscalls.Handler;
import tot.syscalls.Syscall;
import tot.syscalls.SyscallTable;

/**
 * A first pass over a log, for the second that replays it: what the records cannot say as they
 * are read. Who forked whom ({@link StraceReplay#parents}: a vfork returns only after its child
 * exec'd); the root's pid (strace on stderr shows it only once a second process exists, so the
 * second pass gives the root's first lines that pid, and the forks they made are the root's);
 * whether the log holds any event at all; and what to warn the user about.
 */
public final class LogSurvey {
    /** Opens the log (anew for each pass) with lines without a pid given {@code defaultPid}. */
    public interface Opener {
        StraceParser open(int defaultPid) throws IOException;
    }

    private final Opener opener;
    private final boolean skipBad;
    private final Map<Integer, Deque<StraceReplay.Fork>> parents;
    private final int rootPid;
    /** The directory the log shows the command began in, or null; and each process tree's ({@link StartDirectories}). */
    private final String shownStart;
    private Map<Integer, String> shownStarts;
    /** See {@link #shownCwds}. */
    private boolean shownCwds = true;
    private final long records;
    private final int skipped;
    private final List<String> warnings = new ArrayList<>();
    /** Task pid → how many {@code +++ exited|killed} lines the log has for it ({@link #endLines}). */
    private final Map<Integer, Integer> endLines;
    /** Thread → the process strace attached to with it ({@link #attachedThreads}). */
    private final Map<Integer, Integer> attachedThreads;
    /** A fork in a PID namespace linked to its child ({@link NamespaceForks}): (forker, line of its call) → the child. */
    private final Map<Long, Integer> namespaceChildren = new java.util.HashMap<>();

    /** The default pid of the first pass: no task has pid 0, so the root's early lines are recognisable by it. */
    private static final int UNKNOWN = 0;

    /** The first pass's count of records, of lines skipped and of execs whose argv strace cut. */
    private static final class Counts implements BadLine {
        long records;
        int skipped;
        StraceParseException firstBad;
        /** Exec calls whose argv strace cut (a string at its -s limit, or a list left short). */
        int cutExecs;

        /** Lines {@code +++ exited …} and {@code +++ killed …} (-qq hides the first only), and exit_group and exit calls. */
        long exitedLines, killedLines, exitGroups;
        /** Task pid → its lines {@code +++ exited|killed …} (a pid can be used again). */
        final Map<Integer, Integer> endLines = new java.util.HashMap<>();
        /**
         * Exec calls whose argv, and pipe calls whose fds, strace printed as an address ({@code -e
         * verbose=none}); calls that made a task, calls, failed calls.
         */
        long execsWithoutArgv, pipesWithoutFds, spawns, calls, failedCalls;
        /** Calls of tot's table whose path strace printed as a number ({@code -e raw=}). */
        long pathsAsNumbers;
        final java.util.Set<Integer> pids = new java.util.HashSet<>();
        final StartDirectories starts = new StartDirectories();
        final NamespaceForks namespaceForks = new NamespaceForks();

        void count(StraceRecord r) {
            records++;
            pids.add(r.pid());
            starts.count(r);
            namespaceForks.count(r, records);
            if (r instanceof StraceRecord.Exited) exitedLines++;
            if (r instanceof StraceRecord.Killed) killedLines++;
            if (r instanceof StraceRecord.Exited || r instanceof StraceRecord.Killed) endLines.merge(r.pid(), 1, Integer::sum);
            if (!(r instanceof StraceRecord.LoggedCall c)) return;
            calls++;
            if (c.failed()) failedCalls++;
            if (c.name().equals("exit_group") || c.name().equals("exit")) exitGroups++;
            if (c.spawnedPid() > 0) spawns++;
            if (CallParser.unreadable(c)) return; // no arguments to judge the log's options by
            Syscall s = SyscallTable.byName(c.name());
            if (s != null && s.handler() == Handler.EXEC) {
                StraceArg argv = c.arg(s.indexOf(Arg.ARGV));
                if (cut(argv)) cutExecs++;
                if (!c.failed() && !(argv instanceof StraceArg.Array)) execsWithoutArgv++;
            }
            // an address (-e verbose=none), or an array strace cut at its -s limit: "pipe2([...], 0)" (-s 0), "[3, ...]" (-s 1)
            if (s != null && s.handler() == Handler.PIPE && !c.failed()
                    && !(c.arg(0) instanceof StraceArg.Array a && a.elements().size() >= 2)) pipesWithoutFds++;
            if (s != null && s.handler() != Handler.NONE) {
                int path = s.indexOf(Arg.PATH);
                if (path >= 0 && (c.arg(path) instanceof StraceArg.Num || c.arg(path) instanceof StraceArg.Commented)) pathsAsNumbers++;
            }
        }

        @Override
        public void skipped(StraceParseException e) {
            if (skipped++ == 0) firstBad = e;
        }
    }

    private LogSurvey(Opener opener, boolean skipBad) throws IOException {
        this.opener = opener;
        this.skipBad = skipBad;
        Counts counts = new Counts();
        String name;
        int root;
        Map<Integer, Deque<StraceReplay.Fork>> forks;
        Map<Integer, Integer> withThreads;
        boolean followed;
        long unseen;
        try (StraceParser log = opener.open(UNKNOWN)) {
            StraceReplay.Records all = records(log, skipBad, counts);
            forks = StraceReplay.parents(() -> {
                StraceRecord r = all.next();
                if (r != null) counts.count(r);
                return r;
            });
            List<Integer> filePids = log.filePids();
            boolean single = filePids.isEmpty();
            boolean timedSet = !single && (log.timeBase() == StraceParser.TimeBase.TIME_OF_DAY
                    || log.timeBase() == StraceParser.TimeBase.EPOCH);
            // forks in a PID namespace (strace without --pidns-translation): those the log links soundly, before a -ff set's
            // root is chosen among the files no fork made (the root has no fork before its first line: it stays one)
            int knownRoot = single ? log.rootPid() : UNKNOWN;
            List<Integer> unforkedTasks = counts.pids.stream().filter(pid -> pid != knownRoot && pid != UNKNOWN
                    && !forks.containsKey(pid)).sorted().toList();
            unseen = counts.namespaceForks.link(counts.pids, unforkedTasks, single, timedSet,
                    counts.exitedLines > 0 || counts.exitGroups > 0, forks,
                    (child, spawn) -> {
                        counts.starts.spawned(child, spawn.parent(), spawn.order(), spawn.cloneFlags());
                        namespaceChildren.put(callKey(spawn.parent() == UNKNOWN ? knownRoot : spawn.parent(), spawn.line()), child);
                    });
            followed = counts.namespaceForks.followed();
            root = single ? log.rootPid() : rootFile(log.filePids(), forks, counts.spawns > 0);
            name = log.name();
            withThreads = log.attachedWithThreads();
            warn(log, counts.cutExecs);
        }
        if (counts.execsWithoutArgv > 0) {
            warnings.add("strace printed the arguments of " + counts.execsWithoutArgv + " exec call(s) as an address"
                    + " (-e verbose=none, or -e raw=): their Args are unknown (empty)");
        }
        if (counts.pipesWithoutFds > 0) {
            warnings.add("strace printed the fds of " + counts.pipesWithoutFds + " pipe call(s) as an address or cut them short"
                    + " (-e verbose=none, or -s 0 or 1): those pipes are unknown (not named /dev/fptrace/pipe/N, nor their ends in FDs)");
        }
        if (counts.pathsAsNumbers > 0) {
            warnings.add("strace printed the path of " + counts.pathsAsNumbers + " call(s) as a number (-e raw=): the files"
                    + " they named are unknown, and missing from the record");
        }
        if (counts.calls > 0 && counts.failedCalls == counts.calls) {
            warnings.add("every call in the log failed (strace -Z, or -e status=failed): no execution or file access can"
                    + " be recorded from it");
        }
        attachedThreads = threads(withThreads, counts.pids, forks.keySet());
        if (counts.spawns == 0 && counts.pids.size() > 1 && attachedThreads.isEmpty()) {
            warnings.add("the log shows " + counts.pids.size() + " tasks but no clone, fork or vfork (" + (withThreads.isEmpty()
                    ? "strace -p attached to them running, the log begins after they started, or an -e trace= without %process"
                    : "strace attached to running threads, " + attached(withThreads) + ", that the log cannot match to them")
                    + "): who started whom, and the directory each began in, are unknown");
        }
        // the tasks no fork made, besides the traced command (the root, when the log does not name it yet)
        long unforked = counts.pids.stream().filter(pid -> pid != root && pid != UNKNOWN && !forks.containsKey(pid)).count()
                - (root == UNKNOWN ? 1 : 0);
        if (unseen > 0 && unforked > 0) { // both at once: the pids a PID namespace gave its children (strace prints those)
            warnings.add(unseen + " clone, fork or vfork call(s) returned a pid no task in the log has, and " + unforked
                    + " task(s) have no fork the log can tell (such forks at once, whose children do not say their pid there by"
                    + " set_tid_address or gettid): " + (followed ? "" : "strace without -f does not follow forks (strace -p A"
                    + " -p B), or ") + "in a PID namespace (unshare -p, a container, a build sandbox) a fork returns"
                    + " the child's pid there, which is not the one the log's lines use; trace with strace --pidns-translation"
                    + " to have both");
        }
        if (counts.exitedLines == 0 && counts.exitGroups > 0) {
            warnings.add("the log has no exit lines (strace -qq or -e quiet=exit, or a strace 4 that printed none): each"
                    + " process ends at its exit_group, with its status" + (counts.killedLines > 0 ? ""
                    : "; one a signal killed is not seen to end"));
        }
        if (counts.records == 0) throw noEvents(name, counts.firstBad, counts.skipped);
        if (root != UNKNOWN) {
            forkersAre(forks, root);
            Integer early = counts.endLines.remove(UNKNOWN);
            if (early != null) counts.endLines.merge(root, early, Integer::sum);
            counts.starts.rootIs(UNKNOWN, root);
        }
        attachedThreads.forEach(counts.starts::sharesWith);
        this.endLines = counts.endLines;
        this.parents = forks;
        this.shownStarts = counts.starts.byRoot();
        this.shownStart = counts.starts.main(shownStarts);
        this.rootPid = root;
        this.records = counts.records;
        this.skipped = counts.skipped;
    }

    /**
     * The threads of the one process strace attached to ({@code Process N attached with M
     * threads}: tasks running before the log began, so no clone of theirs is in it): the tasks no
     * logged call made, when they are no more than M; each → N. Several such processes, or more
     * such tasks (a clone an -e trace= left out), cannot be told apart: none.
     */
    private static Map<Integer, Integer> threads(Map<Integer, Integer> withThreads, java.util.Set<Integer> pids,
            java.util.Set<Integer> made) {
        if (withThreads.size() != 1) return Map.of();
        Map.Entry<Integer, Integer> process = withThreads.entrySet().iterator().next();
        List<Integer> unmade = pids.stream().filter(p -> p != UNKNOWN && !made.contains(p)).toList();
        if (unmade.size() > process.getValue()) return Map.of();
        Map<Integer, Integer> out = new java.util.HashMap<>();
        for (int tid : unmade) out.put(tid, process.getKey());
        return out;
    }

    private static String attached(Map<Integer, Integer> withThreads) {
        return withThreads.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> "Process " + e.getKey() + " attached with " + e.getValue() + " threads").collect(java.util.stream.Collectors.joining(", "));
    }

    /**
     * The root's file of a {@code -ff} set: the one whose pid no clone, fork or vfork returned
     * (after the pid counter wrapped, a child's pid can be lower than its parent's). When that is
     * not one file, the lowest pid among those (or among all) is taken, with a warning unless the
     * log shows no fork at all (warned about on its own).
     */
    private int rootFile(List<Integer> pids, Map<Integer, Deque<StraceReplay.Fork>> forks, boolean forksShown) {
        List<Integer> unforked = pids.stream().filter(p -> !forks.containsKey(p)).toList();
        int root = unforked.isEmpty() ? pids.getFirst() : unforked.getFirst();
        if (unforked.size() != 1 && forksShown) {
            warnings.add((unforked.isEmpty() ? "every file's task was made by a call in the log" : unforked.size()
                    + " files' tasks were made by no call in the log " + unforked) + ": which is the root cannot be told;"
                    + " the lowest pid's, " + root + ", is taken as the root");
        }
        return root;
    }

    /** The root's first lines had no pid in the first pass: the forks they made are the root's. */
    private static void forkersAre(Map<Integer, Deque<StraceReplay.Fork>> forks, int root) {
        for (Deque<StraceReplay.Fork> forkers : forks.values()) {
            Deque<StraceReplay.Fork> mapped = new ArrayDeque<>();
            for (StraceReplay.Fork f : forkers) mapped.add(f.parent() == UNKNOWN ? new StraceReplay.Fork(root, f.cloneFlags()) : f);
            forkers.clear();
            forkers.addAll(mapped);
        }
    }

    /**
     * Reads the log once through.
     *
     * @param skipBad skip lines that do not parse (counted), else the first one is thrown
     * @throws StraceParseException for a bad line (without {@code skipBad}), or when the log has no event at all
     */
    public static LogSurvey of(Opener opener, boolean skipBad) throws IOException {
        return new LogSurvey(opener, skipBad);
    }

    /**
     * The directory the command started in: {@code given} (--cwd, absolute) when not null, else
     * what the log shows ({@link StartDirectories}: strace -y's {@code AT_FDCWD</dir>}, a
     * getcwd, -y's path of a relative open, before any chdir), else the current one. A
     * {@code given} one the log contradicts is used, with a warning, for every process tree.
     */
    public String startDirectory(String given) {
        if (given == null) return shownStart != null ? shownStart : java.nio.file.Path.of("").toAbsolutePath().toString();
        if (shownStart != null && !sameDirectory(given, shownStart)) {
            warnings.add("the log shows the command started in " + shownStart + ", --cwd says " + given
                    + ": paths are resolved against " + given + " and the directories chdir leads to from there");
            shownCwds = false;
        }
        shownStarts = Map.of(); // the user said where it ran
        return given;
    }

    /**
     * Task no logged call made (a process tree's root) → the directory the log shows it began in
     * ({@link StartDirectories}); after {@link #startDirectory} with a --cwd, none.
     */
    public Map<Integer, String> startDirectories() {
        return shownStarts;
    }

    /**
     * Whether the working directories strace -y shows ({@code AT_FDCWD</dir>}) are taken as each
     * task's (the kernel's, which after a chdir through a symlink is not the lexical one): unless
     * a --cwd the log contradicts put the run elsewhere ({@link #startDirectory}).
     */
    public boolean shownCwds() {
        return shownCwds;
    }

    /** Whether two directory names are one (-y shows the kernel's path: symlinks resolved). */
    private static boolean sameDirectory(String a, String b) {
        if (a.equals(b)) return true;
        try {
            return java.nio.file.Path.of(a).toRealPath().equals(java.nio.file.Path.of(b).toRealPath());
        } catch (java.io.IOException | RuntimeException e) {
            return false; // one of them is not here (a log from another machine)
        }
    }

    /**
     * Task pid → how many {@code +++ exited|killed} lines the log has for it: a process with none
     * to come ends at its exit_group, with its status ({@code strace -qq} hides the exited lines
     * but still prints the killed ones; a log cut short has neither).
     */
    public Map<Integer, Integer> endLines() {
        return endLines;
    }

    /**
     * Thread → the process strace attached to with it ({@code Process N attached with M threads}):
     * one process, not an execution per thread; empty when the log cannot tell.
     */
    public Map<Integer, Integer> attachedThreads() {
        return attachedThreads;
    }

    /** The key of {@code pid}'s call that began on {@code line} ({@link #namespaceChild}). */
    private static long callKey(int pid, int line) {
        return (long) pid << 32 | line & 0xffffffffL;
    }

    /**
     * The task that {@code pid}'s fork beginning on {@code line} made, when it returned a pid in a PID namespace the log
     * linked to its child ({@link NamespaceForks}), else -1: the child is spawned at its fork, with the fds its parent
     * had then, not at its first line.
     */
    public int namespaceChild(int pid, int line) {
        return namespaceChildren.getOrDefault(callKey(pid, line), -1);
    }

    /** Child pid → the pids that forked it, in log order, for {@link StraceReplay}. */
    public Map<Integer, Deque<StraceReplay.Fork>> parents() {
        return parents;
    }

    /** The log for the second pass: its records, bad lines skipped as in the first; the root's lines have its pid. */
    public StraceReplay.Records replay(StraceParser log) {
        return records(log, skipBad, e -> { });
    }

    /** Opens the log for the second pass (close it), to be read through {@link #replay}. */
    public StraceParser reopen() throws IOException {
        StraceParser log = opener.open(rootPid);
        log.followNamespaceForks(this::namespaceChild);
        return log;
    }

    /** The pid the lines without one before the first prefix belong to (0 when the log does not tell). */
    public int rootPid() {
        return rootPid;
    }

    /** Records read (syscalls, signals, exits). */
    public long records() {
        return records;
    }

    /** Lines skipped because they do not parse. */
    public int skipped() {
        return skipped;
    }

    /** What the user should know about the log, one sentence each (without the file's name). */
    public List<String> warnings() {
        return warnings;
    }

    private interface BadLine {
        void skipped(StraceParseException e);
    }

    private static StraceReplay.Records records(StraceParser log, boolean skipBad, BadLine onBad) {
        return () -> {
            while (true) {
                try {
                    return log.next();
                } catch (StraceParseException e) {
                    if (!skipBad) throw e;
                    onBad.skipped(e);
                }
            }
        };
    }

    /**
     * Whether strace cut {@code a}, an exec's argv: what tot records of the call (a string at its
     * -s limit, or the list left short). Paths are printed whole whatever -s says; the environment
     * (shown with -v or -e abbrev=none) and the data strace cuts (read, write) are nothing an
     * import records.
     */
    static boolean cut(StraceArg a) {
        if (!(a instanceof StraceArg.Array array)) return false;
        if (array.truncated()) return true;
        for (StraceArg e : array.elements()) if (e instanceof StraceArg.Str str && str.truncated()) return true;
        return false;
    }

    private void warn(StraceParser log, int cutExecs) {
        if (cutExecs > 0) {
            int limit = log.stringLimit();
            warnings.add("strace cut the arguments of " + cutExecs + " exec call(s) (its -s option, 32 by default"
                    + (limit > 0 ? "; here " + limit + " bytes" : "") + "): each such execution's argv is recorded"
                    + " as the log shows it, with a warning; trace with a larger -s (-s " + Math.max(4096, 2 * limit) + ") to keep it whole");
        }
        if (log.cutLastLine()) {
            warnings.add("the log ends in the middle of a line (strace stopped writing it): that line is skipped");
        }
        if (log.endsWithoutStart() > 0) {
            warnings.add(log.endsWithoutStart() + " call(s) end in the log without their start (the log begins after"
                    + " they started): skipped");
        }
        if (log.filePids().size() > 1 && log.wholeSeconds()) {
            warnings.add("strace -t printed whole seconds: the files of this -ff set are merged by second, and within a"
                    + " second one task's calls before the next's (by pid), not always the order they ran in (-tt or -ttt"
                    + " orders them)");
        }
        switch (log.timeBase()) {
            case TIME_OF_DAY -> {
                if (!log.dated()) {
                    warnings.add("strace -t/-tt printed times of day without a date: they are kept without one;"
                            + " --date YYYY-MM-DD (the day the log began) dates them");
                }
            }
            case SINCE_START -> warnings.add("strace -r printed times relative to the previous line: no times are kept"
                    + " (strace -tt or -ttt gives them)");
            case NONE, EPOCH -> { }
        }
    }

    private static StraceParseException noEvents(String name, StraceParseException firstBad, int bad) {
        if (firstBad == null) return new StraceParseException(name, 0, new byte[0], 0, "not an strace log: no syscall, signal or exit in it");
        return new StraceParseException(firstBad.file(), firstBad.line(), new byte[0], 0, "not an strace log: no line of it is"
                + " strace's (" + bad + " skipped; the first: " + firstBad.reason() + ": " + firstBad.quotedText() + ")");
    }
}
