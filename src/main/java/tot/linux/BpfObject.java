package tot.linux;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static tot.linux.Linux.*;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A compiled BPF object (an ELF file from clang -target bpf) loaded into the kernel through
 * libbpf (the ELF, its BTF and the CO-RE relocations against the kernel's), then used through
 * the bpf(2) system call itself: its maps filled, its programs attached, its ring buffer read
 * from the memory the kernel shares. Not thread-safe: one thread at a time uses it (one may load
 * it and hand it to another that polls and closes it). Failures throw {@link ErrnoException}.
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

    /** The section name of a program on a raw tracepoint: the rest is the tracepoint's name. */
    private static final String RAW_TRACEPOINT = "raw_tracepoint/";
    /** `union bpf_attr` as the commands used here read it: 48 bytes are enough for all of them (the batch's). */
    private static final int ATTR_SIZE = 48;

    private final Arena arena = Arena.ofShared();
    private final MemorySegment capture = arena.allocate(Libc.CAPTURE_LAYOUT);
    private final MemorySegment attr = arena.allocate(ATTR_SIZE, 8);
    private final MemorySegment key = arena.allocate(JAVA_INT);
    private final MemorySegment value = arena.allocate(JAVA_LONG);
    private final MemorySegment object;
    private final List<Integer> links = new ArrayList<>();
    private final Map<String, Integer> fds = new HashMap<>();
    private Ring ring;
    private RecordHandler handler = data -> {
        throw new IllegalStateException("a BPF record came before anyone was there to take it");
    };

    private BpfObject(MemorySegment object) {
        this.object = object;
    }

    /** Opens the object file's bytes (nothing reaches the kernel yet); libbpf's own messages are silenced. */
    public static BpfObject open(byte[] elf) throws ErrnoException {
        if (!Libbpf.available()) throw new IllegalStateException(Libbpf.missing());
        Arena global = Arena.global(); // libbpf keeps a pointer to the buffer for the object's life
        MemorySegment buf = global.allocate(elf.length, 8);
        MemorySegment.copy(elf, 0, buf, JAVA_BYTE, 0, elf.length);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment cap = a.allocate(Libc.CAPTURE_LAYOUT);
            Libbpf.libbpf_set_print(cap, MemorySegment.NULL);
            MemorySegment obj = Libbpf.bpf_object__open_mem(cap, buf, elf.length, MemorySegment.NULL);
            if (obj.equals(MemorySegment.NULL)) throw new ErrnoException("bpf_object__open_mem", Libc.errno(cap));
            return new BpfObject(obj);
        }
    }

    private MemorySegment map(String name) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment m = Libbpf.bpf_object__find_map_by_name(capture, object, a.allocateFrom(name));
            if (m.equals(MemorySegment.NULL)) throw new IllegalArgumentException("the BPF object has no map " + name);
            return m;
        }
    }

    /** After {@link #load}: the file descriptor of map {@code name}. */
    private int fd(String name) {
        Integer fd = fds.get(name);
        if (fd == null) fds.put(name, fd = Libbpf.bpf_map__fd(capture, map(name)));
        return fd;
    }

    /** Before {@link #load}: how many entries map {@code name} holds (a ring buffer: its size in bytes). */
    public void maxEntries(String name, int entries) throws ErrnoException {
        int rc = Libbpf.bpf_map__set_max_entries(capture, map(name), entries);
        if (rc < 0) throw new ErrnoException("bpf_map__set_max_entries " + name, -rc);
    }

    /** Creates the maps, relocates (CO-RE) and verifies the programs in the kernel. */
    public void load() throws ErrnoException {
        // the verifier gives up when a signal interrupts it (EAGAIN; libbpf tries five times): with
        // a sampling profiler's signal every millisecond in the JVM, every try would be interrupted
        Signals.blockingAsynchronous(() -> {
            int rc = Libbpf.bpf_object__load(capture, object);
            if (rc < 0) throw new ErrnoException("bpf_object__load", -rc);
            return null;
        });
    }

    private long bpf(String op, int cmd) throws ErrnoException {
        return sys(op, SYS_bpf, cmd, attr.address(), ATTR_SIZE, 0, 0, 0);
    }

    /** System call {@code nr}; failures throw, named {@code op}. */
    private long sys(String op, long nr, long a, long b, long c, long d, long e, long f) throws ErrnoException {
        long r = Libc.syscall(capture, nr, a, b, c, d, e, f);
        if (r == -1) throw new ErrnoException(op, Libc.errno(capture));
        return r;
    }

    /** The attr of BPF_MAP_*_ELEM: map_fd, key, value, flags. */
    private void elemAttr(String name) {
        attr.fill((byte) 0);
        attr.set(JAVA_INT, 0, fd(name));
        attr.set(JAVA_LONG, 8, key.address());
        attr.set(JAVA_LONG, 16, value.address());
    }

    /** After {@link #load}: sets {@code map[key]} to a 32-bit value. */
    public void put(String name, int k, int v) throws ErrnoException {
        key.set(JAVA_INT, 0, k);
        value.set(JAVA_INT, 0, v);
        elemAttr(name);
        bpf("bpf_map_update_elem " + name, BPF_MAP_UPDATE_ELEM);
    }

    /**
     * After {@link #load}: sets {@code map[keys[i]] = values[i]} (32-bit values) in one system
     * call (BPF_MAP_UPDATE_BATCH): a call per entry, through downcalls not yet compiled, was a
     * measurable part of each start (benchmarks/README.md, session 17).
     */
    public void putAll(String name, int[] keys, int[] values) throws ErrnoException {
        try (Arena a = Arena.ofConfined()) {
            putAll(name, a.allocateFrom(JAVA_INT, keys), keys.length, a.allocateFrom(JAVA_INT, values), values.length);
        }
    }

    /** As {@link #putAll(String, int[], int[])}, for a map with 64-bit keys. */
    public void putAll(String name, long[] keys, int[] values) throws ErrnoException {
        try (Arena a = Arena.ofConfined()) {
            putAll(name, a.allocateFrom(JAVA_LONG, keys), keys.length, a.allocateFrom(JAVA_INT, values), values.length);
        }
    }

    private void putAll(String name, MemorySegment keys, int n, MemorySegment values, int m) throws ErrnoException {
        if (n != m) throw new IllegalArgumentException(n + " keys, " + m + " values");
        if (n == 0) return;
        attr.fill((byte) 0);
        attr.set(JAVA_LONG, 16, keys.address());
        attr.set(JAVA_LONG, 24, values.address());
        attr.set(JAVA_INT, 32, n);
        attr.set(JAVA_INT, 36, fd(name));
        bpf("bpf_map_update_batch " + name, BPF_MAP_UPDATE_BATCH);
    }

    /** After {@link #load}: the 64-bit value at {@code map[key]} (a counter), 0 when absent. */
    public long get(String name, int k) {
        key.set(JAVA_INT, 0, k);
        value.set(JAVA_LONG, 0, 0);
        elemAttr(name);
        try {
            bpf("bpf_map_lookup_elem " + name, BPF_MAP_LOOKUP_ELEM);
        } catch (ErrnoException e) {
            return 0;
        }
        return value.get(JAVA_LONG, 0);
    }

    /**
     * Attaches a program to each raw tracepoint a section names (no tracefs needed); each stays
     * attached while its link's fd is open. Programs of one section are alternatives, tried in
     * order until the kernel accepts one: a program reading an argument the running kernel's
     * tracepoint lacks is refused with EINVAL (loading never checks that), and the next one, for
     * older kernels, is tried.
     */
    public void attachAll() throws ErrnoException {
        Map<String, List<MemorySegment>> bySection = new LinkedHashMap<>();
        MemorySegment prog = MemorySegment.NULL;
        while (!(prog = Libbpf.bpf_object__next_program(capture, object, prog)).equals(MemorySegment.NULL)) {
            String section = Libbpf.bpf_program__section_name(capture, prog);
            if (!section.startsWith(RAW_TRACEPOINT)) throw new IllegalStateException("a BPF program in section " + section);
            bySection.computeIfAbsent(section, s -> new ArrayList<>()).add(prog);
        }
        for (var e : bySection.entrySet()) attachFirst(e.getKey(), e.getValue());
    }

    private void attachFirst(String section, List<MemorySegment> programs) throws ErrnoException {
        for (int i = 0; ; i++) {
            try (Arena a = Arena.ofConfined()) {
                MemorySegment tracepoint = a.allocateFrom(section.substring(RAW_TRACEPOINT.length()));
                attr.fill((byte) 0);
                attr.set(JAVA_LONG, 0, tracepoint.address());
                attr.set(JAVA_INT, 8, Libbpf.bpf_program__fd(capture, programs.get(i)));
                links.add((int) bpf("attaching " + section, BPF_RAW_TRACEPOINT_OPEN));
                return;
            } catch (ErrnoException e) {
                if (e.errno != EINVAL || i == programs.size() - 1) throw e;
            }
        }
    }

    /** Where the records read by {@link #poll} go. */
    public void onRecord(RecordHandler handler) {
        this.handler = handler;
    }

    /** Reads ring-buffer map {@code name} from now on: each record goes to the {@link #onRecord} handler in {@link #poll}. */
    public void ring(String name) throws ErrnoException {
        ring = new Ring(fd(name), Libbpf.bpf_map__max_entries(capture, map(name)));
    }

    /**
     * Waits up to {@code timeoutMs} for a wake-up, then hands every record there is to the
     * handler (also those submitted without waking anyone); the number handed. A handler's
     * exception is passed on (the record stays unread).
     */
    public int poll(int timeoutMs) throws ErrnoException {
        ring.await(timeoutMs);
        return ring.consume();
    }

    /** Detaches the programs and frees the maps (the kernel drops what no one holds). */
    @Override
    public void close() {
        if (ring != null) ring.close();
        for (int link : links) Libc.syscall(capture, SYS_close, link, 0, 0, 0, 0, 0);
        links.clear();
        Libbpf.bpf_object__close(capture, object);
        arena.close();
    }

    /**
     * A BPF ring buffer read as the kernel lays it out (kernel/bpf/ringbuf.c; libbpf's
     * ring_buffer__consume reads it the same way): a page tot writes its consumer position to,
     * then a read-only page with the producer position, then the data, mapped twice in a row so
     * that a record that wraps around the end reads as one. Each record has an 8-byte header whose
     * first word is its length, with a bit for "still being written" and one for "discarded".
     */
    private final class Ring {
        private static final int BUSY = 1 << 31, DISCARDED = 1 << 30, HEADER = 8;
        private static final VarHandle POSITION = JAVA_LONG.varHandle();
        private static final VarHandle LENGTH = JAVA_INT.varHandle();

        private final int epoll;
        private final long size, page = PAGE_SIZE;
        private final MemorySegment consumer, producer, data;
        private final MemorySegment event = arena.allocate(16, 8);

        Ring(int mapFd, long size) throws ErrnoException {
            this.size = size;
            consumer = mmap(page, PROT_READ | PROT_WRITE, mapFd, 0);
            producer = mmap(page + 2 * size, PROT_READ, mapFd, page);
            data = producer.asSlice(page);
            epoll = (int) sys("epoll_create1", SYS_epoll_create1, EPOLL_CLOEXEC, 0, 0, 0, 0, 0);
            event.set(JAVA_INT, 0, EPOLLIN);
            sys("epoll_ctl", SYS_epoll_ctl, epoll, EPOLL_CTL_ADD, mapFd, event.address(), 0, 0);
        }

        private MemorySegment mmap(long length, int prot, int fd, long offset) throws ErrnoException {
            long at = sys("mmap of the BPF ring buffer", SYS_mmap, 0, length, prot, MAP_SHARED, fd, offset);
            return MemorySegment.ofAddress(at).reinterpret(length);
        }

        /** Sleeps until the kernel side wakes tot or {@code timeoutMs} pass. */
        void await(int timeoutMs) throws ErrnoException {
            long r = Libc.syscall(capture, SYS_epoll_wait, epoll, event.address(), 1, timeoutMs, 0, 0);
            if (r == -1 && Libc.errno(capture) != EINTR) throw new ErrnoException("epoll_wait", Libc.errno(capture));
        }

        /** Hands every complete record to the handler, freeing each one's room after it. */
        int consume() {
            int n = 0;
            long cons = (long) POSITION.getAcquire(consumer, 0L);
            while (true) {
                long prod = (long) POSITION.getAcquire(producer, 0L);
                if (cons >= prod) return n;
                long at = cons & (size - 1);
                int len = (int) LENGTH.getAcquire(data, at);
                if ((len & BUSY) != 0) return n;
                int bytes = len & ~(BUSY | DISCARDED);
                long next = cons + ((bytes + HEADER + 7) & ~7L);
                if ((len & DISCARDED) == 0) {
                    handler.record(data.asSlice(at + HEADER, bytes).asByteBuffer().order(ByteOrder.LITTLE_ENDIAN));
                    n++;
                }
                cons = next;
                POSITION.setRelease(consumer, 0L, cons);
            }
        }

        void close() {
            Libc.syscall(capture, SYS_munmap, consumer.address(), consumer.byteSize(), 0, 0, 0, 0);
            Libc.syscall(capture, SYS_munmap, producer.address(), producer.byteSize(), 0, 0, 0, 0);
            Libc.syscall(capture, SYS_close, epoll, 0, 0, 0, 0, 0);
        }
    }
}
