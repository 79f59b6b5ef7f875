package tot.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** `tot completion bash|zsh`: the shell completion script, generated from the command model. */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = {"Print a completion script for bash or zsh (commands, options and their values).",
                "bash: source <(tot completion bash) in ~/.bashrc; zsh: the same in ~/.zshrc (it loads bashcompinit)."},
        footer = {"", "Example:  tot completion bash > ~/.local/share/bash-completion/completions/tot"})
final class CompletionCommand implements Callable<Integer> {
    @Parameters(paramLabel = "SHELL", description = "bash or zsh.", completionCandidates = Candidates.Shells.class)
    String shell;

    @Override
    public Integer call() {
        if (!shell.equals("bash") && !shell.equals("zsh")) {
            throw new IllegalArgumentException("SHELL: expected bash or zsh, not '" + shell + "'");
        }
        // one script serves both: under zsh it turns on bashcompinit itself
        System.out.print(AutoComplete.bash("tot", Main.commandLine(Main.SUBCOMMANDS.values())));
        return 0;
    }
}
