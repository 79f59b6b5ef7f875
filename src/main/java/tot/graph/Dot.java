package tot.graph;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;
import tot.store.StoredExecution;

/**
 * A picture as Graphviz DOT: executions as boxes (the one that started each points to it,
 * dashed), files as ellipses, a collapsed directory as a folder; reads point into an execution,
 * writes out of it. Node names are tot's own (x0, f0, g0); every text from the run is a quoted,
 * escaped label, so no path or argument can end a string or add an attribute.
 */
final class Dot {
    private Dot() {}

    static void write(Picture p, OutputStream out) throws IOException {
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        String cwd = p.run().cwd();
        w.write("digraph tot {\n");
        w.write("  graph [rankdir=LR, fontname=\"Helvetica\", labelloc=t, label=" + quote(title(p)) + "];\n");
        w.write("  node [fontname=\"Helvetica\", fontsize=10];\n  edge [fontsize=9, color=\"#555555\"];\n");
        for (Picture.Exec e : p.executions()) {
            StoredExecution x = e.execution();
            boolean failed = x.exit() != null && x.exit() != 0;
            w.write("  x" + e.index() + " [shape=box, style=\"rounded,filled\", fillcolor=\"" + (failed ? "#f6c6c6" : "#dbe9f6")
                    + "\", label=" + quote(Labels.execution(x) + "\n" + x.shortId() + (failed ? "  exit " + x.exit() : ""))
                    + ", tooltip=" + quote(Labels.command(x)) + "];\n");
        }
        for (Picture.File f : p.files()) {
            if (f.group() >= 0) continue;
            boolean focus = p.focus().contains(f.index());
            w.write("  f" + f.index() + " [shape=ellipse" + (focus ? ", style=filled, fillcolor=\"#fff2a8\", penwidth=2" : "")
                    + ", label=" + quote(Labels.file(f.path(), cwd)) + ", tooltip=" + quote(Labels.path(f.path())) + "];\n");
        }
        for (Picture.Group g : p.groups()) {
            w.write("  g" + g.index() + " [shape=folder, label=" + quote(Labels.group(g.directory(), g.size(), cwd))
                    + ", tooltip=" + quote(Labels.path(g.directory())) + "];\n");
        }
        for (Picture.Exec e : p.executions()) {
            if (e.parent() >= 0) w.write("  x" + e.parent() + " -> x" + e.index() + " [style=dashed, color=\"#999999\"];\n");
        }
        Set<String> drawn = new LinkedHashSet<>(); // a collapsed directory gets one edge per execution and operation
        for (Picture.Edge edge : p.edges()) {
            Picture.File f = p.files().get(edge.file());
            String file = f.group() >= 0 ? "g" + f.group() : "f" + f.index();
            String x = "x" + edge.execution();
            String line = switch (edge.operation()) {
                case READ -> file + " -> " + x;
                case EXEC -> file + " -> " + x + " [style=dotted]";
                case WRITE, CREATE, RENAME -> x + " -> " + file + " [color=\"#1f5fbf\"]";
                case DELETE -> x + " -> " + file + " [color=\"#c03030\", style=dashed, arrowhead=tee]";
                case MKDIR -> x + " -> " + file + " [color=\"#999999\", style=dotted]"; // none: RunGraph keeps directories out of the files
            };
            if (drawn.add(line)) w.write("  " + line + ";\n");
        }
        w.write("}\n");
        w.flush();
    }

    private static String title(Picture p) {
        var run = p.run();
        return "run " + run.id() + ": " + String.join(" ", run.command().stream().map(Labels::path).toList())
                + (run.exit() == null ? "" : " (exit " + run.exit() + ")");
    }

    /**
     * {@code s} as a DOT string: quotes and backslashes escaped (so Graphviz's \N, \G, \l… escapes
     * cannot be written by a name), ampersands as entities (Graphviz reads entities in labels).
     */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '&' -> sb.append("&amp;");
                case '\n' -> sb.append("\\n");
                default -> sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
