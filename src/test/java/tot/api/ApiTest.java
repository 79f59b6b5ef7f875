package tot.api;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import tot.linux.RawFiles;
import tot.trace.EbpfSupport;
import org.junit.jupiter.api.io.TempDir;

/**
 * tot.api in-process, as an embedding program uses it: what a trace returns is what deps.json of
 * the same run says; the listener sees the same executions as they happen; errors carry the
 * CLI's causes; close, interrupt and detach do what the Javadoc says; the store answers.
 */
class ApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PYTHON = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";

    /** Each step opens its own files (a shell's redirection would make the shell the writer). */
    private static final String COMMAND = "cp src.txt a && dd if=a of=b conv=ucase status=none && rm a";

    @TempDir
    Path dir;

    /** A three-step pipeline in {@code dir}: src.txt → a (cat) → b (tr), then a removed. */
    private TracedRun pipeline(List<TraceEvent> events) throws Exception {
        Files.writeString(dir.resolve("src.txt"), "hello\n");
        TraceOptions options = TraceOptions.defaults().withDatabase(dir.resolve("tot.db").toString())
                .withDepsJson(dir.resolve("deps.json").toString()).withDirectory(dir);
        return Tot.trace(List.of("sh", "-c", COMMAND), options, events::add);
    }

    /**
     * killedBy tells a command killed by a signal from one that exited with the same 128+N, and
     * the records (built when first read) still end with the first process's last execution.
     */
    @Test
    void killedByTellsASignalFromAnExitOf128PlusN() throws Exception {
        TraceOptions options = TraceOptions.defaults().withoutDatabase().withDirectory(dir);
        TracedRun killed = Tot.trace(List.of("sh", "-c", "kill -KILL $$"), options);
        assertEquals(128 + 9, killed.exitStatus());
        assertEquals(9, killed.killedBy());
        assertEquals(-9, killed.executions().get(killed.executions().size() - 1).exitStatus());
        TracedRun exited = Tot.trace(List.of("sh", "-c", "exit 137"), options);
        assertEquals(137, exited.exitStatus());
        assertEquals(0, exited.killedBy());
        assertEquals(137, exited.executions().get(0).exitStatus());
        assertEquals(exited, new TracedRun(exited.command(), 137, exited.executions(), null), "the lists compare as lists");
        assertEquals(9, new TracedRun(killed.command(), 137, killed.executions(), null).killedBy(), "read from the records");
    }

    /**
     * A directory there before the run, renamed and then removed: no output of mv in the records
     * the trace returns, as in deps.json (the run recorded the files below it: it was a directory).
     */
    /**
     * A listener tells an output's rename from a directory's: the record says which (the running
     * shell's output below the directory moves with it, an output's rename of its own).
     */
    @Test
    void renamedEventsSayWhetherADirectoryMoved() throws Exception {
        TraceOptions options = TraceOptions.defaults().withoutDatabase().withDirectory(dir);
        List<TraceEvent.Renamed> renames = new CopyOnWriteArrayList<>();
        Tot.trace(List.of("sh", "-c", "echo x > f && mv f g && mkdir d && echo y > d/h && mv d e"), options,
                event -> { if (event instanceof TraceEvent.Renamed r) renames.add(r); });
        String w = dir.toRealPath().toString();
        assertEquals(List.of(w + "/f -> " + w + "/g false", w + "/d/h -> " + w + "/e/h false", w + "/d -> " + w + "/e true"),
                renames.stream().map(r -> r.from() + " -> " + r.to() + " " + r.directory()).toList());
    }

    @Test
    void aDirectoryRenamedThenRemovedIsNoOutputOfTheRecords() throws Exception {
        Files.createDirectories(dir.resolve("P/s"));
        Files.writeString(dir.resolve("P/s/f"), "x");
        TraceOptions options = TraceOptions.defaults().withoutDatabase().withDepsJson(dir.resolve("deps.json").toString())
                .withDirectory(dir);
        TraceListener none = new TraceListener() { // no record at each end: Q is looked up after the run
            @Override public void onEvent(TraceEvent event) { }
            @Override public boolean wants(Class<? extends TraceEvent> kind) { return false; }
        };
        TracedRun run = Tot.trace(List.of("sh", "-c", "mv P Q && rm -r Q"), options, none);
        assertEquals(0, run.exitStatus());
        String q = dir.toRealPath().resolve("Q").toString();
        assertTrue(run.executions().stream().noneMatch(x -> x.outputs().contains(q)), run.executions().toString());
        assertTrue(run.executions().stream().anyMatch(x -> x.deleted().contains(q)), run.executions().toString());
    }

    @Test
    void aTraceReturnsWhatDepsJsonOfTheSameRunHolds() throws Exception {
        List<TraceEvent> events = new CopyOnWriteArrayList<>();
        TracedRun run = pipeline(events);
        assertEquals(0, run.exitStatus());
        assertEquals("HELLO\n", Files.readString(dir.resolve("b")));
        JsonNode deps = JSON.readTree(dir.resolve("deps.json").toFile());
        assertEquals(deps.size(), run.executions().size());
        for (int i = 0; i < deps.size(); i++) { // both in the order the executions ended
            JsonNode d = deps.get(i);
            ExecutionRecord x = run.executions().get(i);
            assertEquals(d.get("Cmd").get("ID").asInt(), x.id());
            assertEquals(d.get("Cmd").get("Parent").asInt(), x.parentId());
            assertEquals(d.get("Cmd").get("Path").asText(), x.path());
            assertEquals(d.get("Cmd").get("Dir").asText(), x.cwd());
            assertEquals(strings(d.get("Cmd").get("Args")), x.args());
            assertEquals(strings(d.get("Inputs")), x.inputs());
            assertEquals(strings(d.get("Outputs")), x.outputs());
            assertEquals(strings(d.get("Deleted")), x.deleted());
            assertEquals(d.get("Pid").asInt(), x.pid());
            Map<Integer, String> fds = new TreeMap<>();
            d.get("FDs").properties().forEach(e -> fds.put(Integer.parseInt(e.getKey()), e.getValue().asText()));
            assertEquals(fds, x.fds());
            assertEquals(d.get("Cmd").has("Exit") ? d.get("Cmd").get("Exit").asInt() : 0, x.exitStatus() == null ? 0 : x.exitStatus());
        }
        String d = dir.toString();
        ExecutionRecord dd = byName(run, "dd");
        assertTrue(dd.inputs().contains(d + "/a"), dd.toString());
        assertEquals(List.of(d + "/b"), dd.outputs());
        assertTrue(byName(run, "cp").inputs().contains(d + "/src.txt"));
        assertEquals(List.of(d + "/a"), byName(run, "cp").outputs());
        assertTrue(byName(run, "rm").deleted().contains(d + "/a"));
        assertFalse(Files.exists(dir.resolve("tot.db")) && run.database() == null);
        assertEquals(dir.resolve("tot.db").toString(), run.database());

        // the listener saw each execution start and end, in the order they did
        List<Integer> started = new ArrayList<>(), ended = new ArrayList<>();
        for (TraceEvent e : events) {
            if (e instanceof TraceEvent.ExecutionStarted s) started.add(s.id());
            if (e instanceof TraceEvent.ExecutionEnded x) ended.add(x.execution().id());
        }
        assertEquals(run.executions().stream().map(ExecutionRecord::id).toList(), ended);
        assertEquals(List.of(1, 2, 3, 4), started);
        assertTrue(events.stream().anyMatch(e -> e instanceof TraceEvent.FileAccess a && a.kind() == TraceEvent.FileAccess.Kind.DELETE
                && a.path().equals(d + "/a")), "the removal as it happened");
        assertThrows(UnsupportedOperationException.class, () -> dd.inputs().add("x"), "records are immutable");
    }

    /** A null listener is none: the trace runs and returns its record. */
    @Test
    void aNullListenerIsNone() throws Exception {
        TraceOptions options = TraceOptions.defaults().withoutDatabase().withDirectory(dir);
        try (Tracing t = Tot.start(List.of("true"), options, null)) {
            assertEquals(0, t.await().exitStatus());
        }
    }

    /** A listener that wants only some kinds of event gets only those; what the trace returns is whole all the same. */
    @Test
    void aListenerGetsOnlyTheKindsItWants() throws Exception {
        Files.writeString(dir.resolve("src.txt"), "hello\n");
        List<TraceEvent> events = new CopyOnWriteArrayList<>();
        TraceListener some = new TraceListener() {
            @Override
            public void onEvent(TraceEvent event) {
                events.add(event);
            }

            @Override
            public boolean wants(Class<? extends TraceEvent> kind) {
                return kind == TraceEvent.ExecutionStarted.class || kind == TraceEvent.FileAccess.class;
            }
        };
        TraceOptions options = TraceOptions.defaults().withoutDatabase().withDirectory(dir).withSyscalls("openat");
        TracedRun run = Tot.trace(List.of("sh", "-c", COMMAND), options, some);
        assertEquals(0, run.exitStatus());
        assertEquals(4, events.stream().filter(e -> e instanceof TraceEvent.ExecutionStarted).count(), events.toString());
        assertTrue(events.stream().anyMatch(e -> e instanceof TraceEvent.FileAccess a && a.path().equals(dir + "/b")), events.toString());
        assertTrue(events.stream().allMatch(e -> e instanceof TraceEvent.ExecutionStarted || e instanceof TraceEvent.FileAccess),
                "no syscall, ended or exit events: " + events);
        assertEquals(4, run.executions().size());
        assertEquals(List.of(dir + "/b"), byName(run, "dd").outputs());
    }

    /**
     * A directory the command made is a FileAccess of kind MKDIR as it happens, and an access of
     * kind MKDIR in the store, but in no execution's record and no file list.
     */
    @Test
    void aDirectoryMadeIsAnAccessOfItsOwnKindAndNoFile() throws Exception {
        List<TraceEvent> events = new CopyOnWriteArrayList<>();
        TraceOptions options = TraceOptions.defaults().withDatabase(dir.resolve("tot.db").toString()).withDirectory(dir);
        TracedRun traced = Tot.trace(List.of("mkdir", "-p", "made/deeper"), options, events::add);
        assertEquals(0, traced.exitStatus());
        String d = dir.toString();
        assertEquals(List.of(d + "/made", d + "/made/deeper"), events.stream().filter(e -> e instanceof TraceEvent.FileAccess a
                && a.kind() == TraceEvent.FileAccess.Kind.MKDIR).map(e -> ((TraceEvent.FileAccess) e).path()).toList(), events.toString());
        assertTrue(traced.executions().getFirst().outputs().stream().noneMatch(p -> p.startsWith(d + "/made")), "no output");
        try (RunStore store = RunStore.open(traced.database())) {
            long run = store.run("last").id();
            assertEquals(List.of(d + "/made", d + "/made/deeper"), store.accesses(run).stream()
                    .filter(a -> a.kind() == RecordedAccess.Kind.MKDIR && a.syscall().startsWith("mkdir")).map(RecordedAccess::path).toList());
            assertEquals(List.of(), store.outputs(run, FileFilter.under(d)));
        }
    }

    @Test
    void theStoreAnswersAboutTheRun() throws Exception {
        TracedRun traced = pipeline(new ArrayList<>());
        String d = dir.toString();
        try (RunStore store = RunStore.open(traced.database())) {
            List<RecordedRun> runs = store.runs();
            assertEquals(1, runs.size());
            RecordedRun run = store.run("last");
            assertEquals(runs.getFirst(), run);
            assertEquals(List.of("sh", "-c", COMMAND), run.command());
            assertEquals(0, run.exitStatus());
            assertEquals(traced.executions().stream().map(ExecutionRecord::path).sorted().toList(),
                    store.executions(run.id()).stream().map(RecordedExecution::path).sorted().toList());
            for (ExecutionRecord x : traced.executions()) { // each execution's fds at exec, as the trace saw them
                RecordedExecution stored = store.executions(run.id()).stream().filter(r -> r.id() == x.id()).findFirst().orElseThrow();
                assertEquals(x.fds(), stored.fds(), x.path());
                assertFalse(stored.fds().isEmpty(), x.path());
            }
            FileFilter here = FileFilter.under(d);
            assertEquals(List.of(d + "/src.txt"), store.inputs(run.id(), here).stream().map(RunFile::path).toList());
            assertEquals(List.of(d + "/b"), store.outputs(run.id(), here).stream().map(RunFile::path).toList());
            assertEquals(List.of(d + "/a"), store.intermediates(run.id(), here).stream().map(RunFile::path).toList());
            RunFile b = store.outputs(run.id(), here).getFirst();
            assertEquals("/usr/bin/dd", b.executions().getFirst().path());
            assertEquals(sha1("HELLO\n"), b.sha1());
            assertTrue(store.accesses(run.id()).stream().anyMatch(a -> a.kind() == RecordedAccess.Kind.DELETE
                    && a.path().equals(d + "/a") && a.execution().path().equals("/usr/bin/rm")));

            // b ← dd ← a ← cp ← src.txt, by path and by content
            LineageNode lineage = store.lineage(d + "/b", null, here, 10);
            assertEquals("/usr/bin/dd", lineage.madeBy().getFirst().execution().path());
            LineageNode a = lineage.madeBy().getFirst().inputs().stream().filter(n -> n.path().equals(d + "/a")).findFirst().orElseThrow();
            assertTrue(a.gone());
            assertEquals("/usr/bin/cp", a.madeBy().getFirst().execution().path());
            assertTrue(a.madeBy().getFirst().inputs().stream().anyMatch(n -> n.path().equals(d + "/src.txt")));
            assertEquals(lineage, store.lineage(sha1("HELLO\n").substring(0, 10), null, here, 10));

            CacheKeyResult key = store.key(run.id(), here, null);
            assertTrue(key.text().contains(sha1("hello\n")), key.text());
            assertEquals(key.digest(), store.key(run.id(), here, dir).digest(), "src.txt unchanged");
            Files.writeString(dir.resolve("src.txt"), "changed\n");
            assertNotEquals(key.digest(), store.key(run.id(), here, dir).digest());

            TotException e = assertThrows(TotException.class, () -> store.run("7"));
            assertEquals(TotException.Reason.NOT_FOUND, e.reason());
            assertEquals("no run 7", e.getMessage());
            assertEquals(TotException.Reason.BAD_OPTION, assertThrows(TotException.class, () -> store.run("first")).reason());
            assertEquals(TotException.Reason.NOT_FOUND, assertThrows(TotException.class, () -> store.lineage(d + "/nowhere")).reason());
        }
    }

    @Test
    void aRunGoesToPostgreSqlAndIsQueriedThereAsTheCommandsDo() throws Exception {
        String url = tot.TestPostgres.newDatabase(); // skips, saying why, without PostgreSQL
        Files.writeString(dir.resolve("src.txt"), "hello\n");
        TracedRun traced = Tot.trace(List.of("sh", "-c", COMMAND), TraceOptions.defaults().withDatabase(url).withDirectory(dir));
        assertEquals(tot.TestPostgres.redacted(url), traced.database(), "no password in what the run says");
        try (RunStore store = RunStore.open(url)) {
            RecordedRun run = store.run("last");
            assertEquals(List.of("sh", "-c", COMMAND), run.command());
            assertEquals(List.of(dir + "/b"), store.outputs(run.id(), FileFilter.under(dir.toString())).stream().map(RunFile::path).toList());
            assertEquals("/usr/bin/dd", store.lineage(dir + "/b", null, FileFilter.ALL, 5).madeBy().getFirst().execution().path());
        }
    }

    @Test
    void errorsCarryTheCausesTheCommandReports() throws Exception {
        TraceOptions none = TraceOptions.defaults().withoutDatabase();
        TotException e = assertThrows(TotException.class, () -> Tot.trace(List.of("no-such-command-here"), none));
        assertEquals(TotException.Reason.COMMAND_NOT_FOUND, e.reason());
        assertEquals(127, e.exitStatus());
        assertEquals("no-such-command-here: command not found", e.getMessage());

        Files.writeString(dir.resolve("plain"), "not executable");
        e = assertThrows(TotException.class, () -> Tot.trace(List.of(dir.resolve("plain").toString()), none));
        assertEquals(TotException.Reason.NOT_EXECUTABLE, e.reason());
        assertEquals(126, e.exitStatus());

        e = assertThrows(TotException.class, () -> Tot.trace(List.of("true"), none.withSyscalls("%nonsense")));
        assertEquals(TotException.Reason.BAD_OPTION, e.reason());

        Files.writeString(dir.resolve("text.db"), "not a database\n");
        e = assertThrows(TotException.class, () -> Tot.trace(List.of("true"), TraceOptions.defaults()
                .withDatabase(dir.resolve("text.db").toString())));
        assertEquals(TotException.Reason.STORE, e.reason());
        assertTrue(e.getMessage().contains("text.db"), e.getMessage());
        assertEquals("not a database\n", Files.readString(dir.resolve("text.db")), "left as it was");

        e = assertThrows(TotException.class, () -> Tot.trace(List.of("true"), none.withDepsJson(dir.resolve("no/such/deps.json").toString())));
        assertEquals(TotException.Reason.OUTPUT, e.reason());

        e = assertThrows(TotException.class, () -> Tot.trace(List.of("true"), none.withUndelete().withEngine(TraceOptions.Engine.EBPF)));
        assertEquals(TotException.Reason.BAD_OPTION, e.reason());
        assertTrue(e.getMessage().startsWith("-u needs the ptrace engine"), e.getMessage());

        e = assertThrows(TotException.class, () -> Tot.attach(List.of(999_999_999), AttachOptions.defaults().withoutDatabase(), TraceListener.NONE));
        assertEquals(TotException.Reason.TRACING_REFUSED, e.reason());
        assertEquals("no such process: 999999999", e.getMessage());

        try (Tracing t = Tot.start(List.of("true"), none, event -> {
            throw new IllegalStateException("listener bug");
        })) {
            e = assertThrows(TotException.class, t::await);
            assertEquals(TotException.Reason.LISTENER, e.reason());
            assertEquals("listener bug", e.getCause().getMessage());
        }

        try (RunStore store = RunStore.open(dir.resolve("text.db").toString())) {
            fail("opened " + store);
        } catch (TotException s) {
            assertEquals(TotException.Reason.STORE, s.reason());
        }
    }

    @Test
    void theEngineIsChosenAsTotLogEngineChoosesIt() throws Exception {
        Files.writeString(dir.resolve("src.txt"), "hello\n");
        TraceOptions none = TraceOptions.defaults().withoutDatabase().withDirectory(dir);
        String ebpf = EbpfSupport.unavailable();
        try (Tracing t = Tot.start(List.of("sh", "-c", COMMAND), none.withEngine(TraceOptions.Engine.AUTO), TraceListener.NONE)) {
            assertEquals(ebpf == null ? "tracing with eBPF" : "tracing with ptrace: the eBPF engine cannot run here: " + ebpf,
                    t.engineNote());
            assertEquals(List.of(dir + "/b"), byName(t.await(), "dd").outputs());
        }
        try (Tracing t = Tot.start(List.of("sh", "-c", COMMAND), none.withUndelete().withEngine(TraceOptions.Engine.AUTO),
                TraceListener.NONE)) {
            assertEquals("tracing with ptrace (-u needs it)", t.engineNote());
            assertEquals(List.of(dir + "/b"), byName(t.await(), "dd").outputs());
        }
        try (Tracing t = Tot.start(List.of("sh", "-c", COMMAND), none, TraceListener.NONE)) {
            assertNull(t.engineNote(), "ptrace asked for: nothing to say");
            t.await();
        }
        assertEquals(TotException.Reason.BAD_OPTION, assertThrows(TotException.class,
                () -> Tot.trace(List.of("true"), none.withUndelete().withEngine(TraceOptions.Engine.EBPF))).reason());
    }

    /**
     * A command started in another directory: its cwd, relative names and a command named with a
     * slash are read against it, and PWD and OLDPWD are a shell's after cd; the eBPF engine (where
     * it runs) records the same as ptrace.
     */
    @Test
    void aCommandStartsInTheDirectoryGivenUnderEitherEngine() throws Exception {
        Path work = Files.createDirectories(dir.resolve("work"));
        Files.writeString(work.resolve("src.txt"), "hello\n");
        Path script = work.resolve("step");
        Files.writeString(script, "printf '%s %s\\n' \"$PWD\" \"$OLDPWD\" > where.txt; cp src.txt copy.txt\n"); // no #!: sh runs it
        script.toFile().setExecutable(true);
        TraceOptions options = TraceOptions.defaults().withoutDatabase().withEnvironment(false).withDirectory(work);
        List<TraceOptions.Engine> engines = new ArrayList<>(List.of(TraceOptions.Engine.PTRACE));
        if (EbpfSupport.unavailable() == null) engines.add(TraceOptions.Engine.EBPF);
        List<List<Object>> seen = new ArrayList<>();
        for (TraceOptions.Engine engine : engines) {
            TracedRun run = Tot.trace(List.of("./step"), options.withEngine(engine));
            assertEquals(0, run.exitStatus(), engine + ": " + run.executions());
            ExecutionRecord root = run.executions().getLast();
            assertEquals(work.toString(), root.cwd(), engine.toString());
            assertEquals(work + " " + RawFiles.cwd() + "\n", Files.readString(work.resolve("where.txt")), engine.toString());
            assertTrue(root.env().contains("PWD=" + work), engine + ": " + root.env());
            assertTrue(root.env().contains("OLDPWD=" + RawFiles.cwd()), engine + ": " + root.env());
            assertEquals(List.of(work + "/copy.txt"), byName(run, "cp").outputs(), engine.toString());
            assertTrue(byName(run, "cp").inputs().contains(work + "/src.txt"), engine.toString());
            seen.add(List.of(root.path(), root.args(), root.outputs(), run.executions().size()));
            Files.delete(work.resolve("where.txt"));
        }
        if (seen.size() == 2) assertEquals(seen.get(0), seen.get(1));
    }

    @Test
    void anInterruptedWaitLeavesTheTraceAndCloseKillsIt() throws Exception {
        Tracing t = Tot.start(List.of("sleep", "60"), TraceOptions.defaults().withoutDatabase(), TraceListener.NONE);
        assertThrows(TimeoutException.class, () -> t.await(Duration.ofMillis(300)));
        AtomicReference<Throwable> waited = new AtomicReference<>();
        Thread waiter = Thread.ofPlatform().start(() -> {
            try {
                t.await();
            } catch (Throwable x) {
                waited.set(x);
            }
        });
        Thread.sleep(200);
        waiter.interrupt();
        waiter.join(5000);
        assertInstanceOf(InterruptedException.class, waited.get());
        assertFalse(t.isDone(), "the trace goes on");
        assertThrows(IllegalStateException.class, t::detach, "a command cannot be detached");
        long start = System.nanoTime();
        t.close();
        assertTrue(t.isDone());
        assertTrue(System.nanoTime() - start < 10_000_000_000L);
        TracedRun run = t.await();
        assertEquals(128 + 9, run.exitStatus(), "killed by SIGKILL");
        assertEquals(-9, run.executions().getFirst().exitStatus());
    }

    /** Interrupted while the run's database opens (the flag set before the call): InterruptedException, as documented. */
    @Test
    void anInterruptBeforeTheDatabaseIsReadyIsAnInterruptedException() throws Exception {
        TraceOptions options = TraceOptions.defaults().withDatabase(dir.resolve("tot.db").toString());
        Tot.trace(List.of("true"), options); // created: the next opens are quick, still not instant
        for (int i = 0; i < 10; i++) {
            Thread.currentThread().interrupt();
            assertThrows(InterruptedException.class, () -> Tot.trace(List.of("true"), options), "call " + i);
            assertFalse(Thread.interrupted(), "cleared, as an InterruptedException does");
        }
    }

    @Test
    void attachRecordsUntilDetachThenTheProcessGoesOnUntraced() throws Exception {
        Path file = dir.resolve("read-me");
        Files.writeString(file, "x");
        ProcessHandle target = detached(PYTHON, "-c", """
                import sys, time
                while True:
                    open(sys.argv[1]).read(); time.sleep(0.01)
                """, file.toString());
        try {
            Thread.sleep(300); // python has started
            List<TraceEvent> events = new CopyOnWriteArrayList<>();
            Tracing t = Tot.attach(List.of((int) target.pid()), AttachOptions.defaults().withoutDatabase().withSyscalls("openat"), events::add);
            Thread.sleep(500);
            assertFalse(t.isDone());
            TracedRun run = t.detach();
            assertEquals(1, run.executions().size());
            ExecutionRecord x = run.executions().getFirst();
            assertEquals(target.pid(), x.pid());
            assertTrue(x.inputs().contains(file.toString()), x.inputs().toString());
            long opens = events.stream().filter(e -> e instanceof SyscallRecord s && s.name().equals("openat")
                    && file.toString().equals(s.paths().getFirst())).count();
            assertTrue(opens >= 10, opens + " opens of the file in 0.5 s");
            assertTrue(target.isAlive());
            assertEquals("0", tracerPid(target.pid()));
        } finally {
            target.destroyForcibly();
        }
    }

    @Test
    void aChildOfThisJvmIsRefused() throws Exception {
        Process child = new ProcessBuilder("sleep", "30").start();
        try {
            TotException e = assertThrows(TotException.class, () -> Tot.blackbox(List.of((int) child.pid()), BlackboxOptions.last(5)));
            assertEquals(TotException.Reason.TRACING_REFUSED, e.reason());
            assertTrue(e.getMessage().contains("child of this JVM"), e.getMessage());
        } finally {
            child.destroyForcibly();
        }
    }

    @Test
    void aBlackboxKeepsTheLastCallsAndReportsEveryInterval() throws Exception {
        ProcessHandle target = detached(PYTHON, "-c", """
                import os
                while True:
                    os.getppid()
                """);
        try {
            Thread.sleep(300);
            List<BlackboxSnapshot> ticks = new CopyOnWriteArrayList<>();
            try (BlackboxRecorder box = Tot.blackbox(List.of((int) target.pid()), BlackboxOptions.last(20))) {
                box.every(Duration.ofMillis(100), ticks::add);
                Thread.sleep(1000);
                BlackboxSnapshot s = box.snapshot();
                assertEquals(20, s.calls().size());
                assertTrue(s.seen() > 100, s.seen() + " calls in a second");
                for (int i = 1; i < s.calls().size(); i++) assertTrue(s.calls().get(i).time() >= s.calls().get(i - 1).time());
                assertTrue(s.calls().stream().filter(c -> c.name().equals("getppid")).count() >= 15, s.calls().toString());
                assertEquals(5, box.last(5).size());
                BlackboxSnapshot last = box.detach();
                assertTrue(last.seen() >= s.seen());
                assertTrue(box.isDone());
            }
            assertTrue(ticks.size() >= 5, ticks.size() + " ticks in a second");
            for (BlackboxSnapshot t : ticks) assertTrue(t.calls().size() <= 20);
            assertTrue(target.isAlive());
            assertEquals("0", tracerPid(target.pid()));
        } finally {
            target.destroyForcibly();
        }
    }

    /**
     * {@code command} started in the background by a shell that exits: not a child of this JVM,
     * whose process reaper would take its ptrace stops (Tot.attach refuses such a child).
     */
    static ProcessHandle detached(String... command) throws Exception {
        List<String> argv = new ArrayList<>(List.of("sh", "-c", "\"$@\" > /dev/null 2>&1 < /dev/null & echo $!", "sh"));
        argv.addAll(List.of(command));
        Process sh = new ProcessBuilder(argv).start();
        long pid = Long.parseLong(new String(sh.getInputStream().readAllBytes()).strip());
        sh.waitFor();
        return ProcessHandle.of(pid).orElseThrow();
    }

    static String tracerPid(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("TracerPid:")) return line.substring(10).strip();
        }
        throw new AssertionError("no TracerPid");
    }

    private static ExecutionRecord byName(TracedRun run, String name) {
        return run.executions().stream().filter(x -> x.path().endsWith("/" + name)).findFirst().orElseThrow();
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array != null) array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static String sha1(String text) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-1")
                .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    /**
     * A database is guarded from the outputs only while it is in use: during a trace that writes
     * it (another trace's -d there is refused) and while a RunStore reads it; after both, the
     * embedding JVM may write there (it could not, for the rest of its life, once it had used it).
     */
    @Test
    void aDatabaseIsGuardedOnlyWhileInUse() throws Exception {
        String db = dir.resolve("t.db").toString();
        TraceOptions none = TraceOptions.defaults().withoutDatabase().withDirectory(dir);
        try (Tracing running = Tot.start(List.of("sleep", "1"), TraceOptions.defaults().withDatabase(db).withDirectory(dir), null)) {
            TotException e = assertThrows(TotException.class, () -> Tot.trace(List.of("true"), none.withDepsJson(db)));
            assertEquals(TotException.Reason.OUTPUT, e.reason());
            assertTrue(e.getMessage().contains("the database tot uses"), e.getMessage());
            running.await();
        }
        try (RunStore store = RunStore.open(db)) {
            assertEquals(1, store.runs().size());
            assertThrows(TotException.class, () -> Tot.trace(List.of("true"), none.withEvents(db)), "read now");
        }
        Tot.trace(List.of("true"), none.withDepsJson(db));
        assertTrue(Files.readString(Path.of(db)).startsWith("["), "deps.json where the database was");
    }

    /**
     * What tot meets about its database and signals reaches the listener as notices, on the
     * thread that met it, and the embedding JVM's System.err gets nothing: a lock another
     * connection holds for a while, then three interrupts of a command that ignores SIGINT.
     */
    @Test
    void noticesGoToTheListenerNotToSystemErr() throws Exception {
        String db = dir.resolve("t.db").toString();
        Tot.trace(List.of("true"), TraceOptions.defaults().withDatabase(db).withDirectory(dir));
        List<TraceEvent.Notice> notices = new CopyOnWriteArrayList<>();
        TraceListener listener = e -> { if (e instanceof TraceEvent.Notice n) notices.add(n); };
        java.io.PrintStream err = System.err;
        var captured = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(captured, true));
        try {
            try (var c = org.sqlite.JDBC.createConnection("jdbc:sqlite:" + db, new java.util.Properties());
                 var st = c.createStatement()) {
                st.execute("BEGIN IMMEDIATE");
                Thread.ofPlatform().start(() -> {
                    try {
                        Thread.sleep(2500);
                        st.execute("COMMIT");
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                });
                assertEquals(0, Tot.trace(List.of("true"), TraceOptions.defaults().withDatabase(db).withDirectory(dir), listener)
                        .exitStatus());
            }
            try (Tracing t = Tot.start(List.of("sh", "-c", "trap '' INT; sleep 30"), TraceOptions.defaults().withoutDatabase(), listener)) {
                for (int i = 0; i < 3; i++) t.interrupt(tot.linux.Linux.SIGINT);
                assertEquals(9, t.await(Duration.ofSeconds(10)).killedBy());
            }
        } finally {
            System.setErr(err);
        }
        assertEquals(List.of(TraceEvent.Notice.Kind.DATABASE_LOCKED, TraceEvent.Notice.Kind.KILLING_ALL),
                notices.stream().map(TraceEvent.Notice::kind).toList());
        assertEquals(Path.of(db) + ": locked by another process; waiting (up to 30 s)", notices.get(0).text());
        assertEquals("", captured.toString(), "printed by the library");
    }

    /** A query that waits for another process's lock says so to the caller's notices, not on System.err (api23 noticed). */
    @Test
    void aQueryWaitingForALockSaysSoToItsNotices() throws Exception {
        String db = dir.resolve("q.db").toString();
        Tot.trace(List.of("true"), TraceOptions.defaults().withDatabase(db).withDirectory(dir));
        List<TraceEvent.Notice> notices = new CopyOnWriteArrayList<>();
        java.io.PrintStream err = System.err;
        var captured = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(captured, true));
        try (var c = org.sqlite.JDBC.createConnection("jdbc:sqlite:" + db, new java.util.Properties());
             var st = c.createStatement()) {
            st.execute("PRAGMA locking_mode = EXCLUSIVE"); // held until the connection lets it go: readers wait too
            st.execute("BEGIN EXCLUSIVE");
            st.execute("COMMIT");
            Thread.ofPlatform().start(() -> {
                try {
                    Thread.sleep(2500);
                    c.close(); // lets the lock go
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            try (RunStore store = RunStore.open(db, notices::add)) {
                assertEquals(1, store.runs().size());
            }
        } finally {
            System.setErr(err);
        }
        assertEquals(List.of(TraceEvent.Notice.Kind.DATABASE_LOCKED), notices.stream().map(TraceEvent.Notice::kind).toList());
        assertEquals("", captured.toString(), "printed by the library");
    }
}
