package tot.sinks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import tot.model.EnvRedaction;
import tot.model.Event;
import tot.model.Execution;
import tot.model.FdMode;
import tot.model.Sink;
import tot.util.AtomicOutput;
import tot.util.OutputFile;
import tot.util.PinnedDirectory;
import tot.util.ShellQuote;
import tot.util.ByteStrings;

/**
 * fptrace's launcher scripts (`-s DIR`): at each exec, DIR/PARENT-ID-BASENAME replays that
 * execution — {@code cd} to its directory, {@code export} its environment when recorded, then
 * the fds it held on files, opened again as they were opened ({@code < > >> <>}), then
 * {@code ${exec:-exec -a ARGV0} PATH ARGS… "$@"}, so {@code exec=echo ./1-2-cat} prints the
 * command instead of running it. bash, because dash's {@code exec} has no {@code -a}.
 */
public final class LauncherScripts implements Sink {
    private final PinnedDirectory dir;

    /** {@code dir}: {@link #prepare}d, held from now on (a traced program cannot redirect the scripts). */
    public LauncherScripts(Path dir) throws IOException {
        this.dir = OutputFile.pinDirectory(dir.toString());
    }

    @Override
    public void accept(Event event) throws IOException {
        if (event instanceof Event.Exec e) {
            Execution x = e.execution();
            AtomicOutput.writeExecutable(dir, name(x), ByteStrings.encode(script(x)));
        }
    }

    @Override
    public void close() {
        dir.close();
    }

    /** PARENT-ID-BASENAME; bytes a file name should not hold (controls, non-ASCII, quotes) become '_'. */
    static String name(Execution x) {
        String base = x.path.substring(x.path.lastIndexOf('/') + 1);
        StringBuilder sb = new StringBuilder().append(x.parentId).append('-').append(x.id).append('-');
        for (int i = 0; i < base.length(); i++) {
            char c = base.charAt(i);
            sb.append(c > ' ' && c < 0x7f && c != '\'' && c != '"' && c != '\\' ? c : '_');
        }
        return sb.toString();
    }

    static String script(Execution x) {
        StringBuilder sb = new StringBuilder("#!/bin/bash\n");
        sb.append("cd ").append(ShellQuote.quote(x.dir)).append(" || exit\n"); // never run in the caller's cwd
        if (x.argvCut()) { // replayed, `rm -rf …/data/build` cut short would be `rm -rf …/data`
            sb.append("# ").append(Execution.ARGV_CUT).append('\n');
            sb.append("echo \"$0: not run: the argv tot recorded for this step was cut short (longer than an eBPF record holds)\" >&2\n");
            sb.append("exit 2\n");
        }
        if (x.env != null) exports(sb, x.env);
        redirections(sb, x);
        List<String> args = x.args;
        String argv0 = args.isEmpty() ? "" : args.getFirst();
        sb.append(argv0.equals(x.path) ? "${exec:-exec}" : "${exec:-exec -a " + ShellQuote.quote(argv0) + "}");
        sb.append(' ').append(ShellQuote.quote(x.path));
        for (int i = 1; i < args.size(); i++) sb.append(' ').append(ShellQuote.quote(args.get(i)));
        return sb.append(" \"$@\"\n").toString();
    }

    /**
     * The fds the execution held on files opened in the trace, opened again the way they were
     * ({@code <}, {@code >}, {@code >>}, {@code <>}); one that named the same file the same way as
     * a lower fd is taken as its copy ({@code 2>&1}). Pipes, terminals, sockets and the fds the
     * traced command inherited stay the caller's. Skipped when {@code exec} is set, so
     * {@code exec=echo} prints the command instead of writing it into the files.
     */
    private static void redirections(StringBuilder sb, Execution x) {
        StringBuilder r = new StringBuilder();
        java.util.Map<String, Integer> first = new java.util.HashMap<>();
        x.fdModes.forEach((fd, mode) -> {
            String path = x.fds.get(fd);
            if (path == null || isTerminal(path)) return;
            Integer same = first.putIfAbsent(mode + path, fd);
            r.append(' ').append(fd);
            if (same != null) r.append(mode == FdMode.READ ? "<&" : ">&").append(same);
            else r.append(mode.operator()).append(ShellQuote.quote(path));
        });
        if (!r.isEmpty()) sb.append("[ -n \"$exec\" ] || exec").append(r).append(" || exit\n");
    }

    private static boolean isTerminal(String path) {
        return path.startsWith("/dev/tty") || path.startsWith("/dev/pts/") || path.equals("/dev/console");
    }

    /** Sorted export lines; a redacted secret is left to the caller's environment. */
    private static void exports(StringBuilder sb, List<String> env) {
        TreeMap<String, String> vars = new TreeMap<>();
        for (String entry : env) {
            int eq = entry.indexOf('=');
            if (eq > 0) vars.putIfAbsent(entry.substring(0, eq), entry.substring(eq + 1));
        }
        vars.forEach((name, value) -> {
            if (!ShellQuote.isIdentifier(name)) sb.append("# not exportable by a shell: ").append(printable(name)).append('\n');
            else if (name.equals("IFS") || name.equals("exec")) sb.append("# ").append(name).append(" is not exported: it would change how this script runs\n");
            else if (value.equals(EnvRedaction.REDACTED)) sb.append("# ").append(name).append(" is redacted: the caller's value is used\n");
            else sb.append("export ").append(name).append('=').append(ShellQuote.quote(value)).append('\n');
        });
    }

    /** {@code s} for a comment line: control characters as \\xNN, so nothing can end the comment. */
    private static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) sb.append(String.format("\\x%02x", (int) c));
            else sb.append(c);
        }
        return sb.toString();
    }

    /**
     * Prepares DIR before the run: created when missing; with {@code clean}, emptied when
     * {@link CleanGuard} allows it ({@code force}: also when it holds files tot did not write).
     * {@code own}: the real paths of this run's other outputs (-o, -d, tot.db), left where they
     * are with the directories that lead to them.
     */
    public static void prepare(Path dir, boolean clean, boolean force, Set<Path> own) throws IOException {
        Path abs = dir.toAbsolutePath().normalize();
        if (Files.exists(abs) && !Files.isDirectory(abs)) throw new IOException(dir + ": not a directory");
        Files.createDirectories(abs);
        if (!clean) return;
        Path real = abs.toRealPath();
        CleanGuard.check(dir, real, CleanGuard.current(force), own);
        try (var walk = Files.walk(real)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                if (!p.equals(real) && own.stream().noneMatch(o -> o.startsWith(p))) Files.delete(p);
            }
        }
    }
}
