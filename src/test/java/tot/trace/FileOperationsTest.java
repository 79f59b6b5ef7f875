package tot.trace;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tot.trace.TotProcess.Result;

/** Each file operation of the syscall table, traced for real: what deps.json and the events record. */
class FileOperationsTest {
    @TempDir
    Path dir;
    /** The temp dir's real path, as tot records it. */
    String root;

    @BeforeEach
    void realPath() throws IOException {
        root = dir.toRealPath().toString();
    }

    private String abs(String name) {
        return root + "/" + name;
    }

    private static List<String> list(JsonNode n) {
        return Result.strings(n);
    }

    /** The probe as a native program and as an i386 one (gcc -m32: the 32-bit syscall ABI, its own numbers). */
    @ParameterizedTest(name = "cc {0}")
    @ValueSource(strings = {"-m64", "-m32"})
    void everyFileOperationOfTheProbe(String abi) throws Exception {
        Path probe = CProbe.build("fileops", dir.resolve("bin"), List.of(abi));
        Files.writeString(dir.resolve("in.txt"), "in\n");
        for (String f : List.of("x1", "x2", "trunc1", "trunc2")) Files.writeString(dir.resolve(f), f);
        Files.createDirectory(dir.resolve("pre")); // opened without O_DIRECTORY, then removed
        Result r = TotProcess.log(dir, List.of("-o", "events.jsonl"), probe.toString());
        assertEquals(0, r.status(), r.stderr());
        JsonNode x = r.deps().get(0);

        assertEquals(List.of(abs("in.txt"), abs("trunc2")),
                list(x.get("Inputs")).stream().filter(p -> p.startsWith(root)).toList(),
                "link's old name and the file read before ftruncate; not O_PATH, nor the directories read and removed: " + x);
        assertEquals(List.of("r1.out", "r2.out", "r3.out", "x1", "x2", "hard1", "hard2", "sym1", "sym2", "node1", "fifo1", "inroot.out",
                        "u1", "u2", "trunc1", "trunc2", "tmpfile.out"),
                list(x.get("Outputs")).stream().map(p -> p.substring(p.lastIndexOf('/') + 1)).toList(),
                "renamed outputs under their new names, in place; both sides of RENAME_EXCHANGE; links; mknod's nodes; truncations; "
                        + "the O_TMPFILE under its linked name; not the memfd or the socket: " + x);
        assertTrue(list(x.get("Outputs")).contains(abs("root2/inroot.out")), "openat2's RESOLVE_IN_ROOT: in its directory: " + x);
        assertEquals(List.of(abs("r1"), abs("r2"), abs("r3"), abs("u1"), abs("u2"), abs("d1"), abs("d2"), abs("d3"), abs("pre")),
                list(x.get("Deleted")));
        assertEquals(List.of("io_uring_setup: file I/O through the ring is not visible to tot"), list(x.get("Warnings")));
        assertTrue(r.stderr().contains("tot: warning: " + probe + ": io_uring_setup"), r.stderr());

        List<JsonNode> events = TotProcess.events(dir.resolve("events.jsonl"));
        JsonNode mkdir = events.stream().filter(e -> "mkdir".equals(e.path("name").asText())).findFirst().orElseThrow();
        assertEquals(List.of(abs("d1")), list(mkdir.get("paths")));
        assertEquals(0, mkdir.get("ret").asInt());
        assertTrue(events.stream().anyMatch(e -> "renamed".equals(e.get("ev").asText())
                && e.get("to").asText().equals(abs("r1.out"))), "renamed events");
        assertTrue(events.stream().anyMatch(e -> "memfd_create".equals(e.path("name").asText())));
    }

