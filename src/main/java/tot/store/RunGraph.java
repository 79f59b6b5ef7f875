package tot.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tot.model.ProcessModel;
import tot.util.LexicalPath;

/**
 * One stored run as a graph: its executions (each with the one that started it) and the files
 * they read, wrote, removed and ran, with the content each access saw, in recording order
 * (directories left out, as everywhere). What CI answers and pictures are made from.
 *
 * <p>Run order: accesses are compared by their time. One of unknown time (an imported deps.json,
 * a log without timestamps) is placed by its execution: a removal at its end (a compiler driver
 * removes its temporary files after the compiler and assembler ran), anything else at its start
 * (a shell opens a redirection before the command runs); by the execution's start and end times
 * when known, else on a timeline of the process tree taken depth first (each execution's
 * children in the order they started, each child's subtree before the next one's: a build run
 * one step at a time). Ties go by the order executions started, then recording order. A rename
 * is read as a move: the renaming execution takes what it renamed ({@link #renamedFrom}), so
 * lineage follows a temporary file to its final name. The directories the run made (mkdir) are
 * no files either: they only say what was below one the run made ({@link #belowMadeDirectory}).
 */
public final class RunGraph {
    private final StoredRun run;
    private final List<StoredExecution> executions;
    private final Map<Long, StoredExecution> byRow = new HashMap<>();
    private final Map<Long, Integer> started = new HashMap<>(); // execution row → position in start order
    private final Map<Long, long[]> timeline = new HashMap<>(); // execution row → {enter, exit} on the depth-first timeline
    private final Map<Long, List<StoredAccess>> byExecution = new HashMap<>();
    private final Map<String, List<StoredAccess>> byPath = new LinkedHashMap<>();
    private final List<StoredAccess> accesses;
    /** Per path, as asked for: its successful makings, and its successful takings in (reads, runs, renames away). */
    private final Map<String, List<StoredAccess>> makers = new HashMap<>(), users = new HashMap<>(), removals = new HashMap<>();
    /** A rename's new name (its RENAME access) → the removal of the old name by the same call. */
    private final Map<StoredAccess, StoredAccess> renameSources = new IdentityHashMap<>();
    private final Map<StoredAccess, StoredAccess> renameTargets = new IdentityHashMap<>();
    private final Map<String, List<StoredAccess>> ordered = new HashMap<>(); // per path, in run order, as asked for
    private final Map<String, Boolean> removed = new HashMap<>(); // per path: removedByEnd, as asked for
    private final Map<StoredAccess, Boolean> throughLinks = new IdentityHashMap<>(); // reads through a link the run made
    /**
     * Each name a directory the run made had (mkdir, then renames), with the times it had it:
     * {from, until, the recording position of the access that gave it the name}.
     */
    private final Map<String, List<long[]>> madeDirectories = new HashMap<>();
    /** The recording positions of the failed accesses, when the run made directories: ties in time go by them. */
    private final Map<StoredAccess, Integer> failedAt = new IdentityHashMap<>();
    /**
     * The names the run made links at or renamed something to (a directory's move too): what is
     * below one may be older than the run (a link to /usr/include, a directory moved in whole).
     */
    private final Set<String> carriers = new HashSet<>();
    private static final int ENOENT = 2, ENOTDIR = 20;
    private final Set<StoredAccess> linkTargetReads = Collections.newSetFromMap(new IdentityHashMap<>()); // what they read

