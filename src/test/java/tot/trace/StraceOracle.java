package tot.trace;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What strace says the same command opened, per execution (keyed by its argv), to compare with
 * tot's Inputs ∪ Outputs. Paths come from strace -y's decoration of the returned fd, so they are
 * the kernel's own; both sides are compared by real path, without directories.
 */
final class StraceOracle {
    static boolean available() {
        try {
            return new ProcessBuilder("strace", "-V").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static final Pattern LINE = Pattern.compile("^(\\d+) +(\\w+)\\((.*)\\) += (-?\\d+)(<(.*)>)?.*$");
    private static final String TRACED = "execve,execveat,open,openat,openat2,creat,clone,clone3,fork,vfork,chdir,fchdir,"
            + "rename,renameat,renameat2,link,linkat,symlink,symlinkat,unlink,unlinkat,rmdir,truncate,ftruncate";

    /**
     * argv (joined by NUL) → the files that execution successfully opened (not O_PATH,
     * O_DIRECTORY or O_TMPFILE), renamed (both names), linked (both), symlinked (the link),
     * removed or truncated; directories left out. tot's rename rule is applied: a rename also
     * renames what the renamer's running ancestors wrote.
     */
    static Map<String, Set<String>> run(Path dir, String... command) throws IOException, InterruptedException {
        Path log = Files.createTempFile("strace", ".log");
        List<String> cmd = new ArrayList<>(List.of("strace", "-f", "-qq", "-y", "-s", "65536", "-o", log.toString(),
                "-e", "trace=" + TRACED, "-e", "signal=none"));
        cmd.addAll(List.of(command));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(new File("/dev/null"))
                .redirectError(dir.resolve("strace.stderr").toFile()).redirectInput(new File("/dev/null")).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) throw new AssertionError("strace did not finish");
        List<String> lines = joinUnfinished(Files.readAllLines(log));
        Files.delete(log);
        return new Replay(dir.toRealPath().toString()).apply(lines);
    }

    /** Walks the log in order, keeping each pid's program, parent and cwd. */
    private static final class Replay {
        final Map<Integer, Integer> parent = new HashMap<>();
        final Map<Integer, String> program = new HashMap<>();
        final Map<Integer, String> cwd = new HashMap<>();
        final Map<String, Set<String>> touched = new TreeMap<>();
        final Map<String, Set<String>> written = new HashMap<>();
        final String rootCwd;

        Replay(String rootCwd) {
            this.rootCwd = rootCwd;
        }

        Map<String, Set<String>> apply(List<String> lines) {
            for (String l : lines) {
                Matcher m = LINE.matcher(l);
                if (m.matches()) call(Integer.parseInt(m.group(1)), m.group(2), args(m.group(3)), Long.parseLong(m.group(4)), m.group(6));
            }
            Map<String, Set<String>> out = new TreeMap<>();
            touched.forEach((key, paths) -> {
                Set<String> files = new TreeSet<>();
                for (String path : paths) if (!Files.isDirectory(Path.of(path))) files.add(real(path));
                out.put(key, files);
            });
            return out;
        }

        void call(int pid, String name, List<String> a, long ret, String fdPath) {
            if (name.matches("clone3?|v?fork") && ret > 0) {
                parent.put((int) ret, pid);
                cwd.put((int) ret, cwdOf(pid));
                return;
            }
            if (ret < 0) return;
            String key = programOf(pid, program, parent);
            switch (name) {
                case "execve", "execveat" -> {
                    key = String.join("\0", argv(String.join(", ", a)));
                    program.put(pid, key);
                    touched.computeIfAbsent(key, k -> new LinkedHashSet<>());
                }
                case "chdir" -> cwd.put(pid, resolve(pid, null, a.get(0)));
                case "fchdir" -> cwd.put(pid, decoration(a.get(0)));
                case "open", "openat", "openat2", "creat" -> {
                    String flags = String.join(",", a);
                    if (fdPath == null || flags.contains("O_DIRECTORY") || flags.contains("O_PATH") || flags.contains("O_TMPFILE")) return;
                    add(key, fdPath, !name.equals("open") && !name.startsWith("openat") || flags.matches(".*O_(WRONLY|RDWR).*"));
                }
                case "rename", "renameat", "renameat2" -> {
                    boolean at = !name.equals("rename");
                    String from = at ? resolve(pid, a.get(0), a.get(1)) : resolve(pid, null, a.get(0));
                    String to = at ? resolve(pid, a.get(2), a.get(3)) : resolve(pid, null, a.get(1));
                    add(key, from, false);
                    for (int p = pid; p != 0; p = parent.getOrDefault(p, 0)) { // the renamer's running ancestors
                        String k = programOf(p, program, parent);
                        if (k != null && written.getOrDefault(k, Set.of()).contains(from) && !k.equals(key)) {
                            touched.get(k).remove(from);
                            add(k, to, true);
                        }
                    }
                    add(key, to, true);
                }
                case "link" -> { add(key, resolve(pid, null, a.get(0)), false); add(key, resolve(pid, null, a.get(1)), true); }
                case "linkat" -> {
                    if (!a.get(4).contains("AT_EMPTY_PATH")) add(key, resolve(pid, a.get(0), a.get(1)), false);
                    add(key, resolve(pid, a.get(2), a.get(3)), true);
                }
                case "symlink" -> add(key, resolve(pid, null, a.get(1)), true);
                case "symlinkat" -> add(key, resolve(pid, a.get(1), a.get(2)), true);
                case "unlink", "rmdir", "truncate" -> add(key, resolve(pid, null, a.get(0)), false);
                case "unlinkat" -> add(key, resolve(pid, a.get(0), a.get(1)), false);
                case "ftruncate" -> {
                    String path = decoration(a.get(0));
                    if (path != null && path.startsWith("/")) add(key, path, true);
                }
                default -> { }
            }
        }

        void add(String key, String path, boolean write) {
            if (key == null || path == null) return;
            touched.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(path);
            if (write) written.computeIfAbsent(key, k -> new HashSet<>()).add(path);
        }

        String cwdOf(int pid) {
            return cwd.getOrDefault(pid, parent.containsKey(pid) ? cwdOf(parent.get(pid)) : rootCwd);
        }

        /** A path argument, against the -y decoration of its dirfd ({@code AT_FDCWD</dir>}, {@code 3</dir>}) or the cwd. */
        String resolve(int pid, String dirfd, String quoted) {
            String path = unquote(quoted);
            if (path.startsWith("/")) return Path.of(path).normalize().toString();
            String base = dirfd == null ? cwdOf(pid) : decoration(dirfd);
            return Path.of(base == null ? cwdOf(pid) : base, path).normalize().toString();
        }
    }

    /** The path in an fd argument's -y decoration: {@code 3</a/b>} → /a/b. */
    private static String decoration(String arg) {
        int lt = arg.indexOf('<');
        return lt < 0 || !arg.endsWith(">") ? null : arg.substring(lt + 1, arg.length() - 1);
    }

    /** Top-level arguments of a syscall line, split at commas outside quotes, brackets and braces. */
    static List<String> args(String s) {
        List<String> out = new ArrayList<>();
        int depth = 0, start = 0;
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quoted) {
                if (c == '\\') i++;
                else if (c == '"') quoted = false;
            } else if (c == '"') quoted = true;
            else if (c == '[' || c == '{' || c == '<') depth++;
            else if (c == ']' || c == '}' || c == '>') depth--;
            else if (c == ',' && depth == 0) {
                out.add(s.substring(start, i).strip());
                start = i + 1;
            }
        }
        out.add(s.substring(start).strip());
        return out;
    }

    /** A C string literal as strace prints it ({@code "a\nb"}), decoded. */
    static String unquote(String literal) {
        String s = literal.endsWith("...") ? literal.substring(0, literal.length() - 3) : literal;
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i < s.length() - 1; i++) {
            char c = s.charAt(i);
            if (c != '\\') { sb.append(c); continue; }
            char e = s.charAt(++i);
            switch (e) {
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case 'x' -> { sb.append((char) Integer.parseInt(s.substring(i + 1, i + 3), 16)); i += 2; }
                default -> {
                    if (e >= '0' && e <= '7') {
                        int j = i;
                        while (j < s.length() - 1 && j < i + 3 && s.charAt(j) >= '0' && s.charAt(j) <= '7') j++;
                        sb.append((char) Integer.parseInt(s.substring(i, j), 8));
                        i = j - 1;
                    } else sb.append(e);
                }
            }
        }
        return sb.toString();
    }

    private static String programOf(int pid, Map<Integer, String> program, Map<Integer, Integer> parent) {
        String p = program.get(pid);
        if (p == null && parent.containsKey(pid)) {
            p = programOf(parent.get(pid), program, parent);
            if (p != null) program.put(pid, p);
        }
        return p;
    }

    /** tot's records in the same shape. */
    static Map<String, Set<String>> fromTot(List<JsonNode> deps) {
        Map<String, Set<String>> out = new TreeMap<>();
        for (JsonNode r : deps) {
            String key = String.join("\0", TotProcess.Result.strings(r.get("Cmd").get("Args")));
            Set<String> files = out.computeIfAbsent(key, k -> new TreeSet<>());
            for (String field : List.of("Inputs", "Outputs", "Deleted")) {
                for (String path : TotProcess.Result.strings(r.get(field))) {
                    if (path.startsWith("/dev/fptrace/pipe/") || Files.isDirectory(Path.of(path))) continue;
                    files.add(real(path));
                }
            }
        }
        return out;
    }

    static String real(String path) {
        try {
            return Path.of(path).toRealPath().toString();
        } catch (IOException | RuntimeException e) {
            return path;
        }
    }

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
    static List<String> argv(String args) {
        int start = args.indexOf('[');
        List<String> out = new ArrayList<>();
        if (start < 0) return out;
        int i = start + 1;
        while (i < args.length() && args.charAt(i) != ']') {
            if (args.charAt(i) != '"') { i++; continue; }
            StringBuilder sb = new StringBuilder();
            i++;
            while (args.charAt(i) != '"') {
                char c = args.charAt(i++);
                if (c != '\\') { sb.append(c); continue; }
                char e = args.charAt(i++);
                switch (e) {
                    case 'n' -> sb.append('\n');
                    case 't' -> sb.append('\t');
                    case 'x' -> { sb.append((char) Integer.parseInt(args.substring(i, i + 2), 16)); i += 2; }
                    default -> sb.append(e);
                }
            }
            out.add(sb.toString());
            i++;
        }
        return out;
    }
}
