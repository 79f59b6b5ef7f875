package tot.strace;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Queue;
import tot.strace.PendingCalls.Owned;
import tot.strace.PendingCalls.Pending;
import tot.strace.StraceRecord.LoggedCall;

/**
 * One logical line of a log into its records: a call (whole, or joined with its start when it
 * ends a {@code <unfinished ...>}), a task's line ({@link TaskLines}), or nothing for the lines
 * that are no events: blank lines, strace's own messages ({@code strace: …}, strace 4's
 * {@code Process N attached - interrupt to quit}, {@code [ Process PID=N runs in 32 bit mode. ]}),
 * {@code -k}'s stack frames ({@code  > /lib/libc.so.6(read+0x12) [0x1234]}) and the hex dumps of
 * {@code -e read=}/{@code -e write=} ({@code  | 00000  68 69  hi |}).
 */
final class LineParser {
    private static final byte[] UNFINISHED = " <unfinished ...>".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DETACHED = "<detached ...>".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PID_CHANGED = " <pid changed to ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RESULT = " = ".getBytes(StandardCharsets.US_ASCII);
    /** strace 4's end of the line of a call its process exited in: {@code futex(… <unfinished ... exit status 0>}. */
    private static final byte[] EXIT_STATUS = " <unfinished ... exit status ".getBytes(StandardCharsets.US_ASCII);
    /** strace 4.6 on: its ptrace restart of the task failed during the call ({@code … NULL <ptrace(SYSCALL):No such process>}). */
    private static final byte[] PTRACE_FAILED = " <ptrace(".getBytes(StandardCharsets.US_ASCII);
    /** The end of strace's name for itself when run by a path ({@code /usr/bin/strace: }). */
    private static final byte[] STRACE_NAMED = "/strace: ".getBytes(StandardCharsets.US_ASCII);

    private final Cursor in;
    private final Leader leader;
    private final ValueParser values;
    private final CallParser calls;
    private final TaskLines tasks;
    private final Interner<String> names;
    private final UnprefixedPids pids;
    private final PendingCalls pending = new PendingCalls();
    private final Queue<StraceRecord> out;
    /** A call's start joined with its end ({@code <... NAME resumed>}). */
    private byte[] joined = new byte[256];
    /** Ends of calls whose start is not in the log ({@code <... NAME resumed>} on a task's first lines: a partial log). */
    int endsWithoutStart;
    /** The task whose {@code <unfinished ...>} start the previous line was, or -1; and whether that line had a pid prefix. */
    private int unfinishedBefore = -1;
    private boolean unfinishedPrefixed;
    /** The task whose exit the previous line ended with ({@code <unfinished ... exit status N>}), or -1. */
    private int exitedBefore = -1;
    /** {@code Process N attached with M threads} (strace -p of a running process): N → M. */
    final java.util.Map<Integer, Integer> attachedWithThreads = new java.util.HashMap<>();
    /** A line of events came; strace -C's table of counts (or --tips's box) has begun: the rest of the log is that. */
    private boolean sawEvent, summary;

    LineParser(Cursor in, LogClock clock, UnprefixedPids pids, Queue<StraceRecord> out) {
        this.in = in;
        this.pids = pids;
        this.out = out;
        this.names = new Interner<>(t -> t);
        this.leader = new Leader(in, clock);
        this.values = new ValueParser(in, names);
        this.calls = new CallParser(in, values, names);
        this.tasks = new TaskLines(in, names);
    }

    /** The value grammar: what it saw cut ({@code -s}). */
    ValueParser values() {
        return values;
    }

