package tot.api;

import static org.junit.jupiter.api.Assertions.*;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * blackbox-trace's MySQL example, done properly: a private MariaDB server (Debian's
 * mariadb-server, installed by .ci/run) in a temporary directory, on a socket only, a blackbox
 * attached through tot.api while a client runs 100 INSERTs. The ring holds the server's redo-log
 * writes (pwrite64 + fdatasync naming ib_logfile0) and nothing from before the last N calls;
 * after the detach the server answers and no thread is traced. strace on the same server, for
 * the same 100 INSERTs, counts the same log writes as tot. The server is stopped at the end,
 * also when a check fails. Skipped when mariadbd is not installed, unless $CI is set (then it fails).
 */
class MariaDbBlackboxTest {
    private static final int N = 300;

    @TempDir
    Path dir;

    private Path data, socket;

    @Test
    void theRingHoldsTheServersLogWritesAndTheServerGoesOnAfterTheDetach() throws Exception {
        Path server = installed("mariadbd", "mysqld");
        Path install = installed("mariadb-install-db", "mysql_install_db");
        Path client = installed("mariadb", "mysql");
        if (server == null || install == null || client == null) {
            String why = "MariaDB is not installed (mariadbd, mariadb-install-db, mariadb: Debian's mariadb-server and mariadb-client)";
            if (System.getenv("CI") != null) fail(why + "; .ci/run installs it");
            Assumptions.abort(why + ": skipped (apt-get install mariadb-server; in CI, with $CI set, this fails instead)");
        }
        data = dir.resolve("data");
        socket = dir.resolve("mysqld.sock");
        List<String> user = isRoot() ? List.of("--user=root") : List.of(); // mariadbd refuses to run as root without it
        List<String> init = new ArrayList<>(List.of(install.toString(), "--no-defaults", "--datadir=" + data,
                "--auth-root-authentication-method=normal", "--skip-test-db"));
        init.addAll(user);
        run(init, 120);
        List<String> start = new ArrayList<>(List.of(server.toString(), "--no-defaults", "--datadir=" + data, "--socket=" + socket,
                "--skip-networking", "--pid-file=" + dir.resolve("mysqld.pid"), "--log-error=" + dir.resolve("error.log")));
        start.addAll(user);
        ProcessHandle mariadbd = ApiTest.detached(start.toArray(String[]::new)); // not this JVM's child: see Tot.attach
        try {
            awaitReady(client);
            sql(client, "CREATE DATABASE t; CREATE TABLE t.r (i INT AUTO_INCREMENT PRIMARY KEY, s VARCHAR(100)) ENGINE=InnoDB");
            Path inserts = dir.resolve("inserts.sql");
            StringBuilder sb = new StringBuilder();
            for (int i = 1; i <= 100; i++) sb.append("INSERT INTO t.r (s) VALUES ('row ").append(i).append("');\n");
            Files.writeString(inserts, sb);
            int pid = (int) mariadbd.pid();

            BlackboxSnapshot before, after, last;
            try (BlackboxRecorder box = Tot.blackbox(List.of(pid), BlackboxOptions.last(N))) {
                Thread.sleep(500);
                before = box.snapshot();
                sqlFile(client, inserts);
                after = box.snapshot();
                last = box.detach();
            }
            // exactly the last N, oldest first, and nothing older: at least N calls came after the
            // first snapshot, so none of its calls may be left in the ring
            assertEquals(N, after.calls().size());
            assertTrue(after.seen() - before.seen() >= N, (after.seen() - before.seen()) + " calls during 100 INSERTs");
            for (int i = 1; i < N; i++) assertTrue(after.calls().get(i).time() >= after.calls().get(i - 1).time(), "oldest first");
            for (SyscallRecord c : after.calls()) assertTrue(c.time() > before.takenNanos(), "older than the last N: " + c);
            assertTrue(last.seen() >= after.seen());

            String log = data.resolve("ib_logfile0").toString();
            List<SyscallRecord> logWrites = after.calls().stream().filter(c -> c.name().equals("pwrite64") && log.equals(first(c))).toList();
            List<SyscallRecord> logSyncs = after.calls().stream()
                    .filter(c -> (c.name().equals("fdatasync") || c.name().equals("fsync")) && log.equals(first(c))).toList();
            assertFalse(logWrites.isEmpty(), "pwrite64 of " + log + " in the ring: " + after.calls().subList(N - 20, N));
            assertFalse(logSyncs.isEmpty(), "fdatasync of " + log + " in the ring");
            for (SyscallRecord c : logWrites) {
                assertEquals(0, c.errno());
                assertTrue(c.result() > 0 && c.args().getFirst().endsWith("<" + log + ">"), c.toString());
            }
            for (SyscallRecord c : after.calls()) { // every file write or sync the ring holds is the server's own
                if (c.name().matches("pwrite64|pwritev2?|fsync|fdatasync") && first(c) != null && first(c).startsWith("/")) {
                    assertTrue(first(c).startsWith(data + "/"), c.toString());
                }
            }

            // after the detach: no thread traced, and the server still answers
            for (Path task : tasks(pid)) assertEquals("0", status(task, "TracerPid"), task.toString());
            assertEquals("100", sql(client, "SELECT COUNT(*) FROM t.r").strip());

            // strace as the oracle: the same 100 INSERTs give it as many log writes and syncs as tot's ring
            if (installed("strace") != null) {
                long[] totCounts, straceCounts;
                try (BlackboxRecorder big = Tot.blackbox(List.of(pid), BlackboxOptions.last(100_000).withSyscalls("pwrite64,fdatasync,fsync"))) {
                    Thread.sleep(300);
                    long seen = big.seen();
                    sqlFile(client, inserts);
                    BlackboxSnapshot s = big.detach();
                    totCounts = counts(s.calls().subList((int) Math.min(seen, s.calls().size()), s.calls().size()), log);
                }
                straceCounts = straced(pid, client, inserts, log);
                System.out.printf("MariaDbBlackboxTest: %d calls during 100 INSERTs; ring of %d: %d pwrite64 + %d fdatasync of ib_logfile0;"
                        + " next 100 INSERTs: tot %d + %d, strace %d + %d%n", after.seen() - before.seen(), N, logWrites.size(),
                        logSyncs.size(), totCounts[0], totCounts[1], straceCounts[0], straceCounts[1]);
                assertTrue(totCounts[0] >= 100 && totCounts[1] >= 100, "a durable redo-log write per INSERT: " + List.of(totCounts[0], totCounts[1]));
                assertTrue(Math.abs(totCounts[0] - straceCounts[0]) <= 2 && Math.abs(totCounts[1] - straceCounts[1]) <= 2,
                        "tot " + List.of(totCounts[0], totCounts[1]) + " vs strace " + List.of(straceCounts[0], straceCounts[1]));
                assertEquals("300", sql(client, "SELECT COUNT(*) FROM t.r").strip());
            }
        } finally {
            stop(mariadbd);
        }
    }

