package tot.show;

import java.io.PrintStream;
import java.util.List;
import tot.store.ExecutionAccess;
import tot.store.StoredAccess;

/**
 * A list of accesses with the executions that made them, as the lineage of a content hash and
 * the history of a path show them: one line (table), object (JSON) or record (CSV) each.
 */
final class AccessList {
    private AccessList() {}

    static final List<String> CSV_HEADER = List.of("time", "kind", "path", "sha1", "run", "execution", "pid", "command");

    /** "2026-11-22 03:32:49 5bc875fa  write  /path (9736774f)  $ command" */
    static String line(ExecutionAccess ea, Style style, boolean withPath) {
        StoredAccess a = ea.access();
        StringBuilder sb = new StringBuilder(Text.localTime(a.timeNanos())).append(' ').append(style.id(ea.execution().shortId()))
                .append("  ").append(String.format("%-6s", a.operation().column()));
        if (withPath) sb.append(' ').append(Text.printable(a.path()));
        if (a.sha1() != null) sb.append(" (").append(style.hash(Text.shortHash(a.sha1()))).append(')');
        sb.append("  ");
        return sb.append(style.command(Text.commandLine(ea.execution()))).toString();
    }

    static StringBuilder json(StringBuilder sb, ExecutionAccess ea) {
        JsonOut.access(sb, ea.access()).setLength(sb.length() - 1); // reopen the access object
        return JsonOut.exec(sb.append(",\"execution\":"), ea.execution()).append("}}");
    }

    static void csv(PrintStream out, ExecutionAccess ea) {
        StoredAccess a = ea.access();
        Format.csv(out, List.of(Text.isoTimeOrEmpty(a.timeNanos()), a.operation().column(), a.path(),
                a.sha1() == null ? "" : a.sha1(), ea.execution().run(), ea.execution().shortId(),
                java.util.Objects.toString(ea.execution().pid(), ""),
                Text.command(ea.execution().path(), ea.execution().argv())));
    }
}
