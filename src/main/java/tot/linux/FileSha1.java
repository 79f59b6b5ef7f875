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
        return of(path, Libcrypto.available(), () -> false);
    }

    /** {@link #of(String)}, or null as soon as {@code stop} says so (a file of many gigabytes takes a while). */
    public static String of(String path, java.util.function.BooleanSupplier stop) {
        return of(path, Libcrypto.available(), stop);
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
        return of(path, libcrypto, () -> false);
    }

    private static String of(String path, boolean libcrypto, java.util.function.BooleanSupplier stop) {
        if (!libcrypto) {
            MessageDigest md = jdk();
            return RawFiles.read(path, (buf, n) -> md.update(buf.asSlice(0, n).asByteBuffer()), stop) ? HexFormat.of().formatHex(md.digest()) : null;
        }
        try (Arena a = Arena.ofConfined(); Libcrypto.Sha1 sha1 = new Libcrypto.Sha1(a.allocate(Libc.CAPTURE_LAYOUT))) {
            return RawFiles.read(path, (buf, n) -> sha1.update(buf.address(), n), stop) ? HexFormat.of().formatHex(sha1.finish(a)) : null;
        }
    }
}
