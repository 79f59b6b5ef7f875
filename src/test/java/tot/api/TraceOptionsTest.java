package tot.api;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Each wither changes its own components and keeps every other one. */
class TraceOptionsTest {
    /** Every component set away from its default, so that a wither that drops one shows. */
    private static final TraceOptions ALL = new TraceOptions("x.db", true, false, "d.json", true, Set.of("cc"), "e.jsonl",
            Path.of("s"), true, true, true, true, true, "%file", false, Path.of("/w"), TraceOptions.Engine.AUTO, false);

    @Test
    void withersChangeOnlyTheirOwnComponents() {
        assertEquals(new TraceOptions("y.db", true, false, "d.json", true, Set.of("cc"), "e.jsonl", Path.of("s"), true, true, true, true,
                true, "%file", false, Path.of("/w"), TraceOptions.Engine.AUTO, false), ALL.withDatabase("y.db"));
        assertEquals(new TraceOptions(null, false, false, "d.json", true, Set.of("cc"), "e.jsonl", Path.of("s"), true, true, true, true,
                true, "%file", false, Path.of("/w"), TraceOptions.Engine.AUTO, false), ALL.withoutDatabase());
        assertEquals(new TraceOptions("x.db", true, true, "d2.json", false, Set.of(), "e2.jsonl", Path.of("s2"), false, false, true,
                false, true, "%net", false, Path.of("/v"), TraceOptions.Engine.EBPF, false),
                ALL.withHashes(true).withDepsJson("d2.json").withEvents("e2.jsonl").withScripts(Path.of("s2"), false, false)
                        .withEnvironment(false).withSyscalls("%net").withDirectory(Path.of("/v")).withEngine(TraceOptions.Engine.EBPF));
        TraceOptions d = TraceOptions.defaults();
        assertEquals(new TraceOptions(null, true, true, null, false, Set.of(), null, null, false, false, false, false, true, null, false,
                null, TraceOptions.Engine.PTRACE, false), d.withUndelete().withoutSeccomp().withoutIdlePoll());
    }
}
