package tot.strace;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import tot.model.AccessRules;
import tot.model.Event;
import tot.model.Event.Access;
import tot.model.Execution;
import tot.model.ProcessPaths;
import tot.model.Sink;
import tot.strace.StraceRecord.Call;
import tot.syscalls.Arg;
import tot.syscalls.Handler;
import tot.syscalls.Syscall;
import tot.syscalls.SyscallTable;
import tot.util.LexicalPath;

/**
 * Replays an strace log through tot's model: the records become the events `tot log` emits for
 * the same run (executions, first reads/writes/deletions per execution, failed attempts, renames,
 * exits, syscall events), with the same rules, so deps.json, the event stream and tot.db can be
 * made from a log. The syscall table says which arguments are paths, dirfds and fds.
 *
 * <p>Processes are tasks as strace shows them; a child is attached to the parent whose
 * clone/fork/vfork returned its pid ({@link #parents}, from a first pass over the log: a vfork
 * returns only after its child exec'd). The first cwd is not in a log: relative paths before any
 * chdir resolve against {@code cwd}.
 */
public final class StraceReplay {
    /** A pipe tot names /dev/fptrace/pipe/N, as in tot log. */
    private static final String PIPE_PREFIX = "/dev/fptrace/pipe/";

    private enum FdKind { FILE, PIPE_READ, PIPE_WRITE, OTHER }

    private record Fd(String path, FdKind kind, boolean cloexec) {}

    private static final class Proc {
        int pid;
        String cwd;
        Map<Integer, Fd> fds;
        Execution execution;
    }

    private final List<Sink> sinks;
    private final String cwd;
    private final Map<Integer, Deque<Integer>> parents;
    private final Map<Integer, Proc> procs = new HashMap<>();
    private final Map<Execution, Integer> holders = new IdentityHashMap<>();
    private final Map<Execution, Proc> owners = new IdentityHashMap<>();
    private final Map<String, String> pipeNames = new HashMap<>();
    private int lastExecId, pipes, rootPid = -1;
    private Integer rootExit;
    /** The latest time of the log, -1 while it has none (a log without timestamps ends nothing at 1970). */
    private long lastTime = -1;

    /** {@code parents}: child pid → the pids that forked it, in log order (see {@link #parents(StraceParser)}). */
    public StraceReplay(List<Sink> sinks, String cwd, Map<Integer, Deque<Integer>> parents) {
        this.sinks = sinks;
        this.cwd = LexicalPath.normalize(cwd);
        this.parents = parents;
    }

    /** A source of records ({@link StraceParser#next}, or one that skips bad lines). */
    public interface Records {
        StraceRecord next() throws IOException;
    }

    /** The first pass: who forked whom (clone, clone3, fork and vfork results). */
    public static Map<Integer, Deque<Integer>> parents(Records log) throws IOException {
        Map<Integer, Deque<Integer>> parents = new HashMap<>();
        for (StraceRecord r; (r = log.next()) != null; ) {
            if (r instanceof Call c && c.spawnedPid() > 0) parents.computeIfAbsent(c.spawnedPid(), k -> new ArrayDeque<>()).add(c.pid());
        }
        return parents;
    }

    /** The exit code of the first process (-N when signal N killed it), or null when the log does not say. */
    public Integer rootExit() {
        return rootExit;
    }

    /** Applies one record; a bug of tot's on an odd record is reported as a warning, and the replay goes on. */
    public void apply(StraceRecord r) throws IOException {
        lastTime = Math.max(lastTime, r.timeNanos());
        Proc p = proc(r.pid());
        try {
            switch (r) {
                case Call c -> call(p, c);
                case StraceRecord.Exited x -> exited(p, x.timeNanos(), x.code());
                case StraceRecord.Killed k -> exited(p, k.timeNanos(), -k.signo());
                case StraceRecord.Superseded s -> superseded(p, s);
                case StraceRecord.Signal s -> { }
                case StraceRecord.Stopped s -> { }
            }
        } catch (RuntimeException e) {
            emit(new Event.Warning(r.timeNanos(), r.pid(), null, "internal error at line " + r.line() + ": " + e));
        }
    }

