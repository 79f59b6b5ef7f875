package tot.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.File;
import java.io.IOException;
import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.PaddingLayout;
import java.lang.foreign.StructLayout;
import java.lang.foreign.UnionLayout;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import tot.syscalls.Syscall;
import tot.syscalls.SyscallTable;

/**
 * Checks every struct size, field offset and constant tot binds by hand (tot.linux.Structs,
 * tot.linux.Linux, tot.linux.Errno, tot.linux.Signals, tot.syscalls.SyscallTable) against the system C
 * headers: it generates a C probe that includes native-headers/tot.h, compiles it with {@code cc},
 * runs it and compares each printed value with the Java side. Constants, struct members and
 * syscalls are found by reflection, so whatever is added to the Java bindings later is checked
 * too. Every check is its own dynamic test, so one run reports every mismatch.
 */
class NativeLayoutTest {

    /** Java constant names that are not the C macro's name. */
    private static final Map<String, String> C_MACRO = Map.of("X32_SYSCALL_BIT", "__X32_SYSCALL_BIT");

    /**
     * Java constants checked against a C expression rather than a macro. PAGE_SIZE is the page
     * size tot assumes; the real one is the kernel's, which sysconf reports (glibc's
     * sys/user.h PAGE_SIZE is a fixed 4096 that says nothing about the machine). The BPF
     * commands are an enum without macros.
     */
    private static final Map<String, String> C_EXPRESSION = Map.of("PAGE_SIZE", "sysconf(_SC_PAGESIZE)",
            "POSIX_SPAWN_FILE_ACTIONS_SIZE", "sizeof(posix_spawn_file_actions_t)", // a typedef of an anonymous struct
            "POSIX_SPAWNATTR_SIZE", "sizeof(posix_spawnattr_t)", "SIGSET_SIZE", "sizeof(sigset_t)",
            // enum bpf_cmd: no macros to test for
            "BPF_MAP_LOOKUP_ELEM", "BPF_MAP_LOOKUP_ELEM", "BPF_MAP_UPDATE_ELEM", "BPF_MAP_UPDATE_ELEM",
            "BPF_RAW_TRACEPOINT_OPEN", "BPF_RAW_TRACEPOINT_OPEN", "BPF_MAP_UPDATE_BATCH", "BPF_MAP_UPDATE_BATCH");

    /**
     * Struct members that the Java layouts name after newer kernel headers and that older ones
     * do not have: where the system's headers lack them, the check is skipped with this reason.
     */
    private static final Map<String, String> NEWER_HEADERS_ONLY = Map.of(
            "ptrace_syscall_info.reserved", "linux/ptrace.h before Linux 6.16 has __u8 pad[3] there",
            "ptrace_syscall_info.flags", "linux/ptrace.h before Linux 6.16 has __u8 pad[3] there");

