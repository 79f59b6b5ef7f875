package tot.strace;

import java.util.Arrays;

/**
 * Moves the cursor over text whose form is not parsed (structs, expressions): brackets matched,
 * and strings, comments and decorations skipped whole so that the brackets and commas inside
 * them do not count.
 */
final class Skipper {
    private final Cursor in;
    private final Decorations decorations;
    /** The closing brackets expected, innermost last. */
    private byte[] closers = new byte[32];

    Skipper(Cursor in, Decorations decorations) {
        this.in = in;
        this.decorations = decorations;
    }

    /** From an opening bracket at the cursor to after its match. */
    void group() throws StraceParseException {
        int depth = 0;
        while (in.pos < in.end) {
            byte c = in.bytes[in.pos];
            if (c == '(' || c == '[' || c == '{') {
                if (depth == closers.length) closers = Arrays.copyOf(closers, depth * 2);
                closers[depth++] = (byte) (c == '(' ? ')' : c + 2); // '[' + 2 = ']', '{' + 2 = '}'
                in.pos++;
            } else if (c == ')' || c == ']' || c == '}') {
                if (depth == 0 || closers[--depth] != c) throw in.fail("mismatched '" + (char) c + "'");
                in.pos++;
                if (depth == 0) return;
            } else {
                token();
            }
        }
        throw in.failUnclosed("unbalanced brackets");
    }

    /** Up to a ',' or a closing bracket at this level, or the end. */
    void value() throws StraceParseException {
        while (in.pos < in.end) {
            byte c = in.bytes[in.pos];
            if (c == ',' || c == ')' || c == ']' || c == '}') return;
            if (c == '(' || c == '[' || c == '{') group();
            else token();
        }
    }

    /** A comment at the cursor, <code>/&#42; … &#42;/</code>. */
    void comment() throws StraceParseException {
        byte[] b = in.bytes;
        int i = in.pos + 2;
        while (i + 1 < in.end && !(b[i] == '*' && b[i + 1] == '/')) i++;
        if (i + 1 >= in.end) throw in.failUnclosed("unterminated comment");
        in.pos = i + 2;
    }

    /** One token that is not a bracket: a string, a comment, a decoration, or one byte. */
    private void token() throws StraceParseException {
        byte[] b = in.bytes;
        int p = in.pos;
        byte c = b[p];
        if (c == '"') {
            int i = p + 1;
            while (i < in.end && b[i] != '"') i += b[i] == '\\' ? 2 : 1;
            if (i >= in.end) throw in.failUnclosed("unterminated string");
            in.pos = i + 1;
        } else if (c == '/' && p + 1 < in.end && b[p + 1] == '*') {
            comment();
        } else if (c == '<' && p > in.lineStart && Cursor.isWord(b[p - 1]) && p + 1 < in.end && b[p + 1] != '<' && b[p + 1] != ' ' && b[p + 1] != '=') {
            decorations.decoration(0);
        } else {
            in.pos++;
        }
    }
}
