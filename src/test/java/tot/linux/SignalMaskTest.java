package tot.linux;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link Signals#blockingAsynchronous} (the window tot loads its BPF programs in) leaves the
 * signals of faults unblocked: the JVM's own faults stay the JVM's to handle.
 */
class SignalMaskTest {
    @Test
    void theWindowBlocksAllButTheSignalsOfFaults() throws Exception {
        long blocked = Signals.blockingAsynchronous(SignalMaskTest::blockedNow);
        for (int fault : List.of(Linux.SIGSEGV, Linux.SIGBUS, Linux.SIGILL, Linux.SIGFPE, Linux.SIGTRAP, Linux.SIGSYS)) {
            assertEquals(0, blocked & 1L << (fault - 1), "signal " + fault + " blocked");
        }
        for (int async : List.of(Linux.SIGINT, Linux.SIGTERM, Linux.SIGCHLD, Linux.SIGPROF, Linux.SIGUSR1, 34, 64)) {
            assertNotEquals(0, blocked & 1L << (async - 1), "signal " + async + " not blocked");
        }
        assertEquals(0, blockedNow() & Signals.ASYNCHRONOUS & ~blockedBefore, "the mask is given back");
    }

    private final long blockedBefore = blockedNow();

    /**
     * Real-time signals are named as strace names them (32 SIGRTMIN, 32+n SIGRT_n), and read back
     * so; an event stream of an earlier tot, with glibc's SIGRTMIN+n (34+n), is read too.
     */
    @Test
    void realTimeSignalsAreNamedAsStraceNamesThem() {
        assertEquals("SIGRTMIN", Signals.name(32));
        assertEquals("SIGRT_2", Signals.name(34));
        assertEquals("SIGRT_32", Signals.name(64));
        for (int n = 1; n <= 64; n++) assertEquals(n, Signals.number(Signals.name(n)), "signal " + n);
        assertEquals(36, Signals.number("SIGRTMIN+2"));
    }

    /**
     * A null check of compiled code in the window (the JVM takes it as a SIGSEGV) is a
     * NullPointerException, not the JVM's silent end by SIGSEGV (exit 139).
     */
    @Test
    void aFaultOfCompiledCodeInTheWindowIsTheJvmsToHandle() throws Exception {
        assertEquals("NullPointerException", runInChildJvm(NullInWindow.class));
    }

    /** What {@code main}'s main prints, run in a JVM of its own; it must exit with 0. */
    private static String runInChildJvm(Class<?> main) throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), main.getName())
                .redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "did not finish");
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.exitValue(), out);
        return out.strip();
    }

    /**
     * The no-op handlers tot installs through the system call (shield, the tracer's wake-up)
     * return from a signal: a wrong restorer would end the JVM by SIGSEGV at the first one. A
     * child JVM shields SIGUSR1, SIGALRM, glibc's 32 (its handler comes only with a
     * pthread_cancel) and WAKE (which only `tot attach` prepares), sends itself each, prepares
     * WAKE and sends it again, and lives on.
     */
    @Test
    void theNoOpHandlersReturnFromTheirSignals() throws Exception {
        assertEquals("alive, shielded: " + List.of(Linux.SIGUSR1, Linux.SIGALRM, 32, Signals.WAKE), runInChildJvm(SignalsToSelf.class));
    }

    /** Shields, signals itself, and says which handlers the kernel holds (its SigCgt mask). */
    static final class SignalsToSelf {
        private static final int[] SIGNALS = {Linux.SIGUSR1, Linux.SIGALRM, 32, Signals.WAKE};

        public static void main(String[] args) throws Exception {
            Signals.unignore(32); // as tot gets it from a shell: this JVM's parent spawned it with glibc's 32 and 33 ignored
            Signals.shield(SIGNALS);
            int self = (int) ProcessHandle.current().pid();
            for (int signal : SIGNALS) {
                if (!Signals.kill(self, signal)) throw new AssertionError("kill " + signal);
            }
            Signals.wakeOnSignal();
            if (!Signals.kill(self, Signals.WAKE)) throw new AssertionError("kill WAKE");
            Thread.sleep(200); // delivered by now, to whichever thread
            long caught = Long.parseUnsignedLong(Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(l -> l.startsWith("SigCgt:")).findFirst().orElseThrow().substring(7).strip(), 16);
            List<Integer> shielded = new java.util.ArrayList<>();
            for (int signal : SIGNALS) {
                if ((caught & 1L << (signal - 1)) != 0) shielded.add(signal);
            }
            System.out.println("alive, shielded: " + shielded);
        }
    }

    /** Compiles a method with an implicit null check, then passes it null in the window. */
    static final class NullInWindow {
        public static void main(String[] args) throws Exception {
            int[] some = new int[3];
            long sum = 0;
            for (int i = 0; i < 2_000_000; i++) sum += length(some);
            long total = sum;
            System.out.println(Signals.blockingAsynchronous(() -> {
                try {
                    return Long.toString(total + length(null));
                } catch (NullPointerException e) {
                    return "NullPointerException";
                }
            }));
        }

        private static int length(int[] a) {
            return a.length;
        }
    }

    private static long blockedNow() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/thread-self/status"))) {
                if (line.startsWith("SigBlk:")) return Long.parseUnsignedLong(line.substring(7).strip(), 16);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        throw new AssertionError("no SigBlk line");
    }
}