    /** Every errno macro of Linux's <errno.h> (asm-generic/errno-base.h, asm-generic/errno.h, glibc). */
    private static final List<String> ERRNO_MACROS = List.of(
            "EPERM", "ENOENT", "ESRCH", "EINTR", "EIO", "ENXIO", "E2BIG", "ENOEXEC", "EBADF", "ECHILD",
            "EAGAIN", "ENOMEM", "EACCES", "EFAULT", "ENOTBLK", "EBUSY", "EEXIST", "EXDEV", "ENODEV",
            "ENOTDIR", "EISDIR", "EINVAL", "ENFILE", "EMFILE", "ENOTTY", "ETXTBSY", "EFBIG", "ENOSPC",
            "ESPIPE", "EROFS", "EMLINK", "EPIPE", "EDOM", "ERANGE", "EDEADLK", "ENAMETOOLONG", "ENOLCK",
            "ENOSYS", "ENOTEMPTY", "ELOOP", "EWOULDBLOCK", "ENOMSG", "EIDRM", "ECHRNG", "EL2NSYNC",
            "EL3HLT", "EL3RST", "ELNRNG", "EUNATCH", "ENOCSI", "EL2HLT", "EBADE", "EBADR", "EXFULL",
            "ENOANO", "EBADRQC", "EBADSLT", "EDEADLOCK", "EBFONT", "ENOSTR", "ENODATA", "ETIME", "ENOSR",
            "ENONET", "ENOPKG", "EREMOTE", "ENOLINK", "EADV", "ESRMNT", "ECOMM", "EPROTO", "EMULTIHOP",
            "EDOTDOT", "EBADMSG", "EOVERFLOW", "ENOTUNIQ", "EBADFD", "EREMCHG", "ELIBACC", "ELIBBAD",
            "ELIBSCN", "ELIBMAX", "ELIBEXEC", "EILSEQ", "ERESTART", "ESTRPIPE", "EUSERS", "ENOTSOCK",
            "EDESTADDRREQ", "EMSGSIZE", "EPROTOTYPE", "ENOPROTOOPT", "EPROTONOSUPPORT",
            "ESOCKTNOSUPPORT", "EOPNOTSUPP", "ENOTSUP", "EPFNOSUPPORT", "EAFNOSUPPORT", "EADDRINUSE",
            "EADDRNOTAVAIL", "ENETDOWN", "ENETUNREACH", "ENETRESET", "ECONNABORTED", "ECONNRESET",
            "ENOBUFS", "EISCONN", "ENOTCONN", "ESHUTDOWN", "ETOOMANYREFS", "ETIMEDOUT", "ECONNREFUSED",
            "EHOSTDOWN", "EHOSTUNREACH", "EALREADY", "EINPROGRESS", "ESTALE", "EUCLEAN", "ENOTNAM",
            "ENAVAIL", "EISNAM", "EREMOTEIO", "EDQUOT", "ENOMEDIUM", "EMEDIUMTYPE", "ECANCELED", "ENOKEY",
            "EKEYEXPIRED", "EKEYREVOKED", "EKEYREJECTED", "EOWNERDEAD", "ENOTRECOVERABLE", "ERFKILL",
            "EHWPOISON");
    /** Second names of a number: strace (and Errno) print the other one. */
    private static final Set<String> ERRNO_ALIASES = Set.of("EWOULDBLOCK", "EDEADLOCK", "ENOTSUP");
    private static final int ERRNO_MAX = 133;

    /** Every classic signal macro of <signal.h> on Linux x86_64. */
    private static final List<String> SIGNAL_MACROS = List.of(
            "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGIOT", "SIGBUS", "SIGFPE",
            "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM", "SIGSTKFLT",
            "SIGCHLD", "SIGCLD", "SIGCONT", "SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG",
            "SIGXCPU", "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGIO", "SIGPOLL", "SIGPWR",
            "SIGSYS");
    private static final Set<String> SIGNAL_ALIASES = Set.of("SIGIOT", "SIGCLD", "SIGPOLL");
    private static final int SIGNAL_MAX = 31;

    /** One line of the C probe: prints "key value", or "key undefined" when guard is not defined. */
    private record Probe(String key, String expression, String guard) {}

    /**
     * One comparison. int32: the Java value is a C int or unsigned int (so 0xc000003e matches
     * either -1073741762 or 3221225534). skipReason: when non-null and the C side does not
     * compile, the check is skipped with this reason instead of failing.
     */
    private record Check(String name, String key, long java, boolean int32, String skipReason) {}

    private static final Map<String, Probe> PROBES = new LinkedHashMap<>();
    private static final Map<String, Long> C_VALUES = new HashMap<>();
    private static final Map<String, String> C_COMPILE_ERRORS = new HashMap<>();

    private static final List<Check> SIZES = new ArrayList<>();
    private static final List<Check> OFFSET_CONSTANTS = new ArrayList<>();
    private static final List<Check> LAYOUT_MEMBERS = new ArrayList<>();
    private static final List<Check> USER_REGS = new ArrayList<>();
    private static final List<Check> CONSTANTS = new ArrayList<>();
    private static final List<Check> SYSCALLS = new ArrayList<>();

