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
import tot.sinks.JsonLines;
import tot.model.Event;
import tot.model.Fact;
import tot.model.PathArg;
import tot.model.ProcessModel;
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
    private ProcessModel model;
    private CallFacts facts;
    private final Tracee tracee = new Tracee(100);
    private JsonLines jsonLines;
    private Event.Call event;
    private long counter;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        model = new ProcessModel(e -> { }, false, "/home/build/project/src");
        model.apply(new Fact.Started(0, 100, "/home/build/project/src"));
        model.apply(new Fact.Execed(0, 100, 100, "execve", PathArg.of("/usr/bin/cc"), null, List.of("cc", "-c", "x.c"), null, null));
        facts = new CallFacts(model, null, path -> { });
        jsonLines = new JsonLines("/dev/null");
        event = new Event.Call(1_795_000_000_000_000_000L, 100, 100, 1, "openat", List.of("/usr/include/stdio.h"),
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
        return model.resolve(100, PathArg.of("../include/./config/../defs.h"));
    }

    /** openat entry and exit into facts: path resolution, fd table, the execution's first-access record. */
    @Benchmark
    public Object openatEntryExit() {
        DecodedCall c = new DecodedCall(SyscallTable.X86_64, SyscallTable.byName("openat"), new long[] {tot.linux.Linux.AT_FDCWD, 0, 0x80000, 0, 0, 0}, 0);
        c.decoded[1] = "../include/defs.h";
        facts.resolve(tracee, c, counter);
        facts.entering(tracee, c, counter);
        c.exited = true;
        c.result = 3 + (counter++ & 7);
        facts.exited(tracee, c, counter);
        return c;
    }

    /** dup2 and close as facts on the model's fd table. */
    @Benchmark
    public Object fdTableDupClose() {
        model.apply(new Fact.FdSeen(counter, 100, 5, "/tmp/x", false));
        model.apply(new Fact.Duped(counter, 100, 5, 1, false));
        model.apply(new Fact.Closed(counter++, 100, 5));
        return model.fdPath(100, 1);
    }

    /** One syscall event as a JSON Lines record (written to /dev/null, buffered). */
    @Benchmark
    public void jsonLinesEvent() throws IOException {
        jsonLines.accept(event);
    }
}
