package tot.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import tot.ci.PathFilter;
import tot.ci.PathText;
import tot.linux.RawFiles;

/** Which files a CI answer lists and how it writes their names: --under, --exclude, --relative. */
final class FileFilterOptions {
    @Option(names = "--under", paramLabel = "DIR", description = "Only files below DIR (repeatable; default: anywhere).")
    List<String> under = new ArrayList<>();

    @Option(names = "--exclude", paramLabel = "GLOB",
            description = "Leave out the files GLOB matches (repeatable): *.o matches a name anywhere, build/** a path "
                    + "relative to the current directory, /usr/** an absolute one.")
    List<String> exclude = new ArrayList<>();

    @Option(names = "--relative", description = "Write paths below the current directory relative to it.")
    boolean relative;

    private String cwd;

    String cwd() {
        if (cwd == null) cwd = RawFiles.cwd();
        return cwd;
    }

    PathFilter filter() {
        return PathFilter.of(under, exclude, cwd());
    }

    PathText paths() {
        return relative ? new PathText(cwd()) : PathText.ABSOLUTE;
    }
}
