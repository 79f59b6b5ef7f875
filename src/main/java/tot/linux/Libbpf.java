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

    private static final class bpf_map_update_elem {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG);
        static final MethodHandle HANDLE = handle("bpf_map_update_elem", DESC);
    }

    static int bpf_map_update_elem(int fd, MemorySegment key, MemorySegment value, long flags) {
        try {
            return (int) bpf_map_update_elem.HANDLE.invokeExact(fd, key, value, flags);
        } catch (Throwable t) {
            throw failed("bpf_map_update_elem", t);
        }
    }

    private static final class bpf_map_lookup_elem {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS);
        static final MethodHandle HANDLE = handle("bpf_map_lookup_elem", DESC);
    }

    static int bpf_map_lookup_elem(int fd, MemorySegment key, MemorySegment value) {
        try {
            return (int) bpf_map_lookup_elem.HANDLE.invokeExact(fd, key, value);
        } catch (Throwable t) {
            throw failed("bpf_map_lookup_elem", t);
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

    private static final class bpf_program__attach {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(ADDRESS, ADDRESS);
        static final MethodHandle HANDLE = handle("bpf_program__attach", DESC, ERRNO);
    }

    static MemorySegment bpf_program__attach(MemorySegment capture, MemorySegment prog) {
        try {
            return (MemorySegment) bpf_program__attach.HANDLE.invokeExact(capture, prog);
        } catch (Throwable t) {
            throw failed("bpf_program__attach", t);
        }
    }

    private static final class bpf_link__destroy {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT, ADDRESS);
        static final MethodHandle HANDLE = handle("bpf_link__destroy", DESC);
    }

    static int bpf_link__destroy(MemorySegment link) {
        try {
            return (int) bpf_link__destroy.HANDLE.invokeExact(link);
        } catch (Throwable t) {
            throw failed("bpf_link__destroy", t);
        }
    }

    /** {@code int (*ring_buffer_sample_fn)(void *ctx, void *data, size_t size)}: the upcall's shape. */
    static final FunctionDescriptor SAMPLE_FN = FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG);

    static MemorySegment upcall(MethodHandle target, Arena arena) {
        return LINKER.upcallStub(target, SAMPLE_FN, arena);
    }

    private static final class ring_buffer__new {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(ADDRESS, JAVA_INT, ADDRESS, ADDRESS, ADDRESS);
        static final MethodHandle HANDLE = handle("ring_buffer__new", DESC, ERRNO);
    }

    static MemorySegment ring_buffer__new(MemorySegment capture, int mapFd, MemorySegment sample, MemorySegment ctx,
                                          MemorySegment opts) {
        try {
            return (MemorySegment) ring_buffer__new.HANDLE.invokeExact(capture, mapFd, sample, ctx, opts);
        } catch (Throwable t) {
            throw failed("ring_buffer__new", t);
        }
    }

    private static final class ring_buffer__poll {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT);
        static final MethodHandle HANDLE = handle("ring_buffer__poll", DESC);
    }

    static int ring_buffer__poll(MemorySegment rb, int timeoutMs) {
        try {
            return (int) ring_buffer__poll.HANDLE.invokeExact(rb, timeoutMs);
        } catch (Throwable t) {
            throw failed("ring_buffer__poll", t);
        }
    }

    private static final class ring_buffer__consume {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT, ADDRESS);
        static final MethodHandle HANDLE = handle("ring_buffer__consume", DESC);
    }

    static int ring_buffer__consume(MemorySegment rb) {
        try {
            return (int) ring_buffer__consume.HANDLE.invokeExact(rb);
        } catch (Throwable t) {
            throw failed("ring_buffer__consume", t);
        }
    }

    private static final class ring_buffer__free {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(ADDRESS);
        static final MethodHandle HANDLE = handle("ring_buffer__free", DESC);
    }

    static void ring_buffer__free(MemorySegment rb) {
        try {
            ring_buffer__free.HANDLE.invokeExact(rb);
        } catch (Throwable t) {
            throw failed("ring_buffer__free", t);
        }
    }
}
