package tot.show;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tot.store.Machine;
import tot.store.Operation;
import tot.store.Store;
import tot.store.StoreReader;
import tot.store.StoredAccess;
import tot.store.StoredExecution;
import tot.store.StoredRun;
import tot.linux.Errno;

/** `tot show`: every execution of the chosen runs as an indented tree with what it read and wrote. */
final class TreeView {
    private final StoreReader store;
    private final Format format;
    private final Style style;
    private final PrintStream out;
    /** Also show failed accesses. */
    private final boolean failed;
    private int left;

    TreeView(StoreReader store, Format format, Style style, PrintStream out, boolean failed, int limit) {
        this.store = store;
        this.format = format;
        this.style = style;
        this.out = out;
        this.failed = failed;
        this.left = limit;
    }

    void print(List<StoredRun> runs) throws Store.StoreException {
        print(runs, null);
    }

    /** {@code only}: show just this execution and those below it (null: all). */
    void print(List<StoredRun> runs, StoredExecution only) throws Store.StoreException {
        if (format == Format.JSON) out.print('[');
        if (format == Format.CSV) Format.csv(out, List.of("run", "execution", "parent", "pid", "command", "kind", "path",
                "sha1", "error", "time"));
        boolean first = true;
        for (StoredRun run : runs) {
            if (left <= 0) break;
            List<StoredExecution> execs = store.executions(run.id());
            if (format == Format.TABLE) header(run);
            List<Node> nodes = preorder(execs);
            if (only != null) nodes = subtree(nodes, only);
            for (Node node : nodes) {
                if (left-- <= 0) break;
                StoredExecution x = node.exec();
                List<StoredAccess> shown = store.accesses(x.rowId()).stream()
                        .filter(a -> a.operation() != Operation.EXEC && (failed || a.errno() == 0)).toList();
                switch (format) {
                    case TABLE -> table(x, shown, node.depth());
                    case JSON -> {
                        StringBuilder sb = JsonOut.exec(new StringBuilder(first ? "\n" : ",\n"), x).append(",\"accesses\":[");
                        for (int i = 0; i < shown.size(); i++) JsonOut.access(i == 0 ? sb : sb.append(','), shown.get(i));
                        out.print(sb.append("]}"));
                    }
                    case CSV -> {
                        if (shown.isEmpty()) csv(x, null);
                        for (StoredAccess a : shown) csv(x, a);
                    }
                }
                first = false;
            }
        }
        if (format == Format.JSON) out.println(first ? "]" : "\n]");
    }

    private void header(StoredRun run) {
        String what = run.source().equals("log") ? "$ " + Text.command(run.command().isEmpty() ? "" : run.command().get(0), run.command())
                : "imported " + run.source() + " " + Text.printable(String.valueOf(run.sourceFile()));
        StringBuilder sb = new StringBuilder("run ").append(run.id()).append(": ").append(what);
        List<String> notes = new ArrayList<>();
        if (run.exit() != null) notes.add("exit " + run.exit());
        if (run.cwd() != null) notes.add("in " + Text.printable(run.cwd()));
        if (run.user() != null || run.host() != null) notes.add(who(run.user()) + "@" + who(run.host()));
        if (!run.complete()) notes.add("incomplete");
        if (!notes.isEmpty()) sb.append("  (").append(String.join(", ", notes)).append(')');
        out.println(style.dim(sb.toString()));
        String machine = machine(run.machine());
        if (!machine.isEmpty()) out.println(style.dim(" ".repeat(("run " + run.id() + ": ").length()) + machine));
    }

    /**
     * A run's user or host as the header shows it: "?" when unknown (`tot import --host NAME`
     * knows no user), escaped (another machine's database may hold any text there).
     */
    private static String who(String userOrHost) {
        return userOrHost == null ? "?" : Text.printable(userOrHost);
    }

    /** "machine 3d1219c7, Linux 6.18.44 x86_64, tot 0.1.0": what is known of where a run was recorded. */
    static String machine(Machine m) {
        List<String> parts = new ArrayList<>();
        if (m.id() != null) parts.add("machine " + Text.printable(m.id().substring(0, Math.min(8, m.id().length()))));
        if (m.kernel() != null || m.arch() != null) {
            parts.add(("Linux " + (m.kernel() == null ? "" : Text.printable(m.kernel())) + " "
                    + (m.arch() == null ? "" : Text.printable(m.arch()))).strip());
        }
        if (m.totVersion() != null) parts.add("tot " + Text.printable(m.totVersion()));
        return String.join(", ", parts);
    }