    private RunGraph(StoredRun run, List<StoredExecution> executions, List<StoredAccess> accesses) {
        this.run = run;
        this.executions = List.copyOf(executions);
        this.accesses = List.copyOf(accesses);
        for (StoredExecution x : executions) {
            byRow.put(x.rowId(), x);
            started.put(x.rowId(), started.size());
        }
        List<StoredAccess> ofLast = null; // an execution's accesses mostly come one after another
        long lastRow = 0;
        List<StoredAccess> moves = new ArrayList<>(), mkdirs = new ArrayList<>();
        for (StoredAccess a : this.accesses) {
            if (a.movedFrom() != null) { // a directory's new name: no file
                moves.add(a);
                continue;
            }
            if (a.operation() == Operation.MKDIR) { // a directory made: no file either
                if (a.errno() == 0) mkdirs.add(a);
                continue;
            }
            if (ofLast == null || a.executionRow() != lastRow) {
                lastRow = a.executionRow();
                ofLast = byExecution.computeIfAbsent(lastRow, k -> new ArrayList<>());
            }
            ofLast.add(a);
            byPath.computeIfAbsent(a.path(), k -> new ArrayList<>()).add(a);
        }
        byExecution.values().forEach(this::pairRenames);
        walkTree();
        followMadeDirectories(mkdirs, moves); // before moveDirectories adds its removals
        moveDirectories(moves);
        readThroughLinks();
    }

    /**
     * The names of the directories the run made, and when each had its name: from its mkdir, or
     * the rename of a directory at or above it that gave it the name, until that name was
     * removed, renamed away, or replaced (a rename onto it, whatever the trace knew it to be).
     */
    private void followMadeDirectories(List<StoredAccess> mkdirs, List<StoredAccess> moves) {
        if (mkdirs.isEmpty()) return;
        Map<StoredAccess, Integer> position = new IdentityHashMap<>();
        for (int i = 0; i < accesses.size(); i++) {
            StoredAccess a = accesses.get(i);
            if (a.errno() != 0) failedAt.put(a, i);
            else if (a.operation() == Operation.MKDIR || a.movedFrom() != null) position.put(a, i);
        }
        List<StoredAccess> changes = new ArrayList<>(mkdirs);
        changes.addAll(moves);
        for (StoredAccess m : moves) carriers.add(m.path());
        for (List<StoredAccess> ofPath : byPath.values()) {
            for (StoredAccess a : ofPath) {
                if (a.errno() == 0 && (a.operation() == Operation.CREATE || a.operation() == Operation.RENAME)) carriers.add(a.path());
                // a rename's removal of the old name is followed by its move (a directory's rename has one)
                boolean renamedAway = a.operation() == Operation.DELETE && a.syscall() != null && a.syscall().startsWith("rename");
                if (a.errno() == 0 && !renamedAway && (a.operation() == Operation.DELETE || makes(a))) changes.add(a);
            }
        }
        changes.sort(java.util.Comparator.comparingLong(this::when)); // stable: at one time, makings, then moves, then the rest
        Map<String, long[]> open = new HashMap<>(); // a name a made directory has now → its span
        for (StoredAccess c : changes) {
            long at = when(c);
            if (c.operation() == Operation.MKDIR) {
                open.computeIfAbsent(c.path(), k -> {
                    long[] span = {at, Long.MAX_VALUE, position.get(c)};
                    madeDirectories.computeIfAbsent(k, n -> new ArrayList<>(1)).add(span);
                    return span;
                });
            } else if (c.movedFrom() != null) { // what was at the new name is replaced; what was below the old one moves
                for (var it = open.entrySet().iterator(); it.hasNext(); ) {
                    var e = it.next();
                    if (LexicalPath.moved(e.getKey(), c.path(), c.path()) == null) continue; // not at or below the new name
                    e.getValue()[1] = at;
                    it.remove();
                }
                Map<String, long[]> moved = new HashMap<>();
                for (var it = open.entrySet().iterator(); it.hasNext(); ) {
                    var e = it.next();
                    String now = LexicalPath.moved(e.getKey(), c.movedFrom(), c.path());
                    if (now == null) continue;
                    e.getValue()[1] = at;
                    it.remove();
                    long[] span = {at, Long.MAX_VALUE, position.get(c)};
                    madeDirectories.computeIfAbsent(now, n -> new ArrayList<>(1)).add(span);
                    moved.put(now, span);
                }
                open.putAll(moved);
            } else { // removed, or something else (a file, another directory) is there now
                long[] span = open.remove(c.path());
                if (span != null) span[1] = at;
            }
        }
    }

