package tot.linux;

import java.lang.foreign.Arena;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The SHA-1 of a file's content, read by the bytes of its name ({@link RawFiles#read}). */
public final class FileSha1 {
    private FileSha1() {}

    /**
     * The SHA-1 of the regular file at {@code path} (40 hex digits), or null when it cannot be
     * read; through OpenSSL's libcrypto where it can be loaded (the CPU's SHA instructions whatever
     * JIT runs tot), else the JDK's MessageDigest.
     */
    public static String of(String path) {
        return of(path, Libcrypto.available(), true, () -> false);
    }

    /**
     * {@link #of(String)}, or null as soon as {@code stop} says so (a file of many gigabytes takes
     * a while); {@code follow} false: null for a symbolic link at the name.
     */
    public static String of(String path, boolean follow, java.util.function.BooleanSupplier stop) {
        return of(path, Libcrypto.available(), follow, stop);
    }

    /**
     * Loads what {@link #of} uses (libcrypto, its functions and OpenSSL's providers; or the JDK's
     * security provider), so that a short run does not wait for it at its end: call it on a thread
     * that has time.
     */
    public static void prepare() {
        if (!Libcrypto.available()) jdk();
    }

    private static MessageDigest jdk() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String of(String path, boolean libcrypto) {
        return of(path, libcrypto, true, () -> false);
    }

    private static String of(String path, boolean libcrypto, boolean follow, java.util.function.BooleanSupplier stop) {
        if (!libcrypto) {
            MessageDigest md = jdk();
            return RawFiles.read(path, follow, (buf, n) -> md.update(buf.asSlice(0, n).asByteBuffer()), stop)
                    ? HexFormat.of().formatHex(md.digest()) : null;
        }
        try (Arena a = Arena.ofConfined(); Libcrypto.Sha1 sha1 = new Libcrypto.Sha1(a.allocate(Libc.CAPTURE_LAYOUT))) {
            return RawFiles.read(path, follow, (buf, n) -> sha1.update(buf.address(), n), stop) ? HexFormat.of().formatHex(sha1.finish(a)) : null;
        }
    }
}
