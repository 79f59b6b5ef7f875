package tot.show;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import tot.linux.Errno;
import tot.store.Store;
import tot.store.StoreReader;
import tot.store.StoredRun;

/**
 * `tot export --csv`: one row per stored syscall event, with strace2csv's columns: timestamp,
 * pid, executable, syscall, filepath (the first path), all_filepaths (every path, `;`-separated),
 * ret_int (the result, or -errno), ret_str (the result, or the errno name).
 */
public final class Export {
    private final StoreReader store;
    private final List<StoredRun> runs;

    /** {@code run}: null for every complete run, "last", or a run number. */
    public Export(StoreReader store, String run) throws Store.StoreException {
        this.store = store;
        runs = store.runs(run);
    }

    /** How many syscall events the chosen runs hold (none: the runs were traced without --trace). */
    public long count() throws Store.StoreException {
        return store.callCount(runs);
    }

    public void csv(OutputStream target) throws IOException {
        PrintStream out = new PrintStream(new java.io.BufferedOutputStream(target, 1 << 16), false, StandardCharsets.UTF_8);
        Format.csv(out, List.of("timestamp", "pid", "executable", "syscall", "filepath", "all_filepaths", "ret_int", "ret_str"));
        try {
            store.calls(runs, c -> {
                List<String> paths = c.paths().stream().map(p -> p == null ? "" : p).toList();
                Object result = c.result();
                int errno = c.errno();
                Format.csv(out, List.of(Text.isoTimeOrEmpty(c.timeNanos()), c.pid() == null ? "" : c.pid(),
                        c.executable() == null ? "" : c.executable(), c.name(), paths.isEmpty() ? "" : paths.get(0),
                        String.join(";", paths),
                        errno != 0 ? -errno : result == null ? "" : result,
                        errno != 0 ? Errno.name(errno) : result == null ? "?" : result.toString()));
            });
        } catch (Store.StoreException e) {
            throw new IOException(e.getMessage(), e);
        }
        out.flush();
        if (out.checkError()) throw new IOException("write error");
    }
}
