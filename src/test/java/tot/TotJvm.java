package tot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The command line that runs tot's CLI from the test classes with the JVM options of the ./tot
 * launcher (read from it, so the two never drift apart) and its compiler choice for all but log
 * imports: C1 alone. Tests then see the heap, GC and open-file limit users get, and a short
 * command does not pay for C2 compilations it never uses.
 */
public final class TotJvm {
    private TotJvm() {}

    private static final List<String> OPTIONS = launcherOptions();

    /** `java … tot.cli.Main args…` */
    public static List<String> command(List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(OPTIONS);
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("tot.cli.Main");
        cmd.addAll(args);
        return cmd;
    }

    private static List<String> launcherOptions() {
        try {
            String line = Files.readAllLines(Path.of("tot")).stream().filter(l -> l.startsWith("tot_jvm_opts=("))
                    .findFirst().orElseThrow(() -> new IllegalStateException("./tot sets no tot_jvm_opts"));
            return Arrays.asList(line.substring(line.indexOf('(') + 1, line.lastIndexOf(')')).trim().split("\\s+"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
