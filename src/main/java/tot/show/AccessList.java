package tot.show;

import java.io.PrintStream;
import java.util.List;
import tot.show.Records.ExecAccess;
import tot.show.Records.FileAccess;

/**
 * A list of accesses with the executions that made them, as the lineage of a content hash and
 * the history of a path show them: one line (table), object (JSON) or record (CSV) each.
 */
final class AccessList {
    private AccessList() {}

    static final List<String> CSV_HEADER = List.of("time", "kind", "path", "sha1", "run", "execution", "pid", "command");

    /** "2026-11-22 03:32:49 5bc875fa  write  /path (9736774f)  $ command" */
    static String line(ExecAccess ea, Style style, boolean withPath) {
        FileAccess a = ea.access();
        StringBuilder sb = new StringBuilder(Text.localTime(a.timeNanos())).append(' ').append(style.id(ea.exec().shortId()))
                .append("  ").append(String.format("%-6s", a.kind()));
        if (withPath) sb.append(' ').append(Text.printable(a.path()));
        if (a.sha1() != null) sb.append(" (").append(style.hash(Text.shortHash(a.sha1()))).append(')');
        sb.append("  ");
        return sb.append(style.command("$ " + Text.command(ea.exec().path(), ea.exec().argv()))).toString();
    }

    static StringBuilder json(StringBuilder sb, ExecAccess ea) {
        JsonOut.access(sb, ea.access()).setLength(sb.length() - 1); // reopen the access object
        return JsonOut.exec(sb.append(",\"execution\":"), ea.exec()).append("}}");
    }

    static void csv(PrintStream out, ExecAccess ea) {
        FileAccess a = ea.access();
        Format.csv(out, List.of(Text.isoTimeOrEmpty(a.timeNanos()), a.kind(), a.path(),
                a.sha1() == null ? "" : a.sha1(), ea.exec().run(), ea.exec().shortId(),
                java.util.Objects.toString(ea.exec().pid(), ""),
                Text.command(ea.exec().path(), ea.exec().argv())));
    }
}
