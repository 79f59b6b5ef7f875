/* Every file operation tot records, once each, in a fresh directory (the cwd). */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/fs.h>
#include <linux/io_uring.h>
#include <linux/openat2.h>

static void touch(const char *p) { close(open(p, O_WRONLY | O_CREAT | O_TRUNC, 0644)); }

int main(void) {
    touch("r1"); rename("r1", "r1.out");                                  /* rename */
    touch("r2"); renameat(AT_FDCWD, "r2", AT_FDCWD, "r2.out");            /* renameat */
    touch("r3"); syscall(SYS_renameat2, AT_FDCWD, "r3", AT_FDCWD, "r3.out", RENAME_NOREPLACE);
    syscall(SYS_renameat2, AT_FDCWD, "x1", AT_FDCWD, "x2", RENAME_EXCHANGE); /* both exist (fixtures) */
    link("in.txt", "hard1");                                              /* link */
    linkat(AT_FDCWD, "in.txt", AT_FDCWD, "hard2", 0);                     /* linkat */
    symlink("in.txt", "sym1");                                            /* symlink */
    symlinkat("in.txt", AT_FDCWD, "sym2");                                /* symlinkat */
    syscall(SYS_mknodat, AT_FDCWD, "node1", S_IFREG | 0644, 0);           /* mknodat: a regular file */
#ifdef SYS_mknod
    syscall(SYS_mknod, "fifo1", S_IFIFO | 0644, 0);                       /* mknod: a FIFO */
#else
    syscall(SYS_mknodat, AT_FDCWD, "fifo1", S_IFIFO | 0644, 0);
#endif
    mkdirat(AT_FDCWD, "root2", 0755);                                     /* openat2 RESOLVE_IN_ROOT: "/" and ".." stay in root2 */
    int rd = open("root2", O_DIRECTORY | O_RDONLY);
    struct open_how how = {.flags = O_WRONLY | O_CREAT, .mode = 0644, .resolve = RESOLVE_IN_ROOT};
    close(syscall(SYS_openat2, rd, "/../inroot.out", &how, sizeof how));
    close(rd);
    touch("u1"); unlink("u1");                                            /* unlink */
    touch("u2"); unlinkat(AT_FDCWD, "u2", 0);                             /* unlinkat */
    mkdir("d1", 0755);                                                    /* mkdir */
    mkdirat(AT_FDCWD, "d2", 0755);                                        /* mkdirat */
    rmdir("d1");                                                          /* rmdir */
    unlinkat(AT_FDCWD, "d2", AT_REMOVEDIR);                               /* unlinkat, a directory */
    mkdir("d3", 0755); close(open("d3", O_RDONLY)); rmdir("d3");          /* a directory read without O_DIRECTORY */
    close(open("pre", O_RDONLY)); rmdir("pre");                           /* the same of one there before (fixture) */
    truncate("trunc1", 0);                                                /* truncate (fixture) */
    int f = open("trunc2", O_RDONLY);                                     /* read, then */
    int w = open("trunc2", O_WRONLY);
    ftruncate(w, 0);                                                      /* ftruncate */
    close(f); close(w);
    int p = open("in.txt", O_PATH);                                       /* neither read nor write */
    close(p);
    int t = open(".", O_TMPFILE | O_WRONLY, 0644);                        /* unnamed until linked */
    write(t, "x", 1);
    linkat(t, "", AT_FDCWD, "tmpfile.out", AT_EMPTY_PATH);
    close(t);
    int m = memfd_create("scratch", 0);                                   /* not a file */
    ftruncate(m, 4096);
    int s = socket(AF_UNIX, SOCK_STREAM, 0);                              /* not a file */
    ftruncate(s, 0);
    struct io_uring_params params = {0};
    int ring = syscall(SYS_io_uring_setup, 4, &params);                   /* invisible I/O */
    if (ring >= 0) close(ring);
    return 0;
}
