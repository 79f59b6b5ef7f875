package tot.ci;

import java.util.List;
import tot.store.Store;
import tot.store.StoreReader;
import tot.store.StoredRun;

/**
 * Which run a CI command answers about: {@code N} (run N, also an incomplete one), {@code last}
 * (the last complete run) or {@code last~K} (the K-th complete run before the last).
 */
public final class Runs {
    private Runs() {}

    /** No such run: the message says which (one line, for `tot: …`). */
    public static final class NoSuchRun extends Exception {
        NoSuchRun(String message) {
            super(message, null, false, false);
        }
    }

    /** {@code which} when it names a run in one of the forms above; else a usage error about {@code what} (an option, an argument). */
    public static String check(String what, String which) {
        if (!which.matches("[0-9]{1,18}|last|last~[0-9]{1,9}")) {
            throw new IllegalArgumentException(what + ": expected a run number, 'last' or 'last~K', not '" + tot.util.SafeText.quote(which) + "'");
        }
        return which;
    }

    /** The run {@code which} names. */
    public static StoredRun find(StoreReader store, String which) throws Store.StoreException, NoSuchRun {
        check("run", which);
        if (!which.startsWith("last")) {
            List<StoredRun> runs = store.runs(which);
            if (runs.isEmpty()) throw new NoSuchRun("no run " + which);
            return runs.getFirst();
        }
        int back = which.equals("last") ? 0 : Integer.parseInt(which.substring(5));
        List<StoredRun> complete = back == 0 ? store.runs("last") : store.runs(null);
        if (complete.isEmpty()) throw new NoSuchRun("no complete run is stored");
        if (back >= complete.size()) {
            throw new NoSuchRun("no run " + which + ": " + complete.size() + " complete run" + (complete.size() == 1 ? " is" : "s are") + " stored");
        }
        return complete.get(complete.size() - 1 - back);
    }
}
