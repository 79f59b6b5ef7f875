package tot.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RunnableFuture;
import java.util.concurrent.atomic.AtomicLong;
import tot.linux.FileSha1;
import tot.linux.RawFiles;
import tot.model.FileStamp;
import tot.store.Store.Content;

/**
 * sha1 of files, cached by (device, inode, size, mtime, ctime): shared libraries and headers are
 * read once per run. A file that is not a regular file (a pipe, a device, /proc, /sys) or that
 * vanished hashes to null. A hash is {@link #request requested} when the tracer sees the access
 * and taken by the store's writer thread when it stores the access ({@link #await}), or earlier
 * by the tracer when a tracee is about to change the file ({@link #settle}): no thread is woken
 * to hash, and whichever thread comes first does it.
 */
public final class ContentHasher implements AutoCloseable {
    /**
     * What tells a file's version apart: device, inode, size, modification and status-change
     * times. ctime cannot be set by a program (mtime can: touch -d, tar, rsync), and any write,
     * chmod or rename moves it.
     */
    private record Identity(long dev, long ino, long size, long mtimeNanos, long ctimeNanos) {
        // written out: a record's generated equals/hashCode spin method handles at their first
        // call, ~10 ms at the end of a short run that waits for its last hashes
        @Override public boolean equals(Object o) {
            return o instanceof Identity i && ino == i.ino && dev == i.dev && size == i.size && mtimeNanos == i.mtimeNanos
                    && ctimeNanos == i.ctimeNanos;
        }

        @Override public int hashCode() {
            return Long.hashCode(ino * 31 + dev) * 31 + Long.hashCode(size * 31 + mtimeNanos);
        }
    }

    private static final int ATTEMPTS = 3;

    private final Map<Identity, Content> cache = new ConcurrentHashMap<>();
    /** Path → hash jobs for it not yet done. */
    private final Map<String, List<Job>> pending = new ConcurrentHashMap<>();
    private final AtomicLong hits = new AtomicLong(), hashed = new AtomicLong(), dropped = new AtomicLong();
    /** Set when tot is interrupted while it finishes: what is not hashed yet stays unhashed. */
    private volatile boolean cut;

    /** Earlier runs' hashes, from the database once it is open; null until then or without one. */
    private final StoredContents stored;

    /** A hasher for one run, with no database to reuse hashes from. */
    public ContentHasher() {
        this(null);
    }

    /**
     * {@code database}: completes with the database once the run's writer has opened (and
     * migrated) it; from then on a file whose identity matches a stored content reuses that
     * content's sha1 instead of reading the file (a compiler, libc, headers: every run reads them).
     */
    public ContentHasher(Future<Location> database) {
        stored = database == null ? null : new StoredContents(database);
    }

    /** Loads what hashing needs ({@link FileSha1#prepare}): call it on a thread that has time. */
    public static void warmUp() {
        FileSha1.prepare();
    }

    /**
     * The content of {@code path} as it is when the job runs ({@link #await}, {@link #settle}), or
     * when an earlier request's job for the same path runs after this one was made.
     */
    public RunnableFuture<Content> request(String path) {
        return request(path, null);
    }

    /**
     * {@link #request(String)} of a file opened as {@code stamp} says: a content of another size
     * or status-change time is not the one read, and the job answers null (unhashed) instead.
     */
    public RunnableFuture<Content> request(String path, FileStamp stamp) {
        return request(new Job(path, stamp, true));
    }

    /**
     * {@link #request(String)} of a file the run made, hashed when its execution ends. A root tot
     * does not follow a symbolic link at its name (unhashed): a command that dropped its
     * privileges could point its output at a file only root may read, and read its sha1 and
     * size back from tot.db.
     */
    public RunnableFuture<Content> requestMade(String path) {
        return request(new Job(path, null, !ROOT));
    }

    private static final boolean ROOT = tot.util.Fsuid.VALUE <= 0; // not known (-1): as careful as root must be

    private RunnableFuture<Content> request(Job job) {
        String path = job.path;
        pending.compute(path, (p, jobs) -> {
            if (jobs == null) jobs = new ArrayList<>(2);
            jobs.add(job);
            return jobs;
        });
        return job;
    }

    /** Runs {@code job} unless another thread did or does (then waits for it); null: unhashed. */
    public static Content await(RunnableFuture<Content> job) throws InterruptedException {
        job.run();
        try {
            return job.get();
        } catch (ExecutionException e) {
            return null;
        }
    }

    /**
     * One hash request; leaves {@link #pending} when done. The job that hashes a path also answers
     * every other job for it requested before it began, each of which asks for the file as it is
     * at some moment after its request: the writer takes events in bursts, so a run that reads
     * the same files over and over stats each once per burst, not once per read.
     */
    private final class Job extends FutureTask<Content> {
        private final String path;
        private final FileStamp stamp;
        /** Whether a symbolic link at the name is followed. */
        private final boolean follow;

        Job(String path, FileStamp stamp, boolean follow) {
            this(path, stamp, follow, new Job[1]);
        }

        private Job(String path, FileStamp stamp, boolean follow, Job[] self) {
            super(() -> self[0].hash());
            self[0] = this;
            this.path = path;
            this.stamp = stamp;
            this.follow = follow;
        }