    /** The records of the line at the cursor, into the queue. */
    void parse() throws StraceParseException {
        int unfinished = unfinishedBefore;
        unfinishedBefore = -1;
        if (in.atEnd() || summary) return;
        byte first = in.peek();
        if ((first == 's' || first == 'P' || first == '/' || first == '.') && message() || first == ' ' && (in.startsWith(" > ") || in.startsWith(" | "))) return;
        int exited = exitedBefore;
        exitedBefore = -1;
        if (unfinished >= 0 && continues(unfinishedPrefixed)) {
            continued(unfinished);
            return;
        }
        if (first == ' ' && in.startsWith(TIP_TOP)) { // strace --tips on stderr: the tip's box is the last thing strace writes
            summary = true;
            return;
        }
        if (countsTable(first)) { // -C: strace's table of counts ends the log
            if (!sawEvent) throw in.fail("strace -c's table of counts, not a log of calls (trace without -c, or with -C for both)");
            summary = true;
            return;
        }
        sawEvent = true;
        leader.read();
        boolean prefixed = leader.pid != Leader.NO_PID;
        int pid;
        if (prefixed) {
            pid = leader.pid;
            if (leader.bracketed) {
                int rootBefore = pids.root();
                if (pids.prefixed(pid, () -> rootSpawning(rootBefore))) pending.move(rootBefore, pid); // the root's pid, learned now
            } else {
                pids.prefixed();
            }
        } else {
            pid = pids.unprefixed();
        }
        long time = leader.time;
        if (in.atEnd()) throw in.fail("nothing after the prefix");
        switch (in.peek()) {
            case '+' -> {
                StraceRecord end = tasks.exit(pid, time);
                // strace 4.7 on printed "+++ exited with N +++" after "<unfinished ... exit status N>": one end
                if (!(end instanceof StraceRecord.Exited && pid == exited)) exit(end);
            }
            case '-' -> add(tasks.signal(pid, time));
            case '<' -> resumed(pid, prefixed, time);
            case '[' -> {
                if (!in.startsWith("[ Process PID=")) throw in.fail("expected a syscall");
                // "[ Process PID=1234 runs in 32 bit mode. ]": strace's note, no event
            }
            default -> entry(pid, time);
        }
    }

    /** The top of the box strace --tips draws around its tip on exit (print_totd's tip_top): two spaces, 46 '_'. */
    private static final String TIP_TOP = "  " + "_".repeat(46);

    /**
     * Whether the line begins strace's table of counts ({@code -c}, {@code -C}): its header
     * {@code % time     seconds  usecs/call …} (also without its "% ", lost in a copy), one with
     * the columns {@code -U} chose ({@code syscall calls errors}: nothing but column names), or
     * the dashed rule under it when the header is gone (a dash group per column, as wide as strace
     * makes them).
     */
    private boolean countsTable(byte first) {
        return switch (first) {
            case '%' -> in.startsWith("% time ");
            case 't', 's', 'u', 'l', 'c', 'e', ' ' -> { // right-aligned: a header that begins with a number column begins with spaces
                int start = in.pos;
                while (start < in.end && in.bytes[start] == ' ') start++;
                yield columnName(start) && in.text(start, in.end).matches(HEADER);
            }
            case '-' -> in.startsWith("------ ----------- ") || in.text(in.pos, in.end).matches(RULE);
            default -> false;
        };
    }

    /** strace's names of the columns of its table of counts ({@code -U}), without {@code % time}'s "% ". */
    private static final String[] COLUMN_NAMES = {"time", "seconds", "usecs/call", "shortest", "longest", "calls", "errors", "syscall"};
    private static final String HEADER = "(time|seconds|usecs/call|shortest|longest|calls|errors|syscall)"
            + "( +(seconds|usecs/call|shortest|longest|calls|errors|syscall))*\\s*";
    /** The rule under the header: its columns' widths (6 for % time, 8, 9, 11, 16 or more for the syscall). */
    private static final String RULE = "(-{6}|-{8}|-{9}|-{11}|-{16,})( (-{6}|-{8}|-{9}|-{11}|-{16,}))*\\s*";

    /** Whether the word at {@code start} names a column (no String made: most lines are calls). */
    private boolean columnName(int start) {
        int end = start;
        while (end < in.end && in.bytes[end] != ' ' && in.bytes[end] != '(') end++;
        for (String name : COLUMN_NAMES) {
            if (name.length() == end - start && in.startsWith(start, name)) return true;
        }
        return false;
    }

    /** Reports every call still unfinished: the log ended. */
    void finish() {
        for (Owned o : pending.takeAll()) add(partial(o.pid(), o.call()));
    }

