package tot.imports;

import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import tot.store.Machine;
import tot.store.Merge;
import tot.store.Store;

/**
 * Imports deps.json files and tot event logs into a {@link Store}, in a transaction opened by
 * {@link #begin} that the caller commits or rolls back. A run's key is the sha1 of the file's bytes: a file
 * imported before, under any name, is not imported again.
 */
public final class Importer {
    /** What importing one file did. */
    public sealed interface Outcome permits Imported, AlreadyImported, Merged {}

    /** A new run {@code run} with this many executions and accesses. */
    public record Imported(long run, int executions, long accesses, long syscalls) implements Outcome {}

    /** The same bytes were imported before, as run {@code run}. */
    public record AlreadyImported(long run) implements Outcome {}

    /** A tot database merged: what became of each of its runs. */
    public record Merged(List<Merge.Outcome> runs) implements Outcome {}

    /** Told of each execution and successful access as it is imported (for a progress line). */
    public interface Counter {
        void execution();

        void access(String path);
    }

    private static final Counter NO_COUNTER = new Counter() {
        @Override
        public void execution() {}

        @Override
        public void access(String path) {}
    };

    private final Store store;
    private final String straceCwd;
    private final boolean skipBad;
    private Counter counter = NO_COUNTER;
    private final LocalDate straceDate;
    private final List<String> warnings = new ArrayList<>();
    private String host = Machine.hostname(), user = Machine.user();
    private Machine machine = Machine.local();

    /**
     * {@code straceCwd}: the directory relative paths of an strace log start from (null: what
     * the log shows of it, else the current one); {@code skipBad}: skip and count strace lines
     * that do not parse instead of failing.
     */
    public Importer(Store store, String straceCwd, boolean skipBad) {
        this(store, straceCwd, skipBad, null);
    }

    /** {@code straceDate}: the day an strace log with times of day ({@code -t}, {@code -tt}) began; null: unknown. */
    public Importer(Store store, String straceCwd, boolean skipBad, LocalDate straceDate) {
        this.store = store;
        this.straceCwd = straceCwd;
        this.skipBad = skipBad;
        this.straceDate = straceDate;
    }

    /** What the user should know about the files imported so far, one line each, starting with the file's name. */
    public List<String> warnings() {
        return warnings;
    }

    /**
     * The files were recorded elsewhere: on host {@code host} and/or the machine with id
     * {@code machineId} (null: unknown), by an unknown user. By default they are this machine's.
     */
    public void recordedOn(String host, String machineId) {
        this.host = host;
        this.user = null;
        this.machine = new Machine(machineId, null, null, null);
    }

    /** Counts what the following imports add. */
    public void count(Counter c) {
        counter = c;
    }

    /** strace lines skipped so far (with skipBad). */
    public int skippedLines() {
        return skipped;
    }

    private int skipped;

    /**
     * About one access per this many bytes: a tot event log has ~250 (an access event and its
     * syscall event), a deps.json ~50.
     */
    private static final long BYTES_PER_ACCESS = 100;

    /** Starts the import transaction for {@code sources} (the caller commits or rolls back). */
    public void begin(List<Source> sources) throws Store.StoreException {
        store.beginImport(sources.stream().mapToLong(Source::size).sum() / BYTES_PER_ACCESS);
    }

    /** Imports {@code source} (as {@link Source#read} found it); on an exception the caller rolls back. */
    public Outcome importFile(Source source) throws ImportException, Store.StoreException {
        if (source.format() == Source.Format.DATABASE) return new Merged(Merge.into(store).add(source.path()));
        OptionalLong known = store.findRun(source.sha1());
        if (known.isPresent()) return new AlreadyImported(known.getAsLong());
        RunWriter run = new RunWriter(store, new Store.Run(source.sha1(), source.format().column, source.name(),
                List.of(), null, host, user, null, machine), counter);
        Integer exit;
        try {
            exit = switch (source.format()) {
                case DEPS_JSON -> {
                    try (InputStream in = source.open()) {
                        yield new DepsJsonImport(source.name(), run).read(in);
                    }
                }
                case EVENTS -> {
                    try (InputStream in = source.open()) {
                        yield new EventLogImport(source.name(), run).read(in);
                    }
                }
                case DATABASE -> throw new IllegalStateException("merged above");
                case STRACE -> { // read twice, by the parser (a -ff set is several files)
                    StraceImport strace = new StraceImport(source, run, straceCwd, skipBad, straceDate, warnings);
                    Integer e = strace.read();
                    skipped += strace.skipped();
                    yield e;
                }
            };
            source.checkUnchanged();
        } catch (tot.strace.StraceParseException e) {
            throw StraceImport.error(e);
        } catch (IOException e) {
            if (e.getCause() instanceof Store.StoreException s) throw s;
            if (e.getCause() instanceof ImportException i) throw i;
            throw Source.unreadable(source.name(), e);
        }
        return run.finish(exit);
    }
}