    /** pwrite64 and fdatasync/fsync calls of {@code log} among {@code calls}. */
    private static long[] counts(List<SyscallRecord> calls, String log) {
        long writes = calls.stream().filter(c -> c.name().equals("pwrite64") && log.equals(first(c))).count();
        long syncs = calls.stream().filter(c -> c.name().matches("fdatasync|fsync") && log.equals(first(c))).count();
        return new long[] {writes, syncs};
    }

    /** strace -f -y on the server while the client runs {@code sqlFile}: its log writes and syncs. */
    private long[] straced(int pid, Path client, Path sqlFile, String log) throws Exception {
        Path out = dir.resolve("strace.log");
        Process strace = new ProcessBuilder("strace", "-f", "-y", "-e", "trace=pwrite64,fdatasync,fsync", "-o", out.toString(),
                "-p", Integer.toString(pid)).redirectErrorStream(true).redirectOutput(dir.resolve("strace.err").toFile()).start();
        try {
            for (int i = 0; i < 100 && !Files.readString(dir.resolve("strace.err")).contains("attached"); i++) Thread.sleep(50);
            Thread.sleep(300); // every thread seized
            sqlFile(client, sqlFile);
            Thread.sleep(200);
        } finally {
            strace.destroy(); // SIGTERM: strace detaches
            assertTrue(strace.waitFor(30, TimeUnit.SECONDS));
        }
        long writes = 0, syncs = 0;
        for (String line : Files.readAllLines(out)) {
            if (!line.contains("<" + log + ">")) continue;
            if (line.matches("\\d+ +pwrite64\\(.*")) writes++;
            if (line.matches("\\d+ +f(data)?sync\\(.*")) syncs++;
        }
        for (Path task : tasks(pid)) assertEquals("0", status(task, "TracerPid"));
        return new long[] {writes, syncs};
    }

