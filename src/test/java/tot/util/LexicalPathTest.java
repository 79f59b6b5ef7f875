package tot.util;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The one-scan normalizer against a plain split-and-stack one, on random paths. */
class LexicalPathTest {
    private static String reference(String p) {
        Deque<String> stack = new ArrayDeque<>();
        for (String part : p.split("/")) {
            if (part.isEmpty() || part.equals(".")) continue;
            if (part.equals("..")) stack.pollLast();
            else stack.addLast(part);
        }
        return stack.isEmpty() ? "/" : "/" + String.join("/", stack);
    }

    @Test
    void agreesWithSplittingOnRandomPaths() {
        Random r = new Random(7);
        String[] parts = {"a", "bc", ".", "..", "", "d.e", "...", ".x", "x.", "..a"};
        for (int i = 0; i < 50_000; i++) {
            StringBuilder base = new StringBuilder(), rel = new StringBuilder();
            for (int k = r.nextInt(5); k >= 0; k--) base.append('/').append(parts[r.nextInt(parts.length)]);
            for (int k = r.nextInt(5); k >= 0; k--) rel.append(rel.isEmpty() ? "" : "/").append(parts[r.nextInt(parts.length)]);
            if (r.nextInt(4) == 0) rel.append('/');
            String b = base.toString(), p = rel.toString();
            assertEquals(reference(b), LexicalPath.normalize(b), b);
            assertEquals(reference(p.startsWith("/") ? p : b + "/" + p), LexicalPath.resolve(b, p), b + " + " + p);
        }
    }
}
