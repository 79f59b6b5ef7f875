package tot.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSha1Test {
    @TempDir
    Path dir;

    /** OpenSSL's SHA-1 and the JDK's agree, at sizes around the read buffer's; libcrypto is there on this kind of machine. */
    @Test
    void sha1ByLibcryptoAndByTheJdkAgree() throws Exception {
        assertTrue(Libcrypto.available(), "libcrypto.so.3 (Debian libssl3) loads");
        java.util.Random random = new java.util.Random(19);
        for (int size : new int[] {0, 1, 55, 64, 65_535, 65_536, 65_537, 200_003}) {
            byte[] data = new byte[size];
            random.nextBytes(data);
            Path f = Files.write(dir.resolve("f" + size), data);
            String expected = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-1").digest(data));
            assertEquals(expected, FileSha1.of(f.toString(), true), "libcrypto, " + size + " bytes");
            assertEquals(expected, FileSha1.of(f.toString(), false), "the JDK, " + size + " bytes");
        }
    }

    /** Only regular files: what is not one (here a link to /dev/zero) has no SHA-1, by either way. */
    @Test
    void whatIsNotARegularFileHasNone() throws Exception {
        Files.createSymbolicLink(dir.resolve("zero"), Path.of("/dev/zero"));
        assertNull(FileSha1.of(dir.resolve("zero").toString(), true));
        assertNull(FileSha1.of(dir.resolve("zero").toString(), false));
        assertNull(FileSha1.of(dir.resolve("missing").toString()));
    }
}
