package tot.model;

/**
 * A regular file as the kernel held it when a program opened it: its size and status-change
 * time (ns), which every write, truncation, rename or chmod moves and no program can set, and
 * its inode number: another file written in the same tick of the kernel's file clock with as
 * many bytes has the same size and time, not the same inode.
 * Contents are hashed later, off the traced program's path; a file whose stamp then differs is
 * no longer the one read (rewritten, or another file renamed over it), and is left unhashed
 * rather than given another content's sha1. The eBPF engine stamps every regular file read: it
 * cannot hash before a program changes a file, as the ptrace engine does; the ptrace engine
 * stamps what a process in a root of its own opens (chroot, RESOLVE_IN_ROOT), where the name
 * tot records leads, from tot's root, through an absolute link to another file.
 */
public record FileStamp(long size, long ctimeNanos, long ino) {}
