package tot.show;

import java.io.PrintStream;
import java.util.List;

/**
 * `--format`: a human table (the default), JSON, or CSV (RFC 4180 quoting, a header row first,
 * lines ending in LF as awk and cut expect; an unknown value is an empty field).
 */
public enum Format {
    TABLE, JSON, CSV;

    /** Writes one CSV record (tot.util.Csv). */
    static void csv(PrintStream out, List<?> cells) {
        out.print(tot.util.Csv.line(cells));
    }
}
