package tot.ci;

import java.util.List;
import java.util.Locale;
import tot.store.ExecutionAccess;
import tot.store.RunGraph;
import tot.store.Store;
import tot.store.StoreReader;
import tot.store.StoredRun;
import tot.util.LexicalPath;
import tot.util.SafeText;

/**
 * What `tot lineage PATH|HASH` (and tot.api's RunStore) follows: a content's sha1 prefix (4 to
 * 40 hex digits), where that content was last made; else a path, as the last complete run that
 * made it (or read it) left it, or as run {@code run} did.
 */
public final class LineageQuery {
    private LineageQuery() {}

    /** Nothing to follow: the message says why (one line, for `tot: …`). */
    public static final class NotFound extends Exception {
        NotFound(String message) {
            super(message, null, false, false);
        }
    }

    /** The lineage of {@code query} (a path relative to {@code cwd}, or a sha1 prefix); {@code run}: null, or a run as {@link Runs} reads it. */
    public static Lineage.FileNode find(StoreReader store, Lineage lineage, String query, String run, String cwd)
            throws Store.StoreException, Runs.NoSuchRun, NotFound {
        if (query.matches("[0-9a-fA-F]{4,40}")) {
            String prefix = query.toLowerCase(Locale.ROOT);
            List<String> hashes = store.hashes(prefix, 21);
            if (hashes.size() > 1) {
                throw new NotFound(query + " is ambiguous; it begins " + hashes.size() + (hashes.size() > 20 ? "+" : "")
                        + " contents: " + String.join(" ", hashes.subList(0, Math.min(5, hashes.size()))) + (hashes.size() > 5 ? " …" : ""));
            }
            if (hashes.size() == 1) return ofContent(store, lineage, hashes.getFirst(), run);
        }
        String path = LexicalPath.resolve(cwd, query);
        String real = PathFilter.viaRealDirectory(path);
        if (real != null && store.accessesOfPath(path).isEmpty() && !store.accessesOfPath(real).isEmpty()) path = real; // through a symlinked directory
        StoredRun chosen = run != null ? Runs.find(store, run) : lastMaker(store, path);
        if (chosen == null) throw new NotFound(SafeText.escape(query) + ": no complete run read or made it (nor a content with this sha1)");
        if (lineage.graph(chosen).accessesOf(path).isEmpty()) {
            throw new NotFound(SafeText.escape(path) + ": run " + chosen.id() + " did not read or make it");
        }
        return lineage.of(chosen, path);
    }

    /** Where content {@code sha1} was last made (in {@code run}, when given). */
    private static Lineage.FileNode ofContent(StoreReader store, Lineage lineage, String sha1, String run)
            throws Store.StoreException, Runs.NoSuchRun, NotFound {
        StoredRun only = run != null ? Runs.find(store, run) : null;
        ExecutionAccess last = null;
        for (ExecutionAccess ea : store.makersOfContent(sha1)) {
            if (only == null || ea.execution().run() == only.id()) last = ea;
        }
        if (last == null) {
            throw new NotFound("content " + sha1 + ": no execution" + (only == null ? "" : " of run " + only.id())
                    + " made it (tot show " + sha1.substring(0, 8) + " lists who read it)");
        }
        return lineage.of(last);
    }

    /** The last complete run that made {@code path}, else the last that read it, else null. */
    private static StoredRun lastMaker(StoreReader store, String path) throws Store.StoreException {
        List<ExecutionAccess> newestFirst = store.accessesOfPath(path);
        for (ExecutionAccess ea : newestFirst) {
            if (RunGraph.makes(ea.access())) return store.runs(String.valueOf(ea.execution().run())).getFirst();
        }
        return newestFirst.isEmpty() ? null : store.runs(String.valueOf(newestFirst.getFirst().execution().run())).getFirst();
    }
}
