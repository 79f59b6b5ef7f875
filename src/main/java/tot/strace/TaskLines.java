package tot.strace;

/**
 * The lines about a task rather than a call: {@code +++ exited with N +++},
 * {@code +++ killed by SIG (core dumped) +++}, {@code +++ superseded by execve in pid N +++},
 * {@code --- SIGCHLD {si_signo=…} ---} and {@code --- stopped by SIGSTOP ---}; strace 4 up to
 * 4.5's {@code --- SIGCHLD (Child exited) @ 0 (0) ---}, and 4.6–4.7's siginfo first and
 * strsignal's text after it, {@code --- {si_signo=SIGCHLD, …} (Child exited) ---}, or for a
 * stop (no siginfo) that text and the name, {@code --- Stopped (signal) by SIGSTOP ---}.
 */
final class TaskLines {
    private final Cursor in;
    private final Interner<String> names;

    TaskLines(Cursor in, Interner<String> names) {
        this.in = in;
        this.names = names;
    }

    /** The {@code +++ … +++} line at the cursor. */
    StraceRecord exit(int pid, long time) throws StraceParseException {
        int bodyEnd = body("+++ ");
        int line = in.lineNumber;
        if (in.startsWith("exited with ")) {
            in.pos += 12;
            long code = in.digits(10, "exit code");
            if (in.pos != bodyEnd) throw in.fail("bad exit code");
            if (code > 255) throw in.fail("exit code " + code + " out of range (strace prints a status of 0 to 255)");
            return new StraceRecord.Exited(line, pid, time, (int) code);
        }
        if (in.startsWith("killed by ")) {
            in.pos += 10;
            int nameStart = in.pos;
            String signal = signalName(bodyEnd);
            if (tot.linux.Signals.numberInStrace(signal) < 0) {
                in.pos = nameStart;
                throw in.fail("unknown signal " + signal); // its status would be made up
            }
            boolean core = false;
            if (in.pos < bodyEnd) {
                if (!in.startsWith(" (core dumped)") || in.pos + 14 != bodyEnd) throw in.fail("unexpected text after the signal");
                core = true;
            }
            return new StraceRecord.Killed(line, pid, time, signal, core);
        }
        if (in.startsWith("superseded by execve in pid ")) {
            in.pos += 28;
            int by = in.pid();
            if (in.pos != bodyEnd) throw in.fail("unexpected text after the pid");
            return new StraceRecord.Superseded(line, pid, time, by);
        }
        throw in.fail("unknown +++ line");
    }

    /** The {@code --- … ---} line at the cursor. */
    StraceRecord signal(int pid, long time) throws StraceParseException {
        int bodyEnd = body("--- ");
        if (in.at('{')) return siginfoFirst(pid, time, bodyEnd);
        int by = byName(bodyEnd);
        if (by >= 0) {
            in.pos = by;
            return new StraceRecord.Stopped(in.lineNumber, pid, time, signalName(bodyEnd));
        }
        boolean stopped = in.startsWith("stopped by ");
        if (stopped) in.pos += 11;
        String signal = signalName(bodyEnd);
        if (stopped) {
            if (in.pos != bodyEnd) throw in.fail("unexpected text after the signal");
            return new StraceRecord.Stopped(in.lineNumber, pid, time, signal);
        }
        String info = null;
        if (in.pos < bodyEnd) {
            if (!in.at(' ')) throw in.fail("expected a space after the signal");
            info = in.text(in.pos + 1, bodyEnd);
        }
        return new StraceRecord.Signal(in.lineNumber, pid, time, signal, info);
    }

    /**
     * strace 4.6–4.7's {@code {si_signo=SIGCHLD, …} (Child exited)} at the cursor, up to
     * {@code bodyEnd}: the signal is si_signo's, the siginfo its info.
     */
    private StraceRecord siginfoFirst(int pid, long time, int bodyEnd) throws StraceParseException {
        int infoStart = in.pos;
        if (!in.startsWith("{si_signo=")) throw in.fail("expected {si_signo=");
        in.pos += 10;
        String signal = signalName(bodyEnd);
        int depth = 0, i = infoStart;
        for (; i < bodyEnd; i++) {
            byte c = in.bytes[i];
            if (c == '{') depth++;
            else if (c == '}' && --depth == 0) break;
        }
        if (i + 2 >= bodyEnd || in.bytes[i + 1] != ' ' || in.bytes[i + 2] != '(' || in.bytes[bodyEnd - 1] != ')') {
            throw in.fail("expected {siginfo} (text)");
        }
        return new StraceRecord.Signal(in.lineNumber, pid, time, signal, in.text(infoStart, i + 1));
    }

    /**
     * Where the name starts in strace 4.6–4.7's {@code Stopped (signal) by SIGSTOP} (strsignal's
     * text, never a signal's name, then the name) at the cursor, up to {@code bodyEnd}; else -1.
     */
    private int byName(int bodyEnd) {
        if (in.startsWith("SIG") || in.startsWith("stopped by ")) return -1;
        for (int at = bodyEnd - 4; at > in.pos; at--) {
            if (in.startsWith(at, " by SIG")) {
                int name = at + 4, end = name;
                while (end < bodyEnd && Cursor.isWord(in.bytes[end])) end++;
                return end == bodyEnd ? name : -1;
            }
        }
        return -1;
    }

    /** Checks {@code open} ("+++ ") at the cursor and its mirror ending the line; moves past the first, returns where the second starts. */
    private int body(String open) throws StraceParseException {
        int end = in.end;
        byte c = (byte) open.charAt(0);
        if (!in.startsWith(open) || end - in.pos < 8 || in.bytes[end - 1] != c || in.bytes[end - 2] != c
                || in.bytes[end - 3] != c || in.bytes[end - 4] != ' ') {
            if (in.startsWith(open)) throw in.failUnclosed("expected " + open + "... " + open.strip());
            throw in.fail("expected " + open + "... " + open.strip());
        }
        in.pos += 4;
        return end - 4;
    }

    private String signalName(int bodyEnd) throws StraceParseException {
        int start = in.pos;
        while (in.pos < bodyEnd && Cursor.isWord(in.bytes[in.pos])) in.pos++;
        if (in.pos == start || Cursor.isDigit(in.bytes[start])) throw in.fail("expected a signal name");
        return names.get(in.bytes, start, in.pos);
    }
}
