/* Installs a seccomp filter of its own that asks a tracer for getpid and openat (SECCOMP_RET_TRACE):
 * with no tracer of its own, the kernel fails them with ENOSYS. Prints what they returned. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

int main(void) {
    struct sock_filter f[] = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_openat, 2, 0),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_getpid, 1, 0),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRACE | 0x1234),
    };
    struct sock_fprog p = {5, f};
    prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
    if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &p) != 0) { perror("seccomp"); return 1; }
    long pid = syscall(SYS_getpid);
    int pid_errno = errno;
    int fd = open("own_seccomp.txt", O_RDONLY);
    int fd_errno = errno;
    printf("getpid=%ld (errno %d) open=%d (errno %d)\n", pid, pid < 0 ? pid_errno : 0, fd, fd < 0 ? fd_errno : 0);
    return 0;
}
