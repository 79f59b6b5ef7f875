package tot.store;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tot.util.ByteStrings;

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
            Store.Content first = ContentHasher.await(h.request(f.toString()));
            assertEquals(sha1("one"), first.sha1());
            assertEquals(3, first.size());
            assertEquals(first, ContentHasher.await(h.request(f.toString())));
            assertEquals(first, ContentHasher.await(h.request(f.toString())));
            assertEquals(1, h.filesHashed());
            assertEquals(2, h.cacheHits());
            Files.writeString(f, "two"); // same size: a new mtime/ctime tells it changed
            assertEquals(sha1("two"), ContentHasher.await(h.request(f.toString())).sha1());
            assertEquals(2, h.filesHashed());
        }
    }

    /**
     * The job that hashes a path answers the jobs for it requested before it began, without
     * another stat; one requested after is its own (the file may have changed in between).
     */
    @Test
    void oneHashAnswersTheRequestsMadeBeforeIt() throws Exception {
        Path f = Files.writeString(dir.resolve("f"), "one");
        try (ContentHasher h = new ContentHasher()) {
            var first = h.request(f.toString());
            var second = h.request(f.toString());
            var other = h.request(dir.resolve("g").toString());
            assertFalse(second.isDone());
            Store.Content c = ContentHasher.await(first);
            assertTrue(second.isDone(), "answered by the first");
            assertSame(c, second.get());
            assertFalse(other.isDone(), "another path's request waits for its own");
            Files.writeString(f, "two");
            var third = h.request(f.toString());
            assertFalse(third.isDone());
            assertEquals(sha1("two"), ContentHasher.await(third).sha1());
            assertEquals(List.of(2L, 0L), List.of(h.filesHashed(), h.cacheHits()));
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
            first = ContentHasher.await(h.request(f.toString()));
            s.begin();
            long run = s.addRun(new Store.Run("r1", "log", null, java.util.List.of("cat", "f"), "/", "host", "me", 1L, Machine.local()));
            long x = s.addExecution(run, new tot.model.Execution(1, 0, 1, "/", "/usr/bin/cat", java.util.List.of("cat", "f"), null,
                    new java.util.TreeMap<>(), 1L), 1);
            s.addAccess(x, f.toString(), Operation.READ, "openat", 0, 2L, first, null);
            s.finishRun(run, 3L, 0, true);
            s.commit();
        }
        try (ContentHasher later = new ContentHasher(java.util.concurrent.CompletableFuture.completedFuture(new Location.SqliteFile(db)))) {
            assertEquals(first, ContentHasher.await(later.request(f.toString())));
            assertEquals(0, later.filesHashed(), "the stored sha1 was reused, the file not read");
            assertEquals(1, later.cacheHits());
        }
        var mtime = Files.getLastModifiedTime(f);
        Thread.sleep(20);
        Files.writeString(f, "two");
        Files.setLastModifiedTime(f, mtime);
        try (ContentHasher later = new ContentHasher(java.util.concurrent.CompletableFuture.completedFuture(new Location.SqliteFile(db)))) {
            assertEquals(sha1("two"), ContentHasher.await(later.request(f.toString())).sha1(), "ctime moved: read again");
            assertEquals(1, later.filesHashed());
        }
    }

    @Test
    void whatIsNotARegularFileIsUnhashed() throws Exception {
        try (ContentHasher h = new ContentHasher()) {
            assertNull(ContentHasher.await(h.request(dir.resolve("missing").toString())));
            assertNull(ContentHasher.await(h.request(dir.toString())), "a directory");
            assertNull(ContentHasher.await(h.request("/dev/null")));
            assertNull(ContentHasher.await(h.request("/proc/self/status")));
            assertNull(ContentHasher.await(h.request("/dev/fptrace/pipe/1")));
            assertNull(ContentHasher.await(h.request("relative")));
        }
    }

    /**
     * Files are read by the bytes of their names (Java cannot name one that is not UTF-8), to the
     * end of a file longer than one read; a FIFO is never opened (it would block).
     */
    @Test
    void aNameThatIsNotUtf8IsHashedAsIsAFileOfManyReads() throws Exception {
        Process make = new ProcessBuilder("sh", "-c", "printf one > \"$1/$(printf 'caf\\351')\" && mkfifo \"$1/fifo\"", "sh",
                dir.toString()).start();
        assertEquals(0, make.waitFor());
        byte[] big = new byte[200_003];
        for (int i = 0; i < big.length; i++) big[i] = (byte) (i * 31 + i / 7);
        Path bigFile = Files.write(dir.resolve("big"), big);
        try (ContentHasher h = new ContentHasher()) {
            Store.Content latin1 = ContentHasher.await(h.request(dir + "/" + ByteStrings.decode(new byte[] {'c', 'a', 'f', (byte) 0xe9})));
            assertNotNull(latin1, "a name that is not UTF-8");
            assertEquals(sha1("one"), latin1.sha1());
            assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(big)),
                    ContentHasher.await(h.request(bigFile.toString())).sha1());
            assertNull(ContentHasher.await(h.request(dir + "/fifo")));
        }
    }

    /** settle: what was asked for before a change is hashed before it, on the calling thread. */
    @Test
    void settleHashesPendingRequestsBeforeAChange() throws Exception {
        Path f = Files.writeString(dir.resolve("f"), "before");
        try (ContentHasher h = new ContentHasher()) {
            var pending = h.request(f.toString());
            assertFalse(pending.isDone(), "a request waits for whoever needs it");
            h.settle(f.toString());
            assertTrue(pending.isDone());
            Files.writeString(f, "after!");
            assertEquals(sha1("before"), ContentHasher.await(pending).sha1());
            assertEquals(sha1("after!"), ContentHasher.await(h.request(f.toString())).sha1());
        }
    }

    /** settle of a directory (about to be renamed): the files asked for below it are hashed first, those beside it are not. */
    @Test
    void settleOfADirectoryHashesThePendingRequestsBelowIt() throws Exception {
        Files.createDirectories(dir.resolve("d/sub"));
        Path f = Files.writeString(dir.resolve("d/sub/f"), "made"), beside = Files.writeString(dir.resolve("dx"), "x");
        try (ContentHasher h = new ContentHasher()) {
            var below = h.requestMade(f.toString());
            var other = h.requestMade(beside.toString());
            h.settle(dir.resolve("d").toString());
            assertTrue(below.isDone(), "hashed before the directory moves");
            assertFalse(other.isDone(), "dx is not below d");
            Files.move(dir.resolve("d"), dir.resolve("e"));
            assertEquals(sha1("made"), ContentHasher.await(below).sha1());
        }
    }

    /**
     * A read through a symbolic link the run made and the link's own hash as an output, asked for
     * together (the link is about to be replaced: settle): the read gets the target's content; the
     * output is not followed by a root tot. The read was left unhashed (one answer for both).
     */
    @Test
    void aReadThroughALinkIsHashedWhenTheLinksOwnHashIsAskedForWithIt() throws Exception {
        Path target = Files.writeString(dir.resolve("t"), "target"), link = Files.createSymbolicLink(dir.resolve("l"), target);
        try (ContentHasher h = new ContentHasher()) {
            var made = h.requestMade(link.toString());
            var read = h.request(link.toString());
            h.settle(link.toString());
            assertEquals(sha1("target"), ContentHasher.await(read).sha1());
            if (tot.util.Fsuid.VALUE == 0) assertNull(ContentHasher.await(made), "a root tot does not follow a link the run made");
        }
    }

    /**
     * tot interrupted while it writes the run (the command has ended): the file being read (a
     * sparse 64 GiB one here, a minute's reading) and those not read yet are left unhashed at once.
     */
    @Test
    void cutShortLeavesWhatIsNotHashedUnhashed() throws Exception {
        Path big = dir.resolve("big"), small = Files.writeString(dir.resolve("small"), "x");
        try (var f = new java.io.RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(64L << 30);
        }
        try (ContentHasher hasher = new ContentHasher()) {
            var reading = hasher.request(big.toString());
            var waiting = hasher.request(small.toString());
            Thread t = Thread.ofPlatform().start(reading);
            Thread.sleep(300);
            long cutAt = System.nanoTime();
            hasher.cutShort();
            t.join(10_000);
            assertFalse(t.isAlive(), "still reading 10 s after the cut");
            assertTrue(System.nanoTime() - cutAt < 5_000_000_000L);
            assertNull(ContentHasher.await(reading));
            assertNull(ContentHasher.await(waiting), "not read at all");
            assertEquals(2, hasher.filesDropped());
        }
    }

    /**
     * A root tot does not follow a symbolic link at the name of a file the run made (a command
     * that dropped its privileges could point it at a root-only file, then read its sha1 back);
     * a file read through a link is hashed through it, and a made regular file as always.
     */
    @Test
    void aRootTotHashesNoMadeFileThroughALink() throws Exception {
        boolean root = ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue() == 0;
        Path secret = Files.writeString(dir.resolve("secret"), "1234\n"), made = Files.writeString(dir.resolve("made"), "x\n");
        Path link = Files.createSymbolicLink(dir.resolve("out.txt"), secret);
        try (ContentHasher hasher = new ContentHasher()) {
            Store.Content viaLink = ContentHasher.await(hasher.requestMade(link.toString()));
            if (root) assertNull(viaLink, "not followed");
            else assertEquals(sha1("1234\n"), viaLink.sha1());
            assertEquals(sha1("x\n"), ContentHasher.await(hasher.requestMade(made.toString())).sha1());
            assertEquals(sha1("1234\n"), ContentHasher.await(hasher.request(link.toString())).sha1(), "an input read through the link");
        }
    }
}
