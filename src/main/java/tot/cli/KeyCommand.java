package tot.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tot.ci.CacheKey;
import tot.ci.RunFiles;
import tot.ci.Runs;
import tot.store.RunGraph;
import tot.store.StoreReader;
import tot.util.ByteStrings;
import tot.util.SafeText;

/** `tot key`: a cache key over a run's inputs and command line. */
@Command(name = "key", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Print a cache key: the SHA-256 of the run's command line and the sorted (path, sha1) of its inputs "
                + "(and of the files it looked for and did not find), paths relative to the run's directory.",
                "The same for identical inputs; different when any input's content changes. --explain prints what it covers."},
        footer = {"", "Examples:  tot key --under .                 (after the build: the key to save its outputs under)",
                "           tot key --under . --now           (before the next build: the key to look up)",
                "           tot key --under . --explain | sha256sum"})
final class KeyCommand implements Callable<Integer> {
    @Mixin
    RunChoice run;

    @Option(names = "--under", paramLabel = "DIR", description = "Only inputs below DIR (repeatable; default: every input).")
    java.util.List<String> under = new java.util.ArrayList<>();

    @Option(names = "--exclude", paramLabel = "GLOB", description = "Leave out the inputs GLOB matches (repeatable; as for tot inputs).")
    java.util.List<String> exclude = new java.util.ArrayList<>();

    @Option(names = "--now", description = "Hash the run's inputs as they are now (the run's directory read as the current one).")
    boolean now;

    @Option(names = "--explain", description = "Print the text the key is the SHA-256 of, instead of the key.")
    boolean explain;

    @Override
    public Integer call() throws Exception {
        String which = run.which();
        FileFilterOptions files = new FileFilterOptions();
        files.under = under;
        files.exclude = exclude;
        var filter = files.filter();
        CacheKey key;
        try (StoreReader store = StoreReader.open(run.file(), Outputs.NOTICES)) {
            RunFiles f = RunFiles.of(RunGraph.load(store, Runs.find(store, which)));
            key = CacheKey.of(f, filter, now, now ? files.cwd() : null);
        } catch (Runs.NoSuchRun e) {
            System.err.println("tot: " + SafeText.escape(e.getMessage()));
            return 1;
        }
        if (key.unhashed() > 0) {
            System.err.println("tot: warning: " + key.unhashed() + " input" + (key.unhashed() == 1 ? " has" : "s have")
                    + " no recorded sha1 (e.g. " + SafeText.quote(key.firstUnhashed()) + "): hashed as "
                    + (key.unhashed() == 1 ? "it is" : "they are") + " now");
        }
        if (key.files() == 0) { // a mistyped --under would make every later run hit the cache
            System.err.println("tot: warning: the key covers no file, only the command: the run read nothing "
                    + (under.isEmpty() && exclude.isEmpty() ? "at all" : "that --under and --exclude keep"));
        }
        byte[] text = ByteStrings.encode(explain ? key.text() : key.digest() + "\n");
        System.out.write(text, 0, text.length);
        return 0;
    }
}
