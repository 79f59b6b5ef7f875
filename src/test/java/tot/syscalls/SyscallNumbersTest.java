package tot.syscalls;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Both number columns of the table against the kernel's own lists (asm/unistd_64.h and
 * asm/unistd_32.h of the installed headers): every name the headers define has the headers'
 * number, and every number the headers use is in the table. Newer syscalls than the headers
 * know are left to the table (the kernel that runs may be newer than its headers).
 */
class SyscallNumbersTest {
    private static final Path HEADERS = Path.of("/usr/include/x86_64-linux-gnu/asm");

    private static Map<String, Integer> header(String file) throws IOException {
        Path p = HEADERS.resolve(file);
        Assumptions.assumeTrue(Files.isRegularFile(p), "no kernel headers at " + p + " (linux-libc-dev)");
        Map<String, Integer> out = new HashMap<>();
        Matcher m = Pattern.compile("#define __NR_(\\w+) (\\d+)").matcher(Files.readString(p));
        while (m.find()) out.put(m.group(1), Integer.parseInt(m.group(2)));
        return out;
    }

    private static void check(SyscallTable.Arch arch, Map<String, Integer> header, Map<String, String> renamed) {
        header.forEach((name, nr) -> {
            Syscall s = SyscallTable.byName(renamed.getOrDefault(name, name));
            assertNotNull(s, arch + ": the table has no row for " + name + " (" + nr + ")");
            assertEquals(nr, arch.number(s), arch + " " + name);
            assertEquals(s, arch.byNumber(nr), arch + " number " + nr);
        });
    }

    @Test
    void x86_64() throws IOException {
        check(SyscallTable.X86_64, header("unistd_64.h"), Map.of());
    }

    @Test
    void i386() throws IOException {
        // i386's first mmap and select take one pointer to their arguments: rows of their own
        check(SyscallTable.I386, header("unistd_32.h"), Map.of("mmap", "old_mmap", "select", "old_select"));
    }

    @Test
    void multiplexersNameRealRows() {
        for (int call = 1; call <= 20; call++) assertNotNull(SyscallTable.socketcall(call), "socketcall " + call);
        assertEquals("connect", SyscallTable.socketcall(3).name());
        assertEquals("shmat", SyscallTable.ipc(21).name());
        assertTrue(SyscallTable.socketcall(21) == null && SyscallTable.ipc(99) == null);
    }

    /** ipc(call, first, second, third, ptr, fifth) passes each call its arguments in its own order (ipc/syscall.c). */
    @Test
    void ipcArgumentsAreInTheCallsOrder() {
        long[] ipc = {0, 11, 22, 33, 44, 55};
        Map<Integer, long[]> expected = Map.of(1, new long[] {11, 44, 22}, 3, new long[] {11, 22, 33, 44},
                4, new long[] {11, 44, 22, 55}, 11, new long[] {11, 44, 22, 33}, 14, new long[] {11, 22, 44},
                21, new long[] {11, 44, 22}, 22, new long[] {44}, 23, new long[] {11, 22, 33});
        expected.forEach((call, args) -> {
            ipc[0] = call;
            long[] out = SyscallTable.ipcArguments(ipc, null);
            assertArrayEquals(args, java.util.Arrays.copyOf(out, args.length), SyscallTable.ipc(call).name());
            assertEquals(SyscallTable.ipc(call).args().size(), args.length, SyscallTable.ipc(call).name());
        });
        ipc[0] = 12 | 1 << 16; // msgrcv's new form: msgp is ptr, msgtyp fifth
        assertArrayEquals(new long[] {11, 44, 22, 55, 33, 0}, SyscallTable.ipcArguments(ipc, null));
        ipc[0] = 12; // the old form: msgp and msgtyp are the words at ptr
        assertNull(SyscallTable.ipcArguments(ipc, null));
        assertArrayEquals(new long[] {11, 0x1000, 22, -2, 33, 0}, SyscallTable.ipcArguments(ipc, new long[] {0x1000, 0xfffffffeL}));
        ipc[0] = 99;
        assertNull(SyscallTable.ipcArguments(ipc, null));
    }
}
