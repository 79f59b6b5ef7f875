package tot.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import tot.util.AtomicOutput;

/** `tot manpages DIR`: tot.1 and tot-COMMAND.1 for every command, from the command model. */
@Command(name = "manpages", mixinStandardHelpOptions = true,
        description = {"Write the manual pages tot.1 and tot-COMMAND.1 (one per command) into DIR.",
                "They hold what --help says; man -l DIR/tot-log.1 reads one, or put DIR in MANPATH "
                        + "(e.g. ~/.local/share/man/man1)."},
        footer = {"", "Example:  tot manpages ~/.local/share/man/man1 && man tot-log"})
final class ManPagesCommand implements Callable<Integer> {
    @Parameters(paramLabel = "DIR", description = "Where to write them (created if missing).")
    Path dir;

    @Override
    public Integer call() throws Exception {
        Files.createDirectories(dir);
        CommandLine tot = Main.commandLine(Main.SUBCOMMANDS.values());
        write("tot.1", ManPage.of(tot, null));
        for (var sub : tot.getSubcommands().entrySet()) {
            if (sub.getValue().getCommandSpec().usageMessage().hidden() || sub.getKey().equals("help")) continue;
            write("tot-" + sub.getKey() + ".1", ManPage.of(sub.getValue(), tot));
        }
        return 0;
    }

    private void write(String name, String page) throws java.io.IOException {
        AtomicOutput.write(dir.resolve(name).toString(), page.getBytes(StandardCharsets.UTF_8));
    }
}
