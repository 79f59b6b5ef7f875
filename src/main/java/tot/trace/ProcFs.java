package tot.trace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.SortedMap;
import tot.linux.FdDirectory;
import tot.linux.RawFiles;
import tot.util.ByteStrings;

/** What /proc says about a tracee: used for fds tot did not see opened, and after attach-like gaps. */
final class ProcFs {
    private ProcFs() {}

    /** readlink /proc/PID/fd/FD, or null when the fd is not open. */
    static String fdTarget(int pid, int fd) {
        return link("/proc/" + pid + "/fd/" + fd);
    }

    /**
     * Whether FD is open on a directory (statx through the fd's link: the file itself, even when
     * its name is gone; no file system is asked, the inode's type is in memory); null: not open.
     */
    static Boolean fdIsDirectory(int pid, int fd) {
        return fdIs(pid, fd, RawFiles.Type.DIRECTORY);
    }

    /** Whether FD is open on a regular file (as {@link #fdIsDirectory}); null: not open. */
    static Boolean fdIsRegular(int pid, int fd) {
        return fdIs(pid, fd, RawFiles.Type.FILE);
    }

    private static Boolean fdIs(int pid, int fd, RawFiles.Type type) {
        RawFiles.Type t = RawFiles.typeAsCached("/proc/" + pid + "/fd/" + fd);
        return t == RawFiles.Type.NONE ? null : t == type;
    }

    /**
     * A file's name from its /proc/PID/fd link: a removed file's link ends in " (deleted)", which
     * is no part of the name it had (null stays null).
     */
    static String fileName(String link) {
        String deleted = " (deleted)";
        return link != null && link.startsWith("/") && link.endsWith(deleted) ? link.substring(0, link.length() - deleted.length()) : link;
    }

    /**
     * Whether pidfd_getfd(pidfd, fd) by {@code tid} would copy an io_uring ring: fd {@code fd} of
     * the process pidfd {@code pidfd} names.
     */
    static boolean copiesRing(int tid, int pidfd, int fd) {
        int target = pidfdTarget(tid, pidfd);
        return target > 0 && fd >= 0 && "anon_inode:[io_uring]".equals(fdTarget(target, fd));
    }

    /**
     * The name of the file fd {@code fd} of {@code tid} is open on, when that file is the one
     * {@code handle} names on the mount of {@code mountFd} (open_by_handle_at's arguments), else
     * null. The fd's file is taken once, and its handle, mount and name all come from that one
     * take: a thread sharing the fd table that dup2()s another file onto the fd (before or after)
     * makes it fail, never name that other file. A mount fd of the kernel's own (below AT_FDCWD:
     * pidfs's root) has no /proc entry to compare. Handles of one file that the file system
     * encodes another way (with its parent's, or padded) are not recognised: the call is then
     * a warning, not a record.
     */
    static String openedByHandle(int tid, int fd, int mountFd, FileHandleArg handle) {
        tot.linux.RawFiles.FileHandle file = tot.linux.RawFiles.handle("/proc/" + tid + "/fd/" + fd);
        if (file == null || !file.sameAs(handle.type(), handle.bytes())) return null;
        if (mountFd >= 0 || mountFd == tot.linux.Linux.AT_FDCWD) {
            tot.linux.RawFiles.FileHandle mount = tot.linux.RawFiles.handle(
                    "/proc/" + tid + (mountFd == tot.linux.Linux.AT_FDCWD ? "/cwd" : "/fd/" + mountFd));
            if (mount == null || mount.mountId() != file.mountId()) return null;
        }
        return fileName(file.name());
    }

    /**
     * The name of the file fd {@code fd} of {@code pid} is open on, when that file is the one of
     * device {@code dev} (the kernel's own encoding, major << 20 | minor, as the eBPF kernel side
     * reads it), inode {@code ino} and, for a regular file on a file system that tells it,
     * generation {@code generation} (a removed file's inode number may be the next new file's
     * (ext4), its generation not); else null. The fd's file is taken once: a thread sharing the fd
     * table that dup2()s another file onto the fd between a look at its inode and a look at its
     * name cannot have that other file's name taken for this one's (handle_race.c did, once in
     * fifteen runs, when the name was read a second time).
     */
    static String fdFileName(int pid, int fd, long dev, long ino, long generation) {
        tot.linux.RawFiles.HeldFile file = tot.linux.RawFiles.held("/proc/" + pid + "/fd/" + fd);
        if (file == null) return null;
        tot.linux.RawFiles.Stat st = file.stat();
        long major = dev >>> 20, minor = dev & 0xfffff;
        if (st.ino() != ino || st.dev() != ((minor & 0xff) | (major << 8) | ((minor & ~0xffL) << 12))) return null;
        return file.generation() < 0 || file.generation() == generation ? fileName(file.name()) : null;
    }

