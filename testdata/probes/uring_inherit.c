/*
 * io_uring rings made outside the traced program, then used by it with no io_uring_setup:
 *   hold FD CMD...      makes a ring at fd FD (inheritable) and execs CMD (tot: the command inherits it)
 *   lend FD CMD...      makes a ring at fd FD (close-on-exec), runs CMD as a child and waits for it:
 *                       the ring stays in this process (HOLDER=its pid in CMD's environment)
 *   unlink FD PATH      removes PATH through the ring at fd FD (IORING_OP_UNLINKAT)
 *   steal FD PATH       copies fd FD of process $HOLDER (pidfd_getfd), then removes PATH through it
 * The ring's geometry travels in URING_PARAMS (struct io_uring_params in hex). Prints
 * "NAME RESULT ERRNO-NAME" for each step.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/io_uring.h>

static void report(const char *name, long r) {
    printf("%s %ld %s\n", name, r < 0 ? -1L : 0L, r < 0 ? strerrorname_np(errno) : "OK");
    fflush(stdout);
}

static int make_ring(int want, int cloexec) {
    struct io_uring_params p;
    memset(&p, 0, sizeof p);
    int fd = syscall(SYS_io_uring_setup, 4, &p);
    if (fd < 0 || dup3(fd, want, cloexec ? O_CLOEXEC : 0) < 0) {
        perror("io_uring_setup");
        exit(1);
    }
    close(fd);
    char hex[2 * sizeof p + 1];
    for (size_t i = 0; i < sizeof p; i++) sprintf(hex + 2 * i, "%02x", ((unsigned char *) &p)[i]);
    setenv("URING_PARAMS", hex, 1);
    return want;
}

static void unlink_through(int fd, const char *path) {
    struct io_uring_params p;
    const char *hex = getenv("URING_PARAMS");
    if (!hex || strlen(hex) != 2 * sizeof p) exit(2);
    for (size_t i = 0; i < sizeof p; i++) sscanf(hex + 2 * i, "%2hhx", &((unsigned char *) &p)[i]);
    char *sq = mmap(0, p.sq_off.array + p.sq_entries * sizeof(unsigned), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, fd, IORING_OFF_SQ_RING);
    char *cq = mmap(0, p.cq_off.cqes + p.cq_entries * sizeof(struct io_uring_cqe), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, fd, IORING_OFF_CQ_RING);
    struct io_uring_sqe *sqes = mmap(0, p.sq_entries * sizeof(struct io_uring_sqe), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, fd, IORING_OFF_SQES);
    if (sq == MAP_FAILED || cq == MAP_FAILED || sqes == MAP_FAILED) exit(3);
    unsigned *tail = (unsigned *) (sq + p.sq_off.tail), *mask = (unsigned *) (sq + p.sq_off.ring_mask), *array = (unsigned *) (sq + p.sq_off.array);
    unsigned t = *tail, i = t & *mask;
    memset(&sqes[i], 0, sizeof sqes[i]);
    sqes[i].opcode = IORING_OP_UNLINKAT;
    sqes[i].fd = AT_FDCWD;
    sqes[i].addr = (unsigned long) path;
    array[i] = i;
    __atomic_store_n(tail, t + 1, __ATOMIC_RELEASE);
    if (syscall(SYS_io_uring_enter, fd, 1, 1, IORING_ENTER_GETEVENTS, NULL, 0) < 0) exit(4);
    unsigned head = *(unsigned *) (cq + p.cq_off.head) & *(unsigned *) (cq + p.cq_off.ring_mask);
    int res = ((struct io_uring_cqe *) (cq + p.cq_off.cqes))[head].res;
    errno = -res;
    report("uring_unlinkat", res);
}

int main(int argc, char **argv) {
    if (argc < 4) return 2;
    int fd = atoi(argv[2]);
    if (!strcmp(argv[1], "hold")) {
        make_ring(fd, 0);
        execvp(argv[3], argv + 3);
        return 127;
    }
    if (!strcmp(argv[1], "lend")) {
        make_ring(fd, 1);
        char pid[16];
        snprintf(pid, sizeof pid, "%d", getpid());
        setenv("HOLDER", pid, 1);
        pid_t child = fork();
        if (child == 0) {
            execvp(argv[3], argv + 3);
            _exit(127);
        }
        int status;
        waitpid(child, &status, 0);
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    if (!strcmp(argv[1], "unlink")) {
        unlink_through(fd, argv[3]);
        return 0;
    }
    if (!strcmp(argv[1], "steal")) {
        int pidfd = syscall(SYS_pidfd_open, atoi(getenv("HOLDER")), 0);
        int copy = pidfd < 0 ? -1 : syscall(SYS_pidfd_getfd, pidfd, fd, 0);
        report("pidfd_getfd", copy);
        if (copy >= 0) unlink_through(copy, argv[3]);
        return 0;
    }
    return 2;
}
