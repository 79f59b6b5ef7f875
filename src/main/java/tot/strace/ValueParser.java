package tot.strace;

import java.util.Arrays;
import java.util.List;
import tot.strace.StraceArg.Array;
import tot.strace.StraceArg.Commented;
import tot.strace.StraceArg.Fd;
import tot.strace.StraceArg.Flags;
import tot.strace.StraceArg.InOut;
import tot.strace.StraceArg.Named;
import tot.strace.StraceArg.Num;
import tot.strace.StraceArg.Raw;
import tot.strace.StraceArg.Struct;

/**
 * The grammar of strace's argument values ({@link StraceArg} lists their forms): numbers, strings,
 * decorated numbers, arrays, named values, {@code in => out}, comments, structs and flag sets kept
 * as text, and anything else as {@link Raw} text up to the next ',' or closing bracket at its level.
 * {@code --secontext}'s file context after a path or fd ({@code "/etc/passwd" [passwd_file_t]},
 * {@code 3 [user_tmp_t]}) is skipped.
 */
final class ValueParser {
    /** How deep arrays, named values and {@code =>} may nest: strace's own stay under 10. */
    private static final int MAX_DEPTH = 200;
    private static final Num[] SMALL = new Num[1024 + 128];

    static {
        for (int i = 0; i < SMALL.length; i++) SMALL[i] = new Num(i - 128);
    }

    private final Cursor in;
    final StringLiterals strings;
    final Decorations decorations;
    final Skipper skip;
    private final Interner<String> names;
    private final Interner<Flags> flags = new Interner<>(Flags::new);

    /** The values of the lists being read, innermost last: a list is copied out of it once complete. */
    private StraceArg[] stack = new StraceArg[64];
    private int top;
    private int nesting;

    ValueParser(Cursor in, Interner<String> names) {
        this.in = in;
        this.names = names;
        this.strings = new StringLiterals(in);
        this.decorations = new Decorations(in, strings);
        this.skip = new Skipper(in, decorations);
    }

    /**
     * Arguments from the cursor (after the call's '(') up to the closing ')'. {@code partial}: the
     * text may end before it (a call's start): the end closes the list, and an argument cut short
     * is a {@link Raw}.
     */
    List<StraceArg> argList(boolean partial) throws StraceParseException {
        int base = top;
        try {
            in.skipSpaces();
            if (in.at(')')) {
                in.pos++;
                return List.of();
            }
            while (true) {
                in.skipSpaces();
                if (partial && in.atEnd()) break;
                int start = in.pos;
                StraceArg a;
                try {
                    // an argument strace printed as nothing: -X raw's zero flags ("statx(-100, \"f\", , 0xfff, …)"),
                    // one it could not fetch from a dying task ("rt_sigprocmask(SIG_SETMASK, [QUIT], ) = ? <unavailable>")
                    a = in.at(',') || in.at(')') ? new Raw("") : value();
                } catch (StraceParseException ex) {
                    if (!partial) throw ex;
                    a = new Raw(in.text(start, in.end).strip());
                    in.pos = in.end;
                }
                push(a);
                in.skipSpaces();
                if (in.atEnd()) {
                    if (partial) break;
                    throw in.failUnclosed("expected ',' or ')' but the line ended");
                }
                byte c = in.peek();
                if (c == ',') {
                    in.pos++;
                } else if (c == ')') {
                    in.pos++;
                    break;
                } else {
                    throw in.fail("expected ',' or ')'");
                }
            }
            return list(base);
        } finally {
            top = base;
        }
    }