    /** Whether FD has close-on-exec set (the "flags:" line of /proc/PID/fdinfo/FD is octal). */
    static boolean fdCloexec(int pid, int fd) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/fdinfo/" + fd))) {
                if (line.startsWith("flags:")) return (Long.parseLong(line.substring(6).trim(), 8) & 02000000) != 0;
            }
        } catch (IOException | NumberFormatException e) {
            // not open any more
        }
        return false;
    }

    /** Every open fd of PID with its target; none when the process is gone. */
    static SortedMap<Integer, String> fds(int pid) {
        SortedMap<Integer, String> out = fdsIfListed(pid);
        return out != null ? out : new TreeMap<>();
    }

    /** {@link #fds}, or null when /proc/PID/fd cannot be listed (gone, or hidden from tot). */
    static SortedMap<Integer, String> fdsIfListed(int pid) {
        int[] fds = RawFiles.numberedEntries("/proc/" + pid + "/fd");
        if (fds == null) return null;
        SortedMap<Integer, String> out = new TreeMap<>();
        for (int fd : fds) {
            String target = fdTarget(pid, fd);
            if (target != null) out.put(fd, target);
        }
        return out;
    }

    /**
     * {@link #fdsIfListed} of a process stopped just after its exec, told what tot believes
     * the exec kept ({@code believed[fd]}: tot's name for the fd; null: none). tot traps neither
     * close nor every call that makes an fd (socket, accept, eventfd…), so each believed fd is
     * asked: by its link, or, when tot names it as it names one found open already, by kcmp
     * against that one (a dup's copy is then the same open file, with the same link: a compare,
     * ~2 µs here, where listing and naming an fd make its dentry and inode, ~10 µs). Found as
     * many as the kernel counts open, those are all; else (fds tot did not see made, or a
     * kernel before 6.2, which does not count) the directory is listed for the rest.
     * After the exec the fd table is the process's own and it is stopped: nothing changes it
     * meanwhile.
     */
    static SortedMap<Integer, String> fdsAfterExec(int pid, String[] believed) {
        try (FdDirectory fds = FdDirectory.open(pid)) {
            if (fds == null) return null;
            SortedMap<Integer, String> out = new TreeMap<>();
            java.util.Map<String, Integer> foundAs = new java.util.HashMap<>(); // tot's name → an fd found open that tot names so
            for (int fd = 0; believed != null && fd < believed.length; fd++) {
                if (believed[fd] == null) continue;
                Integer open = foundAs.get(believed[fd]);
                FdDirectory.Comparison same = open == null ? FdDirectory.Comparison.UNKNOWN : fds.compare(fd, open);
                if (same == FdDirectory.Comparison.SAME) out.put(fd, out.get(open));
                else if (same != FdDirectory.Comparison.NOT_OPEN) {
                    String target = fds.link(fd);
                    if (target == null) continue;
                    out.put(fd, asBelieved(pid, fd, target, believed[fd]));
                    foundAs.put(believed[fd], fd); // the latest: a dup is made of the fd before it more often than of the first
                }
            }
            if (fds.openCount() == out.size()) return out;
            int[] listed = fds.fds();
            if (listed == null) return null;
            for (int fd : listed) {
                if (out.containsKey(fd)) continue;
                String target = fds.link(fd);
                if (target != null) out.put(fd, target);
            }
            return out;
        }
    }

    /**
     * The link of fd {@code fd} as the model takes it: tot's name {@code believed} when the fd is
     * open on the file that name names (the same file by another name: through a symbolic link,
     * /lib for /usr/lib), the link when it is another file (its number closed and taken by a
     * file received over a unix socket, which tot does not see). When tot cannot tell (its name
     * is gone, or means something else in the process's mount namespace), tot's name.
     */
    private static String asBelieved(int pid, int fd, String link, String believed) {
        if (!link.startsWith("/") || !believed.startsWith("/") || believed.startsWith(tot.model.ProcessModel.PIPE_PREFIX)
                || fileName(link).equals(believed)) {
            return link;
        }
        if (!inTotsMountNamespace(pid)) return believed;
        RawFiles.Stat named = RawFiles.stat(believed, true), open = RawFiles.stat("/proc/" + pid + "/fd/" + fd, true);
        return named != null && open != null && (named.dev() != open.dev() || named.ino() != open.ino()) ? link : believed;
    }

    /** Whether task {@code tid} sees the file system as tot does (its mount namespace); true when unknown. */
    private static boolean inTotsMountNamespace(int tid) {
        String theirs = RawFiles.readlink("/proc/" + tid + "/ns/mnt");
        return theirs == null || theirs.equals(OWN_MOUNT_NAMESPACE);
    }

    private static final String OWN_MOUNT_NAMESPACE = RawFiles.readlink("/proc/self/ns/mnt");

    /**
     * Whether task {@code tid} sees processes by the numbers tot does: it is in tot's pid
     * namespace (a child namespace numbers its own; tot is not in it). True when unknown.
     */
    static boolean inTotsPidNamespace(int tid) {
        String theirs = RawFiles.readlink("/proc/" + tid + "/ns/pid");
        return theirs == null || theirs.equals(OWN_PID_NAMESPACE);
    }

    private static final String OWN_PID_NAMESPACE = RawFiles.readlink("/proc/self/ns/pid");

    /** Whether task {@code tid} is in tot's user namespace (its uids are tot's), as far as /proc tells. */
    static boolean inTotsUserNamespace(int tid) {
        String theirs = RawFiles.readlink("/proc/" + tid + "/ns/user");
        return theirs == null || theirs.equals(OWN_USER_NAMESPACE);
    }

    private static final String OWN_USER_NAMESPACE = RawFiles.readlink("/proc/self/ns/user");

    /**
     * What uid {@code uid} of task {@code tid}'s user namespace is in tot's, by the task's
     * /proc/PID/uid_map (whose second column a reader sees in its own namespace), or -1 unmapped.
     */
    static int uidSeenByTot(int tid, int uid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + tid + "/uid_map"))) {
                String[] f = line.strip().split("\\s+");
                long inside = Long.parseLong(f[0]), outside = Long.parseLong(f[1]), count = Long.parseLong(f[2]);
                long u = Integer.toUnsignedLong(uid);
                if (u >= inside && u < inside + count) return (int) (outside + u - inside);
            }
        } catch (IOException | RuntimeException e) {
            // gone, or a map tot cannot read: unmapped
        }
        return -1;
    }

    /** The real uid of task {@code tid} (the first of /proc/PID/status's Uid:), or -1. */
    static int realUid(int tid) {
        String uids = statusField(tid, "Uid:");
        try {
            return uids == null ? -1 : Integer.parseInt(uids.strip().split("\\s+")[0]);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * The process a pidfd-like fd of PID names (a pidfd, or a /proc/N directory fd, which
     * pidfd_send_signal also takes), or -1.
     */
    static int pidfdTarget(int pid, int fd) {
        String target = fdTarget(pid, fd);
        if (target == null) return -1;
        if (target.matches("/proc/[0-9]{1,9}")) return Integer.parseInt(target.substring(6));
        if (!target.equals("anon_inode:[pidfd]")) return -1;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/fdinfo/" + fd))) {
                if (line.startsWith("Pid:")) return Integer.parseInt(line.substring(4).trim());
            }
        } catch (IOException | NumberFormatException e) {
            // closed meanwhile
        }
        return -1;
    }

    /**
     * Whether {@code id} is the id of one of tot's own bpf objects of the kind bpf command
     * {@code command} opens by id (a map, a program, a link, BTF), as tot's /proc/self/fdinfo
     * shows them (the eBPF engine's; none under ptrace).
     */
    static boolean ownBpfObject(int command, long id) {
        String key = switch (command) {
            case tot.syscalls.Syscall.BPF_PROG_GET_FD_BY_ID -> "prog_id:";
            case tot.syscalls.Syscall.BPF_MAP_GET_FD_BY_ID -> "map_id:";
            case tot.syscalls.Syscall.BPF_BTF_GET_FD_BY_ID -> "btf_id:";
            default -> "link_id:";
        };
        int[] fds = RawFiles.numberedEntries("/proc/self/fdinfo");
        if (id < 0 || fds == null) return false;
        for (int fd : fds) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/self/fdinfo/" + fd))) {
                    if (line.startsWith(key) && line.substring(key.length()).trim().equals(Long.toString(id))) return true;
                }
            } catch (IOException | java.io.UncheckedIOException e) {
                // closed meanwhile, or not text
            }
        }
        return false;
    }

    /** The process (thread group) task {@code tid} belongs to, or -1 when it is gone. */
    static int threadGroup(int tid) {
        String tgid = statusField(tid, "Tgid:");
        try {
            return tgid == null ? -1 : Integer.parseInt(tgid);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The ids of PID's threads; empty when it is gone. */
    static java.util.Set<Integer> tasks(int pid) {
        java.util.Set<Integer> out = new java.util.HashSet<>();
        int[] tids = RawFiles.numberedEntries("/proc/" + pid + "/task");
        if (tids != null) for (int tid : tids) out.add(tid);
        return out;
    }

    static String exe(int pid) {
        return link("/proc/" + pid + "/exe");
    }

    static List<String> cmdline(int pid) {
        List<String> out = cmdlineIfRead(pid);
        return out != null ? out : new ArrayList<>();
    }

    /** {@link #cmdline}, or null when it cannot be read (gone). */
    static List<String> cmdlineIfRead(int pid) {
        List<String> out = new ArrayList<>();
        try {
            byte[] b = Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline"));
            int start = 0;
            for (int i = 0; i < b.length; i++) {
                if (b[i] == 0) {
                    out.add(ByteStrings.decode(java.util.Arrays.copyOfRange(b, start, i)));
                    start = i + 1;
                }
            }
        } catch (IOException e) {
            return null;
        }
        return out;
    }

    /** readlink (the target's bytes kept, see RawFiles), or null when the link is gone. */
    private static String link(String path) {
        return RawFiles.readlink(path);
    }

    /**
     * The process's working directory, or null when /proc cannot say: the process is gone, or
     * the path is longer than readlink returns (a page).
     */
    static String cwd(int pid) {
        return link("/proc/" + pid + "/cwd");
    }

    /** The SigIgn mask of /proc/PID/status (bit N-1 = signal N), or 0. */
    static long ignoredSignals(int pid) {
        String mask = statusField(pid, "SigIgn:");
        try {
            return mask == null ? 0 : Long.parseUnsignedLong(mask, 16);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Whether process {@code pid} is ptraced by a thread of process {@code tracer} (TracerPid names a thread). */
    static boolean tracedByProcess(int pid, int tracer) {
        String field = statusField(pid, "TracerPid:");
        if (field == null || field.equals("0")) return false;
        return field.equals(Integer.toString(tracer)) || Files.exists(Path.of("/proc/" + tracer + "/task/" + field));
    }

    /** The value of field {@code name} (with its colon) of /proc/PID/status, trimmed; null when it is gone. */
    private static String statusField(int pid, String name) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith(name)) return line.substring(name.length()).trim();
            }
        } catch (IOException e) {
            // gone
        }
        return null;
    }

    /**
     * From /proc/PID/stat: {startstack (where argc is), env_start, env_end} of the program it
     * runs, or null when it is gone or the kernel does not say (before Linux 3.5).
     */
    static long[] stackAndEnvironment(int pid) {
        String[] f = stat(Integer.toString(pid));
        // fields 28, 50 and 51 of proc(5), counted from 1; f[0] is field 3 (state)
        if (f == null || f.length < 49) return null;
        try {
            return new long[] {Long.parseUnsignedLong(f[25]), Long.parseUnsignedLong(f[47]), Long.parseUnsignedLong(f[48])};
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * The fields of /proc/PROC/stat after the command name (which may hold spaces and parentheses),
     * from field 3 (the state) on; null when the process is gone.
     */
    static String[] stat(String proc) {
        try {
            String stat = Files.readString(Path.of("/proc/" + proc + "/stat"));
            int after = stat.lastIndexOf(')');
            return after < 0 || after + 2 >= stat.length() ? null : stat.substring(after + 2).strip().split(" ");
        } catch (IOException e) {
            return null;
        }
    }
}
