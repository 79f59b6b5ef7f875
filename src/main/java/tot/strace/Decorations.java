package tot.strace;

import java.nio.charset.StandardCharsets;
import tot.strace.StraceArg.Fd;

/**
 * What strace prints in angle brackets after a number: {@code -y}'s path of an fd
 * ({@code 3</etc/passwd>}, {@code 4</tmp/#123>(deleted)}), {@code -yy}'s sockets and devices
 * ({@code 5<TCP:[1.2.3.4:5->6.7.8.9:10]>}, {@code 0</dev/null<char 1:3>>}) and {@code -Y}'s
 * command of a pid ({@code 26025<sh>}).
 */
final class Decorations {
    private final Cursor in;
    private final StringLiterals strings;

    Decorations(Cursor in, StringLiterals strings) {
        this.in = in;
        this.strings = strings;
    }

    /**
     * The decoration at the cursor (on its '<') of {@code number}, and a following
     * {@code (deleted)}. A path's own '<' and '>' are escaped by strace, so its first raw '>'
     * ends it; a raw '<' starts {@code -yy}'s device suffix. A path begins with '/', or with '\'
     * when {@code -xx} escaped every byte of it ({@code 0<\x2f\x64…<char 136:0>>}, also
     * {@code pipe:[…]}'s, written as a path is). Other decorations may hold '>' inside their
     * brackets or quotes ({@code UNIX-STREAM:[253255->253254,"/a>b"]}).
     */
    Fd decoration(int number) throws StraceParseException {
        int start = ++in.pos;
        byte[] b = in.bytes;
        int end = in.end;
        String path, device = null;
        if (in.pos < end && (b[in.pos] == '/' || b[in.pos] == '\\')) {
            int i = in.pos;
            boolean plain = true;
            while (i < end && b[i] != '>' && b[i] != '<') {
                if (b[i] == '\\') {
                    plain = false;
                    i++;
                } else if (b[i] < 0) {
                    plain = false;
                }
                i++;
            }
            if (i >= end) throw in.failUnclosed("unterminated decoration");
            int pathEnd = i;
            path = plain ? new String(b, start, pathEnd - start, StandardCharsets.ISO_8859_1) : strings.decode(start, pathEnd);
            if (b[i] == '<') {
                int deviceStart = i + 1;
                while (i < end && b[i] != '>') i++;
                if (i + 1 >= end || b[i + 1] != '>') throw in.failUnclosed("unterminated device decoration");
                device = in.text(deviceStart, i);
                i++;
            }
            in.pos = i + 1;
        } else {
            int i = in.pos, depth = 0;
            boolean plain = true;
            while (true) {
                if (i >= end) throw in.failUnclosed("unterminated decoration");
                byte c = b[i];
                if (c == '>' && depth == 0) break;
                if (c == '[') depth++;
                else if (c == ']' && depth > 0) depth--;
                else if (c == '\\') {
                    plain = false;
                    i++;
                } else if (c == '"') {
                    i++;
                    while (i < end && b[i] != '"') i += b[i] == '\\' ? 2 : 1;
                } else if (c < 0) {
                    plain = false;
                }
                i++;
            }
            path = plain ? in.text(start, i) : strings.decode(start, i);
            in.pos = i + 1;
        }
        boolean deleted = in.pos + 8 < end && b[in.pos] == '(' && in.startsWith("(deleted)");
        if (deleted) in.pos += 9;
        return new Fd(number, path, device, deleted);
    }
}