    /**
     * An integer at the cursor: decimal, {@code -}decimal, {@code 0x}hex or {@code 0}octal, up to
     * 2^64-1; null (the cursor unmoved) when the text there is not one, or is one followed by a
     * letter or digit.
     */
    Num number() {
        byte[] b = in.bytes;
        int end = in.end;
        boolean negative = false;
        int i = in.pos;
        if (i < end && b[i] == '-') {
            negative = true;
            i++;
        }
        if (i >= end || !Cursor.isDigit(b[i])) return null;
        long v = 0;
        int digitsStart = i;
        if (b[i] == '0' && i + 1 < end && (b[i + 1] == 'x' || b[i + 1] == 'X')) {
            i += 2;
            digitsStart = i;
            while (i < end) {
                int d = Cursor.hex(b[i]);
                if (d < 0) break;
                if (i - digitsStart == 16) return null;
                v = v << 4 | d;
                i++;
            }
        } else if (b[i] == '0' && i + 1 < end && Cursor.isDigit(b[i + 1])) {
            i++;
            digitsStart = i;
            while (i < end && b[i] >= '0' && b[i] <= '7') {
                if (i - digitsStart == 22 || (v >>> 61) != 0) return null;
                v = v << 3 | (b[i] - '0');
                i++;
            }
        } else {
            while (i < end && Cursor.isDigit(b[i])) {
                int d = b[i] - '0';
                if (i - digitsStart >= 18 && !fitsUnsigned(v, d)) return null; // 18 digits always fit
                v = v * 10 + d;
                i++;
            }
        }
        if (i == digitsStart || i < end && Cursor.isWord(b[i])) return null;
        if (negative && v < 0) return null;
        in.pos = i;
        if (negative) v = -v;
        return v >= -128 && v < SMALL.length - 128 ? SMALL[(int) v + 128] : new Num(v);
    }

    private void push(StraceArg a) {
        if (top == stack.length) stack = Arrays.copyOf(stack, top * 2);
        stack[top++] = a;
    }

    /** stack[base, top) as an immutable list (List.of's fixed-arity forms copy no array). */
    private List<StraceArg> list(int base) {
        StraceArg[] a = stack;
        int i = base;
        return switch (top - base) {
            case 0 -> List.of();
            case 1 -> List.of(a[i]);
            case 2 -> List.of(a[i], a[i + 1]);
            case 3 -> List.of(a[i], a[i + 1], a[i + 2]);
            case 4 -> List.of(a[i], a[i + 1], a[i + 2], a[i + 3]);
            case 5 -> List.of(a[i], a[i + 1], a[i + 2], a[i + 3], a[i + 4]);
            case 6 -> List.of(a[i], a[i + 1], a[i + 2], a[i + 3], a[i + 4], a[i + 5]);
            default -> List.of(Arrays.copyOfRange(a, base, top));
        };
    }

    /** One value, up to a ',' or a closing bracket at its level. */
    private StraceArg value() throws StraceParseException {
        if (nesting == MAX_DEPTH) throw in.fail("values nested more than " + MAX_DEPTH + " deep");
        nesting++;
        try {
            return valueAtThisDepth();
        } finally {
            nesting--;
        }
    }

    private StraceArg valueAtThisDepth() throws StraceParseException {
        in.skipSpaces();
        int start = in.pos;
        StraceArg v = in.atEnd() ? null : primary();
        if (v != null) {
            in.skipSpaces();
            if ((v instanceof StraceArg.Str || v instanceof Fd || v instanceof Num) && in.at('[')) skipFileContext();
            if (in.startsWith("/*")) {
                int commentStart = in.pos + 2;
                skip.comment();
                v = new Commented(v, in.text(commentStart, in.pos - 2).strip());
                in.skipSpaces();
                // -X verbose with -y: "-100 /* AT_FDCWD */</dir>", the fd's path after the name
                if (in.at('<') && ((Commented) v).value() instanceof Num n && n.value() >= Integer.MIN_VALUE
                        && n.value() <= Integer.MAX_VALUE) {
                    v = decorations.decoration((int) n.value());
                    in.skipSpaces();
                }
            }
            if (in.startsWith("=>")) {
                in.pos += 2;
                return new InOut(v, value());
            }
            if (atValueEnd()) return v;
        }
        in.pos = start;
        skip.value();
        if (in.pos == start) throw in.fail("expected a value");
        int end = in.pos;
        while (end > start && in.bytes[end - 1] == ' ') end--;
        return new Raw(in.text(start, end));
    }

    /** {@code --secontext}'s {@code [context]} after a path or fd, when a value's end follows it. */
    private void skipFileContext() {
        int i = in.pos + 1;
        byte[] b = in.bytes;
        while (i < in.end && b[i] != ']' && b[i] != '"' && b[i] != '[' && b[i] != ' ') i += b[i] == '\\' ? 2 : 1;
        if (i >= in.end || b[i] != ']' || i == in.pos + 1) return;
        int save = in.pos;
        in.pos = i + 1;
        in.skipSpaces();
        if (!atValueEnd() && !in.startsWith("/*") && !in.startsWith("=>")) in.pos = save;
    }

