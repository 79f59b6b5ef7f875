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

    /** The absolute path of {@code command}, looked up from {@code cwd} (absolute) and {@code pathVariable}. */
    static String resolve(String command, String pathVariable, String cwd) throws NotRunnable {
        if (command.isEmpty()) throw new NotRunnable("'': command not found", 127);
        if (command.contains("/")) {
            String p = LexicalPath.resolve(cwd, command);
            switch (RawFiles.type(p)) {
                case NONE -> throw new NotRunnable(command + ": No such file or directory", 127);
                case DIRECTORY -> throw new NotRunnable(command + ": Is a directory", 126);
                case FILE, OTHER -> {
                    if (!RawFiles.isExecutable(p)) throw new NotRunnable(command + ": Permission denied", 126);
                    return p;
                }
            }
        }
        String path = pathVariable == null ? "/usr/local/bin:/usr/bin:/bin" : pathVariable;
        boolean foundNonExecutable = false;
        for (String dir : path.split(":", -1)) {
            String p = LexicalPath.resolve(LexicalPath.resolve(cwd, dir.isEmpty() ? "." : dir), command);
            if (RawFiles.type(p) == RawFiles.Type.FILE) {
                if (RawFiles.isExecutable(p)) return p;
                foundNonExecutable = true;
            }
        }
        if (foundNonExecutable) throw new NotRunnable(command + ": Permission denied", 126);
        throw new NotRunnable(command + ": command not found", 127);
    }
}