    /**
     * The names directories the run made had, and did not have at its end (removed, renamed
     * away, replaced): its temporary directories, `mktemp -d`'s.
     */
    public Set<String> madeDirectoriesGone() {
        Set<String> out = new HashSet<>();
        madeDirectories.forEach((name, spans) -> { // each name's spans in time order
            if (spans.getLast()[1] != Long.MAX_VALUE) out.add(name);
        });
        return out;
    }

    /**
     * Whether {@code a}'s path was below a directory the run had made by then (under the name it
     * had then), and not through a link the run made there or a name it renamed something to:
     * what the run looked for there cannot have been there before it ran (a temporary
     * directory's random name: `mktemp -d`, CMake's try-compile, rustc's incremental session
     * directories). Through a link (`ln -s /usr/include $d/inc`) or a directory moved in from
     * elsewhere it could have.
     */
    public boolean belowMadeDirectory(StoredAccess a) {
        if (madeDirectories.isEmpty()) return false;
        long at = when(a);
        String path = a.path();
        if (carriers.contains(path)) return false; // a dangling link the run made: its target was looked for
        for (int i = path.lastIndexOf('/'); i > 0; i = path.lastIndexOf('/', i - 1)) {
            String dir = path.substring(0, i);
            for (long[] span : madeDirectories.getOrDefault(dir, List.of())) {
                // at the making's own time (a log without times places both at the step's start): if recorded after it
                boolean since = span[0] < at || span[0] == at && failedAt.getOrDefault(a, Integer.MAX_VALUE) > span[2];
                if (since && at <= span[1]) return true;
            }
            if (carriers.contains(dir)) return false;
        }
        return false;
    }

    /**
     * A read through a symbolic link the run made (`ln -s ../src/a.h gen/a.h; cc -Igen …`, or a
     * link to a directory above the file read) took in what the link points to: a link holds no
     * content. tot records the name opened, not the target, so each such read is also a read of
     * the target, by the same execution at the same time with the same content; the target is
     * what the link held when the read happened (as recorded at its making; for runs recorded
     * before tot kept it, the link as it is now), followed through further links the run made.
     * Likewise a name looked for through such a link and not found (`ln -s /usr/include $d/inc;
     * cc -I$d/inc`): the target's name was, whatever the link's (a temporary directory's) is.
     */
    private void readThroughLinks() {
        Set<String> links = new HashSet<>();
        for (StoredAccess a : accesses) if (isSymlinkMaking(a)) links.add(a.path());
        if (links.isEmpty()) return;
        for (boolean more = true; more; ) { // and the names they were renamed to (`ln -s b cur.new && mv -T cur.new cur`)
            more = false;
            for (var rename : renameSources.entrySet()) {
                if (links.contains(rename.getValue().path())) more |= links.add(rename.getKey().path());
            }
        }
        Map<String, String> targets = new HashMap<>(); // link → its target now (absent: none)
        List<StoredAccess> added = new ArrayList<>();
        for (List<StoredAccess> ofPath : byPath.values()) {
            for (StoredAccess r : ofPath) {
                boolean lookup = r.errno() == ENOENT || r.errno() == ENOTDIR; // looked for there, and not found
                if (r.errno() != 0 && !lookup || r.operation() != Operation.READ && r.operation() != Operation.EXEC) continue;
                String path = r.path();
                for (int hops = 0; hops < 40; hops++) { // as the kernel's ELOOP
                    String link = linkAbove(path, links);
                    StoredAccess made = link == null ? null : linkedWhen(link, r);
                    if (made == null) break;
                    String target = made.linkTarget() != null ? resolveTarget(link, made.linkTarget())
                            : targets.computeIfAbsent(link, RunGraph::readLink);
                    if (target == null) break;
                    path = target + path.substring(link.length());
                }
                if (!path.equals(r.path())) {
                    throughLinks.put(r, Boolean.TRUE);
                    StoredAccess target = new StoredAccess(r.executionRow(), r.operation() == Operation.EXEC ? Operation.EXEC : Operation.READ,
                            path, r.sha1(), r.size(), r.errno(), r.timeNanos(), r.syscall());
                    if (lookup && failedAt.containsKey(r)) failedAt.put(target, failedAt.get(r));
                    added.add(target);
                }
            }
        }
        linkTargetReads.addAll(added);
        for (StoredAccess a : added) {
            byPath.computeIfAbsent(a.path(), k -> new ArrayList<>()).add(a);
            byExecution.computeIfAbsent(a.executionRow(), k -> new ArrayList<>()).add(a);
        }
    }