    /**
     * Whether the line is strace's message rather than an event: {@code strace: …}, or strace 4's
     * {@code Process N attached|detached|resumed|suspended…}. {@code Process N attached} before
     * any event names the process strace attached to; strace 4's {@code detached}, one that exited.
     */
    private boolean message() throws StraceParseException {
        int at = in.pos;
        boolean strace = in.startsWith("strace: ");
        if (strace) at += 8;
        if (!strace && (in.peek() == '/' || in.peek() == '.')) { // strace run by a path names itself so: "/usr/bin/strace: …"
            int colon = in.indexOf(STRACE_NAMED);
            if (colon > in.pos && LogLines.programDirectory(in.bytes, in.pos, colon + 1) == in.pos && in.bytes[colon] == '/') {
                strace = true;
                at = colon + STRACE_NAMED.length;
            }
        }
        if (!in.startsWith(at, "Process ") || at + 8 >= in.end || !Cursor.isDigit(in.bytes[at + 8])) return strace;
        int save = in.pos;
        in.pos = at + 8;
        int pid = in.pid();
        boolean attached = in.startsWith(" attached"), detached = in.startsWith(" detached");
        boolean known = attached || detached || in.startsWith(" resumed") || in.startsWith(" suspended");
        if (attached) {
            pids.attached(pid);
            threads(pid);
        }
        if (detached && !strace) pids.gone(pid); // strace 4 printed no +++ line for an exit, but this
        in.pos = save;
        return strace || known;
    }

    /** The M of {@code attached with M threads} at the cursor, kept for process {@code pid}. */
    private void threads(int pid) throws StraceParseException {
        if (!in.startsWith(" attached with ") || in.pos + 15 >= in.end || !Cursor.isDigit(in.bytes[in.pos + 15])) return;
        in.pos += 15;
        int count = in.pid();
        if (in.startsWith(" threads")) attachedWithThreads.put(pid, count);
    }

    private void exit(StraceRecord r) {
        int pid = r.pid();
        flush(pid);
        if (r instanceof StraceRecord.Superseded s) {
            pending.move(s.byPid(), pid); // the execve ends under the leader's pid
            pids.gone(s.byPid());
        } else {
            pids.gone(pid);
        }
        add(r);
    }

    /** A syscall line: complete, or its start ({@code <unfinished ...>}, {@code <detached ...>}). */
    private void entry(int pid, long time) throws StraceParseException {
        int nameStart = in.pos;
        int nameEnd = calls.name();
        if (in.bytes[in.end - 1] == '>') {
            if (in.endsWith(UNFINISHED)) {
                start(pid, -1, time, nameStart, nameEnd, in.end - UNFINISHED.length);
                unfinishedBefore = pid;
                unfinishedPrefixed = leader.pid != Leader.NO_PID;
                return;
            }
            if (in.endsWith(DETACHED)) { // strace let go of the task during the call: it will not end here
                int end = in.end - DETACHED.length;
                if (end > nameStart && in.bytes[end - 1] == ' ') end--;
                add(calls.partial(in.lineNumber, pid, time, names.get(in.bytes, nameStart, nameEnd), in.bytes, nameStart, end));
                return;
            }
            int status = in.lastIndexOf(EXIT_STATUS);
            if (status > nameEnd) { // the process exited during the call (strace 4): the call's start, then its end
                in.pos = status + EXIT_STATUS.length;
                long code = in.digits(10, "exit status");
                if (in.pos != in.end - 1) throw in.fail("bad <unfinished ... exit status N>");
                if (code > 255) throw in.fail("exit status " + code + " out of range (strace prints a status of 0 to 255)");
                add(calls.partial(in.lineNumber, pid, time, names.get(in.bytes, nameStart, nameEnd), in.bytes, nameStart, status));
                exit(new StraceRecord.Exited(in.lineNumber, pid, time, (int) code));
                exitedBefore = pid;
                return;
            }
            int failed = in.lastIndexOf(PTRACE_FAILED);
            if (failed > nameEnd && in.text(failed, in.end).matches(" <ptrace\\([A-Z_]+\\):[^<>]*>")) {
                // the task went away in the call: its start, which will not end (as <detached ...>)
                add(calls.partial(in.lineNumber, pid, time, names.get(in.bytes, nameStart, nameEnd), in.bytes, nameStart, failed));
                return;
            }
            int changed = in.bytes[in.end - 2] == '.' ? pidChanged() : -1;
            if (changed >= 0) { // a thread's execve: it ends under the leader's pid (see Superseded)
                start(pid, changed, time, nameStart, nameEnd, in.lastIndexOf(PID_CHANGED));
                return;
            }
        }
        add(calls.call(in.lineNumber, pid, time, names.get(in.bytes, nameStart, nameEnd)));
    }

