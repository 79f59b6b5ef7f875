package tot.api;

import tot.linux.RawFiles;
import tot.util.LexicalPath;

/**
 * Finds the program to run the way a shell would: a name with a slash as is, else along PATH.
 * Names are byte strings (tot.util.ByteStrings): a command not named in UTF-8 is found too.
 */
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

    /**
     * The name to exec {@code command} by, looked up from {@code cwd} (absolute, the command's
     * own) and {@code pathVariable}: the name as given when it has a slash, else the PATH entry
     * it was found in joined to it with a slash (as execvp and dash build it; an empty entry, the
     * working directory, gives {@code ./NAME} as bash does, so that the name keeps a slash). Not
     * an absolute path: a file without {@code #!} is run by /bin/sh with this name as its
     * {@code $0}, as a shell would run it, and the kernel resolves {@code ..} as it would.
     */
    static String resolve(String command, String pathVariable, String cwd) throws NotRunnable {
        if (command.isEmpty()) throw new NotRunnable("'': command not found", 127);
        if (command.contains("/")) {
            String p = LexicalPath.resolve(cwd, command);
            switch (RawFiles.type(p)) {
                case NONE -> throw new NotRunnable(command + ": No such file or directory", 127);
                case DIRECTORY -> throw new NotRunnable(command + ": Is a directory", 126);
                case FILE, OTHER -> {
                    if (!RawFiles.isExecutable(p)) throw new NotRunnable(command + ": Permission denied", 126);
                    return command;
                }
            }
        }
        String path = pathVariable == null ? "/usr/local/bin:/usr/bin:/bin" : pathVariable;
        boolean foundNonExecutable = false;
        for (String dir : path.split(":", -1)) {
            String p = LexicalPath.resolve(LexicalPath.resolve(cwd, dir.isEmpty() ? "." : dir), command);
            if (RawFiles.type(p) == RawFiles.Type.FILE) {
                if (RawFiles.isExecutable(p)) return (dir.isEmpty() ? "." : dir) + "/" + command;
                foundNonExecutable = true;
            }
        }
        if (foundNonExecutable) throw new NotRunnable(command + ": Permission denied", 126);
        throw new NotRunnable(command + ": command not found", 127);
    }
}
