package tot.trace;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * setsockopt's and getsockopt's level and option as strace 6 names them (x86_64's values), from
 * the table in sockopts.txt beside this class, read at the first socket option shown. getsockopt
 * gets setsockopt's names: where the two differ (iptables' IPT_SO_GET_INFO is IPT_SO_SET_REPLACE's
 * number) strace shows the get name and tot the set one.
 */
final class SockoptNames {
    private SockoptNames() {}

    private record Level(String name, String unknown, Map<Integer, String> options) {}

    private static final class Table { // loaded on first use: most traces show no socket option
        static final Map<Integer, Level> LEVELS = load();
    }

    static String level(long level) {
        Level l = Table.LEVELS.get((int) level);
        return l != null ? l.name : Names.hex((int) level & 0xffffffffL) + " /* SOL_?? */";
    }

    /** The option at {@code level}: by name where strace has the level's names, else the number. */
    static String option(long level, long option) {
        Level l = Table.LEVELS.get((int) level);
        if (l == null || l.unknown == null) return Long.toString(option & 0xffffffffL); // strace's unsigned int
        String name = l.options.get((int) option);
        return name != null ? name : Names.hex((int) option & 0xffffffffL) + " /* " + l.unknown + " */";
    }

    private static Map<Integer, Level> load() {
        Map<Integer, Level> levels = new HashMap<>();
        try (var in = SockoptNames.class.getResourceAsStream("sockopts.txt");
             var r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isEmpty() || line.startsWith("#")) continue;
                String[] f = line.split(" ");
                if (f[0].equals("level")) {
                    levels.put(Integer.parseInt(f[1]), new Level(f[2], f.length > 3 ? f[3] : null, new HashMap<>()));
                } else {
                    levels.get(Integer.parseInt(f[0])).options.put(Integer.parseInt(f[1]), f[2]);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return levels;
    }
}
