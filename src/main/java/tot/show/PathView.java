package tot.show;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tot.store.ExecutionAccess;
import tot.store.Operation;
import tot.util.Json;

/**
 * `tot show PATH`: the executions that wrote the file, newest first, each with those that read
 * the content it wrote; then reads of contents no recorded execution wrote.
 */
final class PathView {
    private PathView() {}

    private static boolean isWrite(ExecutionAccess ea) {
        return switch (ea.access().operation()) {
            case WRITE, CREATE, RENAME -> true;
            case READ, DELETE, EXEC, MKDIR -> false; // (no mkdir comes here: Directories leaves them out)
        };
    }

    private static boolean isRead(ExecutionAccess ea) {
        return ea.access().operation() == Operation.READ || ea.access().operation() == Operation.EXEC;
    }

    static void print(String path, List<ExecutionAccess> newestFirst, int limit, Format format, Style style, PrintStream out) {
        List<ExecutionAccess> writes = newestFirst.stream().filter(PathView::isWrite).limit(limit).toList();
        Map<ExecutionAccess, List<ExecutionAccess>> readers = new LinkedHashMap<>();
        List<ExecutionAccess> orphans = new ArrayList<>();
        for (ExecutionAccess w : writes) readers.put(w, new ArrayList<>());
        for (ExecutionAccess r : newestFirst.reversed()) { // oldest read first
            if (!isRead(r)) continue;
            ExecutionAccess writer = writes.stream().filter(w -> sameVersion(w, r)).findFirst().orElse(null);
            if (writer == null) orphans.add(r);
            else readers.get(writer).add(r);
        }
        switch (format) {
            case TABLE -> {
                out.println(Text.printable(path));
                if (writes.isEmpty() && orphans.isEmpty()) out.println("  no execution of a complete run read or wrote it");
                for (var e : readers.entrySet()) {
                    out.println(AccessList.line(e.getKey(), style, false));
                    for (ExecutionAccess r : e.getValue()) out.println("    " + AccessList.line(r, style, false));
                }
                if (!orphans.isEmpty()) out.println("read, written by no recorded execution:");
                for (ExecutionAccess r : orphans) out.println("    " + AccessList.line(r, style, false));
            }
            case JSON -> {
                StringBuilder sb = Json.quote(new StringBuilder("{\"path\":"), path).append(",\"writes\":[");
                boolean first = true;
                for (var e : readers.entrySet()) {
                    AccessList.json(sb.append(first ? "\n" : ",\n"), e.getKey()).setLength(sb.length() - 1);
                    list(sb.append(",\"readers\":["), e.getValue()).append("]}");
                    first = false;
                }
                list(sb.append("\n],\"unwritten_reads\":["), orphans);
                out.println(sb.append("]}"));
            }
            case CSV -> {
                Format.csv(out, AccessList.CSV_HEADER);
                for (ExecutionAccess ea : newestFirst) if (isWrite(ea) || isRead(ea)) AccessList.csv(out, ea);
            }
        }
    }

    /** A read of what a write produced: the same sha1, not before it. */
    private static boolean sameVersion(ExecutionAccess write, ExecutionAccess read) {
        String sha1 = write.access().sha1();
        Long w = write.access().timeNanos(), r = read.access().timeNanos();
        return sha1 != null && sha1.equals(read.access().sha1()) && (w == null || r == null || w <= r);
    }

    private static StringBuilder list(StringBuilder sb, List<ExecutionAccess> accesses) {
        for (int i = 0; i < accesses.size(); i++) AccessList.json(i == 0 ? sb : sb.append(','), accesses.get(i));
        return sb;
    }
}
