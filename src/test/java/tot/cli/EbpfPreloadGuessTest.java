package tot.cli;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** Which command lines start loading the eBPF programs before picocli has parsed them (LogCommand.mayUseEbpf). */
class EbpfPreloadGuessTest {
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
}
