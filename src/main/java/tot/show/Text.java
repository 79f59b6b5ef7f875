package tot.show;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import tot.model.Execution;
import tot.store.StoredExecution;
import tot.util.SafeText;
import tot.util.ShellQuote;
import tot.util.Times;

/** How `tot show` (and `tot graph` and the CI commands) write times, hashes and commands. */
public final class Text {
    private Text() {}

    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());
    /** Width of {@link #localTime}. */
    static final int TIME_WIDTH = 19;

    /** Local date and time to the second; the time alone when the date is unknown ({@link Times}); blanks when unknown. */
    public static String localTime(Long nanos) {
        if (nanos == null) return " ".repeat(TIME_WIDTH);
        if (Times.dateUnknown(nanos)) return String.format("%" + TIME_WIDTH + "s", TIME_OF_DAY.format(Times.timeOfDay(nanos)));
        return LOCAL.format(Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L)));
    }

    private static final DateTimeFormatter TIME_OF_DAY = DateTimeFormatter.ofPattern("HH:mm:ss");

    /** ISO-8601 UTC with nanoseconds (a time of day alone when the date is unknown), or null. */
    public static String isoTime(Long nanos) {
        return nanos == null ? null : Times.iso(nanos);
    }

    /** {@link #isoTime}, or "" (a CSV field). */
    static String isoTimeOrEmpty(Long nanos) {
        return nanos == null ? "" : isoTime(nanos);
    }

    /** The 8 hex digits shown for a sha1. */
    static String shortHash(String sha1) {
        return sha1.substring(0, Math.min(8, sha1.length()));
    }

    /**
     * "$ PATH ARG1…", the line to paste into bash; "# argv cut short: PATH ARG1…" for an execution
     * whose argv was recorded incomplete (pasted, a comment: its cut last argument would name
     * another file, `rm -rf …/data/build` becoming `rm -rf …/data`).
     */
    static String commandLine(StoredExecution x) {
        boolean cut = x.warnings() != null && x.warnings().stream().anyMatch(Execution::saysArgvCut);
        return (cut ? "# argv cut short: " : "$ ") + command(x.path(), x.argv());
    }

    /** "PATH ARG1 ARG2…" as a shell would read it, control characters escaped. */
    public static String command(String path, List<String> argv) {
        String args = args(argv);
        return word(path) + (args.isEmpty() ? "" : " " + args);
    }

    /** argv[1…] as a shell would read them, control characters escaped. */
    static String args(List<String> argv) {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i < argv.size(); i++) sb.append(i > 1 ? " " : "").append(word(argv.get(i)));
        return sb.toString();
    }

    /**
     * One word as a shell reads it, on one line: quoted as {@link ShellQuote} does, or, when it
     * holds a character that must be escaped (a newline), as {@code $'…'} (bash, zsh, ksh), in
     * which {@code \n} and {@code \xNN} mean the characters they stand for ({@code '…'} would
     * keep them as written).
     */
    static String word(String s) {
        if (printable(s).equals(s)) return ShellQuote.quote(s);
        return "$'" + printable(s.replace("\\", "\\\\").replace("'", "\\'")) + "'";
    }

    /** {@code s} with control characters as \\n, \\t or \\xNN, so one record stays on one line. */
    static String printable(String s) {
        return SafeText.escape(s);
    }
}
