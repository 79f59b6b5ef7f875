package tot.model;

import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import java.util.SequencedSet;
import java.util.Set;
import java.util.SortedMap;
import tot.util.LexicalPath;

/**
 * One execution (fptrace's record): from an exec until the last process sharing it exits or
 * execs. Built by the tracer; read by sinks once it has ended.
 */
public final class Execution {
    /**
     * The warning on an execution whose argv was recorded incomplete (the eBPF engine's record
     * holds 128 KiB): its launcher script refuses to run and tot show does not offer it as a command.
     */
    public static final String ARGV_CUT = "its argv is longer than an eBPF record holds: recorded cut short, "
            + "so it is not the command that ran (its script refuses to run)";
    /** How the strace importer's warning on an execution whose argv strace cut (its -s option) begins. */
    public static final String ARGV_CUT_BY_STRACE = "strace cut this execution's argv";

    /** Whether {@code warning} says an execution's argv was recorded incomplete (by the eBPF engine, or by strace in an imported log). */
    public static boolean saysArgvCut(String warning) {
        return warning.startsWith(ARGV_CUT) || warning.startsWith(ARGV_CUT_BY_STRACE);
    }

    public final int id;
    /** ID of the execution that spawned this one (0 for the root). */
    public final int parentId;
    public final int pid;
    public final String dir;
    public final String path;
    public final List<String> args;
    /** The environment at exec, or null when not recorded. */
    public final List<String> env;
    /** fd → path held at exec (close-on-exec fds dropped); null: unknown (an imported record that does not say). */
    public final SortedMap<Integer, String> fds;
    /** fd → how it was opened, for the fds of {@link #fds} that are files opened in the trace (a shell's redirections). */
    public final SortedMap<Integer, FdMode> fdModes;
    public final long startNanos;

    /** ID of the execution the same process exec'd next (0: none). */
    private int nextExecId;
    /** Exit code, or -signal when killed; null when it exec'd or was never seen to exit. */
    private Integer exit;
    private long endNanos;
    private final SequencedSet<String> inputs = new LinkedHashSet<>();
    private SequencedSet<String> outputs = new LinkedHashSet<>();
    /** Files written through an fd the execution before this one opened for it: not in the record (fptrace's rule). */
    private SequencedSet<String> redirectedOutputs = new LinkedHashSet<>();
    private final SequencedSet<String> deleted = new LinkedHashSet<>();
    /** Outputs whose file left its name after this execution wrote it (deleted, or replaced by a rename): a rename then moves another file. */
    private Set<String> gone;
    /** Each warning, in the order first given, with how many times it was given. */
    private final java.util.SequencedMap<String, Integer> warnings = new java.util.LinkedHashMap<>();

    public Execution(int id, int parentId, int pid, String dir, String path, List<String> args,
                     List<String> env, SortedMap<Integer, String> fds, long startNanos) {
        this(id, parentId, pid, dir, path, args, env, fds, Collections.emptySortedMap(), startNanos);
    }

    public Execution(int id, int parentId, int pid, String dir, String path, List<String> args,
                     List<String> env, SortedMap<Integer, String> fds, SortedMap<Integer, FdMode> fdModes, long startNanos) {
        this.id = id;
        this.parentId = parentId;
        this.pid = pid;
        this.dir = dir;
        this.path = path;
        this.args = List.copyOf(args);
        this.env = env == null ? null : List.copyOf(env);
        this.fds = fds == null ? null : Collections.unmodifiableSortedMap(fds);
        this.fdModes = Collections.unmodifiableSortedMap(fdModes);
        this.startNanos = startNanos;
    }

    /**
     * Outputs it has so far only opened for writing without emptying them ({@link #writeKeeping}):
     * a read of one still reads what the file held (null: none).
     */
    private Set<String> kept;

    /**
     * Records a read; returns true when the path is a new input (written-then-read is not one,
     * unless the write only opened the file and kept its content: `sort -o f f`).
     */
    public boolean read(String path) {
        return (!outputs.contains(path) || kept != null && kept.contains(path)) && inputs.add(path);
    }

    /**
     * Records an open for writing that kept the file's content (OpenFlags.keepsContent); true
     * when the path is a new output, as {@link #write}.
     */
    public boolean writeKeeping(String path) {
        boolean wasKept = kept != null && kept.contains(path);
        if (outputs.contains(path) && !wasKept) return write(path); // emptied or written before: stays so
        boolean made = write(path);
        if (kept == null) kept = new HashSet<>();
        kept.add(path);
        return made;
    }

    /**
     * Records a write; returns true when the path is a new output, or one whose file left its name
     * since this execution wrote it (written, removed, written again: the last file is the output).
     */
    public boolean write(String path) {
        if (kept != null) kept.remove(path);
        boolean again = gone != null && gone.remove(path);
        return outputs.add(path) || again;
    }

    /**
     * The file at {@code path} left its name (unlink, or a rename over it): if this execution
     * wrote it, a later rename of {@code path} moves a file it did not write.
     */
    public void outputGone(String path) {
        if (kept != null) kept.remove(path);
        if (!outputs.contains(path) && !redirectedOutputs.contains(path)) return;
        if (gone == null) gone = new HashSet<>();
        gone.add(path);
    }

    /**
     * Records a deletion (unlink, rmdir, a rename's source). Always true: every removal is an
     * event, as the path may have been made again since the last one (by this execution or
     * another: git's lock files), and the run's last word on it must be the removal. Outputs stay
     * as they are.
     */
    public boolean delete(String path) {
        deleted.add(path);
        return true;
    }

