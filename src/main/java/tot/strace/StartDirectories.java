package tot.strace;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tot.strace.StraceRecord.LoggedCall;
import tot.syscalls.Arg;
import tot.syscalls.Handler;
import tot.syscalls.Syscall;
import tot.syscalls.SyscallTable;
import tot.util.LexicalPath;

/**
 * Where each process tree of a log began, when the log says: a log has no line for a command's
 * starting directory, but a call can show a task's working directory ({@link #shown}). Such a
 * sight, in the first pass, tells where the tree's root began when no chdir came before it in the
 * task, in a task sharing its working directory (CLONE_FS), or in an ancestor before the fork
 * that led to it: children inherit their parent's directory, as in the model. The first such
 * sight in log order is the tree's; a tree is a task no logged clone, fork or vfork made, and
 * what those calls made.
 */
final class StartDirectories {
    private static final long CLONE_FS = 0x200;

    private record Sight(long order, String dir) {}

    private record Fork(int parent, long order, boolean sharesFs) {}

    private long order;
    /** Task → its first chdir or fchdir that did not fail, by order. */
    private final Map<Integer, Long> firstChdir = new HashMap<>();
    /** Task → the first directory it was shown in before it chdir'd. */
    private final Map<Integer, Sight> sights = new HashMap<>();
    /** Child → the call that made it (a pid's first). */
    private final Map<Integer, Fork> forks = new HashMap<>();
    private int firstPid = -1;

    /** The next record of the first pass. */
    void count(StraceRecord r) {
        order++;
        if (firstPid < 0) firstPid = r.pid();
        if (!(r instanceof LoggedCall c)) return;
        int pid = c.pid();
        if (c.spawnedPid() > 0) {
            forks.putIfAbsent(c.spawnedPid(), new Fork(pid, order, (RecordFacts.cloneFlags(c) & CLONE_FS) != 0));
        }
        Syscall s = SyscallTable.byName(c.name());
        if (s != null && s.handler() == Handler.CHDIR) {
            if (!c.failed()) firstChdir.putIfAbsent(pid, order);
            return;
        }
        if (firstChdir.containsKey(pid) || sights.containsKey(pid)) return;
        String dir = shown(c, s);
        if (dir != null) sights.put(pid, new Sight(order, dir));
    }

    /** The first pass gave the root's early lines {@code unknown} for a pid: they are {@code root}'s. */
    void rootIs(int unknown, int root) {
        if (unknown == root) return;
        if (firstPid == unknown) firstPid = root;
        Long chdir = firstChdir.remove(unknown);
        if (chdir != null) firstChdir.merge(root, chdir, Math::min);
        Sight early = sights.remove(unknown);
        if (early != null) sights.merge(root, early, (a, b) -> a.order() <= b.order() ? a : b);
        Map<Integer, Fork> mapped = new HashMap<>();
        forks.forEach((child, f) -> mapped.put(child == unknown ? root : child,
                f.parent() == unknown ? new Fork(root, f.order(), f.sharesFs()) : f));
        forks.clear();
        forks.putAll(mapped);
    }

    /** {@code child} was made by {@code parent}'s call at {@code order} (a fork in a PID namespace, linked after the pass). */
    void spawned(int child, int parent, long order, long cloneFlags) {
        forks.putIfAbsent(child, new Fork(parent, order, (cloneFlags & CLONE_FS) != 0));
    }

    /** {@code tid} is a thread of {@code tgid} strace attached to with it: they share a directory. */
    void sharesWith(int tid, int tgid) {
        if (tid != tgid) forks.putIfAbsent(tid, new Fork(tgid, 0, true));
    }

    /** Tree root → the directory the log shows it began in; trees it says nothing of are left out. */
    Map<Integer, String> byRoot() {
        List<Map.Entry<Integer, Sight>> inOrder = new ArrayList<>(sights.entrySet());
        inOrder.sort(Map.Entry.comparingByValue(java.util.Comparator.comparingLong(Sight::order)));
        Map<Integer, Long> groupChdir = new HashMap<>();
        firstChdir.forEach((pid, at) -> groupChdir.merge(fsGroup(pid), at, Math::min));
        Map<Integer, String> out = new java.util.LinkedHashMap<>(); // in the order they were shown
        for (Map.Entry<Integer, Sight> e : inOrder) {
            int root = rootIfUnmoved(e.getKey(), e.getValue().order(), groupChdir);
            if (root >= 0) out.putIfAbsent(root, e.getValue().dir());
        }
        return out;
    }

