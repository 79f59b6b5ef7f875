package tot.cli;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import tot.util.ByteStrings;

/**
 * tot's arguments as the bytes it was given. The JVM decodes argv with the platform charset, so an
 * argument that is not valid UTF-8 (a file name, a traced command's argument) arrives with U+FFFD
 * in place of its bytes, and the traced program would see other bytes than it was given. The
 * kernel's copy, /proc/self/cmdline, still has them: its last entries are the program's arguments.
 */
final class RawArgs {
    private RawArgs() {}

    /**
     * {@code args} with each argument re-read from /proc/self/cmdline as a byte string
     * (tot.util.ByteStrings); {@code args} as they are when the two do not line up.
     */
    static String[] of(String[] args) {
        if (args.length == 0) return args;
        List<byte[]> all;
        try {
            all = split(Files.readAllBytes(Path.of("/proc/self/cmdline")));
        } catch (IOException | SecurityException e) {
            return args;
        }
        if (all.size() < args.length) return args;
        List<byte[]> tail = all.subList(all.size() - args.length, all.size());
        Charset platform = platformCharset();
        String[] out = new String[args.length];
        for (int i = 0; i < args.length; i++) {
            if (!new String(tail.get(i), platform).equals(args[i])) return args; // not the same arguments
            out[i] = ByteStrings.decode(tail.get(i));
        }
        return out;
    }

    private static List<byte[]> split(byte[] cmdline) {
        List<byte[]> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < cmdline.length; i++) {
            if (cmdline[i] == 0) {
                out.add(Arrays.copyOfRange(cmdline, start, i));
                start = i + 1;
            }
        }
        if (start < cmdline.length) out.add(Arrays.copyOfRange(cmdline, start, cmdline.length));
        return out;
    }

    private static Charset platformCharset() {
        try {
            return Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
        } catch (IllegalArgumentException e) {
            return Charset.defaultCharset();
        }
    }
}
