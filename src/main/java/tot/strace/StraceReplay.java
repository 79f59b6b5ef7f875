package tot.strace;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tot.model.Event;
import tot.model.Fact;
import tot.model.ProcessModel;
import tot.model.Sink;

/**
 * Replays an strace log through tot's process model: the records become the facts
 * ({@link RecordFacts}) whose events `tot log` emits for the same run (executions, first
 * reads/writes/deletions per execution, failed attempts, renames, exits, syscall events), so
 * deps.json, the event stream and tot.db can be made from a log by the same rules.
 *
 * <p>A child is attached to the task whose clone/fork/vfork returned its pid, with that call's
 * clone flags ({@link #parents}, from a first pass over the log: a vfork returns only after its
 * child exec'd). The first cwd is in a log only when a call shows it ({@link StartDirectories}):
 * else relative paths before any chdir resolve against {@code cwd}.
 */
public final class StraceReplay {
    private final ProcessModel model;
    private final RecordFacts facts;
    private final List<Sink> sinks;

    /**
     * The replay of the log {@code survey} read first (who made whom, the end lines to come, the
     * working directories it shows, the threads strace attached to); tasks whose starting directory
     * the log does not show begin in {@code cwd} ({@link LogSurvey#startDirectory}).
     */
    public StraceReplay(List<Sink> sinks, String cwd, LogSurvey survey) {
        this.sinks = sinks;
        this.model = new ProcessModel(this::emit, true, cwd);
        this.facts = new RecordFacts(model, survey);
    }

    /** A task that made another: which ({@code parent}) and with what clone flags. */
    public record Fork(int parent, long cloneFlags) {}

    /** A source of records ({@link StraceParser#next}, or one that skips bad lines). */
    public interface Records {
        StraceRecord next() throws IOException;
    }

    /** The first pass: who made whom (clone, clone3, fork and vfork results), and how. */
    public static Map<Integer, Deque<Fork>> parents(Records log) throws IOException {
        Map<Integer, Deque<Fork>> parents = new HashMap<>();
        for (StraceRecord r; (r = log.next()) != null; ) {
            if (r instanceof StraceRecord.LoggedCall c && c.spawnedPid() > 0) {
                parents.computeIfAbsent(c.spawnedPid(), k -> new ArrayDeque<>()).add(new Fork(c.pid(), RecordFacts.cloneFlags(c)));
            }
        }
        return parents;
    }

    /** The exit code of the first process (-N when signal N killed it), or null when the log does not say. */
    public Integer rootExit() {
        return model.rootExit();
    }

    /** Applies one record; a bug of tot's on an odd record is reported as a warning, and the replay goes on. */
    public void apply(StraceRecord r) throws IOException {
        lastTime = Math.max(lastTime, r.timeNanos());
        try {
            facts.apply(r);
        } catch (RuntimeException e) {
            emit(new Event.Warning(r.timeNanos(), r.pid(), null, "internal error at line " + r.line() + ": " + e));
        }
        if (failure != null) throw failure;
    }

    /**
     * Ends what is still running when the log ends; a process the log does not show end (cut
     * short, or {@code -e signal=none} hid its {@code +++ killed} line) gets a warning: its exit
     * status is unknown (none is recorded; deps.json, which cannot say so, omits it as for 0).
     */
    public void finish() throws IOException {
        for (int pid : model.runningOwners()) {
            model.apply(new Fact.Warned(lastTime, pid, "the log does not show this process end (it was cut short, or"
                    + " strace -e signal=none, or a set without its signal, hid its +++ killed line and its parent"
                    + " did not wait for it): its exit status is unknown"));
        }
        model.finish();
        if (failure != null) throw failure;
    }

    private IOException failure;
    /** The latest record's time (-1: none). */
    private long lastTime = -1;

    private void emit(Event e) {
        if (failure != null) return;
        try {
            for (Sink s : sinks) s.accept(e);
        } catch (IOException ex) {
            failure = ex;
        }
    }

    /** The arguments as strace printed them (the event stream's `args`). */
    static List<String> render(List<StraceArg> args) {
        List<String> out = new ArrayList<>(args.size());
        for (StraceArg a : args) out.add(render(a));
        return out;
    }

    static String render(StraceArg a) {
        return switch (a) {
            case StraceArg.Str s -> quote(s.value()) + (s.truncated() ? "..." : "");
            case StraceArg.Num n -> Long.toString(n.value());
            case StraceArg.Fd fd -> (fd.fd() == StraceArg.Fd.AT_FDCWD ? "AT_FDCWD" : Integer.toString(fd.fd()))
                    + (fd.path() == null ? "" : "<" + fd.path() + ">");
            case StraceArg.Array arr -> {
                StringBuilder sb = new StringBuilder("[");
                for (StraceArg e : arr.elements()) sb.append(sb.length() > 1 ? ", " : "").append(render(e));
                yield sb.append(arr.truncated() ? (arr.elements().isEmpty() ? "..." : ", ...") : "").append(']').toString();
            }
            case StraceArg.Struct st -> st.text();
            case StraceArg.Flags f -> f.text();
            case StraceArg.Named nm -> nm.name() + "=" + render(nm.value());
            case StraceArg.InOut io -> render(io.in()) + " => " + render(io.out());
            case StraceArg.Commented cm -> render(cm.value()) + " /* " + cm.comment() + " */";
            case StraceArg.Raw r -> r.text();
        };
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '"' || ch == '\\') sb.append('\\').append(ch);
            else if (ch == '\n') sb.append("\\n");
            else if (ch >= 0xdc80 && ch <= 0xdcff) sb.append(String.format("\\x%02x", ch - 0xdc00));
            else if (ch < 0x20 || ch == 0x7f) sb.append(String.format("\\x%02x", (int) ch));
            else sb.append(ch);
        }
        return sb.append('"').toString();
    }
}
