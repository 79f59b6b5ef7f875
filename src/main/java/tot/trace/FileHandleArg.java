package tot.trace;

import java.util.Arrays;
import java.util.HexFormat;

/** open_by_handle_at's struct file_handle as tot read it from the program: its type and bytes. */
record FileHandleArg(int type, byte[] bytes) {
    @Override
    public boolean equals(Object o) {
        return o instanceof FileHandleArg h && h.type == type && Arrays.equals(h.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return 31 * type + Arrays.hashCode(bytes);
    }

    /** As strace shows it: {@code {handle_bytes=8, handle_type=1, f_handle="\x42\x20…"}}. */
    String text() {
        StringBuilder s = new StringBuilder("{handle_bytes=" + bytes.length + ", handle_type=" + type + ", f_handle=\"");
        for (byte b : bytes) s.append("\\x").append(HexFormat.of().toHexDigits(b));
        return s.append("\"}").toString();
    }
}
