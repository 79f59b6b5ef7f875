package tot.show;

import java.io.PrintStream;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import tot.store.Store;
import tot.store.StoreReader;
import tot.store.StoredExecution;
import tot.store.StoredRun;
import tot.util.SafeText;

/** `tot show [QUERY]`: picks the view for the query and prints it. Returns the exit status. */
public final class Show {
    /** Most candidates listed for an ambiguous prefix. */
    private static final int CANDIDATES = 20;

    private final StoreReader store;
    private final Format format;
    private final PrintStream out;
    private final int limit;
    private final Style style;

    public Show(StoreReader store, Format format, PrintStream out, int limit) {
        this.store = store;
        this.format = format;
        this.out = out;
        this.limit = limit;
        this.style = format == Format.TABLE && out == System.out ? Style.forStdout() : new Style(false);
    }

    /** {@code query}: null (the tree), a sha1 or execution id prefix, or a path; {@code run}: null, "last" or N. */
    public int run(String query, String run, boolean failed) throws Store.StoreException {
        if (query == null) {
            List<StoredRun> runs = store.runs(run);
            if (runs.isEmpty()) return notFound(run == null ? "no complete run is stored" : "no run " + run);
            new TreeView(store, format, style, out, failed, limit).print(runs);
            return 0;
        }
        if (query.matches("[0-9a-fA-F]{4,40}")) {
            String prefix = query.toLowerCase(Locale.ROOT);
            List<String> hashes = store.hashes(prefix, CANDIDATES + 1);
            List<StoredExecution> execs = prefix.length() <= 8 ? store.executionsByShortId(prefix) : List.of();
            if (hashes.size() + execs.size() > 1) return ambiguous(query, hashes, execs);
            if (hashes.size() == 1) {
                LineageView.print(hashes.get(0), store.accessesOfContent(hashes.get(0)), limit, format, style, out);
                return 0;
            }
            if (execs.size() == 1) {
                StoredExecution x = execs.get(0);
                new TreeView(store, format, style, out, failed, limit).print(store.runs(String.valueOf(x.run())), x);
                return 0;
            }
        }
        String path;
        try {
            path = Path.of(query).toAbsolutePath().normalize().toString();
        } catch (InvalidPathException e) {
            return notFound(query + ": not a path");
        }
        var accesses = store.accessesOfPath(path);
        if (accesses.isEmpty()) {
            return notFound(query + ": no content hash, execution id or path of a complete run matches");
        }
        PathView.print(path, accesses, limit, format, style, out);
        return 0;
    }

    private static int notFound(String message) {
        System.err.println("tot: " + SafeText.escape(message));
        return 1;
    }

    private int ambiguous(String query, List<String> hashes, List<StoredExecution> execs) {
        System.err.println("tot: " + SafeText.escape(query + " is ambiguous; it begins:"));
        for (String h : hashes.subList(0, Math.min(CANDIDATES, hashes.size()))) System.err.println("  content   " + h);
        if (hashes.size() > CANDIDATES) System.err.println("  …");
        for (StoredExecution x : execs) {
            System.err.println("  execution " + x.shortId() + "  run " + x.run() + "  " + Text.commandLine(x));
        }
        return 1;
    }
}