    /**
     * Whether {@code a} read through a symbolic link the run made: its content is the target's,
     * which the run also read (see {@link #readThroughLinks}), so the name it opened took nothing in itself.
     */
    public boolean throughLink(StoredAccess a) {
        return throughLinks.containsKey(a);
    }

    private static boolean isSymlinkMaking(StoredAccess a) {
        return a.errno() == 0 && a.operation() == Operation.CREATE && a.syscall() != null && a.syscall().startsWith("symlink");
    }

    /** {@code path} itself or the nearest directory above it that is in {@code links}, or null. */
    private static String linkAbove(String path, Set<String> links) {
        for (String p = path; p.length() > 1; p = p.substring(0, Math.max(1, p.lastIndexOf('/')))) {
            if (links.contains(p)) return p;
        }
        return null;
    }

    /**
     * The making of the symbolic link at {@code link} when {@code read} happened: its last making
     * before then, when it made a symbolic link there or renamed one there (the atomic swap of a
     * link, `ln -s b cur.new && mv -T cur.new cur`: what cur.new held), else null.
     */
    private StoredAccess linkedWhen(String link, StoredAccess read) {
        StoredAccess use = read;
        for (int renames = 0; renames < 40; renames++) {
            List<StoredAccess> before = makersOf(link, use);
            if (before.isEmpty()) return null;
            StoredAccess last = before.getLast();
            if (isSymlinkMaking(last)) return last;
            StoredAccess from = renameSources.get(last);
            if (from == null) return null;
            link = from.path();
            use = from;
        }
        return null;
    }

    /**
     * The absolute, lexically normal name a symbolic link points to now, or null (no longer a
     * link, unreadable): for runs recorded before tot kept what a link made holds.
     */
    private static String readLink(String link) {
        try {
            return resolveTarget(link, Files.readSymbolicLink(Path.of(link)).toString());
        } catch (IOException | UnsupportedOperationException | InvalidPathException | SecurityException e) {
            return null;
        }
    }

    /** The absolute, lexically normal name {@code target}, held by symbolic link {@code link}, points to. */
    private static String resolveTarget(String link, String target) {
        return LexicalPath.resolve(link.substring(0, Math.max(1, link.lastIndexOf('/'))), target);
    }

    /**
     * A directory renamed moves the files below it: each file the run made or took in below the
     * old name, and had not removed by then, leaves its name (removed, renamed away) and takes
     * the same place below the new one (renamed into place, with the content it had), by the
     * renaming execution at the rename's time. Moves apply in run order, so a file moved twice
     * (a directory, then the one above it) ends at its last name.
     */
    private void moveDirectories(List<StoredAccess> moves) {
        moves.sort(java.util.Comparator.comparingLong(this::when));
        for (StoredAccess m : moves) {
            String below = m.movedFrom() + "/";
            long at = when(m);
            for (String p : new ArrayList<>(byPath.keySet())) {
                if (!p.startsWith(below)) continue;
                StoredAccess there = null; // its last making or taking in before the move; null: not there
                for (StoredAccess a : sorted(byPath.get(p))) {
                    if (when(a) > at) break;
                    if (a.errno() != 0) continue;
                    if (a.operation() == Operation.DELETE) there = null;
                    else if (makes(a) || there == null && reads(a)) there = a;
                }
                if (there == null) continue;
                StoredAccess gone = new StoredAccess(m.executionRow(), Operation.DELETE, p, null, null, 0, m.timeNanos(), m.syscall());
                StoredAccess now = new StoredAccess(m.executionRow(), Operation.RENAME, m.path() + p.substring(below.length() - 1),
                        there.sha1(), there.size(), 0, m.timeNanos(), m.syscall());
                for (StoredAccess a : List.of(gone, now)) {
                    byPath.computeIfAbsent(a.path(), k -> new ArrayList<>()).add(a);
                    byExecution.computeIfAbsent(a.executionRow(), k -> new ArrayList<>()).add(a);
                }
                renameSources.put(now, gone);
                renameTargets.put(gone, now);
            }
        }
    }

