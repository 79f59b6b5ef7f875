/* Removes argv[1] through io_uring (IORING_OP_UNLINKAT), no unlink call: what --undelete cannot
 * turn into a check. Prints "NAME RESULT ERRNO-NAME" for the ring's set-up and the removal. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/io_uring.h>

static void report(const char *name, long r) {
    printf("%s %ld %s\n", name, r < 0 ? -1L : 0L, r < 0 ? strerrorname_np(errno) : "OK");
    fflush(stdout);
}

int main(int argc, char **argv) {
    struct io_uring_params p;
    memset(&p, 0, sizeof p);
    int fd = syscall(SYS_io_uring_setup, 4, &p);
    report("io_uring_setup", fd);
    if (fd < 0) return 0;
    char *sq = mmap(0, p.sq_off.array + p.sq_entries * sizeof(unsigned), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, fd, IORING_OFF_SQ_RING);
    char *cq = mmap(0, p.cq_off.cqes + p.cq_entries * sizeof(struct io_uring_cqe), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, fd, IORING_OFF_CQ_RING);
    struct io_uring_sqe *sqes = mmap(0, p.sq_entries * sizeof(struct io_uring_sqe), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, fd, IORING_OFF_SQES);
    if (sq == MAP_FAILED || cq == MAP_FAILED || sqes == MAP_FAILED) return 1;
    unsigned *tail = (unsigned *) (sq + p.sq_off.tail), *mask = (unsigned *) (sq + p.sq_off.ring_mask), *array = (unsigned *) (sq + p.sq_off.array);
    unsigned t = *tail, i = t & *mask;
    memset(&sqes[i], 0, sizeof sqes[i]);
    sqes[i].opcode = IORING_OP_UNLINKAT;
    sqes[i].fd = AT_FDCWD;
    sqes[i].addr = (unsigned long) argv[1];
    array[i] = i;
    __atomic_store_n(tail, t + 1, __ATOMIC_RELEASE);
    if (syscall(SYS_io_uring_enter, fd, 1, 1, IORING_ENTER_GETEVENTS, NULL, 0) < 0) return 1;
    unsigned head = *(unsigned *) (cq + p.cq_off.head) & *(unsigned *) (cq + p.cq_off.ring_mask);
    int res = ((struct io_uring_cqe *) (cq + p.cq_off.cqes))[head].res;
    errno = -res;
    report("uring_unlinkat", res);
    return 0;
}
