package tot.show;

import java.io.PrintStream;
import java.io.IOException;
import java.util.List;
import tot.store.Counted;
import tot.store.Store;
import tot.store.StoreReader;
import tot.store.StoredAccess;
import tot.store.StoredExecution;
import tot.store.StoredRun;
import tot.linux.Errno;

/**
 * The stracepy-style analyses over the stored accesses: `tot summary`, `tot files`, `tot
 * accesses`. Device-like paths (/dev, /proc, /sys, and tot's pipe names under /dev) are left
 * out unless {@code devices}.
 */
public final class Analyses {
    private final StoreReader store;
    private final Format format;
    private final PrintStream out;
    private final List<StoredRun> runs;
    private final boolean devices;

    /** {@code run}: null for every complete run, "last", or a run number. */
    public Analyses(StoreReader store, Format format, PrintStream out, String run, boolean devices) throws Store.StoreException {
        this.store = store;
        this.format = format;
        this.out = out;
        this.devices = devices;
        this.runs = store.runs(run);
    }

    /** Whether the selection holds a run (else the caller says so). */
    public boolean hasRuns() {
        return !runs.isEmpty();
    }

    /**
     * Programs executed (time, id, exit, path, arguments), then failed calls counted by executable,
     * syscall and errno: the stored syscall events of runs traced with --trace, else the failed
     * file accesses.
     */
    public void summary() throws Store.StoreException {
        Table programs = new Table("time", "execution", "exit", "path", "args");
        for (StoredExecution x : store.executions(runs)) {
            programs.add(time(x.startNanos()), x.shortId(), x.exit(), x.path(), Text.args(x.argv()));
        }
        Table failed = new Table("count", "executable", "syscall", "errno");
        for (Counted c : store.failures(runs, devices)) failed.add(c.count(), c.executable(), c.syscall(), Errno.name(c.errno()));
        if (format == Format.TABLE) {
            out.println("Programs executed");
            programs.print(out, format);
            out.println();
            out.println("Failed calls");
            failed.print(out, format);
        } else if (format == Format.JSON) {
            out.print("{\"programs\":");
            programs.print(out, format);
            out.print(",\"failed\":");
            failed.print(out, format);
            out.println("}");
        } else {
            programs.print(out, format);
            out.println();
            failed.print(out, format);
        }
    }

    /** How often each executable accessed each path, most first. */
    public void files() throws Store.StoreException {
        Table t = new Table("count", "executable", "path");
        for (Counted c : store.fileCounts(runs, devices)) t.add(c.count(), c.executable(), c.path());
        t.print(out, format);
    }

    /** Every access, oldest first, with its result. */
    public void accesses() throws Store.StoreException, IOException {
        Table t = new Table("time", "pid", "execution", "executable", "kind", "syscall", "path", "result");
        store.accesses(runs, devices, ea -> {
            StoredAccess a = ea.access();
            t.add(time(a.timeNanos()), ea.execution().pid(), ea.execution().shortId(), ea.execution().path(),
                    a.operation().column(), a.syscall(), a.path(), a.errno() == 0 ? "ok" : Errno.name(a.errno()));
        });
        t.print(out, format);
    }

    private String time(Long nanos) {
        return format == Format.TABLE ? Text.localTime(nanos) : Text.isoTime(nanos);
    }
}
