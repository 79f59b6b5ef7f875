package tot.ci;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tot.store.Operation;
import tot.store.RunGraph;
import tot.store.StoredAccess;
import tot.store.StoredExecution;
import tot.util.ByteStrings;

/**
 * What one run did with each file, in run order (RunGraph). An <b>input</b> is a file the run
 * took in before making it itself: its first successful access read it, ran it or renamed it
 * away. An <b>output</b> is a file the run made (wrote, linked, symlinked, renamed into place)
 * that still existed at its end: removed or renamed away last, it is an <b>intermediate</b>
 * instead (a temporary file). A file can be an input and an output (edited in place). A
 * <b>lookup</b> is a file the run tried to read or run and did not find (ENOENT, ENOTDIR) and
 * never had: its answers depend on that absence; but not one below a directory the run had made
 * by then (its temporary directories: {@link RunGraph#belowMadeDirectory}). Device-like paths are never files
 * ({@link PathFilter#isFile}); directories are left out by the store.
 */
public final class RunFiles {
    public enum Role { INPUT, OUTPUT, INTERMEDIATE }

    /**
     * A file in one role: the content (an input: as first read; an output: as last made; null
     * when not hashed) and the executions that read it (input) or made it (output, intermediate).
     */
    public record Entry(String path, Role role, String sha1, Long size, List<StoredExecution> executions) {}

    /** A file looked for and not found: the errno, and who looked. */
    public record Lookup(String path, int errno, List<StoredExecution> executions) {}

    private static final int ENOENT = 2, ENOTDIR = 20;
    /** Paths in byte order, so that a list is the same whatever the locale. */
    public static final Comparator<String> BYTE_ORDER = RunFiles::compareBytes;

