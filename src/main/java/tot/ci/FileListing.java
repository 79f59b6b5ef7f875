package tot.ci;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import tot.store.StoredExecution;
import tot.util.ByteStrings;
import tot.util.Csv;
import tot.util.Json;
import tot.util.SafeText;

/**
 * `tot inputs` / `tot outputs`: files as a plain list, NUL-separated, JSON (path, role, sha1,
 * size, the short ids of the executions that read or made it) or CSV (the same columns,
 * executions separated by spaces). Paths are written byte for byte; in a plain list a path
 * holding a control character (a newline would split it) or beginning with a double quote is
 * written as a C string in double quotes, as git does, and counted so the caller can warn.
 */
public final class FileListing {
    private FileListing() {}

    static final List<String> CSV_HEADER = List.of("path", "role", "sha1", "size", "executions");

    /** Writes {@code entries}; returns how many paths a plain list had to quote. */
    public static int write(PrintStream stream, List<RunFiles.Entry> entries, ListFormat format, PathText paths) {
        Output out = new Output(stream);
        int quoted = 0;
        switch (format) {
            case PLAIN -> {
                for (RunFiles.Entry e : entries) {
                    String p = paths.of(e.path());
                    String line = plain(p);
                    if (line != p) quoted++;
                    out.println(line);
                }
            }
            case NUL -> {
                for (RunFiles.Entry e : entries) out.printNul(paths.of(e.path()));
            }
            case JSON -> {
                out.print("[");
                for (int i = 0; i < entries.size(); i++) out.print(i == 0 ? "\n" : ",\n").print(json(new StringBuilder(), entries.get(i), paths).toString());
                out.println(entries.isEmpty() ? "]" : "\n]");
            }
            case CSV -> {
                out.print(Csv.line(CSV_HEADER));
                for (RunFiles.Entry e : entries) {
                    out.print(Csv.line(List.of(paths.of(e.path()), role(e.role()), orEmpty(e.sha1()),
                            e.size() == null ? "" : e.size().toString(), String.join(" ", ids(e.executions())))));
                }
            }
        }
        out.flush();
        return quoted;
    }

    static StringBuilder json(StringBuilder sb, RunFiles.Entry e, PathText paths) {
        Json.quote(sb.append("{\"path\":"), paths.of(e.path())).append(",\"role\":\"").append(role(e.role())).append("\",\"sha1\":");
        Json.quote(sb, e.sha1()).append(",\"size\":").append(e.size()).append(",\"executions\":");
        return Json.array(sb, ids(e.executions())).append('}');
    }

    static String role(RunFiles.Role r) {
        return r.name().toLowerCase(java.util.Locale.ROOT);
    }

    static List<String> ids(List<StoredExecution> xs) {
        List<String> out = new ArrayList<>(xs.size());
        for (StoredExecution x : xs) out.add(x.shortId());
        return out;
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    /**
     * {@code p} for a line of its own: as it is, or quoted when it holds a control character or
     * begins with a quote. C1 controls count, both as characters (U+009B is a CSI to a UTF-8
     * terminal) and as bytes that are not UTF-8 (0x9b is one to an 8-bit terminal); their bytes are
     * written in octal, as git writes bytes above 0x7f.
     */
    static String plain(String p) {
        boolean quote = p.startsWith("\"");
        for (int i = 0; i < p.length() && !quote; i++) quote = control(p.charAt(i));
        if (!quote) return p;
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                default -> {
                    if (control(c)) for (byte b : ByteStrings.encode(String.valueOf(c))) sb.append(String.format("\\%03o", b & 0xff));
                    else sb.append(c);
                }
            }
        }
        return sb.append('"').toString();
    }

    /** C0, DEL and C1, also as a byte that was not UTF-8 ({@link ByteStrings}' U+DC80..U+DC9F). */
    private static boolean control(char c) {
        return SafeText.isControl(c) || c >= 0xdc80 && c <= 0xdc9f;
    }
}
