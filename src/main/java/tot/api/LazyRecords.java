package tot.api;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;
import java.util.function.Supplier;

/**
 * A run's execution records, built when first read and kept: `tot log` never reads them (it
 * writes deps.json from the model), and building a record per execution after the trace would
 * delay its exit (benchmarks/README.md, session 17). Unmodifiable; safe to share.
 */
final class LazyRecords extends AbstractList<ExecutionRecord> implements RandomAccess {
    private Supplier<List<ExecutionRecord>> build;
    private List<ExecutionRecord> records;

    LazyRecords(Supplier<List<ExecutionRecord>> build) {
        this.build = build;
    }

    private synchronized List<ExecutionRecord> records() {
        if (records == null) {
            records = List.copyOf(build.get());
            build = null;
        }
        return records;
    }

    @Override
    public ExecutionRecord get(int index) {
        return records().get(index);
    }

    @Override
    public int size() {
        return records().size();
    }
}