    /** Ends what is still running when the log ends. */
    public void finish() throws IOException {
        for (Execution x : new ArrayList<>(holders.keySet())) end(x, lastTime);
    }

    private Proc proc(int pid) {
        Proc p = procs.get(pid);
        if (p != null) return p;
        p = new Proc();
        p.pid = pid;
        Deque<Integer> forkers = parents.get(pid);
        Proc parent = forkers == null || forkers.isEmpty() ? null : procs.get(forkers.poll());
        if (parent != null) {
            p.cwd = parent.cwd;
            p.fds = new TreeMap<>(parent.fds);
            p.execution = parent.execution;
            if (p.execution != null) holders.merge(p.execution, 1, Integer::sum);
        } else {
            p.cwd = cwd;
            p.fds = new TreeMap<>();
            if (rootPid < 0) rootPid = pid;
        }
        procs.put(pid, p);
        return p;
    }

    private void call(Proc p, Call c) throws IOException {
        Syscall s = SyscallTable.byName(c.name());
        List<String> paths = new ArrayList<>(2);
        if (s != null) resolvePaths(p, c, s, paths);
        boolean ok = !c.failed() && !c.unfinished() && !(c.unknownResult() && s != null && s.needsExit() && !isExec(s));
        if (s != null && ok) applied(p, c, s, paths);
        else if (s != null && c.failed()) failed(p, c, s, paths);
        Execution x = p.execution;
        emit(new Event.Syscall(c.timeNanos(), p.pid, c.pid(), x == null ? 0 : x.id, c.name(), paths, render(c.args()),
                c.failed() ? -1 : c.result(), Math.max(c.errno(), 0), Math.max(c.durationNanos(), 0)));
    }

    private static boolean isExec(Syscall s) {
        return s.handler() == Handler.EXEC;
    }

    /** The PATH arguments, each against the DIRFD before it (else the cwd), into {@code paths}. */
    private void resolvePaths(Proc p, Call c, Syscall s, List<String> paths) {
        String base = p.cwd;
        for (int i = 0; i < s.args().size(); i++) {
            StraceArg a = c.arg(i);
            switch (s.args().get(i)) {
                case DIRFD -> base = dirfd(p, a);
                case PATH -> {
                    String name = a instanceof StraceArg.Str str ? str.value() : null;
                    if (name == null) paths.add(null);
                    else if (name.isEmpty()) paths.add(base); // AT_EMPTY_PATH: the dirfd itself
                    else if (base == null && !name.startsWith("/")) paths.add(null);
                    else paths.add(ProcessPaths.resolve(LexicalPath.resolve(base, name), fd -> path(p, fd), p.pid, c.pid()));
                    base = p.cwd;
                }
                default -> { }
            }
        }
    }

    private String dirfd(Proc p, StraceArg a) {
        if (a instanceof StraceArg.Fd fd) {
            if (fd.fd() == StraceArg.Fd.AT_FDCWD) return p.cwd;
            if (fd.path() != null && fd.path().startsWith("/")) return fd.path();
            return path(p, fd.fd());
        }
        if (a instanceof StraceArg.Num n) return n.value() == StraceArg.Fd.AT_FDCWD ? p.cwd : path(p, (int) n.value());
        return p.cwd;
    }

    private static String path(Proc p, int fd) {
        Fd e = p.fds.get(fd);
        return e == null ? null : e.path();
    }

    /** An fd argument's path: strace -y's decoration, else what tot saw opened. */
    private static Fd fdOf(Proc p, StraceArg a) {
        if (a instanceof StraceArg.Fd fd) {
            Fd known = p.fds.get(fd.fd());
            if (fd.path() != null && fd.path().startsWith("/")) return new Fd(fd.path(), FdKind.FILE, known != null && known.cloexec());
            return known;
        }
        return a instanceof StraceArg.Num n ? p.fds.get((int) n.value()) : null;
    }

