package tot.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import tot.store.Store.Content;

/**
 * sha1 of files, on a thread of its own so tracees are not slowed. Results are cached by
 * (device, inode, size, mtime): shared libraries and headers are read once per run. A
 * file that is not a regular file (a pipe, a device, /proc, /sys) or that vanished hashes to
 * null. {@link #settle} lets the tracer make sure a file is hashed before a tracee changes it.
 */
public final class ContentHasher implements AutoCloseable {
    /** What tells a file's version apart: (device, inode) as the JDK's file key, size, mtime. */
    private record Identity(Object fileKey, long size, long mtimeNanos) {
        // written out: a record's generated equals/hashCode spin method handles at their first
        // call, ~10 ms at the end of a short run that waits for its last hashes
        @Override public boolean equals(Object o) {
            return o instanceof Identity i && size == i.size && mtimeNanos == i.mtimeNanos && Objects.equals(fileKey, i.fileKey);
        }

        @Override public int hashCode() {
            return Objects.hashCode(fileKey) * 31 + Long.hashCode(size * 31 + mtimeNanos);
        }
    }

    private static final int ATTEMPTS = 3;

    private final ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(), r -> Thread.ofPlatform().name("tot-hash").daemon().unstarted(r));
    private final Map<Identity, Content> cache = new ConcurrentHashMap<>();
    /** Path → hash jobs for it not yet done. */
    private final Map<String, List<Job>> pending = new ConcurrentHashMap<>();
    private final AtomicLong hits = new AtomicLong(), hashed = new AtomicLong();

    public ContentHasher() {
        // the first SHA-1 digest loads the security providers (~15 ms): on the hashing thread
        // now, while the traced command starts, not when a short run's last hashes are awaited
        pool.execute(() -> sha1Digest());
    }

    /** The content of {@code path} as it is when the job runs (soon; or at {@link #settle}). */
    public Future<Content> hash(String path) {
        return hash(List.of(path)).getFirst();
    }

    /**
     * {@link #hash(String)} of each path, hashed in order by one task: a task per path would
     * wake the hashing thread once per file read (a cross-CPU wake-up each, ~35 per process of
     * a shell loop, more than the hashing itself).
     */
    public List<Future<Content>> hash(List<String> paths) {
        List<Job> batch = new ArrayList<>(paths.size());
        for (String path : paths) {
            Job job = new Job(path);
            pending.compute(path, (p, jobs) -> {
                if (jobs == null) jobs = new ArrayList<>(2);
                jobs.add(job);
                return jobs;
            });
            batch.add(job);
        }
        if (!batch.isEmpty()) pool.execute(() -> batch.forEach(Job::run)); // a job settle() ran already is a no-op
        return List.copyOf(batch);
    }

    /** One hash request; leaves {@link #pending} when done. */
    private final class Job extends FutureTask<Content> {
        private final String path;

        Job(String path) {
            super(() -> content(path));
            this.path = path;
        }

        @Override
        protected void done() {
            pending.computeIfPresent(path, (p, jobs) -> {
                jobs.remove(this);
                return jobs.isEmpty() ? null : jobs;
            });
        }
    }

    /** Hashes every pending job for {@code path} now, on the calling thread (or waits for the running one). */
    public void settle(String path) {
        List<Job> jobs = new ArrayList<>();
        pending.computeIfPresent(path, (p, js) -> {
            jobs.addAll(js);
            return js;
        });
        for (Job job : jobs) {
            job.run(); // no-op when the pool thread has it or did it
            try {
                job.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException e) {
                // recorded as unhashed by whoever waits for it
            }
        }
    }

    /** How many requests the cache answered without reading the file. */
    public long cacheHits() {
        return hits.get();
    }

    /** How many files were read and hashed. */
    public long filesHashed() {
        return hashed.get();
    }

    private Content content(String name) throws IOException {
        if (!isHashable(name)) return null;
        Path path;
        try {
            path = Path.of(name);
        } catch (InvalidPathException e) {
            return null;
        }
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Identity before = identity(path);
            if (before == null) return null;
            Content known = cache.get(before);
            if (known != null) {
                hits.incrementAndGet();
                return known;
            }
            String sha1 = sha1(path);
            if (sha1 == null) return null;
            Identity after = identity(path);
            long[] devIno = devIno(path);
            if (before.equals(after) && devIno != null) { // unchanged while read
                hashed.incrementAndGet();
                Content c = new Content(sha1, before.size(), devIno[0], devIno[1], before.mtimeNanos());
                cache.put(before, c);
                return c;
            }
        }
        return null; // changing all the time: unhashed
    }

    /** Only absolute paths outside the pseudo file systems, and not tot's pipe names. */
    private static boolean isHashable(String path) {
        return path.startsWith("/") && !path.startsWith("/proc/") && !path.startsWith("/sys/")
                && !path.startsWith("/dev/");
    }

    /** The identity of a regular file (following symlinks, as the open did), else null. */
    private static Identity identity(Path path) {
        try {
            BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
            if (!a.isRegularFile()) return null;
            return new Identity(a.fileKey(), a.size(), a.lastModifiedTime().to(TimeUnit.NANOSECONDS));
        } catch (IOException | SecurityException e) {
            return null;
        }
    }

    /** Device and inode numbers, for the record (read only when a file is hashed). */
    private static long[] devIno(Path path) {
        try {
            Map<String, Object> a = Files.readAttributes(path, "unix:dev,ino");
            return new long[] {(Long) a.get("dev"), (Long) a.get("ino")};
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | SecurityException e) {
            return null;
        }
    }

    private static final ThreadLocal<ByteBuffer> BUFFERS = ThreadLocal.withInitial(() -> ByteBuffer.allocate(1 << 16));

    private static MessageDigest sha1Digest() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha1(Path path) {
        MessageDigest md = sha1Digest();
        ByteBuffer buf = BUFFERS.get();
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            while (true) {
                buf.clear();
                if (ch.read(buf) < 0) break;
                buf.flip();
                md.update(buf);
            }
        } catch (IOException | SecurityException e) {
            return null; // vanished, unreadable
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** Waits for the jobs already asked for, then stops the thread. */
    @Override
    public void close() {
        pool.shutdown();
        try {
            pool.awaitTermination(1, TimeUnit.DAYS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
