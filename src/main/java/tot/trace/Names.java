package tot.trace;

/**
 * The named values of a role, as strace shows them: {@code flags}, bits joined with '|' (the
 * unnamed rest in hex, {@code zero} for 0), else one value by name; a value with no name is
 * hex with strace's comment, {@code unknown}: {@code 0x7 /* SIG_??? *\/} (null: hex alone, as
 * strace shows open and *at flags). Names are x86_64's (i386's are the same for these).
 */
record Names(boolean flags, String zero, String unknown, long[] values, String[] names) {
    static Names of(boolean flags, String zero, String unknown, Object... pairs) {
        long[] v = new long[pairs.length / 2];
        String[] n = new String[pairs.length / 2];
        for (int i = 0; i < v.length; i++) {
            v[i] = ((Number) pairs[2 * i]).longValue();
            n[i] = (String) pairs[2 * i + 1];
        }
        return new Names(flags, zero, unknown, v, n);
    }

    /** The name of {@code value} (not flags), or null when it has none. */
    String nameOf(long value) {
        for (int i = 0; i < values.length; i++) if (values[i] == value) return names[i];
        return null;
    }

    String show(long value) {
        if (!flags) {
            for (int i = 0; i < values.length; i++) if (values[i] == value) return names[i];
            return unnamed(value);
        }
        if (value == 0) return zero;
        StringBuilder sb = new StringBuilder();
        long left = value;
        for (int i = 0; i < values.length; i++) {
            if (values[i] != 0 && (left & values[i]) == values[i]) {
                sb.append(sb.isEmpty() ? "" : "|").append(names[i]);
                left &= ~values[i];
            }
        }
        if (sb.isEmpty()) return unnamed(value);
        return left == 0 ? sb.toString() : sb.append('|').append(hex(left)).toString();
    }

    private String unnamed(long value) {
        return unknown == null ? hex(value) : hex(value) + " /* " + unknown + " */";
    }

    /** strace's {@code %#x}: 0 without its 0x. */
    static String hex(long value) {
        return value == 0 ? "0" : "0x" + Long.toHexString(value);
    }

    /** An address as strace shows one: NULL, else hex. */
    static String pointer(long address) {
        return address == 0 ? "NULL" : "0x" + Long.toHexString(address);
    }
}
