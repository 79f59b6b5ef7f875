package tot.strace;

import java.util.List;

/**
 * One argument of a syscall as strace printed it, decoded as far as its form tells: strings,
 * numbers, fds with their {@code -y} decoration, arrays, named arguments ({@code flags=…}),
 * {@code in => out} pairs and comments are parsed; structs, flag sets and anything else are kept
 * as text. What an argument <em>means</em> (a path, a dirfd, open flags…) is not known here: that
 * is the syscall table's business ({@code tot.syscalls.SyscallTable}).
 *
 * <p>Strings hold bytes: every escape strace printed ({@code \377}, {@code \x7f}, {@code \n}) is
 * turned back into its byte, and the bytes are decoded like {@link tot.util.ByteStrings#decode}
 * (UTF-8; each byte that is not valid UTF-8 becomes U+DC80..U+DCFF), so
 * {@link tot.util.ByteStrings#encode} gives back the exact bytes.
 */
public sealed interface StraceArg {

    /**
     * A string literal, {@code "a\"b"}; {@code truncated} when strace cut it ({@code "abc"...}: it
     * printed only the first {@code -s} bytes).
     */
    record Str(String value, boolean truncated) implements StraceArg {}

    /**
     * An integer in any base strace prints ({@code 3}, {@code -1}, {@code 0x7ffd…}, {@code 0666});
     * values above {@link Long#MAX_VALUE} (up to 2^64-1) are stored as their two's complement.
     */
    record Num(long value) implements StraceArg {}

    /**
     * A file descriptor with a {@code -y}/{@code -yy} decoration ({@code 3</etc/passwd>},
     * {@code 5<TCP:[127.0.0.1:1->127.0.0.1:2]>}, {@code 0</dev/null<char 1:3>>},
     * {@code 4</tmp/#123>(deleted)}), or {@code AT_FDCWD} with or without one ({@code fd} is then
     * {@link #AT_FDCWD}). An fd printed without a decoration is a {@link Num}.
     *
     * @param path    what the decoration names, escapes decoded (a path, or {@code pipe:[123]},
     *                {@code TCP:[…]}, {@code anon_inode:[eventfd]}…); null without one
     * @param device  {@code -yy}'s device suffix ({@code char 1:3}, {@code block 8:1}), else null
     * @param deleted the file was deleted ({@code (deleted)} followed the decoration)
     */
    record Fd(int fd, String path, String device, boolean deleted) implements StraceArg {
        /** {@code AT_FDCWD} on Linux. */
        public static final int AT_FDCWD = -100;
    }

    /**
     * An array, {@code ["sh", "-c", "x"]} or {@code [3, 4]}; {@code truncated} when strace left
     * elements out (a last {@code ...}). A signal set like {@code [INT QUIT]} is one {@link Raw}
     * element; {@code ~[…]} is a {@link Raw}.
     */
    record Array(List<StraceArg> elements, boolean truncated) implements StraceArg {}

    /** A struct, kept as printed, braces included: {@code {st_mode=S_IFCHR|0666, st_rdev=makedev(1, 3), ...}}. */
    record Struct(String text) implements StraceArg {
        /**
         * The text of the top-level field {@code name} ({@code field("st_mode")} →
         * {@code S_IFCHR|0666}), or null when there is none.
         */
        public String field(String name) {
            int depth = 0, itemStart = 1;
            for (int i = 1; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '"') {
                    for (i++; i < text.length() && text.charAt(i) != '"'; i++) if (text.charAt(i) == '\\') i++;
                } else if (c == '(' || c == '[' || c == '{') {
                    depth++;
                } else if ((c == ')' || c == ']' || c == '}') && depth > 0) {
                    depth--;
                } else if ((c == ',' || c == '}') && depth == 0) {
                    String item = text.substring(itemStart, i).strip();
                    if (item.length() > name.length() && item.startsWith(name) && item.charAt(name.length()) == '=') {
                        return item.substring(name.length() + 1);
                    }
                    itemStart = i + 1;
                }
            }
            return null;
        }
    }

    /**
     * A symbolic constant or an OR of constants and numbers, as printed: {@code NULL},
     * {@code O_RDONLY|O_CLOEXEC}, {@code S_IFREG|0644}, {@code SEEK_CUR}.
     */
    record Flags(String text) implements StraceArg {
        /** Whether {@code flag} is one of the {@code |}-separated names, or among the bits of its numbers (-X raw). */
        public boolean has(String flag) {
            int from = 0;
            while (true) {
                int i = text.indexOf(flag, from);
                if (i < 0) return FlagBits.has(text, flag);
                int e = i + flag.length();
                if ((i == 0 || text.charAt(i - 1) == '|') && (e == text.length() || text.charAt(e) == '|')) return true;
                from = i + 1;
            }
        }
    }

    /** A named argument, {@code flags=CLONE_VM|SIGCHLD} (clone's arguments are printed so). */
    record Named(String name, StraceArg value) implements StraceArg {}

    /**
     * A value the kernel changed: {@code in => out} ({@code [112 => 110]}, clone3's
     * {@code {flags=…} => {parent_tid=[31]}}).
     */
    record InOut(StraceArg in, StraceArg out) implements StraceArg {}

    /**
     * A value followed by strace's comment: <code>0x7ffd… /&#42; 24 vars &#42;/</code> is
     * {@code Commented(Num(0x7ffd…), "24 vars")}.
     */
    record Commented(StraceArg value, String comment) implements StraceArg {}

    /**
     * Anything else, as printed: expressions ({@code 8192*1024}, {@code FUTEX_OP_SET<<28|…}), signal
     * sets ({@code ~[RTMIN RT_1]}), calls ({@code makedev(1, 3)}), {@code <... resuming interrupted
     * read ...>}, a lone {@code ...}.
     */
    record Raw(String text) implements StraceArg {}

    /** This argument without a {@link Commented} or {@link Named} wrapper. */
    default StraceArg plain() {
        StraceArg a = this;
        while (true) {
            if (a instanceof Commented c) a = c.value();
            else if (a instanceof Named n) a = n.value();
            else return a;
        }
    }
}
