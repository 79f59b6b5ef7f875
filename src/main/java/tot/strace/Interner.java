package tot.strace;

import java.nio.charset.StandardCharsets;

/**
 * A small cache from ASCII byte ranges to the values made from them, so that a log's millions of
 * {@code openat}, {@code O_RDONLY|O_CLOEXEC} and {@code ENOENT} share one String (or one
 * immutable argument) each instead of allocating one per line. Direct-mapped: a slot holds the last
 * key that hashed to it; memory stays bounded whatever the log holds.
 */
final class Interner<V> {
    private static final int SLOTS = 4096;
    private final byte[][] keys = new byte[SLOTS][];
    private final Object[] values = new Object[SLOTS];

    /** Makes the value of an ASCII text that is not cached. */
    interface Maker<V> {
        V make(String text);
    }

    private final Maker<V> maker;

    Interner(Maker<V> maker) {
        this.maker = maker;
    }

    /** The value for b[from, to), which must be ASCII. */
    @SuppressWarnings("unchecked")
    V get(byte[] b, int from, int to) {
        int h = 0;
        for (int i = from; i < to; i++) h = 31 * h + b[i];
        int slot = (h ^ (h >>> 12)) & (SLOTS - 1);
        byte[] k = keys[slot];
        if (k != null && k.length == to - from && equal(k, b, from)) return (V) values[slot];
        if (to - from > 256) return maker.make(new String(b, from, to - from, StandardCharsets.ISO_8859_1));
        byte[] key = java.util.Arrays.copyOfRange(b, from, to);
        V v = maker.make(new String(key, StandardCharsets.ISO_8859_1));
        keys[slot] = key;
        values[slot] = v;
        return v;
    }

    private static boolean equal(byte[] k, byte[] b, int from) {
        for (int i = 0; i < k.length; i++) if (k[i] != b[from + i]) return false;
        return true;
    }
}
