package tot.trace;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SequencedSet;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * strace as the oracle. {@link #trace} runs a command under {@code strace -f -y} and replays the
 * log into what tot should record per execution: Inputs, Outputs and Deleted by tot's documented
 * rules (README, "deps.json"), in tot's order of executions. Paths are the kernel's (the -y
 * decoration of an fd, a dirfd or the cwd) joined with the names the program passed; the tests
 * compare both sides by real path.
 */
final class StraceOracle {
    static boolean available() {
        try {
            return new ProcessBuilder("strace", "-V").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** Every syscall the replay reads; nothing else is logged. */
    static final String TRACED = "execve,execveat,clone,clone3,fork,vfork,chdir,fchdir,open,openat,openat2,creat,"
            + "rename,renameat,renameat2,link,linkat,symlink,symlinkat,mknod,mknodat,unlink,unlinkat,rmdir,truncate,ftruncate";

    /** One execution's files, as tot writes them in deps.json (absolute paths, first-access order). */
    record ExecFiles(List<String> args, SequencedSet<String> inputs, SequencedSet<String> outputs, SequencedSet<String> deleted) {
    }

    /** The command's exit status under strace and its executions in the order they began. */
    record Run(int status, List<ExecFiles> executions) {
    }

    /**
     * Runs {@code command} under strace in {@code dir} with exactly {@code env}; the log, the
     * command's stdout and stderr (and strace's) go to {@code out}.
     */
    static Run trace(Path dir, Path out, Map<String, String> env, List<String> command) throws IOException, InterruptedException {
        Path log = out.resolve("strace.log");
        int status = strace(dir, log, env, out.resolve("stdout.txt").toFile(), out.resolve("stderr.txt").toFile(), command);
        return new Run(status, replay(Files.readAllLines(log, StandardCharsets.UTF_8), dir.toRealPath().toString()));
    }

    /**
     * argv (joined by NUL) → every file that execution read, wrote or removed (Inputs ∪ Outputs ∪
     * Deleted), by real path, without pipes and directories; executions with the same argv merged.
     */
    static Map<String, Set<String>> run(Path dir, String... command) throws IOException, InterruptedException {
        Path log = Files.createTempFile("strace", ".log");
        try {
            strace(dir, log, null, new File("/dev/null"), dir.resolve("strace.stderr").toFile(), List.of(command));
            return union(replay(Files.readAllLines(log, StandardCharsets.UTF_8), dir.toRealPath().toString()));
        } finally {
            Files.delete(log);
        }
    }

    /** tot's deps.json in the same shape as {@link #run}. */
    static Map<String, Set<String>> fromTot(List<JsonNode> deps) {
        return union(executions(deps));
    }

    /** tot's deps.json records in the order they began (by Cmd.ID). */
    static List<ExecFiles> executions(List<JsonNode> deps) {
        List<JsonNode> byId = new ArrayList<>(deps);
        byId.sort(Comparator.comparingInt(r -> r.get("Cmd").get("ID").asInt()));
        List<ExecFiles> out = new ArrayList<>();
        for (JsonNode r : byId) {
            out.add(new ExecFiles(TotProcess.Result.strings(r.get("Cmd").get("Args")), field(r, "Inputs"),
                    field(r, "Outputs"), field(r, "Deleted")));
        }
        return out;
    }

    private static SequencedSet<String> field(JsonNode record, String name) {
        return new LinkedHashSet<>(TotProcess.Result.strings(record.get(name)));
    }

    private static Map<String, Set<String>> union(List<ExecFiles> executions) {
        Map<String, Set<String>> out = new TreeMap<>();
        for (ExecFiles x : executions) {
            Set<String> files = out.computeIfAbsent(String.join("\0", x.args()), k -> new TreeSet<>());
            for (Set<String> paths : List.of(x.inputs(), x.outputs(), x.deleted())) {
                for (String path : paths) {
                    if (!isFile(path) || Files.isDirectory(Path.of(path))) continue;
                    files.add(real(path));
                }
            }
        }
        return out;
    }

    /** A path that names a file: absolute, not one of tot's pipe names. */
    static boolean isFile(String path) {
        return path != null && path.startsWith("/") && !path.startsWith(tot.model.ProcessModel.PIPE_PREFIX);
    }

    /**
     * The real path (symlinks resolved) of a file that exists; of one that does not (deleted,
     * renamed, a dangling link), the real path of its nearest existing directory joined with the
     * rest, lexically normalized: tot's lexical {@code /d/link-to-dir/gone} and strace's
     * {@code /d/dir/gone} name the same entry.
     */
    static String real(String path) {
        Path p = Path.of(path).normalize();
        try {
            return p.toRealPath().toString();
        } catch (IOException | RuntimeException e) {
            Path parent = p.getParent();
            if (parent == null || p.getFileName() == null) return p.toString();
            return Path.of(real(parent.toString())).resolve(p.getFileName()).toString();
        }
    }

    private static int strace(Path dir, Path log, Map<String, String> env, File stdout, File stderr, List<String> command)
            throws IOException, InterruptedException {
        // -q, not -qq: the replay needs the "+++ exited with N +++" lines to know which executions are running
        List<String> cmd = new ArrayList<>(List.of("strace", "-f", "-q", "-y", "-s", "65536", "-o", log.toString(),
                "-e", "trace=" + TRACED, "-e", "signal=none"));
        cmd.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(stdout).redirectError(stderr)
                .redirectInput(new File("/dev/null"));
        if (env != null) {
            pb.environment().clear();
            pb.environment().putAll(env);
        }
        return TotProcess.finish(pb, 300, "strace").exitValue();
    }

    /** The executions a strace -f -q -y log shows, with tot's rules applied, in the order they began. */
    static List<ExecFiles> replay(List<String> lines, String startDir) {
        return new Replay(startDir).apply(joinUnfinished(lines));
    }

    /**
     * Walks the log in order, keeping for every task its execution and cwd. An execution is
     * running from its exec until the last task sharing it (forks that did not exec, threads)
     * exits or execs; that is when tot's rename rule can still rename its outputs.
     */
    private static final class Replay {
        private static final Pattern CALL = Pattern.compile("^(\\d+) +(\\w+)\\((.*)\\) += (-?\\d+|\\?)(.*)$");
        private static final Pattern END = Pattern.compile("^(\\d+) +\\+\\+\\+ (exited with|killed by|superseded by) .*\\+\\+\\+$");
        private static final Pattern FLAGS = Pattern.compile("flags=([A-Za-z0-9_|]+)");

        /** A task: its execution (null before the first exec) and its cwd (shared with CLONE_FS). */
        private static final class Task {
            final int tid;
            int tgid;
            final String[] cwd;
            Exec exec;

            Task(int tid, int tgid, String[] cwd, Exec exec) {
                this.tid = tid;
                this.tgid = tgid;
                this.cwd = cwd;
                this.exec = exec;
            }
        }

        /** One execution being built; {@code holders} are the tids still sharing it. */
        private static final class Exec {
            final List<String> args;
            final Set<Integer> holders = new HashSet<>();
            SequencedSet<String> inputs = new LinkedHashSet<>(), outputs = new LinkedHashSet<>(), deleted = new LinkedHashSet<>();
            /** Outputs whose file left its name (deleted, replaced by a rename) since this execution wrote it. */
            final Set<String> gone = new HashSet<>();

            Exec(List<String> args) {
                this.args = args;
            }

            /** A read is an input unless this execution wrote the file before. */
            void read(String path) {
                if (path != null && !outputs.contains(path)) inputs.add(path);
            }

            void write(String path) {
                if (path == null) return;
                outputs.add(path);
                gone.remove(path);
            }

            void delete(String path) {
                if (path != null) deleted.add(path);
            }

            /**
             * tot's rename rule: {@code from} becomes {@code to} in place, and what was below
             * {@code from} is below {@code to}; not an output whose file left its name since.
             */
            void renameOutput(String from, String to) {
                SequencedSet<String> renamed = new LinkedHashSet<>();
                for (String p : outputs) {
                    boolean moves = !gone.contains(p) && (p.equals(from) || p.startsWith(from + "/"));
                    renamed.add(moves ? to + p.substring(from.length()) : p);
                }
                if (outputs.contains(from) && !gone.contains(from)) gone.remove(to);
                outputs = renamed;
            }
        }

        private record Spawn(int parent, String flags) {
        }

        private final String startDir;
        private final Map<Integer, Deque<Spawn>> spawns = new HashMap<>();
        private final Map<Integer, Task> tasks = new HashMap<>();
        private final List<Exec> execs = new ArrayList<>();
        private final Set<String> removedDirectories = new HashSet<>();

        Replay(String startDir) {
            this.startDir = startDir;
        }

        List<ExecFiles> apply(List<String> lines) {
            // a child's first line can come before its parent's clone line: learn every parent first
            for (String l : lines) {
                Matcher m = CALL.matcher(l);
                if (m.matches() && m.group(2).matches("clone3?|v?fork") && !m.group(4).equals("?") && Long.parseLong(m.group(4)) > 0) {
                    Matcher f = FLAGS.matcher(m.group(3));
                    spawns.computeIfAbsent(Integer.parseInt(m.group(4)), k -> new ArrayDeque<>())
                            .add(new Spawn(Integer.parseInt(m.group(1)), f.find() ? f.group(1) : ""));
                }
            }
            for (String l : lines) {
                Matcher end = END.matcher(l);
                if (end.matches()) {
                    // "superseded by execve": the exec that replaced this thread group is handled at the execve
                    if (!end.group(2).equals("superseded by")) exited(Integer.parseInt(end.group(1)));
                    continue;
                }
                Matcher m = CALL.matcher(l);
                if (!m.matches() || m.group(4).equals("?") || Long.parseLong(m.group(4)) < 0) continue; // failed calls change nothing
                call(task(Integer.parseInt(m.group(1))), m.group(2), args(m.group(3)), Long.parseLong(m.group(4)), m.group(5));
            }
            List<ExecFiles> out = new ArrayList<>();
            for (Exec x : execs) {
                out.add(new ExecFiles(x.args, notRemovedDirectories(x.inputs), notRemovedDirectories(x.outputs), x.deleted));
            }
            return out;
        }

        /** The file at {@code path} left its name: the running executions that wrote it wrote another file. */
        private String gone(String path) {
            for (Exec running : execs) if (!running.holders.isEmpty() && running.outputs.contains(path)) running.gone.add(path);
            return path;
        }

        /** A directory the log removed: gone when the test compares, so no look-up can say what it was. */
        private String removedDirectory(String path) {
            removedDirectories.add(path);
            return path;
        }

        /**
         * Directories are no inputs or outputs: also those the log removed (a temp directory
         * opened without O_DIRECTORY, or renamed, then rmdir'd).
         */
        private SequencedSet<String> notRemovedDirectories(SequencedSet<String> paths) {
            SequencedSet<String> out = new LinkedHashSet<>(paths);
            out.removeAll(removedDirectories);
            return out;
        }

        /** The task with this tid; a new one shares its parent's execution (and cwd with CLONE_FS). */
        private Task task(int tid) {
            Task t = tasks.get(tid);
            if (t != null) return t;
            Deque<Spawn> q = spawns.get(tid);
            Spawn s = q == null ? null : q.poll();
            if (s == null) { // the command itself, before its first exec
                t = new Task(tid, tid, new String[] {startDir}, null);
            } else {
                Task parent = task(s.parent());
                boolean thread = s.flags().contains("CLONE_THREAD");
                String[] cwd = s.flags().contains("CLONE_FS") ? parent.cwd : new String[] {parent.cwd[0]};
                t = new Task(tid, thread ? parent.tgid : tid, cwd, parent.exec);
                if (t.exec != null) t.exec.holders.add(tid);
            }
            tasks.put(tid, t);
            return t;
        }

        private void exited(int tid) {
            Task t = tasks.remove(tid);
            if (t == null) t = task(tid); // first seen exiting: it still held its parent's execution
            tasks.remove(tid);
            if (t.exec != null) t.exec.holders.remove(tid);
        }

        private void call(Task t, String name, List<String> a, long ret, String tail) {
            for (String arg : a) { // every AT_FDCWD<dir> tells the current cwd
                if (arg.startsWith("AT_FDCWD<")) t.cwd[0] = fdPath(arg);
            }
            switch (name) {
                case "clone", "clone3", "fork", "vfork" -> {
                    if (ret > 0) task((int) ret); // the child, if its own first line has not come yet
                }
                case "execve", "execveat" -> exec(t, argv(a.get(name.equals("execve") ? 1 : 2)));
                case "chdir" -> t.cwd[0] = path(t, null, a.get(0));
                case "fchdir" -> {
                    String dir = fdPath(a.get(0));
                    if (dir == null) throw new IllegalStateException("fchdir to an fd without a -y path: " + a.get(0));
                    t.cwd[0] = dir;
                }
                default -> {
                    if (t.exec != null) file(t, t.exec, name, a, tail);
                }
            }
        }

        /** The whole thread group is replaced by one task in a new execution. */
        private void exec(Task t, List<String> args) {
            for (Task other : List.copyOf(tasks.values())) {
                if (other.tgid != t.tgid) continue;
                if (other.exec != null) other.exec.holders.remove(other.tid);
                if (other != t) tasks.remove(other.tid);
            }
            t.tgid = t.tid;
            t.exec = new Exec(args);
            t.exec.holders.add(t.tid);
            execs.add(t.exec);
        }

        private void file(Task t, Exec x, String name, List<String> a, String tail) {
            switch (name) {
                case "open", "openat", "openat2", "creat" -> {
                    Set<String> flags = switch (name) {
                        case "creat" -> Set.of("O_CREAT", "O_WRONLY", "O_TRUNC");
                        case "open" -> flagSet(a.get(1));
                        case "openat" -> flagSet(a.get(2));
                        default -> { // openat2(dirfd, path, {flags=…, resolve=…}, size)
                            Matcher f = FLAGS.matcher(a.get(2));
                            yield f.find() ? flagSet(f.group(1)) : Set.of();
                        }
                    };
                    // neither a read nor a write; an O_TMPFILE file counts only once linkat names it
                    if (flags.contains("O_PATH") || flags.contains("O_DIRECTORY") || flags.contains("O_TMPFILE")) return;
                    String path = fdPath(tail.strip());
                    if (path == null) path = name.startsWith("openat") ? path(t, a.get(0), a.get(1)) : path(t, null, a.get(0));
                    if (!path.startsWith("/")) return; // pipe:[…], socket:[…]: not files
                    if (flags.contains("O_WRONLY")) {
                        x.write(path);
                    } else if (flags.contains("O_RDWR")) {
                        // truncated, or created new (O_CREAT|O_EXCL): nothing old is read (README: O_RDWR)
                        boolean fresh = flags.contains("O_TRUNC") || flags.contains("O_CREAT") && flags.contains("O_EXCL");
                        if (!fresh) x.read(path);
                        x.write(path);
                    } else {
                        x.read(path);
                    }
                }
                case "rename", "renameat", "renameat2" -> {
                    boolean at = !name.equals("rename");
                    String from = at ? path(t, a.get(0), a.get(1)) : path(t, null, a.get(0));
                    String to = at ? path(t, a.get(2), a.get(3)) : path(t, null, a.get(1));
                    if (name.equals("renameat2") && a.get(4).contains("RENAME_EXCHANGE")) { // two files swapped: both written
                        x.write(from);
                        x.write(to);
                        return;
                    }
                    x.delete(from);
                    gone(to); // replaced, if it was there
                    // tot's rule: a renamed file shows under its new name in every execution still running
                    for (Exec running : execs) {
                        if (!running.holders.isEmpty()) running.renameOutput(from, to);
                    }
                    x.write(to);
                }
                case "link", "linkat" -> {
                    boolean at = name.equals("linkat");
                    String old = at ? path(t, a.get(0), a.get(1), a.get(4).contains("AT_EMPTY_PATH")) : path(t, null, a.get(0));
                    if (old.startsWith("/proc/")) throw new IllegalStateException("the oracle does not follow /proc fd links: " + old);
                    if (!(at && isTmpfile(a.get(0)) && unquote(a.get(1)).isEmpty())) x.read(old); // an O_TMPFILE had nothing to read
                    x.write(at ? path(t, a.get(2), a.get(3)) : path(t, null, a.get(1)));
                }
                case "symlink" -> x.write(path(t, null, a.get(1))); // the target is only text
                case "symlinkat" -> x.write(path(t, a.get(1), a.get(2)));
                case "mknod" -> x.write(path(t, null, a.get(0)));
                case "mknodat" -> x.write(path(t, a.get(0), a.get(1)));
                case "unlink" -> x.delete(gone(path(t, null, a.get(0))));
                case "rmdir" -> x.delete(removedDirectory(path(t, null, a.get(0))));
                case "unlinkat" -> {
                    String path = path(t, a.get(0), a.get(1));
                    x.delete(a.get(2).contains("AT_REMOVEDIR") ? removedDirectory(path) : gone(path));
                }
                case "truncate" -> x.write(path(t, null, a.get(0)));
                case "ftruncate" -> {
                    String path = fdPath(a.get(0));
                    // pipes, sockets, memfds and O_TMPFILE files are not files with a name
                    if (path != null && path.startsWith("/") && !path.startsWith("/memfd:") && !isTmpfile(a.get(0))) x.write(path);
                }
                default -> throw new IllegalStateException("traced but not replayed: " + name);
            }
        }

        private String path(Task t, String dirfd, String literal) {
            return path(t, dirfd, literal, false);
        }

        /**
         * A path argument made absolute and lexically normalized against its dirfd's decoration
         * ({@code AT_FDCWD</d>}, {@code 3</d>}) or the cwd; with AT_EMPTY_PATH an empty path is the
         * dirfd itself.
         */
        private String path(Task t, String dirfd, String literal, boolean emptyPath) {
            String p = unquote(literal);
            if (p.isEmpty() && emptyPath) return fdPath(dirfd);
            if (p.startsWith("/")) return Path.of(p).normalize().toString();
            String base = dirfd == null || dirfd.startsWith("AT_FDCWD") && fdPath(dirfd) == null ? t.cwd[0] : fdPath(dirfd);
            if (base == null) throw new IllegalStateException("a dirfd without a -y path: " + dirfd);
            return Path.of(base).resolve(p).normalize().toString();
        }
    }

    /** An O_TMPFILE fd as -y shows it: {@code 4</dir/#1234>(deleted)}. */
    private static boolean isTmpfile(String fdArg) {
        String path = fdPath(fdArg);
        return path != null && fdArg.endsWith("(deleted)") && path.matches(".*/#\\d+");
    }

    /** The path in an fd's -y decoration ({@code 3</a/b>}, {@code AT_FDCWD</a>}, {@code 4</a>(deleted)}), else null. */
    static String fdPath(String arg) {
        int lt = arg.indexOf('<'), gt = arg.lastIndexOf('>');
        if (lt < 0 || gt < lt) return null;
        return new String(bytes(arg.substring(lt + 1, gt)), StandardCharsets.UTF_8);
    }

    private static Set<String> flagSet(String flags) {
        return new HashSet<>(Arrays.asList(flags.strip().split("\\|")));
    }

    /** Top-level arguments of a syscall line, split at commas outside strings, brackets, braces and -y decorations. */
    static List<String> args(String s) {
        List<String> out = new ArrayList<>();
        int depth = 0, start = 0;
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quoted) {
                if (c == '\\') i++;
                else if (c == '"') quoted = false;
            } else if (c == '"') {
                quoted = true;
            } else if (c == '<') { // a decoration: its path may hold commas and brackets
                int gt = s.indexOf('>', i);
                if (gt > 0) i = gt;
            } else if (c == '[' || c == '{' || c == '(') {
                depth++;
            } else if (c == ']' || c == '}' || c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                out.add(s.substring(start, i).strip());
                start = i + 1;
            }
        }
        out.add(s.substring(start).strip());
        return out;
    }

    /** A string literal as strace prints it ({@code "a\nb"}, octal and hex escapes for bytes), decoded as UTF-8. */
    static String unquote(String literal) {
        String s = literal.strip();
        if (s.endsWith("...")) s = s.substring(0, s.length() - 3);
        if (s.length() < 2 || s.charAt(0) != '"' || s.charAt(s.length() - 1) != '"') {
            throw new IllegalStateException("not a string literal: " + literal);
        }
        return new String(bytes(s.substring(1, s.length() - 1)), StandardCharsets.UTF_8);
    }

    /** The bytes a C-escaped text stands for: {@code \n \t \v \f \r \" \\}, {@code \ooo}, {@code \xhh}. */
    private static byte[] bytes(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 == s.length()) {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
                continue;
            }
            char e = s.charAt(++i);
            switch (e) {
                case 'n' -> out.write('\n');
                case 't' -> out.write('\t');
                case 'v' -> out.write(0x0b);
                case 'f' -> out.write('\f');
                case 'r' -> out.write('\r');
                case 'x' -> {
                    out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                    i += 2;
                }
                default -> {
                    if (e >= '0' && e <= '7') {
                        int j = i;
                        while (j < s.length() && j < i + 3 && s.charAt(j) >= '0' && s.charAt(j) <= '7') j++;
                        out.write(Integer.parseInt(s.substring(i, j), 8));
                        i = j - 1;
                    } else {
                        out.write(e);
                    }
                }
            }
        }
        return out.toByteArray();
    }

    /**
     * Joins {@code <unfinished ...>} lines with their {@code <... resumed>} part, at the place of
     * the resumption (when the call completed).
     */
    private static List<String> joinUnfinished(List<String> lines) {
        Map<String, String> pending = new HashMap<>();
        List<String> out = new ArrayList<>();
        Pattern resumed = Pattern.compile("^(\\d+) +<\\.\\.\\. \\w+ resumed>(.*)$");
        Pattern pidChanged = Pattern.compile("^(\\d+) +(.*) <pid changed to (\\d+) \\.\\.\\.>$");
        for (String l : lines) {
            if (l.endsWith(" <unfinished ...>")) {
                pending.put(l.substring(0, l.indexOf(' ')), l.substring(0, l.length() - " <unfinished ...>".length()));
                continue;
            }
            Matcher changed = pidChanged.matcher(l);
            if (changed.matches()) { // a non-leader thread's execve completes under the leader's pid
                pending.put(changed.group(3), changed.group(3) + " " + changed.group(2));
                continue;
            }
            Matcher m = resumed.matcher(l);
            String pid = m.matches() ? m.group(1) : null;
            if (pid != null && pending.containsKey(pid)) out.add(pending.remove(pid) + m.group(2));
            else out.add(l);
        }
        return out;
    }

    /** The argv array of an execve line: ["a", "b\"c"] → [a, b"c]. */
    static List<String> argv(String array) {
        String s = array.strip();
        if (!s.startsWith("[")) return Collections.emptyList(); // NULL
        List<String> out = new ArrayList<>();
        for (String element : args(s.substring(1, s.lastIndexOf(']')))) {
            if (!element.isEmpty()) out.add(unquote(element));
        }
        return out;
    }
}
