package tot.model;

import java.util.Arrays;
import java.util.Map;
import java.util.function.IntConsumer;
import tot.util.LexicalPath;

/** A process's file descriptor table: fd → what tot knows it refers to. Shared under CLONE_FILES. */
final class FdTable {
    /**
     * {@code mode}: how a file was opened (null: unknown, or not a file); {@code openedIn}: the
     * execution that opened it (null: not seen opened), and {@code passedTo}: the last execution
     * it reached as a redirection, so that an exec can tell the fds set up for it (a shell's
     * redirections, also through execs in place: a wrapper script that execs the real program)
     * from those inherited from further up.
     */
    record Entry(String path, FdKind kind, FdMode mode, boolean cloexec, Execution openedIn, Execution passedTo) {
        Entry(String path, FdKind kind, FdMode mode, boolean cloexec) {
            this(path, kind, mode, cloexec, null, null);
        }

        Entry withCloexec(boolean on) {
            return on == cloexec ? this : new Entry(path, kind, mode, on, openedIn, passedTo);
        }

        Entry passedTo(Execution x) {
            return new Entry(path, kind, mode, cloexec, openedIn, x);
        }
    }

    private Entry[] entries;

    FdTable() {
        entries = new Entry[16];
    }

    private FdTable(Entry[] entries) {
        this.entries = entries;
    }

    Entry get(int fd) {
        return fd >= 0 && fd < entries.length ? entries[fd] : null;
    }

    void put(int fd, Entry e) {
        if (fd < 0) return;
        if (fd >= entries.length) entries = Arrays.copyOf(entries, Math.max(fd + 1, entries.length * 2));
        entries[fd] = e;
    }

    void remove(int fd) {
        if (fd >= 0 && fd < entries.length) entries[fd] = null;
    }

    /** A private copy (fork without CLONE_FILES, unshare). */
    FdTable copy() {
        return new FdTable(entries.clone());
    }

    /**
     * The table a successful exec leaves, given the fds /proc/PID/fd lists as open then (fd →
     * link target). tot does not trap close (a stop each), so this is where entries of fds
     * closed since are dropped; an entry is kept (tot's name: the path as opened, the pipe's
     * number) while /proc agrees on what the fd is, else /proc's link replaces it (a number
     * closed and taken by a socket or a file received over a unix socket). {@code open}
     * null (/proc/PID/fd could not be listed): the entries tot has, but the close-on-exec ones.
     */
    FdTable afterExec(Map<Integer, String> open) {
        FdTable out = new FdTable();
        if (open == null) { // /proc unreadable: what tot saw, without the close-on-exec fds
            forEachOpen(fd -> {
                if (!entries[fd].cloexec()) out.put(fd, entries[fd]);
            });
            return out;
        }
        open.forEach((fd, link) -> {
            Entry known = get(fd);
            String target = named(link);
            out.put(fd, known != null && agrees(known, target) ? known.withCloexec(false) : fromProc(target, false));
        });
        return out;
    }

    /**
     * Whether /proc's {@code target} is what entry {@code e} names: a pipe for a pipe end, the
     * file by its name (a removed one's link ends in " (deleted)"; the front-end gives tot's own
     * name for an fd on that file by another name) or, for an O_TMPFILE file, which /proc names
     * by its inode, a file.
     */
    private static boolean agrees(Entry e, String target) {
        return switch (e.kind()) {
            case PIPE_READ, PIPE_WRITE -> target.startsWith("pipe:");
            case FILE, PATH_ONLY -> target.equals(e.path()) || target.equals(e.path() + " (deleted)");
            case TMPFILE -> isFile(target);
            case OTHER -> e.path().equals(target);
        };
    }

    /** What /proc/PID/fd shows of an io_uring ring. */
    static final String IO_URING = "anon_inode:[io_uring]";

    /** An entry for an fd known only from its /proc/PID/fd link. */
    static Entry fromProc(String link, boolean cloexec) {
        String target = named(link);
        return new Entry(target, isFile(target) ? FdKind.FILE : FdKind.OTHER, null, cloexec);
    }

    /**
     * A /proc/PID/fd link as tot names what it is open on: a memfd's "/memfd:NAME (deleted)" is
     * "memfd:NAME", as the memfd_create tot saw names it (and every front-end: the eBPF engine
     * and a strace log see the call, not the link); anything else as it is.
     */
    private static String named(String link) {
        String deleted = " (deleted)";
        return link.startsWith("/memfd:") && link.endsWith(deleted) ? link.substring(1, link.length() - deleted.length()) : link;
    }

    /** Whether a /proc/PID/fd link (as {@link #named}) names a file: not pipe:[…], socket:[…], anon_inode:…, memfd:… */
    private static boolean isFile(String target) {
        return target.startsWith("/");
    }

    /** The path of each fd an exec keeps (not close-on-exec), by fd; null where none. */
    String[] keptByExec() {
        String[] out = new String[highest() + 1];
        forEachOpen(fd -> {
            if (!entries[fd].cloexec()) out[fd] = entries[fd].path();
        });
        return out;
    }

    /** fd → path of every open fd, in fd order (an execution's FDs). */
    java.util.SortedMap<Integer, String> paths() {
        java.util.SortedMap<Integer, String> out = new java.util.TreeMap<>();
        forEachOpen(fd -> out.put(fd, entries[fd].path()));
        return out;
    }

    /** fd → how it was opened, for the fds on files whose mode is known, in fd order (an execution's redirections). */
    java.util.SortedMap<Integer, FdMode> modes() {
        java.util.SortedMap<Integer, FdMode> out = new java.util.TreeMap<>();
        forEachOpen(fd -> {
            if (entries[fd].kind() == FdKind.FILE && entries[fd].mode() != null) out.put(fd, entries[fd].mode());
        });
        return out;
    }

    /**
     * A rename (or an exchange): each entry whose path {@code where} gives a new name (null: not
     * moved) takes it — fds open on the file renamed, or on what a renamed directory holds.
     */
    void move(java.util.function.UnaryOperator<String> where) {
        for (int i = 0; i < entries.length; i++) {
            Entry e = entries[i];
            String moved = e == null ? null : where.apply(e.path());
            if (moved != null) entries[i] = new Entry(moved, e.kind(), e.mode(), e.cloexec(), e.openedIn(), e.passedTo());
        }
    }

    void forEachOpen(IntConsumer action) {
        for (int i = 0; i < entries.length; i++) if (entries[i] != null) action.accept(i);
    }

    /** Highest fd tot knows, or -1. */
    int highest() {
        for (int i = entries.length - 1; i >= 0; i--) if (entries[i] != null) return i;
        return -1;
    }
}
