package tot.linux;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Reading a NUL-terminated string (a path argument) out of a real, ptrace-stopped child:
 * process_vm_readv a page at a time against PTRACE_PEEKDATA eight bytes at a time. The string
 * is the child's argv[0], {@code length} bytes long, at the address /proc/PID/stat reports.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MemoryReadBench {
    @Param({"16", "64", "256", "1024"})
    public int length;

    private Kernel kernel;
    private int child;
    private long address;

    @Setup(Level.Trial)
    public void start() throws ErrnoException, IOException {
        kernel = new Kernel();
        byte[] argv0 = ("/" + "p".repeat(length - 1)).getBytes(StandardCharsets.UTF_8);
        child = kernel.spawn("/bin/sleep".getBytes(StandardCharsets.UTF_8), List.of(argv0, "600".getBytes(StandardCharsets.UTF_8)));
        kernel.seize(child, 0);
        kernel.interrupt(child); // ptrace-stopped, as a tracee is when tot reads it
        kernel.wait(child, Linux.__WALL);
        String stat = Files.readString(Path.of("/proc/" + child + "/stat"));
        address = Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[45]); // arg_start, field 48
    }

    @TearDown(Level.Trial)
    public void stop() throws ErrnoException {
        Signals.kill(child, Linux.SIGKILL);
        kernel.wait(child, Linux.__WALL);
        kernel.close();
    }

    @Benchmark
    public byte[] processVmReadv() throws ErrnoException {
        kernel.memoryReads(Kernel.MemoryReads.VM_READV);
        return kernel.readCString(child, address, 4096);
    }

    @Benchmark
    public byte[] peekdata() throws ErrnoException {
        kernel.memoryReads(Kernel.MemoryReads.PEEKDATA);
        return kernel.readCString(child, address, 4096);
    }
}
