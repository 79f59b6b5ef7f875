package tot.api;

/**
 * How {@link Tot#blackbox} watches running processes: the options of {@code tot blackbox}.
 *
 * @param capacity  how many of the last syscalls to keep (1 to 1 000 000)
 * @param follow    also trace the processes they fork ({@code -f})
 * @param syscalls  which syscalls to keep, strace's {@code -e trace=} syntax; null: all
 */
public record BlackboxOptions(int capacity, boolean follow, String syscalls) {
    /** The last {@code capacity} syscalls of every kind, forks not followed. */
    public static BlackboxOptions last(int capacity) {
        return new BlackboxOptions(capacity, false, null);
    }

    /** Also trace the children they fork. */
    public BlackboxOptions withFollowForks() {
        return new BlackboxOptions(capacity, true, syscalls);
    }

    /** Keep only these syscalls. */
    public BlackboxOptions withSyscalls(String expression) {
        return new BlackboxOptions(capacity, follow, expression);
    }
}
