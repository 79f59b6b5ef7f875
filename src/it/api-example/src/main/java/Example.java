import java.util.List;
import tot.api.*;

public class Example {
    public static void main(String[] args) throws Exception {
        TraceOptions options = TraceOptions.defaults().withDatabase("build.db");
        TracedRun run = Tot.trace(List.of("sh", "-c", "echo hello > out.txt && cp out.txt copy.txt"), options,
                event -> { if (event instanceof TraceEvent.ExecutionStarted s) System.out.println("started " + s.path()); });
        for (ExecutionRecord x : run.executions())
            System.out.println(x.path() + " wrote " + x.outputs() + ", exit " + x.exitStatus());
        try (RunStore store = RunStore.open("build.db")) {
            long last = store.run("last").id();
            for (RunFile f : store.outputs(last, FileFilter.under(".")))
                System.out.println("output " + f.path() + " sha1 " + f.sha1());
        }
    }
}