    /**
     * int $0x80 from a 64-bit program: i386 calls are decoded (socketcall and ipc unwrapped into
     * their calls) and --undelete holds for them; an unknown number cannot be decoded: never
     * silently, a warning on the execution; an x32 call is refused (ENOSYS) with a warning.
     */
    @Test
    void i386CallsOfA64BitProgramAndWhatTotCannotDecode() throws Exception {
        Path probe = CProbe.build("int80", dir.resolve("bin"), List.of("-no-pie"));
        Files.writeString(dir.resolve("int80.gone"), "kept\n");
        Result r = TotProcess.log(dir, List.of("-u", "-t", INT80_CALLS, "-o", "events.jsonl"), probe.toString());
        assertEquals(0, r.status(), r.stderr());
        assertEquals("open 3 unlink 0 socket 0 sendto -107 msgctl -22 msgrcv -22 unknown -38 x32 -1 errno 38",
                Files.readString(dir.resolve("stdout.txt")).strip());
        assertEquals("hi\n", Files.readString(dir.resolve("int80.out")));
        assertEquals("kept\n", Files.readString(dir.resolve("int80.gone")), "--undelete holds for i386 and x32 unlinks");
        JsonNode x = r.deps().get(0);
        assertEquals(List.of(abs("int80.out")), list(x.get("Outputs")));
        assertEquals(List.of(abs("int80.gone")), list(x.get("Deleted")));
        assertEquals(List.of("i386 syscall 1000 is unknown to tot: what it did is not recorded",
                "refused x32 syscall unlink (ENOSYS): tot does not decode the x32 ABI"), list(x.get("Warnings")));
        List<JsonNode> events = TotProcess.events(dir.resolve("events.jsonl"));
        assertMultiplexedCallsUnwrapped(events);
        assertTrue(events.stream().anyMatch(e -> "warning".equals(e.get("ev").asText()) && e.path("exec").asInt() == 1
                && e.get("message").asText().endsWith("i386 syscall 1000 is unknown to tot: what it did is not recorded")));
    }

    /** The calls of the int80 probe whose events {@link #assertMultiplexedCallsUnwrapped} checks. */
    static final String INT80_CALLS = "socket,sendto,msgctl,msgrcv,open";

    /**
     * The int80 probe's i386 socketcall and ipc calls are events of the calls they stand for, with
     * those calls' own arguments (as the kernel's compat socketcall and ipc pass them on):
     * socketcall's from the words its argument points to, ipc's in each call's order, and msgrcv's
     * old form (glibc's on i386) with msgp and msgtyp from the words at ptr.
     */
    static void assertMultiplexedCallsUnwrapped(List<JsonNode> events) {
        assertEquals(List.of("AF_UNIX", "SOCK_STREAM", "0"), argsOf(events, "socket"), "socketcall(SYS_SOCKET, args) as socket(args)");
        List<String> sendto = argsOf(events, "sendto");
        assertEquals("3", sendto.getFirst().replaceFirst("<.*", ""), "sendto's fd: " + sendto);
        assertTrue(sendto.get(1).matches("0x[0-9a-f]+"), "sendto's buffer: " + sendto);
        assertEquals(List.of("3", "0", "NULL", "0"), sendto.subList(2, 6), "sendto's six words: " + sendto);
        assertEquals(List.of("-1", "2", "NULL"), argsOf(events, "msgctl"), "ipc(MSGCTL, first, second, third, ptr)");
        List<String> msgrcv = argsOf(events, "msgrcv");
        assertTrue(msgrcv.get(1).matches("0x[0-9a-f]+"), "msgrcv's msgp, read at ptr: " + msgrcv);
        assertEquals(List.of("-1", "16", "7", "0"), List.of(msgrcv.get(0), msgrcv.get(2), msgrcv.get(3), msgrcv.get(4)),
                "msgrcv(first, msgp, second, msgtyp, third): " + msgrcv);
        assertTrue(events.stream().noneMatch(e -> e.path("name").asText().matches("socketcall|ipc")), "no multiplexer left");
    }

