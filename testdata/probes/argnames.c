/* Calls whose arguments strace shows by name (how, advice, prot, whence, modes, flags, clocks,
 * limits, families), with typical and odd values, and calls that return an address or a mode:
 * ArgNamesTest compares tot's events with strace's lines for the same run. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <sys/eventfd.h>
#include <sys/timerfd.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(void) {
    open("/nonexistent-start-marker", O_RDONLY);
    sigset_t s;
    sigemptyset(&s);
    syscall(SYS_rt_sigprocmask, SIG_BLOCK, NULL, NULL, 8);
    syscall(SYS_rt_sigprocmask, SIG_UNBLOCK, NULL, NULL, 8);
    syscall(SYS_rt_sigprocmask, SIG_SETMASK, NULL, NULL, 8);
    syscall(SYS_rt_sigprocmask, 7, NULL, NULL, 8);
    char *p = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    munmap(mmap(NULL, 4096, PROT_NONE, MAP_SHARED | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0), 4096);
    mprotect(p, 4096, PROT_READ);
    mprotect(p, 4096, PROT_READ | PROT_EXEC | 0x100);
    madvise(p, 4096, MADV_DONTNEED);
    madvise(p, 4096, MADV_NORMAL);
    madvise(p, 4096, 12345);
    munmap(p, 8192);
    syscall(SYS_brk, 0);
    int fd = open("/etc/hostname", O_RDONLY);
    munmap(mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 4096), 4096);
    lseek(fd, 0, SEEK_END);
    lseek(fd, 1, SEEK_SET);
    lseek(fd, 0, 9);
    access("/etc/hostname", R_OK | W_OK);
    access("/etc/hostname", F_OK);
    access("/etc/hostname", 64);
    fcntl(fd, F_SETFD, FD_CLOEXEC);
    fcntl(fd, F_GETLK, NULL);
    fcntl(fd, 1234);
    flock(fd, LOCK_SH | LOCK_NB);
    flock(fd, LOCK_UN);
    flock(fd, 0x10);
    dup3(fd, 20, O_CLOEXEC);
    int pipefd[2];
    pipe2(pipefd, O_CLOEXEC | O_NONBLOCK);
    close(socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    close(socket(AF_INET6, SOCK_DGRAM | SOCK_NONBLOCK, 0));
    socket(12345, 77, 0);
    kill(getpid(), 0);
    wait4(-1, NULL, WNOHANG | __WALL, NULL);
    syscall(SYS_clock_gettime, CLOCK_BOOTTIME, NULL);
    syscall(SYS_clock_gettime, 99, NULL);
    prlimit(0, RLIMIT_NOFILE, NULL, NULL);
    prlimit(0, 99, NULL, NULL);
    getrandom(NULL, 0, GRND_NONBLOCK);
    close(eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
    umask(022);
    umask(0);
    syscall(SYS_faccessat2, AT_FDCWD, "/etc/hostname", X_OK, AT_EACCESS | AT_SYMLINK_NOFOLLOW);
    syscall(SYS_rt_sigaction, SIGUSR2, NULL, NULL, 8);
    /* results strace decodes by fcntl command */
    fcntl(fd, F_GETFD);
    fcntl(fd, F_SETFD, 5);
    fcntl(fd, F_GETFD);
    fcntl(fd, F_GETFL);
    int null = open("/dev/null", O_WRONLY | O_APPEND);
    fcntl(null, F_GETFL);
    fcntl(fd, F_SETSIG, SIGUSR1);
    fcntl(fd, F_GETSIG);
    fcntl(fd, F_GETLEASE);
    int ends[2];
    pipe(ends);
    fcntl(ends[1], F_GETFL);
    int sealed = memfd_create("argnames", MFD_ALLOW_SEALING);
    fcntl(sealed, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW);
    fcntl(sealed, F_GET_SEALS);
    /* flags and codes */
    char *m = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    m = mremap(m, 8192, 16384, MREMAP_MAYMOVE);
    mremap(m, 16384, 16384, 0);
    msync(m, 4096, MS_ASYNC | MS_INVALIDATE);
    msync(m, 4096, 0);
    msync(m, 4096, 0x40);
    syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, NULL, NULL); /* NULL: strace would show the struct */
    syscall(SYS_clock_nanosleep, CLOCK_REALTIME, TIMER_ABSTIME, NULL, NULL);
    syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC, 8, NULL, NULL);
    close(timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK));
    timerfd_create(CLOCK_BOOTTIME, 0x10);
    for (long code = 0x1003; code < 0x1027; code++) if (code != 0x1012) syscall(SYS_arch_prctl, code, 0);
    syscall(SYS_arch_prctl, 0x1023, 18);
    syscall(SYS_arch_prctl, 0x2001, 1);
    syscall(SYS_arch_prctl, 0x9999, 1);
    /* every prctl option with zeros but those that would change what the rest sees (PR_SET_DUMPABLE 0,
     * PR_SET_SECCOMP), whose result differs under a tracer's filter (PR_GET_SECCOMP, PR_GET_NO_NEW_PRIVS)
     * or that strace decodes in ways tot does not (speculation, tagged addresses, sched_core) */
    for (long o = 0; o < 66; o++) {
        if (o != 4 && o != 21 && o != 22 && o != 39 && o != 52 && o != 55 && o != 56 && o != 62) syscall(SYS_prctl, o, 0, 0, 0, 0);
    }
    syscall(SYS_prctl, 4, 1, 0, 0, 0);
    syscall(SYS_prctl, 4, 7, 0, 0, 0);
    syscall(SYS_prctl, 1, SIGTERM, 0, 0, 0);
    syscall(SYS_prctl, 1, 200, 0, 0, 0);
    syscall(SYS_prctl, 6, 3, 0, 0, 0);
    syscall(SYS_prctl, 23, 21, 0, 0, 0);
    syscall(SYS_prctl, 23, 99, 0, 0, 0);
    syscall(SYS_prctl, 26, 1, 0, 0, 0);
    syscall(SYS_prctl, 28, 3, 0, 0, 0);
    syscall(SYS_prctl, 33, 1, 1, 0, 0);
    syscall(SYS_prctl, 35, 3, 5, 0, 0);
    syscall(SYS_prctl, 38, 1, 2, 0, 0);
    syscall(SYS_prctl, 47, 2, 21, 0, 0);
    syscall(SYS_prctl, 47, 4, 0, 0, 0);
    syscall(SYS_prctl, 53, 1, 4, 0, 0);
    syscall(SYS_prctl, 0x53564d41, 0, 0, 0, 0);
    syscall(SYS_prctl, 0x59616d61, -1, 0, 0, 0);
    syscall(SYS_prctl, 12345, 1, 2, 3, 4);
    syscall(SYS_prctl, -1L, 0, 0, 0, 0);
    syscall(SYS_prctl, 0xffffffff00000010L, 0, 0, 0, 0); /* an unsigned int: PR_GET_NAME */
    /* socket option levels and names: known levels, a level strace shows numbers for, an unknown one */
    int levels[] = {0 /* SOL_IP */, SOL_SOCKET, 6 /* SOL_TCP */, 17 /* SOL_UDP */, 41 /* SOL_IPV6 */, SOL_RAW, SOL_PACKET, SOL_NETLINK, 136, 777};
    for (int l = 0; l < (int) (sizeof levels / sizeof *levels); l++)
        for (int o = 0; o < 80; o++) syscall(SYS_setsockopt, -1, levels[l], o, NULL, 0);
    syscall(SYS_getsockopt, -1, SOL_SOCKET, SO_ERROR, NULL, NULL);
    syscall(SYS_setsockopt, -1, -1, -1, NULL, 0);
    syscall(SYS_setsockopt, -1, SOL_SOCKET, -1, NULL, 0);
    return 0;
}
