package tot.linux;

import static tot.linux.Linux.*;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The controlling terminal as a shell uses it for job control: which process group is in its
 * foreground (gets its Ctrl-C and Ctrl-Z, may read it), and handing that to another group.
 */
public final class ControllingTerminal {
    private ControllingTerminal() {}

    private static final int TIOCGPGRP = 0x540F;
    private static final int TIOCSPGRP = 0x5410;
    private static final int O_NOCTTY = 0400;
    private static final int SIG_BLOCK = 0;

    /** A close-on-exec fd of this process's controlling terminal ({@code /dev/tty}), or -1 when it has none. */
    public static int open() {
        try (Arena a = Arena.ofConfined()) {
            long fd = Libc.syscall(a.allocate(Libc.CAPTURE_LAYOUT), SYS_openat, AT_FDCWD, RawFiles.address(a, "/dev/tty"),
                    O_RDWR | O_NOCTTY | O_CLOEXEC, 0, 0, 0);
            return fd < 0 ? -1 : (int) fd;
        }
    }

    /** The foreground process group of terminal {@code fd}, or -1 when it cannot be read. */
    public static int foreground(int fd) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment group = a.allocate(java.lang.foreign.ValueLayout.JAVA_INT);
            long r = Libc.syscall(a.allocate(Libc.CAPTURE_LAYOUT), SYS_ioctl, fd, TIOCGPGRP, group.address(), 0, 0, 0);
            return r < 0 ? -1 : group.get(java.lang.foreign.ValueLayout.JAVA_INT, 0);
        }
    }

    /**
     * Makes {@code group} the foreground of terminal {@code fd}; false when refused. SIGTTOU is
     * blocked in this thread meanwhile: a process of a background group may do it then (as a
     * shell taking the terminal back from a job does), where it would otherwise be stopped.
     */
    public static boolean setForeground(int fd, int group) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment capture = a.allocate(Libc.CAPTURE_LAYOUT);
            MemorySegment block = a.allocate(8, 8);
            MemorySegment old = a.allocate(8, 8);
            block.set(java.lang.foreign.ValueLayout.JAVA_LONG, 0, 1L << (SIGTTOU - 1));
            Libc.syscall(capture, SYS_rt_sigprocmask, SIG_BLOCK, block.address(), old.address(), 8, 0, 0);
            try {
                MemorySegment g = a.allocate(java.lang.foreign.ValueLayout.JAVA_INT);
                g.set(java.lang.foreign.ValueLayout.JAVA_INT, 0, group);
                return Libc.syscall(capture, SYS_ioctl, fd, TIOCSPGRP, g.address(), 0, 0, 0) == 0;
            } finally {
                Libc.syscall(capture, SYS_rt_sigprocmask, SIG_SETMASK, old.address(), 0, 8, 0, 0);
            }
        }
    }

    /** The calling process's process group. */
    public static int processGroup() {
        try (Arena a = Arena.ofConfined()) {
            return (int) Libc.syscall(a.allocate(Libc.CAPTURE_LAYOUT), SYS_getpgid, 0, 0, 0, 0, 0, 0);
        }
    }
}