    private static int intArg(Call c, int i) {
        StraceArg a = i < 0 ? null : c.arg(i);
        if (a instanceof StraceArg.Fd fd) return fd.fd();
        return a instanceof StraceArg.Num n ? (int) n.value() : -1;
    }

    private static String flagsText(Call c, int i) {
        StraceArg a = i < 0 ? null : c.arg(i); // -1: the syscall has no such argument
        return switch (a) {
            case StraceArg.Flags f -> f.text();
            case StraceArg.Struct st -> st.field("flags") == null ? "" : st.field("flags");
            case StraceArg.Num n -> Long.toString(n.value());
            case null, default -> "";
        };
    }

    private static boolean has(String flags, String flag) {
        return new StraceArg.Flags(flags).has(flag);
    }

    /** A successful call: the same rules as the tracer's handlers. */
    private void applied(Proc p, Call c, Syscall s, List<String> paths) throws IOException {
        String path = paths.isEmpty() ? null : paths.get(0);
        switch (s.handler()) {
            case OPEN -> opened(p, c, s, path);
            case CLOSE -> p.fds.remove(intArg(c, 0));
            case CLOSE_RANGE -> {
                int first = intArg(c, 0), last = intArg(c, 1);
                boolean cloexec = flagsText(c, 2).contains("CLOSE_RANGE_CLOEXEC");
                for (int fd : new ArrayList<>(p.fds.keySet())) {
                    if (Integer.compareUnsigned(fd, first) < 0 || Integer.compareUnsigned(fd, last) > 0) continue;
                    if (cloexec) p.fds.put(fd, new Fd(p.fds.get(fd).path(), p.fds.get(fd).kind(), true));
                    else p.fds.remove(fd);
                }
            }
            case DUP -> dup(p, fdOf(p, c.arg(0)), (int) c.result(), c.name().equals("dup3") && flagsText(c, 2).contains("O_CLOEXEC"));
            case FCNTL -> {
                String cmd = flagsText(c, 1);
                if (cmd.equals("F_DUPFD") || cmd.equals("F_DUPFD_CLOEXEC")) dup(p, fdOf(p, c.arg(0)), (int) c.result(), cmd.endsWith("CLOEXEC"));
                else if (cmd.equals("F_SETFD")) {
                    int fd = intArg(c, 0);
                    Fd e = p.fds.get(fd);
                    String v = flagsText(c, 2);
                    if (e != null) p.fds.put(fd, new Fd(e.path(), e.kind(), v.contains("FD_CLOEXEC") || v.equals("1")));
                }
            }
            case PIPE -> pipe(p, c);
            case CHDIR -> {
                String dir = s.indexOf(Arg.FD) == 0 ? (fdOf(p, c.arg(0)) == null ? null : fdOf(p, c.arg(0)).path()) : path;
                if (dir != null) p.cwd = dir;
            }
            case EXEC -> exec(p, c, path);
            case RENAME -> {
                if (paths.size() < 2 || path == null || paths.get(1) == null) return;
                String to = paths.get(1);
                if (flagsText(c, s.indexOf(Arg.RENAME_FLAGS)).contains("RENAME_EXCHANGE")) {
                    access(p, path, Access.Kind.OUTPUT, c);
                    access(p, to, Access.Kind.OUTPUT, c);
                    return;
                }
                access(p, path, Access.Kind.DELETED, c);
                for (Execution x : holders.keySet()) {
                    if (x.renameOutput(path, to)) emit(new Event.Renamed(c.timeNanos(), x.id, path, to));
                }
                access(p, to, Access.Kind.OUTPUT, c);
            }
            case LINK -> {
                if (path != null) access(p, path, Access.Kind.INPUT, c);
                if (paths.size() > 1) access(p, paths.get(1), Access.Kind.OUTPUT, c);
            }
            case SYMLINK -> access(p, path, Access.Kind.OUTPUT, c);
            case TRUNCATE -> {
                if (s.indexOf(Arg.FD) == 0) {
                    Fd fd = fdOf(p, c.arg(0));
                    if (fd != null && fd.kind() == FdKind.FILE) access(p, fd.path(), Access.Kind.OUTPUT, c);
                } else {
                    access(p, path, Access.Kind.OUTPUT, c);
                }
            }
            case DELETE -> access(p, path, Access.Kind.DELETED, c);
            case NEW_FD -> p.fds.put((int) c.result(), new Fd("memfd:", FdKind.OTHER, flagsText(c, 1).contains("MFD_CLOEXEC")));
            case SPAWN -> { // the child starts with what the parent has now (unless it already showed up: a vfork returns after its exec)
                if (c.result() > 0) proc((int) c.result());
            }
            case MKDIR, IO_URING, PIDFD_SIGNAL, NONE -> { }
        }
    }

