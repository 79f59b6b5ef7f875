import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tot.strace.StraceParseException;
import tot.strace.StraceParser;
import tot.strace.StraceRecord;

/**
 * The strace parser benchmark's two halves, run by benchmarks/strace/parse-bench (which compiles
 * this file against target/classes):
 *
 * <pre>
 * java -cp target/classes:DIR ParseBench generate OUT LINES SOURCE.log...
 * java -cp target/classes:DIR ParseBench parse LOG PASSES
 * </pre>
 *
 * generate repeats the source logs (strace -f -o logs, with or without -t/-tt times) until OUT
 * has LINES lines; each copy gets its own pids (pid + copy * 100000, wrapping below 4,000,000,
 * the kernel's pid_max) and its times shifted to follow the previous copy, so that unfinished
 * and resumed calls still pair up and the times go forward.
 *
 * parse reads LOG PASSES times and prints, per pass, lines, records, errors, seconds and lines/s,
 * then the peak RSS of this JVM (VmHWM) and the heap in use after a GC.
 */
public class ParseBench {
    public static void main(String[] args) throws IOException {
        switch (args.length > 0 ? args[0] : "") {
            case "generate" -> generate(Path.of(args[1]), Long.parseLong(args[2]), args);
            case "parse" -> parse(Path.of(args[1]), Integer.parseInt(args[2]));
            default -> {
                System.err.println("usage: ParseBench generate OUT LINES SOURCE... | parse LOG PASSES");
                System.exit(2);
            }
        }
    }

    private record Line(int pid, long time, String rest) {}

    static void generate(Path out, long lines, String[] args) throws IOException {
        List<Line> source = new ArrayList<>();
        long first = Long.MAX_VALUE, last = 0;
        for (int i = 3; i < args.length; i++) {
            for (String l : Files.readAllLines(Path.of(args[i]), StandardCharsets.ISO_8859_1)) {
                int sp = l.indexOf(' ');
                if (sp <= 0 || !l.substring(0, sp).chars().allMatch(Character::isDigit)) continue; // -f -o lines only
                int pid = Integer.parseInt(l.substring(0, sp));
                String rest = l.substring(sp).stripLeading();
                long time = -1;
                int tsp = rest.indexOf(' ');
                if (tsp > 0 && rest.charAt(2) == ':') { // HH:MM:SS[.ffffff]
                    String t = rest.substring(0, tsp);
                    time = (Long.parseLong(t.substring(0, 2)) * 3600 + Long.parseLong(t.substring(3, 5)) * 60 + Long.parseLong(t.substring(6, 8)))
                            * 1_000_000L + (t.length() > 9 ? Long.parseLong((t.substring(9) + "000000").substring(0, 6)) : 0);
                    rest = rest.substring(tsp + 1);
                    first = Math.min(first, time);
                    last = Math.max(last, time);
                }
                source.add(new Line(pid, time, rest));
            }
        }
        long span = last >= first ? last - first + 1000 : 0; // microseconds per copy
        long written = 0;
        try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(out), 1 << 16)) {
            StringBuilder sb = new StringBuilder(512);
            for (int copy = 0; written < lines; copy++) {
                for (Line l : source) {
                    if (written == lines) break;
                    sb.setLength(0);
                    long pid = (l.pid() + copy * 100_000L) % 4_000_000L;
                    sb.append(pid).append(pid < 10000 ? "  " : " ");
                    if (l.time() >= 0) {
                        long t = (l.time() - first + copy * span) % 86_400_000_000L; // from midnight; wraps like a day would
                        sb.append(String.format("%02d:%02d:%02d.%06d ", t / 3_600_000_000L, t / 60_000_000 % 60, t / 1_000_000 % 60, t % 1_000_000));
                    }
                    sb.append(l.rest()).append('\n');
                    o.write(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
                    written++;
                }
                if (source.isEmpty()) throw new IOException("no 'PID  …' lines in the sources");
            }
        }
    }

    static void parse(Path log, int passes) throws IOException {
        long lines = 0;
        byte[] buf = new byte[1 << 16];
        try (var in = Files.newInputStream(log)) {
            for (int n; (n = in.read(buf)) > 0; ) for (int i = 0; i < n; i++) if (buf[i] == '\n') lines++;
        }
        System.out.printf("log: %s, %,d lines, %,d bytes%n", log, lines, Files.size(log));
        for (int pass = 1; pass <= passes; pass++) {
            long records = 0, errors = 0, t0 = System.nanoTime();
            try (StraceParser p = StraceParser.open(log)) {
                while (true) {
                    try {
                        StraceRecord r = p.next();
                        if (r == null) break;
                        records++;
                    } catch (StraceParseException e) {
                        if (errors++ < 3) System.out.println("  " + e.getMessage());
                    }
                }
            }
            double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf("pass %d: %,d records, %d errors, %.2f s, %,.0f lines/s, %.1f MB/s%n",
                    pass, records, errors, s, lines / s, Files.size(log) / s / 1e6);
        }
        System.gc();
        Runtime rt = Runtime.getRuntime();
        System.out.printf("heap in use after GC: %.1f MiB (max heap %.0f MiB)%n",
                (rt.totalMemory() - rt.freeMemory()) / 1048576.0, rt.maxMemory() / 1048576.0);
        for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (l.startsWith("VmHWM:")) System.out.println("peak RSS (VmHWM): " + l.substring(6).strip());
        }
    }
}
