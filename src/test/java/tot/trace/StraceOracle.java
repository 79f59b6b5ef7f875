package tot.trace;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
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

    /** argv (joined by NUL) → files successfully opened by that execution. */
    static Map<String, Set<String>> run(Path dir, String... command) throws IOException, InterruptedException {
        Path log = Files.createTempFile("strace", ".log");
        List<String> cmd = new ArrayList<>(List.of("strace", "-f", "-qq", "-y", "-s", "65536", "-o", log.toString(),
                "-e", "trace=execve,execveat,open,openat,openat2,creat,clone,clone3,fork,vfork", "-e", "signal=none"));
        cmd.addAll(List.of(command));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(new File("/dev/null"))
                .redirectError(dir.resolve("strace.stderr").toFile()).redirectInput(new File("/dev/null")).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) throw new AssertionError("strace did not finish");
        List<String> lines = joinUnfinished(Files.readAllLines(log));
        Files.delete(log);

        Map<Integer, Integer> parent = new HashMap<>();
        for (String l : lines) {
            Matcher m = LINE.matcher(l);
            if (m.matches() && m.group(2).matches("clone3?|v?fork") && Long.parseLong(m.group(4)) > 0) {
                parent.put(Integer.parseInt(m.group(4)), Integer.parseInt(m.group(1)));
            }
        }
        Map<Integer, String> program = new HashMap<>();
        Map<String, Set<String>> out = new TreeMap<>();
        for (String l : lines) {
            Matcher m = LINE.matcher(l);
            if (!m.matches()) continue;
            int pid = Integer.parseInt(m.group(1));
            String current = programOf(pid, program, parent);
            long ret = Long.parseLong(m.group(4));
            String name = m.group(2);
            if ((name.equals("execve") || name.equals("execveat")) && ret == 0) {
                String key = String.join("\0", argv(m.group(3)));
                program.put(pid, key);
                out.computeIfAbsent(key, k -> new TreeSet<>());
            } else if (name.matches("open|openat|openat2|creat") && ret >= 0 && current != null && m.group(6) != null) {
                String args = m.group(3);
                if (args.contains("O_DIRECTORY") || args.contains("O_PATH")) continue;
                String path = m.group(6);
                if (Files.isDirectory(Path.of(path))) continue;
                out.computeIfAbsent(current, k -> new TreeSet<>()).add(real(path));
            }
        }
        return out;
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
            for (String field : List.of("Inputs", "Outputs")) {
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