    private void opened(Proc p, Call c, Syscall s, String path) throws IOException {
        String flags = openFlags(c);
        int fd = (int) c.result();
        if (c.resultFd() != null && c.resultFd().path() != null && path == null) path = c.resultFd().path();
        if (path == null) return;
        boolean cloexec = has(flags, "O_CLOEXEC");
        if (has(flags, "O_TMPFILE")) {
            p.fds.put(fd, new Fd(path + "/#tmpfile", FdKind.OTHER, cloexec));
            return;
        }
        p.fds.put(fd, new Fd(path, has(flags, "O_PATH") ? FdKind.OTHER : FdKind.FILE, cloexec));
        if (has(flags, "O_PATH") || has(flags, "O_DIRECTORY")) return;
        boolean wronly = has(flags, "O_WRONLY"), rdwr = has(flags, "O_RDWR");
        if (AccessRules.openReads(wronly, rdwr, has(flags, "O_TRUNC"), has(flags, "O_CREAT"), has(flags, "O_EXCL"))) {
            access(p, path, Access.Kind.INPUT, c);
        }
        if (AccessRules.openWrites(wronly, rdwr)) access(p, path, Access.Kind.OUTPUT, c);
    }

    /** An open's flags as strace printed them (creat's are implied; openat2's are in its struct). */
    private static String openFlags(Call c) {
        return c.name().equals("creat") ? "O_WRONLY|O_CREAT|O_TRUNC" : flagsText(c, c.name().equals("open") ? 1 : 2);
    }

    private static void dup(Proc p, Fd from, int to, boolean cloexec) {
        if (to < 0) return;
        if (from == null) p.fds.remove(to);
        else p.fds.put(to, new Fd(from.path(), from.kind(), cloexec));
    }

    /** pipe/pipe2: [r, w] (with -y, the ends' pipe:[inode]); named /dev/fptrace/pipe/N like tot log. */
    private void pipe(Proc p, Call c) {
        if (!(c.arg(0) instanceof StraceArg.Array a) || a.elements().size() < 2) return;
        StraceArg r = a.elements().get(0), w = a.elements().get(1);
        String inode = r instanceof StraceArg.Fd fd && fd.path() != null ? fd.path() : null;
        String name = inode != null ? pipeNames.computeIfAbsent(inode, k -> PIPE_PREFIX + (++pipes)) : PIPE_PREFIX + (++pipes);
        boolean cloexec = c.name().equals("pipe2") && flagsText(c, 1).contains("O_CLOEXEC");
        p.fds.put(number(r), new Fd(name, FdKind.PIPE_READ, cloexec));
        p.fds.put(number(w), new Fd(name, FdKind.PIPE_WRITE, cloexec));
    }

    private static int number(StraceArg a) {
        return a instanceof StraceArg.Fd fd ? fd.fd() : a instanceof StraceArg.Num n ? (int) n.value() : -1;
    }