    /** Loads run {@code run} (two queries). */
    public static RunGraph load(StoreReader store, StoredRun run) throws Store.StoreException {
        return new RunGraph(run, store.executions(run.id()), store.accessesOfRun(run.id()));
    }

    public StoredRun run() {
        return run;
    }

    /** The executions in the order they started. */
    public List<StoredExecution> executions() {
        return executions;
    }

    /** Every access in recording order. */
    public List<StoredAccess> accesses() {
        return accesses;
    }

    /** The accesses of {@code path} in run order (see the class comment). */
    public List<StoredAccess> inRunOrder(String path) {
        return ordered.computeIfAbsent(path, p -> sorted(accessesOf(p)));
    }

    /** {@code list} (in recording order) in run order. */
    private List<StoredAccess> sorted(List<StoredAccess> list) {
        int n = list.size();
        if (n <= 1) return list;
        long[] when = new long[n];
        int[] startedAt = new int[n];
        Integer[] order = new Integer[n];
        boolean inOrder = true;
        for (int i = 0; i < n; i++) {
            StoredAccess a = list.get(i);
            when[i] = when(a);
            startedAt[i] = started.getOrDefault(a.executionRow(), -1);
            order[i] = i;
            if (i > 0 && (when[i] < when[i - 1] || when[i] == when[i - 1] && startedAt[i] < startedAt[i - 1])) inOrder = false;
        }
        if (inOrder) return list;
        Arrays.sort(order, (x, y) -> when[x] != when[y] ? Long.compare(when[x], when[y])
                : startedAt[x] != startedAt[y] ? Integer.compare(startedAt[x], startedAt[y]) : Integer.compare(x, y));
        List<StoredAccess> out = new ArrayList<>(n);
        for (int i : order) out.add(list.get(i));
        return Collections.unmodifiableList(out);
    }

    /** The execution that made access {@code a}. */
    public StoredExecution execution(StoredAccess a) {
        return byRow.get(a.executionRow());
    }

    /** What execution {@code x} did, in recording order. */
    public List<StoredAccess> accessesOf(StoredExecution x) {
        return byExecution.getOrDefault(x.rowId(), List.of());
    }

    /** The accesses of {@code path}, in recording order. */
    public List<StoredAccess> accessesOf(String path) {
        return byPath.getOrDefault(path, List.of());
    }

    /** Every path the run touched, in the order it first did (in recording order). */
    public Set<String> paths() {
        return Collections.unmodifiableSet(byPath.keySet());
    }

    /**
     * Whether the run left {@code path} removed: its last making or removal, in run order, was a
     * removal (unlink, rmdir, renamed away).
     */
    public boolean removedByEnd(String path) {
        return removed.computeIfAbsent(path, p -> {
            StoredAccess last = null; // the latest making or removal; of two at one place, the one recorded later
            long lastWhen = 0;
            int lastStarted = 0;
            for (StoredAccess a : accessesOf(p)) {
                if (a.errno() != 0 || !makes(a) && a.operation() != Operation.DELETE) continue;
                long w = when(a);
                int s = started.getOrDefault(a.executionRow(), -1);
                if (last == null || w > lastWhen || w == lastWhen && s >= lastStarted) {
                    last = a;
                    lastWhen = w;
                    lastStarted = s;
                }
            }
            return last != null && last.operation() == Operation.DELETE;
        });
    }