    private void table(StoredExecution x, List<StoredAccess> shown, int depth) {
        String indent = "  ".repeat(depth);
        out.println(indent + Text.localTime(x.startNanos()) + " " + style.id(x.shortId()) + "   "
                + style.command(Text.commandLine(x)));
        String pad = indent + " ".repeat(Text.TIME_WIDTH + 1 + 8 + 3);
        out.println(pad + "pid=" + (x.pid() == null ? "-" : x.pid()) + ", parent=" + (x.parentShortId() == null ? "-" : style.id(x.parentShortId()))
                + ", exit=" + (x.exit() == null ? "-" : x.exit()));
        for (String w : x.warnings()) out.println(pad + style.failed("warning: " + Text.printable(w)));
        if (x.fds() != null && !x.fds().isEmpty()) out.println(pad + style.dim("fds: " + fds(x.fds())));
        for (StoredAccess a : shown) {
            String line = a.operation().column() + ": " + Text.printable(a.path()) + (redirected(a) ? " (redirected)" : "")
                    + (a.linkTarget() == null ? "" : " -> " + Text.printable(a.linkTarget()));
            if (a.errno() != 0) out.println(pad + style.failed(line + " (" + Errno.name(a.errno()) + ")"));
            else out.println(pad + line + (a.sha1() == null ? "" : " (" + style.hash(Text.shortHash(a.sha1())) + ")"));
        }
    }

    /** "0 /dev/null, 1 /tmp/out.txt, 2 /dev/pts/0": what each fd held at the exec. */
    private static String fds(java.util.SortedMap<Integer, String> fds) {
        StringBuilder sb = new StringBuilder();
        for (var fd : fds.entrySet()) {
            if (!sb.isEmpty()) sb.append(", ");
            sb.append(fd.getKey()).append(' ').append(Text.printable(fd.getValue()));
        }
        return sb.toString();
    }

    /** A read or write of a file the program was given open at its exec (a shell's {@code < in}, {@code > out}). */
    private static boolean redirected(StoredAccess a) {
        return a.syscall() != null && a.syscall().startsWith("execve")
                && (a.operation() == Operation.READ || a.operation() == Operation.WRITE);
    }

    private void csv(StoredExecution x, StoredAccess a) {
        Format.csv(out, List.of(x.run(), x.shortId(), x.parentShortId() == null ? "" : x.parentShortId(),
                java.util.Objects.toString(x.pid(), ""),
                Text.command(x.path(), x.argv()), a == null ? "" : a.operation().column(), a == null ? "" : a.path(),
                a == null || a.sha1() == null ? "" : a.sha1(), a == null || a.errno() == 0 ? "" : Errno.name(a.errno()),
                a == null ? "" : Text.isoTimeOrEmpty(a.timeNanos())));
    }

    private record Node(StoredExecution exec, int depth) {}

    /** Parents before children, siblings in the order they started. */
    private static List<Node> preorder(List<StoredExecution> execs) {
        Map<Integer, List<StoredExecution>> children = new HashMap<>();
        Map<Integer, StoredExecution> byId = new HashMap<>();
        for (StoredExecution x : execs) byId.put(x.execId(), x);
        List<StoredExecution> roots = new ArrayList<>();
        for (StoredExecution x : execs) {
            if (byId.containsKey(x.parentExecId()) && x.parentExecId() < x.execId()) { // never a cycle
                children.computeIfAbsent(x.parentExecId(), k -> new ArrayList<>()).add(x);
            } else {
                roots.add(x);
            }
        }
        List<Node> order = new ArrayList<>(execs.size());
        for (StoredExecution r : roots) walk(r, 0, children, order);
        return order;
    }

    /** The node for {@code root} and the nodes below it (preorder keeps them contiguous). */
    private static List<Node> subtree(List<Node> nodes, StoredExecution root) {
        int from = 0;
        while (from < nodes.size() && nodes.get(from).exec().rowId() != root.rowId()) from++;
        if (from == nodes.size()) return List.of();
        int to = from + 1;
        while (to < nodes.size() && nodes.get(to).depth() > nodes.get(from).depth()) to++;
        return nodes.subList(from, to);
    }

    private static void walk(StoredExecution x, int depth, Map<Integer, List<StoredExecution>> children, List<Node> order) {
        order.add(new Node(x, depth));
        for (StoredExecution c : children.getOrDefault(x.execId(), List.of())) walk(c, depth + 1, children, order);
    }
}
