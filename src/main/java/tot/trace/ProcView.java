package tot.trace;

import tot.linux.RawFiles;

/**
 * What a front-end may learn of a traced task beside its calls. The ptrace front-end reads /proc
 * while the task is stopped, so what it reads is the state of the call; the eBPF front-end
 * reads records after the fact, when /proc shows a later state, so it does not ask /proc.
 */
interface ProcView {
    /** What fd {@code fd} of {@code tid} names (a path, pipe:[N], socket:[N]…), or null. */
    String fdTarget(int tid, int fd);

    boolean fdCloexec(int tid, int fd);

    /**
     * What fd {@code fd} of {@code tid}, just copied from another process (pidfd_getfd), is open
     * on as far as tot needs it, or null when it could not be looked at: /proc at the call
     * (ptrace); after the fact (eBPF) only whether it is an io_uring ring, whose file I/O tot
     * cannot see ("" when it is not: the fd may have been closed and its number reused since).
     */
    String copiedFd(int tid, int fd);

    /**
     * The file a call without a path opened as fd {@code fd} (open_by_handle_at), or null: named
     * by /proc only while that fd is still the file the call opened, which another thread sharing
     * the fd table can replace at once (dup2). The ptrace front-end checks the fd's file has the
     * handle the call was given (read at entry, and unchanged at exit) on the mount of its mount
     * fd; the eBPF front-end that it is the device, inode and generation the kernel side saw
     * ({@link DecodedCall#fileDev}).
     */
    String openedFile(int tid, int fd, DecodedCall c);

    /**
     * The regular file fd {@code fd} of {@code tid} is open on, as the kernel holds it now (its
     * size, status-change time and inode), or null: not a regular file, or not known. The ptrace
     * front-end asks /proc while the task is stopped at the open's exit; the eBPF front-end's
     * kernel side stamps every regular file it opens, and cannot be asked after the fact.
     */
    tot.model.FileStamp fdStamp(int tid, int fd);

    /** Whether fd {@code fd} of {@code tid} is open on a directory (null: unknown). */
    Boolean fdIsDirectory(int tid, int fd);

    /** Whether fd {@code fd} of {@code tid} is open on a regular file (null: unknown). */
    Boolean fdIsRegular(int tid, int fd);

    /** Whether {@code path} names a file now, following links as an open does (null: unknown). */
    Boolean exists(String path);

    /**
     * The kernel's working directory of {@code tid} after it changed to {@code dir} (as the model
     * resolved it lexically): the kernel's differs after a symlink (`cd lnk/..`); null: unknown.
     */
    String cwd(int tid, String dir);

    /**
     * Whether a rename from {@code from} to {@code to} that succeeded did nothing: two names of
     * one file (rename then leaves both). Only a task stopped at the call can tell: after the
     * fact, the old name may have been made again.
     */
    boolean renamedOntoItself(String from, String to);

    /** /proc, for a task stopped at the call. */
    ProcView PROC = new ProcView() {
        @Override public String fdTarget(int tid, int fd) { return ProcFs.fdTarget(tid, fd); }
        @Override public boolean fdCloexec(int tid, int fd) { return ProcFs.fdCloexec(tid, fd); }
        @Override public String copiedFd(int tid, int fd) { return ProcFs.fdTarget(tid, fd); }
        @Override public String openedFile(int tid, int fd, DecodedCall c) {
            int handle = c.syscall.indexOf(tot.syscalls.Arg.FILE_HANDLE);
            return handle >= 0 && c.decoded[handle] instanceof FileHandleArg h
                    ? ProcFs.openedByHandle(tid, fd, c.intArg(c.syscall.indexOf(tot.syscalls.Arg.FD)), h) : null;
        }
        @Override public tot.model.FileStamp fdStamp(int tid, int fd) {
            RawFiles.Stat st = RawFiles.stat("/proc/" + tid + "/fd/" + fd, true);
            return st == null || !st.isRegularFile() ? null : new tot.model.FileStamp(st.size(), st.ctimeNanos(), st.ino());
        }
        @Override public Boolean fdIsDirectory(int tid, int fd) { return ProcFs.fdIsDirectory(tid, fd); }
        @Override public Boolean fdIsRegular(int tid, int fd) { return ProcFs.fdIsRegular(tid, fd); }
        @Override public Boolean exists(String path) { return RawFiles.typeAsCached(path) != RawFiles.Type.NONE; }
        @Override public String cwd(int tid, String dir) { return ProcFs.cwd(tid); }
        @Override public boolean renamedOntoItself(String from, String to) { return RawFiles.sameEntry(from, to); }
    };

    /**
     * After the fact: only the model's knowledge of fds (those it saw made), and a new working
     * directory as the file system resolves it now (a symlink changed since is the one miss).
     */
    ProcView AFTERWARDS = new ProcView() {
        @Override public String fdTarget(int tid, int fd) { return null; }
        @Override public boolean fdCloexec(int tid, int fd) { return false; }
        @Override public String copiedFd(int tid, int fd) {
            String now = ProcFs.fdTarget(tid, fd);
            return now == null ? null : now.equals("anon_inode:[io_uring]") ? now : "";
        }
        @Override public String openedFile(int tid, int fd, DecodedCall c) {
            return c.fileIno != 0 ? ProcFs.fdFileName(tid, fd, c.fileDev, c.fileIno, c.fileGeneration) : null;
        }
        @Override public tot.model.FileStamp fdStamp(int tid, int fd) { return null; }
        @Override public Boolean fdIsDirectory(int tid, int fd) { return null; }
        @Override public Boolean fdIsRegular(int tid, int fd) { return null; }
        @Override public Boolean exists(String path) { return null; }
        @Override public boolean renamedOntoItself(String from, String to) { return false; }
        @Override public String cwd(int tid, String dir) {
            if (dir == null) return null;
            try {
                return java.nio.file.Path.of(dir).toRealPath().toString();
            } catch (java.io.IOException | java.nio.file.InvalidPathException e) {
                return null;
            }
        }
    };
}
