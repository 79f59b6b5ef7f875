package tot.trace;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import tot.events.JsonLines;
import tot.record.Event;
import tot.record.Execution;
import tot.syscalls.SyscallTable;

/**
 * tot's per-stop work without the kernel: what the tracer thread does between two waitpid calls
 * for one trapped syscall. Throughput is events (stops) per second; run with -prof gc for the
 * bytes allocated per event.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class HotPathBench {
    private Task task;
    private Handlers handlers;
    private Execution execution;
    private JsonLines jsonLines;
    private Event.Syscall event;
    private long counter;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        execution = new Execution(1, 0, 100, "/home/build/project/src", "/usr/bin/cc", List.of("cc", "-c", "x.c"), null,
                new java.util.TreeMap<>(), 0);
        Proc proc = new Proc(100, execution);
        task = new Task(100, proc, new Fs("/home/build/project/src"), new FdTable());
        handlers = new Handlers(new Handlers.Events() {
            @Override public void emit(Event e) { }
            @Override public long now() { return counter; }
            @Override public Iterable<Execution> running() { return List.of(execution); }
            @Override public void changing(String path) { }
        });
        jsonLines = new JsonLines("/dev/null");
        event = new Event.Syscall(1_795_000_000_000_000_000L, 100, 100, 1, "openat", List.of("/usr/include/stdio.h"),
                List.of("AT_FDCWD", "\"/usr/include/stdio.h\"", "O_RDONLY|O_CLOEXEC", "00"), 3, 0, 12_345);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        jsonLines.close();
    }

    /** Decoding a waitpid status into a Stop. */
    @Benchmark
    public Stop decodeStop() {
        return Stop.decode((100L << 32) | 0x857f); // syscall stop: SIGTRAP|0x80
    }

    /** Resolving a relative path against the cwd, lexically. */
    @Benchmark
    public String resolvePath() {
        return PathResolver.resolve(task, handlers, tot.sys.Linux.AT_FDCWD, "../include/./config/../defs.h", false);
    }

    /** openat entry and exit through the handlers: path resolution, fd table, the execution's first-access record. */
    @Benchmark
    public Object openatEntryExit() {
        Call c = new Call(SyscallTable.X86_64, SyscallTable.byName("openat"), new long[] {tot.sys.Linux.AT_FDCWD, 0, 0x80000, 0, 0, 0}, 0);
        c.decoded[1] = "../include/defs.h";
        handlers.entry(task, c);
        c.exited = true;
        c.result = 3 + (counter++ & 7);
        handlers.exit(task, c, null);
        return c;
    }

    /** dup2 and close on the fd table. */
    @Benchmark
    public Object fdTableDupClose() {
        FdTable fds = task.fds;
        fds.put(5, new FdTable.Entry("/tmp/x", FdTable.Kind.FILE, false));
        fds.put(1, fds.get(5));
        fds.remove(5);
        return fds.get(1);
    }

    /** One syscall event as a JSON Lines record (written to /dev/null, buffered). */
    @Benchmark
    public void jsonLinesEvent() throws IOException {
        jsonLines.accept(event);
    }
}
