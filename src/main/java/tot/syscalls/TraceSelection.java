package tot.syscalls;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Which syscalls become events: strace's {@code -e trace=EXPR}. EXPR is a comma-separated list
 * of syscall names, classes ({@code %file}, {@code %desc}, {@code %process}, {@code %network},
 * {@code %signal}, {@code %ipc}, {@code %memory}, {@code %creds}, {@code %clock}, {@code %stat} …),
 * {@code /regex} and {@code all}/{@code none}; a leading {@code !} selects everything else. The
 * default is the set deps.json needs. What deps.json needs is always trapped; selecting more
 * widens the seccomp filter, and {@code all} stops at every syscall.
 */
public record TraceSelection(Set<Syscall> events, boolean all, boolean isDefault) {
    public TraceSelection {
        events = Collections.unmodifiableSet(events);
    }

    /** No --trace: the events are the calls tot handles (what deps.json needs, and close). */
    public static TraceSelection defaults() {
        return new TraceSelection(new LinkedHashSet<>(SyscallTable.handled()), false, true);
    }

    /** Parses EXPR; throws IllegalArgumentException naming the part it does not know. */
    public static TraceSelection parse(String expr) {
        String body = expr.strip();
        boolean negate = body.startsWith("!");
        if (negate) body = body.substring(1);
        if (body.isEmpty()) throw new IllegalArgumentException("--trace: empty expression");
        Set<Syscall> chosen = new LinkedHashSet<>();
        boolean everything = false;
        for (String item : body.split(",")) {
            String it = item.strip();
            switch (it) {
                case "all", "%all" -> everything = true;
                case "none", "%none" -> { }
                default -> chosen.addAll(match(it));
            }
        }
        if (negate) {
            if (everything) return new TraceSelection(Set.of(), false, false); // !all: nothing beyond what deps.json needs
            Set<Syscall> rest = new LinkedHashSet<>(SyscallTable.all());
            rest.removeAll(chosen);
            return new TraceSelection(rest, false, false);
        }
        if (everything) return new TraceSelection(new LinkedHashSet<>(SyscallTable.all()), true, false);
        return new TraceSelection(chosen, false, false);
    }

    private static List<Syscall> match(String item) {
        if (item.startsWith("%")) {
            String name = item.substring(1).toLowerCase(Locale.ROOT);
            if (name.equals("net")) name = "network";
            for (SyscallClass c : SyscallClass.values()) {
                if (c.traceName.equals(name)) return SyscallTable.all().stream().filter(s -> s.classes().contains(c)).toList();
            }
            throw new IllegalArgumentException("--trace: unknown class '" + item + "'");
        }
        if (item.startsWith("/")) {
            Pattern p;
            try {
                p = Pattern.compile(item.substring(1));
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("--trace: bad regular expression '" + item.substring(1) + "': " + e.getDescription());
            }
            return SyscallTable.all().stream().filter(s -> p.matcher(s.name()).find()).toList();
        }
        Syscall s = SyscallTable.byName(item);
        if (s == null) throw new IllegalArgumentException("--trace: unknown syscall '" + item + "'");
        return List.of(s);
    }

    /** Whether a call of {@code s} is reported as an event. */
    public boolean isEvent(Syscall s) {
        return all || events.contains(s);
    }

    /**
     * The syscalls to trap when events are reported: the events, what deps.json needs, and close
     * (an event names each fd's file, so the fd table must follow every close). Without a sink
     * for events the tracer traps only {@link SyscallTable#defaultSet()}.
     */
    public List<Syscall> trapped() {
        Set<Syscall> t = new LinkedHashSet<>(SyscallTable.handled());
        t.addAll(events);
        // i386 reaches the socket and System V calls through two multiplexers too
        for (long call = 1; call <= 24; call++) {
            Syscall inner = SyscallTable.socketcall(call);
            if (inner != null && events.contains(inner)) t.add(SyscallTable.byName("socketcall"));
            inner = SyscallTable.ipc(call);
            if (inner != null && events.contains(inner)) t.add(SyscallTable.byName("ipc"));
        }
        return List.copyOf(t);
    }

    /**
     * Whether {@code s} is trapped only for the argument values its row names (fcntl: the fd
     * commands), as by default; every call when --trace selects it.
     */
    public boolean argFiltered(Syscall s) {
        return isDefault || !isEvent(s);
    }
}
