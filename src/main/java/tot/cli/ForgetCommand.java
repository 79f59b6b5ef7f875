package tot.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tot.store.Forget;
import tot.store.Store;
import tot.util.SafeText;

/** `tot forget`: retention; removes runs by number, age or size, then VACUUMs. */
@Command(name = "forget", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Remove stored runs: by number, those older than an age, and the oldest until the database fits a size.",
                "One transaction (all of them or none), then the paths and contents no run uses any more go, and VACUUM."},
        footer = {"", "Examples:  tot forget --older-than 30d", "           tot forget --max-size 2G", "           tot forget --run 12 --run 13"})
final class ForgetCommand implements Callable<Integer> {
    @Option(names = "--db", paramLabel = "FILE|URL", description = DbQueryOptions.DB_HELP)
    String db;

    @Option(names = "--run", paramLabel = "N", description = "Forget run N (also an incomplete one); repeatable.")
    List<Long> runs = new ArrayList<>();

    @Option(names = "--older-than", paramLabel = "AGE",
            description = "Forget the runs that started more than AGE ago: a number and s, m, h, d or w (30d, 12h); runs of unknown time stay.")
    String olderThan;

    @Option(names = "--max-size", paramLabel = "SIZE",
            description = "Then forget the oldest complete runs until the database is at most SIZE: bytes, or a number and K, M, G or T (500M, 2G).")
    String maxSize;

    @Option(names = {"-n", "--dry-run"}, description = "Only say which runs would be forgotten.")
    boolean dryRun;

    @Override
    public Integer call() throws Store.StoreException {
        if (runs.isEmpty() && olderThan == null && maxSize == null) {
            throw new IllegalArgumentException("which runs? give --run N, --older-than AGE or --max-size SIZE");
        }
        Long before = olderThan == null ? null : Store.nowNanos() - age(olderThan);
        Long max = maxSize == null ? null : size(maxSize);
        Forget.Result r;
        try {
            r = Forget.forget(Databases.of(db), new Forget.Request(runs, before, max, dryRun), Outputs.NOTICES);
        } catch (Forget.Refused e) {
            System.err.println("tot: " + SafeText.escape(e.getMessage() + " (nothing forgotten)"));
            return 1;
        }
        String which = r.runs().isEmpty() ? "no run" : (r.runs().size() == 1 ? "run " : r.runs().size() + " runs (") + join(r.runs())
                + (r.runs().size() == 1 ? "" : ")");
        String counts = r.runs().isEmpty() ? "" : ": " + r.executions() + " executions, " + r.accesses() + " accesses";
        String writing = r.writing().isEmpty() ? "" : " (kept, as a tot is writing " + (r.writing().size() == 1 ? "it: run " : "them: runs ")
                + join(r.writing()) + ")";
        if (dryRun) {
            System.err.println("tot: would forget " + which + counts + "; the database holds " + human(r.sizeBefore()) + writing);
            return 0;
        }
        System.err.println("tot: forgot " + which + counts + "; " + human(r.sizeBefore()) + " before, " + human(r.sizeAfter()) + " now" + writing
                + (r.unusedKept() ? " (paths and contents no run uses are kept while other tots write: run tot forget again later)" : ""));
        return 0;
    }

    private static String join(List<Long> ids) {
        return String.join(", ", ids.stream().map(String::valueOf).toList());
    }

    /** 30d, 12h, 90m, 45s, 2w → nanoseconds. */
    static long age(String text) {
        var m = java.util.regex.Pattern.compile("([0-9]{1,9})([smhdw])").matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) throw new IllegalArgumentException("--older-than: expected a number and s, m, h, d or w (30d), not '" + text + "'");
        long seconds = switch (m.group(2)) {
            case "s" -> 1;
            case "m" -> 60;
            case "h" -> 3600;
            case "d" -> 86_400;
            default -> 7 * 86_400;
        };
        return Long.parseLong(m.group(1)) * seconds * 1_000_000_000L;
    }

    /** 500M, 2G, 1048576 → bytes (K = 1024). */
    static long size(String text) {
        var m = java.util.regex.Pattern.compile("([0-9]{1,12})([kmgt]?)(i?b)?").matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) throw new IllegalArgumentException("--max-size: expected bytes or a number and K, M, G or T (500M), not '" + text + "'");
        int shift = switch (m.group(2)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            case "t" -> 40;
            default -> 0;
        };
        return Long.parseLong(m.group(1)) << shift;
    }

    private static String human(long bytes) {
        if (bytes < 1024) return bytes + " B";
        if (bytes < 1 << 20) return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        if (bytes < 1L << 30) return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
        return String.format(Locale.ROOT, "%.2f GiB", bytes / 1073741824.0);
    }
}
