package tot.cli;

import java.util.Locale;

/** The --format of the commands that print a table or JSON (lineage, diff, check). */
final class TableOrJson {
    private TableOrJson() {}

    /** Whether {@code format} asks for JSON; a usage error when it is neither. */
    static boolean json(String format) {
        return switch (format.toLowerCase(Locale.ROOT)) {
            case "table" -> false;
            case "json" -> true;
            default -> throw new IllegalArgumentException("--format: expected table or json, not '" + format + "'");
        };
    }
}