    private void exec(Proc p, Call c, String path) throws IOException {
        List<String> argv = new ArrayList<>();
        if (c.arg(c.name().equals("execveat") ? 2 : 1) instanceof StraceArg.Array a) {
            for (StraceArg e : a.elements()) if (e instanceof StraceArg.Str s) argv.add(s.value());
        }
        p.fds.values().removeIf(Fd::cloexec);
        SortedMap<Integer, String> fds = new TreeMap<>();
        p.fds.forEach((fd, e) -> fds.put(fd, e.path()));
        Execution old = p.execution;
        Execution x = new Execution(++lastExecId, old == null ? 0 : old.id, p.pid, p.cwd, path == null ? "" : path, argv,
                null, fds, c.timeNanos());
        if (old != null) {
            if (owners.get(old) == p) old.nextExecId(x.id);
            release(old, c.timeNanos());
        }
        p.execution = x;
        holders.put(x, 1);
        owners.put(x, p);
        emit(new Event.Exec(c.timeNanos(), c.pid(), x, c.name()));
        for (Fd e : p.fds.values()) {
            if (e.kind() == FdKind.PIPE_READ) access(p, e.path(), Access.Kind.INPUT, c);
            else if (e.kind() == FdKind.PIPE_WRITE) access(p, e.path(), Access.Kind.OUTPUT, c);
        }
    }

    /** A failed attempt to read, write, delete or run a path: an event each time, never in the record. */
    private void failed(Proc p, Call c, Syscall s, List<String> paths) throws IOException {
        Execution x = p.execution;
        String path = paths.isEmpty() ? null : paths.get(0);
        if (x == null || path == null) return;
        String flags = s.handler() != Handler.OPEN ? "" : openFlags(c);
        if (has(flags, "O_PATH") || has(flags, "O_DIRECTORY") || has(flags, "O_TMPFILE")) return;
        Access.Kind kind = AccessRules.ofFailure(s.handler(), has(flags, "O_WRONLY") || has(flags, "O_RDWR"));
        if (kind == null) return;
        if (AccessRules.failureNamesSecondPath(s.handler()) && paths.size() > 1 && paths.get(1) != null) path = paths.get(1);
        emit(new Event.Access(c.timeNanos(), x.id, path, kind, c.name(), Math.max(c.errno(), 1)));
    }

    private void access(Proc p, String path, Access.Kind kind, Call c) throws IOException {
        Execution x = p.execution;
        if (x == null || path == null) return;
        if (x.record(kind, path)) emit(new Event.Access(c.timeNanos(), x.id, path, kind, c.name(), 0));
    }

    private void exited(Proc p, long time, int code) throws IOException {
        emit(new Event.Exit(time, p.pid, code));
        procs.remove(p.pid);
        if (p.pid == rootPid && rootExit == null) rootExit = code;
        Execution x = p.execution;
        if (x == null) return;
        if (owners.get(x) == p) x.exit(code);
        release(x, time);
    }

    /** A thread other than the leader exec'd: it takes the leader's pid, the leader is gone. */
    private void superseded(Proc thread, StraceRecord.Superseded s) throws IOException {
        Proc leader = procs.remove(s.byPid());
        procs.remove(thread.pid);
        if (leader != null && leader.execution != null && leader != thread) release(leader.execution, s.timeNanos());
        thread.pid = s.byPid();
        procs.put(thread.pid, thread);
    }

    private void release(Execution x, long time) throws IOException {
        Integer left = holders.merge(x, -1, Integer::sum);
        if (left != null && left <= 0) end(x, time);
    }

    private void end(Execution x, long time) throws IOException {
        holders.remove(x);
        owners.remove(x);
        x.end(time);
        emit(new Event.End(time, x));
    }

    private void emit(Event e) throws IOException {
        for (Sink s : sinks) s.accept(e);
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
