package tot.ci;

import java.io.PrintStream;
import tot.util.Json;
import tot.util.SafeText;
import tot.show.Text;

/**
 * A lineage tree as text — each file on a line ({@code (sha1 prefix)}, how it was taken in,
 * {@code gone} when it was not there at the end of its run), under it the executions that made
 * it ({@code <- ID  $ command}, with the run when it is another one), under each what it took in
 * — or as nested JSON objects.
 */
public final class LineageView {
    private LineageView() {}

    public static void text(PrintStream stream, Lineage.FileNode root, PathText paths) {
        Output out = new Output(stream);
        file(out, root, paths, "", root.madeBy().isEmpty() ? -1 : root.madeBy().getFirst().run().id());
        out.flush();
    }

    private static void file(Output out, Lineage.FileNode n, PathText paths, String indent, long run) {
        StringBuilder sb = new StringBuilder(indent).append(SafeText.escape(paths.of(n.path())));
        if (n.sha1() != null) sb.append(" (").append(n.sha1(), 0, 8).append(')');
        if (!n.how().equals("read") && !n.how().equals("made")) sb.append("  ").append(n.how());
        if (n.gone()) sb.append("  gone");
        if (n.madeBy().isEmpty() && n.how().equals("made")) sb.append("  no recorded execution made it");
        if (n.cut()) sb.append("  … (deeper than --depth)");
        out.println(sb.toString());
        for (Lineage.Step s : n.madeBy()) {
            StringBuilder line = new StringBuilder(indent).append("  <- ").append(s.execution().shortId());
            if (s.run().id() != run) line.append(" run ").append(s.run().id());
            line.append("  $ ").append(Text.command(s.execution().path(), s.execution().argv()));
            if (s.repeated()) line.append("  (shown above)");
            out.println(line.toString());
            for (Lineage.FileNode in : s.inputs()) file(out, in, paths, indent + "      ", s.run().id());
        }
    }

    public static void json(PrintStream stream, Lineage.FileNode root, PathText paths) {
        StringBuilder sb = new StringBuilder();
        file(sb, root, paths);
        new Output(stream).println(sb.toString()).flush();
    }

    private static void file(StringBuilder sb, Lineage.FileNode n, PathText paths) {
        Json.quote(sb.append("{\"path\":"), paths.of(n.path())).append(",\"sha1\":");
        Json.quote(sb, n.sha1()).append(",\"how\":\"").append(n.how()).append("\",\"gone\":").append(n.gone()).append(",\"cut\":").append(n.cut()).append(",\"made_by\":[");
        for (int i = 0; i < n.madeBy().size(); i++) {
            Lineage.Step s = n.madeBy().get(i);
            sb.append(i == 0 ? "" : ",").append("{\"run\":").append(s.run().id()).append(",\"id\":");
            Json.quote(sb, s.execution().shortId()).append(",\"path\":");
            Json.quote(sb, s.execution().path()).append(",\"args\":");
            Json.array(sb, s.execution().argv()).append(",\"repeated\":").append(s.repeated()).append(",\"inputs\":[");
            for (int k = 0; k < s.inputs().size(); k++) file(k == 0 ? sb : sb.append(','), s.inputs().get(k), paths);
            sb.append("]}");
        }
        sb.append("]}");
    }
}
