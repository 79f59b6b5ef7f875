package tot.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import tot.linux.Linux;
import tot.trace.TotProcess.Result;

/**
 * A traced program cannot stop, read or steer tot: every call aimed at tot's process (its
 * parent) is refused and recorded as a warning on the execution, with and without the seccomp
 * filter; the same calls aimed elsewhere, and harmless ones at tot, still work. Under the eBPF
 * engine a seccomp filter refuses those that name tot's ids.
 */
class SelfProtectionTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void callsAimedAtTotAreRefusedAndRecorded(boolean seccomp) throws Exception {
        Path probe = CProbe.build("hostile", dir.resolve("bin"));
        Result r = TotProcess.log(dir, seccomp ? List.of("-t", "kill", "-o", "events.jsonl")
                : List.of("--no-seccomp", "-t", "kill", "-o", "events.jsonl"), probe.toString());
        List<String> warnings = assertCallsNamingTotRefused(r, probe);
        Map<String, String> outcome = outcomes();
        for (String refused : List.of("open_mem", "open_mem_dirfd", "open_task_mem", "open_fd", "open_oom_write")) {
            assertEquals("EACCES", outcome.get(refused), refused + " in " + outcome);
        }
        assertTrue(warnings.stream().anyMatch(w -> w.matches("refused opening /proc/\\d+/mem \\(tot's own process\\) \\(EACCES\\)( \\(\\d+ times\\))?")),
                warnings.toString());
        assertTrue(r.stderr().contains("tot: warning: " + probe + ": refused ptrace aimed at tot itself"), r.stderr());
        assertRefusedKillIsAnEvent();
    }

    /**
     * Under the eBPF engine no tracer stops the command: tot's guard, a seccomp filter the command
     * inherits from the thread that spawns it, refuses the calls that name tot's process or a
     * thread, and (its listener deciding) a signal sent to tot through a /proc/TOT directory fd,
     * native and i386, each a warning and, with --trace, an event with its EPERM, as under
     * ptrace. The /proc opens a filter cannot see are not refused (README).
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void underEbpfTheGuardRefusesCallsNamingTot(boolean i386) throws Exception {
        EbpfEngineTest.assumeEbpf();
        Path probe = i386 ? CProbe.build("hostile", dir.resolve("bin32"), List.of("-m32")) : CProbe.build("hostile", dir.resolve("bin"));
        Result r = TotProcess.log(dir, List.of("--engine", "ebpf", "-t", "kill", "-o", "events.jsonl"), probe.toString());
        assertCallsNamingTotRefused(r, probe);
        assertRefusedKillIsAnEvent();
    }

    /**
     * Signals sent to tot's process group from outside (a script's `kill -USR1 0`, a CI runner
     * signalling a job's group) whose default would end tot and that nothing in it handles are
     * sheltered, also glibc's 32 and tot's own WAKE (40): tot lives on and writes its record,
     * under both engines. (tot is run as a session of its own here, so that the group is tot's
     * alone: the command has a group of its own.)
     */
    @ParameterizedTest
    @ValueSource(strings = {"ptrace", "ebpf"})
    void signalsSentToTotsProcessGroupDoNotEndTot(String engine) throws Exception {
        if (engine.equals("ebpf")) EbpfEngineTest.assumeEbpf();
        String script = "import time\nopen('ready', 'w').close()\ntime.sleep(1.5)\nopen('after', 'w').close()\n"
                + "print('alive', flush=True)\n";
        ProcessBuilder pb = TotProcess.builder(dir, List.of("log", "--engine", engine, "-d", "deps.json", "--", TracingTest.PYTHON,
                "-c", script)).redirectOutput(dir.resolve("stdout.txt").toFile()).redirectError(dir.resolve("stderr.txt").toFile())
                .redirectInput(new java.io.File("/dev/null"));
        pb.command().add(0, "setsid"); // not a group leader: setsid execs tot, which leads its session and group
        Process p = pb.start();
        for (int i = 0; i < 400 && !Files.exists(dir.resolve("ready")); i++) Thread.sleep(25);
        assertTrue(Files.exists(dir.resolve("ready")), "the command did not start");
        int group = (int) p.pid();
        for (int signal : new int[] {Linux.SIGUSR1, Linux.SIGALRM, Linux.SIGIO, Linux.SIGABRT, Linux.SIGXCPU, Linux.SIGSYS,
                Linux.SIGPWR, Linux.SIGVTALRM, 32, 40, 44, 64}) {
            assertTrue(tot.linux.Signals.kill(-group, signal), "kill -" + signal + " -" + group);
        }
        assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "tot did not finish");
        Result r = TotProcess.read(dir, p.exitValue());
        assertEquals(0, r.status(), r.stderr());
        assertEquals("alive", Files.readString(dir.resolve("stdout.txt")).strip());
        Path real = dir.toRealPath();
        assertEquals(List.of(real.resolve("ready").toString(), real.resolve("after").toString()),
                Result.strings(r.deps().get(0).get("Outputs")));
    }

    /**
     * Every thread of tot the command can see is protected, also those tot starts around the
     * spawn (the eBPF engine's tot-spawn and tot-guard: a SIGKILL to any thread ends the JVM).
     * sched_setaffinity to its own mask is harmless when allowed, EPERM when refused.
     */
    @ParameterizedTest
    @ValueSource(strings = {"ptrace", "ebpf"})
    void everyThreadOfTotIsProtected(String engine) throws Exception {
        if (engine.equals("ebpf")) EbpfEngineTest.assumeEbpf();
        String script = """
                import os, time
                time.sleep(0.3)
                p = os.getppid()
                for t in sorted(os.listdir(f'/proc/{p}/task'), key=int):
                    try:
                        comm = open(f'/proc/{p}/task/{t}/comm').read().strip()
                        os.sched_setaffinity(int(t), os.sched_getaffinity(int(t)))
                        print(comm, 'OK')
                    except PermissionError:
                        print(comm, 'EPERM')
                    except (ProcessLookupError, FileNotFoundError):
                        pass
                """;
        Result r = TotProcess.log(dir, List.of("--engine", engine, "--db", "t.db"), TracingTest.PYTHON, "-c", script);
        assertEquals(0, r.status(), r.stderr());
        List<String> lines = Files.readAllLines(dir.resolve("stdout.txt"));
        assertTrue(lines.size() > 5, lines.toString());
        assertTrue(lines.stream().allMatch(l -> l.endsWith(" EPERM")), lines.toString());
        if (engine.equals("ebpf")) assertTrue(lines.contains("tot-guard EPERM"), lines.toString());
    }

    /**
     * In a pid namespace of its own a program's numbers name its own processes: its
     * {@code kill -9 -1} ends that namespace's processes and cannot reach tot, so it is not refused.
     */
    @ParameterizedTest
    @ValueSource(strings = {"ptrace", "ebpf"})
    void inAPidNamespaceOfItsOwnNoNumberIsTots(String engine) throws Exception {
        if (engine.equals("ebpf")) EbpfEngineTest.assumeEbpf();
        org.junit.jupiter.api.Assumptions.assumeTrue(new ProcessBuilder("unshare", "-p", "-f", "--mount-proc", "true").start().waitFor() == 0,
                "no pid namespaces here (unshare -p needs root)");
        Result r = TotProcess.log(dir, List.of("--engine", engine), "unshare", "-p", "-f", "--mount-proc", "sh", "-c",
                "sleep 60 & kill -9 -1; echo rc=$? > res; wait");
        assertEquals(0, r.status(), r.stderr());
        assertEquals("rc=0", Files.readString(dir.resolve("res")).strip());
        assertTrue(r.deps().stream().noneMatch(x -> x.toString().contains("refused")), r.deps().toString());
    }

    /**
     * An execve whose argv points 4 000 times at one 1 MiB string fails at once (E2BIG: the
     * kernel bounds each argument and their total); tot read every string first, 4 GiB, and
     * ended with an OutOfMemoryError, the run lost (here its heap is held to 256 MiB, as the
     * memory a traced program may take from the machine through tot should be). It reads no
     * further than the kernel's limits now: the failed execve is recorded, the command's status
     * is tot's.
     */
    @ParameterizedTest
    @ValueSource(strings = {"ptrace", "ebpf"})
    void anArgvPastTheKernelsLimitsCostsTotNoMore(String engine) throws Exception {
        if (engine.equals("ebpf")) EbpfEngineTest.assumeEbpf();
        Path probe = CProbe.build("argv_bomb", dir.resolve("bin"));
        Map<String, String> env = new LinkedHashMap<>(System.getenv());
        env.put("JAVA_TOOL_OPTIONS", "-Xmx256m");
        Result r = TotProcess.log(dir, dir, env, List.of("--engine", engine, "--no-db", "-o", "ev.jsonl"), List.of(probe.toString(), "4000"));
        assertEquals(0, r.status(), r.stderr());
        assertEquals("execve E2BIG", Files.readString(dir.resolve("stdout.txt")).strip());
        assertTrue(TotProcess.events(dir.resolve("ev.jsonl")).stream().anyMatch(e -> "execve".equals(e.path("name").asText())
                && "E2BIG".equals(e.path("err").asText())), "the failed execve is recorded");
    }

    /**
     * A filter of the program's own that asks a tracer for a call (SECCOMP_RET_TRACE) gets ENOSYS
     * with no tracer of its own; under ptrace tot is the tracer that sees that stop, and fails
     * the call the same way (with a warning) rather than letting it run.
     */
    @ParameterizedTest
    @ValueSource(strings = {"ptrace", "ebpf"})
    void aSeccompFilterOfTheProgramsOwnGetsNoTracer(String engine) throws Exception {
        if (engine.equals("ebpf")) EbpfEngineTest.assumeEbpf();
        Path probe = CProbe.build("own_seccomp", dir.resolve("bin"));
        Files.writeString(dir.resolve("own_seccomp.txt"), "x");
        Result r = TotProcess.log(dir, List.of("--engine", engine), probe.toString());
        assertEquals(0, r.status(), r.stderr());
        assertEquals("getpid=-1 (errno 38) open=-1 (errno 38)", Files.readString(dir.resolve("stdout.txt")).strip());
        assertTrue(Result.strings(r.deps().get(0).get("Inputs")).stream().noneMatch(p -> p.endsWith("own_seccomp.txt")));
        if (engine.equals("ptrace")) {
            assertTrue(Result.strings(r.deps().get(0).get("Warnings")).contains("openat: the program's own seccomp filter asked for"
                    + " a tracer (SECCOMP_RET_TRACE); as without tot, it failed with ENOSYS"), r.deps().toString());
        }
    }

    /**
     * A seccomp filter of the program's own with a listener would outrank tot's filter: the calls
     * it answers with CONTINUE would run with no stop for tot (a kill of tot, a deletion under -u).
     * It is refused (EPERM, a warning), with and without tot's filter; one without a listener is
     * installed as before.
     */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aListenerOfTheProgramsOwnIsRefused(boolean seccomp) throws Exception {
        Path probe = CProbe.build("own_listener", dir.resolve("bin"));
        Result r = TotProcess.log(dir, seccomp ? List.of("--no-db") : List.of("--no-db", "--no-seccomp"), probe.toString());
        assertEquals(0, r.status(), r.stderr());
        Map<String, String> outcome = outcomes();
        assertEquals("EPERM", outcome.get("listener"), outcome.toString());
        assertEquals("OK", outcome.get("plain_filter"), outcome.toString());
        assertTrue(Result.strings(r.deps().get(0).get("Warnings")).contains("refused seccomp with SECCOMP_FILTER_FLAG_NEW_LISTENER"
                + " (EPERM): the calls its listener answers would run without stopping for tot"), r.deps().toString());
    }

    /**
     * A child made with CLONE_UNTRACED would never stop for tot: where no filter stands in it
     * could kill tot or delete under -u. clone's flag is cleared (the child is traced: its kill of
     * tot is refused, its unlink becomes a check); a clone3 asking for it is refused (EPERM); and
     * where no filter stands in (--no-seccomp, -t all) every clone3 is refused with ENOSYS, as
     * another thread could set the flag in memory after tot read it.
     */
    @ParameterizedTest
    @ValueSource(strings = {"seccomp", "--no-seccomp", "all"})
    void aChildThatAsksNotToBeTracedIsTracedAnyway(String mode) throws Exception {
        Path probe = CProbe.build("untraced_clone", dir.resolve("bin"));
        Files.writeString(dir.resolve("victim.txt"), "kept\n");
        List<String> flags = switch (mode) {
            case "seccomp" -> List.of("-u", "--no-db");
            case "all" -> List.of("-u", "--no-db", "-t", "all");
            default -> List.of("-u", "--no-db", mode);
        };
        Result r = TotProcess.log(dir, flags, probe.toString(), "victim.txt");
        assertEquals(0, r.status(), r.stderr()); // tot was not killed
        Map<String, String> outcome = outcomes();
        assertEquals("OK", outcome.get("clone"), outcome.toString());
        assertEquals("EPERM", outcome.get("clone_kill"), outcome.toString());
        assertEquals("OK", outcome.get("clone_unlink"), outcome.toString()); // the check, as -u makes it
        assertEquals("kept\n", Files.readString(dir.resolve("victim.txt")));
        assertEquals("EPERM", outcome.get("clone3"), outcome.toString());
        assertEquals(mode.equals("seccomp") ? "OK" : "ENOSYS", outcome.get("clone3_plain"), outcome.toString());
        List<String> warnings = Result.strings(r.byArgs(probe.toString(), "victim.txt").get("Warnings"));
        assertTrue(warnings.contains("clone: CLONE_UNTRACED cleared (tot traces every child)"), warnings.toString());
        assertTrue(warnings.contains("refused clone3 with CLONE_UNTRACED (EPERM): tot traces every child"), warnings.toString());
        assertEquals(!mode.equals("seccomp"), warnings.stream().anyMatch(w -> w.startsWith("refused clone3 (ENOSYS) where no seccomp"
                + " filter stands in")), warnings.toString());
        assertTrue(r.deps().stream().anyMatch(x -> Result.strings(x.get("Deleted")).stream().anyMatch(p -> p.endsWith("/victim.txt"))),
                "the traced child's attempt is recorded: " + r.deps());
    }

    /**
     * pidfd_open of tot is refused, but a root program can open a pidfd of tot's process or of any
     * thread of it by a pidfs file handle (Linux 6.13+: the handle is the pid's inode number, found
     * by counting down from its own). pidfd_getfd through it would copy tot's fds (under eBPF its
     * maps and its guard's listener), process_madvise and process_mrelease act on tot's memory: all
     * are refused as pidfd_send_signal is, under both engines; through its own pidfd they work.
     */
    @ParameterizedTest
    @ValueSource(strings = {"ptrace", "ebpf"})
    void aPidfdOfTotOpenedByHandleReachesNothing(String engine) throws Exception {
        if (engine.equals("ebpf")) EbpfEngineTest.assumeEbpf();
        Path probe = CProbe.build("pidfs_handle", dir.resolve("bin"));
        Result r = TotProcess.log(dir, List.of("--engine", engine, "--no-db"), probe.toString());
        assertEquals(0, r.status(), r.stderr());
        Map<String, String> outcome = outcomes();
        org.junit.jupiter.api.Assumptions.assumeTrue("OK".equals(outcome.get("pidfs_handle")),
                "no pidfd of tot by a pidfs file handle here (Linux 6.13+, CAP_DAC_READ_SEARCH): " + outcome);
        for (String refused : List.of("pidfd_getfd", "pidfd_getfd_thread", "process_madvise", "process_mrelease", "pidfd_send_signal_thread")) {
            assertEquals("EPERM", outcome.get(refused), refused + " in " + outcome);
        }
        for (String allowed : List.of("pidfd_getfd_self", "process_madvise_self")) {
            assertEquals("OK", outcome.get(allowed), allowed + " in " + outcome);
        }
        List<String> warnings = Result.strings(r.byArgs(probe.toString()).get("Warnings"));
        for (String call : List.of("pidfd_getfd", "process_madvise", "process_mrelease", "pidfd_send_signal")) {
            assertTrue(warned(warnings, "refused " + call + " aimed at tot itself (EPERM)"), call + ": " + warnings);
        }
    }

    /**
     * A program that makes itself not dumpable (PR_SET_DUMPABLE 0, as ssh-agent does) is closed to a tot
     * without CAP_SYS_PTRACE (here root with an empty bounding set): neither its memory nor its /proc
     * fd links can be read. Its calls that succeed all the same are each a warning, never silently
     * lost, and an owner named in its memory (F_SETOWN_EX), which could be tot with F_SETSIG's
     * SIGKILL, is refused: tot lives and writes its record.
     */
    @org.junit.jupiter.api.Test
    void aProgramClosedToTotCannotNameTotAndItsCallsAreWarned() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(OracleSuiteTest.onPath("setpriv"), "setpriv is not installed");
        org.junit.jupiter.api.Assumptions.assumeTrue(ProcessHandle.current().info().user().orElse("").equals("root"),
                "needs root to drop capabilities");
        Path probe = CProbe.build("undumpable", dir.resolve("bin"));
        Files.writeString(dir.resolve("in.txt"), "x\n");
        Files.writeString(dir.resolve("data.txt"), "decoy 0 OK\n"); // cat prints it among the probe's outcomes
        Files.writeString(Files.createDirectories(dir.resolve("sub")).resolve("data.txt"), "sub_data 0 OK\n");
        ProcessBuilder tot = TotProcess.builder(dir, List.of("log", "-d", "deps.json", "--no-db", "--", probe.toString()));
        List<String> cmd = new java.util.ArrayList<>(List.of("setpriv", "--bounding-set", "-all", "--inh-caps", "-all", "--"));
        cmd.addAll(tot.command());
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectInput(new java.io.File("/dev/null"))
                .redirectOutput(dir.resolve("stdout.txt").toFile()).redirectError(dir.resolve("stderr.txt").toFile());
        Result r = TotProcess.read(dir, TotProcess.finish(pb, 120, "tot").exitValue());
        assertEquals(0, r.status(), r.stderr()); // not killed by the SIGIO it was to be sent
        Map<String, String> outcome = outcomes();
        assertEquals("OK", outcome.get("rename"), outcome.toString());
        assertEquals("OK", outcome.get("sub_data"), outcome.toString());
        assertEquals("EPERM", outcome.get("fcntl_setown_ex_tot"), outcome.toString());
        List<String> warnings = Result.strings(r.byArgs(probe.toString()).get("Warnings"));
        for (String call : List.of("openat", "rename")) {
            assertTrue(warnings.stream().anyMatch(w -> w.startsWith(call + ": its arguments could not be read from the program's memory")),
                    call + ": " + warnings);
        }
        assertTrue(warned(warnings, "refused fcntl (EPERM): the process it names could not be read from the program's memory"
                + " (not dumpable, and tot is not root)"), warnings.toString());
        // the chdir it made unseen: cat, readable again, reads in the directory the kernel gives, not the one before
        Path real = dir.toRealPath();
        assertEquals(real.resolve("sub").toString(), r.byArgs("cat", "data.txt").get("Cmd").get("Dir").asText());
        List<String> inputs = Result.strings(r.byArgs("cat", "data.txt").get("Inputs"));
        assertTrue(inputs.contains(real.resolve("sub/data.txt").toString()) && !inputs.contains(real.resolve("data.txt").toString()),
                inputs.toString());
    }

    /**
     * Under eBPF a root program can read the ids of tot's bpf maps and programs (tot's /proc
     * fdinfo is not refused there, and ids can be enumerated anyway) and open them by id: it could
     * then change the tables that say what is recorded. The guard refuses bpf's *_GET_FD_BY_ID of
     * tot's own objects (EPERM, a warning); a map of the program's own still opens by its id.
     */
    @org.junit.jupiter.api.Test
    void underEbpfTotsBpfObjectsCannotBeOpenedById() throws Exception {
        EbpfEngineTest.assumeEbpf();
        String script = """
                import ctypes, os, struct
                libc = ctypes.CDLL(None, use_errno=True)
                def bpf(cmd, attr):
                    buf = ctypes.create_string_buffer(attr, 128)
                    r = libc.syscall(321, cmd, buf, 128)
                    return r, ctypes.get_errno(), buf
                def by_id(cmd, i):
                    fd, err, _ = bpf(cmd, struct.pack('I', i))
                    return 'OK' if fd >= 0 else os.strerror(err)
                tot = os.getppid()
                ids = {'map_id': [], 'prog_id': []}
                for fd in os.listdir('/proc/%d/fdinfo' % tot):
                    for line in open('/proc/%d/fdinfo/%s' % (tot, fd)):
                        key = line.split(':')[0]
                        if key in ids: ids[key].append(int(line.split()[1]))
                print('tot_maps', sorted({by_id(14, i) for i in ids['map_id']}))
                print('tot_progs', sorted({by_id(13, i) for i in ids['prog_id']}))
                own, err, _ = bpf(0, struct.pack('IIII', 2, 4, 4, 1))  # BPF_MAP_CREATE, an array of one int
                info = ctypes.create_string_buffer(80)
                bpf(15, struct.pack('IIQ', own, 80, ctypes.addressof(info)))  # BPF_OBJ_GET_INFO_BY_FD: its id
                print('own_map', by_id(14, struct.unpack_from('I', info, 4)[0]))
                """;
        Result r = TotProcess.log(dir, List.of("--engine", "ebpf", "--no-db"), TracingTest.PYTHON, "-c", script);
        assertEquals(0, r.status(), r.stderr());
        assertEquals(List.of("tot_maps ['Operation not permitted']", "tot_progs ['Operation not permitted']", "own_map OK"),
                Files.readAllLines(dir.resolve("stdout.txt")));
        assertTrue(r.stderr().contains("refused bpf aimed at tot itself (EPERM)"), r.stderr());
    }

    /** Under eBPF tot's watchdog is guarded as tot is: the command can neither kill it nor its group. */
    @org.junit.jupiter.api.Test
    void underEbpfTheWatchdogIsGuardedToo() throws Exception {
        EbpfEngineTest.assumeEbpf();
        String script = """
                import os, signal
                for p in os.listdir('/proc'):
                    try:
                        argv = open('/proc/%s/cmdline' % p, 'rb').read().split(b'\\0')
                        ppid = int(open('/proc/%s/stat' % p).read().rsplit(')', 1)[1].split()[1])
                    except (OSError, ValueError):
                        continue
                    if len(argv) > 3 and argv[3] == b'tot-watchdog' and ppid == os.getppid():
                        for target in (int(p), -int(p)):
                            try:
                                os.kill(target, signal.SIGKILL)
                                print(target > 0 and 'process' or 'group', 'killed')
                            except PermissionError:
                                print(target > 0 and 'process' or 'group', 'refused')
                """;
        Result r = TotProcess.log(dir, List.of("--engine", "ebpf", "--no-db"), TracingTest.PYTHON, "-c", script);
        assertEquals(0, r.status(), r.stderr());
        assertEquals(List.of("process refused", "group refused"), Files.readAllLines(dir.resolve("stdout.txt")));
    }

    /** setpriority(PRIO_USER, who): tot's when who is tot's real uid, or 0 from a caller of that uid (0 is the caller's). */
    @org.junit.jupiter.api.Test
    void aUserIsTotsWhenItIsTotsRealUid() {
        OwnIds own = OwnIds.now();
        int caller = tot.linux.Signals.gettid(); // a task of tot's uid, in its user namespace
        assertTrue(own.isUserOf(0, caller));
        assertTrue(own.isUserOf(own.uid(), caller));
        assertTrue(!own.isUserOf(own.uid() + 1, caller));
    }

    /** A uid of another user namespace is the uid its map gives in tot's (setpriority(PRIO_USER) there reaches tot so). */
    @org.junit.jupiter.api.Test
    void aUidOfAnotherUserNamespaceIsMappedToTots() throws Exception {
        Process p = new ProcessBuilder("unshare", "-U", "--map-user=1000", "--map-group=1000", "sleep", "30").start();
        try {
            java.nio.file.Path map = java.nio.file.Path.of("/proc/" + p.pid() + "/uid_map");
            for (int i = 0; i < 100 && (!Files.exists(map) || Files.readString(map).isBlank()
                    || !Files.readString(java.nio.file.Path.of("/proc/" + p.pid() + "/comm")).strip().equals("sleep")); i++) Thread.sleep(20);
            org.junit.jupiter.api.Assumptions.assumeFalse(Files.readString(map).isBlank(), "no user namespaces here");
            int own = OwnIds.now().uid();
            assertEquals(own, ProcFs.uidSeenByTot((int) p.pid(), 1000));
            assertEquals(-1, ProcFs.uidSeenByTot((int) p.pid(), 5), "unmapped");
        } finally {
            p.destroyForcibly();
        }
    }

    /**
     * What both engines refuse, each with its warning: the calls that name tot's process or
     * threads, and a signal through a /proc/TOT fd; harmless ones at tot, and the same calls at
     * the probe itself, still work. Returns the probe's warnings.
     */
    private List<String> assertCallsNamingTotRefused(Result r, Path probe) throws Exception {
        assertEquals(0, r.status(), r.stderr()); // tot was neither stopped nor killed, and wrote its record
        Map<String, String> outcome = outcomes();
        for (String refused : List.of("ptrace_attach", "ptrace_seize", "kill_stop", "tgkill_stop", "tkill_stop",
                "process_vm_readv", "pidfd_open", "prlimit_nofile", "perf_event_open", "perf_event_open_cgroup", "setpriority", "setpriority_pgrp", "ioprio_set_pgrp", "fcntl_setown",
                "fcntl_setown_ex", "ioctl_fiosetown", "pidfd_send_signal_procdir")) {
            assertEquals("EPERM", outcome.get(refused), refused + " in " + outcome);
        }
        for (String allowed : List.of("kill_zero", "open_status", "open_proc_dir", "kill_self_zero", "setpriority_own_pgrp", "prlimit_self",
                "fcntl_setown_self", "fcntl_setown_ex_self", "ioctl_fiosetown_self")) {
            assertEquals("OK", outcome.get(allowed), allowed + " in " + outcome);
        }
        List<String> warnings = Result.strings(r.byArgs(probe.toString()).get("Warnings"));
        for (String call : List.of("ptrace", "kill", "tgkill", "tkill", "process_vm_readv", "pidfd_open", "prlimit64", "perf_event_open",
                "setpriority", "ioprio_set", "fcntl", "ioctl", "pidfd_send_signal")) {
            assertTrue(warned(warnings, "refused " + call + " aimed at tot itself (EPERM)")
                    || warned(warnings, "refused " + call + "64 aimed at tot itself (EPERM)"), call + ": " + warnings); // i386's fcntl64
        }
        return warnings;
    }

    /** Whether {@code message} is among an execution's warnings, once or with its count ("… (2 times)"). */
    private static boolean warned(List<String> warnings, String message) {
        return warnings.stream().anyMatch(w -> w.equals(message) || w.startsWith(message + " (") && w.endsWith(" times)"));
    }

    /** The refused kill(tot, SIGSTOP) is a syscall event with its EPERM, and kill(tot, 0) one that succeeded. */
    private void assertRefusedKillIsAnEvent() throws Exception {
        List<String> kills = Files.readAllLines(dir.resolve("events.jsonl")).stream()
                .filter(l -> l.contains("\"name\":\"kill\"")).toList();
        assertTrue(kills.stream().anyMatch(l -> l.contains("\"SIGSTOP\"]") && l.contains("\"err\":\"EPERM\"")), kills.toString());
        assertTrue(kills.stream().anyMatch(l -> l.contains("\"0\"]") && l.contains("\"ret\":0")), kills.toString());
    }

    private Map<String, String> outcomes() throws Exception {
        Map<String, String> outcome = new LinkedHashMap<>();
        for (String line : Files.readAllLines(dir.resolve("stdout.txt"))) {
            String[] f = line.split(" ");
            outcome.put(f[0], f[2]);
        }
        return outcome;
    }
}
