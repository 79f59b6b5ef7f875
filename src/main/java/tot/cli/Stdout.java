package tot.cli;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;

/**
 * Standard output that ends quietly when its reader goes away (`tot export --csv - | head -1`).
 * coreutils die of SIGPIPE there; the JVM ignores SIGPIPE, so the write fails with EPIPE, which
 * PrintStream would turn into a late "write error". A command whose output is all it does stops
 * ({@link Closed}, exit 0); a tracing command goes on (the traced processes and tot.db matter
 * more than an output nobody reads) and what it writes there is dropped.
 */
final class Stdout {
    private Stdout() {}

    /** The reader of standard output went away: the command stops, with status 0. */
    static final class Closed extends RuntimeException {
        Closed() {
            super("standard output closed", null, false, false);
        }
    }

    private static PipeEnd installed;
    /** The status a command that stops because its reader went away exits with: 0, or a verdict it gave first. */
    private static volatile int statusIfClosed;

    /**
     * A command whose status is a verdict (check: undeclared inputs; diff: the runs differ) says it
     * before it prints: a reader that goes away (`| head`) does not turn it into success.
     */
    static void verdict(int status) {
        statusIfClosed = status;
    }

    /** The status to exit with when the reader went away ({@link Closed}). */
    static int statusIfClosed() {
        return statusIfClosed;
    }

    /**
     * Replaces System.out; {@code stop}: throw {@link Closed} once the reader is gone, else drop
     * the output. A command that stops is one that only writes: its output is buffered until
     * {@link #finish} (a tracing command's lines go out as they come).
     */
    static void install(boolean stop) {
        installed = new PipeEnd(new FileOutputStream(FileDescriptor.out), stop);
        System.setOut(new PrintStream(new BufferedOutputStream(installed, 1 << 16), !stop, System.out.charset()));
    }

    /**
     * Flushes standard output at the end; returns the status to exit with: {@code status}, or 2
     * (after a one-line message) when the output could not be written and the command succeeded.
     */
    static int finish(int status) {
        System.out.flush();
        if (!System.out.checkError()) return status;
        String why = installed != null && installed.error != null ? installed.error.getMessage() : "write error";
        System.err.println("tot: cannot write to standard output: " + why);
        return status == 0 ? 2 : status;
    }

    /** The file descriptor's stream, watching for EPIPE. */
    static final class PipeEnd extends OutputStream {
        private final OutputStream out;
        private final boolean stop;
        private volatile boolean closed;
        /** The last write error other than EPIPE. */
        private volatile IOException error;

        PipeEnd(OutputStream out, boolean stop) {
            this.out = out;
            this.stop = stop;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (closed) {
                gone();
                return;
            }
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                if (!tot.util.OutputFile.isBrokenPipe(e)) {
                    error = e;
                    throw e;
                }
                closed = true;
                gone();
            }
        }

        private void gone() {
            if (stop) throw new Closed();
        }

        @Override
        public void flush() throws IOException {
            if (!closed) out.flush();
        }

        @Override
        public void close() throws IOException {
            flush(); // never closes fd 1: later output (a JVM error) still has somewhere to go
        }
    }

}
