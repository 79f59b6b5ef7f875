package tot.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tot.ci.Declared;
import tot.ci.PathFilter;
import tot.ci.PathText;
import tot.ci.RunFiles;
import tot.ci.Runs;
import tot.ci.UndeclaredInputs;
import tot.show.Text;
import tot.store.RunGraph;
import tot.store.StoreReader;
import tot.store.StoredExecution;
import tot.util.ByteStrings;
import tot.util.Json;
import tot.util.SafeText;

/** `tot check`: the undeclared-input check — did the run read a file below the workspace that was not declared? */
@Command(name = "check", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Check that a run read nothing below the workspace that was not declared: list each undeclared file "
                + "with the executions that read it and exit 1, or exit 0 when the run was hermetic.",
                "Declare inputs with file lists, patterns and depfiles (at least one); files the run made itself need no "
                        + "declaration. The workspace is the run's directory unless --under says otherwise."},
        footer = {"", "Examples:  tot check --declared inputs.txt",
                "           tot check --declared-glob 'src/**' --declared-glob Makefile --under .",
                "           tot check --declared-depfile build.d --missing"})
final class CheckCommand implements Callable<Integer> {
    @Mixin
    RunChoice run;

    @Mixin
    FileFilterOptions files;

    @Option(names = "--declared", paramLabel = "FILE", description = "A list of declared files, one per line or NUL-separated ('-': standard input; repeatable).")
    List<String> lists = new ArrayList<>();

    @Option(names = "--declared-glob", paramLabel = "GLOB", description = "Declared files by pattern, as --exclude reads them (repeatable).")
    List<String> globs = new ArrayList<>();

    @Option(names = "--declared-depfile", paramLabel = "FILE", description = "A Make-format depfile whose targets and prerequisites are declared (repeatable).")
    List<String> depfiles = new ArrayList<>();

    @Option(names = "--missing", description = "Also list the undeclared files the run looked for below the workspace and did not find.")
    boolean missing;

    @Option(names = "--format", paramLabel = "FORMAT", description = "table (default) or json.")
    String format = "table";

    @Override
    public Integer call() throws Exception {
        String which = run.which();
        boolean json = TableOrJson.json(format);
        if (lists.isEmpty() && globs.isEmpty() && depfiles.isEmpty()) {
            throw new IllegalArgumentException("declare the inputs: --declared FILE, --declared-glob GLOB or --declared-depfile FILE");
        }
        Declared declared = new Declared(files.cwd());
        for (String l : lists) declared.list(l.equals("-") ? System.in.readAllBytes() : read(l));
        for (String g : globs) declared.glob(g);
        for (String d : depfiles) declared.depfile(read(d));
        PathFilter filter = files.filter();
        try (StoreReader store = StoreReader.open(run.file(), Outputs.NOTICES)) {
            RunFiles f = RunFiles.of(RunGraph.load(store, Runs.find(store, which)));
            if (!filter.hasDirectories()) {
                String cwd = f.graph().run().cwd();
                if (cwd == null) throw new IllegalArgumentException("run " + f.graph().run().id() + " has no directory: say where the workspace is with --under");
                filter = filter.under(List.of(cwd));
            }
            UndeclaredInputs.Result r = UndeclaredInputs.check(f, filter, declared);
            String where = String.join(", ", filter.directories().stream().map(SafeText::escape).toList());
            PathText paths = files.paths();
            Stdout.verdict(r.hermetic() ? 0 : 1);
            if (json) json(r, f.graph().run().id(), filter.directories(), paths);
            else text(r, paths);
            long id = f.graph().run().id();
            System.err.println("tot: " + (r.checked() == 0
                    ? "warning: run " + id + " read no file below " + where + ": nothing was checked" // a mistyped --under passes so
                    : r.hermetic()
                    ? "run " + id + " read " + r.checked() + " file" + (r.checked() == 1 ? "" : "s") + " below " + where + ", every one declared"
                    : r.undeclared().size() + " of the " + r.checked() + " files run " + id + " read below " + where + " " + (r.undeclared().size() == 1 ? "was" : "were") + " not declared"));
            return r.hermetic() ? 0 : 1;
        } catch (Runs.NoSuchRun e) {
            System.err.println("tot: " + SafeText.escape(e.getMessage()));
            return 2;
        }
    }

    /** A file the user named, whole; a directory is refused by name (Java's read would say only "Is a directory"). */
    private static byte[] read(String name) throws java.io.IOException {
        Path p = Path.of(name);
        if (Files.isDirectory(p)) throw new java.nio.file.FileSystemException(name, null, "Is a directory");
        return Files.readAllBytes(p);
    }

    private void text(UndeclaredInputs.Result r, PathText paths) {
        StringBuilder sb = new StringBuilder();
        for (UndeclaredInputs.Undeclared u : r.undeclared()) {
            sb.append(SafeText.escape(paths.of(u.path()))).append('\n');
            for (StoredExecution x : u.readers()) sb.append("    read by ").append(x.shortId()).append("  $ ").append(Text.command(x.path(), x.argv())).append('\n');
        }
        if (missing && !r.missing().isEmpty()) {
            sb.append("looked for, not found, not declared:\n");
            for (RunFiles.Lookup l : r.missing()) {
                sb.append("  ").append(SafeText.escape(paths.of(l.path()))).append("  (").append(tot.linux.Errno.name(l.errno())).append(") by ")
                        .append(String.join(" ", l.executions().stream().map(StoredExecution::shortId).toList())).append('\n');
            }
        }
        byte[] b = ByteStrings.encode(sb.toString());
        System.out.write(b, 0, b.length);
    }

    private void json(UndeclaredInputs.Result r, long run, List<String> under, PathText paths) {
        StringBuilder sb = new StringBuilder("{\"run\":").append(run).append(",\"under\":");
        Json.array(sb, under).append(",\"hermetic\":").append(r.hermetic()).append(",\"checked\":").append(r.checked()).append(",\"undeclared\":[");
        for (int i = 0; i < r.undeclared().size(); i++) {
            UndeclaredInputs.Undeclared u = r.undeclared().get(i);
            Json.quote(sb.append(i == 0 ? "{\"path\":" : ",{\"path\":"), paths.of(u.path())).append(",\"readers\":[");
            for (int k = 0; k < u.readers().size(); k++) {
                StoredExecution x = u.readers().get(k);
                Json.quote(sb.append(k == 0 ? "{\"id\":" : ",{\"id\":"), x.shortId()).append(",\"path\":");
                Json.quote(sb, x.path()).append(",\"args\":");
                Json.array(sb, x.argv()).append('}');
            }
            sb.append("]}");
        }
        sb.append(']');
        if (missing) {
            sb.append(",\"missing\":[");
            for (int i = 0; i < r.missing().size(); i++) {
                RunFiles.Lookup l = r.missing().get(i);
                Json.quote(sb.append(i == 0 ? "{\"path\":" : ",{\"path\":"), paths.of(l.path())).append(",\"errno\":\"")
                        .append(tot.linux.Errno.name(l.errno())).append("\"}");
            }
            sb.append(']');
        }
        byte[] b = ByteStrings.encode(sb.append("}\n").toString());
        System.out.write(b, 0, b.length);
    }
}