    /** {@code <pid changed to N ...>} ending the line: N, else -1. */
    private int pidChanged() throws StraceParseException {
        int at = in.lastIndexOf(PID_CHANGED);
        int end = in.end;
        byte[] b = in.bytes;
        if (at < 0 || end - at < PID_CHANGED.length + 5 || b[end - 5] != ' ' || b[end - 4] != '.' || b[end - 3] != '.' || b[end - 2] != '.') {
            return -1;
        }
        int save = in.pos;
        in.pos = at + PID_CHANGED.length;
        int pid = in.pid();
        if (in.pos != end - 5) throw in.fail("bad <pid changed to N ...>");
        in.pos = save;
        return pid;
    }

    private void start(int pid, int resumeAs, long time, int nameStart, int nameEnd, int end) {
        Pending earlier = pending.start(pid, new Pending(in.lineNumber, time, names.get(in.bytes, nameStart, nameEnd),
                Arrays.copyOfRange(in.bytes, nameStart, end), resumeAs));
        if (earlier != null) add(partial(pid, earlier)); // a second start without an end: the first will not end any more
    }

    /** {@code <... NAME resumed>REST}: joined with its start into one call. */
    private void resumed(int pid, boolean prefixed, long time) throws StraceParseException {
        if (!in.startsWith("<... ")) throw in.fail("expected <... NAME resumed>");
        in.pos += 5;
        int nameStart = in.pos;
        in.pos = calls.nameEnd(nameStart);
        if (in.pos > nameStart && " resumed>".startsWith(in.text(in.pos, in.end))) throw in.failUnclosed("expected <... NAME resumed>");
        if (in.pos == nameStart || !in.startsWith(" resumed>")) throw in.fail("expected <... NAME resumed>");
        if (in.pos - nameStart > 64) throw in.fail("syscall name too long");
        String name = names.get(in.bytes, nameStart, in.pos);
        in.pos += 9;
        if (prefixed && pending.peek(pid) == null) threadExec(pid, time, name);
        int unprefixedPid = pids.root();
        Owned owned = pending.takeStartOf(pid, prefixed, name, unprefixedPid);
        if (owned == null) { // its start is before the log began (or strace left it out: -z)
            endsWithoutStart++;
            return;
        }
        Pending start = owned.call();
        if (CallParser.unreadable(name) && !CallParser.unreadable(start.name()) && owned.pid() == pid) {
            // strace 4 (4.5.20 to 4.6: trace_syscall_exiting) names the end of a call "<... ???? resumed> ) = ? <unavailable>"
            // when it could not read the syscall's number at its exit: it is the end of the call the task had begun
            pending.take(pid);
            join(start);
            calls.name();
            add(calls.call(start.line(), pid, start.time() >= 0 ? start.time() : time, start.name()));
            return;
        }
        if (!start.name().equals(name)) {
            throw in.fail("<... " + name + " resumed>, but " + start.name() + " was unfinished (line " + start.line() + ")");
        }
        if (prefixed && owned.pid() == unprefixedPid && owned.pid() != pid) pids.endedByPrefixed(pid); // the root began it
        int callPid = prefixed || owned.pid() == unprefixedPid || start.resumeAs() == pid ? pid : owned.pid();
        join(start);
        calls.name();
        add(calls.call(start.line(), callPid, start.time() >= 0 ? start.time() : time, name));
    }

    /**
     * An exec ending under {@code pid}, which began none, while one other task has one pending:
     * that task was a thread of {@code pid}'s process, and its exec succeeded (the kernel gives a
     * thread's successful exec the leader's pid, and a failed one ends where it began). strace says
     * so with {@code +++ superseded by execve in pid N +++}, unless {@code -e quiet=thread-execve}
     * hid it: the same record is made here. With several pending, which one won is not known.
     */
    private void threadExec(int pid, long time, String name) {
        tot.syscalls.Syscall s = tot.syscalls.SyscallTable.byName(name);
        if (s == null || s.handler() != tot.syscalls.Handler.EXEC) return;
        int thread = pending.onlyOther(pid, name);
        if (thread >= 0 && pending.peek(thread).resumeAs() < 0) exit(new StraceRecord.Superseded(in.lineNumber, pid, time, thread));
    }