    /** The order of the two names' bytes (ByteStrings), comparing ASCII as chars without encoding. */
    private static int compareBytes(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i), y = b.charAt(i);
            if (x == y) continue;
            if (x < 0x80 && y < 0x80) return x - y;
            int from = i > 0 && Character.isHighSurrogate(a.charAt(i - 1)) ? i - 1 : i; // not half a pair
            return Arrays.compareUnsigned(ByteStrings.encode(a.substring(from)), ByteStrings.encode(b.substring(from)));
        }
        return Integer.compare(a.length(), b.length());
    }

    private final RunGraph graph;
    private final Map<String, Entry> inputs = new HashMap<>(), outputs = new HashMap<>(), intermediates = new HashMap<>();
    private final Map<String, Lookup> lookups = new HashMap<>();
    private final Set<String> gone = new HashSet<>(); // inputs removed by the end

    private RunFiles(RunGraph graph) {
        this.graph = graph;
    }

    /** Every file of run {@code graph}, by role. */
    public static RunFiles of(RunGraph graph) {
        RunFiles f = new RunFiles(graph);
        f.classify();
        return f;
    }

    public RunGraph graph() {
        return graph;
    }

    /** The inputs {@code filter} keeps, in byte order of their paths. */
    public List<Entry> inputs(PathFilter filter) {
        return sorted(inputs, filter);
    }

    public List<Entry> outputs(PathFilter filter) {
        return sorted(outputs, filter);
    }

    public List<Entry> intermediates(PathFilter filter) {
        return sorted(intermediates, filter);
    }

    public List<Lookup> lookups(PathFilter filter) {
        List<String> paths = lookups.keySet().stream().filter(filter::accepts).sorted(BYTE_ORDER).toList();
        return paths.stream().map(lookups::get).toList();
    }

    /** The input {@code path}, or null. */
    public Entry input(String path) {
        return inputs.get(path);
    }

    /** The output {@code path}, or null. */
    public Entry output(String path) {
        return outputs.get(path);
    }

    /** Whether {@code path} is an intermediate of the run (made, and gone by its end). */
    public boolean isIntermediate(String path) {
        return intermediates.containsKey(path);
    }

    /**
     * Whether {@code path} is one of the run's temporary names: an intermediate, a directory
     * below which the run made files, removed them all, and took in none (pip's /tmp/tmpXXXX,
     * handed to a child whole), or a directory it made and removed or renamed away (`mktemp -d`'s,
     * also when nothing was made in it). Never the run's own directory or one above it.
     */
    public boolean isTemporary(String path) {
        if (intermediates.containsKey(path)) return true;
        if (temporaryDirectories == null) temporaryDirectories = temporaryDirectories();
        return temporaryDirectories.contains(path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path);
    }

    private Set<String> temporaryDirectories;

    private Set<String> temporaryDirectories() {
        Set<String> dirs = new HashSet<>(), kept = new HashSet<>();
        for (String p : intermediates.keySet()) addDirectories(p, dirs);
        dirs.addAll(graph.madeDirectoriesGone());
        for (String p : inputs.keySet()) addDirectories(p, kept);
        for (String p : outputs.keySet()) addDirectories(p, kept);
        for (StoredExecution x : graph.executions()) {
            if (x.parentExecId() == 0 && x.cwd() != null) addDirectories(x.cwd() + "/.", kept);
        }
        dirs.removeAll(kept);
        return dirs;
    }

    /** The directories above {@code path}, up to (without) "/"; a directory met already has its own above it. */
    private static void addDirectories(String path, Set<String> into) {
        for (int i = path.lastIndexOf('/'); i > 0 && into.add(path.substring(0, i)); i = path.lastIndexOf('/', i - 1)) {
            // added
        }
    }

    /** Whether the run made {@code path} (an output or an intermediate). */
    public boolean made(String path) {
        return outputs.containsKey(path) || intermediates.containsKey(path);
    }

    /** Whether {@code path} existed at the end of the run as far as it knows: an input it did not remove, or an output. */
    public boolean existsAtEnd(String path) {
        return outputs.containsKey(path) || inputs.containsKey(path) && !gone.contains(path);
    }

    private static List<Entry> sorted(Map<String, Entry> entries, PathFilter filter) {
        List<String> paths = entries.keySet().stream().filter(filter::accepts).sorted(BYTE_ORDER).toList();
        List<Entry> out = new ArrayList<>(paths.size());
        for (String p : paths) out.add(entries.get(p));
        return out;
    }

    /** Executions, each once, in the order met (a set only once the list is long). */
    private static final class Executions {
        final List<StoredExecution> list = new ArrayList<>(1);
        private Set<StoredExecution> seen;

        void add(StoredExecution x) {
            if (x == null || !list.isEmpty() && list.getLast() == x) return;
            if (seen == null && list.size() >= 8) seen = new HashSet<>(list);
            if (seen != null ? !seen.add(x) : list.contains(x)) return;
            list.add(x);
        }
    }

    private void classify() {
        for (String path : graph.paths()) {
            if (!PathFilter.isFile(path)) continue;
            StoredAccess first = null, lastMade = null, firstReadHashed = null;
            Executions readers = new Executions(), makers = new Executions(), lookedFor = new Executions();
            Executions lastMakers = new Executions(); // those that made it since it was last removed
            boolean removedSinceMade = false, madeByRun = false;
            // the content the run started with: still there while only one execution made the path, by
            // opening it for writing without emptying it (it may read that content: `sort -o f f`)
            boolean startContent = true;
            StoredExecution onlyMaker = null;
            StoredAccess startRead = null; // the first read of that content
            int lookupErrno = 0;
            for (StoredAccess a : graph.inRunOrder(path)) madeByRun |= a.errno() == 0 && RunGraph.makes(a);
            for (StoredAccess a : graph.inRunOrder(path)) {
                if (graph.throughLink(a)) continue; // the content came from the link's target, a read of its own
                // A read of unknown time is placed at its step's start (a log without times), maybe
                // before a child made the file: below a directory the run had made, what it read is
                // what the run made (CMake reads the program its try-compile linked)
                if (madeByRun && a.errno() == 0 && a.timeNanos() == null && (a.operation() == Operation.READ
                        || a.operation() == Operation.EXEC) && graph.belowMadeDirectory(a)) continue;
                StoredExecution x = graph.execution(a);
                if (a.errno() != 0) {
                    boolean reading = a.operation() == Operation.READ || a.operation() == Operation.EXEC;
                    // below a directory the run had made, nothing from before the run could have been found
                    if (reading && (a.errno() == ENOENT || a.errno() == ENOTDIR) && !graph.belowMadeDirectory(a)) {
                        lookedFor.add(x);
                        if (lookupErrno == 0) lookupErrno = a.errno();
                    }
                    continue;
                }
                if (first == null) first = a;
                if (graph.reads(a) && (makers.list.isEmpty()
                        || startContent && onlyMaker != null && onlyMaker.rowId() == x.rowId() && graph.readsWhatItKept(a))) {
                    readers.add(x);
                    if (startRead == null) startRead = a;
                    if (firstReadHashed == null && a.sha1() != null) firstReadHashed = a;
                }
                if (a.operation() == Operation.DELETE) {
                    removedSinceMade = true; // (a rename onto it moves a running writer's file there)
                    startContent = false;
                }
                if (RunGraph.makes(a)) {
                    if (onlyMaker == null && makers.list.isEmpty()) onlyMaker = x;
                    else if (onlyMaker == null || onlyMaker.rowId() != x.rowId()) startContent = false;
                    // the content at the end is the hash taken last: at the end of the maker that ended last
                    // (a test driver's shell opens `> t.log`, its test writes into it and ends, then the
                    // shell appends the verdict), not the one whose write came last
                    if (lastMade == null || removedSinceMade || !endedBefore(x, graph.execution(lastMade))) lastMade = a;
                    makers.add(x);
                    if (removedSinceMade) lastMakers = new Executions();
                    removedSinceMade = false;
                    lastMakers.add(x);
                }
            }
            if (first == null) {
                if (!lookedFor.list.isEmpty()) lookups.put(path, new Lookup(path, lookupErrno, Collections.unmodifiableList(lookedFor.list)));
                continue;
            }
            if (startRead != null) {
                StoredAccess h = firstReadHashed;
                inputs.put(path, new Entry(path, Role.INPUT, h == null ? null : h.sha1(), h == null ? null : h.size(),
                        Collections.unmodifiableList(readers.list)));
            }
            boolean exists = !graph.removedByEnd(path);
            if (!exists) gone.add(path);
            if (lastMade != null) {
                Entry e = new Entry(path, exists ? Role.OUTPUT : Role.INTERMEDIATE, lastMade.sha1(), lastMade.size(),
                        Collections.unmodifiableList(lastMakers.list));
                (exists ? outputs : intermediates).put(path, e);
            }
        }
    }

    /** Whether {@code x} ended before {@code y} did (false when either end is not known). */
    private static boolean endedBefore(StoredExecution x, StoredExecution y) {
        return y != null && x.endNanos() != null && y.endNanos() != null && x.endNanos() < y.endNanos();
    }
}
