package tot.ci;

import java.util.Locale;

/**
 * How a list of files is written: one path per line (PLAIN), each followed by a NUL byte (NUL,
 * for xargs -0), a JSON array of objects, or CSV with a header row and LF line ends.
 */
public enum ListFormat {
    PLAIN, NUL, JSON, CSV;

    /** The --format value ({@code plain}, {@code json}, {@code csv}); {@code nul}: -0 was given. */
    public static ListFormat of(String name, boolean nul) {
        ListFormat f = switch (name.toLowerCase(Locale.ROOT)) {
            case "plain" -> PLAIN;
            case "json" -> JSON;
            case "csv" -> CSV;
            default -> throw new IllegalArgumentException("--format: expected plain, json or csv, not '" + name + "'");
        };
        if (nul && f != PLAIN) throw new IllegalArgumentException("-0 writes a plain list: not with --format " + name);
        return nul ? NUL : f;
    }
}