    /**
     * Whether the line at the cursor is the rest of the call the previous line left unfinished,
     * printed without a prefix: with a filter on results ({@code -z}, {@code -Z},
     * {@code -e status=…}) strace holds a call's text until the call ends and then writes it at
     * once, so an {@code <unfinished ...>} in it is followed at once by the rest
     * ({@code "…", 4096) = 5}, {@code ) = 0}), with no {@code <... NAME resumed>}. Such a line
     * begins as an argument or the closing parenthesis does and has the result ({@code " = "});
     * after a line with a pid prefix it has none, else it does not begin as a call ({@code NAME(}).
     */
    private boolean continues(boolean prefixed) {
        byte[] b = in.bytes;
        int i = in.pos;
        byte c = b[i];
        boolean argument = c == ')' || c == ',' || c == '"' || c == '{' || c == '[' || c == '~' || c == '@' || c == '.'
                || c == '-' || c == '/' || Cursor.isDigit(c) || Character.isLetter(c) || c == '_';
        if (!argument || in.lastIndexOf(RESULT) < 0 || in.startsWith("[pid ") || in.startsWith("[ Process")) return false;
        if (prefixed) {
            int d = i;
            while (d < in.end && Cursor.isDigit(b[d])) d++;
            return d == i || d == in.end || b[d] != ' ' && b[d] != '<'; // "1234 " or -Y's "1234<sh> " begins a line of a task
        }
        if (Cursor.isDigit(c)) return c == '0' && i + 1 < in.end && b[i + 1] == 'x'; // else a time
        if (!Character.isLetter(c) && c != '_') return true;
        int end = calls.nameEnd(i);
        return end >= in.end || b[end] != '(';
    }

    /** The line at the cursor ends {@code pid}'s unfinished call ({@link #continues}): joined with its start. */
    private void continued(int pid) throws StraceParseException {
        Pending start = pending.peek(pid);
        join(start);
        calls.name();
        LoggedCall call = calls.call(start.line(), pid, start.time(), start.name()); // failing, the start stays pending
        pending.take(pid);
        add(call);
    }

    /**
     * Puts the cursor on {@code start}'s text followed by the rest of this line, the call as one
     * line ("read(3, " + "\"…\", 1024) = 5"); an error then names this line, with the joined text.
     */
    private void join(Pending start) {
        int head = start.text().length, tail = in.end - in.pos;
        if (joined.length < head + tail) joined = new byte[Math.max(head + tail, joined.length * 2)];
        System.arraycopy(start.text(), 0, joined, 0, head);
        System.arraycopy(in.bytes, in.pos, joined, head, tail);
        in.reset(joined, 0, head + tail, in.lineNumber);
    }

    /** Whether the unprefixed lines' task, {@code root}, is in a clone, fork or vfork (its child may print first). */
    private boolean rootSpawning(int root) {
        Pending p = pending.peek(root);
        return p != null && LoggedCall.spawns(p.name());
    }

    /** Reports {@code pid}'s call left unfinished, if any: it will not complete any more. */
    private void flush(int pid) {
        Pending p = pending.take(pid);
        if (p != null) add(partial(pid, p));
    }

    private LoggedCall partial(int pid, Pending p) {
        return calls.partial(p.line(), pid, p.time(), p.name(), p.text(), 0, p.text().length);
    }

    private void add(StraceRecord r) {
        // a task makes no call after its exit_group: strace 4.5-4.6 printed no "+++ exited" line, and -qq hides it, but
        // once that task is dropped strace prints the lines of the one left without a prefix again
        if (r instanceof LoggedCall c && !c.unfinished() && c.name().equals("exit_group")) pids.gone(c.pid());
        if (r instanceof LoggedCall c && pids.learning()) {
            int child = c.spawnedPid();
            if (child > 0) pids.spawned(child);
        }
        out.add(r);
    }
}