    /** The path of the fd a call's first argument names ({@code 11</…/ib_logfile0>}, strace -y style), or null. */
    private static String first(SyscallRecord c) {
        if (c.args().isEmpty()) return null;
        var m = java.util.regex.Pattern.compile("\\d+<(.*)>").matcher(c.args().getFirst());
        return m.matches() ? m.group(1) : null;
    }

    private void awaitReady(Path client) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            Process p = new ProcessBuilder(client.toString(), "--no-defaults", "--socket=" + socket, "-uroot", "-e", "SELECT 1")
                    .redirectErrorStream(true).redirectOutput(new File("/dev/null")).start();
            if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0) return;
            if (System.nanoTime() > deadline) fail("mariadbd did not start: " + Files.readString(dir.resolve("error.log")));
            Thread.sleep(100);
        }
    }

    private String sql(Path client, String statements) throws Exception {
        return run(List.of(client.toString(), "--no-defaults", "--socket=" + socket, "-uroot", "-N", "-B", "-e", statements), 60);
    }

    private void sqlFile(Path client, Path file) throws Exception {
        Process p = new ProcessBuilder(client.toString(), "--no-defaults", "--socket=" + socket, "-uroot")
                .redirectInput(file.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("client.log").toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the client did not finish");
        assertEquals(0, p.exitValue(), Files.readString(dir.resolve("client.log")));
    }

    private static String run(List<String> command, int seconds) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(seconds, TimeUnit.SECONDS), command + " did not finish");
        assertEquals(0, p.exitValue(), command + ": " + out);
        return out;
    }

    /** SIGTERM (mariadbd shuts down cleanly), then SIGKILL after 60 s. */
    private static void stop(ProcessHandle server) throws Exception {
        if (!server.isAlive()) return;
        server.destroy();
        try {
            server.onExit().get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            server.destroyForcibly();
            server.onExit().get(30, TimeUnit.SECONDS);
        }
    }

    private static List<Path> tasks(int pid) throws Exception {
        try (Stream<Path> s = Files.list(Path.of("/proc", Integer.toString(pid), "task"))) {
            return s.map(t -> t.resolve("status")).toList();
        }
    }

    private static String status(Path file, String field) throws Exception {
        for (String line : Files.readAllLines(file)) if (line.startsWith(field + ":")) return line.substring(field.length() + 1).strip();
        throw new AssertionError(field + " not in " + file);
    }

    private static boolean isRoot() throws Exception {
        return status(Path.of("/proc/self/status"), "Uid").split("\\s+")[1].equals("0");
    }

    /** The first of {@code names} found in /usr/sbin, /usr/bin or PATH, or null. */
    static Path installed(String... names) {
        List<String> dirs = new ArrayList<>(List.of("/usr/sbin", "/usr/bin", "/sbin", "/bin"));
        String path = System.getenv("PATH");
        if (path != null) dirs.addAll(List.of(path.split(":")));
        for (String name : names) {
            for (String d : dirs) {
                Path p = Path.of(d.isEmpty() ? "." : d, name);
                if (Files.isExecutable(p)) return p;
            }
        }
        return null;
    }
}
