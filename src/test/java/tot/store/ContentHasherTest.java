package tot.store;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContentHasherTest {
    @TempDir
    Path dir;

    private static String sha1(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(s.getBytes()));
    }

    @Test
    void aFileIsReadOnceWhileItIsUnchanged() throws Exception {
        Path f = Files.writeString(dir.resolve("f"), "one");
        try (ContentHasher h = new ContentHasher()) {
            Store.Content first = h.hash(f.toString()).get();
            assertEquals(sha1("one"), first.sha1());
            assertEquals(3, first.size());
            assertEquals(first, h.hash(f.toString()).get());
            assertEquals(first, h.hash(f.toString()).get());
            assertEquals(1, h.filesHashed());
            assertEquals(2, h.cacheHits());
            Files.writeString(f, "two"); // same size: a new mtime/ctime tells it changed
            assertEquals(sha1("two"), h.hash(f.toString()).get().sha1());
            assertEquals(2, h.filesHashed());
        }
    }

    /**
     * A later run reuses a stored hash while the file's identity (dev, ino, size, mtime, ctime)
     * is the stored one, and reads the file again once ctime moved, even with size and mtime
     * put back as they were (same-size rewrite, then touch -d).
     */
    @Test
    void aLaterRunReusesStoredHashesOfUnchangedFiles() throws Exception {
        Path f = Files.writeString(dir.resolve("f"), "one");
        Path db = dir.resolve("tot.db");
        Store.Content first;
        try (ContentHasher h = new ContentHasher(); Store s = Store.open(db)) {
            first = h.hash(f.toString()).get();
            s.begin();
            long run = s.addRun(new Store.Run("r1", "log", null, java.util.List.of("cat", "f"), "/", "host", "me", 1L, Machine.local()));
            long x = s.addExecution(run, new tot.model.Execution(1, 0, 1, "/", "/usr/bin/cat", java.util.List.of("cat", "f"), null,
                    new java.util.TreeMap<>(), 1L), 1);
            s.addAccess(x, f.toString(), Operation.READ, "openat", 0, 2L, first, null);
            s.finishRun(run, 3L, 0, true);
            s.commit();
        }
        try (ContentHasher later = new ContentHasher(java.util.concurrent.CompletableFuture.completedFuture(new Location.SqliteFile(db)))) {
            assertEquals(first, later.hash(f.toString()).get());
            assertEquals(0, later.filesHashed(), "the stored sha1 was reused, the file not read");
            assertEquals(1, later.cacheHits());
        }
        var mtime = Files.getLastModifiedTime(f);
        Thread.sleep(20);
        Files.writeString(f, "two");
        Files.setLastModifiedTime(f, mtime);
        try (ContentHasher later = new ContentHasher(java.util.concurrent.CompletableFuture.completedFuture(new Location.SqliteFile(db)))) {
            assertEquals(sha1("two"), later.hash(f.toString()).get().sha1(), "ctime moved: read again");
            assertEquals(1, later.filesHashed());
        }
    }

    @Test
    void whatIsNotARegularFileIsUnhashed() throws Exception {
        try (ContentHasher h = new ContentHasher()) {
            assertNull(h.hash(dir.resolve("missing").toString()).get());
            assertNull(h.hash(dir.toString()).get(), "a directory");
            assertNull(h.hash("/dev/null").get());
            assertNull(h.hash("/proc/self/status").get());
            assertNull(h.hash("/dev/fptrace/pipe/1").get());
            assertNull(h.hash("relative").get());
        }
    }

    /** settle: what was asked for before a change is hashed before it, whatever the queue holds. */
    @Test
    void settleHashesPendingRequestsBeforeAChange() throws Exception {
        Path big = dir.resolve("big");
        Files.write(big, new byte[64 << 20]); // keeps the hash thread busy for a while
        Path f = Files.writeString(dir.resolve("f"), "before");
        try (ContentHasher h = new ContentHasher()) {
            h.hash(big.toString());
            var pending = h.hash(f.toString());
            h.settle(f.toString());
            assertTrue(pending.isDone());
            Files.writeString(f, "after!");
            assertEquals(sha1("before"), pending.get().sha1());
        }
    }
}
