package tot.show;

import java.io.PrintStream;
import java.util.List;
import tot.store.ExecutionAccess;
import tot.util.Json;

/** `tot show HASH`: every execution that wrote, read or ran that content, oldest first. */
final class LineageView {
    private LineageView() {}

    static void print(String sha1, List<ExecutionAccess> accesses, int limit, Format format, Style style, PrintStream out) {
        List<ExecutionAccess> shown = accesses.subList(0, Math.min(limit, accesses.size()));
        switch (format) {
            case TABLE -> {
                out.println("content " + style.hash(sha1));
                if (shown.isEmpty()) out.println("  no execution of a complete run read or wrote it");
                for (ExecutionAccess ea : shown) out.println(AccessList.line(ea, style, true));
            }
            case JSON -> {
                StringBuilder sb = Json.quote(new StringBuilder("{\"sha1\":"), sha1).append(",\"accesses\":[");
                for (int i = 0; i < shown.size(); i++) AccessList.json(sb.append(i == 0 ? "\n" : ",\n"), shown.get(i));
                out.println(sb.append("\n]}"));
            }
            case CSV -> {
                Format.csv(out, AccessList.CSV_HEADER);
                for (ExecutionAccess ea : shown) AccessList.csv(out, ea);
            }
        }
    }
}
