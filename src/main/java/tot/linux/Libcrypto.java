package tot.linux;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

/**
 * The functions of native-headers/libcrypto.h, each called through the downcall shape of libc's
 * syscall ({@link Libc#syscallShaped}), as {@link Libbpf}'s are. libcrypto.so.3 is looked up the
 * first time a file is hashed; a machine without it hashes with the JDK ({@link #available}).
 */
final class Libcrypto {
    private Libcrypto() {}

    static final String LIBRARY = "libcrypto.so.3";

    /** The library's functions, or none when it cannot be loaded. */
    private static final class Library {
        static final MethodHandle NEW, FREE, SHA1, INIT, UPDATE, FINAL;

        static {
            MethodHandle[] h = new MethodHandle[6];
            try {
                SymbolLookup lookup = SymbolLookup.libraryLookup(LIBRARY, Arena.global());
                String[] names = {"EVP_MD_CTX_new", "EVP_MD_CTX_free", "EVP_sha1", "EVP_DigestInit_ex", "EVP_DigestUpdate",
                    "EVP_DigestFinal_ex"};
                for (int i = 0; i < names.length; i++) {
                    String name = names[i];
                    h[i] = Libc.syscallShaped(lookup.find(name).orElseThrow(() -> new IllegalArgumentException("no " + name)));
                }
            } catch (IllegalArgumentException e) {
                h = new MethodHandle[6]; // not there, or an OpenSSL without these: the JDK hashes
            }
            NEW = h[0];
            FREE = h[1];
            SHA1 = h[2];
            INIT = h[3];
            UPDATE = h[4];
            FINAL = h[5];
        }
    }

    /**
     * Whether libcrypto is there and digests SHA-1 (an OpenSSL whose configuration leaves SHA-1
     * out would not): the first call loads it and OpenSSL's providers, by a digest of nothing.
     */
    static boolean available() {
        return Usable.YES;
    }

    private static final class Usable {
        static final boolean YES = Library.FINAL != null && digestsNothing();

        private static boolean digestsNothing() {
            try (Arena a = Arena.ofConfined(); Sha1 sha1 = new Sha1(a.allocate(Libc.CAPTURE_LAYOUT))) {
                sha1.finish(a);
                return true;
            } catch (IllegalStateException e) {
                return false;
            }
        }
    }

    private static long call(MethodHandle h, MemorySegment capture, long a, long b, long c) {
        try {
            return (long) h.invokeExact(capture, a, b, c, 0L, 0L, 0L, 0L);
        } catch (Throwable t) {
            throw new AssertionError("libcrypto downcall failed", t);
        }
    }

    /** A SHA-1 digest in progress ({@link #available} first); {@link #close} frees it. */
    static final class Sha1 implements AutoCloseable {
        private final MemorySegment capture;
        private final long ctx;

        Sha1(MemorySegment capture) {
            this.capture = capture;
            ctx = call(Library.NEW, capture, 0, 0, 0);
            if (ctx == 0) throw new IllegalStateException("EVP_MD_CTX_new failed");
            if ((int) call(Library.INIT, capture, ctx, call(Library.SHA1, capture, 0, 0, 0), 0) != 1) {
                close();
                throw new IllegalStateException("EVP_DigestInit_ex(sha1) failed");
            }
        }

        void update(long address, long length) {
            if ((int) call(Library.UPDATE, capture, ctx, address, length) != 1) throw new IllegalStateException("EVP_DigestUpdate failed");
        }

        /** The 20 bytes of the digest (written into memory of {@code a}). */
        byte[] finish(Arena a) {
            MemorySegment out = a.allocate(64), length = a.allocate(JAVA_INT);
            if ((int) call(Library.FINAL, capture, ctx, out.address(), length.address()) != 1) {
                throw new IllegalStateException("EVP_DigestFinal_ex failed");
            }
            return out.asSlice(0, 20).toArray(JAVA_BYTE);
        }

        @Override
        public void close() {
            call(Library.FREE, capture, ctx, 0, 0);
        }
    }
}
