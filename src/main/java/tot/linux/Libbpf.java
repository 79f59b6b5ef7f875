package tot.linux;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

/**
 * The functions of native-headers/libbpf.h, in jextract's generated shape: one holder class per
 * symbol with DESC/ADDR/HANDLE, linked on first use. libbpf.so.1 is looked up once, when the eBPF
 * engine is first asked for ({@link #available}).
 */
final class Libbpf {
    private Libbpf() {}

    static final String LIBRARY = "libbpf.so.1";
    private static final Linker LINKER = Linker.nativeLinker();
    private static final Linker.Option ERRNO = Linker.Option.captureCallState("errno");

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

    /**
     * Links every downcall now: each shape spins method-handle classes that no start-up cache
     * holds, so the thread that loads the programs does it, not the end of a trace that closes them.
     */
    static void link() {
        Object[] handles = {libbpf_set_print.HANDLE, bpf_object__open_mem.HANDLE, bpf_object__load.HANDLE,
                bpf_object__close.HANDLE, bpf_object__find_map_by_name.HANDLE, bpf_map__set_max_entries.HANDLE,
                bpf_map__fd.HANDLE, bpf_map__max_entries.HANDLE, bpf_object__next_program.HANDLE, bpf_program__fd.HANDLE,
                bpf_program__section_name.HANDLE};
        assert handles.length > 0;
    }

    private static MemorySegment find(String symbol) {
        return Library.LOOKUP.find(symbol).orElseThrow(() -> new UnsatisfiedLinkError(LIBRARY + " has no " + symbol));
    }

    private static MethodHandle handle(String symbol, FunctionDescriptor desc, Linker.Option... options) {
        return LINKER.downcallHandle(find(symbol), desc, options);
    }

    private static AssertionError failed(String symbol, Throwable t) {
        return new AssertionError(symbol + " downcall failed", t);
    }

    private static final class libbpf_set_print {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(ADDRESS, ADDRESS);
        static final MethodHandle HANDLE = handle("libbpf_set_print", DESC);
    }

    static MemorySegment libbpf_set_print(MemorySegment fn) {
        try {
            return (MemorySegment) libbpf_set_print.HANDLE.invokeExact(fn);
        } catch (Throwable t) {
            throw failed("libbpf_set_print", t);
        }
    }

    private static final class bpf_object__open_mem {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, ADDRESS);
        static final MethodHandle HANDLE = handle("bpf_object__open_mem", DESC, ERRNO);
    }

    static MemorySegment bpf_object__open_mem(MemorySegment capture, MemorySegment buf, long size, MemorySegment opts) {
        try {
            return (MemorySegment) bpf_object__open_mem.HANDLE.invokeExact(capture, buf, size, opts);
        } catch (Throwable t) {
            throw failed("bpf_object__open_mem", t);
        }
    }

    private static final class bpf_object__load {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT, ADDRESS);
        static final MethodHandle HANDLE = handle("bpf_object__load", DESC);
    }

    static int bpf_object__load(MemorySegment obj) {
        try {
            return (int) bpf_object__load.HANDLE.invokeExact(obj);
        } catch (Throwable t) {
            throw failed("bpf_object__load", t);
        }
    }

    private static final class bpf_object__close {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(ADDRESS);
        static final MethodHandle HANDLE = handle("bpf_object__close", DESC);
    }

    static void bpf_object__close(MemorySegment obj) {
        try {
            bpf_object__close.HANDLE.invokeExact(obj);
        } catch (Throwable t) {
            throw failed("bpf_object__close", t);
        }
    }

    private static final class bpf_object__find_map_by_name {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS);
        static final MethodHandle HANDLE = handle("bpf_object__find_map_by_name", DESC);
    }

    static MemorySegment bpf_object__find_map_by_name(MemorySegment obj, MemorySegment name) {
        try {
            return (MemorySegment) bpf_object__find_map_by_name.HANDLE.invokeExact(obj, name);
        } catch (Throwable t) {
            throw failed("bpf_object__find_map_by_name", t);
        }
    }

    private static final class bpf_map__set_max_entries {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT);
        static final MethodHandle HANDLE = handle("bpf_map__set_max_entries", DESC);
    }

    static int bpf_map__set_max_entries(MemorySegment map, int entries) {
        try {
            return (int) bpf_map__set_max_entries.HANDLE.invokeExact(map, entries);
        } catch (Throwable t) {
            throw failed("bpf_map__set_max_entries", t);
        }
    }

    private static final class bpf_map__fd {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT, ADDRESS);
        static final MethodHandle HANDLE = handle("bpf_map__fd", DESC);
    }

    static int bpf_map__fd(MemorySegment map) {
        try {
            return (int) bpf_map__fd.HANDLE.invokeExact(map);
        } catch (Throwable t) {
            throw failed("bpf_map__fd", t);
        }
    }

    private static final class bpf_object__next_program {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS);
        static final MethodHandle HANDLE = handle("bpf_object__next_program", DESC);
    }

    static MemorySegment bpf_object__next_program(MemorySegment obj, MemorySegment prog) {
        try {
            return (MemorySegment) bpf_object__next_program.HANDLE.invokeExact(obj, prog);
        } catch (Throwable t) {
            throw failed("bpf_object__next_program", t);
        }
    }

    private static final class bpf_map__max_entries {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT, ADDRESS);
        static final MethodHandle HANDLE = handle("bpf_map__max_entries", DESC);
    }

    static int bpf_map__max_entries(MemorySegment map) {
        try {
            return (int) bpf_map__max_entries.HANDLE.invokeExact(map);
        } catch (Throwable t) {
            throw failed("bpf_map__max_entries", t);
        }
    }

    private static final class bpf_program__fd {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT, ADDRESS);
        static final MethodHandle HANDLE = handle("bpf_program__fd", DESC);
    }

    static int bpf_program__fd(MemorySegment prog) {
        try {
            return (int) bpf_program__fd.HANDLE.invokeExact(prog);
        } catch (Throwable t) {
            throw failed("bpf_program__fd", t);
        }
    }

    private static final class bpf_program__section_name {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(ADDRESS, ADDRESS);
        static final MethodHandle HANDLE = handle("bpf_program__section_name", DESC);
    }

    static MemorySegment bpf_program__section_name(MemorySegment prog) {
        try {
            return (MemorySegment) bpf_program__section_name.HANDLE.invokeExact(prog);
        } catch (Throwable t) {
            throw failed("bpf_program__section_name", t);
        }
    }
}
