/* A traced program that turns on its tracer: tot is its parent, so each call aims at tot.
 * Prints one line per attempt: "NAME RESULT ERRNO-NAME" (RESULT -1 when refused). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>
#include <linux/perf_event.h>

static void report(const char *name, long r) {
    printf("%s %ld %s\n", name, r < 0 ? -1L : 0L, r < 0 ? strerrorname_np(errno) : "OK");
    fflush(stdout);
}

/* The cgroup v2 directory process pid is in (the unified hierarchy, also under a hybrid layout), or -1. */
static int cgroup_of(pid_t pid) {
    char line[4096], path[4200];
    snprintf(path, sizeof path, "/proc/%d/cgroup", pid);
    FILE *f = fopen(path, "r");
    if (!f) return -1;
    int fd = -1;
    while (fd < 0 && fgets(line, sizeof line, f)) {
        if (strncmp(line, "0::", 3) != 0) continue;
        line[strcspn(line, "\n")] = 0;
        const char *roots[] = {"/sys/fs/cgroup/unified", "/sys/fs/cgroup"};
        for (int i = 0; i < 2 && fd < 0; i++) {
            snprintf(path, sizeof path, "%s%s", roots[i], line + 3);
            fd = open(path, O_RDONLY | O_DIRECTORY);
            if (fd >= 0 && faccessat(fd, "cgroup.procs", F_OK, 0) != 0) {
                close(fd);
                fd = -1;
            }
        }
    }
    fclose(f);
    return fd;
}

int main(void) {
    pid_t tot = getppid();
    char path[64];
    report("ptrace_attach", ptrace(PTRACE_ATTACH, tot, 0, 0));
    report("ptrace_seize", ptrace(PTRACE_SEIZE, tot, 0, 0));
    report("kill_stop", kill(tot, SIGSTOP));
    report("kill_zero", kill(tot, 0));
    report("tgkill_stop", syscall(SYS_tgkill, tot, tot, SIGSTOP));
    report("tkill_stop", syscall(SYS_tkill, tot, SIGSTOP));
    char buf[8];
    struct iovec local = {buf, sizeof buf}, remote = {(void *) 0x400000, sizeof buf};
    report("process_vm_readv", process_vm_readv(tot, &local, 1, &remote, 1, 0));
    report("pidfd_open", syscall(SYS_pidfd_open, tot, 0));
    struct rlimit lim = {1, 1};
    report("prlimit_nofile", prlimit(tot, RLIMIT_NOFILE, &lim, NULL));
    struct perf_event_attr attr = {.size = sizeof attr, .type = PERF_TYPE_SOFTWARE, .config = PERF_COUNT_SW_CPU_CLOCK,
                                   .sample_period = 100000, .sample_type = PERF_SAMPLE_REGS_USER | PERF_SAMPLE_STACK_USER,
                                   .sample_regs_user = 0xff, .sample_stack_user = 8192}; /* tot's registers and stack */
    report("perf_event_open", syscall(SYS_perf_event_open, &attr, tot, -1, -1, 0));
    report("perf_event_open_cgroup", syscall(SYS_perf_event_open, &attr, cgroup_of(tot), 0, -1, PERF_FLAG_PID_CGROUP)); /* tot's cgroup */
    report("setpriority", setpriority(PRIO_PROCESS, tot, 19));
    report("setpriority_pgrp", setpriority(PRIO_PGRP, getpgid(tot), 19));  /* tot's group: tot too */
    report("ioprio_set_pgrp", syscall(SYS_ioprio_set, 2, getpgid(tot), 2 << 13 | 7)); /* IOPRIO_WHO_PGRP, best effort 7 */
    int pp[2];
    pipe(pp);
    report("fcntl_setown", fcntl(pp[0], F_SETOWN, tot));                  /* its SIGIO (or F_SETSIG's) to tot */
    struct f_owner_ex owner = {F_OWNER_PID, tot};                         /* the same, named in memory */
    report("fcntl_setown_ex", fcntl(pp[0], F_SETOWN_EX, &owner));
    int sp[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, sp);
    int own = tot;
    report("ioctl_fiosetown", ioctl(sp[0], FIOSETOWN, &own));
    snprintf(path, sizeof path, "/proc/%d/mem", tot);
    report("open_mem", open(path, O_RDONLY));
    snprintf(path, sizeof path, "/proc/%d/./mem", tot);                   /* dirfd -1: ignored for an absolute path */
    report("open_mem_dirfd", openat(-1, path, O_RDONLY));
    snprintf(path, sizeof path, "/proc/%d/task/%d/mem", tot, tot);
    report("open_task_mem", open(path, O_RDWR));
    snprintf(path, sizeof path, "/proc/%d/fd/1", tot);
    report("open_fd", open(path, O_WRONLY));
    snprintf(path, sizeof path, "/proc/%d/oom_score_adj", tot);
    report("open_oom_write", open(path, O_WRONLY));
    snprintf(path, sizeof path, "/proc/%d/status", tot);
    report("open_status", open(path, O_RDONLY));
    snprintf(path, sizeof path, "/proc/%d", tot);
    int dir = open(path, O_RDONLY | O_DIRECTORY);
    report("open_proc_dir", dir);
    report("pidfd_send_signal_procdir", syscall(SYS_pidfd_send_signal, dir, SIGSTOP, NULL, 0));
    /* the same calls aimed at this process itself are not refused */
    report("kill_self_zero", kill(getpid(), 0));
    report("setpriority_own_pgrp", setpriority(PRIO_PGRP, 0, 1));        /* its own group (the command's) */
    report("prlimit_self", prlimit(getpid(), RLIMIT_NOFILE, NULL, &lim));
    report("fcntl_setown_self", fcntl(pp[0], F_SETOWN, getpid()));
    struct f_owner_ex self = {F_OWNER_TID, gettid()};
    report("fcntl_setown_ex_self", fcntl(pp[0], F_SETOWN_EX, &self));
    own = getpid();
    report("ioctl_fiosetown_self", ioctl(sp[0], FIOSETOWN, &own));
    return 0;
}
