package tot.api;

/**
 * How {@link Tot#attach} records running processes: the options of {@code tot attach}.
 * Immutable; each {@code with…} returns a copy. {@link #defaults()}: every syscall reported,
 * the run stored in the default database with hashes, forks not followed.
 *
 * @param follow    also trace the processes they fork from now on ({@code -f})
 * @param database  an SQLite file or a {@code postgresql://} URL, null for the default; ignored
 *                  when {@code store} is false
 * @param store     whether to store the run ({@code --no-db} when false)
 * @param hash      whether to record the sha1 of the files read and written
 * @param depsJson  write deps.json here at the end, or null
 * @param events    stream events as JSON Lines here, or null
 * @param syscalls  which syscalls become {@link SyscallRecord} events, strace's {@code -e trace=}
 *                  syntax; null: all
 */
public record AttachOptions(boolean follow, String database, boolean store, boolean hash, String depsJson, String events,
                            String syscalls) {
    /** All syscalls, stored in the default database with hashes, no files, forks not followed. */
    public static AttachOptions defaults() {
        return new AttachOptions(false, null, true, true, null, null, null);
    }

    /** Also trace the children they fork. */
    public AttachOptions withFollowForks() {
        return new AttachOptions(true, database, store, hash, depsJson, events, syscalls);
    }

    /** Store the run in {@code location}. */
    public AttachOptions withDatabase(String location) {
        return new AttachOptions(follow, location, true, hash, depsJson, events, syscalls);
    }

    /** Do not store the run. */
    public AttachOptions withoutDatabase() {
        return new AttachOptions(follow, null, false, hash, depsJson, events, syscalls);
    }

    /** Whether to hash the files read and written. */
    public AttachOptions withHashes(boolean on) {
        return new AttachOptions(follow, database, store, on, depsJson, events, syscalls);
    }

    /** Write deps.json to {@code file} at the end. */
    public AttachOptions withDepsJson(String file) {
        return new AttachOptions(follow, database, store, hash, file, events, syscalls);
    }

    /** Stream events as JSON Lines to {@code file}. */
    public AttachOptions withEvents(String file) {
        return new AttachOptions(follow, database, store, hash, depsJson, file, syscalls);
    }

    /** Report only these syscalls (strace's {@code -e trace=} syntax). */
    public AttachOptions withSyscalls(String expression) {
        return new AttachOptions(follow, database, store, hash, depsJson, events, expression);
    }
}
