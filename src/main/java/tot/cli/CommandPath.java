package tot.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the program to run the way a shell would: a name with a slash as is, else along PATH. */
final class CommandPath {
    private CommandPath() {}

    /** Why a command cannot run, with the shell's exit status for it. */
    static final class NotRunnable extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;
        NotRunnable(String message, int status) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    static String resolve(String command, String pathVariable, Path cwd) throws NotRunnable {
        if (command.isEmpty()) throw new NotRunnable("'': command not found", 127);
        if (command.contains("/")) {
            Path p = cwd.resolve(command).normalize();
            if (!Files.exists(p)) throw new NotRunnable(command + ": No such file or directory", 127);
            if (Files.isDirectory(p)) throw new NotRunnable(command + ": Is a directory", 126);
            if (!Files.isExecutable(p)) throw new NotRunnable(command + ": Permission denied", 126);
            return p.toString();
        }
        String path = pathVariable == null ? "/usr/local/bin:/usr/bin:/bin" : pathVariable;
        boolean foundNonExecutable = false;
        for (String dir : path.split(":", -1)) {
            Path p = cwd.resolve(dir.isEmpty() ? "." : dir).resolve(command).normalize();
            if (Files.isRegularFile(p)) {
                if (Files.isExecutable(p)) return p.toString();
                foundNonExecutable = true;
            }
        }
        if (foundNonExecutable) throw new NotRunnable(command + ": Permission denied", 126);
        throw new NotRunnable(command + ": command not found", 127);
    }
}
