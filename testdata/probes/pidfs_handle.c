/* A root program gets pidfds for its parent (tot) without pidfd_open, which tot refuses: a pidfs
 * file handle (Linux 6.13+) holds only the pid's inode number, and counting down from its own
 * pidfd's finds tot's process and threads. Through such a pidfd pidfd_getfd would copy tot's fds
 * (the eBPF engine's maps, its guard's listener). Prints "NAME RESULT ERRNO-NAME" per attempt,
 * or "pidfs_handle -1 ERRNO" when this kernel (or this user) cannot open pids by handle. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

static void report(const char *name, long r) {
    printf("%s %ld %s\n", name, r < 0 ? -1L : 0L, r < 0 ? strerrorname_np(errno) : "OK");
    fflush(stdout);
}

/* The process a pidfd names, from its fdinfo, or -1. */
static int pid_of(int pidfd) {
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/self/fdinfo/%d", pidfd);
    FILE *f = fopen(path, "r");
    if (!f) return -1;
    int pid = -1;
    while (fgets(line, sizeof line, f)) if (strncmp(line, "Pid:", 4) == 0) pid = atoi(line + 4);
    fclose(f);
    return pid;
}

int main(void) {
    pid_t tot = getppid();
    int self = syscall(SYS_pidfd_open, getpid(), 0);
    struct { struct file_handle fh; unsigned char bytes[64]; } h = {.fh.handle_bytes = 64};
    int mount_id;
    if (self < 0 || syscall(SYS_name_to_handle_at, self, "", &h.fh, &mount_id, AT_EMPTY_PATH) != 0 || h.fh.handle_bytes != 8) {
        report("pidfs_handle", -1);
        return 0;
    }
    unsigned long long own;
    memcpy(&own, h.fh.f_handle, 8);
    int leader = -1, thread = -1;
    char task[64];
    for (unsigned long long ino = own - 1; ino > 0 && own - ino < 200000 && (leader < 0 || thread < 0); ino--) {
        memcpy(h.fh.f_handle, &ino, 8);
        int fd = syscall(SYS_open_by_handle_at, self, &h.fh, O_RDONLY);
        if (fd < 0) continue;
        int pid = pid_of(fd);
        snprintf(task, sizeof task, "/proc/%d/task/%d", tot, pid);
        if (pid == tot && leader < 0) leader = fd;
        else if (pid > 0 && pid != tot && thread < 0 && access(task, F_OK) == 0) thread = fd;
        else close(fd);
    }
    if (leader < 0 || thread < 0) {
        errno = ESRCH;
        report("pidfs_handle", -1);
        return 0;
    }
    report("pidfs_handle", 0);
    report("pidfd_getfd", syscall(SYS_pidfd_getfd, leader, 0, 0));
    report("pidfd_getfd_thread", syscall(SYS_pidfd_getfd, thread, 0, 0));
    struct iovec iov = {(void *) ((unsigned long) &main & ~4095UL), 4096}; /* this program's page: tot has its own there or none */
    report("process_madvise", syscall(SYS_process_madvise, leader, &iov, 1, MADV_COLD, 0));
    report("process_mrelease", syscall(SYS_process_mrelease, leader, 0));
    report("pidfd_send_signal_thread", syscall(SYS_pidfd_send_signal, thread, SIGSTOP, NULL, 0));
    /* the same calls through its own pidfd are not refused */
    report("pidfd_getfd_self", syscall(SYS_pidfd_getfd, self, 1, 0));
    report("process_madvise_self", syscall(SYS_process_madvise, self, &iov, 1, MADV_COLD, 0));
    return 0;
}