    /** The removal of the old name that a rename access ({@code a}, its new name) made, or null. */
    public StoredAccess renamedFrom(StoredAccess a) {
        return renameSources.get(a);
    }

    /** Whether {@code a} is the removal of a rename's old name (the file lives on under the new one). */
    public boolean isRenamedAway(StoredAccess a) {
        return renameTargets.containsKey(a);
    }

    /**
     * Whether {@code a}, a read by an execution that had made its path itself before, read what
     * the path held before that making: the model records such a read only when each of the
     * execution's makings until then opened the file for writing and kept its content (`sort -o
     * f f` opens f to write, reads it, then truncates it); not a read added for a link's target.
     */
    public boolean readsWhatItKept(StoredAccess a) {
        return a.operation() == Operation.READ && a.errno() == 0 && !linkTargetReads.contains(a);
    }

    /** Whether a successful {@code a} read its path: opened it for reading, ran it, or renamed it away. */
    public boolean reads(StoredAccess a) {
        return a.operation() == Operation.READ || a.operation() == Operation.EXEC || isRenamedAway(a);
    }

    /** Whether a successful {@code a} made its path's content: a write, a link or symlink, a rename's new name. */
    public static boolean makes(StoredAccess a) {
        return switch (a.operation()) {
            case WRITE, CREATE, RENAME -> true;
            case READ, EXEC, DELETE, MKDIR -> false;
        };
    }

    /** What execution {@code x} took in: its successful reads, the files it ran, what it renamed away. */
    public List<StoredAccess> sourcesOf(StoredExecution x) {
        List<StoredAccess> out = new ArrayList<>();
        for (StoredAccess a : accessesOf(x)) if (a.errno() == 0 && reads(a)) out.add(a);
        return out;
    }

    /** What execution {@code x} made: its successful writes, links and renames' new names. */
    public List<StoredAccess> productsOf(StoredExecution x) {
        List<StoredAccess> out = new ArrayList<>();
        for (StoredAccess a : accessesOf(x)) if (a.errno() == 0 && makes(a)) out.add(a);
        return out;
    }

    /**
     * The accesses that made {@code path} before {@code use} (an access of it, in run order; null:
     * by the end of the run; a pipe: all of them, see {@link #isPipe}), in recording order.
     */
    public List<StoredAccess> makersOf(String path, StoredAccess use) {
        List<StoredAccess> all = makers.computeIfAbsent(path, p -> successful(p, true));
        if (all.isEmpty() || isPipe(path)) return all;
        List<StoredAccess> before = new ArrayList<>(all.size());
        long last = Long.MIN_VALUE;
        boolean keptByReader = use != null && readsWhatItKept(use);
        for (StoredAccess a : all) {
            if (use != null && !notAfter(a, use)) continue;
            if (keptByReader && a.executionRow() == use.executionRow()) continue; // it read what was there before
            before.add(a);
            last = Math.max(last, when(a));
        }
        // Only the content made since the path was last removed or emptied counts: `make clean && make`
        // in one run, or a lock file taken twice, made the one seen anew; `gcc -c a.c b.c` writes one
        // temporary .s per source, truncating it, so b.o's `as` read cc1(b.c)'s only.
        long since = Long.MIN_VALUE;
        for (StoredAccess r : removals(path)) if (when(r) <= last) since = Math.max(since, when(r));
        for (StoredAccess a : before) if (a.emptied()) since = Math.max(since, when(a));
        if (since == Long.MIN_VALUE) return before;
        List<StoredAccess> current = new ArrayList<>(before.size());
        for (StoredAccess a : before) if (when(a) >= since) current.add(a);
        return current;
    }

