package tot.show;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import tot.util.Json;

/**
 * A result of an analysis: named columns and rows, printed as an aligned table (numbers right
 * aligned), a JSON array of objects, or CSV with a header row.
 */
final class Table {
    private final List<String> columns;
    private final List<List<Object>> rows = new ArrayList<>();

    Table(String... columns) {
        this.columns = List.of(columns);
    }

    void add(Object... cells) {
        if (cells.length != columns.size()) throw new IllegalArgumentException("row width");
        rows.add(java.util.Arrays.asList(cells));
    }

    void print(PrintStream out, Format format) {
        switch (format) {
            case CSV -> {
                Format.csv(out, columns);
                for (List<Object> r : rows) Format.csv(out, r);
            }
            case JSON -> {
                StringBuilder sb = new StringBuilder("[");
                for (int i = 0; i < rows.size(); i++) {
                    sb.append(i == 0 ? "\n{" : ",\n{");
                    for (int c = 0; c < columns.size(); c++) {
                        Json.quote(sb.append(c == 0 ? "" : ","), columns.get(c)).append(':');
                        Object v = rows.get(i).get(c);
                        if (v instanceof Number n) sb.append(n);
                        else Json.quote(sb, v == null ? null : v.toString());
                    }
                    sb.append('}');
                }
                out.println(sb.append(rows.isEmpty() ? "]" : "\n]"));
            }
            case TABLE -> {
                int[] width = new int[columns.size()];
                for (int c = 0; c < width.length; c++) width[c] = columns.get(c).length();
                for (List<Object> r : rows) {
                    for (int c = 0; c < width.length; c++) width[c] = Math.max(width[c], text(r.get(c)).length());
                }
                out.println(line(columns.stream().map(Object.class::cast).toList(), width, true));
                for (List<Object> r : rows) out.println(line(r, width, false));
            }
        }
    }

    private static String line(List<Object> cells, int[] width, boolean header) {
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < cells.size(); c++) {
            String t = text(cells.get(c));
            boolean last = c == cells.size() - 1;
            boolean right = !header && cells.get(c) instanceof Number;
            String pad = " ".repeat(width[c] - t.length());
            sb.append(right ? pad + t : last ? t : t + pad);
            if (!last) sb.append("  ");
        }
        return sb.toString().stripTrailing();
    }

    private static String text(Object o) {
        return o == null ? "-" : Text.printable(o.toString());
    }
}