        /** {@code c}, if it can be the content this job's file had when opened; else null. */
        Content asOpened(Content c) {
            return c == null || stamp == null || c.size() == stamp.size() && c.ctimeNanos() == stamp.ctimeNanos() ? c : null;
        }

        /** The callable: run once, by whichever thread runs this job first. */
        private Content hash() {
            List<Job> earlier = new ArrayList<>();
            pending.computeIfPresent(path, (p, jobs) -> {
                for (Job j : jobs) if (j != this) earlier.add(j);
                return jobs;
            });
            // an answer for each way of asking: a read through a link the run made (followed) and that
            // link's own hash as an output (not followed by a root tot) are asked for together when
            // the link is about to be replaced; the output's caution must not leave the read unhashed
            boolean anyFollows = follow, anyNot = !follow;
            for (Job j : earlier) {
                anyFollows |= j.follow;
                anyNot |= !j.follow;
            }
            Content followed = anyFollows ? content(path, true) : null, notFollowed = anyNot ? content(path, false) : null;
            for (Job j : earlier) j.set(j.asOpened(j.follow ? followed : notFollowed)); // no effect on one done already
            return asOpened(follow ? followed : notFollowed);
        }

        @Override
        protected void done() {
            pending.computeIfPresent(path, (p, jobs) -> {
                jobs.remove(this);
                return jobs.isEmpty() ? null : jobs;
            });
        }
    }

    /**
     * Hashes every pending job for {@code path} now, on the calling thread (or waits for the one
     * running), and for the files below it: a directory about to be renamed takes them along
     * (`cp -a src tmp && mv tmp/sub out`: cp's outputs, asked for at its end, are gone from their
     * names once mv ran).
     */
    public void settle(String path) {
        List<Job> jobs = new ArrayList<>();
        String below = path.endsWith("/") ? path : path + "/";
        for (String p : pending.keySet()) {
            if (!p.equals(path) && !p.startsWith(below)) continue;
            pending.computeIfPresent(p, (k, js) -> {
                jobs.addAll(js);
                return js;
            });
        }
        try {
            for (Job job : jobs) await(job);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** From now on files are no longer read: each hash not done yet (and the one being read) answers null. */
    public void cutShort() {
        cut = true;
    }

    /** How many files {@link #cutShort} left unhashed. */
    public long filesDropped() {
        return dropped.get();
    }

    /** How many requests the cache answered without reading the file. */
    public long cacheHits() {
        return hits.get();
    }

    /** How many files were read and hashed. */
    public long filesHashed() {
        return hashed.get();
    }

    private Content content(String path, boolean follow) {
        if (!isHashable(path)) return null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Identity before = identity(path, follow);
            if (before == null) return null;
            Content known = cache.get(before);
            if (known == null && stored != null) {
                String sha1 = stored.sha1(before);
                if (sha1 != null) cache.put(before, known = content(sha1, before));
            }
            if (known != null) {
                hits.incrementAndGet();
                return known;
            }
            if (cut) {
                dropped.incrementAndGet();
                return null;
            }
            String sha1 = FileSha1.of(path, follow, () -> cut); // by the name's bytes: a name that is not UTF-8 too
            if (sha1 == null) {
                if (cut) dropped.incrementAndGet();
                return null;
            }
            if (before.equals(identity(path, follow))) { // unchanged while read
                hashed.incrementAndGet();
                Content c = content(sha1, before);
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

    private static Content content(String sha1, Identity id) {
        return new Content(sha1, id.size(), id.dev(), id.ino(), id.mtimeNanos(), id.ctimeNanos());
    }

    /** The identity of a regular file (following symlinks, as the open did, unless not {@code follow}), else null; one stat. */
    private static Identity identity(String path, boolean follow) {
        RawFiles.Stat st = RawFiles.stat(path, follow);
        return st == null || !st.isRegularFile() ? null : new Identity(st.dev(), st.ino(), st.size(), st.mtimeNanos(), st.ctimeNanos());
    }

    /**
     * Lookups of earlier runs' contents, on the hashing thread through a query connection of its
     * own, opened once the database is ready; any failure turns them off for this run (the file
     * is then simply read and hashed).
     */
    private static final class StoredContents {
        private final Future<Location> database;
        private final String machine = Machine.local().id();
        private StoreReader db;
        private boolean off;

        StoredContents(Future<Location> database) {
            this.database = database;
        }

        synchronized String sha1(Identity id) {
            if (off || machine == null || !database.isDone()) return null;
            try {
                if (db == null) db = StoreReader.openForLookups(database.get());
                return db.storedSha1(machine, id.dev(), id.ino(), id.size(), id.mtimeNanos(), id.ctimeNanos());
            } catch (Exception e) { // a failed open or query: no reuse, hashing goes on
                off = true;
                close();
                return null;
            }
        }

        synchronized void close() {
            off = true;
            if (db != null) db.close();
            db = null;
        }
    }

    /** Closes the connection earlier runs' hashes came from; the jobs still asked for hash without it. */
    @Override
    public void close() {
        if (stored != null) stored.close();
    }
}