    /**
     * The accesses that took {@code path} in after {@code made} (null, or a pipe: all of them), in
     * recording order; none after the path was next removed (they took in another content).
     */
    public List<StoredAccess> usersOf(String path, StoredAccess made) {
        List<StoredAccess> all = users.computeIfAbsent(path, p -> successful(p, false));
        if (made == null || all.isEmpty() || isPipe(path)) return all;
        long until = Long.MAX_VALUE;
        for (StoredAccess r : removals(path)) if (when(r) > when(made)) until = Math.min(until, when(r));
        for (StoredAccess r : makers.computeIfAbsent(path, p -> successful(p, true))) // emptied by a later writer
            if (r.emptied() && when(r) > when(made)) until = Math.min(until, when(r));
        List<StoredAccess> after = new ArrayList<>(all.size());
        for (StoredAccess a : all) if (notAfter(made, a) && when(a) <= until) after.add(a);
        return after;
    }

    /**
     * The successful removals of {@code path} (a rename away too): where a content of it ended. A
     * rename onto it is none: a writer still running writes on into the file it moved there.
     */
    private List<StoredAccess> removals(String path) {
        return removals.computeIfAbsent(path, p -> {
            List<StoredAccess> out = new ArrayList<>(1);
            for (StoredAccess a : accessesOf(p)) if (a.errno() == 0 && a.operation() == Operation.DELETE) out.add(a);
            return out;
        });
    }

    /**
     * Whether {@code path} is one of the run's pipes (named once each, in creation order): its ends
     * are taken at exec, so the reader of a pipeline may exec before its writer (`(sleep 1; cat
     * VERSION) | sed … > v.h`), yet all it read came from the writers: for a pipe, time does not
     * bound which makers a use saw.
     */
    public static boolean isPipe(String path) {
        return path.startsWith(ProcessModel.PIPE_PREFIX);
    }

    /** The successful makings ({@code making}) or takings in of {@code path}, in recording order (once per path). */
    private List<StoredAccess> successful(String path, boolean making) {
        List<StoredAccess> out = new ArrayList<>(2);
        for (StoredAccess a : accessesOf(path)) if (a.errno() == 0 && (making ? makes(a) : reads(a))) out.add(a);
        return out;
    }

    /** A part of the run: executions and the paths they read, ran or wrote, in the order found. */
    public record Slice(Set<StoredExecution> executions, Set<String> paths) {
        /** This slice and {@code other} together. */
        public Slice and(Slice other) {
            Set<StoredExecution> xs = new LinkedHashSet<>(executions);
            xs.addAll(other.executions);
            Set<String> ps = new LinkedHashSet<>(paths);
            ps.addAll(other.paths);
            return new Slice(Collections.unmodifiableSet(xs), Collections.unmodifiableSet(ps));
        }
    }

    /**
     * Where {@code path} came from: the executions that made it, the files they read or ran, the
     * executions that made those before they were read, and so on. Failed accesses lead nowhere.
     */
    public Slice upstream(String path) {
        return follow(path, true);
    }

    /**
     * What came out of {@code path}: the executions that read or ran it, what they wrote, the
     * executions that read those after they were written, and so on.
     */
    public Slice downstream(String path) {
        return follow(path, false);
    }

    /** Both ways at once: what {@code path} was made from and what was made from it. */
    public Slice lineage(String path) {
        return upstream(path).and(downstream(path));
    }

    /** The paths whose successful accesses saw a content whose sha1 begins with {@code prefix}, in the order first seen. */
    public List<String> pathsOfContent(String prefix) {
        Set<String> found = new LinkedHashSet<>();
        for (StoredAccess a : accesses) {
            if (a.errno() == 0 && a.sha1() != null && a.sha1().startsWith(prefix)) found.add(a.path());
        }
        return List.copyOf(found);
    }

