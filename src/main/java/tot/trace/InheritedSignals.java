package tot.trace;

/**
 * The signals tot was started with ignored (a background job of a script is started with SIGINT
 * and SIGQUIT ignored). tot itself handles SIGINT, SIGTERM and SIGHUP whatever it inherited, so
 * that `kill -INT` still reaches it; the traced command gets the dispositions tot was given.
 */
public final class InheritedSignals {
    private InheritedSignals() {}

    /**
     * What the ./tot launcher read before the JVM started (-Dtot.ignoredSignals=HEX, the SigIgn of
     * /proc/PID/status): the JVM replaces an ignored SIGQUIT with its thread-dump handler before
     * any Java code runs. Without it, the dispositions when this class is first used.
     */
    private static final long IGNORED = given();

    private static long given() {
        String hex = System.getProperty("tot.ignoredSignals");
        if (hex != null) {
            try {
                return Long.parseUnsignedLong(hex.strip(), 16);
            } catch (NumberFormatException e) {
                // not from the launcher: read our own
            }
        }
        return ProcFs.ignoredSignals((int) ProcessHandle.current().pid());
    }

    /** Takes the snapshot now (call first thing, before handlers are installed). */
    public static void snapshot() {
        // the static initializer did it
    }

    /** The ignored signals tot was given (bit N-1 = signal N). */
    static long ignored() {
        return IGNORED;
    }
}