    @BeforeAll
    static void compileAndRunProbe(@TempDir Path dir) throws Exception {
        String os = System.getProperty("os.name"), arch = System.getProperty("os.arch");
        Assumptions.assumeTrue("Linux".equals(os) && ("amd64".equals(arch) || "x86_64".equals(arch)),
                "tot binds the Linux x86_64 ABI; this is " + os + "/" + arch);
        String path = System.getenv().getOrDefault("PATH", "");
        boolean haveCc = Arrays.stream(path.split(File.pathSeparator))
                .filter(p -> !p.isEmpty())
                .anyMatch(p -> Files.isExecutable(Path.of(p, "cc")));
        Assumptions.assumeTrue(haveCc,
                "no C compiler: `cc` is not on PATH (" + path + "), so the native layouts cannot be checked");
        Path headers = Path.of(System.getProperty("basedir", ".")).resolve("native-headers").toAbsolutePath();
        if (!Files.isRegularFile(headers.resolve("tot.h"))) fail("missing " + headers.resolve("tot.h"));

        structChecks();
        constantChecks();
        syscallChecks();
        namedNumberProbes("errno", ERRNO_MACROS);
        namedNumberProbes("signal", SIGNAL_MACROS);

        Path exe = compile(dir, headers);
        Process p = new ProcessBuilder(exe.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(1, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            fail("the C probe did not finish");
        }
        assertEquals(0, p.exitValue(), () -> "the C probe failed:\n" + out);
        for (String line : out.split("\n")) {
            if (line.isBlank()) continue;
            int sp = line.lastIndexOf(' ');
            String key = line.substring(0, sp), value = line.substring(sp + 1);
            if (!PROBES.containsKey(key)) fail("unexpected probe output line: " + line);
            if (!value.equals("undefined")) C_VALUES.put(key, Long.parseLong(value));
            else C_VALUES.remove(key);
        }
    }

    // ---------------------------------------------------------------- the Java side

    /** Sizes, $offset constants, layout members of every struct class in Structs. */
    private static void structChecks() throws ReflectiveOperationException {
        Class<?>[] structs = Structs.class.getDeclaredClasses();
        Arrays.sort(structs, Comparator.comparing(Class::getSimpleName));
        for (Class<?> k : structs) {
            String struct = k.getSimpleName(), type = "struct " + struct;
            String sizeKey = probe("sizeof " + struct, "sizeof(" + type + ")", null);

            Long javaSize = null;
            String sizeSource = null;
            Method sizeof = findStaticMethod(k, "sizeof");
            Field sizeField = findStaticField(k, "sizeof");
            MemoryLayout layout = findStaticField(k, "LAYOUT") instanceof Field f
                    && MemoryLayout.class.isAssignableFrom(f.getType()) ? (MemoryLayout) f.get(null) : null;
            if (sizeof != null) {
                javaSize = ((Number) sizeof.invoke(null)).longValue();
                sizeSource = struct + ".sizeof()";
            } else if (sizeField != null) {
                javaSize = ((Number) sizeField.get(null)).longValue();
                sizeSource = struct + ".sizeof";
            } else if (layout != null) {
                javaSize = layout.byteSize();
                sizeSource = struct + ".LAYOUT.byteSize()";
            }
            // A struct with no size bound (clone_args: the kernel takes its size as an argument
            // and tot only reads leading fields) has only its offsets checked.
            if (javaSize != null) SIZES.add(new Check(sizeSource, sizeKey, javaSize, false, null));

            Field[] fields = k.getDeclaredFields();
            Arrays.sort(fields, Comparator.comparing(Field::getName));
            for (Field f : fields) {
                if (!Modifier.isStatic(f.getModifiers()) || !f.getName().endsWith("$offset")) continue;
                f.setAccessible(true);
                String member = f.getName().substring(0, f.getName().length() - "$offset".length())
                        .replace('$', '.');
                String key = probe("offsetof " + struct + "." + member,
                        "offsetof(" + type + ", " + member + ")", null);
                OFFSET_CONSTANTS.add(new Check(struct + "." + f.getName(), key,
                        ((Number) f.get(null)).longValue(), false, null));
            }

            if (layout instanceof GroupLayout g) layoutMembers(struct, g, 0, "");
        }

        // Kernel.getRegs hands out a long[] view of user_regs_struct: field i is at i * 8.
        for (String field : Structs.user_regs_struct.FIELDS) {
            String key = probe("offsetof user_regs_struct." + field,
                    "offsetof(struct user_regs_struct, " + field + ")", null);
            USER_REGS.add(new Check("user_regs_struct.index(\"" + field + "\") * 8", key,
                    (long) Structs.user_regs_struct.index(field) * Long.BYTES, false, null));
        }
    }

    /** Offset and size of every named member of a layout; unnamed groups are C's anonymous unions. */
    private static void layoutMembers(String struct, GroupLayout group, long base, String prefix) {
        long offset = base;
        for (MemoryLayout m : group.memberLayouts()) {
            long at = group instanceof UnionLayout ? base : offset;
            offset += m.byteSize();
            if (m instanceof PaddingLayout) continue;
            if (m.name().isEmpty()) {
                if (m instanceof GroupLayout inner) layoutMembers(struct, inner, at, prefix);
                continue;
            }
            String member = prefix + m.name().get(), path = struct + "." + member;
            String skip = NEWER_HEADERS_ONLY.get(path);
            String type = "struct " + struct;
            LAYOUT_MEMBERS.add(new Check(struct + ".LAYOUT " + member + " offset",
                    probe("offsetof " + path, "offsetof(" + type + ", " + member + ")", null), at, false, skip));
            LAYOUT_MEMBERS.add(new Check(struct + ".LAYOUT " + member + " size",
                    probe("membersize " + path, "sizeof(((" + type + " *) 0)->" + member + ")", null),
                    m.byteSize(), false, skip));
            if (m instanceof StructLayout || m instanceof UnionLayout) {
                layoutMembers(struct, (GroupLayout) m, at, member + ".");
            }
        }
    }

    /** Every public static final int/long of Linux, and the constants SyscallTable keeps itself. */
    private static void constantChecks() throws ReflectiveOperationException {
        for (Field f : Linux.class.getDeclaredFields()) {
            int mod = f.getModifiers();
            if (!Modifier.isPublic(mod) || !Modifier.isStatic(mod) || !Modifier.isFinal(mod)) continue;
            if (f.getType() != int.class && f.getType() != long.class) continue;
            constant("Linux." + f.getName(), f.getName(), f);
        }
        for (Field f : SyscallTable.class.getDeclaredFields()) {
            int mod = f.getModifiers();
            if (!Modifier.isStatic(mod) || !Modifier.isFinal(mod) || f.getType() != int.class) continue;
            if (!f.getName().matches("[A-Z][A-Z0-9_]*")) continue;
            if (f.getName().equals("NO")) continue; // the table's "no such syscall here", not a C constant
            f.setAccessible(true);
            constant("SyscallTable." + f.getName(), f.getName(), f);
        }
        CONSTANTS.add(new Check("SyscallTable.X86_64.auditArch",
                probe("const AUDIT_ARCH_X86_64", "AUDIT_ARCH_X86_64", "AUDIT_ARCH_X86_64"),
                SyscallTable.X86_64.auditArch, true, null));
        CONSTANTS.add(new Check("SyscallTable.I386.auditArch",
                probe("const AUDIT_ARCH_I386", "AUDIT_ARCH_I386", "AUDIT_ARCH_I386"),
                SyscallTable.I386.auditArch, true, null));
    }

    private static void constant(String name, String javaName, Field f) throws IllegalAccessException {
        String expression = C_EXPRESSION.get(javaName), guard = null;
        if (expression == null) {
            expression = guard = C_MACRO.getOrDefault(javaName, javaName);
        }
        String key = probe("const " + javaName, expression, guard);
        CONSTANTS.add(new Check(name, key, ((Number) f.get(null)).longValue(), f.getType() == int.class, null));
    }

    /** Each syscall of the table: its x86_64 number is SYS_name (or the kernel's __NR_name). */
    private static void syscallChecks() {
        for (Syscall s : SyscallTable.handled()) {
            int nr = SyscallTable.X86_64.number(s);
            if (nr < 0) continue;
            String key = "nr " + s.name();
            PROBES.putIfAbsent(key, new Probe(key, null, s.name()));
            SYSCALLS.add(new Check("SyscallTable " + s.name(), key, nr, true, null));
        }
    }

    private static void namedNumberProbes(String kind, List<String> macros) {
        for (String m : macros) probe(kind + " " + m, m, m);
    }

    private static String probe(String key, String expression, String guard) {
        Probe old = PROBES.putIfAbsent(key, new Probe(key, expression, guard));
        if (old != null && !old.expression().equals(expression)) {
            throw new IllegalStateException(key + ": " + old.expression() + " vs " + expression);
        }
        return key;
    }

    // ---------------------------------------------------------------- the C side

    /**
     * Writes and compiles the probe. A probe line that does not compile (a member the system's
     * headers lack) is recorded, dropped and the probe compiled again, so that one such line
     * does not hide every other check.
     */
    private static Path compile(Path dir, Path headers) throws IOException, InterruptedException {
        Path src = dir.resolve("probe.c"), exe = dir.resolve("probe");
        Pattern error = Pattern.compile("^" + Pattern.quote(src.toString()) + ":(\\d+):\\d+: (?:fatal )?error: (.*)$",
                Pattern.MULTILINE);
        for (int attempt = 0; ; attempt++) {
            Map<Integer, String> keyAtLine = new HashMap<>();
            Files.writeString(src, probeSource(keyAtLine));
            List<String> cmd = List.of("cc", "-std=gnu11", "-Wall", "-I", headers.toString(),
                    "-o", exe.toString(), src.toString());
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(2, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                fail("cc did not finish: " + cmd);
            }
            if (p.exitValue() == 0) return exe;
            Map<String, String> dropped = new LinkedHashMap<>();
            Matcher m = error.matcher(out);
            boolean unattributed = false;
            while (m.find()) {
                String key = keyAtLine.get(Integer.parseInt(m.group(1)));
                if (key == null) unattributed = true;
                else dropped.merge(key, m.group(2), (a, b) -> a + "; " + b);
            }
            if (unattributed || dropped.isEmpty() || attempt >= 5) {
                fail("the C probe does not compile with native-headers/tot.h (" + String.join(" ", cmd) + "):\n"
                        + out + "\n--- probe.c ---\n" + Files.readString(src));
            }
            dropped.forEach((key, why) -> {
                C_COMPILE_ERRORS.put(key, why);
                PROBES.remove(key);
            });
        }
    }

    private static String probeSource(Map<Integer, String> keyAtLine) {
        List<String> lines = new ArrayList<>(List.of(
                "/* Generated by tot.linux.NativeLayoutTest. */",
                "#define _GNU_SOURCE /* O_PATH, O_TMPFILE, AT_EMPTY_PATH, CLOSE_RANGE_* */",
                "#include \"tot.h\"",
                "#include <stddef.h>",
                "#include <stdio.h>",
                "#define P(key, value) printf(\"%s %lld\\n\", key, (long long) (value))",
                "#define U(key) printf(\"%s undefined\\n\", key)",
                "int main(void) {"));
        for (Probe p : PROBES.values()) {
            String key = "\"" + p.key() + "\"";
            if (p.key().startsWith("nr ")) {
                String name = p.guard();
                lines.add("#if defined(SYS_" + name + ")");
                lines.add("    P(" + key + ", SYS_" + name + ");");
                lines.add("#elif defined(__NR_" + name + ")");
                lines.add("    P(" + key + ", __NR_" + name + ");");
                lines.add("#else");
                lines.add("    U(" + key + ");");
                lines.add("#endif");
                continue;
            }
            if (p.guard() != null) lines.add("#ifdef " + p.guard());
            lines.add("    P(" + key + ", " + p.expression() + ");");
            keyAtLine.put(lines.size(), p.key());
            if (p.guard() != null) {
                lines.add("#else");
                lines.add("    U(" + key + ");");
                lines.add("#endif");
            }
        }
        lines.add("    return 0;");
        lines.add("}");
        return String.join("\n", lines) + "\n";
    }

    // ---------------------------------------------------------------- the tests

    @TestFactory
    List<DynamicTest> structSizes() {
        return tests(SIZES);
    }

    @TestFactory
    List<DynamicTest> structOffsetConstants() {
        return tests(OFFSET_CONSTANTS);
    }

    @TestFactory
    List<DynamicTest> structLayoutMembers() {
        return tests(LAYOUT_MEMBERS);
    }

    @TestFactory
    List<DynamicTest> userRegsLongArrayIndices() {
        return tests(USER_REGS);
    }

    @TestFactory
    List<DynamicTest> constants() {
        return tests(CONSTANTS);
    }

    @TestFactory
    List<DynamicTest> syscallNumbers() {
        return tests(SYSCALLS);
    }

    /** Errno.name(n) is the C name of n (the canonical one of aliases), E<n> where C has none. */
    @TestFactory
    List<DynamicTest> errnoNames() {
        return namedNumbers("errno", ERRNO_MACROS, ERRNO_ALIASES, ERRNO_MAX, Errno::name, "E", true);
    }

    /** Signals.name(n) is the C name of classic signal n (the canonical one of aliases). */
    @TestFactory
    List<DynamicTest> signalNames() {
        return namedNumbers("signal", SIGNAL_MACROS, SIGNAL_ALIASES, SIGNAL_MAX, Signals::name, "SIG", false);
    }

    private static List<DynamicTest> tests(List<Check> checks) {
        return checks.stream().map(c -> dynamicTest(c.name() + " = " + format(c.java()), () -> verify(c))).toList();
    }

    private static void verify(Check c) {
        Probe p = PROBES.get(c.key());
        String error = C_COMPILE_ERRORS.get(c.key());
        if (error != null) {
            if (c.skipReason() != null) {
                Assumptions.abort(c.name() + ": not in the system headers (" + c.skipReason() + "): " + error);
            }
            fail(c.name() + ": Java " + format(c.java()) + ", C side does not compile: " + error);
        }
        String what = p.expression() != null ? p.expression()
                : "SYS_" + p.guard() + " (sys/syscall.h) / __NR_" + p.guard();
        Long value = C_VALUES.get(c.key());
        if (value == null) {
            fail(c.name() + ": Java " + format(c.java()) + ", C " + what + " is not defined by the headers of"
                    + " native-headers/tot.h");
        }
        long v = value;
        boolean same = v == c.java() || (c.int32 && v == (c.java() & 0xffff_ffffL));
        if (!same) fail(c.name() + ": Java " + format(c.java()) + ", C " + what + " = " + format(v));
    }

    private static List<DynamicTest> namedNumbers(String kind, List<String> macros, Set<String> aliases, int max,
                                                  java.util.function.IntFunction<String> javaName, String unnamedPrefix,
                                                  boolean checkByName) {
        Map<Integer, List<String>> canonical = new TreeMap<>(), alias = new TreeMap<>();
        for (String m : macros) {
            Long v = C_VALUES.get(kind + " " + m);
            if (v == null) continue;
            (aliases.contains(m) ? alias : canonical).computeIfAbsent(v.intValue(), n -> new ArrayList<>()).add(m);
        }
        int top = Math.max(max, canonical.keySet().stream().mapToInt(Integer::intValue).max().orElse(0));
        List<DynamicTest> tests = new ArrayList<>();
        for (int n = 1; n <= top; n++) {
            int number = n;
            List<String> names = canonical.getOrDefault(n, alias.getOrDefault(n, List.of()));
            String java = javaName.apply(n);
            tests.add(dynamicTest(kind + " " + n + " = " + java, () -> {
                if (names.size() > 1) fail(kind + " " + number + " has several C names " + names + ": which one?");
                String expected = names.isEmpty() ? unnamedPrefix + number : names.get(0);
                assertEquals(expected, java, () -> kind + " " + number + ": Java name " + java + ", C "
                        + (names.isEmpty() ? "has no macro for it" : "macro " + expected)
                        + (alias.containsKey(number) ? " (alias " + alias.get(number) + ")" : ""));
                if (checkByName && !names.isEmpty()) {
                    assertEquals(number, Errno.byName(expected),
                            () -> "Errno.byName(" + expected + "): Java " + Errno.byName(expected) + ", C " + number);
                }
            }));
        }
        return tests;
    }

    private static String format(long v) {
        String hex = v == (int) v ? Integer.toHexString((int) v) : Long.toHexString(v);
        return v + (v < 0 || v > 9 ? " (0x" + hex.toUpperCase(Locale.ROOT) + ")" : "");
    }

    private static Method findStaticMethod(Class<?> k, String name) {
        try {
            Method m = k.getDeclaredMethod(name);
            if (!Modifier.isStatic(m.getModifiers())) return null;
            m.setAccessible(true);
            return m;
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    private static Field findStaticField(Class<?> k, String name) {
        try {
            Field f = k.getDeclaredField(name);
            if (!Modifier.isStatic(f.getModifiers())) return null;
            f.setAccessible(true);
            return f;
        } catch (NoSuchFieldException e) {
            return null;
        }
    }
}
