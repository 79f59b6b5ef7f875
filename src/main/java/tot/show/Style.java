package tot.show;

/** Terminal colours, only when standard output is a terminal and NO_COLOR is unset. */
record Style(boolean on) {
    static Style forStdout() {
        String noColor = System.getenv("NO_COLOR");
        var console = System.console();
        return new Style((noColor == null || noColor.isEmpty()) && console != null && console.isTerminal());
    }

    String id(String s) { return paint("33", s); }        // yellow: execution ids
    String command(String s) { return paint("1", s); }    // bold
    String hash(String s) { return paint("36", s); }      // cyan
    String dim(String s) { return paint("2", s); }
    String failed(String s) { return paint("31", s); }    // red

    private String paint(String code, String s) {
        return on ? "\033[" + code + "m" + s + "\033[0m" : s;
    }
}