    private static List<String> argsOf(List<JsonNode> events, String name) {
        return list(events.stream().filter(e -> name.equals(e.path("name").asText())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " event in " + events)).get("args"));
    }

    @Test
    void failedCallsAreEventsWithTheirErrno() throws Exception {
        Result r = TotProcess.log(dir, List.of("-o", "events.jsonl"), "sh", "-c",
                "mv missing elsewhere 2>/dev/null; rm missing 2>/dev/null; cat missing 2>/dev/null; mkdir . 2>/dev/null; true");
        assertEquals(0, r.status(), r.stderr());
        List<JsonNode> events = TotProcess.events(dir.resolve("events.jsonl"));
        for (String call : List.of("renameat2|rename|renameat", "unlinkat|unlink", "openat", "mkdir|mkdirat")) {
            assertTrue(events.stream().anyMatch(e -> e.path("name").asText().matches(call)
                    && e.path("err").asText().matches("ENOENT|EEXIST")
                    && list(e.get("paths")).stream().anyMatch(p -> p.startsWith(root))),
                    call + " failing with its errno in " + events);
        }
        for (JsonNode x : r.deps()) {
            assertTrue(list(x.get("Outputs")).stream().noneMatch(p -> p.endsWith("/elsewhere")), "failed calls are not records");
            assertNull(x.get("Deleted"), x.toString());
        }
    }

    @Test
    void mvOfATempFileShowsTheFinalNameInTheRunningShell() throws Exception {
        Result r = TotProcess.log(dir, List.of(), "sh", "-c", "echo x > out.tmp; mv out.tmp out; cat out");
        assertEquals(0, r.status(), r.stderr());
        JsonNode sh = r.byArgs("sh", "-c", "echo x > out.tmp; mv out.tmp out; cat out");
        JsonNode mv = r.byArgs("mv", "out.tmp", "out");
        assertEquals(List.of(abs("out")), list(sh.get("Outputs")));
        assertEquals(List.of(abs("out")), list(mv.get("Outputs")));
        assertEquals(List.of(abs("out.tmp")), list(mv.get("Deleted")));
        assertTrue(list(r.byArgs("cat", "out").get("Inputs")).contains(abs("out")));
    }

    @Test
    void pythonWritesThroughATempFileAndOsReplace() throws Exception {
        Result r = TotProcess.log(dir, List.of(), TracingTest.PYTHON, "-c",
                "import os, tempfile\n"
                + "fd, tmp = tempfile.mkstemp(dir='.')\n"
                + "os.write(fd, b'data'); os.close(fd)\n"
                + "os.replace(tmp, 'final.txt')\n");
        assertEquals(0, r.status(), r.stderr());
        JsonNode py = r.deps().getLast();
        assertEquals(List.of(abs("final.txt")), list(py.get("Outputs")));
        assertEquals(1, list(py.get("Deleted")).size());
        assertTrue(list(py.get("Inputs")).stream().noneMatch(p -> p.startsWith(root)),
                "a file created with O_CREAT|O_EXCL is not read: " + py);
    }

    @Test
    void copyFileRangeAndSendfileNeedNothingExtra() throws Exception {
        Files.writeString(dir.resolve("f"), "content\n".repeat(1000));
        Result r = TotProcess.log(dir, List.of(), "sh", "-c", "cp f g; cat f > h");
        assertEquals(0, r.status(), r.stderr());
        JsonNode cp = r.byArgs("cp", "f", "g");
        assertTrue(list(cp.get("Inputs")).contains(abs("f")));
        assertEquals(List.of(abs("g")), list(cp.get("Outputs")));
        JsonNode cat = r.byArgs("cat", "f");
        assertTrue(list(cat.get("Inputs")).contains(abs("f")));
        assertEquals(List.of(abs("h")), list(r.byArgs("sh", "-c", "cp f g; cat f > h").get("Outputs")));
        assertEquals("content\n".repeat(1000), Files.readString(dir.resolve("g")));
    }

    /**
     * --undelete refuses io_uring_setup (ENOSYS, with a warning): a ring's IORING_OP_UNLINKAT
     * deletes with no call tot could turn into a check. The program falls back or fails; the
     * file stays.
     */
    @Test
    void undeleteRefusesIoUring() throws Exception {
        Path probe = CProbe.build("uring_unlink", dir.resolve("bin"));
        Files.writeString(dir.resolve("victim.txt"), "kept\n");
        Result r = TotProcess.log(dir, List.of("-u", "--no-db"), probe.toString(), "victim.txt");
        assertEquals(0, r.status(), r.stderr());
        assertEquals("io_uring_setup -1 ENOSYS", Files.readString(dir.resolve("stdout.txt")).strip());
        assertEquals("kept\n", Files.readString(dir.resolve("victim.txt")));
        assertEquals(List.of("refused io_uring_setup under --undelete (ENOSYS, as without io_uring): a deletion through the ring"
                + " could not be turned into a check"), list(r.deps().get(0).get("Warnings")));
    }

    /**
     * `tot log` started by {@code prefix} (a probe that makes an io_uring ring and then runs tot):
     * {@code tot log -d deps.json extra… -- command…}.
     */
    private Result logUnder(List<String> prefix, List<String> extra, String... command) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("log", "-d", "deps.json"));
        args.addAll(extra);
        args.add("--");
        args.addAll(List.of(command));
        ProcessBuilder pb = TotProcess.builder(dir, args).redirectOutput(dir.resolve("stdout.txt").toFile())
                .redirectError(dir.resolve("stderr.txt").toFile()).redirectInput(new java.io.File("/dev/null"));
        pb.command().addAll(0, prefix);
        return TotProcess.read(dir, TotProcess.finish(pb, 120, "tot").exitValue());
    }

    /**
     * A ring made outside the trace needs no io_uring_setup (which --undelete refuses): one the
     * command would inherit from tot makes -u refuse to start (exit 2, the file stays), and a
     * copy of another process's ring (pidfd_getfd) is refused under -u (EPERM, a warning).
     * Without that the ring's IORING_OP_UNLINKAT deleted the file, with nothing recorded.
     */
    @Test
    void undeleteRefusesRingsMadeOutsideTheTrace() throws Exception {
        String probe = CProbe.build("uring_inherit", dir.resolve("bin")).toString();
        Files.writeString(dir.resolve("victim.txt"), "kept\n");
        Result inherited = logUnder(List.of(probe, "hold", "9"), List.of("-u", "--no-db"), probe, "unlink", "9", "victim.txt");
        assertEquals(2, inherited.status(), inherited.stderr());
        assertEquals("tot: -u: fd 9, which the command would inherit, is an io_uring ring: a deletion through it could not be"
                + " turned into a check (close it for tot: 9<&-)", inherited.stderr().strip());
        assertEquals("kept\n", Files.readString(dir.resolve("victim.txt")));
        assertFalse(Files.exists(dir.resolve("deps.json")));

        Result copied = logUnder(List.of(probe, "lend", "9"), List.of("-u", "--no-db"), probe, "steal", "9", "victim.txt");
        assertEquals(0, copied.status(), copied.stderr());
        assertEquals("pidfd_getfd -1 EPERM", Files.readString(dir.resolve("stdout.txt")).strip());
        assertEquals("kept\n", Files.readString(dir.resolve("victim.txt")));
        assertEquals(List.of("refused pidfd_getfd of another process's io_uring ring under --undelete (EPERM): a deletion"
                + " through the ring could not be turned into a check"), list(copied.deps().get(0).get("Warnings")));
    }

    /**
     * Under -u a traced program must not make a process outside the trace delete for it (hostile24):
     * attaching to it with ptrace, writing its memory with process_vm_writev or through
     * /proc/PID/mem are refused (EPERM, EPERM, EACCES), a warning each. Without -u they reach the
     * kernel, which lets root do them.
     */
    @Test
    void undeleteRefusesDrivingAProcessOutsideTheTrace() throws Exception {
        String probe = CProbe.build("outside_reach", dir.resolve("bin")).toString();
        Process outside = new ProcessBuilder("sleep", "60").start();
        try {
            String pid = Long.toString(outside.pid());
            Result refused = TotProcess.log(dir, List.of("-u", "--no-db"), probe, pid);
            assertEquals(0, refused.status(), refused.stderr());
            assertEquals("EPERM\nEPERM\nEACCES", Files.readString(dir.resolve("stdout.txt")).strip());
            assertEquals(List.of("refused ptrace(PTRACE_SEIZE, " + pid + ") under --undelete (EPERM): a process it drove would delete"
                    + " files without tot", "refused process_vm_writev(" + pid + ") of a process outside the trace under --undelete"
                    + " (EPERM): it would delete files without tot", "refused opening /proc/" + pid + "/mem for writing, a process"
                    + " outside the trace, under --undelete (EACCES): it would delete files without tot"),
                    list(refused.deps().get(0).get("Warnings")));
            if (((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue() == 0) {
                Result plain = TotProcess.log(dir, List.of("--no-db"), probe, pid);
                assertEquals(0, plain.status(), plain.stderr());
                assertEquals("0\nEFAULT\n0", Files.readString(dir.resolve("stdout.txt")).strip(), "root may, without -u");
            }
        } finally {
            outside.destroyForcibly().waitFor();
        }
    }

    /**
     * Without -u the kernel lets root attach to a process outside the trace, write its memory
     * with process_vm_writev and through /proc/PID/mem: what that process then does for the
     * program is not recorded, so each is a warning on the execution (the eBPF engine's kernel
     * side sees these calls too). The same calls aimed at a child in the trace are no warning.
     */
    @ParameterizedTest
    @ValueSource(strings = {"ptrace", "ebpf"})
    void drivingAProcessOutsideTheTraceIsAWarning(String engine) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue() == 0,
                "only root may reach any process");
        if (engine.equals("ebpf")) EbpfEngineTest.assumeEbpf();
        String probe = CProbe.build("outside_reach", dir.resolve("bin")).toString();
        Process outside = new ProcessBuilder(probe, "hold").start();
        try {
            String pid = Long.toString(outside.pid());
            String buffer = new java.io.BufferedReader(new java.io.InputStreamReader(outside.getInputStream())).readLine();
            Result r = TotProcess.log(dir, List.of("--engine", engine, "--no-db"), probe, pid, buffer);
            assertEquals(0, r.status(), r.stderr());
            assertEquals("0\n0\n0", Files.readString(dir.resolve("stdout.txt")).strip(), "root may, without -u");
            String outsideIt = ": process " + pid + " is outside the trace: what it does for the program is not recorded";
            assertEquals(List.of("ptrace(PTRACE_SEIZE, " + pid + ")" + outsideIt, "process_vm_writev(" + pid + ")" + outsideIt,
                    "opening /proc/" + pid + "/mem for writing" + outsideIt), list(r.deps().get(0).get("Warnings")));
            Result inside = TotProcess.log(dir, List.of("--engine", engine, "--no-db"), probe, "child");
            assertEquals(0, inside.status(), inside.stderr());
            assertEquals(engine.equals("ptrace") ? "EPERM\n0\n0" : "0\n0\n0", Files.readString(dir.resolve("stdout.txt")).strip(),
                    "tot's ptrace engine traces the child already");
            assertEquals(List.of(), list(inside.deps().get(0).get("Warnings")));
        } finally {
            outside.destroyForcibly().waitFor();
        }
    }

    /**
     * File I/O through a ring the program did not make (inherited, or copied from another
     * process) passes no call tot sees: a warning on the execution says so, as io_uring_setup's
     * does (a copy: the ptrace engine asks /proc at the call; the eBPF engine afterwards, and says
     * so when the program is gone by then).
     */
    @ParameterizedTest
    @ValueSource(strings = {"ptrace", "ebpf"})
    void aRingMadeOutsideTheTraceIsAWarning(String engine) throws Exception {
        if (engine.equals("ebpf")) EbpfEngineTest.assumeEbpf();
        String probe = CProbe.build("uring_inherit", dir.resolve("bin")).toString();
        Files.writeString(dir.resolve("a.txt"), "a");
        Result inherited = logUnder(List.of(probe, "hold", "9"), List.of("--engine", engine, "--no-db"), probe, "unlink", "9", "a.txt");
        assertEquals(0, inherited.status(), inherited.stderr());
        assertFalse(Files.exists(dir.resolve("a.txt")), "the ring removed it");
        String warning = "is an io_uring ring this program did not make (inherited or received): file I/O through it is not"
                + " visible to tot";
        assertEquals(List.of("fd 9 " + warning), list(inherited.deps().get(0).get("Warnings")));
        Files.writeString(dir.resolve("b.txt"), "b");
        Result copied = logUnder(List.of(probe, "lend", "9"), List.of("--engine", engine, "--no-db"), probe, "steal", "9", "b.txt");
        assertEquals(0, copied.status(), copied.stderr());
        assertFalse(Files.exists(dir.resolve("b.txt")), "the ring removed it");
        List<String> warnings = list(copied.deps().get(0).get("Warnings"));
        if (engine.equals("ptrace")) assertEquals(List.of("fd 4 " + warning), warnings, copied.deps().toString());
        else assertTrue(warnings.equals(List.of("fd 4 " + warning)) || warnings.equals(List.of("pidfd_getfd: the fd it copied from"
                + " another process could not be looked at: file I/O through an io_uring ring would not be visible to tot")),
                "the eBPF engine looks afterwards: a ring, or said unknown (the program ended first): " + warnings);
    }

    @Test
    void undeleteKeepsTheFilesAndRecordsTheAttempts() throws Exception {
        Files.writeString(dir.resolve("f"), "keep me");
        Files.createDirectories(dir.resolve("d/e"));
        Files.writeString(dir.resolve("d/e/g"), "me too");
        Result r = TotProcess.log(dir, List.of("-u"), "sh", "-c", "rm f && rm -r d && rm missing");
        assertEquals(1, r.status(), "rm of a missing file still fails: " + r.stderr());
        assertEquals("keep me", Files.readString(dir.resolve("f")));
        assertEquals("me too", Files.readString(dir.resolve("d/e/g")));
        assertEquals(List.of(abs("f")), list(r.byArgs("rm", "f").get("Deleted")));
        assertEquals(List.of(abs("d/e/g"), abs("d/e"), abs("d")), list(r.byArgs("rm", "-r", "d").get("Deleted")));

        Result plain = TotProcess.log(dir, List.of(), "rm", "f");
        assertEquals(0, plain.status());
        assertFalse(Files.exists(dir.resolve("f")), "without -u rm deletes");
    }
}
