package tot.graph;

/** `tot graph --format`: Graphviz DOT, a self-contained web page, or a Perfetto / Chrome trace. */
public enum GraphFormat {
    DOT, HTML, PERFETTO;

    /** The format named {@code name} (any case); a usage error otherwise. */
    public static GraphFormat of(String name) {
        for (GraphFormat f : values()) if (f.name().equalsIgnoreCase(name)) return f;
        throw new IllegalArgumentException("--format: expected dot, html or perfetto, not '" + name + "'");
    }
}
