/*
 * The fd table an exec leaves, after changes tot does not see: close is not trapped by default,
 * nor socket() or recvmsg(), so a number closed and used again by them looks unchanged to tot.
 * A child (fork) sets up, then execs `true FDS`; every number is checked here, so the test's
 * expectations hold. Run in a directory with a.txt ... e.txt.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static void expect(int fd, int want, const char *what) {
    if (fd != want) {
        fprintf(stderr, "exec_fds: %s got fd %d, not %d\n", what, fd, want);
        exit(2);
    }
}

/* Sends fd over s (SCM_RIGHTS). */
static void send_fd(int s, int fd) {
    char byte = 0, control[CMSG_SPACE(sizeof(int))] = {0};
    struct iovec io = {&byte, 1};
    struct msghdr m = {.msg_iov = &io, .msg_iovlen = 1, .msg_control = control, .msg_controllen = sizeof control};
    struct cmsghdr *c = CMSG_FIRSTHDR(&m);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(c), &fd, sizeof(int));
    if (sendmsg(s, &m, 0) != 1) exit(3);
}

/* Receives an fd from s: it takes the lowest free number, as an open would. */
static int receive_fd(int s) {
    char byte, control[CMSG_SPACE(sizeof(int))];
    struct iovec io = {&byte, 1};
    struct msghdr m = {.msg_iov = &io, .msg_iovlen = 1, .msg_control = control, .msg_controllen = sizeof control};
    if (recvmsg(s, &m, 0) != 1) exit(4);
    int fd;
    memcpy(&fd, CMSG_DATA(CMSG_FIRSTHDR(&m)), sizeof(int));
    return fd;
}

int main(void) {
    syscall(SYS_close_range, 3, ~0U, 0); /* whatever it was started with */
    /* in the parent: copies of one open file, which the child inherits */
    expect(open("a.txt", O_RDONLY), 3, "a.txt");
    for (int fd = 4; fd <= 12; fd++) expect(dup(3), fd, "dup of a.txt");
    pid_t child = fork();
    if (child == 0) {
        close(4); expect(socket(AF_UNIX, SOCK_STREAM, 0), 4, "socket over a copy");       /* 4: a socket */
        int pair[2];
        close(6); close(7);
        if (socketpair(AF_UNIX, SOCK_STREAM, 0, pair) != 0) return 5;
        expect(pair[0], 6, "socketpair"); expect(pair[1], 7, "socketpair");
        expect(open("b.txt", O_RDONLY | O_CLOEXEC), 13, "b.txt");
        send_fd(pair[0], 13);
        close(13); close(8);
        expect(receive_fd(pair[1]), 8, "b.txt received");                                  /* 8: b.txt */
        close(6); close(7); close(5);
        expect(open("c.txt", O_RDONLY | O_CLOEXEC), 5, "c.txt");                            /* 5: gone */
        expect(open("d.txt", O_RDONLY | O_CLOEXEC), 6, "d.txt");
        close(6); expect(socket(AF_UNIX, SOCK_STREAM, 0), 6, "socket over close-on-exec"); /* 6: a socket */
        expect(open("e.txt", O_RDONLY), 7, "e.txt");
        expect(dup2(7, 9), 9, "dup2 onto a copy");                                          /* 9: e.txt */
        close(7); close(12);                                                                /* 12: gone */
        expect(socket(AF_UNIX, SOCK_STREAM, 0), 7, "socket at a free number");              /* 7: a socket */
        expect(dup2(3, 14), 14, "dup2 of a.txt");                                           /* 14: a.txt */
        execl("/bin/true", "true", "FDS", (char *)0);
        return 6;
    }
    int status;
    waitpid(child, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 7;
}
