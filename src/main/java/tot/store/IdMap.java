package tot.store;

import java.util.Arrays;

/**
 * Row ids of a source database to those of the target, as an array over the range of source
 * ids (a merge looks one up for every column of every row: no boxing, no hashing).
 */
final class IdMap {
    private long base = -1;
    private long[] ids = new long[0];
    private int size;

    void put(long from, long to) {
        if (base < 0) base = from;
        if (from < base) {
            int shift = Math.toIntExact(base - from);
            long[] moved = new long[ids.length + shift];
            Arrays.fill(moved, 0, shift, -1);
            System.arraycopy(ids, 0, moved, shift, ids.length);
            ids = moved;
            base = from;
        }
        int i = Math.toIntExact(from - base);
        if (i >= ids.length) {
            int old = ids.length;
            ids = Arrays.copyOf(ids, Math.max(i + 1, old * 2));
            Arrays.fill(ids, old, ids.length, -1);
        }
        if (ids[i] < 0) size++;
        ids[i] = to;
    }

    /** The target id of source id {@code from}; fails when it has none (a row referring to a row not merged). */
    long get(long from) {
        long i = from - base;
        long to = base < 0 || i < 0 || i >= ids.length ? -1 : ids[(int) i];
        if (to < 0) throw new IllegalStateException("row " + from + " refers to a row the merge did not copy");
        return to;
    }

    int size() {
        return size;
    }
}
