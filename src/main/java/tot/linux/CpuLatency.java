package tot.linux;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static tot.linux.Linux.*;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A request that idle CPUs wake at once: a 0 µs PM QoS request on /dev/cpu_dma_latency. While it
 * is held an idle CPU polls instead of halting, so waking a task there costs no interrupt (in a
 * VM, no exit to the hypervisor and back). The kernel drops the request when its fd closes, at
 * the latest when tot exits. Only root may open the device.
 */
public final class CpuLatency implements AutoCloseable {
    static final String DEVICE = "/dev/cpu_dma_latency";

    private final long fd;

    private CpuLatency(long fd) {
        this.fd = fd;
    }

    /** Holds the request; null where it cannot be made (not root, no such device). */
    public static CpuLatency hold() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment capture = a.allocate(Libc.CAPTURE_LAYOUT);
            long fd = Libc.syscall(capture, SYS_openat, AT_FDCWD, RawFiles.address(a, DEVICE), O_WRONLY | O_CLOEXEC, 0, 0, 0);
            if (fd < 0) return null;
            MemorySegment microseconds = a.allocate(JAVA_INT);
            microseconds.set(JAVA_INT, 0, 0); // µs
            if (Libc.syscall(capture, SYS_write, fd, microseconds.address(), JAVA_INT.byteSize(), 0, 0, 0) != JAVA_INT.byteSize()) {
                Libc.syscall(capture, SYS_close, fd, 0, 0, 0, 0, 0);
                return null;
            }
            return new CpuLatency(fd);
        }
    }

    /** Drops the request. */
    @Override
    public void close() {
        RawFiles.close((int) fd);
    }
}
