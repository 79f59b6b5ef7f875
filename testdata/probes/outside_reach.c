/* Reaches a process (pid in argv[1]) the ways that would make it act for the program:
 * ptrace(PTRACE_SEIZE), process_vm_writev (at the address argv[2], hex; default 0x10, which no
 * process maps: EFAULT), /proc/PID/mem opened for writing. Prints the outcome of each ("0" or the
 * errno's name), one per line.
 * `outside_reach hold`: prints the address of a buffer of its own to write (for another
 * outside_reach's argv[2]) and waits to be killed.
 * `outside_reach child`: the same three on a child it forks (in the trace), at that buffer. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

static char buffer[8];

static void say(long r) {
    printf("%s\n", r < 0 ? (errno == EPERM ? "EPERM" : errno == EACCES ? "EACCES" : errno == EFAULT ? "EFAULT" : strerror(errno)) : "0");
}

static void reach(pid_t pid, void *address) {
    say(ptrace(PTRACE_SEIZE, pid, 0, 0));
    char byte = 'x';
    struct iovec local = {&byte, 1}, remote = {address, 1};
    say(process_vm_writev(pid, &local, 1, &remote, 1, 0));
    char mem[64];
    snprintf(mem, sizeof mem, "/proc/%d/mem", pid);
    int fd = open(mem, O_RDWR);
    say(fd);
}

int main(int argc, char **argv) {
    if (argc < 2) return 2;
    setvbuf(stdout, NULL, _IONBF, 0);
    if (strcmp(argv[1], "hold") == 0) {
        printf("%p\n", (void *) buffer);
        for (;;) pause();
    }
    if (strcmp(argv[1], "child") == 0) {
        pid_t child = fork();
        if (child == 0) {
            for (;;) pause();
        }
        usleep(100000);
        reach(child, buffer);
        kill(child, SIGKILL);
        waitpid(child, NULL, 0);
        return 0;
    }
    reach(atoi(argv[1]), argc > 2 ? (void *) strtoul(argv[2], NULL, 16) : (void *) 0x10);
    return 0;
}
