package tot.linux;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;
import static tot.linux.Linux.*;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The listener of a seccomp filter's SECCOMP_RET_USER_NOTIF calls: each such call waits in the
 * kernel until the listener lets it run or fails it. One thread only (a confined arena); the
 * calls' processes read through /proc by the caller, who decides.
 */
public final class SeccompListener implements AutoCloseable {
    /**
     * A call waiting: {@code id} the kernel's cookie, {@code pid} the calling thread, its number,
     * its ABI (AUDIT_ARCH_*) and arguments.
     */
    public record Call(long id, int pid, int nr, int auditArch, long[] args) {}

    private final int fd;
    private final Arena arena = Arena.ofConfined();
    private final MemorySegment capture = arena.allocate(Libc.CAPTURE_LAYOUT);
    private final MemorySegment notif = arena.allocate(Structs.seccomp_notif.sizeof, 8);
    private final MemorySegment resp = arena.allocate(Structs.seccomp_notif_resp.sizeof, 8);
    private final MemorySegment pollfd = arena.allocate(8, 4);
    private final MemorySegment cookie = arena.allocate(JAVA_LONG);

    /** Takes listener fd {@code fd} (from {@link Kernel#filterThisThread}); closes it at the end. */
    public SeccompListener(int fd) {
        this.fd = fd;
    }

    /**
     * The next waiting call, once there is one: null when it went away before it could be read;
     * throws ESRCH once no process holds the filter any more (every one has exited).
     */
    public Call next() throws ErrnoException {
        pollfd.set(JAVA_INT, 0, fd);
        pollfd.set(JAVA_SHORT, 4, (short) POLLIN);
        pollfd.set(JAVA_SHORT, 6, (short) 0);
        long n = Libc.syscall(capture, SYS_poll, pollfd.address(), 1, -1, 0, 0, 0);
        if (n < 0) {
            if (Libc.errno(capture) == EINTR) return null;
            throw new ErrnoException("poll", Libc.errno(capture));
        }
        short revents = pollfd.get(JAVA_SHORT, 6);
        if (n == 0) return null;
        if ((revents & POLLIN) == 0) {
            if ((revents & POLLHUP) != 0) throw new ErrnoException("seccomp listener", ESRCH);
            return null;
        }
        notif.fill((byte) 0); // the kernel wants it zeroed
        if (Libc.syscall(capture, SYS_ioctl, fd, SECCOMP_IOCTL_NOTIF_RECV & 0xffffffffL, notif.address(), 0, 0, 0) < 0) {
            int errno = Libc.errno(capture);
            if (errno == ENOENT || errno == EINTR) return null; // the caller was killed meanwhile
            throw new ErrnoException("SECCOMP_IOCTL_NOTIF_RECV", errno);
        }
        long[] args = new long[6];
        long data = Structs.seccomp_notif.data$offset;
        for (int i = 0; i < 6; i++) args[i] = notif.get(JAVA_LONG, data + Structs.seccomp_data.args$offset + 8L * i);
        return new Call(notif.get(JAVA_LONG, Structs.seccomp_notif.id$offset), notif.get(JAVA_INT, Structs.seccomp_notif.pid$offset),
                notif.get(JAVA_INT, data + Structs.seccomp_data.nr$offset), notif.get(JAVA_INT, data + Structs.seccomp_data.arch$offset),
                args);
    }

    /** Whether call {@code id} still waits: what was read of its process since is its own, not a recycled pid's. */
    public boolean waiting(long id) {
        cookie.set(JAVA_LONG, 0, id);
        return Libc.syscall(capture, SYS_ioctl, fd, SECCOMP_IOCTL_NOTIF_ID_VALID & 0xffffffffL, cookie.address(), 0, 0, 0) == 0;
    }

    /** Lets call {@code id} run as it would have. */
    public void allow(long id) {
        answer(id, 0, SECCOMP_USER_NOTIF_FLAG_CONTINUE);
    }

    /** Fails call {@code id} with {@code errno} without running it. */
    public void refuse(long id, int errno) {
        answer(id, -errno, 0);
    }

    private void answer(long id, int error, int flags) {
        resp.set(JAVA_LONG, Structs.seccomp_notif_resp.id$offset, id);
        resp.set(JAVA_LONG, Structs.seccomp_notif_resp.val$offset, 0);
        resp.set(JAVA_INT, Structs.seccomp_notif_resp.error$offset, error);
        resp.set(JAVA_INT, Structs.seccomp_notif_resp.flags$offset, flags);
        Libc.syscall(capture, SYS_ioctl, fd, SECCOMP_IOCTL_NOTIF_SEND & 0xffffffffL, resp.address(), 0, 0, 0); // ENOENT: it was killed meanwhile
    }

    @Override
    public void close() {
        Libc.syscall(capture, SYS_close, fd, 0, 0, 0, 0, 0);
        arena.close();
    }
}
