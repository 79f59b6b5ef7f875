/* Calls whose arguments strace shows by name (how, advice, prot, whence, modes, flags, clocks,
 * limits, families), with typical and odd values, and calls that return an address or a mode:
 * ArgNamesTest compares tot's events with strace's lines for the same run. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <sys/eventfd.h>
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
    return 0;
}