    private Slice follow(String start, boolean up) {
        Set<StoredExecution> found = new LinkedHashSet<>();
        Set<String> paths = new LinkedHashSet<>();
        record Step(String path, StoredAccess via) {} // via: the access that led to the path, its time bounds the next step
        Deque<Step> pending = new ArrayDeque<>();
        paths.add(start);
        pending.add(new Step(start, null));
        while (!pending.isEmpty()) {
            Step step = pending.poll();
            for (StoredAccess a : up ? makersOf(step.path(), step.via()) : usersOf(step.path(), step.via())) {
                StoredExecution x = execution(a);
                if (x == null || !found.add(x)) continue;
                for (StoredAccess b : up ? sourcesOf(x) : productsOf(x)) {
                    paths.add(b.path());
                    pending.add(new Step(b.path(), b));
                }
            }
        }
        return new Slice(Collections.unmodifiableSet(found), Collections.unmodifiableSet(paths));
    }

    /** Whether {@code earlier} is not after {@code later} in run order, by time alone (the same time: either may be first). */
    private boolean notAfter(StoredAccess earlier, StoredAccess later) {
        return when(earlier) <= when(later);
    }

    /** An access's place in time (see the class comment). */
    private long when(StoredAccess a) {
        if (a.timeNanos() != null) return a.timeNanos();
        StoredExecution x = byRow.get(a.executionRow());
        boolean removal = a.operation() == Operation.DELETE;
        if (x != null && x.startNanos() != null && x.endNanos() != null) return removal ? x.endNanos() : x.startNanos();
        long[] span = timeline.get(a.executionRow());
        return span == null ? -1 : span[removal ? 1 : 0];
    }

    /** The depth-first timeline of the process tree: enter and exit positions of each execution. */
    private void walkTree() {
        Map<Integer, List<StoredExecution>> children = new HashMap<>();
        Map<Integer, StoredExecution> byId = new HashMap<>();
        for (StoredExecution x : executions) byId.put(x.execId(), x);
        List<StoredExecution> roots = new ArrayList<>();
        for (StoredExecution x : executions) { // in start order
            if (x.parentExecId() != 0 && byId.containsKey(x.parentExecId()) && x.parentExecId() != x.execId()) {
                children.computeIfAbsent(x.parentExecId(), k -> new ArrayList<>()).add(x);
            } else {
                roots.add(x);
            }
        }
        long clock = 0;
        Deque<Object> stack = new ArrayDeque<>(); // an execution to enter, or a Long row to exit
        for (StoredExecution root : roots.reversed()) stack.push(root);
        while (!stack.isEmpty()) {
            Object top = stack.pop();
            if (top instanceof Long row) {
                timeline.get(row)[1] = clock++;
                continue;
            }
            StoredExecution x = (StoredExecution) top;
            if (timeline.containsKey(x.rowId())) continue; // a cycle in a malformed import
            timeline.put(x.rowId(), new long[] {clock++, 0});
            stack.push(x.rowId());
            for (StoredExecution c : children.getOrDefault(x.execId(), List.of()).reversed()) stack.push(c);
        }
    }

    /**
     * Pairs each rename's new name with the removal of its old name, both made by one call: the
     * same syscall at the same time, or (times unknown) the next one in recording order.
     */
    private void pairRenames(List<StoredAccess> ofExecution) {
        List<StoredAccess> removals = new ArrayList<>();
        for (StoredAccess a : ofExecution) {
            if (a.operation() == Operation.DELETE && a.errno() == 0 && a.syscall() != null && a.syscall().startsWith("rename")) removals.add(a);
        }
        if (removals.isEmpty()) return;
        for (StoredAccess a : ofExecution) {
            if (a.operation() != Operation.RENAME || a.errno() != 0) continue;
            StoredAccess match = null;
            for (StoredAccess r : removals) {
                if (renameTargets.containsKey(r) || !r.syscall().equals(a.syscall())) continue;
                if (a.timeNanos() == null || r.timeNanos() == null || a.timeNanos().equals(r.timeNanos())) {
                    match = r;
                    break;
                }
            }
            if (match != null) {
                renameSources.put(a, match);
                renameTargets.put(match, a);
            }
        }
    }
}
