package tot.cli;

import java.util.Iterator;
import java.util.List;

/** The words shell completion offers for options that take one of a few (picocli's completionCandidates). */
final class Candidates {
    private Candidates() {}

    /** --format of the commands that read tot.db. */
    static final class Formats implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return List.of("table", "json", "csv").iterator();
        }
    }

    /** --format of the file lists (inputs, outputs). */
    static final class ListFormats implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return List.of("plain", "json", "csv").iterator();
        }
    }

    /** graph --format. */
    static final class GraphFormats implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return List.of("dot", "html", "perfetto").iterator();
        }
    }

    /** blackbox --format. */
    static final class BlackboxFormats implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return List.of("table", "json").iterator();
        }
    }

    /** tot completion SHELL. */
    static final class Shells implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return List.of("bash", "zsh").iterator();
        }
    }
}
