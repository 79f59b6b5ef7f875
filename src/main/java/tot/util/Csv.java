package tot.util;

import java.util.List;

/**
 * One CSV record as tot writes them: fields holding a comma, a quote or a line break quoted as
 * RFC 4180 does ({@code "a ""b"""}), null as an empty field, the line ended by LF (awk, cut
 * and read would keep a CR).
 */
public final class Csv {
    private Csv() {}

    public static String line(List<?> cells) {
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
        return sb.append('\n').toString();
    }
}
