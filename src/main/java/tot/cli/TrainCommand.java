package tot.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import tot.trace.EbpfSupport;

/**
 * Hidden: the ./tot launcher's training run for the JVM's start-up cache. Runs the commands a
 * user runs, in one JVM, on a scratch database in DIR: a short fork/exec/open loop under
 * `tot log` (and under `tot log --engine ebpf` where that engine can run), then `tot show` (tree, a hash, a path), `tot summary`, `tot files` and the CI commands.
 */
@Command(name = "train", hidden = true, description = "Training run for the start-up cache (used by ./tot).")
final class TrainCommand implements Callable<Integer> {
    @Parameters(paramLabel = "DIR", description = "A scratch directory.")
    Path dir;

    @Override
    public Integer call() throws Exception {
        Path db = dir.resolve("train.db");
        Files.deleteIfExists(db);
        String loop = "i=0; while [ $i -lt 300 ]; do /bin/cat /dev/null </dev/null; i=$((i+1)); done; echo x > "
                + dir.resolve("train.out");
        int status = Main.run("log", "--db", db.toString(), "-d", "/dev/null", "-o", "/dev/null", "--", "/bin/sh", "-c", loop);
        if (status != 0) return status;
        if (EbpfSupport.unavailable() == null) { // root: the eBPF engine's classes into the cache too
            status = Main.run("log", "--engine", "ebpf", "--db", db.toString(), "-d", "/dev/null", "-o", "/dev/null", "--", "/bin/sh", "-c", loop);
            if (status != 0) return status;
        }
        for (List<String> args : List.of(List.of("show"), List.of("show", "/bin/cat"), List.of("show", dir.resolve("train.out").toString()),
                List.of("show", "--format", "json", "/bin/cat"), List.of("summary"), List.of("files"), List.of("inputs"),
                List.of("outputs", "--format", "json"), List.of("depfile"), List.of("key"), List.of("lineage", dir.resolve("train.out").toString()),
                List.of("diff", "last", "last"), List.of("check", "--declared-glob", "/**"))) {
            String[] full = new String[args.size() + 1];
            full[0] = args.get(0);
            full[1] = "--db=" + db;
            for (int i = 1; i < args.size(); i++) full[i + 1] = args.get(i);
            Main.run(full);
        }
        Files.deleteIfExists(db);
        Files.deleteIfExists(dir.resolve("train.out"));
        return 0;
    }
}
