package tot.graph;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tot.show.Text;
import tot.store.StoredExecution;
import tot.store.StoredRun;
import tot.util.Json;

/**
 * A picture as one self-contained HTML page: the graph library (Cytoscape.js, with the dagre
 * layout, from their WebJars) and tot's page script inlined, the run as JSON in a
 * non-executable script element. Nothing is loaded at view time: the page's Content Security
 * Policy allows no connection at all, and runs only the scripts tot wrote (by their sha256).
 * Text from the run reaches the page only inside that JSON, where every {@code <}, {@code >} and
 * {@code &} is a \\u escape, and the script shows it with textContent, never as markup.
 */
final class HtmlPage {
    private HtmlPage() {}

    /** The inlined scripts, in load order: the libraries (see pom.xml), then the page's own. */
    private static final List<String> SCRIPTS = List.of("lib/cytoscape.min.js", "lib/dagre.min.js", "lib/cytoscape-dagre.js", "page.js");

    static void write(Picture p, OutputStream out) throws IOException {
        List<String> scripts = new ArrayList<>();
        for (String name : SCRIPTS) scripts.add(resource(name));
        StringBuilder hashes = new StringBuilder();
        StringBuilder tags = new StringBuilder();
        for (String s : scripts) {
            if (s.toLowerCase(Locale.ROOT).contains("</script") || s.contains("<!--")) {
                throw new IllegalStateException("an inlined script would end its element early"); // a library update would show it here
            }
            hashes.append(" 'sha256-").append(sha256(s)).append('\'');
            tags.append("<script>").append(s).append("</script>\n");
        }
        Map<String, String> values = new LinkedHashMap<>();
        values.put("SCRIPT_HASHES", hashes.toString().trim());
        values.put("TITLE", html("tot graph: run " + p.run().id() + " — " + title(p.run())));
        values.put("STYLE", resource("page.css"));
        values.put("LICENSES", html(resource("lib/dagre.LICENSE")));
        values.put("DATA", scriptSafe(data(p)));
        values.put("SCRIPTS", tags.toString());
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        fill(resource("page.html"), values, w);
        w.flush();
    }

    /** Writes {@code template} with each {{NAME}} replaced; the values are written, never scanned again. */
    private static void fill(String template, Map<String, String> values, Writer w) throws IOException {
        int at = 0;
        for (int open; (open = template.indexOf("{{", at)) >= 0; ) {
            int close = template.indexOf("}}", open);
            String value = values.get(template.substring(open + 2, close));
            if (value == null) throw new IllegalStateException("page.html: unknown {{" + template.substring(open + 2, close) + "}}");
            w.write(template, at, open - at);
            w.write(value);
            at = close + 2;
        }
        w.write(template, at, template.length() - at);
    }

    /**
     * The run for the page script: arrays rather than objects (a 5 000-execution run stays a few
     * MB). x: [id, parent, depth, label, command, cwd, pid, start µs, end µs, exit, warnings];
     * f: [path, label, group]; g: [directory, label, size]; a: [execution, file, operation, sha1].
     */
    static String data(Picture p) {
        StoredRun run = p.run();
        String cwd = run.cwd();
        long origin = origin(p);
        StringBuilder sb = new StringBuilder(1 << 16);
        sb.append("{\"run\":{\"id\":").append(run.id()).append(",\"command\":");
        Json.quote(sb, title(run)).append(",\"cwd\":");
        Json.quote(sb, Labels.path(cwd)).append(",\"exit\":").append(run.exit()).append(",\"start\":");
        Json.quote(sb, Text.isoTime(run.startNanos())).append(",\"host\":");
        Json.quote(sb, Labels.path(run.host())).append(",\"user\":");
        Json.quote(sb, Labels.path(run.user())).append("},\n\"x\":[");
        for (Picture.Exec e : p.executions()) {
            StoredExecution x = e.execution();
            if (e.index() > 0) sb.append(",\n");
            sb.append('[');
            Json.quote(sb, x.shortId()).append(',').append(e.parent()).append(',').append(e.depth()).append(',');
            Json.quote(sb, Labels.execution(x)).append(',');
            Json.quote(sb, Labels.command(x)).append(',');
            Json.quote(sb, Labels.path(x.cwd())).append(',').append(x.pid()).append(',');
            sb.append(micros(x.startNanos(), origin)).append(',').append(micros(x.endNanos(), origin)).append(',').append(x.exit()).append(',');
            Json.array(sb, x.warnings().stream().map(Labels::path).toList()).append(']');
        }
        sb.append("],\n\"f\":[");
        for (Picture.File f : p.files()) {
            if (f.index() > 0) sb.append(",\n");
            sb.append('[');
            Json.quote(sb, Labels.path(f.path())).append(',');
            Json.quote(sb, Labels.file(f.path(), cwd)).append(',').append(f.group()).append(']');
        }
        sb.append("],\n\"g\":[");
        for (Picture.Group g : p.groups()) {
            if (g.index() > 0) sb.append(",\n");
            sb.append('[');
            Json.quote(sb, Labels.path(g.directory())).append(',');
            Json.quote(sb, Labels.group(g.directory(), g.size(), cwd)).append(',').append(g.size()).append(']');
        }
        sb.append("],\n\"a\":[");
        boolean first = true;
        for (Picture.Edge e : p.edges()) {
            if (!first) sb.append(',');
            first = false;
            sb.append('[').append(e.execution()).append(',').append(e.file()).append(',').append(e.operation().ordinal()).append(',');
            Json.quote(sb, e.sha1()).append(']');
        }
        sb.append("],\n\"focus\":[");
        sb.append(String.join(",", p.focus().stream().sorted().map(String::valueOf).toList()));
        return sb.append("]}").toString();
    }

    /** Times on the page are microseconds since the first known time of the run. */
    private static long origin(Picture p) {
        long origin = p.run().startNanos() != null ? p.run().startNanos() : Long.MAX_VALUE;
        for (Picture.Exec e : p.executions()) {
            if (e.execution().startNanos() != null) origin = Math.min(origin, e.execution().startNanos());
        }
        return origin;
    }

    private static String micros(Long nanos, long origin) {
        return nanos == null ? "null" : Long.toString((nanos - origin) / 1000);
    }

    private static String title(StoredRun run) {
        return String.join(" ", run.command().stream().map(Labels::path).toList());
    }

    /** JSON that can sit inside a script element: no {@code </script>}, no {@code <!--}, no entity (outside strings none of these occur). */
    static String scriptSafe(String json) {
        return json.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026");
    }

    /** {@code s} as HTML text. */
    static String html(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    private static String resource(String name) {
        try (InputStream in = HtmlPage.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("tot.graph resource missing: " + name + " (rebuild with ./mvnw package)");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(String script) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(script.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
