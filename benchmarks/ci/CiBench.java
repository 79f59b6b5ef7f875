import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import tot.model.Execution;
import tot.store.Operation;
import tot.store.Store;

/**
 * Writes a large build into a tot.db through the store API, as `tot log` would store it, for
 * benchmarks/ci/ci-bench (which compiles this file against target/classes):
 *
 * <pre>
 * java -cp target/classes:DIR CiBench DB UNITS [CHANGED_HEADER]
 * </pre>
 *
 * One run of `make -j8`: per compile unit a shell, a compiler driver, cc1 and as (4 executions),
 * so UNITS = 2500 gives 10 000 executions, then an `ar` per 100 objects and one link of every
 * library into /p/app. cc1 reads the unit's source, 20 to 40 headers of a pool of 400 (each
 * header a content of its own) and looks for 10 headers it does not find; each program reads
 * its libraries; the driver makes and removes a temporary .s file the assembler reads. Every
 * successful access carries a content (sha1 and size), as tot log hashes regular files.
 * CHANGED_HEADER (a number below 400): that header has another content, and so do the objects,
 * libraries and app made from it (a second run to diff against the first).
 */
public class CiBench {
    private static final String[] LIBS = {"/etc/ld.so.cache", "/lib/x86_64-linux-gnu/libc.so.6", "/lib/x86_64-linux-gnu/libm.so.6",
            "/lib/x86_64-linux-gnu/libz.so.1", "/lib/x86_64-linux-gnu/libzstd.so.1", "/usr/lib/locale/locale-archive"};

    private final Store store;
    private final long run;
    private final int changed;
    private long now = 1_795_000_000_000_000_000L;
    private int ids;
    private final Random random = new Random(16);

    private CiBench(Store store, long run, int changed) {
        this.store = store;
        this.run = run;
        this.changed = changed;
    }

    public static void main(String[] args) throws Exception {
        Path db = Path.of(args[0]);
        int units = Integer.parseInt(args[1]);
        int changed = args.length > 2 ? Integer.parseInt(args[2]) : -1;
        try (Store store = Store.open(db)) {
            store.begin();
            String key = "ci-bench-" + System.nanoTime();
            long run = store.addRun(new Store.Run(key, "log", null, List.of("make", "-j8"), "/p", "bench", "me", 1_795_000_000_000_000_000L));
            CiBench b = new CiBench(store, run, changed);
            int executions = b.build(units);
            store.finishRun(run, b.now, 0, true);
            store.commit();
            System.out.println("run " + run + ": " + executions + " executions");
        }
    }

    private static String sha(String what) {
        try {
            return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-1").digest(what.getBytes()));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Started(Execution x, long row) {}

    private Started exec(int parent, String path, List<String> argv) throws Exception {
        int id = ++ids;
        Execution x = new Execution(id, parent, 1000 + id, "/p", path, argv, null, new TreeMap<>(), now += 1000);
        long row = store.addExecution(run, x, 1000 + id);
        access(row, path, Operation.EXEC, sha(path), 0);
        for (String lib : LIBS) access(row, lib, Operation.READ, sha(lib), 0);
        return new Started(x, row);
    }

    private void access(long row, String path, Operation op, String sha1, int errno) throws Exception {
        Store.Content c = sha1 == null ? null : new Store.Content(sha1, 1000 + (sha1.charAt(0) & 0xff), 1, path.hashCode(), 0, 0);
        store.addAccess(row, path, op, op == Operation.EXEC ? "execve" : op == Operation.DELETE ? "unlink" : "openat", errno, now += 500, c, null);
    }

    private void end(Started s) throws Exception {
        s.x().exit(0);
        s.x().end(now += 1000);
        store.endExecution(s.row(), s.x());
    }

    private int build(int units) throws Exception {
        Started make = exec(0, "/usr/bin/make", List.of("make", "-j8"));
        access(make.row(), "/p/Makefile", Operation.READ, sha("Makefile"), 0);
        List<String> objects = new ArrayList<>(), libraries = new ArrayList<>();
        List<Boolean> objectChanged = new ArrayList<>();
        List<Boolean> libraryChanged = new ArrayList<>();
        for (int u = 0; u < units; u++) {
            String src = "/p/src/m" + (u % 50) + "/unit" + u + ".c", obj = "/p/obj/unit" + u + ".o", tmp = "/tmp/cc" + u + "x.s";
            Started sh = exec(make.x().id, "/usr/bin/sh", List.of("sh", "-c", "cc -c " + src + " -o " + obj));
            Started cc = exec(sh.x().id, "/usr/bin/cc", List.of("cc", "-c", src, "-o", obj));
            access(cc.row(), tmp, Operation.WRITE, sha("empty"), 0);
            Started cc1 = exec(cc.x().id, "/usr/lib/gcc/x86_64-linux-gnu/12/cc1", List.of("cc1", src, "-o", tmp));
            access(cc1.row(), src, Operation.READ, sha(src), 0);
            boolean touched = false;
            for (int h = 0, n = 20 + random.nextInt(21); h < n; h++) {
                int header = random.nextInt(400);
                touched |= header == changed;
                String path = "/p/include/h" + header + ".h";
                access(cc1.row(), path, Operation.READ, sha(path + (header == changed ? "!" : "")), 0);
            }
            for (int m = 0; m < 10; m++) access(cc1.row(), "/usr/local/include/missing" + m + ".h", Operation.READ, null, 2);
            access(cc1.row(), tmp, Operation.WRITE, sha(tmp + touched), 0);
            end(cc1);
            Started as = exec(cc.x().id, "/usr/bin/as", List.of("as", "-o", obj, tmp));
            access(as.row(), tmp, Operation.READ, sha(tmp + touched), 0);
            access(as.row(), obj, Operation.WRITE, sha(obj + touched), 0);
            end(as);
            access(cc.row(), tmp, Operation.DELETE, null, 0);
            end(cc);
            end(sh);
            objects.add(obj);
            objectChanged.add(touched);
            if (objects.size() == 100 || u == units - 1) {
                String lib = "/p/lib/part" + libraries.size() + ".a";
                Started ar = exec(make.x().id, "/usr/bin/ar", List.of("ar", "rcs", lib));
                boolean any = objectChanged.contains(true);
                for (String o : objects) access(ar.row(), o, Operation.READ, sha(o + objectChanged.get(objects.indexOf(o))), 0);
                access(ar.row(), lib, Operation.WRITE, sha(lib + any), 0);
                end(ar);
                libraries.add(lib);
                libraryChanged.add(any);
                objects.clear();
                objectChanged.clear();
            }
        }
        Started ld = exec(make.x().id, "/usr/bin/ld", List.of("ld", "-o", "/p/app"));
        for (int i = 0; i < libraries.size(); i++) access(ld.row(), libraries.get(i), Operation.READ, sha(libraries.get(i) + libraryChanged.get(i)), 0);
        access(ld.row(), "/p/app", Operation.WRITE, sha("app" + libraryChanged.contains(true)), 0);
        end(ld);
        end(make);
        return ids;
    }
}
