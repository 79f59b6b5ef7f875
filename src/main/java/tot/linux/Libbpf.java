package tot.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

/**
 * The functions of native-headers/libbpf.h: one holder class per symbol with ADDR/HANDLE,
 * linked on first use, and a typed method for each. Every one is called through the downcall
 * shape of libc's syscall ({@link Libc#syscallShaped}: integers and pointers as longs, errno
 * captured), not one shape per C signature as jextract would make: each new shape spins
 * method-handle classes that no start-up cache holds, on the way to the command's start. libbpf.so.1
 * is looked up once, when the eBPF engine is first asked for ({@link #available}).
 */
final class Libbpf {
    private Libbpf() {}

    static final String LIBRARY = "libbpf.so.1";

    /** libbpf's symbols, or null when the library cannot be loaded ({@link #missing} says why). */
    private static final class Library {
        static final SymbolLookup LOOKUP;
        static final String MISSING;

        static {
            SymbolLookup lookup = null;
            String missing = null;
            try {
                lookup = SymbolLookup.libraryLookup(LIBRARY, Arena.global());
            } catch (IllegalArgumentException e) {
                missing = LIBRARY + " cannot be loaded (" + e.getMessage() + "): install libbpf1";
            }
            LOOKUP = lookup;
            MISSING = missing;
        }
    }

    /** Null when libbpf can be used, else why not. */
    static String missing() {
        return Library.MISSING;
    }

    static boolean available() {
        return Library.LOOKUP != null;
    }

    private static MethodHandle handle(String symbol) {
        MemorySegment fn = Library.LOOKUP.find(symbol).orElseThrow(() -> new UnsatisfiedLinkError(LIBRARY + " has no " + symbol));
        return Libc.syscallShaped(fn);
    }

    private static long call(MethodHandle h, String symbol, MemorySegment capture, long a, long b, long c) {
        try {
            return (long) h.invokeExact(capture, a, b, c, 0L, 0L, 0L, 0L);
        } catch (Throwable t) {
            throw new AssertionError(symbol + " downcall failed", t);
        }
    }

    private static MemorySegment pointer(long address) {
        return address == 0 ? MemorySegment.NULL : MemorySegment.ofAddress(address);
    }

    private static final class libbpf_set_print {
        static final MethodHandle HANDLE = handle("libbpf_set_print");
    }

    /** {@code fn} NULL: libbpf prints nothing. */
    static void libbpf_set_print(MemorySegment capture, MemorySegment fn) {
        call(libbpf_set_print.HANDLE, "libbpf_set_print", capture, fn.address(), 0, 0);
    }

    private static final class bpf_object__open_mem {
        static final MethodHandle HANDLE = handle("bpf_object__open_mem");
    }

    /** NULL with errno set on failure. */
    static MemorySegment bpf_object__open_mem(MemorySegment capture, MemorySegment buf, long size, MemorySegment opts) {
        return pointer(call(bpf_object__open_mem.HANDLE, "bpf_object__open_mem", capture, buf.address(), size, opts.address()));
    }

    private static final class bpf_object__load {
        static final MethodHandle HANDLE = handle("bpf_object__load");
    }

    /** 0, or a negative errno. */
    static int bpf_object__load(MemorySegment capture, MemorySegment obj) {
        return (int) call(bpf_object__load.HANDLE, "bpf_object__load", capture, obj.address(), 0, 0);
    }

    private static final class bpf_object__close {
        static final MethodHandle HANDLE = handle("bpf_object__close");
    }

    static void bpf_object__close(MemorySegment capture, MemorySegment obj) {
        call(bpf_object__close.HANDLE, "bpf_object__close", capture, obj.address(), 0, 0);
    }

    private static final class bpf_object__find_map_by_name {
        static final MethodHandle HANDLE = handle("bpf_object__find_map_by_name");
    }

    /** NULL when there is none. */
    static MemorySegment bpf_object__find_map_by_name(MemorySegment capture, MemorySegment obj, MemorySegment name) {
        return pointer(call(bpf_object__find_map_by_name.HANDLE, "bpf_object__find_map_by_name", capture, obj.address(),
                name.address(), 0));
    }

    private static final class bpf_map__set_max_entries {
        static final MethodHandle HANDLE = handle("bpf_map__set_max_entries");
    }

    /** 0, or a negative errno. */
    static int bpf_map__set_max_entries(MemorySegment capture, MemorySegment map, int entries) {
        return (int) call(bpf_map__set_max_entries.HANDLE, "bpf_map__set_max_entries", capture, map.address(),
                Integer.toUnsignedLong(entries), 0);
    }

    private static final class bpf_map__fd {
        static final MethodHandle HANDLE = handle("bpf_map__fd");
    }

    static int bpf_map__fd(MemorySegment capture, MemorySegment map) {
        return (int) call(bpf_map__fd.HANDLE, "bpf_map__fd", capture, map.address(), 0, 0);
    }

    private static final class bpf_map__max_entries {
        static final MethodHandle HANDLE = handle("bpf_map__max_entries");
    }

    static int bpf_map__max_entries(MemorySegment capture, MemorySegment map) {
        return (int) call(bpf_map__max_entries.HANDLE, "bpf_map__max_entries", capture, map.address(), 0, 0);
    }

    private static final class bpf_object__next_program {
        static final MethodHandle HANDLE = handle("bpf_object__next_program");
    }

    /** The program after {@code prog} (NULL: the first); NULL after the last. */
    static MemorySegment bpf_object__next_program(MemorySegment capture, MemorySegment obj, MemorySegment prog) {
        return pointer(call(bpf_object__next_program.HANDLE, "bpf_object__next_program", capture, obj.address(), prog.address(), 0));
    }

    private static final class bpf_program__fd {
        static final MethodHandle HANDLE = handle("bpf_program__fd");
    }

    static int bpf_program__fd(MemorySegment capture, MemorySegment prog) {
        return (int) call(bpf_program__fd.HANDLE, "bpf_program__fd", capture, prog.address(), 0, 0);
    }

    private static final class bpf_program__section_name {
        static final MethodHandle HANDLE = handle("bpf_program__section_name");
    }

    static String bpf_program__section_name(MemorySegment capture, MemorySegment prog) {
        long name = call(bpf_program__section_name.HANDLE, "bpf_program__section_name", capture, prog.address(), 0, 0);
        return MemorySegment.ofAddress(name).reinterpret(Long.MAX_VALUE).getString(0);
    }
}
