package tot.sinks;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import tot.model.Event;
import tot.model.Execution;
import tot.model.Sink;
import tot.linux.Errno;
import tot.linux.Signals;
import tot.util.Json;
import tot.util.OutputFile;

/**
 * The event stream as JSON Lines: one object per event, written as the trace goes: at the latest
 * {@link #FLUSH_MILLIS} after it happened, also when the traced processes go quiet (an attached
 * server between requests), so that a reader following the file sees it and a tot killed
 * meanwhile loses at most that much. Whole lines go out in one write each time: a tot killed
 * leaves no half line.
 */
public final class JsonLines implements Sink {
    static final long FLUSH_MILLIS = 1000;
    private final String target;
    private final OutputStream out;
    private final StringBuilder sb = new StringBuilder(512);
    /** Lines not written yet (guarded by this: the tracer thread appends, the flusher writes). */
    private final byte[] buffer = new byte[1 << 16];
    private int used;
    /** What the flusher's last write failed with: the next event reports it. */
    private IOException failed;
    private boolean closed;
    private final Thread flusher;

    /** Opens {@code target} now (so a bad one fails before the trace), by {@link OutputFile}'s rules. */
    public JsonLines(String target) throws IOException {
        this.target = target;
        out = OutputFile.openStream(target);
        // started here, before the command: under --engine ebpf tot's guard names the threads tot has then
        flusher = Thread.ofPlatform().daemon().name("tot-events").start(this::flushWhileOpen);
    }

    private void flushWhileOpen() {
        try {
            while (true) {
                Thread.sleep(FLUSH_MILLIS);
                synchronized (this) {
                    if (closed) return;
                    try {
                        writeOut();
                    } catch (IOException e) {
                        failed = e;
                        return;
                    }
                }
            }
        } catch (InterruptedException e) {
            // closed
        }
    }

    /** The buffered lines, in one write. */
    private void writeOut() throws IOException {
        if (used == 0) return;
        int n = used;
        used = 0;
        out.write(buffer, 0, n);
    }

    @Override
    public boolean wantsSyscalls() {
        return true;
    }

    @Override
    public void accept(Event event) throws IOException {
        sb.setLength(0);
        sb.append("{\"t\":").append(event.time()).append(",\"ev\":");
        boolean flush = false;
        switch (event) {
            case Event.Exec e -> {
                Execution x = e.execution();
                sb.append("\"exec\",\"pid\":").append(x.pid).append(",\"tid\":").append(e.tid())
                        .append(",\"syscall\":\"").append(e.syscall()).append("\",\"id\":").append(x.id).append(",\"parent\":").append(x.parentId).append(",\"path\":");
                Json.quote(sb, x.path).append(",\"args\":");
                Json.array(sb, x.args).append(",\"dir\":");
                Json.fds(Json.quote(sb, x.dir).append(",\"fds\":"), x.fds, false);
                if (x.env != null) Json.array(sb.append(",\"env\":"), x.env);
                flush = true;
            }
            case Event.Spawn s -> sb.append("\"spawn\",\"tid\":").append(s.parentTid()).append(",\"child\":")
                    .append(s.childTid()).append(",\"kind\":\"").append(s.kind()).append("\",\"flags\":\"0x")
                    .append(Long.toHexString(s.flags())).append('"');
            case Event.Call s -> {
                sb.append("\"syscall\",\"pid\":").append(s.pid()).append(",\"tid\":").append(s.tid())
                        .append(",\"exec\":").append(s.execution()).append(",\"name\":\"").append(s.name()).append('"');
                if (!s.paths().isEmpty()) Json.array(sb.append(",\"paths\":"), s.paths());
                Json.array(sb.append(",\"args\":"), s.args());
                if (s.errno() != 0) sb.append(",\"err\":\"").append(Errno.name(s.errno())).append('"');
                else if (s.durationNanos() > 0) sb.append(",\"ret\":").append(s.result());
                if (s.durationNanos() > 0) sb.append(",\"dur\":").append(s.durationNanos());
            }
            case Event.Access a -> {
                Json.quote(sb.append('"').append(a.kind().name().toLowerCase(java.util.Locale.ROOT))
                        .append("\",\"exec\":").append(a.execution()).append(",\"path\":"), a.path())
                        .append(",\"syscall\":\"").append(a.syscall()).append('"');
                if (a.errno() != 0) sb.append(",\"err\":\"").append(Errno.name(a.errno())).append('"');
                if (a.linkTarget() != null) Json.quote(sb.append(",\"target\":"), a.linkTarget());
                if (a.emptied()) sb.append(",\"emptied\":true");
            }
            case Event.Renamed r -> {
                Json.quote(Json.quote(sb.append("\"renamed\",\"exec\":").append(r.execution())
                        .append(",\"from\":"), r.from()).append(",\"to\":"), r.to());
                if (r.directory()) sb.append(",\"directory\":true");
            }
            case Event.Exit x -> {
                sb.append("\"exit\",\"pid\":").append(x.pid());
                if (x.code() >= 0) sb.append(",\"code\":").append(x.code());
                else sb.append(",\"signal\":\"").append(Signals.name(-x.code())).append('"');
                flush = true;
            }
            case Event.End e -> {
                sb.append("\"end\",\"exec\":").append(e.execution().id);
                if (e.execution().exit() != null) sb.append(",\"exit\":").append(e.execution().exit());
            }
            case Event.Warning w -> {
                sb.append("\"warning\",\"tid\":").append(w.tid());
                if (w.execution() != null) sb.append(",\"exec\":").append(w.execution().id);
                Json.quote(sb.append(",\"message\":"), w.message());
            }
        }
        byte[] line = sb.append("}\n").toString().getBytes(StandardCharsets.UTF_8);
        synchronized (this) {
            try {
                if (failed != null) throw failed;
                if (used + line.length > buffer.length) writeOut();
                if (line.length > buffer.length) {
                    out.write(line); // longer than the buffer: a write of its own
                } else {
                    System.arraycopy(line, 0, buffer, used, line.length);
                    used += line.length;
                }
                if (flush) writeOut();
            } catch (IOException e) {
                throw OutputFile.failure(target, e);
            }
        }
    }

    @Override
    public synchronized void close() throws IOException {
        closed = true;
        flusher.interrupt();
        try {
            if (failed != null) throw failed;
            writeOut();
            if (!target.equals("-")) out.close(); // fd 1 stays open: -d - may follow
        } catch (IOException e) {
            throw OutputFile.failure(target, e);
        }
    }
}
