package tot.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import tot.imports.Importer;
import tot.model.Event;
import tot.model.Sink;

/**
 * A progress line on the terminal during a long `tot log` or `tot import`: executions, distinct
 * files, elapsed time. Counting is a {@link Sink} (and an import {@link Importer.Counter}): the
 * tracer thread only adds to counters. A daemon thread draws the line on stderr, first after a
 * second (a short run shows nothing), then at most four times a second, on one line: {@code \r},
 * the text, erase to the end of the line, {@code \r} — the cursor stays at the start of the line,
 * so a line the command writes covers it. Anything else tot writes on stderr erases it first
 * (System.err goes through {@link #erasing}), and {@link #close} erases it for good.
 */
final class Progress implements Sink, Importer.Counter {
    private static final long FIRST_DRAW_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long PERIOD_MILLIS = 250;

    private final String what;
    private final PrintStream terminal;
    private final long start = System.nanoTime();
    /** Written by the one thread that counts; {@link #files} mirrors {@code paths.size()} for the drawing thread. */
    private final Set<String> paths = new HashSet<>();
    private volatile int executions, files;
    /** Guards {@link #drawn} and every write to {@link #terminal}. */
    private final Object lock = new Object();
    private boolean drawn;
    private final Thread timer;
    private final PrintStream previousErr;

    /**
     * Whether to draw: {@code forced} (--progress / --no-progress) or, when null, whether stderr
     * is a terminal — that standard output is not, with {@code besideStdout} false (a traced
     * command writes there: its lines and tot's would take turns on one line).
     */
    static boolean wanted(Boolean forced, boolean besideStdout) {
        if (forced != null) return forced;
        if (!Terminal.isTerminal(2)) return false;
        return besideStdout || !java.util.Objects.equals(Terminal.target(1), Terminal.target(2));
    }

    /** Starts drawing "tot: WHAT N executions, N files, M:SS" (WHAT may be empty). */
    Progress(String what) {
        this.what = what;
        previousErr = System.err;
        terminal = System.err;
        System.setErr(new PrintStream(erasing(), true, terminal.charset()));
        timer = Thread.ofPlatform().daemon().name("tot-progress").start(this::run);
    }

    @Override
    public void accept(Event event) {
        if (event instanceof Event.Exec) execution();
        else if (event instanceof Event.Access a && a.errno() == 0 && a.kind() != tot.model.AccessKind.MKDIR) access(a.path()); // files
    }

    @Override
    public void execution() {
        executions++;
    }

    @Override
    public void access(String path) {
        if (paths.add(path)) files = paths.size();
    }

    /** Stops drawing and erases the line; stderr is tot's own again. */
    @Override
    public void close() {
        timer.interrupt();
        try {
            timer.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (lock) {
            erase();
        }
        System.setErr(previousErr);
    }

    /** The line's text now. */
    String text() {
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
        return "tot: " + what + executions + (executions == 1 ? " execution, " : " executions, ") + files
                + (files == 1 ? " file, " : " files, ") + seconds / 60 + ":" + String.format("%02d", seconds % 60);
    }

    private void run() {
        try {
            Thread.sleep(TimeUnit.NANOSECONDS.toMillis(FIRST_DRAW_NANOS));
            String shown = null;
            while (!Thread.currentThread().isInterrupted()) {
                String now = text();
                if (!now.equals(shown)) {
                    synchronized (lock) {
                        terminal.print("\r" + now + "\033[K\r");
                        terminal.flush();
                        drawn = true;
                    }
                    shown = now;
                }
                Thread.sleep(PERIOD_MILLIS);
            }
        } catch (InterruptedException e) {
            // closed
        }
    }

    /** Erases the line if it is drawn (holding {@link #lock}). */
    private void erase() {
        if (!drawn) return;
        terminal.print("\r\033[K");
        terminal.flush();
        drawn = false;
    }

    /** A stream to stderr that erases the line before each write: tot's own messages never mix into it. */
    private OutputStream erasing() {
        return new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                synchronized (lock) {
                    erase();
                    terminal.write(b, off, len);
                }
            }

            @Override
            public void flush() {
                terminal.flush();
            }
        };
    }

    /** Where a file descriptor of tot's leads, as /proc tells it. */
    static final class Terminal {
        private Terminal() {}

        /** Whether fd leads to a terminal (/dev/pts/N, /dev/ttyN, /dev/console). */
        static boolean isTerminal(int fd) {
            String target = target(fd);
            return target != null && (target.startsWith("/dev/pts/") || target.matches("/dev/tty[0-9A-Za-z]*|/dev/console"));
        }

        /** fd's target, or null. */
        static String target(int fd) {
            try {
                return Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
            } catch (IOException | UnsupportedOperationException e) {
                return null;
            }
        }
    }
}
