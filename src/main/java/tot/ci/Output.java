package tot.ci;

import java.io.PrintStream;
import tot.util.ByteStrings;

/**
 * Text to standard output as bytes: a path's bytes exactly as recorded (ByteStrings), whatever
 * the locale (Java would write '?' for what its charset cannot encode); JSON is built escaped,
 * so it comes out as UTF-8.
 */
final class Output {
    private final PrintStream out;

    Output(PrintStream out) {
        this.out = out;
    }

    Output print(String s) {
        byte[] b = ByteStrings.encode(s);
        out.write(b, 0, b.length);
        return this;
    }

    Output println(String s) {
        return print(s).print("\n");
    }

    Output printNul(String s) {
        return print(s).print("\0");
    }

    void flush() {
        out.flush();
    }
}
