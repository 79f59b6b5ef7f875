package tot.cli;

import java.util.function.Consumer;
import java.util.function.Supplier;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.IGetter;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Pieces of picocli models built in code rather than from annotations, for the commands on
 * every trace's start path (`tot` itself and `tot log`): reading annotations makes the JVM spin
 * a proxy class per annotation type and reflect over every field, cold, and no start-up cache
 * keeps those proxies (benchmarks/README.md, session 17).
 */
final class Specs {
    private Specs() {}

    /** -h/--help and -V/--version, as picocli's mixinStandardHelpOptions adds them (and renders them). */
    static CommandSpec withStandardHelp(CommandSpec spec) {
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).description("Show this help message and exit.").build());
        spec.addOption(OptionSpec.builder("-V", "--version").versionHelp(true).description("Print version information and exit.").build());
        return spec;
    }

    /** An option's value kept in a field of the command: read and written through {@code get} and {@code set}. */
    static <T> Binding bound(Supplier<T> get, Consumer<T> set) {
        return new Binding(get, set);
    }

    /** A getter and setter picocli calls (its interfaces' methods are generic: no lambda can be one). */
    static final class Binding implements IGetter, ISetter {
        private final Supplier<?> get;
        private final Consumer<Object> set;

        @SuppressWarnings("unchecked")
        private <T> Binding(Supplier<T> get, Consumer<T> set) {
            this.get = get;
            this.set = (Consumer<Object>) set;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T get() {
            return (T) get.get();
        }

        @Override
        public <T> T set(T value) {
            T old = get();
            set.accept(value);
            return old;
        }
    }
}
