package tot.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * A manual page in roff (man(7) macros) from picocli's model of a command: NAME, SYNOPSIS,
 * DESCRIPTION, OPTIONS (and for tot itself COMMANDS), EXAMPLES, SEE ALSO. The texts are those
 * --help prints; roff fills them to the reader's width.
 */
final class ManPage {
    private ManPage() {}

    /** The page of {@code cmd}; {@code parent} is tot when {@code cmd} is one of its commands, else null. */
    static String of(CommandLine cmd, CommandLine parent) {
        CommandSpec spec = cmd.getCommandSpec();
        String name = spec.qualifiedName(" ");
        String page = spec.qualifiedName("-");
        String[] version = spec.root().version();
        StringBuilder sb = new StringBuilder();
        sb.append(".TH ").append(page.toUpperCase(java.util.Locale.ROOT)).append(" 1 \"\" \"")
                .append(version.length > 0 ? version[0].replace("\"", "") : "tot").append("\" \"tot manual\"\n");
        sb.append(".ad l\n.nh\n"); // ragged right, no hyphens: option names and paths stay whole
        sb.append(".SH NAME\n").append(page).append(" \\- ").append(text(description(spec).getFirst())).append('\n');

        sb.append(".SH SYNOPSIS\n").append(synopsis(spec, name)).append('\n');

        sb.append(".SH DESCRIPTION\n");
        paragraphs(sb, description(spec));

        if (parent == null && !cmd.getSubcommands().isEmpty()) {
            sb.append(".SH COMMANDS\n");
            for (var sub : cmd.getSubcommands().entrySet()) {
                CommandSpec s = sub.getValue().getCommandSpec();
                if (s.usageMessage().hidden()) continue;
                sb.append(".TP\n\\fB").append(text(sub.getKey())).append("\\fR\n").append(text(description(s).getFirst())).append('\n');
            }
        }

        if (!spec.positionalParameters().isEmpty() || !spec.options().isEmpty()) {
            sb.append(".SH OPTIONS\n");
            for (PositionalParamSpec p : spec.positionalParameters()) {
                if (p.hidden()) continue;
                sb.append(".TP\n\\fI").append(text(p.paramLabel())).append("\\fR").append(p.isMultiValue() ? "..." : "").append('\n');
                sb.append(text(joined(p.description()))).append('\n');
            }
            for (OptionSpec o : spec.options()) {
                if (o.hidden()) continue;
                sb.append(".TP\n").append(optionNames(o)).append('\n').append(text(joined(o.description()))).append('\n');
            }
        }

        List<String> examples = examples(spec.usageMessage().footer());
        if (!examples.isEmpty()) {
            sb.append(".SH EXAMPLES\n.PP\n.RS\n.nf\n");
            for (String e : examples) sb.append(text(e)).append('\n');
            sb.append(".fi\n.RE\n");
        }

        sb.append(".SH SEE ALSO\n");
        if (parent == null) {
            List<String> pages = new ArrayList<>();
            for (var sub : cmd.getSubcommands().entrySet()) {
                if (!sub.getValue().getCommandSpec().usageMessage().hidden() && !sub.getKey().equals("help")) {
                    pages.add("\\fB" + text("tot-" + sub.getKey()) + "\\fR(1)");
                }
            }
            sb.append(String.join(",\n", pages)).append("\n.PP\n");
        } else {
            sb.append("\\fBtot\\fR(1)\n.PP\n");
        }
        sb.append("README.md of tot's repository describes every command, file format and rule in full.\n");
        return sb.toString();
    }

    /** The command's description lines, as picocli would print them (its %% and %n resolved). */
    private static List<String> description(CommandSpec spec) {
        List<String> lines = new ArrayList<>();
        for (String d : spec.usageMessage().description()) lines.add(format(d));
        if (lines.isEmpty()) lines.add(spec.name());
        return lines;
    }

    /** picocli's format, which it applies to a command's texts only when it prints them: %% is %, %n a line break. */
    private static String format(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 1 < s.length() && (s.charAt(i + 1) == '%' || s.charAt(i + 1) == 'n')) {
                sb.append(s.charAt(++i) == 'n' ? '\n' : '%');
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /**
     * An option's description (picocli has formatted it already): its lines are broken only for
     * --help's columns, so they make one paragraph.
     */
    private static String joined(String[] lines) {
        StringBuilder sb = new StringBuilder();
        for (String l : lines) sb.append(sb.isEmpty() ? "" : " ").append(l.strip());
        return sb.toString();
    }

    /** Each line a paragraph; lines indented by two spaces (a command to type) kept as they are. */
    private static void paragraphs(StringBuilder sb, List<String> lines) {
        for (String line : lines) {
            if (line.startsWith("  ")) sb.append(".PP\n.RS\n.nf\n").append(text(line.strip())).append("\n.fi\n.RE\n");
            else sb.append(".PP\n").append(text(line)).append('\n');
        }
    }

    private static String synopsis(CommandSpec spec, String name) {
        StringBuilder sb = new StringBuilder("\\fB").append(text(name)).append("\\fR");
        for (OptionSpec o : spec.options()) {
            if (o.hidden()) continue;
            String one = "\\fB" + text(o.shortestName()) + "\\fR" + (o.arity().max() > 0 ? " \\fI" + text(o.paramLabel()) + "\\fR" : "");
            sb.append(' ').append(o.required() ? one : "[" + one + "]").append(o.isMultiValue() ? "..." : "");
        }
        for (PositionalParamSpec p : spec.positionalParameters()) {
            if (p.hidden()) continue;
            String one = "\\fI" + text(p.paramLabel()) + "\\fR" + (p.isMultiValue() ? "..." : "");
            sb.append(' ').append(p.arity().min() > 0 ? one : "[" + one + "]");
        }
        if (!spec.subcommands().isEmpty()) sb.append(" \\fICOMMAND\\fR [\\fIARG\\fR...]");
        return sb.toString();
    }

    /** "-d, --deps=FILE" in bold and italics. */
    private static String optionNames(OptionSpec o) {
        List<String> names = new ArrayList<>();
        for (String n : o.names()) names.add("\\fB" + text(n) + "\\fR");
        String label = o.arity().max() > 0 ? "=\\fI" + text(o.paramLabel()) + "\\fR" : "";
        return String.join(", ", names) + label;
    }

    /** The footer's examples: the lines after "Example:" or "Examples:", without that word. */
    private static List<String> examples(String[] footer) {
        List<String> out = new ArrayList<>();
        for (String line : footer) {
            String l = format(line);
            if (l.isBlank()) continue;
            out.add(l.replaceFirst("^Examples?:", "").strip());
        }
        return out;
    }

    /**
     * {@code s} as roff text: backslashes and minus signs escaped (so options can be copied),
     * a leading dot or quote neutralised, other characters than ASCII as \[uXXXX].
     */
    static String text(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (i == 0 && (c == '.' || c == '\'')) sb.append("\\&");
            switch (c) {
                case '\\' -> sb.append("\\e");
                case '-' -> sb.append("\\-");
                case '\n' -> sb.append("\n.br\n");
                default -> {
                    if (c < 0x80) sb.append(c);
                    else sb.append(String.format("\\[u%04X]", (int) c));
                }
            }
        }
        return sb.toString();
    }
}