    private boolean atValueEnd() {
        if (in.atEnd()) return true;
        byte c = in.peek();
        return c == ',' || c == ')' || c == ']' || c == '}';
    }

    /** A value of a known form at the cursor, or null (the caller then takes it as {@link Raw}). */
    private StraceArg primary() throws StraceParseException {
        byte c = in.peek();
        if (c == '"') return strings.string();
        if (c == '[') return array();
        if (c == '{') {
            int start = in.pos;
            skip.group();
            return new Struct(in.text(start, in.pos));
        }
        if (c == '-' || Cursor.isDigit(c)) {
            int start = in.pos;
            Num n = number();
            if (n == null) return null;
            if (in.at('<') && (in.pos + 1 >= in.end || in.bytes[in.pos + 1] != '<')) {
                if (n.value() < Integer.MIN_VALUE || n.value() > Integer.MAX_VALUE) return null;
                return decorations.decoration((int) n.value());
            }
            if (in.at('|')) return flagsFrom(start);
            return n;
        }
        if (Cursor.isWord(c)) {
            int start = in.pos;
            while (in.pos < in.end && Cursor.isWord(in.bytes[in.pos])) in.pos++;
            int wordEnd = in.pos;
            if (in.at('=') && (in.pos + 1 >= in.end || in.bytes[in.pos + 1] != '>' && in.bytes[in.pos + 1] != '=')) {
                String name = names.get(in.bytes, start, wordEnd);
                in.pos++;
                if (in.atEnd() || atValueEnd()) return null;
                return new Named(name, value());
            }
            if (wordEnd - start == 8 && in.startsWith(start, "AT_FDCWD")) {
                if (in.at('<')) return decorations.decoration(Fd.AT_FDCWD);
                if (!in.at('|')) return new Fd(Fd.AT_FDCWD, null, null, false);
            }
            return flagsFrom(start);
        }
        return null;
    }

    /** {@code A|B|0x10} from {@code start}: names and numbers joined by '|'; null if more follows. */
    private StraceArg flagsFrom(int start) throws StraceParseException {
        in.pos = start;
        while (true) {
            int itemStart = in.pos;
            if (!in.atEnd() && Cursor.isDigit(in.peek())) {
                if (number() == null) return null;
            } else {
                while (in.pos < in.end && Cursor.isWord(in.bytes[in.pos])) in.pos++;
            }
            if (in.pos == itemStart) return null;
            if (in.at('|')) {
                in.pos++;
                continue;
            }
            break;
        }
        int end = in.pos;
        in.skipSpaces();
        if (!atValueEnd() && !in.startsWith("/*") && !in.startsWith("=>")) return null;
        return flags.get(in.bytes, start, end);
    }

    /** An array at the cursor: {@code [a, b, ...]}; null when an element is not a value. */
    private StraceArg array() throws StraceParseException {
        in.pos++;
        int base = top;
        try {
            boolean cut = false;
            in.skipSpaces();
            if (in.at(']')) {
                in.pos++;
                return new Array(List.of(), false);
            }
            while (true) {
                in.skipSpaces();
                if (in.startsWith("...")) {
                    int save = in.pos;
                    in.pos += 3;
                    in.skipSpaces();
                    if (in.at(']')) {
                        cut = true;
                        in.pos++;
                        break;
                    }
                    in.pos = save;
                }
                push(value());
                in.skipSpaces();
                if (in.atEnd()) return null;
                byte c = in.peek();
                if (c == ',') {
                    in.pos++;
                } else if (c == ']') {
                    in.pos++;
                    break;
                } else {
                    return null;
                }
            }
            return new Array(list(base), cut);
        } finally {
            top = base;
        }
    }

    /** Whether v * 10 + d fits in an unsigned 64-bit integer. */
    private static boolean fitsUnsigned(long v, int d) {
        long max = -1L; // 2^64-1
        long q = Long.divideUnsigned(max, 10);
        if (Long.compareUnsigned(v, q) < 0) return true;
        return v == q && d <= Long.remainderUnsigned(max, 10);
    }
}
