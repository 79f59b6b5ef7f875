/* Installs seccomp filters of its own: one with a listener (SECCOMP_FILTER_FLAG_NEW_LISTENER), whose
 * SECCOMP_RET_USER_NOTIF would outrank a tracer's SECCOMP_RET_TRACE, and a plain one. With "wait",
 * first waits to be traced (tot attach). Prints "NAME RESULT ERRNO-NAME" per attempt. */
#define _GNU_SOURCE
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

static int traced(void) {
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    int tracer = 0;
    while (fgets(line, sizeof line, f)) if (!strncmp(line, "TracerPid:", 10)) tracer = atoi(line + 10);
    fclose(f);
    return tracer;
}

static void report(const char *name, long r) {
    printf("%s %ld %s\n", name, r < 0 ? -1L : 0L, r < 0 ? strerrorname_np(errno) : "OK");
    fflush(stdout);
}

int main(int argc, char **argv) {
    if (argc > 1 && !strcmp(argv[1], "wait")) {
        while (!traced()) usleep(10000);
        usleep(300000); /* seized, then stopped: its syscalls stop for tot from then on */
    }
    struct sock_filter f[] = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_kill, 0, 1),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_USER_NOTIF),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
    };
    struct sock_fprog p = {4, f};
    prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
    report("listener", syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_NEW_LISTENER, &p));
    f[2].k = SECCOMP_RET_ALLOW; /* no listener: the plain filter lets everything run */
    report("plain_filter", syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &p));
    return 0;
}
