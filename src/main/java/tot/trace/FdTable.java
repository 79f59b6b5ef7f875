package tot.trace;

import java.util.Arrays;
import java.util.function.IntConsumer;

/** A process's file descriptor table: fd → what tot knows it refers to. Shared under CLONE_FILES. */
final class FdTable {
    /** What an fd refers to. */
    enum Kind { FILE, PIPE_READ, PIPE_WRITE, PATH_ONLY, TMPFILE, OTHER }

    record Entry(String path, Kind kind, boolean cloexec) {
        Entry withCloexec(boolean on) {
            return on == cloexec ? this : new Entry(path, kind, on);
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

    /** The table a successful exec leaves: a private copy without the close-on-exec fds. */
    FdTable afterExec() {
        Entry[] kept = entries.clone();
        for (int i = 0; i < kept.length; i++) if (kept[i] != null && kept[i].cloexec()) kept[i] = null;
        return new FdTable(kept);
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
