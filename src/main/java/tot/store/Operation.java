package tot.store;

import java.util.Locale;
import tot.model.AccessKind;

/** What an access did to its path, as the accesses.kind column says it. */
public enum Operation {
    READ, WRITE, CREATE, DELETE, RENAME, EXEC,
    /** A directory made (mkdir, mkdirat; schema 8): no file, kept for what the run looked for below it (RunGraph). */
    MKDIR;

    private final String column = name().toLowerCase(Locale.ROOT);

    /** The value of the kind column. */
    public String column() {
        return column;
    }

    /** The operation of an access of {@code kind} by {@code syscall} (null: unknown). */
    public static Operation of(AccessKind kind, String syscall) {
        return switch (kind) {
            case INPUT -> READ;
            case DELETED -> DELETE;
            case EXEC -> EXEC;
            case MKDIR -> MKDIR;
            case OUTPUT -> written(syscall);
        };
    }

    /** What a write by {@code syscall} (null: unknown) did: rename*, *link*, or a write. */
    private static Operation written(String syscall) {
        if (syscall == null) return WRITE;
        return syscall.startsWith("rename") ? RENAME : syscall.contains("link") ? CREATE : WRITE;
    }

    /** The operation of a kind column's value, or null. */
    public static Operation ofColumn(String column) {
        for (Operation o : values()) if (o.column.equals(column)) return o;
        return null;
    }
}
