package tot.cli;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/**
 * What tot guesses from its raw arguments before picocli has parsed them: whether to start
 * loading the eBPF programs (LogCommand.mayUseEbpf), whether there is no database to warm up.
 */
class RawGuessTest {
    private static boolean guess(String... args) {
        return LogCommand.mayUseEbpf(args);
    }

    @Test
    void theEngineNamedBeforeTheCommand() {
        assertTrue(guess("log", "--engine", "ebpf", "--", "make"));
        assertTrue(guess("log", "-d", "deps.json", "--engine=ebpf", "make"));
        assertTrue(guess("log", "--engine", "auto", "--", "true"));
    }

    @Test
    void notForPtraceNorOtherCommandsNorTheTracedCommandsArguments() {
        assertFalse(guess("log", "--", "true"));
        assertFalse(guess("log", "--engine", "ptrace", "--", "true"));
        assertFalse(guess("log", "--", "tot", "log", "--engine", "ebpf", "--", "true"));
        assertFalse(guess("attach", "--engine", "ebpf"));
        assertFalse(guess("log", "--engine"));
        assertFalse(guess());
    }

    @Test
    void noDatabaseNamedBeforeTheCommand() {
        assertTrue(LogCommand.namedBeforeCommand(new String[] {"log", "-d", "x", "--no-db", "--", "true"}, "--no-db"));
        assertFalse(LogCommand.namedBeforeCommand(new String[] {"log", "--", "sh", "--no-db"}, "--no-db"));
        assertFalse(LogCommand.namedBeforeCommand(new String[] {"log", "--db", "x.db", "--", "true"}, "--no-db"));
    }
}
