package tot.linux;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * A compiled BPF object (an ELF file from clang -target bpf) loaded into the kernel through
 * libbpf: its maps filled, its programs attached, its ring buffer read. Not thread-safe: one
 * thread opens, loads, polls and closes it. Failures throw {@link ErrnoException}.
 */
public final class BpfObject implements AutoCloseable {
    /** Takes one ring-buffer record; the buffer (little-endian, position 0) is valid only during the call. */
    public interface RecordHandler {
        void record(ByteBuffer data);
    }

    /** Null when libbpf can be used, else why not (a sentence naming the library). */
    public static String libbpfMissing() {
        return Libbpf.missing();
    }

    private final Arena arena = Arena.ofConfined();
    private final MemorySegment capture = arena.allocate(Libc.CAPTURE_LAYOUT);
    private final MemorySegment key = arena.allocate(JAVA_INT);
    private final MemorySegment value = arena.allocate(JAVA_LONG);
    private final MemorySegment object;
    private final List<MemorySegment> links = new ArrayList<>();
    private MemorySegment ring = MemorySegment.NULL;
    private RecordHandler handler;
    private ByteBuffer copy = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);
    private Throwable handlerFailure;

    private BpfObject(MemorySegment object) {
        this.object = object;
    }

    /** Opens the object file's bytes (nothing reaches the kernel yet); libbpf's own messages are silenced. */
    public static BpfObject open(byte[] elf) throws ErrnoException {
        if (!Libbpf.available()) throw new IllegalStateException(Libbpf.missing());
        Libbpf.libbpf_set_print(MemorySegment.NULL);
        Arena global = Arena.global(); // libbpf keeps a pointer to the buffer for the object's life
        MemorySegment buf = global.allocate(elf.length, 8);
        MemorySegment.copy(elf, 0, buf, JAVA_BYTE, 0, elf.length);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment cap = a.allocate(Libc.CAPTURE_LAYOUT);
            MemorySegment obj = Libbpf.bpf_object__open_mem(cap, buf, elf.length, MemorySegment.NULL);
            if (obj.equals(MemorySegment.NULL)) throw new ErrnoException("bpf_object__open_mem", Libc.errno(cap));
            return new BpfObject(obj);
        }
    }

    private MemorySegment map(String name) {
        MemorySegment m = Libbpf.bpf_object__find_map_by_name(object, arena.allocateFrom(name));
        if (m.equals(MemorySegment.NULL)) throw new IllegalArgumentException("the BPF object has no map " + name);
        return m;
    }

    /** Before {@link #load}: how many entries map {@code name} holds (a ring buffer: its size in bytes). */
    public void maxEntries(String name, int entries) throws ErrnoException {
        int rc = Libbpf.bpf_map__set_max_entries(map(name), entries);
        if (rc < 0) throw new ErrnoException("bpf_map__set_max_entries " + name, -rc);
    }

    /** Creates the maps, relocates (CO-RE) and verifies the programs in the kernel. */
    public void load() throws ErrnoException {
        int rc = Libbpf.bpf_object__load(object);
        if (rc < 0) throw new ErrnoException("bpf_object__load", -rc);
    }

    /** After {@link #load}: sets {@code map[key]} to a 32-bit (or 8-bit, {@code valueSize} 1) value. */
    public void put(String name, int k, int v, int valueSize) throws ErrnoException {
        key.set(JAVA_INT, 0, k);
        if (valueSize == 1) value.set(JAVA_BYTE, 0, (byte) v);
        else value.set(JAVA_INT, 0, v);
        int rc = Libbpf.bpf_map_update_elem(Libbpf.bpf_map__fd(map(name)), key, value, 0);
        if (rc < 0) throw new ErrnoException("bpf_map_update_elem " + name, -rc);
    }

    /** After {@link #load}: the 64-bit value at {@code map[key]} (a counter), 0 when absent. */
    public long get(String name, int k) {
        key.set(JAVA_INT, 0, k);
        value.set(JAVA_LONG, 0, 0);
        int rc = Libbpf.bpf_map_lookup_elem(Libbpf.bpf_map__fd(map(name)), key, value);
        return rc < 0 ? 0 : value.get(JAVA_LONG, 0);
    }

    /** Attaches every program where its section says (raw tracepoints: no tracefs needed). */
    public void attachAll() throws ErrnoException {
        MemorySegment prog = MemorySegment.NULL;
        while (!(prog = Libbpf.bpf_object__next_program(object, prog)).equals(MemorySegment.NULL)) {
            MemorySegment link = Libbpf.bpf_program__attach(capture, prog);
            if (link.equals(MemorySegment.NULL)) throw new ErrnoException("bpf_program__attach", Libc.errno(capture));
            links.add(link);
        }
    }

    /** Reads ring-buffer map {@code name} from now on: each record goes to {@code handler} in {@link #poll}. */
    public void ring(String name, RecordHandler handler) throws ErrnoException {
        this.handler = handler;
        MethodHandle target;
        try {
            target = MethodHandles.lookup().findVirtual(BpfObject.class, "sample",
                    MethodType.methodType(int.class, MemorySegment.class, MemorySegment.class, long.class)).bindTo(this);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
        MemorySegment stub = Libbpf.upcall(target, arena);
        ring = Libbpf.ring_buffer__new(capture, Libbpf.bpf_map__fd(map(name)), stub, MemorySegment.NULL, MemorySegment.NULL);
        if (ring.equals(MemorySegment.NULL)) throw new ErrnoException("ring_buffer__new", Libc.errno(capture));
    }

    /** The upcall: copies the record for the handler; an exception must not unwind into C (it would end the JVM). */
    private int sample(MemorySegment ctx, MemorySegment data, long size) {
        try {
            if (copy.capacity() < size) copy = ByteBuffer.allocate((int) Math.max(size, copy.capacity() * 2L)).order(ByteOrder.LITTLE_ENDIAN);
            MemorySegment.copy(data.reinterpret(size), JAVA_BYTE, 0, copy.array(), 0, (int) size);
            copy.clear().limit((int) size);
            handler.record(copy);
            return 0;
        } catch (Throwable t) {
            handlerFailure = t;
            return -1; // libbpf stops and returns it from ring_buffer__poll
        }
    }

    /**
     * Waits up to {@code timeoutMs} for a wake-up, then hands every record there is to the
     * handler (also those submitted without waking anyone); the number consumed. A handler's
     * exception is rethrown here.
     */
    public int poll(int timeoutMs) throws ErrnoException {
        int n = Libbpf.ring_buffer__poll(ring, timeoutMs);
        if (n >= 0 && handlerFailure == null) {
            int more = Libbpf.ring_buffer__consume(ring);
            n = more < 0 ? more : n + more;
        }
        if (handlerFailure != null) {
            Throwable t = handlerFailure;
            handlerFailure = null;
            if (t instanceof RuntimeException r) throw r;
            if (t instanceof Error e) throw e;
            throw new RuntimeException(t);
        }
        if (n < 0 && -n != Linux.EINTR) throw new ErrnoException("ring_buffer__poll", -n);
        return Math.max(n, 0);
    }

    /** Detaches the programs and frees the maps (the kernel drops what no one holds). */
    @Override
    public void close() {
        if (!ring.equals(MemorySegment.NULL)) Libbpf.ring_buffer__free(ring);
        for (MemorySegment l : links) Libbpf.bpf_link__destroy(l);
        links.clear();
        Libbpf.bpf_object__close(object);
        arena.close();
    }
}
