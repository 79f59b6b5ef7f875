package tot.trace;

import java.util.List;

/** A way of tracing a command: ptrace ({@link Tracer}) or eBPF ({@link EbpfTracer}); both feed one process model. */
public interface Engine {
    /**
     * Traces {@code path} run with {@code argv} (argv[0] as given), started in directory
     * {@code dir} (absolute; null: tot's), until every traced process is gone; the root's exit
     * status (128+signal when killed). Call on a platform thread that does nothing else meanwhile.
     */
    int run(String path, List<String> argv, String dir) throws Tracer.StartFailed;

    /** The command's own exit code after {@link #run}: the status, or -N when signal N killed it. */
    int rootExit();

    /** tot itself got SIGINT, SIGTERM or SIGHUP (call from any thread). */
    void interrupt(int signal);

    /** {@code r} runs on the tracing thread once the command runs, before its first event is handled. */
    void onStarted(Runnable r);

    /** Kills every traced process (SIGKILL; call from any thread). */
    void kill();
}