    /** Of {@link #byRoot}: the first record's tree's directory, else the first shown, else null. */
    String main(Map<Integer, String> byRoot) {
        String first = firstPid < 0 ? null : byRoot.get(treeRoot(firstPid));
        return first != null || byRoot.isEmpty() ? first : byRoot.values().iterator().next();
    }

    /** The root of {@code pid}'s tree when no chdir moved it or its ancestors before {@code at}, else -1. */
    private int rootIfUnmoved(int pid, long at, Map<Integer, Long> groupChdir) {
        int task = pid;
        long before = at;
        for (int steps = 0; steps <= forks.size(); steps++) { // a pid used again could make a cycle
            int group = fsGroup(task);
            Long moved = groupChdir.get(group);
            if (moved != null && moved < before) return -1;
            Fork f = forks.get(group);
            if (f == null) return group;
            before = Math.min(before, f.order()); // the child took a copy of the directory at its fork
            task = f.parent();
        }
        return -1;
    }

    /** The task whose working directory {@code pid} shares (CLONE_FS): the first of its line that made its own. */
    private int fsGroup(int pid) {
        int task = pid;
        for (int steps = 0; steps <= forks.size(); steps++) {
            Fork f = forks.get(task);
            if (f == null || !f.sharesFs()) return task;
            task = f.parent();
        }
        return task;
    }

    private int treeRoot(int pid) {
        int task = pid;
        for (int steps = 0; steps <= forks.size(); steps++) {
            Fork f = forks.get(task);
            if (f == null) return task;
            task = f.parent();
        }
        return task;
    }

    /**
     * The working directory {@code c} shows its task in, absolute and normal, else null: the
     * kernel's own words ({@link #stated}), or strace -y's path of what a successful open of a
     * relative name returned ({@code open("a/b", …) = 3</home/u/a/b>}: /home/u), when it ends
     * in that name (a symlink in the name leads elsewhere, and shows nothing).
     */
    static String shown(LoggedCall c, Syscall s) {
        String stated = stated(c);
        if (stated != null || s == null || s.handler() != Handler.OPEN || c.failed() || c.unfinished()) return stated;
        StraceArg.Fd fd = c.resultFd();
        int path = s.indexOf(Arg.PATH), dirfd = s.indexOf(Arg.DIRFD);
        if (fd == null || fd.path() == null || !fd.path().startsWith("/") || fd.deleted() || path < 0) return null;
        if (dirfd >= 0 && !(c.arg(dirfd) instanceof StraceArg.Fd d && d.fd() == StraceArg.Fd.AT_FDCWD)) return null;
        if (!(c.arg(path) instanceof StraceArg.Str name) || name.truncated() || name.value().startsWith("/")) return null;
        String relative = plainRelative(name.value()), kernel = LexicalPath.normalize(fd.path());
        if (relative == null || !kernel.endsWith("/" + relative)) return null;
        String dir = kernel.substring(0, kernel.length() - relative.length() - 1);
        return dir.isEmpty() ? "/" : dir;
    }

    /**
     * The working directory {@code c} states: strace -y's {@code AT_FDCWD</dir>}, or what a
     * successful getcwd wrote; else null.
     */
    static String stated(LoggedCall c) {
        if (c.name().equals("getcwd")) {
            boolean ok = !c.failed() && !c.unknownResult() && c.arg(0) instanceof StraceArg.Str dir && !dir.truncated()
                    && dir.value().startsWith("/");
            return ok ? LexicalPath.normalize(((StraceArg.Str) c.arg(0)).value()) : null;
        }
        for (StraceArg a : c.args()) {
            if (a instanceof StraceArg.Fd fd && fd.fd() == StraceArg.Fd.AT_FDCWD && fd.path() != null && fd.path().startsWith("/")
                    && !fd.deleted()) {
                return LexicalPath.normalize(fd.path());
            }
        }
        return null;
    }

    /** {@code name} without "./" and repeated '/', or null when it has a ".." or is empty. */
    private static String plainRelative(String name) {
        StringBuilder out = new StringBuilder();
        for (String part : name.split("/")) {
            if (part.isEmpty() || part.equals(".")) continue;
            if (part.equals("..")) return null;
            if (!out.isEmpty()) out.append('/');
            out.append(part);
        }
        return out.isEmpty() ? null : out.toString();
    }
}