    /** Records a file written through an fd the execution before this one opened for it (a shell's {@code > out}); true when new, as {@link #write}. */
    public boolean writeRedirected(String path) {
        boolean again = gone != null && gone.remove(path);
        return redirectedOutputs.add(path) || again;
    }

    /**
     * A file this execution wrote was renamed: {@code from} becomes {@code to} in the outputs, in
     * place (a temp file shows under its final name). Returns true when {@code from} was an output
     * whose file was still there (not deleted or replaced since).
     */
    public boolean renameOutput(String from, String to) {
        if (kept != null) { // another file at either name now
            kept.remove(from);
            kept.remove(to);
        }
        if (gone != null && gone.contains(from)) return false;
        boolean output = outputs.contains(from), redirected = redirectedOutputs.contains(from);
        if (output) outputs = renamed(outputs, from, to);
        if (redirected) redirectedOutputs = renamed(redirectedOutputs, from, to);
        if ((output || redirected) && gone != null) gone.remove(to);
        return output || redirected;
    }

    private static SequencedSet<String> renamed(SequencedSet<String> paths, String from, String to) {
        SequencedSet<String> out = new LinkedHashSet<>();
        for (String p : paths) out.add(p.equals(from) ? to : p);
        return out;
    }

    /**
     * A directory was renamed: outputs below {@code from} are below {@code to} now, in place (a
     * tree built under a temporary name, then moved where it belongs). Returns each renamed
     * output's old name → new name, in output order.
     */
    public SequencedMap<String, String> renameOutputsUnder(String from, String to) {
        return moveOutputs(p -> p.length() > from.length() ? LexicalPath.moved(p, from, to) : null);
    }

    /**
     * Outputs that {@code where} gives a new name (null: not moved) are renamed in place: a
     * directory renamed, or two exchanged (RENAME_EXCHANGE). Returns each renamed output's old
     * name → new name, in output order.
     */
    public SequencedMap<String, String> moveOutputs(java.util.function.UnaryOperator<String> where) {
        SequencedMap<String, String> moved = new LinkedHashMap<>();
        for (SequencedSet<String> paths : List.of(outputs, redirectedOutputs)) {
            for (String p : paths) {
                String now = where.apply(p);
                if (now != null && (gone == null || !gone.contains(p))) moved.putIfAbsent(p, now);
            }
        }
        if (moved.isEmpty()) return moved;
        outputs = renamedUnder(outputs, moved);
        redirectedOutputs = renamedUnder(redirectedOutputs, moved);
        return moved;
    }

    private static SequencedSet<String> renamedUnder(SequencedSet<String> paths, Map<String, String> moved) {
        SequencedSet<String> out = new LinkedHashSet<>();
        for (String p : paths) out.add(moved.getOrDefault(p, p));
        return out;
    }

    /** Records a successful access of {@code kind}; true the first time (exec, mkdir: always; a directory is in no record). */
    public boolean record(AccessKind kind, String path) {
        return switch (kind) {
            case INPUT -> read(path);
            case OUTPUT -> write(path);
            case DELETED -> delete(path);
            case EXEC, MKDIR -> true;
        };
    }

    /**
     * Different warnings kept per execution: a program that makes a new one at every call (100 000
     * unknown syscall numbers) must not fill tot's memory, deps.json and stderr with them.
     */
    public static final int MAX_WARNINGS = 1000;
    /** The warning that stands, counted, for those past {@link #MAX_WARNINGS}. */
    public static final String TOO_MANY_WARNINGS = "more warnings than tot keeps for one execution (" + MAX_WARNINGS
            + " different ones): the rest are counted here, not kept";

    /**
     * Something the user should know about this execution's record (e.g. invisible io_uring I/O);
     * true the first time (a new one past {@link #MAX_WARNINGS} is counted under {@link #TOO_MANY_WARNINGS}).
     */
    public boolean warn(String message) {
        return said(message) != null;
    }

    /**
     * {@link #warn}, returning what is new to say: {@code message} the first time, {@link
     * #TOO_MANY_WARNINGS} for the first new one past the limit, else null.
     */
    public String said(String message) {
        if (!warnings.containsKey(message) && warnings.size() >= MAX_WARNINGS) message = TOO_MANY_WARNINGS;
        return warnings.merge(message, 1, Integer::sum) == 1 ? message : null;
    }

    public SequencedSet<String> inputs() { return Collections.unmodifiableSequencedSet(inputs); }
    public SequencedSet<String> outputs() { return Collections.unmodifiableSequencedSet(outputs); }
    /** Files written through a redirection it was given at exec (events and tot.db have them; deps.json does not). */
    public SequencedSet<String> redirectedOutputs() { return Collections.unmodifiableSequencedSet(redirectedOutputs); }
    public SequencedSet<String> deleted() { return Collections.unmodifiableSequencedSet(deleted); }
    /** Whether its argv was recorded incomplete ({@link #saysArgvCut}). */
    public boolean argvCut() {
        return warnings.keySet().stream().anyMatch(Execution::saysArgvCut);
    }

    /** The warnings, each once, with "(N times)" after one given more than once (300 vfork children killed in execve). */
    public SequencedSet<String> warnings() {
        SequencedSet<String> out = new LinkedHashSet<>();
        warnings.forEach((w, n) -> out.add(n == 1 ? w : w + " (" + n + " times)"));
        return Collections.unmodifiableSequencedSet(out);
    }
    public int nextExecId() { return nextExecId; }
    public void nextExecId(int id) { nextExecId = id; }
    public Integer exit() { return exit; }
    public void exit(int code) { exit = code; }
    public long endNanos() { return endNanos; }
    public void end(long nanos) { endNanos = nanos; }
}
