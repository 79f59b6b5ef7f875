package tot.show;

import java.io.PrintStream;
import java.util.List;

/**
 * `--format`: a human table (the default), JSON, or CSV (RFC 4180 quoting, a header row first,
 * lines ending in LF as awk and cut expect; an unknown value is an empty field).
 */
public enum Format {
    TABLE, JSON, CSV;

    /** Writes one CSV record. */
    static void csv(PrintStream out, List<?> cells) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) sb.append(',');
            Object c = cells.get(i);
            String s = c == null ? "" : c.toString();
            if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
                sb.append('"').append(s.replace("\"", "\"\"")).append('"');
            } else {
                sb.append(s);
            }
        }
        out.print(sb.append('\n'));
    }
}
