package tot.trace;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import tot.util.ByteStrings;

/**
 * One ring-buffer record of the eBPF engine, read from its bytes: `struct record` of
 * src/main/bpf/tot.bpf.c (136 bytes, little-endian) and the strings after it.
 */
final class EbpfRecord {
    static final int CALL = 1, FORK = 2, EXEC = 3, EXIT = 4;
    static final int COMPAT = 0x1, STR1_UNREADABLE = 0x2, STR2_UNREADABLE = 0x4, DEREF_UNREADABLE = 0x8,
            TRUNCATED = 0x10, ENV = 0x20, SPAWN_CALL = 0x40, SCRIPT = 0x80, BLOCK = 0x100,
            REFUSED = 0x200, EMPTY_ARGV = 0x400, FD_KNOWN = 0x800, FD_DIRECTORY = 0x1000, IN_ROOT = 0x2000,
            FD_REGULAR = 0x4000, FD_CREATED = 0x8000;
    static final int HEADER = 136, PATH_MAX = 4096, ARG0_MAX = 256;

    int kind, tid, tgid, nr;
    long time, ret;
    final long[] args = new long[6];
    int aux, flags, len1, len2, len3;
    long extra, start;
    /** A call record of an open of a regular file: its size, status-change time (ns; 0: not known) and inode number at the exit. */
    long fileSize, ctime, ino;
    private ByteBuffer data;
    private int size;

    /** Reads the header of {@code b} (valid until the next record). */
    EbpfRecord read(ByteBuffer b) {
        data = b;
        size = b.limit();
        kind = b.getInt(0);
        tid = b.getInt(4);
        tgid = b.getInt(8);
        nr = b.getInt(12);
        time = b.getLong(16);
        ret = b.getLong(24);
        for (int i = 0; i < 6; i++) args[i] = b.getLong(32 + 8 * i);
        aux = b.getInt(80);
        flags = b.getInt(84);
        len1 = Short.toUnsignedInt(b.getShort(88));
        len2 = Short.toUnsignedInt(b.getShort(90));
        len3 = b.getInt(92);
        extra = b.getLong(96);
        start = b.getLong(104);
        fileSize = b.getLong(112);
        ctime = b.getLong(120);
        ino = b.getLong(128);
        return this;
    }

    boolean has(int flag) {
        return (flags & flag) != 0;
    }

    /** A call record's first or second string ({@code which} 0 or 1), or null when it was not read. */
    String string(int which) {
        int len = which == 0 ? len1 : len2;
        if (len == 0 || has(which == 0 ? STR1_UNREADABLE : STR2_UNREADABLE)) return null;
        int slot = (size - HEADER) / 2; // the record was reserved with two slots of one size
        return text(HEADER + which * slot, len - 1); // without its NUL
    }

    /** A call record's argument block (i386 socketcall's): the 32-bit words read, or null when none could be. */
    long[] block() {
        if (!has(BLOCK)) return null;
        long[] words = new long[len1 / 4];
        for (int i = 0; i < words.length; i++) words[i] = Integer.toUnsignedLong(data.getInt(HEADER + 4 * i));
        return words;
    }

    /** An exec record's file name (what exec was given, as the kernel keeps it). */
    String execName() {
        return len1 == 0 ? null : text(HEADER, len1 - 1);
    }

    /** A script's exec record: argv[0] as the exec was given it (read at entry), or null when unreadable. */
    String scriptArgv0() {
        return has(SCRIPT) && extra > 0 ? text(HEADER + PATH_MAX, (int) extra - 1) : null;
    }

    /** An exec record's argv (or, {@code env}, its environment): NUL-separated strings as on the new stack. */
    List<String> execStrings(boolean env) {
        int from = execFrom(env), len = execLength(env);
        List<String> out = new ArrayList<>();
        int begin = from;
        for (int i = from; i < from + len; i++) {
            if (data.get(i) == 0) {
                out.add(text(begin, i - begin));
                begin = i + 1;
            }
        }
        if (begin < from + len) out.add(text(begin, from + len - begin)); // cut short: the record was full
        return out;
    }

    /**
     * Whether the exec record's argv (or, {@code env}, environment) was cut at the record's end:
     * entries are missing, and the last one kept may be cut mid-way ({@link #lastExecStringCut}).
     */
    boolean execStringsCut(boolean env) {
        return has(TRUNCATED) && execLength(env) == execSlot();
    }

    /** Whether the last string {@link #execStrings} gives was cut mid-way (it has no NUL of its own). */
    boolean lastExecStringCut(boolean env) {
        int from = execFrom(env), len = execLength(env);
        return execStringsCut(env) && len > 0 && data.get(from + len - 1) != 0;
    }

    private String text(int offset, int len) {
        byte[] b = new byte[Math.max(len, 0)];
        data.get(offset, b);
        return ByteStrings.decode(b);
    }

    /** An exec record's room for argv, and again for the environment: the record was reserved with two slots of one size. */
    private int execSlot() {
        return (size - HEADER - PATH_MAX - ARG0_MAX) / 2;
    }

    private int execFrom(boolean env) {
        return HEADER + PATH_MAX + ARG0_MAX + (env ? execSlot() : 0);
    }

    /** The bytes of argv (exec: {@link #start} holds them) or of the environment ({@link #len3}). */
    private int execLength(boolean env) {
        return env ? len3 : (int) start;
    }
}
